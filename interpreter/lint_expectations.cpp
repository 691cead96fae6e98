// A measure's `expect W0701 "why"`: a warning the checks give the measure,
// reviewed and kept because the text of the law says so (a subsidy of 50% of a
// fee up to 5万 and 20% above it pays less just above 5万 than at 5万: a cliff
// the policy office wrote on purpose). The warning is taken out of what `clause check` shows,
// so the warnings left are the ones to look at. An expectation must still be
// met: when the measure no longer has the warning (the rule was mended, the
// numbers changed), the expectation itself is reported (W0709), so it cannot
// go on hiding a warning it was never written for.

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <string>
#include <string_view>

#include "interpreter/lints.hpp"

namespace clause {
namespace {

// The warnings a measure can have, and the lint level that looks for each.
struct ExpectableWarning {
  std::string_view code;
  LintLevel level;
};
constexpr std::array<ExpectableWarning, 5> expectable_warnings{{
    {"W0701", LintLevel::numbers},
    {"W0704", LintLevel::all},
    {"W0705", LintLevel::all},
    {"W0707", LintLevel::numbers},
    {"W0708", LintLevel::numbers},
}};

const ExpectableWarning* expectable(std::string_view code) {
  auto found = std::find_if(expectable_warnings.begin(), expectable_warnings.end(),
                            [&](const ExpectableWarning& warning) { return warning.code == code; });
  return found == expectable_warnings.end() ? nullptr : &*found;
}

bool looked_for(const ExpectableWarning& warning, LintLevel level) {
  return level == LintLevel::all || warning.level == LintLevel::numbers;
}

bool inside(Span inner, Span outer) { return outer.begin <= inner.begin && inner.end <= outer.end; }

void apply_expectation(const CheckedMeasure& measure, const syntax::Expectation& expectation,
                       Diagnostics& diagnostics, LintLevel level) {
  const ExpectableWarning* warning = expectable(expectation.code);
  if (warning == nullptr) {
    std::string codes;
    for (const ExpectableWarning& each : expectable_warnings) codes += (codes.empty() ? "" : ", ") + std::string(each.code);
    diagnostics.warning("W0709", expectation.code_span,
                        fmt::format("a measure cannot expect {}: the warnings of a measure's rules are {}",
                                    expectation.code, codes));
    return;
  }
  if (!looked_for(*warning, level)) return;  // W0704 and W0705 are looked for by `clause check --lint` only
  const std::size_t met = diagnostics.remove_if([&](const Diagnostic& diagnostic) {
    return diagnostic.severity == Severity::warning && diagnostic.code == expectation.code &&
           inside(diagnostic.span, measure.declaration->span);
  });
  if (met > 0) return;
  diagnostics.warning("W0709", expectation.span,
                      fmt::format("measure {} expects {}, but the checks find none in it", measure.article,
                                  expectation.code),
                      {{Span{}, "remove the expectation, or check the rule it was written for"}});
}

}  // namespace

void apply_expectations(const CheckedProgram& program, Diagnostics& diagnostics, LintLevel level) {
  if (level == LintLevel::none) return;
  for (const CheckedMeasure& measure : program.measures) {
    for (const syntax::Expectation& expectation : measure.declaration->expectations) {
      apply_expectation(measure, expectation, diagnostics, level);
    }
  }
}

}  // namespace clause
