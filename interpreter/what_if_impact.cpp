#include "interpreter/what_if_impact.hpp"

#include <fmt/format.h>

#include "interpreter/impact_writer.hpp"
#include "interpreter/parameter_override.hpp"
#include "interpreter/population.hpp"
#include "interpreter/result_writer.hpp"
#include "interpreter/value_format.hpp"

namespace clause {

std::vector<ChangedValue> changed_parameters(const CheckedProgram& program, const CheckedScenario& scenario) {
  std::vector<ChangedValue> changes;
  for (const ParameterSetting& setting : scenario.parameters) {
    const CheckedParam& param = program.params[static_cast<std::size_t>(setting.param)];
    changes.push_back({param.name, format_value(param.value, param.type, program.schema),
                       format_value(setting.value, param.type, program.schema)});
  }
  return changes;
}

std::vector<ChangedValue> changed_facts(const CheckedProgram& program, const CheckedScenario& scenario,
                                        const RecordValue& facts) {
  std::vector<ChangedValue> changes;
  for (const FactSetting& setting : scenario.facts) {
    const FieldSchema& field = program.schema.facts().fields[static_cast<std::size_t>(setting.field)];
    changes.push_back({"facts." + field.name,
                       format_value(facts.fields[static_cast<std::size_t>(setting.field)], field.type, program.schema),
                       format_value(setting.value, field.type, program.schema)});
  }
  return changes;
}

std::string scenario_json(const CheckedScenario& scenario, const std::vector<ChangedValue>& changes) {
  std::string settings;
  for (const ChangedValue& change : changes) {
    settings += fmt::format("{}{{\"name\":{},\"before\":{},\"after\":{}}}", settings.empty() ? "" : ",",
                            json_string(change.name), json_string(change.before), json_string(change.after));
  }
  return fmt::format("{{\"name\":{},\"title\":{},\"settings\":[{}]}}", json_string(scenario.name),
                     json_string(scenario.title), settings);
}

Impact what_if_impact(const std::shared_ptr<const CheckedProgram>& program, const CheckedScenario& scenario,
                      const RecordSet& records, std::size_t top, int threads) {
  Evaluator baseline(program);
  Evaluator what_if(program, parameter_values(*program, scenario.parameters));
  Impact impact(top);
  evaluate_records(records, {&baseline, &what_if}, threads, false,
                   [&](std::span<const RecordOutcome> outcomes) { impact.add(outcomes[0], outcomes[1]); });
  return impact;
}

Impact what_if_impact(const std::shared_ptr<const CheckedProgram>& program, const CheckedScenario& scenario,
                      std::FILE* input, std::size_t top, int threads,
                      const std::function<void(long lines_done)>& progress) {
  Evaluator baseline(program);
  Evaluator what_if(program, parameter_values(*program, scenario.parameters));
  FactsReader reader(program->schema);
  PopulationOptions options;
  options.threads = threads;
  options.explain = false;
  options.observe_results = true;  // the impact compares both results of each record
  PopulationRunner runner({{&baseline, &reader}, {&what_if, &reader}}, options);
  Impact impact(top);
  runner.run_versions(
      input, [&](std::span<const RecordOutcome> outcomes) { impact.add(outcomes[0], outcomes[1]); }, progress);
  return impact;
}

std::string what_if_impact_json(const CheckedProgram& program, const CheckedScenario& scenario, const Impact& impact) {
  return fmt::format("{{\"scenario\":{},\"impact\":{}}}", scenario_json(scenario, changed_parameters(program, scenario)),
                     impact_json(impact));
}

}  // namespace clause
