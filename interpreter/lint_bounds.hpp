#pragma once
// What the policy alone says about the values an amount can take, for the lints
// about caps (lint_caps.cpp): W0707, a cap above every amount, and W0708, a cap
// at or below every amount the measure pays.
//
// An expression's values are a few ranges of exact decimals, each with the part
// of the policy its lowest and highest values come from. Constants, parameters,
// table cells, brackets (each bracket's amount with its subject inside its
// range), tiers of constant rates, `if`, min, max, abs and + - * / are followed; a fact is known only as
// far as the measure's `when` conditions (and a `for each`'s `where`) bound it:
// `when invested >= 30万` makes `invested * 10%` at least 30000. Anything else
// is unbounded. The ranges always hold every value the evaluator can produce
// (they may hold more), so a lint built on them never reports a cap wrongly; it
// only misses some.

#include <optional>
#include <vector>

#include "interpreter/checked_program.hpp"

namespace clause {

// Every value from lowest to highest (either end may be excluded: caps compare
// with <= and >=, so the ends are all that matters). No end: unbounded.
struct ValueRange {
  std::optional<Decimal> lowest;
  std::optional<Decimal> highest;
  Span lowest_from;   // the part of the policy that gives the lowest value
  Span highest_from;  // and the highest
};

// The values an expression can take: the union of its ranges. Empty when the
// expression can never be evaluated (conditions that contradict each other).
using ValueRanges = std::vector<ValueRange>;

// A measure's amount as it is paid before its caps: when its conditions hold,
// rounded once, never negative. For a `for each` measure, one item's amount.
struct AmountReach {
  std::optional<Decimal> most;  // nullopt: grows with the facts
  Span most_from;
  // The smallest amount above 0 it can pay; nullopt when it can be as small as
  // the rounding allows, or when it never pays anything (see pays).
  std::optional<Decimal> least_positive;
  Span least_from;
  bool pays = true;  // false: the amount is always 0
};

// The ranges of `expr` under no conditions.
ValueRanges value_ranges(const CheckedProgram& program, const syntax::Expr& expr);

AmountReach amount_reach(const CheckedProgram& program, const CheckedMeasure& measure);

// The limit of a plain `cap` when the policy fixes it (a literal, a parameter,
// constants worked out), rounded as the evaluator rounds it; nullopt when it
// depends on the facts, and for a cumulative cap.
std::optional<Decimal> constant_cap_limit(const CheckedProgram& program, const CheckedMeasure& measure,
                                          const syntax::Cap& cap);

// The same for the total cap's limit, read under no condition.
std::optional<Decimal> constant_total_cap_limit(const CheckedProgram& program, const syntax::TotalCapDecl& cap);

}  // namespace clause
