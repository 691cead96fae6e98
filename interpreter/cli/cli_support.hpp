#pragma once
// What every subcommand shares: reading files, loading a policy and printing its
// diagnostics, reading facts one record at a time.

#include <cstdio>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "interpreter/checked_program.hpp"
#include "interpreter/explanation.hpp"
#include "interpreter/facts_reader.hpp"
#include "interpreter/lints.hpp"

namespace clause::cli {

// Exit statuses shared by the subcommands.
inline constexpr int exit_ok = 0;
inline constexpr int exit_failed = 1;   // errors in the policy, bad facts lines
inline constexpr int exit_usage = 2;    // a file that cannot be read, bad arguments

// The file opened for reading, or null with an error naming the path.
std::FILE* open_for_reading(const std::string& path, std::string& error);

// The whole file, or an error message naming the path ("is a directory", "no such file").
std::optional<std::string> read_file(const std::string& path, std::string& error);
// The same for a policy file, refused beyond max_source_bytes.
std::optional<std::string> read_source_file(const std::string& path, std::string& error);

struct LoadedPolicy {
  std::shared_ptr<const CheckedProgram> program;
  int errors = 0;
  int warnings = 0;
  int notes = 0;
  bool unreadable = false;  // the file itself could not be read

  // The exit status when the policy cannot be used: 2 for an unreadable file, 1 for errors in it.
  int failure_status() const { return unreadable ? 2 : 1; }
};

// Parses and checks; prints every diagnostic to `out`. The program is null when
// the file cannot be read. A policy without errors is also linted as `lint`
// says (interpreter/lints.hpp).
LoadedPolicy load_and_report(const std::string& path, std::FILE* out, bool show_warnings,
                             LintLevel lint = LintLevel::none);

// The language to explain in: the option if given, else the policy's own.
Language pick_language(const std::string& option, const CheckedProgram& program);

// Calls on_record(line, text) for each record of FACTS: a .json file is one record
// (line 0), anything else (.jsonl, '-' for standard input) one per non-blank line.
bool for_each_facts_record(const std::string& path, std::string& error,
                           const std::function<void(int line, std::string_view text)>& on_record);

bool is_single_document(const std::string& path);

// The whole text of a facts file, or of standard input for '-'.
std::optional<std::string> read_facts_text(const std::string& path, std::string& error);

}  // namespace clause::cli
