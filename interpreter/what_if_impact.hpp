#pragma once
// A what-if over a population, as `clause whatif` and the workbench both show it:
// the records evaluated under the policy as written and under the scenario, the
// impact added up, and the values the scenario changed, written for people.

#include <cstdio>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "interpreter/checked_program.hpp"
#include "interpreter/enterprise_comparison.hpp"
#include "interpreter/impact.hpp"
#include "interpreter/record_set.hpp"
#include "interpreter/scenario.hpp"

namespace clause {

// Each parameter the scenario sets: its value in the policy and in the scenario.
std::vector<ChangedValue> changed_parameters(const CheckedProgram& program, const CheckedScenario& scenario);
// Each fact the scenario sets: its value in `facts` and in the scenario ("facts.cloud_fee").
std::vector<ChangedValue> changed_facts(const CheckedProgram& program, const CheckedScenario& scenario,
                                        const RecordValue& facts);

// {"name","title","settings":[{"name","before","after"}]}
std::string scenario_json(const CheckedScenario& scenario, const std::vector<ChangedValue>& changes);

// Every record under the policy as written (before) and under the scenario's
// parameters (after), on `threads` threads (0: one per core), keeping the `top`
// largest gains and losses. Throws DecimalOverflow when a budget goes beyond the exact range.
Impact what_if_impact(const std::shared_ptr<const CheckedProgram>& program, const CheckedScenario& scenario,
                      const RecordSet& records, std::size_t top, int threads);
// The same over JSON Lines streamed from `input`: each record read once and
// evaluated both ways while in cache, in memory that stays flat however long
// the input (the workbench, which asks many what-ifs of one population, keeps a RecordSet).
// `progress` is told the lines done after each batch.
Impact what_if_impact(const std::shared_ptr<const CheckedProgram>& program, const CheckedScenario& scenario,
                      std::FILE* input, std::size_t top, int threads,
                      const std::function<void(long lines_done)>& progress = {});

// {"scenario":...,"impact":...}: what `clause whatif --format json` prints for a population.
std::string what_if_impact_json(const CheckedProgram& program, const CheckedScenario& scenario, const Impact& impact);

}  // namespace clause
