#include <doctest/doctest.h>

#include <fstream>
#include <sstream>
#include <tao/pegtl/contrib/analyze.hpp>

#include "dsl/grammar.hpp"
#include "dsl/parser.hpp"
#include "test_support.hpp"

using namespace clause;

namespace {

syntax::Program parse_text(const std::string& text, Diagnostics& diagnostics) {
  SourceFile source("test.clause", text);
  return parse_program(source, diagnostics);
}

const syntax::NumberLiteral& param_literal(const syntax::Program& program, std::size_t index) {
  const auto& param = std::get<syntax::ParamDecl>(program.declarations.at(index));
  return std::get<syntax::NumberLiteral>(param.value->kind);
}

}  // namespace

TEST_CASE("the grammar has no left recursion or other defects PEGTL can find") {
  CHECK(tao::pegtl::analyze<grammar::one_declaration>(-1) == 0);
}

TEST_CASE("literals policy staff write are exact values with their units") {
  Diagnostics diagnostics;
  auto program = parse_text("param a = 30万\nparam b = 2.5万元\nparam c = 300_000\nparam d = 10%\nparam e = 12.5%\nparam f = 1亿\n", diagnostics);
  REQUIRE(diagnostics.all().empty());
  CHECK(param_literal(program, 0).value == Decimal::from_integer(300000));
  CHECK(param_literal(program, 0).unit == syntax::NumberUnit::money);
  CHECK(param_literal(program, 1).value == Decimal::from_integer(25000));
  CHECK(param_literal(program, 2).value == Decimal::from_integer(300000));
  CHECK(param_literal(program, 2).unit == syntax::NumberUnit::plain);
  CHECK(param_literal(program, 3).value.to_string() == "0.1");
  CHECK(param_literal(program, 3).unit == syntax::NumberUnit::rate);
  CHECK(param_literal(program, 4).value.to_string() == "0.125");
  CHECK(param_literal(program, 5).value == Decimal::from_integer(100000000));
}

TEST_CASE("a syntax error costs only its declaration: parsing resumes at the next one") {
  Diagnostics diagnostics;
  auto program = parse_text("param a = 30万\nparam b = \nparam c = 5%\nmeasure 一(一) \"x\" {\n  amount 1 +\n}\nparam d = 1\n", diagnostics);
  REQUIRE(diagnostics.all().size() == 2);
  SourceFile source("test.clause", "");
  CHECK(diagnostics.all()[0].code == "E0001");
  CHECK(diagnostics.all()[0].message.find("expected an expression") != std::string::npos);
  CHECK(diagnostics.all()[1].message.find("expected an operand") != std::string::npos);
  CHECK(program.declarations.size() == 3);  // a, c, d
}

TEST_CASE("the caret sits under the character, counting Chinese characters as two columns") {
  auto checked = testing::check_text(testing::policy_with("", "let 金额 = 未知名称\n"));
  std::string rendered = checked.rendered();
  CHECK(rendered.find("test.clause:9:10: error[E0101]: unknown name '未知名称'") != std::string::npos);
  CHECK(rendered.find(" 9 | let 金额 = 未知名称\n   |            ^^^^^^^^\n") != std::string::npos);
}

TEST_CASE("a measure's expected warnings keep their code, why, and where each is written") {
  Diagnostics diagnostics;
  const std::string text = "measure 一 \"m\" {\n  amount 1万\n  expect W0701 \"原文所定\"   # reviewed\n"
                           "  expect W0708 \"封顶\"\n}\n";
  syntax::Program program = parse_text(text, diagnostics);
  CHECK_FALSE(diagnostics.has_errors());
  const auto& measure = std::get<syntax::MeasureDecl>(program.declarations.at(0));
  REQUIRE(measure.expectations.size() == 2);
  const syntax::Expectation& first = measure.expectations[0];
  CHECK(first.code == "W0701");
  CHECK(first.reason == "原文所定");
  CHECK(text.substr(first.code_span.begin, first.code_span.end - first.code_span.begin) == "W0701");
  CHECK(text.substr(first.span.begin, first.span.end - first.span.begin) == "expect W0701 \"原文所定\"");
  CHECK(measure.expectations[1].code == "W0708");
}

TEST_CASE("the bundled Luojiang policy parses and checks without errors") {
  std::ifstream file(std::string(CLAUSE_SOURCE_DIR) + "/policies/luojiang-2023.clause");
  std::stringstream text;
  text << file.rdbuf();
  auto checked = testing::check_text(text.str());
  CHECK_FALSE(checked.diagnostics.has_errors());
  CHECK(checked.program->measures.size() == 10);
  CHECK(checked.program->benefits.size() == 1);
  CHECK(checked.program->measures.front().article == "一(一)");
  CHECK(checked.program->measures.back().article == "四(一)");
  // The text's overlap at 50000 is reported as a note: resolved by 就高.
  CHECK(checked.has("N0301"));
  CHECK(checked.rendered().find("brackets overlap at cloud_fee = 50000") != std::string::npos);
}

TEST_CASE("a block left open is pointed at by a note on the error it causes later") {
  auto notes_of_first_error = [](const std::string& text) {
    Diagnostics diagnostics;
    parse_text(text, diagnostics);
    REQUIRE(diagnostics.has_errors());
    return diagnostics.all().front().notes;
  };
  const std::string open_facts = "facts {\n  fee: money\n\nmeasure 一 \"m\" {\n  amount fee\n}\n";
  auto notes = notes_of_first_error(open_facts);
  REQUIRE(notes.size() == 1);
  CHECK(notes[0].span.begin == open_facts.find('{'));
  CHECK(notes[0].message.find("not closed before the next declaration") != std::string::npos);

  // Braces in strings, comments and quotes of the law are not blocks: the one left open is the measure's.
  const std::string open_measure =
      "measure 一 \"a { in a title\" {  # a { in a comment\n> a { in the law\n  amount 1元\n";
  notes = notes_of_first_error(open_measure);
  REQUIRE(notes.size() == 1);
  CHECK(notes[0].span.begin == open_measure.find("\" {") + 2);
  CHECK(notes[0].message.find("never closed") != std::string::npos);

  // An error with every block closed gets no such note.
  CHECK(notes_of_first_error("measure 一 \"m\" {\n  amount 1元 +\n}\n").empty());
}
