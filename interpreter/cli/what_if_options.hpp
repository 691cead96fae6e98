#pragma once
// The options that describe a what-if, shared by eval, explain, whatif and sweep:
// `--set NAME=VALUE` (repeatable) and `--scenario FILE [--name S]`.

#include <optional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "interpreter/checked_program.hpp"
#include "interpreter/scenario.hpp"

namespace clause::cli {

struct WhatIfOptions {
  std::vector<std::string> settings;  // NAME=VALUE, in the order given
  std::string scenario_file;
  std::string scenario_name;
};

void add_set_option(CLI::App& command, WhatIfOptions& options);
void add_scenario_options(CLI::App& command, WhatIfOptions& options);

// The scenario the options describe: the one named in the file (or the file's
// only one), with the --set settings on top. Diagnostics go to standard error;
// on failure, nullopt and `status` says why: 2 for a bad --set or --name or an
// unreadable file, 1 for errors in the scenario file.
std::optional<CheckedScenario> load_what_if(const CheckedProgram& program, const WhatIfOptions& options, int& status);

// The evaluator's parameter values for the scenario.
std::vector<Value> scenario_parameters(const CheckedProgram& program, const CheckedScenario& scenario);

}  // namespace clause::cli
