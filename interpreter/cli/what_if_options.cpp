#include "interpreter/cli/what_if_options.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include "dsl/parser.hpp"
#include "interpreter/cli/cli_support.hpp"
#include "interpreter/parameter_override.hpp"

namespace clause::cli {
namespace {

void print_diagnostics(const Diagnostics& diagnostics, const SourceFile& source) {
  bool color = isatty(STDERR_FILENO);
  for (const Diagnostic& diagnostic : diagnostics.all()) fmt::print(stderr, "{}", render(diagnostic, source, color));
}

// The scenario of the file the options name; nullopt (with `status`) when it cannot be used.
std::optional<CheckedScenario> scenario_from_file(const CheckedProgram& program, const WhatIfOptions& options, int& status) {
  std::string error;
  auto text = read_file(options.scenario_file, error);
  if (!text) {
    fmt::print(stderr, "error: {}\n", error);
    status = exit_usage;
    return std::nullopt;
  }
  SourceFile source(options.scenario_file, std::move(*text));
  Diagnostics diagnostics;
  syntax::Program file = parse_program(source, diagnostics);
  std::vector<CheckedScenario> scenarios;
  if (!diagnostics.has_errors()) scenarios = check_scenarios(program, file, diagnostics);
  diagnostics.sort_by_position();
  print_diagnostics(diagnostics, source);
  if (diagnostics.has_errors()) {
    status = exit_failed;
    return std::nullopt;
  }
  std::vector<std::string> names;
  for (const CheckedScenario& scenario : scenarios) names.push_back(scenario.name);
  if (options.scenario_name.empty()) {
    if (scenarios.size() == 1) return scenarios.front();
    fmt::print(stderr, "error: {} has {} scenarios ({}): choose one with --name\n", options.scenario_file, scenarios.size(),
               fmt::join(names, ", "));
    status = exit_usage;
    return std::nullopt;
  }
  if (const CheckedScenario* chosen = find_scenario(scenarios, options.scenario_name)) return *chosen;
  fmt::print(stderr, "error: {} has no scenario {}; it has {}\n", options.scenario_file, options.scenario_name,
             fmt::join(names, ", "));
  status = exit_usage;
  return std::nullopt;
}

}  // namespace

void add_set_option(CLI::App& command, WhatIfOptions& options) {
  command.add_option("--set", options.settings,
                     "NAME=VALUE: another value for a parameter of the policy, e.g. cloud_high_rate=25% (repeatable)")
      ->allow_extra_args(false);
}

void add_scenario_options(CLI::App& command, WhatIfOptions& options) {
  command.add_option("--scenario", options.scenario_file, "a scenario file written in Clause");
  command.add_option("--name", options.scenario_name, "which scenario of the file (needed when it has several)");
}

std::optional<CheckedScenario> load_what_if(const CheckedProgram& program, const WhatIfOptions& options, int& status) {
  CheckedScenario scenario;
  if (!options.scenario_file.empty()) {
    auto from_file = scenario_from_file(program, options, status);
    if (!from_file) return std::nullopt;
    scenario = std::move(*from_file);
  } else if (!options.scenario_name.empty()) {
    fmt::print(stderr, "error: --name chooses a scenario of the --scenario file; no file was given\n");
    status = exit_usage;
    return std::nullopt;
  }
  bool bad = false;
  for (const std::string& argument : options.settings) {
    SourceFile source("--set", argument);
    Diagnostics diagnostics;
    auto setting = parse_parameter_setting(program, source, diagnostics);
    print_diagnostics(diagnostics, source);
    if (!setting) {
      bad = true;
      continue;
    }
    scenario.parameters.push_back(std::move(*setting));
  }
  if (bad) {
    status = exit_usage;
    return std::nullopt;
  }
  if (scenario.name.empty()) scenario.name = fmt::format("{}", fmt::join(options.settings, " "));
  return scenario;
}

std::vector<Value> scenario_parameters(const CheckedProgram& program, const CheckedScenario& scenario) {
  return parameter_values(program, scenario.parameters);
}

}  // namespace clause::cli
