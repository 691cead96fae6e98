#pragma once
// One enterprise under two sets of rules (a baseline and a what-if): each
// measure before and after, and for every measure whose amount changed, both
// whys, each step beside the policy line it comes from.

#include <string>
#include <vector>

#include "interpreter/checked_program.hpp"
#include "interpreter/evaluation_result.hpp"
#include "interpreter/explanation.hpp"

namespace clause {

// A value the what-if changed, written for people: "cloud_high_rate: 20% → 30%".
struct ChangedValue {
  std::string name;  // "cloud_high_rate", "facts.cloud_fee"
  std::string before;
  std::string after;
};

std::string comparison_text(const EvaluationResult& before, const EvaluationResult& after, const CheckedProgram& program,
                            Language language);
// {"id","year","total":{"before","after","difference"},"measures":[{"article","before","after","difference"}],
//  "before":<result>,"after":<result>}
std::string comparison_json(const EvaluationResult& before, const EvaluationResult& after, Language language);

// "scenario NAME: TITLE" and one line per changed value.
std::string scenario_heading(const std::string& name, const std::string& title, const std::vector<ChangedValue>& changes,
                             Language language);

}  // namespace clause
