// policy_diff and witnesses on small policies written for the test: the diff
// knows no particular policy, so these use none of Luojiang's names.

#include <doctest/doctest.h>
#include <fmt/format.h>

#include "interpreter/evaluator.hpp"
#include "interpreter/policy_diff.hpp"
#include "interpreter/witnesses.hpp"
#include "test_support.hpp"

using namespace clause;
using clause::testing::check_text;
using clause::testing::policy_with;

namespace {

const char* facts = "  spend: money\n  members: integer = 0\n";

std::string measure_with(std::string_view threshold, std::string_view rate) {
  return fmt::format("param threshold = {}\nmeasure 七 \"补贴\" {{\n  when spend >= threshold\n  amount spend * {}\n}}\n", threshold, rate);
}

PolicyDiff diff_texts(const std::string& before, const std::string& after) {
  auto old_version = check_text(before);
  auto new_version = check_text(after);
  REQUIRE(old_version.diagnostics.count(Severity::error) == 0);
  REQUIRE(new_version.diagnostics.count(Severity::error) == 0);
  return diff_policies(*old_version.program, *new_version.program);
}

}  // namespace

TEST_CASE("the same text has no rule and no wording change") {
  std::string text = policy_with(facts, measure_with("10万", "5%"));
  PolicyDiff diff = diff_texts(text, text);
  CHECK(diff.texts_identical);
  CHECK(diff.rules.empty());
  CHECK(diff.wording.empty());
}

TEST_CASE("a number written another way is wording, not a rule change") {
  PolicyDiff diff = diff_texts(policy_with(facts, measure_with("10万", "5%")), policy_with(facts, measure_with("100000元", "5%")));
  CHECK(diff.rules.empty());
  REQUIRE(diff.wording.size() == 1);
  CHECK(diff.wording[0].where == "param threshold");
  CHECK(diff.wording[0].what == "written form");
}

TEST_CASE("a changed parameter is one rule change, read by the measures that use it") {
  PolicyDiff diff = diff_texts(policy_with(facts, measure_with("10万", "5%")), policy_with(facts, measure_with("12万", "5%")));
  REQUIRE(diff.rules.size() == 1);
  CHECK(diff.rules[0].kind == RuleChangeKind::parameter);
  CHECK(diff.rules[0].old_text == "10万 = 100000.00");
  CHECK(diff.rules[0].new_text == "12万 = 120000.00");
  CHECK(diff.rules[0].affects == std::vector<std::string>{"七"});
}

TEST_CASE("a changed amount is reported under its article") {
  PolicyDiff diff = diff_texts(policy_with(facts, measure_with("10万", "5%")), policy_with(facts, measure_with("10万", "6%")));
  REQUIRE(diff.rules.size() == 1);
  CHECK(diff.rules[0].article == "七");
  CHECK(diff.rules[0].subject == "amount");
  CHECK(diff.rules[0].old_text == "spend * 5%");
  CHECK(diff.rules[0].new_text == "spend * 6%");
}

TEST_CASE("tiers are compared tier by tier, and comments never count") {
  auto tiers = [](std::string_view middle) {
    return policy_with(facts, fmt::format("measure 八 \"累进\" {{\n  amount tiers spend {{\n    [0, 10万): 5%\n    {}\n    [50万, inf): 1%\n  }}\n}}\n", middle));
  };
  PolicyDiff diff = diff_texts(tiers("[10万, 50万): 3%"), tiers("[10万, 50万): 2%   # lowered"));
  REQUIRE(diff.rules.size() == 1);
  CHECK(diff.rules[0].subject == "tier 2");
  REQUIRE(diff.wording.size() == 1);
  CHECK(diff.wording[0].what == "comments");
  CHECK(diff.wording[0].new_text == "# lowered");
}

TEST_CASE("an expected warning added to a measure is wording, shown as written") {
  auto measure = [](std::string_view expect) {
    return policy_with(facts, fmt::format("measure 七 \"补贴\" {{\n  amount spend * 5%\n{}}}\n", expect));
  };
  PolicyDiff diff = diff_texts(measure(""), measure("  expect W0701 \"原文所定\"\n"));
  CHECK(diff.rules.empty());
  REQUIRE(diff.wording.size() == 1);
  CHECK(diff.wording[0].where == "measure 七");
  CHECK(diff.wording[0].what == "expected warnings");
  CHECK(diff.wording[0].old_text.empty());
  CHECK(diff.wording[0].new_text == "expect W0701 \"原文所定\"");
}

TEST_CASE("a measure under a new label doing the same is a rename, not a removal and an addition") {
  std::string before = policy_with(facts, measure_with("10万", "5%"));
  std::string after = before;
  after.replace(after.find("measure 七"), std::string("measure 七").size(), "measure 九");
  PolicyDiff diff = diff_texts(before, after);
  REQUIRE(diff.rules.size() == 1);
  CHECK(diff.rules[0].kind == RuleChangeKind::measure_renamed);
  CHECK(diff.rules[0].old_text == "七");
  CHECK(diff.rules[0].new_text == "九");
}

TEST_CASE("witnesses of a lowered threshold sit at the thresholds, and each is paid as reported") {
  auto old_version = check_text(policy_with(facts, measure_with("10万", "5%")));
  auto new_version = check_text(policy_with(facts, measure_with("8万", "5%")));
  Evaluator old_evaluator(old_version.program);
  Evaluator new_evaluator(new_version.program);
  WitnessSearch search = find_witnesses(old_evaluator, new_evaluator, {"七"}, 3);
  REQUIRE(search.by_article.size() == 1);
  REQUIRE(search.by_article[0].second.size() == 3);
  REQUIRE(search.witnesses.size() == 3);
  // The smallest first: exactly the new threshold, then a fen above it, then just below the old one.
  CHECK(search.witnesses[0].changes == std::vector<std::string>{"spend = 80000.00"});
  CHECK(search.witnesses[1].changes == std::vector<std::string>{"spend = 80000.01"});
  CHECK(search.witnesses[2].changes == std::vector<std::string>{"spend = 99999.99"});
  REQUIRE(!search.witnesses[0].differences.empty());
  CHECK(search.witnesses[0].differences[0].article == "七");
  CHECK(search.witnesses[0].differences[0].old_result == "0.00");
  CHECK(search.witnesses[0].differences[0].new_result == "4000.00");
  FactsReader reader(new_version.program->schema);
  auto facts_read = reader.read(search.witnesses[2].facts_json, 1);
  REQUIRE(std::holds_alternative<Value>(facts_read));
  EvaluationResult paid = new_evaluator.evaluate(std::get<Value>(facts_read).as_record(), false);
  CHECK(paid.measures[0].amount == Decimal::parse("5000.00").value());  // 4999.9995, rounded once
}
