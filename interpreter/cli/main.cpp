// clause: check, evaluate and explain subsidy policies written in Clause.

#include <CLI/CLI.hpp>

#include "interpreter/cli/cli_support.hpp"
#include "interpreter/cli/commands.hpp"

int main(int argc, char** argv) {
  CLI::App app{"Clause: subsidy policies as rules you can check, evaluate and explain", "clause"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "clause 0.1.0");
  int exit_status = clause::cli::exit_ok;
  clause::cli::add_check_command(app, exit_status);
  clause::cli::add_eval_command(app, exit_status);
  clause::cli::add_explain_command(app, exit_status);
  clause::cli::add_diff_command(app, exit_status);
  clause::cli::add_whatif_command(app, exit_status);
  clause::cli::add_sweep_command(app, exit_status);
  clause::cli::add_test_command(app, exit_status);
  clause::cli::add_fmt_command(app, exit_status);
  clause::cli::add_serve_command(app, exit_status);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    int status = app.exit(error);
    return status == 0 ? 0 : clause::cli::exit_usage;
  }
  return exit_status;
}
