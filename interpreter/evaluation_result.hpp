#pragma once
// The result of evaluating a policy for one set of facts: an amount per measure
// with its why, the benefits granted, and the total.
//
// A why is a list of steps. Each step is a kind plus its values already written
// out ("35000.00", "10%"); explanation.cpp words it in Chinese or English, so the
// evaluator never deals in prose.

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
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
  negative_cap,         // cap text, the negative limit it gave
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

// A step's values. A population run evaluates millions of records into a few
// results: clearing keeps the strings, whose storage the next record's values
// are written over, so a why is built without allocating once it has grown.
class WhyValues {
 public:
  WhyValues() = default;
  WhyValues(std::initializer_list<std::string_view> values) {
    for (std::string_view value : values) add(value);
  }
  WhyValues(const WhyValues&) = default;
  WhyValues& operator=(const WhyValues&) = default;
  WhyValues(WhyValues&& other) noexcept
      : values_(std::move(other.values_)), size_(std::exchange(other.size_, 0)) {}
  WhyValues& operator=(WhyValues&& other) noexcept {
    values_ = std::move(other.values_);
    size_ = std::exchange(other.size_, 0);
    return *this;
  }

  std::size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  const std::string& operator[](std::size_t index) const { return values_[index]; }
  const std::string* begin() const { return values_.data(); }
  const std::string* end() const { return values_.data() + size_; }

  void clear() { size_ = 0; }
  // A new, empty value for the caller to write.
  std::string& add() {
    if (values_.empty()) values_.reserve(most_values);  // once, rather than at each doubling
    if (size_ == values_.size()) values_.emplace_back();
    std::string& value = values_[size_++];
    value.clear();
    return value;
  }
  void add(std::string_view text) { add().assign(text); }

 private:
  static constexpr std::size_t most_values = 5;  // of any kind of step
  std::vector<std::string> values_;  // the first size_ are the step's; the rest are spare storage
  std::size_t size_ = 0;
};

struct WhyStep {
  WhyKind kind;
  WhyValues values;
  Span span;  // the source the step comes from
};

// The steps of a measure's why, reused like their values: clearing keeps the
// steps for the next record to write over.
class WhySteps {
 public:
  std::size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  const WhyStep& operator[](std::size_t index) const { return steps_[index]; }
  const WhyStep* begin() const { return steps_.data(); }
  const WhyStep* end() const { return steps_.data() + size_; }

  void clear() { size_ = 0; }
  // Adds a step whose values `write(WhyValues&)` writes first: a step taken
  // while writing them (a table looked up to show an input) comes before this
  // one, as it was taken first. The values go over a spare step's storage.
  template <typename Write>
  void add(WhyKind kind, Span span, Write&& write) {
    WhyValues values = size_ < steps_.size() ? std::move(steps_[size_].values) : WhyValues();
    values.clear();
    write(values);
    if (steps_.empty()) steps_.reserve(usual_steps);  // once, rather than at each doubling
    if (size_ == steps_.size()) steps_.emplace_back();
    WhyStep& step = steps_[size_++];
    step.kind = kind;
    step.values = std::move(values);
    step.span = span;
  }
  void push_back(WhyStep step) {
    add(step.kind, step.span, [&](WhyValues& values) { values = std::move(step.values); });
  }

 private:
  static constexpr std::size_t usual_steps = 8;  // a measure's why rarely has more
  std::vector<WhyStep> steps_;  // the first size_ are the why; the rest are spare storage
  std::size_t size_ = 0;
};

struct MeasureResult {
  std::string article;
  std::string title;
  Decimal amount;
  WhySteps why;
};

struct EvaluationResult {
  std::string id;    // the facts' `id`, when the policy declares one
  std::string year;  // the evaluation year as written
  Decimal total;
  std::vector<MeasureResult> measures;
  std::vector<std::string> benefits;
  // The evaluator that last laid out `measures` (one per measure, its article
  // and title): evaluating record after record into one result, the same
  // evaluator writes those texts once, not once a record.
  std::uint64_t laid_out_by = 0;
};

// An evaluation that cannot finish (an amount beyond the decimal range, a
// division by zero): the message names the expression.
struct EvaluationError {
  std::string message;
  Span span;
};

}  // namespace clause
