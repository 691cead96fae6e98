// clause check POLICY... [--lint | --no-lint]: every error, warning and note, with file:line:col and a caret.
// The lints about the numbers (cliffs, units, caps) run unless --no-lint; those
// about how the policy is written (unused names, labels, quotes) with --lint.

#include <fmt/format.h>

#include "interpreter/cli/cli_support.hpp"
#include "interpreter/cli/commands.hpp"

namespace clause::cli {

void add_check_command(CLI::App& app, int& exit_status) {
  auto* command = app.add_subcommand("check", "Check policy files: syntax, names, types and units, brackets, tables; "
                                    "and warn about numbers probably not meant: cliffs, units, caps");
  auto paths = std::make_shared<std::vector<std::string>>();
  auto lint = std::make_shared<bool>(false);
  auto no_lint = std::make_shared<bool>(false);
  command->add_option("POLICY", *paths, "policy files (.clause)")->required();
  auto* all = command->add_flag("--lint", *lint,
                                "also warn about how the policy is written: unused parameters and facts, measures "
                                "without article label or quoted text");
  command->add_flag("--no-lint", *no_lint,
                    "no lints at all: not even those about the numbers (cliffs, units that look off, caps that "
                    "never or always bind), which run by default")
      ->excludes(all);
  command->callback([paths, lint, no_lint, &exit_status] {
    LintLevel level = *no_lint ? LintLevel::none : *lint ? LintLevel::all : LintLevel::numbers;
    int total_errors = 0;
    bool unreadable = false;
    for (const std::string& path : *paths) {
      LoadedPolicy loaded = load_and_report(path, stdout, true, level);
      total_errors += loaded.errors;
      unreadable = unreadable || loaded.unreadable;
      fmt::print("{}: {} error(s), {} warning(s), {} note(s)\n", path, loaded.errors, loaded.warnings, loaded.notes);
    }
    exit_status = unreadable ? exit_usage : total_errors > 0 ? exit_failed : exit_ok;
  });
}

}  // namespace clause::cli
