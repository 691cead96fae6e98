#pragma once
// The subcommands of `clause`, each a short composition of the pipeline's stages.

#include <CLI/CLI.hpp>

namespace clause::cli {

// Registers the subcommand on `app`; `exit_status` receives its result when it runs.
void add_check_command(CLI::App& app, int& exit_status);
void add_eval_command(CLI::App& app, int& exit_status);
void add_explain_command(CLI::App& app, int& exit_status);
void add_diff_command(CLI::App& app, int& exit_status);
void add_whatif_command(CLI::App& app, int& exit_status);
void add_sweep_command(CLI::App& app, int& exit_status);
void add_test_command(CLI::App& app, int& exit_status);
void add_fmt_command(CLI::App& app, int& exit_status);
void add_serve_command(CLI::App& app, int& exit_status);

}  // namespace clause::cli
