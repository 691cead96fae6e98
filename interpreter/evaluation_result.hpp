#pragma once
// The result of evaluating a policy for one set of facts: an amount per measure
// with its why, the benefits granted, and the total.
//
// A why is a list of steps. Each step is a kind plus its values already written
// out ("35000.00", "10%"); explanation.cpp words it in Chinese or English, so the
// evaluator never deals in prose.

#include <string>
#include <utility>
#include <vector>

#include "dsl/source.hpp"
#include "stdlib/decimal.hpp"

namespace clause {

enum class WhyKind {
  not_in_force,         // year, from, to
  outside_window,       // year, from, to: the measure's own validity window
  let_value,            // name, expression text, values, result
  condition_met,        // condition text, values
  condition_failed,     // condition text, values
  no_items,             // list text
  kept_highest,         // kept item, dropped items, key text
  item_amount,          // item (its field values), project, amount
  amount,               // expression text, values, result
  bracket_chosen,       // subject text, subject value, range, hit policy, the other brackets' amounts
  bracket_none,         // subject text, subject value
  bracket_otherwise,    // subject text, subject value
  tier_applied,         // range, part, rate, amount
  table_cell,           // table, keys, value
  table_not_covered,    // table, keys
  rounded,              // before, after, mode, digits
  negative_amount,      // the negative amount the formula gave
  stacks_on,            // what it is paid on top of (叠加)
  stacking_dropped,     // stacking article, project, item's amount, kept article, kept amount
  stacking_tie,         // stacking article, project, amount, kept article
  stacking_other_award, // stacking article, project, item's amount, other amount, other policy
  cap_applied,          // cap text, cap value, before, after
  cap_not_reached,      // cap text, cap value, amount
  cumulative_cap,       // limit, paid before, left, before, after
  total_cap_reduced,    // article, limit, remaining before, before, after
  total_cap_exhausted,  // article, limit, before
};
inline constexpr int why_kind_count = static_cast<int>(WhyKind::total_cap_exhausted) + 1;

struct WhyStep {
  WhyKind kind;
  std::vector<std::string> values;
  Span span;  // the source the step comes from
};

// A step's values, moved in: an initializer list would copy every string.
template <typename... Texts>
std::vector<std::string> why_values(Texts&&... texts) {
  std::vector<std::string> values;
  values.reserve(sizeof...(texts));
  (values.emplace_back(std::forward<Texts>(texts)), ...);
  return values;
}

struct MeasureResult {
  std::string article;
  std::string title;
  Decimal amount;
  std::vector<WhyStep> why;
};

struct EvaluationResult {
  std::string id;    // the facts' `id`, when the policy declares one
  std::string year;  // the evaluation year as written
  Decimal total;
  std::vector<MeasureResult> measures;
  std::vector<std::string> benefits;
};

// An evaluation that cannot finish (an amount beyond the decimal range, a
// division by zero): the message names the expression.
struct EvaluationError {
  std::string message;
  Span span;
};

}  // namespace clause
