// clause test POLICY [TESTS...] [--coverage]: the policy's own worked examples,
// a line per case, the why of every failure, and what no case reached.

#include <algorithm>
#include <fmt/format.h>
#include <limits>
#include <optional>

#include "interpreter/cli/cli_support.hpp"
#include "interpreter/cli/commands.hpp"
#include "interpreter/evaluator.hpp"
#include "interpreter/policy_tests.hpp"
#include "interpreter/test_coverage.hpp"
#include "interpreter/value_format.hpp"

namespace clause::cli {
namespace {

struct TestOptions {
  std::string policy;
  std::vector<std::string> tests;
  std::string language;
  bool coverage = false;
};

struct Tally {
  int passed = 0;
  int failed = 0;
  int bad_lines = 0;
  bool unreadable = false;
};

// policies/luojiang-2023.clause → policies/luojiang-2023.tests.jsonl
std::string tests_beside(const std::string& policy) {
  std::string stem = policy.ends_with(".clause") ? policy.substr(0, policy.size() - 7) : policy;
  return stem + ".tests.jsonl";
}

std::string where(const SourceFile& source, Span span) {
  Position position = source.position(span.begin);
  return fmt::format("{}:{}:{}", source.name(), position.line, position.column);
}

void print_step(const WhyStep& step, const SourceFile& source, Language language) {
  fmt::print("        · {}\n", explain_step(step, language));
  if (step.span.begin == 0 && step.span.end == 0) return;
  int line = source.position(step.span.begin).line;
  std::string_view text = source.line_text(line);
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  fmt::print("            {}:{} | {}\n", source.name(), line, text);
}

// What was paid, so a wrong total can be traced to the article that differs.
std::string paid_articles(const EvaluationResult& result) {
  std::vector<std::string> paid;
  for (const MeasureResult& measure : result.measures) {
    if (!measure.amount.is_zero()) paid.push_back(measure.article + " " + format_money(measure.amount));
  }
  return paid.empty() ? "nothing" : fmt::format("{}", fmt::join(paid, "; "));
}

void print_failure(const PolicyTestOutcome& outcome, const CheckedProgram& program, Language language) {
  if (!outcome.evaluation_error.empty()) {
    fmt::print("      the evaluation stopped: {}\n", outcome.evaluation_error);
    return;
  }
  for (const Mismatch& mismatch : outcome.mismatches) {
    fmt::print("      {}: expected {}, got {}\n", mismatch.article, mismatch.expected, mismatch.actual);
    if (mismatch.article == "total") fmt::print("        paid: {}\n", paid_articles(outcome.result));
    if (mismatch.measure < 0) continue;
    const MeasureResult& measure = outcome.result.measures[static_cast<std::size_t>(mismatch.measure)];
    for (const WhyStep& step : measure.why) print_step(step, *program.source, language);
  }
}

void run_file(const std::string& path, const Evaluator& evaluator, const FactsReader& reader, Language language,
              TestCoverage* coverage, Tally& tally) {
  std::string error;
  auto text = read_file(path, error);
  if (!text) {
    fmt::print("error: {}\n", error);
    tally.unreadable = true;
    return;
  }
  PolicyTestFile file = read_policy_tests(*text, evaluator.program(), reader);
  std::size_t next_error = 0;
  auto print_errors_before = [&](int line) {
    for (; next_error < file.errors.size() && file.errors[next_error].line < line; ++next_error) {
      const PolicyTestError& bad = file.errors[next_error];
      fmt::print("error {}:{}: {}: {}\n", path, bad.line, bad.path, bad.message);
      ++tally.bad_lines;
    }
  };
  for (const PolicyTestCase& test : file.cases) {
    print_errors_before(test.line);
    PolicyTestOutcome outcome = run_policy_test(evaluator, test);
    if (coverage && outcome.evaluation_error.empty()) coverage->record(outcome.result);
    fmt::print("{}  {}:{}  {}\n", outcome.passed ? "ok  " : "FAIL", path, test.line, test.name);
    if (outcome.passed) {
      ++tally.passed;
    } else {
      ++tally.failed;
      print_failure(outcome, evaluator.program(), language);
    }
  }
  print_errors_before(std::numeric_limits<int>::max());
}

void print_coverage(const TestCoverage& coverage, const SourceFile& source) {
  const std::vector<CoveragePoint>& points = coverage.points();
  int reached = coverage.reached_count();
  int total = static_cast<int>(points.size());
  fmt::print("\ncoverage: {} of {} points reached", reached, total);
  if (total > 0) fmt::print(" ({}%)", reached * 100 / total);
  fmt::print("\n");
  if (reached == total) return;
  fmt::print("not reached by any test:\n");
  std::vector<const CoveragePoint*> missed;
  for (const CoveragePoint& point : points) {
    if (!point.reached) missed.push_back(&point);
  }
  // In the order of the file, so the list reads like the policy.
  std::stable_sort(missed.begin(), missed.end(),
                   [](const CoveragePoint* a, const CoveragePoint* b) { return a->span.begin < b->span.begin; });
  for (const CoveragePoint* missed_point : missed) {
    const CoveragePoint& point = *missed_point;
    fmt::print("  {}: {}{}\n", where(source, point.span), point.article.empty() ? "" : point.article + ": ",
               point.description);
  }
}

int run_tests(TestOptions options) {
  LoadedPolicy loaded = load_and_report(options.policy, stderr, false);
  if (!loaded.program || loaded.errors > 0) return loaded.failure_status();
  if (options.tests.empty()) options.tests.push_back(tests_beside(options.policy));
  Evaluator evaluator(loaded.program);
  FactsReader reader(loaded.program->schema);
  Language language = pick_language(options.language, *loaded.program);
  std::optional<TestCoverage> coverage;
  if (options.coverage) coverage.emplace(*loaded.program);
  Tally tally;
  for (const std::string& path : options.tests) {
    run_file(path, evaluator, reader, language, coverage ? &*coverage : nullptr, tally);
  }
  fmt::print("{} passed, {} failed", tally.passed, tally.failed);
  if (tally.bad_lines > 0) fmt::print(", {} bad line(s)", tally.bad_lines);
  fmt::print("\n");
  if (coverage) print_coverage(*coverage, *loaded.program->source);
  if (tally.unreadable || tally.bad_lines > 0) return exit_usage;
  return tally.failed > 0 ? exit_failed : exit_ok;
}

}  // namespace

void add_test_command(CLI::App& app, int& exit_status) {
  auto* command = app.add_subcommand("test", "Run a policy's own test cases (facts → expected amounts) and report coverage");
  auto options = std::make_shared<TestOptions>();
  command->add_option("POLICY", options->policy, "policy file (.clause)")->required();
  command->add_option("TESTS", options->tests, "test cases, JSON Lines (default: POLICY's name with .tests.jsonl)");
  command->add_flag("--coverage", options->coverage, "list the measures, conditions, brackets, table cells and caps no test reached");
  command->add_option("--lang", options->language, "zh or en: the language of the why (default: the policy's language)")
      ->check(CLI::IsMember({"zh", "en"}));
  command->callback([options, &exit_status] { exit_status = run_tests(*options); });
}

}  // namespace clause::cli
