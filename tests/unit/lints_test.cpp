// Lints: each warning where the policy invites it, and none where it does not.

#include <doctest/doctest.h>
#include <fmt/format.h>

#include <fstream>
#include <sstream>

#include "interpreter/lint_bounds.hpp"
#include "interpreter/lints.hpp"
#include "test_support.hpp"

using namespace clause;
using namespace clause::testing;

namespace {

// The lints' warnings for a policy that checks without errors, rendered.
std::string lint(const std::string& text) {
  Checked checked = check_text(text);
  REQUIRE_FALSE(checked.diagnostics.has_errors());
  Diagnostics lints;
  lint_program(*checked.program, lints);
  std::string rendered;
  for (const Diagnostic& diagnostic : lints.all()) rendered += diagnostic.code + ": " + diagnostic.message + "\n";
  return rendered;
}

std::string cloud(std::string_view hit, std::string_view lower, std::string_view upper, std::string_view cap) {
  return policy_with("  fee: money\n", std::string("measure 一 \"云\" {\n  > 条文\n  amount brackets fee ") + std::string(hit) +
                                           " {\n    " + std::string(lower) + "\n    " + std::string(upper) +
                                           "\n    otherwise: 0\n  }\n" + std::string(cap) + "}\n");
}

}  // namespace

TEST_CASE("a drop one fen past a bound is a cliff, with both values") {
  std::string found = lint(cloud("hit highest", "(2万, 5万]: fee * 50%", "[5万, inf): fee * 20%", "  cap 6万\n"));
  CHECK(found ==
        "W0701: cliff: fee = 50000 is paid 25000.00, but fee = 50000.01 is paid 10000.00: one step more lowers the "
        "award by 15000.00\n");
}

TEST_CASE("a drop on reaching a bound is a cliff too") {
  std::string found = lint(cloud("", "(2万, 5万): fee * 50%", "[5万, inf): fee * 20%", ""));
  CHECK(found.find("fee = 49999.99 is paid 24999.99") == std::string::npos);  // rounded half-up: 24999.995 → 25000.00
  CHECK(found.find("fee = 49999.99 is paid 25000.00, but fee = 50000 is paid 10000.00") != std::string::npos);
}

TEST_CASE("brackets that only rise, or whose drop a cap hides, are no cliff") {
  CHECK(lint(cloud("", "(2万, 5万]: fee * 50%", "(5万, inf): fee * 60%", "")) == "");
  CHECK(lint(cloud("", "[0, 30万]: fee * 20%", "(30万, inf): 5万", "  cap 5万\n")) == "");
  CHECK(lint(cloud("", "[0, 30万]: fee * 20%", "(30万, inf): 5万", "")).starts_with("W0701"));
}

TEST_CASE("brackets whose amounts read other facts are not judged") {
  std::string text = policy_with("  fee: money\n  other: money\n",
                                 "measure 一 \"云\" {\n  > 条文\n  amount brackets fee {\n    [0, 5万): other\n"
                                 "    [5万, inf): 0\n  }\n}\n");
  CHECK(lint(text) == "");
}

TEST_CASE("unused parameters and facts; id and names read by tables are used") {
  std::string text = policy_with("  spend: money\n  unused_fact: money = 0\n",
                                 "param rate = 10%\nparam unused_param = 5%\nparam top = 1万\n"
                                 "measure 一 \"补助\" {\n  > 条文\n  amount min(spend * rate, top)\n}\n");
  std::string found = lint(text);
  CHECK(found.find("W0702: parameter 'unused_param'") != std::string::npos);
  CHECK(found.find("W0703: fact 'unused_fact'") != std::string::npos);
  CHECK(found.find("'rate'") == std::string::npos);
  CHECK(found.find("'id'") == std::string::npos);
}

TEST_CASE("units that look off") {
  std::string text = policy_with("  spend: money\n",
                                 "param small: money = 30\nparam rate = 0.1\nparam high = 120%\nparam fine = 30万\n"
                                 "measure 一 \"补助\" {\n  > 条文\n  amount min(spend * rate * high, small, fine)\n}\n");
  std::string found = lint(text);
  CHECK(found.find("'small' looks off: 30 yuan") != std::string::npos);
  CHECK(found.find("'rate' looks off: 0.1 is a plain number") != std::string::npos);
  CHECK(found.find("'high' looks off: a rate of 120% is more than 100%") != std::string::npos);
  CHECK(found.find("'fine'") == std::string::npos);
}

// ---- Caps: W0707 never binds, W0708 always binds (lint_caps.cpp, on lint_bounds.cpp) ----

namespace {

std::string measure(std::string_view body) {
  return std::string("measure 一 \"补助\" {\n  > 条文\n") + std::string(body) + "}\n";
}

// Only the cap lints, with their notes and carets.
std::string caps_rendered(const std::string& text) {
  Checked checked = check_text(text);
  REQUIRE_FALSE(checked.diagnostics.has_errors());
  Diagnostics found;
  lint_caps(*checked.program, found);
  std::string rendered;
  for (const Diagnostic& diagnostic : found.all()) rendered += render(diagnostic, *checked.source);
  return rendered;
}

std::string caps(const std::string& text) {
  Checked checked = check_text(text);
  REQUIRE_FALSE(checked.diagnostics.has_errors());
  Diagnostics found;
  lint_caps(*checked.program, found);
  std::string codes;
  for (const Diagnostic& diagnostic : found.all()) codes += diagnostic.code + ": " + diagnostic.message + "\n";
  return codes;
}

const char* const recognition_facts =
    "  kinds: list of recognition = []\n"
    "  spend: money = 0\n";
const char* const recognition_rules =
    "enum kind { scenario factory }\n"
    "enum level { national provincial municipal }\n"
    "record recognition {\n  kind: kind\n  level: level\n  amount: money = 0\n}\n"
    "table award by kind × level {\n"
    "            national  provincial  municipal\n"
    "  scenario: 10万      5万         —\n"
    "  factory:  30万      1万         —\n"
    "}\n";

}  // namespace

TEST_CASE("a fixed award above its cap: the cap always binds, with both values and both places") {
  std::string text = policy_with("", measure("  amount 10万\n  cap 5万\n"));
  CHECK(caps_rendered(text) ==
        "test.clause:12:3: warning[W0708]: cap 5万 = 50000.00 always binds: whenever measure 一 pays anything, its "
        "amount is at least 100000.00, so the measure always pays the cap, 50000.00\n"
        " 12 |   cap 5万\n"
        "    |   ^^^^^^^\n"
        "test.clause:11:10: note: the least it can be, 100000.00, comes from here\n"
        " 11 |   amount 10万\n"
        "    |          ^^^^\n");
}

TEST_CASE("a cap equal to a fixed award never binds (W0707), it does not always bind") {
  CHECK(caps(policy_with("", measure("  amount 5万\n  cap 5万\n"))).starts_with("W0707: cap 5万 = 50000.00 can never bind"));
}

TEST_CASE("brackets whose every paying bracket is at or above the cap") {
  std::string text = policy_with("  employees: integer\n",
                                 measure("  amount brackets employees {\n    [100, 500): 5万\n    [500, inf): 10万\n"
                                         "    otherwise: 0\n  }\n  cap 3万\n"));
  std::string found = caps_rendered(text);
  CHECK(found.find("warning[W0708]: cap 3万 = 30000.00 always binds: whenever measure 一 pays anything, its amount "
                   "is at least 50000.00") != std::string::npos);
  CHECK(found.find("test.clause:13:17: note: the least it can be, 50000.00, comes from here") != std::string::npos);
  // One bracket below the cap: the cap binds for some enterprises only.
  CHECK(caps(policy_with("  employees: integer\n",
                         measure("  amount brackets employees {\n    [100, 500): 2万\n    [500, inf): 10万\n"
                                 "    otherwise: 0\n  }\n  cap 3万\n"))) == "");
}

TEST_CASE("a rate over a threshold the conditions set: the amount is at least the rate times the threshold") {
  auto with_cap = [](std::string_view cap) {
    return caps(policy_with("  invested: money\n", measure(std::string("  when invested >= 30万\n  amount invested * 10%\n"
                                                                       "  cap ") + std::string(cap) + "\n")));
  };
  CHECK(with_cap("2万").starts_with("W0708: cap 2万 = 20000.00 always binds: whenever measure 一 pays anything, its "
                                   "amount is at least 30000.00"));
  CHECK(with_cap("3万").starts_with("W0708"));  // at the threshold the amount is the cap: it pays 3万 always
  CHECK(with_cap("3.5万") == "");
  // Without the condition the amount can be a fen: nothing to say.
  CHECK(caps(policy_with("  invested: money\n", measure("  amount invested * 10%\n  cap 2万\n"))) == "");
  // A condition that does not bound the amount from below says nothing either.
  CHECK(caps(policy_with("  invested: money\n",
                         measure("  when invested >= 30万 or invested < 1万\n  amount invested * 10%\n  cap 2万\n"))) ==
        "");
}

TEST_CASE("a bracket's amount is bounded by the bracket's own range") {
  auto with_cap = [](std::string_view cap) {
    return caps(policy_with("  fee: money\n", measure(std::string("  amount brackets fee {\n    (2万, 5万]: fee * 50%\n"
                                                                  "    otherwise: 0\n  }\n  cap ") +
                                                      std::string(cap) + "\n")));
  };
  CHECK(with_cap("1万").starts_with("W0708: cap 1万 = 10000.00 always binds"));
  CHECK(with_cap("2万") == "");
  CHECK(with_cap("2.5万").starts_with("W0707: cap 2.5万 = 25000.00 can never bind: measure 一's amount is at most "
                                     "25000.00"));
}

TEST_CASE("for each: a cap always binds when every item that pays is at least the cap") {
  std::string text = policy_with(recognition_facts, std::string(recognition_rules) +
                                                        "measure 一 \"场景\" {\n  > 条文\n"
                                                        "  for each r in kinds where r.kind == scenario\n"
                                                        "  amount award[r.kind, r.level]\n  cap 5万\n}\n");
  CHECK(caps(text) ==
        "W0708: cap 5万 = 50000.00 always binds: every item of measure 一 that pays anything pays at least 50000.00, "
        "so the measure always pays the cap, 50000.00\n");
  // The where keeps the factory row out; without it, its 1万 is below the cap.
  std::string any_kind = policy_with(recognition_facts, std::string(recognition_rules) +
                                                            "measure 一 \"认定\" {\n  > 条文\n  for each r in kinds\n"
                                                            "  amount award[r.kind, r.level]\n  cap 5万\n}\n");
  CHECK(caps(any_kind) == "");
}

TEST_CASE("for each: a cap above every item binds all the same when items add up, and never with keep highest") {
  std::string adding = policy_with(recognition_facts, std::string(recognition_rules) +
                                                          "measure 一 \"场景\" {\n  > 条文\n  for each r in kinds\n"
                                                          "  amount award[r.kind, r.level]\n  cap 50万\n}\n");
  CHECK(caps(adding) == "");
  std::string one = policy_with(recognition_facts, std::string(recognition_rules) +
                                                       "measure 一 \"场景\" {\n  > 条文\n  for each r in kinds\n"
                                                       "  keep highest by award[r.kind, r.level]\n"
                                                       "  amount award[r.kind, r.level]\n  cap 50万\n}\n");
  CHECK(caps(one) ==
        "W0707: cap 50万 = 500000.00 can never bind: measure 一 pays one item (keep highest by), and an item is at "
        "most 300000.00\n");
}

TEST_CASE("for each: where conditions on an item's field bound its amount") {
  std::string text = policy_with(recognition_facts, std::string(recognition_rules) +
                                                        "measure 一 \"场景\" {\n  > 条文\n"
                                                        "  for each r in kinds where r.amount >= 100万\n"
                                                        "  amount r.amount * 10%\n  cap 8万\n}\n");
  CHECK(caps(text).starts_with("W0708: cap 8万 = 80000.00 always binds: every item of measure 一 that pays anything "
                               "pays at least 100000.00"));
}

TEST_CASE("a cumulative cap is not judged, and a cap worked out from the facts hides what follows") {
  CHECK(caps(policy_with("  paid: money = 0\n", measure("  amount 10万\n  cumulative cap 5万 paid paid\n"))) == "");
  CHECK(caps(policy_with("  spend: money\n", measure("  amount 10万\n  cap spend\n  cap 5万\n"))) == "");
  // The cap 5万 after it still holds the amount down, and a later cap of 6万 never binds.
  CHECK(caps(policy_with("  spend: money\n", measure("  amount spend * 50%\n  cap 5万\n  cap 6万\n"))) ==
        "W0707: cap 6万 = 60000.00 can never bind: cap 5万 above already holds measure 一's amount to 50000.00\n");
}

TEST_CASE("caps after one that always binds see what it leaves") {
  std::string found = caps(policy_with("", measure("  amount 10万\n  cap 5万\n  cap 3万\n")));
  CHECK(found ==
        "W0708: cap 5万 = 50000.00 always binds: whenever measure 一 pays anything, its amount is at least 100000.00, "
        "so the measure always pays the cap, 50000.00\n"
        "W0708: cap 3万 = 30000.00 always binds: whenever measure 一 pays anything, cap 5万 above leaves at least "
        "50000.00, so the measure always pays the cap, 30000.00\n");
}

TEST_CASE("parameters, tables and min/max bound the amount; rounding applies before the cap") {
  std::string text = policy_with("  spend: money\n", "param award = 8万\nparam top = 5万\n" +
                                                         measure("  amount max(award, spend)\n  cap top\n"));
  CHECK(caps(text).starts_with("W0708: cap top = 50000.00 always binds"));
  // 0.004 yuan is paid as 0.00, nothing: the least amount paid is 2.00, and a cap of 1 yuan always binds.
  std::string tiny = policy_with("  fee: money\n", measure("  amount brackets fee {\n    [0, 1万): 0.004元\n"
                                                           "    [1万, inf): 2元\n  }\n  cap 1元\n"));
  CHECK(caps(tiny).starts_with("W0708: cap 1元 = 1.00 always binds: whenever measure 一 pays anything, its amount is "
                               "at least 2.00"));
}

TEST_CASE("the ranges of an expression: interval arithmetic, exact") {
  Checked checked = check_text(policy_with("  fee: money\n", "let capped = min(fee, 5万) * 2\n"
                                                             "let ratio = 10万 / (fee - 1)\n"
                                                             "let diff = 10万 - max(fee, 2万)\n"
                                                             "measure 一 \"补助\" {\n  > 条文\n  when ratio > 0\n  amount capped + diff\n}\n"));
  REQUIRE_FALSE(checked.diagnostics.has_errors());
  auto ranges_of = [&](std::size_t let) {
    return value_ranges(*checked.program, *checked.program->lets[let].declaration->value);
  };
  ValueRanges capped = ranges_of(0);
  REQUIRE(capped.size() == 1);
  CHECK_FALSE(capped[0].lowest);
  CHECK(capped[0].highest == Decimal::from_integer(100000));
  ValueRanges ratio = ranges_of(1);  // the divisor may be 0: nothing known
  REQUIRE(ratio.size() == 1);
  CHECK_FALSE(ratio[0].lowest);
  CHECK_FALSE(ratio[0].highest);
  ValueRanges diff = ranges_of(2);
  REQUIRE(diff.size() == 1);
  CHECK_FALSE(diff[0].lowest);
  CHECK(diff[0].highest == Decimal::from_integer(80000));
}

TEST_CASE("lint levels: the numbers by default, the writing with --lint, nothing with --no-lint") {
  std::string text = policy_with("", "measure 一 \"补助\" {\n  amount 10万\n  cap 5万\n}\n");
  Checked checked = check_text(text);
  REQUIRE_FALSE(checked.diagnostics.has_errors());
  auto codes = [&](LintLevel level) {
    Diagnostics found;
    lint_program(*checked.program, found, level);
    std::string listed;
    for (const Diagnostic& diagnostic : found.all()) listed += diagnostic.code + " ";
    return listed;
  };
  CHECK(codes(LintLevel::none) == "");
  CHECK(codes(LintLevel::numbers) == "W0708 ");
  CHECK(codes(LintLevel::all) == "W0704 W0708 ");
}

TEST_CASE("the Luojiang policy: no cap that never or always binds") {
  std::ifstream file(std::string(CLAUSE_SOURCE_DIR) + "/policies/luojiang-2023.clause");
  std::stringstream text;
  text << file.rdbuf();
  REQUIRE_FALSE(text.str().empty());
  CHECK(caps(text.str()) == "");
}

TEST_CASE("for each: items that never pay anything leave every cap idle") {
  std::string text = policy_with(recognition_facts, std::string(recognition_rules) +
                                                        "measure 一 \"场景\" {\n  > 条文\n  for each r in kinds\n"
                                                        "  amount 0元\n  cap 5万\n}\n");
  CHECK(caps(text) == "W0707: cap 5万 = 50000.00 can never bind: no item of measure 一 pays more than 0.00\n");
}

TEST_CASE("lets that each name the one before twice are followed only so far") {
  std::string lets = "let a0 = 10万\n";
  for (int i = 1; i <= 40; ++i) lets += fmt::format("let a{} = min(a{}, a{})\n", i, i - 1, i - 1);
  std::string text = policy_with("", lets + measure("  amount a40\n  cap 5万\n"));
  // Followed all the way, a40 is 10万 and the cap always binds; 2^40 steps is too many, so nothing is said.
  CHECK(caps(text) == "");
  std::string short_chain = "let a0 = 10万\n";
  for (int i = 1; i <= 4; ++i) short_chain += fmt::format("let a{} = min(a{}, a{})\n", i, i - 1, i - 1);
  CHECK(caps(policy_with("", short_chain + measure("  amount a4\n  cap 5万\n"))).starts_with("W0708"));
}

TEST_CASE("tiers: the ends of the subject's range give the ends of the amount's") {
  auto tiered = [](std::string_view condition, std::string_view top, std::string_view cap) {
    return caps(policy_with("  invested: money\n",
                            measure(std::string(condition) + "  amount tiers invested {\n    [0, 10万): 5%\n"
                                    "    [10万, 50万): 3%\n" + std::string(top) + "  }\n  cap " + std::string(cap) +
                                    "\n")));
  };
  // From 50万 up: 10万 × 5% + 40万 × 3% = 17000 at least.
  CHECK(tiered("  when invested >= 50万\n", "    [50万, inf): 1%\n", "1.5万") ==
        "W0708: cap 1.5万 = 15000.00 always binds: whenever measure 一 pays anything, its amount is at least "
        "17000.00, so the measure always pays the cap, 15000.00\n");
  CHECK(tiered("", "    [50万, inf): 1%\n", "1.5万") == "");
  // Without a rate above 50万, 17000 is also the most.
  CHECK(tiered("", "", "2万") ==
        "W0707: cap 2万 = 20000.00 can never bind: measure 一's amount is at most 17000.00\n");
}

TEST_CASE("hit sum: brackets that pay 0 can make the sum 0, which matters once something is added") {
  // Only the first bracket holds below 500: the sum is 0, and the amount 1万.
  std::string text = policy_with("  employees: integer\n",
                                 measure("  amount 1万 + brackets employees hit sum {\n    [100, inf): 0元\n"
                                         "    [500, inf): 5万\n    otherwise: 5万\n  }\n  cap 3万\n"));
  CHECK(caps(text) == "");
}

TEST_CASE("the total cap: never binds above what the measures pay together, always binds below any one's least") {
  std::string measures = "measure 一 \"甲\" {\n  > 条文\n  amount 10万\n}\n"
                         "measure 二 \"乙\" {\n  > 条文\n  when spend >= 100万\n  amount spend * 10%\n  cap 30万\n}\n";
  auto with_total = [&](std::string_view limit) {
    return caps(policy_with("  spend: money\n", measures + "total cap 五 \"总额\" {\n  > 条文\n  limit " +
                                                    std::string(limit) + "\n}\n"));
  };
  CHECK(with_total("40万") ==
        "W0707: total cap 40万 = 400000.00 can never bind: the measures together pay at most 400000.00\n");
  CHECK(with_total("10万") ==
        "W0708: total cap 10万 = 100000.00 always binds: whenever a measure pays anything it pays at least "
        "100000.00, so the measures together always pay the total cap, 100000.00\n");
  CHECK(with_total("15万") == "");
  CHECK(with_total("spend") == "");
  // A measure that may pay a fen leaves the total cap room.
  std::string small = measures + "measure 三 \"丙\" {\n  > 条文\n  amount spend * 1%\n  cap 1万\n}\n";
  CHECK(caps(policy_with("  spend: money\n", small + "total cap 五 \"总额\" {\n  > 条文\n  limit 10万\n}\n")) == "");
}
