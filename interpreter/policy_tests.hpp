#pragma once
// A policy's own tests: worked examples a policy officer writes by hand beside the
// policy, one JSON object a line (`luojiang-2023.tests.jsonl` next to
// `luojiang-2023.clause`):
//
//   {"name": "云服务两档交界", "facts": {...}, "expect": {"一(二)": "25000.00", "total": "25000.00"}}
//
// `expect` names only what the case is about: an article's amount, the `total`,
// the `benefits` granted. Reading is strict, because a typo in an article label
// must not turn a test into one that checks nothing.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "interpreter/checked_program.hpp"
#include "interpreter/evaluator.hpp"
#include "interpreter/facts_reader.hpp"

namespace clause {

struct ExpectedAmount {
  std::string article;  // a measure's label, or "total"
  Decimal amount;
};

struct PolicyTestCase {
  int line = 0;
  std::string name;
  Value facts;  // the facts record, read like any other facts
  std::vector<ExpectedAmount> amounts;  // in the order written
  std::optional<std::vector<std::string>> benefits;  // checked only when given
};

// A line that is not a test case: the line, the path of the offending value
// ("$.expect.一(2)") and what is wrong.
struct PolicyTestError {
  int line = 0;
  std::string path;
  std::string message;
};

struct PolicyTestFile {
  std::vector<PolicyTestCase> cases;
  std::vector<PolicyTestError> errors;
};

// Reads every non-blank line of `text`; blank lines are skipped but counted.
PolicyTestFile read_policy_tests(std::string_view text, const CheckedProgram& program, const FactsReader& reader);

// One difference between what a case expects and what the policy gives.
struct Mismatch {
  std::string article;  // a measure's label, "total" or "benefits"
  std::string expected;
  std::string actual;
  int measure = -1;  // index into the result's measures, for its why
};

struct PolicyTestOutcome {
  bool passed = false;
  std::vector<Mismatch> mismatches;
  std::string evaluation_error;  // the evaluation could not finish (division by zero, overflow)
  EvaluationResult result;       // with the why of every measure
};

PolicyTestOutcome run_policy_test(const Evaluator& evaluator, const PolicyTestCase& test);

}  // namespace clause
