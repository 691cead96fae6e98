#include "interpreter/check_brackets.hpp"

#include <algorithm>
#include <fmt/format.h>

#include "dsl/syntax_walk.hpp"

namespace clause {
namespace {

using namespace syntax;

// One end of a range with constant bounds; no value means unbounded.
struct End {
  std::optional<Decimal> value;
  bool inclusive = false;
};

struct Range {
  End lower;
  End upper;
  Span span;
  std::size_t index = 0;
};

std::optional<Decimal> constant_value(const CheckedProgram& program, const Expr& expr) {
  if (auto* literal = std::get_if<NumberLiteral>(&expr.kind)) return literal->value;
  if (auto* unary = std::get_if<Unary>(&expr.kind); unary && unary->op == UnaryOp::negate) {
    if (auto inner = constant_value(program, *unary->operand)) return -*inner;
    return std::nullopt;
  }
  const Reference& reference = program.reference_of(expr);
  if (std::holds_alternative<NameRef>(expr.kind) && reference.kind == ReferenceKind::param) {
    const Value& value = program.params[static_cast<std::size_t>(reference.index)].value;
    if (auto* number = std::get_if<Decimal>(&value.data)) return *number;
  }
  return std::nullopt;
}

std::optional<Range> constant_range(const CheckedProgram& program, const Interval& interval, std::size_t index) {
  Range range{{std::nullopt, interval.lower.inclusive}, {std::nullopt, interval.upper.inclusive}, interval.span, index};
  if (interval.lower.value) {
    range.lower.value = constant_value(program, *interval.lower.value);
    if (!range.lower.value) return std::nullopt;
  }
  if (interval.upper.value) {
    range.upper.value = constant_value(program, *interval.upper.value);
    if (!range.upper.value) return std::nullopt;
  }
  return range;
}

// The larger of two lower ends: where an intersection starts.
End later_start(const End& a, const End& b) {
  if (!a.value) return b;
  if (!b.value) return a;
  if (*a.value != *b.value) return *a.value > *b.value ? a : b;
  return End{a.value, a.inclusive && b.inclusive};
}

// The smaller of two upper ends: where an intersection stops.
End earlier_stop(const End& a, const End& b) {
  if (!a.value) return b;
  if (!b.value) return a;
  if (*a.value != *b.value) return *a.value < *b.value ? a : b;
  return End{a.value, a.inclusive && b.inclusive};
}

bool is_empty(const End& lower, const End& upper) {
  if (!lower.value || !upper.value) return false;
  if (*lower.value < *upper.value) return false;
  return !(*lower.value == *upper.value && lower.inclusive && upper.inclusive);
}

// A value inside a non-empty range, as simple as possible: its start if included,
// a fen above it if that still lies inside, else the midpoint.
Decimal witness(const End& lower, const End& upper) {
  if (!lower.value) return upper.value ? *upper.value - Decimal::from_integer(1) : Decimal::from_integer(0);
  if (lower.inclusive) return *lower.value;
  Decimal fen = *lower.value + Decimal::from_parts(1, 2);
  if (!upper.value || fen < *upper.value || (fen == *upper.value && upper.inclusive)) return fen;
  return Decimal::divide(*lower.value + *upper.value, Decimal::from_integer(2));
}

std::string show(const End& lower, const End& upper) {
  return fmt::format("{}{}, {}{}", lower.inclusive && lower.value ? '[' : '(',
                     lower.value ? lower.value->to_string() : "-inf", upper.value ? upper.value->to_string() : "inf",
                     upper.inclusive && upper.value ? ']' : ')');
}

std::string_view policy_name(HitPolicy policy) {
  switch (policy) {
    case HitPolicy::unique: return "unique";
    case HitPolicy::highest: return "highest (就高: the larger amount is paid)";
    case HitPolicy::first: return "first (the bracket written first wins)";
    case HitPolicy::sum: return "sum (the amounts of all matching brackets are added)";
  }
  return "unique";
}

void check_overlaps(const std::vector<Range>& ranges, HitPolicy policy, std::string_view subject, Diagnostics& diagnostics,
                    std::string_view what) {
  for (std::size_t i = 0; i < ranges.size(); ++i) {
    for (std::size_t j = i + 1; j < ranges.size(); ++j) {
      End lower = later_start(ranges[i].lower, ranges[j].lower);
      End upper = earlier_stop(ranges[i].upper, ranges[j].upper);
      if (is_empty(lower, upper)) continue;
      // Tiers split an amount into parts of positive length, so tiers that share
      // only a bound ([0, 10万] and [10万, inf)) take nothing twice.
      bool single_value = lower.value && upper.value && *lower.value == *upper.value;
      if (what == "tier" && single_value) continue;
      std::string at = single_value
                           ? fmt::format("at {} = {}", subject, lower.value->to_string())
                           : fmt::format("on {} (for example {} = {})", show(lower, upper), subject,
                                         witness(lower, upper).to_string());
      std::vector<DiagnosticNote> notes = {{ranges[i].span, fmt::format("the other {} is here", what)}};
      if (what == "tier") {
        // Tiers have no hit policy: each part of the subject belongs to one tier.
        notes.push_back({Span{}, "each part of the amount belongs to one tier: start each tier where the one before it ends, such as [0, 10万) and [10万, inf)"});
        diagnostics.error("E0301", ranges[j].span, fmt::format("{}s overlap {}", what, at), notes);
      } else if (policy == HitPolicy::unique) {
        notes.push_back({Span{}, "say how to resolve it: 'hit highest' (就高), 'hit first' or 'hit sum', or fix the bounds"});
        diagnostics.error("E0301", ranges[j].span, fmt::format("{}s overlap {}", what, at), notes);
      } else {
        diagnostics.note("N0301", ranges[j].span, fmt::format("{}s overlap {}; resolved by {}", what, at, policy_name(policy)),
                         notes);
      }
    }
  }
}

// Amounts and rates are never negative, so their brackets need to cover [0, inf).
void check_gaps(std::vector<Range> ranges, bool non_negative, std::string_view subject, Span where, Diagnostics& diagnostics) {
  std::sort(ranges.begin(), ranges.end(), [](const Range& a, const Range& b) {
    if (!a.lower.value || !b.lower.value) return !a.lower.value && b.lower.value;
    if (*a.lower.value != *b.lower.value) return *a.lower.value < *b.lower.value;
    return a.lower.inclusive && !b.lower.inclusive;
  });
  // `covered` is the upper end of what the sorted brackets so far cover; before
  // the first, amounts are covered up to (not including) 0, plain numbers nowhere.
  std::optional<End> covered;
  if (non_negative) covered = End{Decimal::from_integer(0), false};
  auto report = [&](const End& from, const End& to) {
    diagnostics.warning("W0302", where,
                        fmt::format("no bracket covers {} in {}: it gets nothing there; add 'otherwise: 0' if that is meant",
                                    subject, show(from, to)));
  };
  for (const Range& range : ranges) {
    if (range.lower.value) {
      End gap_start = covered ? End{covered->value, !covered->inclusive} : End{std::nullopt, false};
      End gap_end{range.lower.value, !range.lower.inclusive};
      if (!is_empty(gap_start, gap_end)) report(gap_start, gap_end);
    }
    if (!range.upper.value) return;  // covered to infinity
    if (!covered || *range.upper.value > *covered->value ||
        (*range.upper.value == *covered->value && range.upper.inclusive)) {
      covered = range.upper;
    }
  }
  if (covered) report(End{covered->value, !covered->inclusive}, End{std::nullopt, false});
}

void check_brackets(const CheckedProgram& program, const Expr& expr, const Brackets& brackets, Diagnostics& diagnostics) {
  // Brackets over a subject that is not a number were reported by the type checker;
  // their ranges mean nothing.
  const Type& subject_type = program.type_of(*brackets.subject);
  if (!subject_type.is_numeric() || subject_type.optional) return;
  std::vector<Range> ranges;
  for (std::size_t i = 0; i < brackets.brackets.size(); ++i) {
    auto range = constant_range(program, brackets.brackets[i].range, i);
    if (!range) {
      diagnostics.warning("W0303", brackets.brackets[i].range.span,
                          "this bracket's bounds are not literals or parameters, so overlaps and gaps cannot be checked");
      return;
    }
    if (is_empty(range->lower, range->upper)) {
      diagnostics.error("E0304", range->span, fmt::format("this bracket is empty: no value lies in {}", show(range->lower, range->upper)));
    }
    ranges.push_back(*range);
  }
  std::string subject(program.source->slice(brackets.subject->span));
  check_overlaps(ranges, brackets.hit_policy, subject, diagnostics, "bracket");
  if (!brackets.otherwise && !brackets.brackets.empty()) {  // no brackets at all is E0304 already
    TypeKind kind = subject_type.kind;
    check_gaps(ranges, kind == TypeKind::money || kind == TypeKind::rate, subject, expr.span, diagnostics);
  }
}

void check_tiers(const CheckedProgram& program, const Tiers& tiers, Diagnostics& diagnostics) {
  const Type& subject_type = program.type_of(*tiers.subject);
  if (!subject_type.is_numeric() || subject_type.optional) return;
  std::vector<Range> ranges;
  for (std::size_t i = 0; i < tiers.tiers.size(); ++i) {
    auto range = constant_range(program, tiers.tiers[i].range, i);
    if (!range) return;
    ranges.push_back(*range);
  }
  std::string subject(program.source->slice(tiers.subject->span));
  check_overlaps(ranges, HitPolicy::unique, subject, diagnostics, "tier");
}

}  // namespace

void check_all_brackets(const CheckedProgram& program, Diagnostics& diagnostics) {
  walk_program(program.syntax, [&](const Expr& expr) {
    if (auto* brackets = std::get_if<Brackets>(&expr.kind)) check_brackets(program, expr, *brackets, diagnostics);
    if (auto* tiers = std::get_if<Tiers>(&expr.kind)) check_tiers(program, *tiers, diagnostics);
  });
}

}  // namespace clause
