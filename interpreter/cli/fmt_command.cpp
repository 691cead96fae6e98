// clause fmt FILE... [--check]: every policy in one layout (dsl/layout_formatter.hpp).

#include <fmt/format.h>

#include "dsl/layout_formatter.hpp"
#include "dsl/parser.hpp"
#include "interpreter/cli/cli_support.hpp"
#include "interpreter/cli/commands.hpp"
#include "interpreter/output_file.hpp"

namespace clause::cli {
namespace {

struct FmtOptions {
  std::vector<std::string> paths;
  bool check = false;
};

// Layout only changes white space: if anything else differs, the formatter is wrong,
// and the file is left alone rather than risk its meaning.
bool same_apart_from_blanks(std::string_view before, std::string_view after) {
  auto next = [](std::string_view text, std::size_t& at) {
    while (at < text.size() && (text[at] == ' ' || text[at] == '\t' || text[at] == '\r' || text[at] == '\n')) ++at;
    return at < text.size() ? text[at++] : '\0';
  };
  std::size_t i = 0, j = 0;
  while (true) {
    char a = next(before, i);
    char b = next(after, j);
    if (a != b) return false;
    if (a == '\0') return true;
  }
}

// 0 unchanged, 1 changed (or would change), 2 not formatted.
int format_file(const std::string& path, bool check) {
  std::string error;
  auto text = read_file(path, error);
  if (!text) {
    fmt::print(stderr, "error: {}\n", error);
    return exit_usage;
  }
  SourceFile source(path, *text);
  Diagnostics diagnostics;
  parse_program(source, diagnostics);
  if (diagnostics.has_errors()) {
    fmt::print(stderr, "error: {}: not formatted: it has a syntax error (run clause check)\n", path);
    return exit_usage;
  }
  std::string formatted = format_layout(*text);
  if (formatted == *text) return exit_ok;
  if (!same_apart_from_blanks(*text, formatted)) {
    fmt::print(stderr, "error: {}: not formatted: the layout would change more than white space\n", path);
    return exit_usage;
  }
  if (check) {
    fmt::print("{}: not formatted\n", path);
    return exit_failed;
  }
  OutputFile output;
  if (!output.open(path, error)) {
    fmt::print(stderr, "error: {}\n", error);
    return exit_usage;
  }
  output.write(formatted);
  if (!output.commit(error)) {
    fmt::print(stderr, "error: {}\n", error);
    return exit_usage;
  }
  fmt::print("{}: formatted\n", path);
  return exit_failed;
}

int run_fmt(const FmtOptions& options) {
  bool changed = false;
  bool failed = false;
  for (const std::string& path : options.paths) {
    int status = format_file(path, options.check);
    changed = changed || status == exit_failed;
    failed = failed || status == exit_usage;
  }
  if (failed) return exit_usage;
  // Rewriting files is what fmt is for; only --check reports them as a failure.
  return changed && options.check ? exit_failed : exit_ok;
}

}  // namespace

void add_fmt_command(CLI::App& app, int& exit_status) {
  auto* command = app.add_subcommand("fmt", "Lay policy files out one way: indentation, blank lines, trailing blanks");
  auto options = std::make_shared<FmtOptions>();
  command->add_option("FILE", options->paths, "policy files (.clause), rewritten in place")->required();
  command->add_flag("--check", options->check, "change nothing; name the files that are not formatted and exit 1");
  command->callback([options, &exit_status] { exit_status = run_fmt(*options); });
}

}  // namespace clause::cli
