// clause whatif POLICY FACTS (--set NAME=VALUE... | --scenario FILE [--name S]):
// the baseline against the what-if. For a population, the budget per article
// before and after and who gains or loses; for one enterprise (.json), each
// measure before and after with both whys.

#include <fmt/format.h>


#include "interpreter/cli/cli_support.hpp"
#include "interpreter/cli/commands.hpp"
#include "interpreter/cli/population_input.hpp"
#include "interpreter/output_file.hpp"
#include "interpreter/cli/what_if_options.hpp"
#include "interpreter/enterprise_comparison.hpp"
#include "interpreter/impact_writer.hpp"
#include "interpreter/record_set.hpp"
#include "interpreter/result_writer.hpp"
#include "interpreter/value_format.hpp"
#include "interpreter/what_if_impact.hpp"

namespace clause::cli {
namespace {

struct WhatIfCommandOptions {
  std::string policy;
  std::string facts;
  WhatIfOptions what_if;
  std::string format;  // table, json, csv
  std::string language;
  std::string output;
  int top = 5;
  int threads = 0;
};

// One enterprise: both evaluations with their whys.
int compare_enterprise(const std::shared_ptr<const CheckedProgram>& program, const CheckedScenario& scenario,
                       const WhatIfCommandOptions& options, const std::string& text, OutputFile& output) {
  Language language = pick_language(options.language, *program);
  FactsReader reader(program->schema);
  RecordSet records = RecordSet::from_document(text, reader);
  const ReadRecord& record = records.records().front();
  if (!record.ok()) {
    output.write(fmt::format("line {}: {}\n", record.line, record.error));
    return exit_failed;
  }
  Evaluator baseline(program);
  Evaluator what_if(program, scenario_parameters(*program, scenario));
  ReadRecord changed{record.line, Value(std::make_shared<const RecordValue>(with_facts(record.facts.as_record(), scenario))), {}};
  RecordOutcome before = evaluate_read_record(baseline, record, true);
  RecordOutcome after = evaluate_read_record(what_if, changed, true);
  std::vector<ChangedValue> changes = changed_parameters(*program, scenario);
  for (ChangedValue& fact : changed_facts(*program, scenario, record.facts.as_record())) changes.push_back(std::move(fact));
  for (const RecordOutcome* outcome : {&before, &after}) {
    if (outcome->ok) continue;
    output.write(fmt::format("line {}: {}\n", outcome->line, outcome->error));
    return exit_failed;
  }
  if (options.format == "json") {
    output.write(fmt::format("{{\"scenario\":{},\"comparison\":{}}}\n", scenario_json(scenario, changes),
                             comparison_json(before.result, after.result, language)));
  } else {
    output.write(scenario_heading(scenario.name, scenario.title, changes, language) + "\n" +
                 comparison_text(before.result, after.result, *program, language));
  }
  return exit_ok;
}

// A population: the budget before and after.
int compare_population(const std::shared_ptr<const CheckedProgram>& program, const CheckedScenario& scenario,
                       const WhatIfCommandOptions& options, PopulationInput& input, OutputFile& output) {
  if (!scenario.facts.empty()) {
    fmt::print(stderr, "error: scenario {} sets facts, which is for one enterprise (a .json file), not a population\n",
               scenario.name);
    return exit_usage;
  }
  Language language = pick_language(options.language, *program);
  Impact impact = what_if_impact(program, scenario, input.stream(), static_cast<std::size_t>(options.top),
                                 options.threads, [&](long lines) { input.report(lines); });
  input.finish();
  bool zh = language == Language::zh;
  if (options.format == "json") {
    output.write(what_if_impact_json(*program, scenario, impact) + "\n");
  } else if (options.format == "csv") {
    output.write(impact_csv(impact));
  } else {
    output.write(scenario_heading(scenario.name, scenario.title, changed_parameters(*program, scenario), language) + "\n" +
                 impact_table(impact, ImpactLabels{zh ? "基线" : "baseline", zh ? "情景" : "scenario"}, language));
  }
  return impact.bad_lines() > 0 ? exit_failed : exit_ok;
}

int run_whatif(const WhatIfCommandOptions& options) {
  LoadedPolicy loaded = load_and_report(options.policy, stderr, false);
  if (!loaded.program || loaded.errors > 0) return loaded.failure_status();
  if (options.what_if.settings.empty() && options.what_if.scenario_file.empty()) {
    fmt::print(stderr, "error: nothing to compare: give --set NAME=VALUE or --scenario FILE\n");
    return exit_usage;
  }
  int status = exit_ok;
  auto scenario = load_what_if(*loaded.program, options.what_if, status);
  if (!scenario) return status;
  bool single = is_single_document(options.facts);
  if (!single && !scenario->facts.empty()) {
    fmt::print(stderr, "error: scenario {} sets facts, which is for one enterprise (a .json file), not a population\n",
               scenario->name);
    return exit_usage;
  }
  if (single && options.format == "csv") {
    fmt::print(stderr, "error: --format csv is for a population; for one enterprise use table or json\n");
    return exit_usage;
  }
  // One enterprise is read whole; a population is streamed, so its size does not matter.
  std::string error;
  std::optional<std::string> text;
  PopulationInput population;
  if (single) text = read_facts_text(options.facts, error);
  if (single ? !text : !population.open(options.facts, error)) {
    fmt::print(stderr, "error: {}\n", error);
    return exit_usage;
  }
  OutputFile output;
  if (!output.open(options.output, error)) {
    fmt::print(stderr, "error: {}\n", error);
    return exit_usage;
  }
  int result = single ? compare_enterprise(loaded.program, *scenario, options, *text, output)
                      : compare_population(loaded.program, *scenario, options, population, output);
  if (!output.commit(error)) {
    fmt::print(stderr, "error: {}\n", error);
    return exit_usage;
  }
  return result;
}

}  // namespace

void add_whatif_command(CLI::App& app, int& exit_status) {
  auto* command = app.add_subcommand(
      "whatif", "Compare the policy as written with a what-if: over a population (.jsonl) or for one enterprise (.json)");
  auto options = std::make_shared<WhatIfCommandOptions>();
  command->add_option("POLICY", options->policy, "policy file (.clause)")->required();
  command->add_option("FACTS", options->facts, "facts: a .json object, a .jsonl population, or - for standard input")->required();
  add_set_option(*command, options->what_if);
  add_scenario_options(*command, options->what_if);
  command->add_option("--format", options->format, "table (default), json or csv (csv: a population only)")
      ->check(CLI::IsMember({"table", "json", "csv"}));
  command->add_option("--lang", options->language, "zh or en (default: the policy's language)")->check(CLI::IsMember({"zh", "en"}));
  command->add_option("--top", options->top, "how many of the largest gains and losses to list (default 5)")->check(CLI::Range(0, 1000));
  command->add_option("-o,--output", options->output, "write to FILE: the whole output or nothing");
  command->add_option("--threads", options->threads, "worker threads (default: one per core)")->check(CLI::Range(1, 256));
  command->callback([options, &exit_status] { exit_status = run_whatif(*options); });
}

}  // namespace clause::cli
