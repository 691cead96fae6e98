// A policy's own tests: reading a case strictly, comparing amounts exactly, and
// the coverage read off the why.

#include <doctest/doctest.h>

#include "interpreter/policy_tests.hpp"
#include "interpreter/test_coverage.hpp"
#include "test_support.hpp"

using namespace clause;
using namespace clause::testing;

namespace {

const std::string policy = policy_with("  fee: money = 0\n",
                                       "measure 一(二) \"云\" {\n  > 条文\n  amount brackets fee {\n"
                                       "    (2万, 5万]: fee * 50%\n    (5万, inf): fee * 20%\n    otherwise: 0\n  }\n"
                                       "  cap 6万\n}\n");

struct Fixture {
  Checked checked = check_text(policy);
  FactsReader reader{checked.program->schema};
  PolicyTestFile read(std::string_view text) { return read_policy_tests(text, *checked.program, reader); }
};

}  // namespace

TEST_CASE("a case passes only when every amount it names is exactly right") {
  Fixture fixture;
  REQUIRE_FALSE(fixture.checked.diagnostics.has_errors());
  Evaluator evaluator(fixture.checked.program);
  PolicyTestFile file = fixture.read(
      "{\"name\": \"a\", \"facts\": {\"id\": \"x\", \"year\": 2024, \"fee\": 30000}, \"expect\": {\"一(二)\": \"15000\"}}\n"
      "{\"name\": \"b\", \"facts\": {\"id\": \"y\", \"year\": 2024, \"fee\": \"50000.01\"}, \"expect\": {\"一(二)\": 25000.01, \"total\": \"10000.00\"}}\n");
  REQUIRE(file.errors.empty());
  REQUIRE(file.cases.size() == 2);
  CHECK(run_policy_test(evaluator, file.cases[0]).passed);
  PolicyTestOutcome failed = run_policy_test(evaluator, file.cases[1]);
  CHECK_FALSE(failed.passed);
  REQUIRE(failed.mismatches.size() == 1);
  CHECK(failed.mismatches[0].article == "一(二)");
  CHECK(failed.mismatches[0].expected == "25000.01");
  CHECK(failed.mismatches[0].actual == "10000.00");
}

TEST_CASE("bad lines name their line and the path of the bad value") {
  Fixture fixture;
  PolicyTestFile file = fixture.read(
      "\n{\"facts\": {\"id\": \"x\", \"year\": 2024}, \"expect\": {\"一(2)\": \"0\"}}\n"
      "{\"facts\": {\"id\": \"x\", \"year\": \"2024\"}, \"expect\": {\"total\": \"0\"}}\n"
      "{\"facts\": {\"id\": \"x\", \"year\": 2024}, \"expect\": {\"total\": \"1.5e3\"}}\n");
  CHECK(file.cases.empty());
  REQUIRE(file.errors.size() == 3);
  CHECK(file.errors[0].line == 2);
  CHECK(file.errors[0].path == "$.expect.一(2)");
  CHECK(file.errors[0].message.find("did you mean '一(二)'") != std::string::npos);
  CHECK(file.errors[1].path == "$.facts.year");
  CHECK(file.errors[2].path == "$.expect.total");
}

TEST_CASE("coverage marks what the why reached, and only that") {
  Fixture fixture;
  Evaluator evaluator(fixture.checked.program);
  TestCoverage coverage(*fixture.checked.program);
  int total = static_cast<int>(coverage.points().size());
  CHECK(total == 6);  // paid, two brackets, otherwise, the cap binding and not
  CHECK(coverage.reached_count() == 0);
  PolicyTestFile file = fixture.read("{\"facts\": {\"id\": \"x\", \"year\": 2024, \"fee\": 30000}, \"expect\": {\"total\": \"15000\"}}\n");
  REQUIRE(file.cases.size() == 1);
  coverage.record(run_policy_test(evaluator, file.cases[0]).result);
  // Paid, the first bracket, the cap not binding.
  CHECK(coverage.reached_count() == 3);
  for (const CoveragePoint& point : coverage.points()) {
    bool expected = point.description == "paid something" || point.description == "bracket (2万, 5万] chosen" ||
                    point.description == "the amount stayed within cap 6万";
    CHECK_MESSAGE(point.reached == expected, point.description);
  }
}
