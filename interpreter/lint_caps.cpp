// W0707 and W0708: caps that do nothing, and caps that do everything.
//
// W0707: the most a measure's amount can be follows from the policy alone and
// the cap is at least that: it never changes a result. Either a number is
// wrong, or the cap is a sentence a reader must check for nothing.
// W0708: the least the measure pays, whenever it pays anything, is at or above
// the cap: the measure is really "pay the cap", and the amount it states (a
// fixed award, every bracket, the rate over the threshold) never matters.
//
// Both read the bounds of lint_bounds.hpp, and judge each plain cap with a
// constant limit against the amount as it reaches that cap: after the caps
// written above it. For `for each`, the bounds are one item's:
// - a cap can never bind only when the measure keeps one item (`keep highest
//   by`): otherwise the items add up, and no count of items is known;
// - a cap always binds whenever every item that pays is at least the cap: a
//   total above 0 holds such an item, and 就高不重复 only sets items to 0.
// A cumulative cap is never judged: what it leaves depends on what earlier years
// were paid, and a lifetime limit equal to one award ("once only") is a
// reading a policy means.

#include <fmt/format.h>

#include "interpreter/lint_bounds.hpp"
#include "interpreter/lints.hpp"
#include "interpreter/value_format.hpp"

namespace clause {
namespace {

using namespace syntax;

// What reaches a cap: the amount, or what a cap above it leaves.
struct Reaching {
  std::optional<Decimal> most;
  Span most_from;
  const Cap* most_by_cap = nullptr;  // the cap above that holds the most down
  std::optional<Decimal> least;
  Span least_from;
  const Cap* least_by_cap = nullptr;
};

void lint_measure_caps(const CheckedProgram& program, const CheckedMeasure& measure, Diagnostics& diagnostics) {
  const MeasureDecl& declaration = *measure.declaration;
  if (!declaration.amount || declaration.caps.empty()) return;
  AmountReach reach = amount_reach(program, measure);
  bool items = declaration.for_each.has_value();
  bool one_item = !items || declaration.for_each->keep_highest;
  Reaching reaching;
  if (one_item || (reach.most && reach.most->is_zero())) {
    reaching.most = reach.most;
    reaching.most_from = reach.most_from;
  }
  if (reach.pays) {
    reaching.least = reach.least_positive;
    reaching.least_from = reach.least_from;
  }
  const SourceFile& source = *program.source;
  for (const Cap& cap : declaration.caps) {
    std::optional<Decimal> limit = constant_cap_limit(program, measure, cap);
    if (!limit) {
      // A cap that depends on the facts (or on earlier years) may leave any amount down to 0.
      reaching.least.reset();
      continue;
    }
    std::string written(source.slice(cap.limit->span));
    if (reaching.most && *limit >= *reaching.most) {
      std::string why =
          reaching.most_by_cap
              ? fmt::format("cap {} above already holds measure {}'s amount to {}",
                            source.slice(reaching.most_by_cap->limit->span), measure.article,
                            format_money(*reaching.most))
          : !items ? fmt::format("measure {}'s amount is at most {}", measure.article, format_money(*reaching.most))
          : one_item ? fmt::format("measure {} pays one item (keep highest by), and an item is at most {}",
                                   measure.article, format_money(*reaching.most))
                     : fmt::format("no item of measure {} pays more than {}", measure.article,
                                   format_money(*reaching.most));
      diagnostics.warning("W0707", cap.span,
                          fmt::format("cap {} = {} can never bind: {}", written, format_money(*limit), why),
                          {DiagnosticNote{reaching.most_from,
                                          fmt::format("the most it can be, {}, comes from here",
                                                      format_money(*reaching.most))}});
    } else if (reaching.least && *limit <= *reaching.least) {
      std::string why =
          reaching.least_by_cap
              ? fmt::format("whenever measure {} pays anything, cap {} above leaves at least {}", measure.article,
                            source.slice(reaching.least_by_cap->limit->span), format_money(*reaching.least))
          : items ? fmt::format("every item of measure {} that pays anything pays at least {}", measure.article,
                                format_money(*reaching.least))
                  : fmt::format("whenever measure {} pays anything, its amount is at least {}", measure.article,
                                format_money(*reaching.least));
      diagnostics.warning(
          "W0708", cap.span,
          fmt::format("cap {} = {} always binds: {}, so the measure always pays the cap, {}", written,
                      format_money(*limit), why, format_money(*limit)),
          {DiagnosticNote{reaching.least_from, fmt::format("the least it can be, {}, comes from here",
                                                           format_money(*reaching.least))}});
    }
    // What the next cap sees: no more than this limit.
    if (!reaching.most || *limit < *reaching.most) {
      reaching.most = limit;
      reaching.most_from = cap.span;
      reaching.most_by_cap = &cap;
    }
    if (reaching.least && *limit < *reaching.least) {
      reaching.least = limit;
      reaching.least_from = cap.span;
      reaching.least_by_cap = &cap;
    }
  }
}

}  // namespace

void lint_caps(const CheckedProgram& program, Diagnostics& diagnostics) {
  for (const CheckedMeasure& measure : program.measures) lint_measure_caps(program, measure, diagnostics);
}

}  // namespace clause
