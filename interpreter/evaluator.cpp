#include "interpreter/evaluator.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <charconv>

#include "interpreter/expression_evaluator.hpp"
#include "interpreter/value_format.hpp"

namespace clause {

using namespace syntax;

namespace {

Decimal zero() { return Decimal::from_integer(0); }

// One payable thing: a whole measure, or one item of a `for each` measure.
struct Item {
  std::size_t measure = 0;
  std::string project;
  Decimal amount;
};

// The items of one evaluation, in the order evaluated. The list keeps its items
// from record to record, so each one's project text keeps its storage: a new
// `std::string` for every item (most have no project) would be made, moved in
// by a call to `memcpy` and destroyed again, record after record.
class ItemList {
 public:
  void clear() { count_ = 0; }
  // A new item of `measure`, its project text to be written by the caller.
  Item& add(std::size_t measure, const Decimal& amount) {
    if (count_ == items_.size()) items_.emplace_back();
    Item& item = items_[count_++];
    item.measure = measure;
    item.amount = amount;
    return item;
  }
  std::size_t size() const { return count_; }
  Item& operator[](std::size_t index) { return items_[index]; }
  Item* begin() { return items_.data(); }
  Item* end() { return items_.data() + count_; }

 private:
  std::vector<Item> items_;
  std::size_t count_ = 0;
};

// Which members of an enum the items of a list hold in one field (ExpressionIndex::item_screens),
// worked out for the first measure that asks and kept for the evaluation.
struct ScreenedList {
  const ListValue* list = nullptr;  // a list read in place, which lives as long as the evaluation
  int path = -1;                    // in ExpressionIndex::screen_paths
  std::uint64_t members = 0;        // bit m set: an item holds member m
};

// Working buffers of one evaluation, kept by each thread across records: a
// population run would otherwise allocate them afresh for every record.
struct Scratch {
  Slots slots;
  ItemList items;
  std::vector<const Value*> counted;
  std::vector<ScreenedList> screened_lists;
  std::vector<unsigned char> settled;  // bytes: set and read once per item, where a bit costs more to reach
  std::vector<std::pair<std::string, Decimal>> other_awards;
  WhySteps unshown;  // the why of what the result does not explain: a benefit's conditions, the total cap's rounding
};

// The state of one evaluation: the facts, what each measure has so far, and why.
class Run {
 public:
  Run(const CheckedProgram& program, const ExpressionIndex& index, const std::vector<Value>& parameter_values,
      const RecordValue& facts, std::optional<int> id_field, std::uint64_t evaluator, bool explain,
      EvaluationResult& result, Scratch& scratch)
      : program_(program),
        expressions_(program, index, parameter_values, facts, scratch.slots),
        result_(result),
        id_field_(id_field),
        evaluator_(evaluator),
        items_(scratch.items),
        counted_(scratch.counted),
        screened_lists_(scratch.screened_lists),
        settled_(scratch.settled),
        other_awards_(scratch.other_awards),
        unshown_(scratch.unshown),
        explain_(explain) {
    items_.clear();
    screened_lists_.clear();
  }

  void evaluate(const RecordValue& facts);

 private:
  // Most measures have neither lets nor conditions: that is found here, inline,
  // rather than by a call that saves and restores half the registers for nothing.
  void evaluate_lets(const std::vector<CheckedLet>& lets) {
    if (!lets.empty()) evaluate_each_let(lets);
  }
  bool conditions_hold(const std::vector<ExprPtr>& conditions, WhySteps& why) {
    return conditions.empty() || each_condition_holds(conditions, why);
  }
  void evaluate_each_let(const std::vector<CheckedLet>& lets);
  bool each_condition_holds(const std::vector<ExprPtr>& conditions, WhySteps& why);
  bool window_holds(const std::optional<ValidityWindow>& window, WhySteps& why);
  // Without the why, a measure whose screen decides (ItemScreen::decides) is
  // passed over when no item of its list may count: its result stays 0, as
  // evaluating it would leave it, and there is no step to say why. Inline, as
  // is the look at the list screened last, which the measures of one list ask
  // in turn: this is all a measure passed over costs.
  bool passed_over(std::size_t index) {
    if (explain_ || !expressions_.index().item_screens[index].decides) return false;
    const syntax::Expr& list = *program_.measures[index].declaration->for_each->list;
    return !some_item_may_count(index, expressions_.in_place(list).as_list());
  }
  void evaluate_measure(std::size_t index);
  void evaluate_items(std::size_t index, const ForEach& loop);
  // Whether some item of `list` may pass the `where` of measure `index`: false
  // only when the where tests an enum field for members none of the items holds.
  bool some_item_may_count(std::size_t index, const ListValue& list) {
    const ItemScreen& screen = expressions_.index().item_screens[index];
    return screen.path < 0 || (members_held(list, screen.path) & screen.members) != 0;
  }
  std::uint64_t members_held(const ListValue& list, int path) {
    if (last_screened_.list == &list && last_screened_.path == path) return last_screened_.members;
    return screen(list, path);
  }
  // The members the items of `list` hold at `path`: found in the lists screened before, or by a pass over it.
  std::uint64_t screen(const ListValue& list, int path);
  // An amount with no more decimals than kept, as most are (a table's cell, a
  // cap, a sum of amounts), is its own rounding: that is found here, inline,
  // rather than in two calls that copy it out and back.
  Decimal rounded(const Decimal& amount, Span span, WhySteps& why) {
    if (amount.scale() <= program_.policy.rounding_digits) return amount;
    return rounded_in_general(amount, span, why);
  }
  Decimal rounded_in_general(const Decimal& amount, Span span, WhySteps& why);
  void apply_stacking();
  // Most measures have no cap: found inline, as for lets and conditions.
  void apply_caps(std::size_t index) {
    if (!program_.measures[index].declaration->caps.empty()) apply_each_cap(index);
  }
  void apply_each_cap(std::size_t index);
  // The measures' amounts added up into the result's total, once caps are applied.
  void add_up_total();
  // Applied to the total added up: a total within the limit, as most are, is left as it is.
  void apply_total_cap();
  WhySteps& why(std::size_t measure) { return result_.measures[measure].why; }
  // Adds an amount to a total; beyond the decimal range the record fails, naming what was being added up.
  // Small enough to inline, so the usual case keeps Decimal's own inline path for adding a zero.
  static void add_or_fail(Decimal& total, const Decimal& amount, std::string_view what, std::string_view whose = {}) {
    try {
      total += amount;
    } catch (const DecimalOverflow& overflow) {
      fail_sum(overflow, what, whose);
    }
  }
  [[noreturn, gnu::cold, gnu::noinline]] static void fail_sum(const DecimalOverflow& overflow, std::string_view what,
                                                             std::string_view whose) {
    throw EvaluationFailure{EvaluationError{fmt::format("overflow: {} in {}{}", overflow.what(), what, whose), Span{}}};
  }
  // A subsidy is never negative: a formula that gives less than 0 pays 0, and says so.
  Decimal not_negative(const Decimal& amount, Span span, WhySteps& steps) {
    if (!amount.is_negative()) return amount;
    say(steps, WhyKind::negative_amount, span, [&](WhyValues& values) { append_money(amount, values.add()); });
    return zero();
  }
  // Adds a step to a why, `write(WhyValues&)` writing its values only when the
  // caller wants explanations: a budget summary needs the amounts, not the words.
  template <typename Write>
  void say(WhySteps& steps, WhyKind kind, Span span, Write write) {
    if (explain_) steps.add(kind, span, write);
  }
  // A cap below 0 would make the capped amount negative: it lets nothing through
  // instead (its callers take it as 0), and the why says so. A cumulative cap
  // needs none of this: what is left of it is kept between 0 and its limit.
  void say_cap_below_zero(const Decimal& limit, const Expr& formula, Span span, WhySteps& steps) {
    say(steps, WhyKind::negative_cap, span, [&](WhyValues& values) {
      values.add(expressions_.text_of(formula));
      append_money(limit, values.add());
    });
  }
  // "amount <formula> (<its inputs>) = <amount>": a formula that does not explain itself.
  void say_amount(WhySteps& steps, const Expr& formula, const Decimal& amount) {
    say(steps, WhyKind::amount, formula.span, [&](WhyValues& values) {
      values.add(expressions_.text_of(formula));
      expressions_.append_inputs_of(formula, values.add());
      append_money(amount, values.add());
    });
  }
  // The why of something the result does not show, emptied for each use.
  WhySteps& unshown() {
    unshown_.clear();
    return unshown_;
  }
  // The measure's `project` for the stacking rule, written over `out`; empty without one.
  void write_project(const MeasureDecl& declaration, std::string& out) {
    if (!declaration.project) {
      out.clear();
      return;
    }
    std::optional<Value> computed;
    out.assign(expressions_.operand(*declaration.project, computed).as_text());
  }
  void describe(const Value& item, const ForEach& loop, std::string& out) const {
    append_item_description(item, program_.type_of(*loop.list).element(), program_.schema, out);
  }

  const CheckedProgram& program_;
  ExpressionEvaluator expressions_;
  EvaluationResult& result_;
  std::optional<int> id_field_;
  std::uint64_t evaluator_;  // the serial of the Evaluator running this
  ItemList& items_;
  std::vector<const Value*>& counted_;  // the items of a `for each` that count
  std::vector<ScreenedList>& screened_lists_;
  ScreenedList last_screened_;  // the one members_held found last
  std::vector<unsigned char>& settled_;  // items whose project the stacking rule has settled
  std::vector<std::pair<std::string, Decimal>>& other_awards_;  // other policies' awards, highest per project
  WhySteps& unshown_;
  int year_ = 0;
  bool in_force_ = false;
  bool explain_ = true;
};

// Starts from a result left by an earlier record, keeping its strings' and
// lists' storage: a population run evaluates millions of records into a few.
void reset(EvaluationResult& result, const CheckedProgram& program, std::uint64_t evaluator) {
  result.id.clear();
  result.benefits.clear();
  if (result.laid_out_by != evaluator) {
    result.measures.resize(program.measures.size());
    for (std::size_t i = 0; i < program.measures.size(); ++i) {
      result.measures[i].article.assign(program.measures[i].article);
      result.measures[i].title.assign(program.measures[i].title);
    }
    result.laid_out_by = evaluator;
  }
  for (MeasureResult& measure : result.measures) {
    measure.amount = Decimal::from_integer(0);
    measure.why.clear();
  }
}

void Run::evaluate(const RecordValue& facts) {
  reset(result_, program_, evaluator_);
  if (id_field_ && std::holds_alternative<std::string>(facts.fields[static_cast<std::size_t>(*id_field_)].data)) {
    result_.id = facts.fields[static_cast<std::size_t>(*id_field_)].as_text();
  }
  Decimal year = expressions_.number(*program_.syntax.header->evaluation_year);
  result_.year.clear();  // written into the text the result keeps, rather than a new string
  if (year.scale() == 0 && year.coefficient() >= 0 && year.coefficient() <= 9999) {
    // The usual year, a plain whole number of four digits: spared Decimal's general conversions.
    year_ = static_cast<int>(year.coefficient());
    std::array<char, 4> digits;
    result_.year.append(digits.data(), std::to_chars(digits.data(), digits.data() + digits.size(), year_).ptr);
  } else {
    year.append_to(result_.year);
    year_ = static_cast<int>(year.to_int64().value_or(0));
  }
  in_force_ = expressions_.index().first_year <= year_ && year_ <= expressions_.index().last_year;
  evaluate_lets(program_.lets);
  for (std::size_t i = 0; i < program_.measures.size(); ++i) {
    if (!passed_over(i)) evaluate_measure(i);
  }
  for (const CheckedBenefit& benefit : program_.benefits) {
    evaluate_lets(benefit.lets);
    if (in_force_ && window_holds(benefit.declaration->validity, unshown()) &&
        conditions_hold(benefit.declaration->conditions, unshown())) {
      result_.benefits.push_back(benefit.benefit);
    }
  }
  if (program_.stacking) apply_stacking();
  for (const Item& item : items_) {
    MeasureResult& measure = result_.measures[item.measure];
    add_or_fail(measure.amount, item.amount, "the amount of ", measure.article);
  }
  for (std::size_t i = 0; i < program_.measures.size(); ++i) apply_caps(i);
  add_up_total();
  if (program_.total_cap) apply_total_cap();
  // 叠加 is said last, of what is finally paid: words only, for the why.
  for (std::size_t i = 0; explain_ && i < program_.measures.size(); ++i) {
    const MeasureDecl& declaration = *program_.measures[i].declaration;
    if (!declaration.stacks_on.empty() && !result_.measures[i].amount.is_zero()) {
      say(why(i), WhyKind::stacks_on, declaration.span, [&](WhyValues& values) { values.add(declaration.stacks_on); });
    }
  }
}

void Run::add_up_total() {
  result_.total = zero();
  for (const MeasureResult& measure : result_.measures) {
    add_or_fail(result_.total, measure.amount, "the total of the measures");
  }
}

void Run::evaluate_each_let(const std::vector<CheckedLet>& lets) {
  for (const CheckedLet& let : lets) expressions_.bind_let(let.slot, *let.declaration->value);
}

bool Run::each_condition_holds(const std::vector<ExprPtr>& conditions, WhySteps& why) {
  for (const ExprPtr& condition : conditions) {
    bool holds = expressions_.condition(*condition);
    say(why, holds ? WhyKind::condition_met : WhyKind::condition_failed, condition->span, [&](WhyValues& values) {
      values.add(expressions_.text_of(*condition));
      expressions_.append_inputs_of(*condition, values.add());
    });
    if (!holds) return false;
  }
  return true;
}

bool Run::window_holds(const std::optional<ValidityWindow>& window, WhySteps& why) {
  if (!window || (window->from.year() <= year_ && year_ <= window->to.year())) return true;
  say(why, WhyKind::outside_window, window->span, [&](WhyValues& values) {
    values.add(std::to_string(year_));
    values.add(window->from.to_string());
    values.add(window->to.to_string());
  });
  return false;
}

Decimal Run::rounded_in_general(const Decimal& amount, Span span, WhySteps& why) {
  Decimal result = amount.rounded(program_.policy.rounding_digits, program_.policy.rounding);
  if (result != amount) {
    say(why, WhyKind::rounded, span, [&](WhyValues& values) {
      append_money(amount, values.add());
      append_money(result, values.add());
      values.add(rounding_mode_name(program_.policy.rounding));
      values.add(std::to_string(program_.policy.rounding_digits));
    });
  }
  return result;
}

void Run::evaluate_measure(std::size_t index) {
  const CheckedMeasure& measure = program_.measures[index];
  const MeasureDecl& declaration = *measure.declaration;
  WhySteps& steps = why(index);
  if (!in_force_) {
    say(steps, WhyKind::not_in_force, program_.syntax.header->validity_span, [&](WhyValues& values) {
      values.add(std::to_string(year_));
      values.add(program_.policy.valid_from.to_string());
      values.add(program_.policy.valid_to.to_string());
    });
    return;
  }
  if (!window_holds(declaration.validity, steps)) return;
  evaluate_lets(measure.lets);
  for (const CheckedLet& let : measure.lets) {
    const Expr& value = *let.declaration->value;
    say(steps, WhyKind::let_value, let.declaration->span, [&](WhyValues& values) {
      values.add(let.name);
      values.add(expressions_.text_of(value));
      expressions_.append_inputs_of(value, values.add());
      append_value(expressions_.slot_value(let.slot), program_.type_of(value), program_.schema, values.add());
    });
  }
  if (!conditions_hold(declaration.conditions, steps)) return;
  if (declaration.for_each) {
    evaluate_items(index, *declaration.for_each);
  } else {
    if (explain_) expressions_.trace_into(&steps);
    Decimal amount = expressions_.number(*declaration.amount);
    // Brackets and tiers explain themselves step by step; anything else is shown
    // as its formula with the values it read.
    bool self_explaining = std::holds_alternative<Brackets>(declaration.amount->kind) ||
                           std::holds_alternative<Tiers>(declaration.amount->kind);
    if (!self_explaining) say_amount(steps, *declaration.amount, amount);
    amount = not_negative(rounded(amount, declaration.amount->span, steps), declaration.amount->span, steps);
    write_project(declaration, items_.add(index, amount).project);
    expressions_.trace_into(nullptr);
  }
}

void Run::evaluate_items(std::size_t index, const ForEach& loop) {
  const CheckedMeasure& measure = program_.measures[index];
  const MeasureDecl& declaration = *measure.declaration;
  WhySteps& steps = why(index);
  std::optional<Value> computed_list;
  const Value& list = expressions_.operand(*loop.list, computed_list);
  ItemBinding binding(expressions_, measure.item_slot);
  std::vector<const Value*>& counted = counted_;
  counted.clear();
  // A list read in place lives as long as the evaluation, so what it holds may be kept.
  if (computed_list || some_item_may_count(index, list.as_list())) {
    for (const Value& item : list.as_list().items) {
      binding.bind(item);
      if (!loop.where || expressions_.condition(*loop.where)) counted.push_back(&item);
    }
  }
  if (counted.empty()) {
    say(steps, WhyKind::no_items, loop.span, [&](WhyValues& values) { values.add(expressions_.index().item_lists[index]); });
    return;
  }
  if (loop.keep_highest && counted.size() > 1) {
    std::size_t best = 0;
    Decimal best_key;
    for (std::size_t i = 0; i < counted.size(); ++i) {
      binding.bind(*counted[i]);
      Decimal key = expressions_.number(*loop.keep_highest);
      if (i == 0 || key > best_key) {
        best = i;
        best_key = key;
      }
    }
    say(steps, WhyKind::kept_highest, loop.keep_span, [&](WhyValues& values) {
      describe(*counted[best], loop, values.add());
      std::string& dropped = values.add();
      bool first = true;
      for (std::size_t i = 0; i < counted.size(); ++i) {
        if (i == best) continue;
        if (!first) dropped += "; ";
        first = false;
        describe(*counted[i], loop, dropped);
      }
      values.add(expressions_.text_of(*loop.keep_highest));
    });
    counted = {counted[best]};
  }
  if (explain_) expressions_.trace_into(&steps);
  for (const Value* item : counted) {
    binding.bind(*item);
    Decimal amount = expressions_.number(*declaration.amount);
    // A bare table lookup explains itself; any other formula is shown with its values.
    if (!std::holds_alternative<TableLookup>(declaration.amount->kind)) say_amount(steps, *declaration.amount, amount);
    amount = not_negative(rounded(amount, declaration.amount->span, steps), declaration.amount->span, steps);
    std::string& project = items_.add(index, amount).project;
    write_project(declaration, project);
    say(steps, WhyKind::item_amount, declaration.amount->span, [&](WhyValues& values) {
      describe(*item, loop, values.add());
      values.add(project);
      append_money(amount, values.add());
    });
  }
  expressions_.trace_into(nullptr);
}

std::uint64_t Run::screen(const ListValue& list, int path) {
  for (const ScreenedList& screened : screened_lists_) {
    if (screened.list == &list && screened.path == path) {
      last_screened_ = screened;
      return screened.members;
    }
  }
  const std::vector<int>& fields = expressions_.index().screen_paths[static_cast<std::size_t>(path)];
  std::uint64_t members = 0;
  for (const Value& item : list.items) {
    const Value* value = &item;
    for (int field : fields) value = &value->as_record().fields[static_cast<std::size_t>(field)];
    members |= member_bit(*value);
  }
  screened_lists_.push_back({&list, path, members});
  last_screened_ = screened_lists_.back();
  return members;
}

void Run::apply_stacking() {
  const CheckedStacking& stacking = *program_.stacking;
  const StackingDecl& declaration = *stacking.declaration;
  // Other policies' awards, highest per project.
  std::vector<std::pair<std::string, Decimal>>& other_awards = other_awards_;
  other_awards.clear();
  if (declaration.against) {
    std::optional<Value> computed_list;
    const Value& list = expressions_.operand(*declaration.against->list, computed_list);
    ItemBinding binding(expressions_, stacking.against_slot);
    for (const Value& award : list.as_list().items) {
      binding.bind(award);
      std::optional<Value> computed_project;
      const std::string& project = expressions_.operand(*declaration.against->project, computed_project).as_text();
      Decimal amount = expressions_.number(*declaration.against->amount);
      auto found = std::find_if(other_awards.begin(), other_awards.end(),
                                [&](const auto& entry) { return entry.first == project; });
      if (found == other_awards.end())
        other_awards.emplace_back(project, amount);
      else if (amount > found->second)
        found->second = amount;
    }
  }
  std::vector<unsigned char>& settled = settled_;
  settled.assign(items_.size(), 0);
  for (std::size_t i = 0; i < items_.size(); ++i) {
    if (settled[i] || items_[i].project.empty()) continue;
    const std::string& project = items_[i].project;
    std::size_t kept = i;
    for (std::size_t j = i + 1; j < items_.size(); ++j) {
      if (items_[j].project == project && items_[j].amount > items_[kept].amount) kept = j;
    }
    for (std::size_t j = i; j < items_.size(); ++j) {
      if (items_[j].project != project) continue;
      settled[j] = true;
      if (j == kept) continue;
      const Item& winner = items_[kept];
      const std::string& winner_article = program_.measures[winner.measure].article;
      if (items_[j].amount == winner.amount && winner.measure != items_[j].measure) {
        say(why(items_[j].measure), WhyKind::stacking_tie, declaration.span, [&](WhyValues& values) {
          values.add(stacking.article);
          values.add(project);
          append_money(winner.amount, values.add());
          values.add(winner_article);
        });
      } else {
        say(why(items_[j].measure), WhyKind::stacking_dropped, declaration.span, [&](WhyValues& values) {
          values.add(stacking.article);
          values.add(project);
          append_money(items_[j].amount, values.add());
          values.add(winner_article);
          append_money(winner.amount, values.add());
        });
      }
      items_[j].amount = zero();
    }
    auto other = std::find_if(other_awards.begin(), other_awards.end(),
                              [&](const auto& entry) { return entry.first == project; });
    Item& winner = items_[kept];
    if (other != other_awards.end() && other->second >= winner.amount) {
      say(why(winner.measure), WhyKind::stacking_other_award, declaration.span, [&](WhyValues& values) {
        values.add(stacking.article);
        values.add(project);
        append_money(winner.amount, values.add());
        append_money(other->second, values.add());
      });
      winner.amount = zero();
    }
  }
}

void Run::apply_each_cap(std::size_t index) {
  MeasureResult& measure = result_.measures[index];
  for (const Cap& cap : program_.measures[index].declaration->caps) {
    // A cap worked out by a formula is rounded like an amount, so what it lets
    // through is always a whole number of fen.
    Decimal limit = rounded(expressions_.number(*cap.limit), cap.span, measure.why);
    if (measure.amount.is_zero()) continue;  // nothing to cap
    if (cap.already_paid) {
      Decimal paid = expressions_.number(*cap.already_paid);
      // What is left is never below 0, nor above the limit itself (a formula for what
      // was paid before that comes out below 0 must not raise the limit).
      Decimal left = max(zero(), min(limit, limit - paid));
      Decimal after = min(measure.amount, left);
      say(measure.why, WhyKind::cumulative_cap, cap.span, [&](WhyValues& values) {
        for (const Decimal* shown : {&limit, &paid, &left, &measure.amount, &after}) append_money(*shown, values.add());
      });
      measure.amount = after;
      continue;
    }
    if (limit.is_negative()) {
      say_cap_below_zero(limit, *cap.limit, cap.span, measure.why);
      limit = zero();
    }
    if (measure.amount > limit) {
      say(measure.why, WhyKind::cap_applied, cap.span, [&](WhyValues& values) {
        values.add(expressions_.text_of(*cap.limit));
        append_money(limit, values.add());
        append_money(measure.amount, values.add());
        append_money(limit, values.add());
      });
      measure.amount = limit;
    } else {
      say(measure.why, WhyKind::cap_not_reached, cap.span, [&](WhyValues& values) {
        values.add(expressions_.text_of(*cap.limit));
        append_money(limit, values.add());
        append_money(measure.amount, values.add());
      });
    }
  }
}

void Run::apply_total_cap() {
  const CheckedTotalCap& cap = *program_.total_cap;
  const Decimal computed = rounded(expressions_.number(*cap.declaration->limit), cap.declaration->span, unshown());
  // Below 0 it is 0: said to each measure it takes something from, before the step that says how much.
  Decimal limit = computed.is_negative() ? zero() : computed;
  Decimal total = result_.total;
  if (total <= limit) return;
  Decimal remaining = limit;
  for (int index : cap.allocation_order) {
    MeasureResult& measure = result_.measures[static_cast<std::size_t>(index)];
    if (measure.amount.is_zero()) continue;
    if (computed.is_negative()) say_cap_below_zero(computed, *cap.declaration->limit, cap.declaration->span, measure.why);
    if (measure.amount <= remaining) {
      remaining = remaining - measure.amount;
    } else if (!remaining.is_zero()) {
      say(measure.why, WhyKind::total_cap_reduced, cap.declaration->span, [&](WhyValues& values) {
        values.add(cap.article);
        for (const Decimal* shown : {&limit, &total, &measure.amount, &remaining}) append_money(*shown, values.add());
      });
      measure.amount = remaining;
      remaining = zero();
    } else {
      say(measure.why, WhyKind::total_cap_exhausted, cap.declaration->span, [&](WhyValues& values) {
        values.add(cap.article);
        for (const Decimal* shown : {&limit, &total, &measure.amount}) append_money(*shown, values.add());
      });
      measure.amount = zero();
    }
  }
  add_up_total();
}

}  // namespace

namespace {

std::uint64_t next_evaluator_serial() {
  static std::atomic<std::uint64_t> last{0};
  return ++last;
}

std::vector<Value> declared_values(const CheckedProgram& program) {
  std::vector<Value> values;
  for (const CheckedParam& param : program.params) values.push_back(param.value);
  return values;
}

}  // namespace

Evaluator::Evaluator(std::shared_ptr<const CheckedProgram> program)
    : Evaluator(program, declared_values(*program)) {}

Evaluator::Evaluator(std::shared_ptr<const CheckedProgram> program, std::vector<Value> parameter_values)
    : program_(std::move(program)),
      parameter_values_(std::move(parameter_values)),
      index_(std::make_shared<const ExpressionIndex>(*program_, parameter_values_)),
      id_field_(program_->schema.facts().find("id")),
      serial_(next_evaluator_serial()) {}

EvaluationResult Evaluator::evaluate(const RecordValue& facts, bool explain) const {
  EvaluationResult result;
  evaluate_into(facts, explain, result);
  return result;
}

void Evaluator::evaluate_into(const RecordValue& facts, bool explain, EvaluationResult& result) const {
  thread_local Scratch reused;
  thread_local bool reused_in_use = false;
  auto run_with = [&](Scratch& scratch) {
    Run run(*program_, *index_, parameter_values_, facts, id_field_, serial_, explain, result, scratch);
    try {
      run.evaluate(facts);
    } catch (const DecimalOverflow& overflow) {
      throw EvaluationFailure{EvaluationError{fmt::format("overflow: {}", overflow.what()), Span{}}};
    }
  };
  // A nested evaluation on the same thread, should one ever happen, gets buffers of its own.
  if (reused_in_use) {
    Scratch own;
    run_with(own);
    return;
  }
  reused_in_use = true;
  struct Release {
    ~Release() { reused_in_use = false; }
  } release;
  run_with(reused);
}

}  // namespace clause
