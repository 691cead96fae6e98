#pragma once
// Scenarios: what-ifs written in Clause, in a file of their own beside the policy.
//
//   scenario 云服务提标 "云服务高档叠加比例由 20% 提至 30%" {
//     set cloud_high_rate = 30%
//     set facts.cloud_fee = 8万     # for a one-enterprise what-if
//   }
//
// Each setting is checked against the policy: a parameter or fact it has, a
// value of its type and unit.

#include <optional>
#include <string>
#include <vector>

#include "dsl/diagnostics.hpp"
#include "interpreter/checked_program.hpp"
#include "interpreter/parameter_override.hpp"

namespace clause {

struct FactSetting {
  int field = -1;  // index in the facts record
  Value value;
};

struct CheckedScenario {
  std::string name;
  std::string title;
  std::vector<ParameterSetting> parameters;
  std::vector<FactSetting> facts;
};

// Every scenario of a parsed scenario file, checked against the policy. Reports
// E0801 for anything else in the file (or no scenario at all), E0105 for a name
// used twice, E0006 for a setting repeated within a scenario.
std::vector<CheckedScenario> check_scenarios(const CheckedProgram& policy, const syntax::Program& file,
                                             Diagnostics& diagnostics);

// The scenario of that name; nullptr when there is none.
const CheckedScenario* find_scenario(const std::vector<CheckedScenario>& scenarios, std::string_view name);

// The enterprise's facts with the scenario's fact settings applied.
RecordValue with_facts(const RecordValue& facts, const CheckedScenario& scenario);

}  // namespace clause
