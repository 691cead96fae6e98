// clause check POLICY... [--lint]: every error, warning and note, with file:line:col and a caret.

#include <fmt/format.h>

#include "interpreter/cli/cli_support.hpp"
#include "interpreter/cli/commands.hpp"

namespace clause::cli {

void add_check_command(CLI::App& app, int& exit_status) {
  auto* command = app.add_subcommand("check", "Check policy files: syntax, names, types and units, brackets, tables");
  auto paths = std::make_shared<std::vector<std::string>>();
  auto lint = std::make_shared<bool>(false);
  command->add_option("POLICY", *paths, "policy files (.clause)")->required();
  command->add_flag("--lint", *lint,
                    "also warn about what is legal but probably not meant: cliffs, unused parameters and facts, "
                    "measures without label or quoted text, units that look off");
  command->callback([paths, lint, &exit_status] {
    int total_errors = 0;
    bool unreadable = false;
    for (const std::string& path : *paths) {
      LoadedPolicy loaded = load_and_report(path, stdout, true, *lint);
      total_errors += loaded.errors;
      unreadable = unreadable || loaded.unreadable;
      fmt::print("{}: {} error(s), {} warning(s), {} note(s)\n", path, loaded.errors, loaded.warnings, loaded.notes);
    }
    exit_status = unreadable ? exit_usage : total_errors > 0 ? exit_failed : exit_ok;
  });
}

}  // namespace clause::cli
