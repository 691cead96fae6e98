#include "interpreter/cli/cli_support.hpp"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fmt/format.h>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>
#include <unistd.h>

#include "dsl/diagnostics.hpp"
#include "interpreter/checker.hpp"
#include "interpreter/lints.hpp"

namespace clause::cli {

std::FILE* open_for_reading(const std::string& path, std::string& error) {
  std::error_code code;
  if (std::filesystem::is_directory(path, code)) {
    error = fmt::format("{}: is a directory, not a file", path);
    return nullptr;
  }
  std::FILE* file = std::fopen(path.c_str(), "rb");
  if (!file) error = fmt::format("{}: cannot read: {}", path, std::strerror(errno));
  return file;
}

std::optional<std::string> read_file(const std::string& path, std::string& error) {
  std::error_code code;
  if (std::filesystem::is_directory(path, code)) {
    error = fmt::format("{}: is a directory, not a file", path);
    return std::nullopt;
  }
  std::ifstream file(path, std::ios::binary);
  if (!file) {
    error = fmt::format("{}: cannot read: {}", path, std::strerror(errno));
    return std::nullopt;
  }
  std::ostringstream text;
  text << file.rdbuf();
  return std::move(text).str();
}

LoadedPolicy load_and_report(const std::string& path, std::FILE* out, bool show_warnings, LintLevel lint) {
  LoadedPolicy loaded;
  std::string error;
  auto text = read_source_file(path, error);
  if (!text) {
    fmt::print(out, "error: {}\n", error);
    loaded.errors = 1;
    loaded.unreadable = true;
    return loaded;
  }
  auto source = std::make_shared<const SourceFile>(path, std::move(*text));
  Diagnostics diagnostics;
  loaded.program = load_policy(source, diagnostics);
  if (loaded.program && !diagnostics.has_errors()) lint_program(*loaded.program, diagnostics, lint);
  bool color = out == stderr ? isatty(STDERR_FILENO) : isatty(STDOUT_FILENO);
  for (const Diagnostic& diagnostic : diagnostics.all()) {
    if (diagnostic.severity != Severity::error && !show_warnings) continue;
    fmt::print(out, "{}", render(diagnostic, *source, color));
  }
  loaded.errors = diagnostics.count(Severity::error);
  loaded.warnings = diagnostics.count(Severity::warning);
  loaded.notes = diagnostics.count(Severity::note);
  return loaded;
}

Language pick_language(const std::string& option, const CheckedProgram& program) {
  if (auto chosen = language_from_name(option)) return *chosen;
  return language_from_name(program.policy.language).value_or(Language::zh);
}

bool is_single_document(const std::string& path) { return path.size() >= 5 && path.ends_with(".json"); }

std::optional<std::string> read_source_file(const std::string& path, std::string& error) {
  std::error_code code;
  if (std::uintmax_t size = std::filesystem::file_size(path, code); !code && size > max_source_bytes) {
    error = fmt::format("{}: the file is {} bytes; a policy file may have at most {} bytes (4 MiB)", path, size,
                        max_source_bytes);
    return std::nullopt;
  }
  std::optional<std::string> text = read_file(path, error);
  if (text && text->size() > max_source_bytes) {  // not a regular file: measured once read
    error = fmt::format("{}: the file is {} bytes; a policy file may have at most {} bytes (4 MiB)", path,
                        text->size(), max_source_bytes);
    return std::nullopt;
  }
  return text;
}

std::optional<std::string> read_facts_text(const std::string& path, std::string& error) {
  if (path != "-") return read_file(path, error);
  return std::string(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
}

bool for_each_facts_record(const std::string& path, std::string& error,
                           const std::function<void(int line, std::string_view text)>& on_record) {
  std::optional<std::string> content = read_facts_text(path, error);
  if (!content) return false;
  const std::string& text = *content;
  if (is_single_document(path)) {
    on_record(1, text);
    return true;
  }
  for_each_json_line(text, on_record);
  return true;
}

}  // namespace clause::cli
