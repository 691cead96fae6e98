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
// The total cap is judged against the measures as their own caps leave them.

#include <fmt/format.h>

#include <algorithm>

#include "interpreter/lint_bounds.hpp"
#include "interpreter/lints.hpp"
#include "interpreter/value_format.hpp"

namespace clause {
namespace {

using namespace syntax;

// What reaches a cap: the amount, or what a cap above it leaves.
struct Reaching {
  bool pays = false;  // some enterprise may be paid something
  std::optional<Decimal> most;
  Span most_from;
  const Cap* most_by_cap = nullptr;  // the cap above that holds the most down
  std::optional<Decimal> least;
  Span least_from;
  const Cap* least_by_cap = nullptr;
};

// Judges a measure's caps, and returns what the measure pays after them.
Reaching lint_measure_caps(const CheckedProgram& program, const CheckedMeasure& measure, Diagnostics& diagnostics) {
  const MeasureDecl& declaration = *measure.declaration;
  if (!declaration.amount) return Reaching{};
  AmountReach reach = amount_reach(program, measure);
  bool items = declaration.for_each.has_value();
  bool one_item = !items || declaration.for_each->keep_highest;
  Reaching reaching;
  if (one_item || (reach.most && reach.most->is_zero())) {
    reaching.most = reach.most;
    reaching.most_from = reach.most_from;
  }
  reaching.pays = reach.pays;
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
    if (limit->is_negative()) {
      // A cap below 0 lets nothing through (a subsidy is never negative): from here the measure pays nothing.
      if (reaching.pays) {
        diagnostics.warning("W0708", cap.span,
                            fmt::format("cap {} = {} is below 0, so it always binds: a subsidy is never negative, and "
                                        "measure {} always pays 0.00",
                                        written, format_money(*limit), measure.article));
      }
      reaching = Reaching{};
      reaching.most = Decimal{};
      reaching.most_from = cap.span;
      reaching.most_by_cap = &cap;
      continue;
    }
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
  return reaching;
}

// The total cap, judged the same way against the measures' totals: it never
// binds when what they can pay together is at most its limit, and always binds
// when any one measure that pays anything pays at least its limit.
void lint_total_cap(const CheckedProgram& program, const std::vector<Reaching>& measures, Diagnostics& diagnostics) {
  const TotalCapDecl& cap = *program.total_cap->declaration;
  std::optional<Decimal> limit = constant_total_cap_limit(program, cap);
  if (!limit || measures.empty()) return;
  std::string written(program.source->slice(cap.limit->span));
  if (limit->is_negative()) {
    // Below 0 the total cap is 0 (a subsidy is never negative): nothing is ever paid.
    const bool any_pays = std::any_of(measures.begin(), measures.end(), [](const Reaching& measure) { return measure.pays; });
    if (any_pays) {
      diagnostics.warning("W0708", cap.limit->span,
                          fmt::format("total cap {} = {} is below 0, so it always binds: a subsidy is never negative, "
                                      "and every measure always pays 0.00",
                                      written, format_money(*limit)));
    }
    return;
  }
  std::optional<Decimal> most = Decimal{};
  std::optional<Decimal> least;
  std::size_t least_index = 0;
  bool any_pays = false;
  bool least_known = true;
  for (std::size_t i = 0; i < measures.size(); ++i) {
    const Reaching& measure = measures[i];
    most = most && measure.most ? std::optional<Decimal>(*most + *measure.most) : std::nullopt;
    if (!measure.pays) continue;
    any_pays = true;
    if (!measure.least) least_known = false;
    if (measure.least && (!least || *measure.least < *least)) {
      least = measure.least;
      least_index = i;
    }
  }
  if (most && *limit >= *most) {
    std::vector<DiagnosticNote> notes;
    for (std::size_t i = 0; i < measures.size(); ++i) {
      if (!measures[i].pays) continue;
      notes.push_back({measures[i].most_from, fmt::format("measure {} pays at most {}", program.measures[i].article,
                                                          format_money(*measures[i].most))});
    }
    diagnostics.warning("W0707", cap.limit->span,
                        fmt::format("total cap {} = {} can never bind: the measures together pay at most {}", written,
                                    format_money(*limit), format_money(*most)),
                        std::move(notes));
  } else if (any_pays && least_known && least && *limit <= *least) {
    const CheckedMeasure& smallest = program.measures[least_index];
    diagnostics.warning(
        "W0708", cap.limit->span,
        fmt::format("total cap {} = {} always binds: whenever a measure pays anything it pays at least {}, so the "
                    "measures together always pay the total cap, {}",
                    written, format_money(*limit), format_money(*least), format_money(*limit)),
        {DiagnosticNote{measures[least_index].least_from,
                        fmt::format("the least measure {} can pay, {}, comes from here", smallest.article,
                                    format_money(*least))}});
  }
}

}  // namespace

void lint_caps(const CheckedProgram& program, Diagnostics& diagnostics) {
  std::vector<Reaching> measures;
  for (const CheckedMeasure& measure : program.measures) {
    measures.push_back(lint_measure_caps(program, measure, diagnostics));
  }
  if (program.total_cap) lint_total_cap(program, measures, diagnostics);
}

}  // namespace clause
