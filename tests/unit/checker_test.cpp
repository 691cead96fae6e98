#include <doctest/doctest.h>

#include "test_support.hpp"

using namespace clause;
using testing::check_text;
using testing::policy_with;

TEST_CASE("money plus a rate is a unit error; money times a rate is money") {
  auto bad = check_text(policy_with("  fee: money\n", "param r = 10%\nlet x = fee + r\n"));
  CHECK(bad.has("E0202"));
  CHECK(bad.rendered().find("cannot compute money + rate") != std::string::npos);
  auto good = check_text(policy_with("  fee: money\n", "param r = 10%\nlet x = fee * r\nlet y = x + fee\n"));
  CHECK_FALSE(good.diagnostics.has_errors());
}

TEST_CASE("a bare number takes the unit of what it is combined with") {
  auto checked = check_text(policy_with("  fee: money\n", "let big = fee >= 300000\nlet capped = min(fee, 60000)\n"));
  CHECK_FALSE(checked.diagnostics.has_errors());
  auto mixed = check_text(policy_with("  fee: money\n", "param threshold = 300000\nlet big = fee >= threshold\n"));
  CHECK(mixed.has("E0203"));  // a declared plain-number parameter is not money
}

TEST_CASE("an unknown name suggests the closest one") {
  auto checked = check_text(policy_with("  cloud_fee: money\n", "let x = clod_fee * 2\n"));
  CHECK(checked.has("E0101"));
  CHECK(checked.rendered().find("did you mean 'cloud_fee'?") != std::string::npos);
}

TEST_CASE("brackets that overlap without a hit policy are an error naming the value that hits both") {
  std::string rules =
      "measure 一 \"m\" {\n  amount brackets fee {\n    (2万, 5万]: fee * 50%\n    [5万, inf): fee * 20%\n    otherwise: 0\n  }\n}\n";
  auto checked = check_text(policy_with("  fee: money\n", rules));
  CHECK(checked.has("E0301"));
  CHECK(checked.rendered().find("brackets overlap at fee = 50000") != std::string::npos);
  CHECK_FALSE(checked.has("W0302"));  // otherwise covers the rest
}

TEST_CASE("a gap between brackets is a warning with the uncovered range") {
  std::string rules = "measure 一 \"m\" {\n  amount brackets fee {\n    [0, 1万): 0\n    (2万, inf): fee * 20%\n  }\n}\n";
  auto checked = check_text(policy_with("  fee: money\n", rules));
  CHECK_FALSE(checked.diagnostics.has_errors());
  CHECK(checked.rendered().find("no bracket covers fee in [10000, 20000]") != std::string::npos);
}

TEST_CASE("tables need a row for every member and cells that fit the value type") {
  std::string rules =
      "enum level { national provincial }\ntable award by level {\n  national: 10万\n}\n";
  auto checked = check_text(policy_with("", rules));
  CHECK(checked.has("E0402"));
  CHECK(checked.rendered().find("has no row for 'provincial'") != std::string::npos);
}

TEST_CASE("one run reports every error it finds") {
  std::string rules =
      "param r = 10%\nlet a = fee + r\nlet b = unknown_thing\nmeasure 一 \"m\" {\n  amount brackets fee {\n    [0, 5万]: 1\n    [5万, inf): 2\n  }\n}\n";
  auto checked = check_text(policy_with("  fee: money\n", rules));
  CHECK(checked.has("E0202"));
  CHECK(checked.has("E0101"));
  CHECK(checked.has("E0301"));
}

TEST_CASE("two schemas read alike when their facts are declared alike, whatever the rules and wording") {
  const std::string facts =
      "enum level \"级别\" {\n  national \"国家级\"\n  provincial \"省级\"\n}\n"
      "record award \"奖励\" {\n  level: level\n  amount: money = 0\n}\n"
      "facts {\n  id: text\n  year: integer\n  fee: money = 0 \"费用\"\n  awards: list of award = []\n}\n";
  auto schema_of = [](const std::string& text) {
    const std::string header = "policy \"t\" {\n  valid 2023-01-01 to 2025-12-31\n  evaluation_year year\n}\n";
    testing::Checked checked = check_text(header + text + "measure 一 \"m\" {\n  amount fee * 10%\n}\n");
    REQUIRE(checked.program);
    return checked.program->schema;
  };
  // The facts with each `from` written as its `to`.
  auto changed = [&](std::initializer_list<std::pair<std::string_view, std::string_view>> edits) {
    std::string text = facts;
    for (const auto& [from, to] : edits) {
      const std::size_t at = text.find(from);
      REQUIRE(at != std::string::npos);
      text.replace(at, from.size(), to);
    }
    return schema_of(text);
  };
  const Schema original = schema_of(facts);
  CHECK(reads_alike(original, schema_of(facts)));
  // Labels and descriptions are for readers of the policy, not of the facts.
  CHECK(reads_alike(original, changed({{"\"国家级\"", "\"国家级（部委）\""}})));
  CHECK(reads_alike(original, changed({{"money = 0 \"费用\"", "money = 0 \"年度费用\""}})));
  // Anything that changes what a line reads into, or the error it gives, does not read alike.
  CHECK_FALSE(reads_alike(original, changed({{"fee: money = 0", "fee: money = 1"}})));
  CHECK_FALSE(reads_alike(original, changed({{"fee: money = 0", "fee: money"}})));
  CHECK_FALSE(reads_alike(original, changed({{"fee: money", "fee: rate"}})));
  CHECK_FALSE(reads_alike(original, changed({{"amount: money = 0", "amount: money = 5"}})));
  CHECK_FALSE(reads_alike(original, changed({{"national \"国家级\"\n  provincial \"省级\"",  // members' order
                                               "provincial \"省级\"\n  national \"国家级\""}})));
  CHECK_FALSE(reads_alike(original, changed({{"level: level", "level: level?"}})));
  // The enum's name shows in errors ("expected grade ...").
  CHECK_FALSE(reads_alike(original, changed({{"enum level", "enum grade"}, {"level: level", "level: grade"}})));
  CHECK_FALSE(reads_alike(original, changed({{"  awards: list of award = []\n",
                                               "  awards: list of award = []\n  extra: text = \"\"\n"}})));
}
