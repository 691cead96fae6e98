// The ranges an amount can take (lint_bounds.hpp): interval arithmetic over exact
// decimals, with what the conditions say about the facts.

#include "interpreter/lint_bounds.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <string>

namespace clause {
namespace {

using namespace syntax;

// More ranges than this are merged into one: a product of two large tables
// would otherwise hold every pair.
constexpr std::size_t max_ranges = 64;
// Lets refer to earlier lets only, but a deep chain is not worth following,
// and lets that each name the one before twice would take 2^n steps: past this
// many expressions per measure, what is left is unbounded.
constexpr int max_depth = 64;
constexpr int max_steps = 200000;

// What the conditions say about one fact, let or field (`r.level`): its bounds,
// and for an enum value the members it can be.
struct Known {
  std::optional<Decimal> lowest;
  std::optional<Decimal> highest;
  Span lowest_from;  // the condition or bracket that says so
  Span highest_from;
  std::optional<std::set<int>> members;
};
using Constraints = std::map<std::string, Known>;

// An end of a range that may be infinite, for products and quotients.
struct End {
  int infinity = 0;  // -1, 0 (finite: value), +1
  Decimal value;
};

End lower_end(const ValueRange& range) { return range.lowest ? End{0, *range.lowest} : End{-1, {}}; }
End upper_end(const ValueRange& range) { return range.highest ? End{0, *range.highest} : End{1, {}}; }

int sign_of(const End& end) {
  if (end.infinity) return end.infinity;
  return end.value.is_negative() ? -1 : end.value.is_zero() ? 0 : 1;
}

bool before(const End& a, const End& b) {
  if (a.infinity || b.infinity) return a.infinity < b.infinity;
  return a.value < b.value;
}

// A finite 0 times anything is 0: an unbounded end is never reached.
End times(const End& a, const End& b) {
  if (sign_of(a) == 0 || sign_of(b) == 0) return End{};
  if (a.infinity || b.infinity) return End{sign_of(a) * sign_of(b), {}};
  return End{0, a.value * b.value};
}

// The divisor is never 0 (a range holding 0 is not divided by).
std::optional<End> divided(const End& a, const End& b) {
  if (b.infinity) {
    if (a.infinity) return std::nullopt;
    return End{};
  }
  if (a.infinity) return End{sign_of(a) * sign_of(b), {}};
  return End{0, Decimal::divide(a.value, b.value)};
}

ValueRange unbounded(Span span) { return ValueRange{std::nullopt, std::nullopt, span, span}; }
ValueRange point(const Decimal& value, Span span) { return ValueRange{value, value, span, span}; }

bool is_point(const ValueRanges& ranges) {
  return ranges.size() == 1 && ranges[0].lowest && ranges[0].highest && *ranges[0].lowest == *ranges[0].highest;
}

bool empty(const ValueRange& range) { return range.lowest && range.highest && *range.lowest > *range.highest; }

// The smallest lowest end (nullopt: unbounded below), and the largest highest end.
std::optional<Decimal> lowest_of(const ValueRanges& ranges) {
  std::optional<Decimal> lowest;
  for (std::size_t i = 0; i < ranges.size(); ++i) {
    if (!ranges[i].lowest) return std::nullopt;
    if (i == 0 || *ranges[i].lowest < *lowest) lowest = ranges[i].lowest;
  }
  return lowest;
}
std::optional<Decimal> highest_of(const ValueRanges& ranges) {
  std::optional<Decimal> highest;
  for (std::size_t i = 0; i < ranges.size(); ++i) {
    if (!ranges[i].highest) return std::nullopt;
    if (i == 0 || *ranges[i].highest > *highest) highest = ranges[i].highest;
  }
  return highest;
}

// One range holding all of them, with the origins of its ends.
ValueRange hull(const ValueRanges& ranges, Span span) {
  ValueRange result = unbounded(span);
  if (ranges.empty()) return result;
  result.lowest = lowest_of(ranges);
  result.highest = highest_of(ranges);
  for (const ValueRange& range : ranges) {
    if (result.lowest && range.lowest == result.lowest) result.lowest_from = range.lowest_from;
    if (result.highest && range.highest == result.highest) result.highest_from = range.highest_from;
  }
  return result;
}

// Drops repeated ranges and merges when there are too many.
ValueRanges tidy(ValueRanges ranges, Span span) {
  ValueRanges kept;
  for (ValueRange& range : ranges) {
    if (empty(range)) continue;
    bool seen = std::any_of(kept.begin(), kept.end(), [&](const ValueRange& other) {
      return other.lowest == range.lowest && other.highest == range.highest;
    });
    if (!seen) kept.push_back(std::move(range));
  }
  if (kept.size() > max_ranges) return {hull(kept, span)};
  return kept;
}

// What a set of ranges says about its values above 0.
struct Positive {
  bool possible = false;          // some value above 0
  std::optional<Decimal> least;   // every value above 0 is at least this; nullopt: as small as you like
  Span from;
};

Positive positive_part(const ValueRanges& ranges) {
  Positive found;
  bool unbounded_below = false;
  for (const ValueRange& range : ranges) {
    if (range.highest && !(*range.highest > Decimal{})) continue;
    found.possible = true;
    if (!range.lowest || !(*range.lowest > Decimal{})) {
      unbounded_below = true;
      continue;
    }
    if (!found.least || *range.lowest < *found.least) {
      found.least = range.lowest;
      found.from = range.lowest_from;
    }
  }
  if (unbounded_below) found.least.reset();
  return found;
}

class RangeAnalysis {
 public:
  explicit RangeAnalysis(const CheckedProgram& program) : program_(program) {
    for (const CheckedLet& let : program.lets) let_values_[let.slot] = let.declaration->value.get();
    for (const CheckedMeasure& measure : program.measures) {
      for (const CheckedLet& let : measure.lets) let_values_[let.slot] = let.declaration->value.get();
    }
  }

  ValueRanges of(const Expr& expr, const Constraints& known, int depth = 0) const {
    if (depth > max_depth || ++steps_ > max_steps) return {unbounded(expr.span)};
    try {
      return tidy(evaluate(expr, known, depth + 1), expr.span);
    } catch (const DecimalOverflow&) {
      return {unbounded(expr.span)};
    }
  }

  // `known` with what `condition` adds when it holds: comparisons of a fact, let
  // or field with bounded values, `in [a, b)`, `in {members}`, and `and` of those.
  Constraints refined(Constraints known, const Expr& condition) const {
    if (auto* binary = std::get_if<Binary>(&condition.kind)) {
      if (binary->op == BinaryOp::logical_and) return refined(refined(std::move(known), *binary->left), *binary->right);
      if (auto key = path_of(*binary->left)) {
        constrain(known, *key, binary->op, *binary->right, condition.span);
      } else if (auto mirrored = path_of(*binary->right)) {
        constrain(known, *mirrored, mirror(binary->op), *binary->left, condition.span);
      }
    } else if (auto* interval = std::get_if<InInterval>(&condition.kind)) {
      if (auto key = path_of(*interval->value)) narrow(known, *key, interval->interval, known, condition.span);
    } else if (auto* set = std::get_if<InSet>(&condition.kind)) {
      if (auto key = path_of(*set->value)) {
        std::set<int> members;
        for (const ExprPtr& member : set->members) {
          const Reference& reference = program_.reference_of(*member);
          if (reference.kind != ReferenceKind::enum_member) return known;
          members.insert(reference.member);
        }
        keep_members(known[*key], members);
      }
    }
    return known;
  }

 private:
  // A name for what a fact, a let, a `for each` or lambda variable, or a field of
  // one of those holds: the same name is the same value within one measure.
  std::optional<std::string> path_of(const Expr& expr) const {
    if (auto* field = std::get_if<FieldAccess>(&expr.kind)) {
      auto object = path_of(*field->object);
      if (!object) return std::nullopt;
      return *object + "." + field->field.name;
    }
    if (!std::holds_alternative<NameRef>(expr.kind)) return std::nullopt;
    const Reference& reference = program_.reference_of(expr);
    if (reference.kind == ReferenceKind::fact) return "fact " + std::to_string(reference.index);
    if (reference.kind == ReferenceKind::slot) return "slot " + std::to_string(reference.index);
    return std::nullopt;
  }

  static BinaryOp mirror(BinaryOp op) {
    switch (op) {
      case BinaryOp::less: return BinaryOp::greater;
      case BinaryOp::less_equal: return BinaryOp::greater_equal;
      case BinaryOp::greater: return BinaryOp::less;
      case BinaryOp::greater_equal: return BinaryOp::less_equal;
      default: return op;
    }
  }

  static void keep_members(Known& known, const std::set<int>& members) {
    if (!known.members) {
      known.members = members;
      return;
    }
    std::set<int> both;
    for (int member : members) {
      if (known.members->count(member)) both.insert(member);
    }
    known.members = both;
  }

  static void raise_lowest(Known& known, const std::optional<Decimal>& lowest, Span from) {
    if (!lowest || (known.lowest && *lowest <= *known.lowest)) return;
    known.lowest = lowest;
    known.lowest_from = from;
  }
  static void lower_highest(Known& known, const std::optional<Decimal>& highest, Span from) {
    if (!highest || (known.highest && *highest >= *known.highest)) return;
    known.highest = highest;
    known.highest_from = from;
  }

  void constrain(Constraints& known, const std::string& key, BinaryOp op, const Expr& other, Span from) const {
    const Reference& reference = program_.reference_of(other);
    if (reference.kind == ReferenceKind::enum_member) {
      if (op == BinaryOp::equal) keep_members(known[key], {reference.member});
      return;
    }
    if (op != BinaryOp::less && op != BinaryOp::less_equal && op != BinaryOp::greater &&
        op != BinaryOp::greater_equal && op != BinaryOp::equal) {
      return;
    }
    ValueRanges values = of(other, known);
    if (values.empty()) return;
    Known& bounds = known[key];
    if (op == BinaryOp::greater || op == BinaryOp::greater_equal || op == BinaryOp::equal) {
      raise_lowest(bounds, lowest_of(values), from);
    }
    if (op == BinaryOp::less || op == BinaryOp::less_equal || op == BinaryOp::equal) {
      lower_highest(bounds, highest_of(values), from);
    }
  }

  // `key` lies in `interval`, whose bounds are worked out under `outer`; `from` says so.
  void narrow(Constraints& known, const std::string& key, const Interval& interval, const Constraints& outer,
              Span from) const {
    std::optional<Decimal> lowest;
    std::optional<Decimal> highest;
    if (interval.lower.value) {
      ValueRanges bound = of(*interval.lower.value, outer);
      if (!bound.empty()) lowest = lowest_of(bound);
    }
    if (interval.upper.value) {
      ValueRanges bound = of(*interval.upper.value, outer);
      if (!bound.empty()) highest = highest_of(bound);
    }
    Known& bounds = known[key];
    raise_lowest(bounds, lowest, from);
    lower_highest(bounds, highest, from);
  }

  ValueRanges evaluate(const Expr& expr, const Constraints& known, int depth) const {
    if (auto* literal = std::get_if<NumberLiteral>(&expr.kind)) return {point(literal->value, expr.span)};
    const Reference& reference = program_.reference_of(expr);
    if (std::holds_alternative<NameRef>(expr.kind) && reference.kind == ReferenceKind::param) {
      const Value& value = program_.params[static_cast<std::size_t>(reference.index)].value;
      if (auto* number = std::get_if<Decimal>(&value.data)) return {point(*number, expr.span)};
      return {unbounded(expr.span)};
    }
    if (std::holds_alternative<NameRef>(expr.kind) || std::holds_alternative<FieldAccess>(expr.kind)) {
      return named(expr, known, depth);
    }
    if (auto* lookup = std::get_if<TableLookup>(&expr.kind)) return cells(expr, *lookup, known);
    if (auto* unary = std::get_if<Unary>(&expr.kind); unary && unary->op == UnaryOp::negate) {
      ValueRanges result;
      for (const ValueRange& range : of(*unary->operand, known, depth)) result.push_back(negated(range));
      return result;
    }
    if (auto* binary = std::get_if<Binary>(&expr.kind)) return arithmetic(expr, *binary, known, depth);
    if (auto* conditional = std::get_if<Conditional>(&expr.kind)) {
      ValueRanges result = of(*conditional->then_branch, refined(known, *conditional->condition), depth);
      ValueRanges otherwise = of(*conditional->else_branch, known, depth);
      result.insert(result.end(), otherwise.begin(), otherwise.end());
      return result;
    }
    if (auto* call = std::get_if<Call>(&expr.kind); call && reference.kind == ReferenceKind::builtin) {
      return builtin(expr, *call, reference.builtin, known, depth);
    }
    if (auto* brackets = std::get_if<Brackets>(&expr.kind)) return bracketed(expr, *brackets, known, depth);
    if (auto* tiers = std::get_if<Tiers>(&expr.kind)) return tiered(expr, *tiers, known, depth);
    return {unbounded(expr.span)};
  }

  // One tier of constant bounds and rate, as the evaluator applies it.
  struct ConstantTier {
    Decimal lower;                 // no bound: 0
    std::optional<Decimal> upper;  // no bound: unbounded
    Decimal rate;
  };

  static Decimal tiers_at(const std::vector<ConstantTier>& tiers, const Decimal& subject) {
    Decimal total;
    for (const ConstantTier& tier : tiers) {
      if (subject <= tier.lower) continue;
      Decimal upper = tier.upper && *tier.upper < subject ? *tier.upper : subject;
      if (upper <= tier.lower) continue;
      total = total + (upper - tier.lower) * tier.rate;
    }
    return total;
  }

  // With constant bounds and rates of at least 0, tiers never pay less for a
  // larger subject: the ends of the subject's range give the ends of the amount's.
  ValueRanges tiered(const Expr& expr, const Tiers& tiers, const Constraints& known, int depth) const {
    std::vector<ConstantTier> constant;
    bool grows_without_bound = false;
    for (const Tier& tier : tiers.tiers) {
      ConstantTier written;
      for (const Bound* bound : {&tier.range.lower, &tier.range.upper}) {
        if (!bound->value) continue;
        ValueRanges value = of(*bound->value, known, depth);
        if (!is_point(value)) return {unbounded(expr.span)};
        if (bound == &tier.range.lower) {
          written.lower = *value[0].lowest;
        } else {
          written.upper = value[0].lowest;
        }
      }
      ValueRanges rate = of(*tier.rate, known, depth);
      if (!is_point(rate) || rate[0].lowest->is_negative()) return {unbounded(expr.span)};
      written.rate = *rate[0].lowest;
      grows_without_bound = grows_without_bound || (!written.upper && !written.rate.is_zero());
      constant.push_back(written);
    }
    ValueRanges subject = of(*tiers.subject, known, depth);
    if (subject.empty()) return {};
    ValueRange reach = hull(subject, expr.span);
    ValueRange result = unbounded(expr.span);
    result.lowest = reach.lowest ? tiers_at(constant, *reach.lowest) : Decimal{};
    if (reach.lowest) result.lowest_from = reach.lowest_from;
    if (reach.highest) {
      result.highest = tiers_at(constant, *reach.highest);
      result.highest_from = reach.highest_from;
    } else if (!grows_without_bound) {
      // Past every bound, each tier pays its whole width.
      Decimal beyond;
      for (const ConstantTier& tier : constant) {
        if (tier.upper && *tier.upper > beyond) beyond = *tier.upper;
      }
      result.highest = tiers_at(constant, beyond);
    }
    return {result};
  }

  // A fact, let or field: a let's own value, within what the conditions say.
  ValueRanges named(const Expr& expr, const Constraints& known, int depth) const {
    ValueRanges values{unbounded(expr.span)};
    const Reference& reference = program_.reference_of(expr);
    if (std::holds_alternative<NameRef>(expr.kind) && reference.kind == ReferenceKind::slot) {
      if (auto let = let_values_.find(reference.index); let != let_values_.end()) values = of(*let->second, known, depth);
    }
    auto key = path_of(expr);
    if (!key) return values;
    auto bounds = known.find(*key);
    if (bounds == known.end()) return values;
    for (ValueRange& range : values) {
      if (bounds->second.lowest && (!range.lowest || *range.lowest < *bounds->second.lowest)) {
        range.lowest = bounds->second.lowest;
        range.lowest_from = bounds->second.lowest_from;
      }
      if (bounds->second.highest && (!range.highest || *range.highest > *bounds->second.highest)) {
        range.highest = bounds->second.highest;
        range.highest_from = bounds->second.highest_from;
      }
    }
    return values;
  }

  // The members a table key can be: a member written, or what the conditions allow; nullopt: any.
  std::optional<std::set<int>> members_of(const Expr& key, const Constraints& known) const {
    const Reference& reference = program_.reference_of(key);
    if (reference.kind == ReferenceKind::enum_member) return std::set<int>{reference.member};
    if (auto path = path_of(key)) {
      if (auto bounds = known.find(*path); bounds != known.end()) return bounds->second.members;
    }
    return std::nullopt;
  }

  // Each cell the keys can reach; a cell not covered (or a key that is none) gives 0.
  ValueRanges cells(const Expr& expr, const TableLookup& lookup, const Constraints& known) const {
    int table_index = program_.table_of_lookup[static_cast<std::size_t>(expr.id)];
    if (table_index < 0) return {unbounded(expr.span)};
    const CheckedTable& table = program_.tables[static_cast<std::size_t>(table_index)];
    std::optional<std::set<int>> rows = lookup.keys.empty() ? std::nullopt : members_of(*lookup.keys[0], known);
    std::optional<std::set<int>> columns =
        lookup.keys.size() < 2 ? std::nullopt : members_of(*lookup.keys[1], known);
    ValueRanges result;
    bool zero = false;
    for (std::size_t row = 0; row < table.row_count; ++row) {
      if (rows && !rows->count(static_cast<int>(row))) continue;
      for (int column = 0; column < table.columns(); ++column) {
        if (columns && !columns->count(column)) continue;
        std::size_t index = static_cast<std::size_t>(table.cell_index(static_cast<int>(row), column));
        const std::optional<Value>& cell = table.cells[index];
        if (!cell) {
          zero = true;
          continue;
        }
        auto* number = std::get_if<Decimal>(&cell->data);
        if (!number) return {unbounded(expr.span)};
        result.push_back(point(*number, table.cell_spans[index]));
      }
    }
    // A key that is none finds no cell.
    for (const ExprPtr& key : lookup.keys) zero = zero || program_.type_of(*key).optional;
    if (zero) result.push_back(point(Decimal{}, expr.span));
    return result;
  }

  static ValueRange negated(const ValueRange& range) {
    ValueRange result;
    if (range.highest) result.lowest = -*range.highest;
    if (range.lowest) result.highest = -*range.lowest;
    result.lowest_from = range.highest_from;
    result.highest_from = range.lowest_from;
    return result;
  }

  ValueRanges arithmetic(const Expr& expr, const Binary& binary, const Constraints& known, int depth) const {
    if (binary.op != BinaryOp::add && binary.op != BinaryOp::subtract && binary.op != BinaryOp::multiply &&
        binary.op != BinaryOp::divide) {
      return {unbounded(expr.span)};
    }
    ValueRanges left = of(*binary.left, known, depth);
    ValueRanges right = of(*binary.right, known, depth);
    if (left.empty() || right.empty()) return {};
    if (left.size() * right.size() > max_ranges) {
      left = {hull(left, binary.left->span)};
      right = {hull(right, binary.right->span)};
    }
    ValueRanges result;
    for (const ValueRange& a : left) {
      for (const ValueRange& b : right) {
        ValueRange combined = combine(binary.op, a, b, expr.span);
        // The origin of each end: the side that is not a constant, when one is
        // (a constant divided by a range: the expression itself).
        bool a_constant = is_point({a});
        bool b_constant = is_point({b});
        if (a_constant != b_constant && !(binary.op == BinaryOp::divide && a_constant)) {
          const ValueRange& varying = a_constant ? b : a;
          const Decimal& constant = a_constant ? *a.lowest : *b.lowest;
          bool flips = (binary.op == BinaryOp::subtract && a_constant) ||
                       ((binary.op == BinaryOp::multiply || binary.op == BinaryOp::divide) && constant.is_negative());
          combined.lowest_from = flips ? varying.highest_from : varying.lowest_from;
          combined.highest_from = flips ? varying.lowest_from : varying.highest_from;
        }
        result.push_back(combined);
      }
    }
    return result;
  }

  static std::optional<Decimal> sum(const std::optional<Decimal>& a, const std::optional<Decimal>& b) {
    if (!a || !b) return std::nullopt;
    return *a + *b;
  }

  static ValueRange combine(BinaryOp op, const ValueRange& a, const ValueRange& b, Span span) {
    ValueRange result = unbounded(span);
    switch (op) {
      case BinaryOp::add:
        result.lowest = sum(a.lowest, b.lowest);
        result.highest = sum(a.highest, b.highest);
        return result;
      case BinaryOp::subtract:
        result.lowest = sum(a.lowest, b.highest ? std::optional<Decimal>(-*b.highest) : std::nullopt);
        result.highest = sum(a.highest, b.lowest ? std::optional<Decimal>(-*b.lowest) : std::nullopt);
        return result;
      case BinaryOp::multiply:
      case BinaryOp::divide: {
        End b_low = lower_end(b);
        End b_high = upper_end(b);
        if (op == BinaryOp::divide && sign_of(b_low) <= 0 && sign_of(b_high) >= 0) return result;
        std::vector<End> corners;
        for (const End& x : {lower_end(a), upper_end(a)}) {
          for (const End& y : {b_low, b_high}) {
            if (op == BinaryOp::multiply) {
              corners.push_back(times(x, y));
            } else {
              auto quotient = divided(x, y);
              if (!quotient) return result;
              corners.push_back(*quotient);
            }
          }
        }
        End low = *std::min_element(corners.begin(), corners.end(), before);
        End high = *std::max_element(corners.begin(), corners.end(), before);
        if (!low.infinity) result.lowest = low.value;
        if (!high.infinity) result.highest = high.value;
        return result;
      }
      default: return result;
    }
  }

  ValueRanges builtin(const Expr& expr, const Call& call, Builtin function, const Constraints& known, int depth) const {
    bool over_list = !call.arguments.empty() && program_.type_of(*call.arguments[0]).list;
    if ((function == Builtin::min || function == Builtin::max) && over_list) {
      // min(list, x -> v): one of the values, or 0 for an empty list.
      if (call.arguments.size() < 2) return {unbounded(expr.span)};
      const Expr* body = call.arguments[1].get();
      if (auto* lambda = std::get_if<Lambda>(&body->kind)) body = lambda->body.get();
      ValueRanges result = of(*body, known, depth);
      result.push_back(point(Decimal{}, expr.span));
      return result;
    }
    if (function == Builtin::min || function == Builtin::max) {
      ValueRanges result;
      for (std::size_t i = 0; i < call.arguments.size(); ++i) {
        ValueRanges argument = of(*call.arguments[i], known, depth);
        if (argument.empty()) return {};
        result = i == 0 ? argument : extremum(function == Builtin::min, result, argument, expr.span);
      }
      return result;
    }
    if (function == Builtin::abs && call.arguments.size() == 1) {
      ValueRanges result;
      for (const ValueRange& range : of(*call.arguments[0], known, depth)) {
        if (range.lowest && !range.lowest->is_negative()) {
          result.push_back(range);
        } else if (range.highest && (range.highest->is_negative() || range.highest->is_zero())) {
          result.push_back(negated(range));
        } else {
          ValueRange spread = negated(range);
          spread.lowest = Decimal{};
          spread.lowest_from = expr.span;
          if (range.highest && spread.highest && *range.highest > *spread.highest) {
            spread.highest = range.highest;
            spread.highest_from = range.highest_from;
          } else if (!range.highest) {
            spread.highest.reset();
          }
          result.push_back(spread);
        }
      }
      return result;
    }
    return {unbounded(expr.span)};
  }

  static void pick(bool minimum, const std::optional<Decimal>& p, Span p_from, const std::optional<Decimal>& q,
                   Span q_from, bool missing_wins, std::optional<Decimal>& end, Span& from) {
    bool take_p;
    if (!p || !q) {
      bool p_missing = !p;
      take_p = p_missing == missing_wins;  // p is the missing one and wins, or q is and loses
      if (!p && !q) take_p = true;
    } else {
      take_p = minimum ? *p <= *q : *p >= *q;
    }
    end = take_p ? p : q;
    from = take_p ? p_from : q_from;
  }

  // min or max of two unions: every pair of ranges.
  ValueRanges extremum(bool minimum, const ValueRanges& left, const ValueRanges& right, Span span) const {
    ValueRanges a = left;
    ValueRanges b = right;
    if (a.size() * b.size() > max_ranges) {
      a = {hull(a, span)};
      b = {hull(b, span)};
    }
    ValueRanges result;
    for (const ValueRange& x : a) {
      for (const ValueRange& y : b) {
        // A missing lowest end is -inf, a missing highest +inf: it wins in min's
        // lowest and max's highest, and loses in the other two.
        ValueRange picked;
        pick(minimum, x.lowest, x.lowest_from, y.lowest, y.lowest_from, minimum, picked.lowest, picked.lowest_from);
        pick(minimum, x.highest, x.highest_from, y.highest, y.highest_from, !minimum, picked.highest,
             picked.highest_from);
        result.push_back(picked);
      }
    }
    return result;
  }

  ValueRanges bracketed(const Expr& expr, const Brackets& brackets, const Constraints& known, int depth) const {
    auto subject = path_of(*brackets.subject);
    std::vector<ValueRanges> branches;
    for (const Bracket& bracket : brackets.brackets) {
      Constraints inside = known;
      if (subject) {
        narrow(inside, *subject, bracket.range, known, bracket.span);
        const Known& bounds = inside[*subject];
        if (bounds.lowest && bounds.highest && *bounds.lowest > *bounds.highest) continue;  // never reached
      }
      branches.push_back(of(*bracket.amount, inside, depth));
    }
    // Where no bracket holds: `otherwise`, or 0.
    ValueRanges result = brackets.otherwise ? of(*brackets.otherwise, known, depth)
                                            : ValueRanges{point(Decimal{}, expr.span)};
    if (brackets.hit_policy != HitPolicy::sum) {
      for (const ValueRanges& branch : branches) result.insert(result.end(), branch.begin(), branch.end());
      return result;
    }
    // hit sum adds the brackets that hold. At most: every positive part added up.
    // At least, when no amount is negative: a positive sum holds a positive
    // amount, so it is never below the smallest of those.
    std::optional<Decimal> most = Decimal{};
    bool nonnegative = true;
    Positive least;
    for (const ValueRanges& branch : branches) {
      std::optional<Decimal> highest = branch.empty() ? std::optional<Decimal>(Decimal{}) : highest_of(branch);
      most = highest && most ? std::optional<Decimal>(*most + std::max(*highest, Decimal{})) : std::nullopt;
      std::optional<Decimal> lowest = branch.empty() ? std::optional<Decimal>(Decimal{}) : lowest_of(branch);
      nonnegative = nonnegative && lowest && !lowest->is_negative();
      Positive part = positive_part(branch);
      if (!part.possible) continue;
      if (!least.possible) {
        least = part;
      } else if (!part.least || (least.least && *part.least < *least.least)) {
        least.least = part.least;
        least.from = part.from;
      }
    }
    ValueRange added{std::nullopt, most, expr.span, expr.span};
    if (nonnegative) {
      // A sum is 0 when every bracket that holds pays 0.
      bool zero = std::any_of(branches.begin(), branches.end(), [](const ValueRanges& branch) {
        return std::any_of(branch.begin(), branch.end(), [](const ValueRange& range) { return range.lowest->is_zero(); });
      });
      if (zero) result.push_back(point(Decimal{}, expr.span));
      if (!least.possible) return result;
      added.lowest = least.least ? *least.least : Decimal{};
      if (least.least) added.lowest_from = least.from;
    }
    result.push_back(added);
    return result;
  }

  const CheckedProgram& program_;
  std::map<int, const Expr*> let_values_;  // by slot
  mutable int steps_ = 0;
};

Constraints conditions_of(const RangeAnalysis& analysis, const MeasureDecl& measure, bool with_items) {
  Constraints known;
  for (const ExprPtr& condition : measure.conditions) known = analysis.refined(std::move(known), *condition);
  if (with_items && measure.for_each && measure.for_each->where) {
    known = analysis.refined(std::move(known), *measure.for_each->where);
  }
  return known;
}

}  // namespace

ValueRanges value_ranges(const CheckedProgram& program, const Expr& expr) {
  return RangeAnalysis(program).of(expr, {});
}

AmountReach amount_reach(const CheckedProgram& program, const CheckedMeasure& measure) {
  const MeasureDecl& declaration = *measure.declaration;
  AmountReach reach;
  if (!declaration.amount) {
    reach.most.reset();
    return reach;
  }
  RangeAnalysis analysis(program);
  ValueRanges ranges = analysis.of(*declaration.amount, conditions_of(analysis, declaration, true));
  // Paid rounded once, and never below 0. Both are monotone: ends map to ends.
  try {
    for (ValueRange& range : ranges) {
      for (std::optional<Decimal>* end : {&range.lowest, &range.highest}) {
        if (!*end) continue;
        **end = (*end)->rounded(program.policy.rounding_digits, program.policy.rounding);
        if ((*end)->is_negative()) **end = Decimal{};
      }
    }
  } catch (const DecimalOverflow&) {
    return AmountReach{};
  }
  Positive positive = positive_part(ranges);
  reach.pays = positive.possible;
  reach.least_positive = positive.least;
  reach.least_from = positive.from;
  if (ranges.empty()) {
    reach.most = Decimal{};
    reach.most_from = declaration.amount->span;
  } else {
    ValueRange all = hull(ranges, declaration.amount->span);
    reach.most = all.highest;
    reach.most_from = all.highest_from;
  }
  return reach;
}

namespace {

// A limit is rounded like an amount, so what it lets through is a whole number of fen.
std::optional<Decimal> rounded_point(const CheckedProgram& program, const ValueRanges& limit) {
  if (!is_point(limit)) return std::nullopt;
  try {
    return limit[0].lowest->rounded(program.policy.rounding_digits, program.policy.rounding);
  } catch (const DecimalOverflow&) {
    return std::nullopt;
  }
}

}  // namespace

std::optional<Decimal> constant_cap_limit(const CheckedProgram& program, const CheckedMeasure& measure,
                                          const Cap& cap) {
  if (cap.already_paid) return std::nullopt;
  RangeAnalysis analysis(program);
  return rounded_point(program, analysis.of(*cap.limit, conditions_of(analysis, *measure.declaration, false)));
}

std::optional<Decimal> constant_total_cap_limit(const CheckedProgram& program, const TotalCapDecl& cap) {
  if (!cap.limit) return std::nullopt;
  return rounded_point(program, RangeAnalysis(program).of(*cap.limit, {}));
}

}  // namespace clause
