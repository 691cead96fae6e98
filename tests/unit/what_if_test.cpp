#include <doctest/doctest.h>
#include <fmt/format.h>

#include "dsl/parser.hpp"
#include "interpreter/parameter_override.hpp"
#include "interpreter/scenario.hpp"
#include "interpreter/summary.hpp"
#include "interpreter/sweep.hpp"
#include "test_support.hpp"

using namespace clause;
using testing::check_text;
using testing::policy_with;

namespace {

Decimal number(std::string_view text) { return *Decimal::parse(text); }

testing::Checked what_if_policy() {
  auto checked = check_text(policy_with("  fee: money\n  level: level\n",
                                        "enum level { city province }\n"
                                        "param rate = 20%\nparam cap = 6万\nparam same_cap = cap\nparam favoured = province\n"
                                        "measure 一 \"m\" {\n  amount fee * rate\n  cap cap\n}\n"));
  REQUIRE_FALSE(checked.diagnostics.has_errors());
  return checked;
}

// `--set TEXT` against the policy: the setting, or nullopt with the diagnostics.
std::optional<ParameterSetting> set(const testing::Checked& checked, std::string text, Diagnostics& diagnostics) {
  SourceFile argument("--set", std::move(text));
  return parse_parameter_setting(*checked.program, argument, diagnostics);
}

}  // namespace

TEST_CASE("--set takes a literal of the parameter's type and unit") {
  auto checked = what_if_policy();
  Diagnostics diagnostics;
  auto rate = set(checked, "rate=30%", diagnostics);
  REQUIRE(rate);
  CHECK(rate->param == 0);
  CHECK(rate->value.as_decimal() == number("0.3"));
  auto cap = set(checked, "cap=8万", diagnostics);
  REQUIRE(cap);
  CHECK(cap->value.as_decimal() == number("80000"));
  auto bare_money = set(checked, "cap=80000", diagnostics);  // a bare number is yuan, as in a policy
  REQUIRE(bare_money);
  CHECK(bare_money->value.as_decimal() == number("80000"));
  auto member = set(checked, "favoured=city", diagnostics);
  REQUIRE(member);
  CHECK(member->value.as_enum().member == 0);
  CHECK_FALSE(diagnostics.has_errors());
}

TEST_CASE("--set refuses a wrong unit, a rate without %, an unknown name, and says where") {
  auto checked = what_if_policy();
  Diagnostics unit;
  CHECK_FALSE(set(checked, "cap=30%", unit));
  REQUIRE(unit.all().size() == 1);
  CHECK(unit.all()[0].code == "E0201");
  CHECK(unit.all()[0].span.begin == 4);  // under "30%"

  Diagnostics bare_rate;
  CHECK_FALSE(set(checked, "rate=0.3", bare_rate));
  CHECK(bare_rate.all().at(0).code == "E0201");

  Diagnostics unknown;
  CHECK_FALSE(set(checked, "rat=30%", unknown));
  REQUIRE(unknown.all().size() == 1);
  CHECK(unknown.all()[0].code == "E0101");
  REQUIRE(unknown.all()[0].notes.size() == 1);
  CHECK(unknown.all()[0].notes[0].message == "did you mean 'rate'?");

  Diagnostics syntax;
  CHECK_FALSE(set(checked, "cap=3万 +", syntax));
  CHECK(syntax.all().at(0).code == "E0001");

  Diagnostics member;
  CHECK_FALSE(set(checked, "favoured=county", member));
  CHECK(member.all().at(0).code == "E0201");
}

TEST_CASE("--set takes money or a rate below 0, and warns (W0802); 0 and other types are taken silently") {
  auto checked = what_if_policy();
  Diagnostics below_zero;
  auto cap = set(checked, "cap=-5万", below_zero);
  REQUIRE(cap);
  CHECK(cap->value.as_decimal() == number("-50000"));
  auto rate = set(checked, "rate=-1%", below_zero);
  REQUIRE(rate);
  CHECK_FALSE(below_zero.has_errors());
  REQUIRE(below_zero.all().size() == 2);
  CHECK(below_zero.all()[0].code == "W0802");
  CHECK(below_zero.all()[0].severity == Severity::warning);
  CHECK(below_zero.all()[0].message == "parameter cap set to -50000.00, below 0");
  CHECK(below_zero.all()[0].span.begin == 4);  // under "-5万"
  CHECK(below_zero.all()[1].message == "parameter rate set to -1%, below 0");

  Diagnostics zero;
  CHECK(set(checked, "cap=0", zero));
  CHECK(set(checked, "rate=0%", zero));
  CHECK(set(checked, "favoured=city", zero));
  CHECK(zero.all().empty());
}

TEST_CASE("a parameter declared as another follows it unless it is set itself") {
  auto checked = what_if_policy();
  const CheckedProgram& program = *checked.program;
  Diagnostics diagnostics;
  auto cap = set(checked, "cap=8万", diagnostics);
  REQUIRE(cap);
  std::vector<Value> values = parameter_values(program, {*cap});
  CHECK(values[1].as_decimal() == number("80000"));
  CHECK(values[2].as_decimal() == number("80000"));  // same_cap = cap
  CHECK(values[0].as_decimal() == number("0.2"));    // untouched

  auto own = set(checked, "same_cap=1万", diagnostics);
  REQUIRE(own);
  values = parameter_values(program, {*cap, *own});
  CHECK(values[2].as_decimal() == number("10000"));
}

TEST_CASE("scenarios are parsed, checked against the policy, and apply their facts") {
  auto checked = what_if_policy();
  SourceFile file("s.clause",
                  "scenario 甲 \"rate up\" {\n  set rate = 30%\n}\n"
                  "scenario 乙 \"one firm\" {\n  set facts.fee = 10万\n  set cap = 7万\n}\n");
  Diagnostics diagnostics;
  syntax::Program syntax = parse_program(file, diagnostics);
  auto scenarios = check_scenarios(*checked.program, syntax, diagnostics);
  CHECK_FALSE(diagnostics.has_errors());
  REQUIRE(scenarios.size() == 2);
  CHECK(scenarios[0].name == "甲");
  CHECK(scenarios[0].title == "rate up");
  REQUIRE(scenarios[0].parameters.size() == 1);
  CHECK(scenarios[0].parameters[0].value.as_decimal() == number("0.3"));
  const CheckedScenario* second = find_scenario(scenarios, "乙");
  REQUIRE(second);
  REQUIRE(second->facts.size() == 1);
  CHECK(find_scenario(scenarios, "丙") == nullptr);

  FactsReader reader(checked.program->schema);
  FactsResult facts = reader.read(R"({"id":"a","year":2024,"fee":5000,"level":"city"})", 1);
  REQUIRE(std::holds_alternative<Value>(facts));
  RecordValue changed = with_facts(std::get<Value>(facts).as_record(), *second);
  int fee = *checked.program->schema.facts().find("fee");
  CHECK(changed.fields[static_cast<std::size_t>(fee)].as_decimal() == number("100000"));
}

TEST_CASE("a scenario file holds scenarios only; names and settings are not repeated") {
  auto checked = what_if_policy();
  SourceFile file("s.clause",
                  "param rate = 30%\n"
                  "scenario 甲 \"a\" {\n  set rate = 30%\n  set rate = 40%\n}\n"
                  "scenario 甲 \"b\" {\n  set cap = 1万\n}\n");
  Diagnostics diagnostics;
  syntax::Program syntax = parse_program(file, diagnostics);
  check_scenarios(*checked.program, syntax, diagnostics);
  std::vector<std::string> codes;
  for (const Diagnostic& diagnostic : diagnostics.all()) codes.push_back(diagnostic.code);
  CHECK(codes == std::vector<std::string>{"E0801", "E0006", "E0105"});
}

TEST_CASE("sweep values are evenly spaced, both ends included, rounded to the parameter's precision") {
  std::vector<Decimal> rates = sweep_values(number("0.2"), number("0.4"), 4, Type::of(TypeKind::rate));
  REQUIRE(rates.size() == 4);
  CHECK(rates[0] == number("0.2"));
  CHECK(rates[1] == number("0.2667"));  // 0.2 + 0.2/3, to 0.01%
  CHECK(rates[2] == number("0.3333"));
  CHECK(rates[3] == number("0.4"));
  std::vector<Decimal> money = sweep_values(number("10000"), number("20000"), 3, Type::of(TypeKind::money));
  CHECK(money[1] == number("15000"));
}

namespace {

RecordOutcome outcome_paying(std::string id, std::string_view first, std::string_view second) {
  RecordOutcome outcome;
  outcome.ok = true;
  outcome.result.id = std::move(id);
  outcome.result.measures = {MeasureResult{"一", "m", number(first), {}}, MeasureResult{"二", "n", number(second), {}}};
  outcome.result.total = number(first) + number(second);
  return outcome;
}

std::string summary_line(const Summary& summary) {
  std::string line = fmt::format("{} records, {} bad, {} paid, total {}", summary.records(), summary.bad_lines(),
                                 summary.recipients(), summary.total().to_string());
  for (const ArticleSummary& article : summary.articles()) {
    line += fmt::format("; {} {} {} {} {}", article.article, article.recipients, article.total.to_string(),
                        article.largest.to_string(), article.largest_id);
  }
  return line;
}

}  // namespace

TEST_CASE("a summary added up from parts in input order equals the summary of the whole, ties included") {
  RecordOutcome bad;
  bad.error = "$.fee: expected money";
  std::vector<RecordOutcome> outcomes = {outcome_paying("A", "100", "0"), bad, outcome_paying("B", "250.50", "7"),
                                         outcome_paying("C", "250.50", "0"), outcome_paying("D", "0", "7")};
  Summary whole;
  for (const RecordOutcome& outcome : outcomes) whole.add(outcome);
  CHECK(summary_line(whole) == "5 records, 1 bad, 4 paid, total 615.00; 一 3 601.00 250.50 B; 二 2 14 7 B");
  for (std::size_t split = 0; split <= outcomes.size(); ++split) {
    CAPTURE(split);
    Summary first, second;
    for (std::size_t i = 0; i < outcomes.size(); ++i) (i < split ? first : second).add(outcomes[i]);
    first.add(second);
    CHECK(summary_line(first) == summary_line(whole));
  }
}
