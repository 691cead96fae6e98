#include <doctest/doctest.h>

#include "interpreter/impact.hpp"

using namespace clause;

namespace {

Decimal money(std::string_view text) { return *Decimal::parse(text); }

// An outcome with one amount per article, given as (label, amount) pairs.
RecordOutcome outcome(int line, std::string id, std::vector<std::pair<std::string, std::string>> amounts) {
  RecordOutcome result;
  result.line = line;
  result.ok = true;
  result.result.id = std::move(id);
  for (auto& [label, amount] : amounts) {
    result.result.measures.push_back(MeasureResult{label, "title " + label, money(amount), {}});
    result.result.total = result.result.total + money(amount);
  }
  return result;
}

RecordOutcome bad(int line) {
  RecordOutcome result;
  result.line = line;
  result.error = "$.year: missing required field";
  return result;
}

}  // namespace

TEST_CASE("impact adds budgets per article, before and after, and counts who gains and loses") {
  Impact impact;
  impact.add(outcome(1, "A", {{"一", "100"}, {"二", "0"}}), outcome(1, "A", {{"一", "150"}, {"二", "0"}}));
  impact.add(outcome(2, "B", {{"一", "0"}, {"二", "40"}}), outcome(2, "B", {{"一", "0"}, {"二", "10"}}));
  impact.add(outcome(3, "C", {{"一", "5"}, {"二", "0"}}), outcome(3, "C", {{"一", "5"}, {"二", "0"}}));
  impact.add(bad(4), bad(4));

  REQUIRE(impact.articles().size() == 2);
  const ArticleImpact& first = impact.articles()[0];
  CHECK(first.article == "一");
  CHECK(first.before == money("105"));
  CHECK(first.after == money("155"));
  CHECK(first.difference() == money("50"));
  CHECK(first.recipients_before == 2);
  CHECK(first.recipients_after == 2);
  const ArticleImpact& second = impact.articles()[1];
  CHECK(second.difference() == money("-30"));
  CHECK(second.recipients_before == 1);

  CHECK(impact.total_before() == money("145"));
  CHECK(impact.total_after() == money("165"));
  CHECK(impact.total_difference() == money("20"));
  CHECK(impact.recipients_before() == 3);
  CHECK(impact.gainers() == 1);
  CHECK(impact.losers() == 1);
  CHECK(impact.unchanged() == 1);
  CHECK(impact.records() == 4);
  CHECK(impact.bad_lines() == 1);
}

TEST_CASE("articles are matched by label over both sides, so a measure on one side only still shows") {
  Impact impact;
  impact.add(outcome(1, "A", {{"一", "10"}, {"二", "20"}}), outcome(1, "A", {{"二", "25"}, {"三", "7"}}));
  REQUIRE(impact.articles().size() == 3);
  CHECK(impact.articles()[0].article == "一");
  CHECK(impact.articles()[0].in_before);
  CHECK_FALSE(impact.articles()[0].in_after);
  CHECK(impact.articles()[0].difference() == money("-10"));
  CHECK(impact.articles()[1].article == "二");
  CHECK(impact.articles()[1].difference() == money("5"));
  CHECK(impact.articles()[2].article == "三");
  CHECK_FALSE(impact.articles()[2].in_before);
  CHECK(impact.articles()[2].after == money("7"));
}

TEST_CASE("a pair with one bad side is a bad line and is left out of every figure") {
  Impact impact;
  impact.add(outcome(1, "A", {{"一", "10"}}), bad(1));
  CHECK(impact.bad_lines() == 1);
  CHECK(impact.total_before().is_zero());
  CHECK(impact.gainers() + impact.losers() + impact.unchanged() == 0);
}

TEST_CASE("the largest gains and losses are kept, largest first, the earlier line first on a tie") {
  Impact impact(2);
  impact.add(outcome(1, "A", {{"一", "0"}}), outcome(1, "A", {{"一", "30"}}));
  impact.add(outcome(2, "B", {{"一", "0"}}), outcome(2, "B", {{"一", "50"}}));
  impact.add(outcome(3, "C", {{"一", "0"}}), outcome(3, "C", {{"一", "30"}}));
  impact.add(outcome(4, "D", {{"一", "0"}}), outcome(4, "D", {{"一", "10"}}));
  impact.add(outcome(5, "E", {{"一", "9"}}), outcome(5, "E", {{"一", "1"}}));
  impact.add(outcome(6, "F", {{"一", "9"}}), outcome(6, "F", {{"一", "0"}}));
  REQUIRE(impact.largest_gains().size() == 2);
  CHECK(impact.largest_gains()[0].id == "B");
  CHECK(impact.largest_gains()[1].id == "A");
  REQUIRE(impact.largest_losses().size() == 2);
  CHECK(impact.largest_losses()[0].id == "F");
  CHECK(impact.largest_losses()[0].difference() == money("-9"));
  CHECK(impact.largest_losses()[1].id == "E");
  CHECK(impact.gainers() == 4);
}
