#include "interpreter/policy_tests.hpp"

#include <algorithm>
#include <set>
#include <fmt/format.h>
#include <simdjson.h>

#include "interpreter/checker.hpp"
#include "interpreter/record_set.hpp"
#include "interpreter/value_format.hpp"

namespace clause {
namespace {

namespace ondemand = simdjson::ondemand;

// "一(2)" and "一（二）" are how an article is mistyped most: digits for numerals,
// the other parentheses. Suggest the label they stand for before the nearest one.
std::string did_you_mean_article(const std::string& article, const std::vector<std::string>& labels) {
  static const char* const numerals[] = {"〇", "一", "二", "三", "四", "五", "六", "七", "八", "九"};
  std::string normalized;
  for (std::size_t i = 0; i < article.size(); ++i) {
    char c = article[i];
    if (c >= '0' && c <= '9') {
      normalized += numerals[c - '0'];
    } else if (article.compare(i, 3, "（") == 0 || article.compare(i, 3, "）") == 0) {
      normalized += article.compare(i, 3, "（") == 0 ? '(' : ')';
      i += 2;
    } else {
      normalized += c;
    }
  }
  for (const std::string& label : labels) {
    if (label == normalized) return fmt::format("did you mean '{}'?", label);
  }
  return did_you_mean(article, labels);
}

// Reads one line into a case; the first problem found ends the line, as for facts.
class CaseReader {
 public:
  CaseReader(const CheckedProgram& program, const FactsReader& reader, int line)
      : program_(program), facts_reader_(reader), line_(line) {}

  std::optional<PolicyTestCase> read(std::string_view text) {
    simdjson::padded_string padded(text);
    ondemand::parser parser;
    ondemand::document document;
    if (auto code = parser.iterate(padded).get(document)) return nothing(syntax_error("$", code));
    ondemand::object object;
    if (auto code = document.get_object().get(object)) {
      if (code != simdjson::INCORRECT_TYPE) return nothing(syntax_error("$", code));
      return nothing(fail("$", "expected a test case (an object with name, facts and expect)"));
    }
    PolicyTestCase test;
    test.line = line_;
    for (auto field : object) {
      std::string_view raw_key;
      if (auto code = field.unescaped_key().get(raw_key)) return nothing(syntax_error("$", code));
      std::string key(raw_key);
      ondemand::value value;
      if (auto code = field.value().get(value)) return nothing(syntax_error("$." + key, code));
      if (!read_field(key, value, test)) return std::nullopt;
    }
    if (!nothing_after(document, padded)) return nothing(fail("$", "more text after the test case's closing brace"));
    if (!seen_facts_) return nothing(fail("$.facts", "missing: the facts of the enterprise-year to evaluate"));
    if (!seen_expect_) return nothing(fail("$.expect", "missing: what the case expects, such as {\"total\": \"35000.00\"}"));
    if (test.amounts.empty() && !test.benefits) {
      return nothing(fail("$.expect", "expects nothing: name an article, total or benefits"));
    }
    return test;
  }

  const std::optional<PolicyTestError>& error() const { return error_; }

 private:
  // Records the first problem of the line; always false, so a caller can return it.
  bool fail(std::string path, std::string message) {
    if (!error_) error_ = PolicyTestError{line_, std::move(path), std::move(message)};
    return false;
  }
  bool syntax_error(std::string path, simdjson::error_code code) {
    return fail(std::move(path), std::string("not valid JSON: ") + simdjson::error_message(code));
  }
  static std::nullopt_t nothing(bool) { return std::nullopt; }

  // simdjson stops at the object's closing brace; anything but blanks after it is not JSON Lines.
  static bool nothing_after(ondemand::document& document, const simdjson::padded_string& padded) {
    const char* location = nullptr;
    if (document.current_location().get(location)) return true;  // out of bounds: nothing follows
    const char* end = padded.data() + padded.size();
    for (; location >= padded.data() && location < end; ++location) {
      if (*location != ' ' && *location != '\t' && *location != '\r' && *location != '\n') return false;
    }
    return true;
  }

  bool read_field(const std::string& key, ondemand::value& value, PolicyTestCase& test) {
    if (!seen_keys_.insert(key).second) return fail("$." + key, "given twice");
    if (key == "name") return read_text(value, "$.name", test.name);
    if (key == "note") return read_text(value, "$.note", note_);
    if (key == "facts") {
      seen_facts_ = true;
      return read_facts(value, test);
    }
    if (key == "expect") {
      seen_expect_ = true;
      return read_expect(value, test);
    }
    return fail("$." + key, "unknown key '" + key + "', expected name, facts, expect or note");
  }

  bool read_text(ondemand::value& value, const std::string& path, std::string& out) {
    std::string_view text;
    if (value.get_string().get(text)) return fail(path, "expected a string");
    out = std::string(text);
    return true;
  }

  // The facts are read by the policy's own facts reader, so a case sees exactly
  // the rules `clause eval` applies; its paths are moved under $.facts.
  bool read_facts(ondemand::value& value, PolicyTestCase& test) {
    ondemand::object object;
    if (value.get_object().get(object)) return fail("$.facts", "expected the facts (an object)");
    std::string_view raw;
    if (auto code = object.raw_json().get(raw)) return syntax_error("$.facts", code);
    FactsResult facts = facts_reader_.read(raw, line_);
    if (auto* error = std::get_if<FactsError>(&facts)) {
      return fail("$.facts" + error->path.substr(1), error->message);
    }
    test.facts = std::get<Value>(std::move(facts));
    return true;
  }

  bool read_expect(ondemand::value& value, PolicyTestCase& test) {
    ondemand::object object;
    if (value.get_object().get(object)) return fail("$.expect", "expected an object: article → amount");
    for (auto field : object) {
      std::string_view raw_key;
      if (auto code = field.unescaped_key().get(raw_key)) return syntax_error("$.expect", code);
      std::string key(raw_key);
      std::string path = "$.expect." + key;
      ondemand::value expected;
      if (auto code = field.value().get(expected)) return syntax_error(path, code);
      if (key == "benefits") {
        if (test.benefits) return fail(path, "given twice");
        if (!read_benefits(expected, path, test)) return false;
        continue;
      }
      if (!known_article(key, path)) return false;
      bool repeated = std::any_of(test.amounts.begin(), test.amounts.end(),
                                  [&](const ExpectedAmount& amount) { return amount.article == key; });
      if (repeated) return fail(path, "given twice");
      auto amount = read_amount(expected, path);
      if (!amount) return false;
      test.amounts.push_back(ExpectedAmount{key, *amount});
    }
    return true;
  }

  bool known_article(const std::string& article, const std::string& path) {
    if (article == "total") return true;
    std::vector<std::string> labels;
    for (const CheckedMeasure& measure : program_.measures) {
      if (measure.article == article) return true;
      labels.push_back(measure.article);
    }
    labels.push_back("total");
    labels.push_back("benefits");
    std::string hint = did_you_mean_article(article, labels);
    return fail(path, fmt::format("the policy has no measure '{}'{}", article, hint.empty() ? "" : "; " + hint));
  }

  // An amount as money is written in facts: a string of digits ("25000.00") or a
  // JSON number, valued from its text, never through floating point.
  std::optional<Decimal> read_amount(ondemand::value& value, const std::string& path) {
    ondemand::json_type kind;
    if (value.type().get(kind)) return nothing(fail(path, "expected an amount such as \"25000.00\""));
    std::string_view text;
    if (kind == ondemand::json_type::string) {
      if (value.get_string().get(text)) return nothing(fail(path, "expected an amount such as \"25000.00\""));
    } else if (kind == ondemand::json_type::number) {
      text = value.raw_json_token();
      while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r')) text.remove_suffix(1);
    } else {
      return nothing(fail(path, "expected an amount such as \"25000.00\""));
    }
    std::optional<Decimal> amount;
    bool digits_only = !text.empty() && text.find_first_not_of("0123456789.") == std::string_view::npos;
    try {
      if (digits_only) amount = Decimal::parse(text);
    } catch (const DecimalOverflow&) {
      amount.reset();
    }
    if (!amount) return nothing(fail(path, fmt::format("expected an amount in yuan such as \"25000.00\", got \"{}\"", text)));
    return amount;
  }

  bool read_benefits(ondemand::value& value, const std::string& path, PolicyTestCase& test) {
    ondemand::array array;
    if (value.get_array().get(array)) return fail(path, "expected a list of benefit names, such as [\"digital_diagnosis\"]");
    std::vector<std::string> names;
    std::size_t index = 0;
    for (auto element : array) {
      std::string item_path = fmt::format("{}[{}]", path, index++);
      std::string_view name;
      if (element.get_string().get(name)) return fail(item_path, "expected a benefit name (a string)");
      bool known = std::any_of(program_.benefits.begin(), program_.benefits.end(),
                               [&](const CheckedBenefit& benefit) { return benefit.benefit == name; });
      if (!known) return fail(item_path, fmt::format("the policy grants no benefit '{}'", name));
      names.emplace_back(name);
    }
    test.benefits = std::move(names);
    return true;
  }

  const CheckedProgram& program_;
  const FactsReader& facts_reader_;
  int line_;
  std::string note_;  // `note` is for the people who read the file, not for the run
  std::set<std::string> seen_keys_;
  bool seen_facts_ = false;
  bool seen_expect_ = false;
  std::optional<PolicyTestError> error_;
};

std::string listed(std::vector<std::string> names) {
  if (names.empty()) return "(none)";
  std::sort(names.begin(), names.end());
  return fmt::format("{}", fmt::join(names, ", "));
}

void compare_amounts(const PolicyTestCase& test, PolicyTestOutcome& outcome) {
  for (const ExpectedAmount& expected : test.amounts) {
    if (expected.article == "total") {
      if (outcome.result.total != expected.amount) {
        outcome.mismatches.push_back({"total", format_money(expected.amount), format_money(outcome.result.total), -1});
      }
      continue;
    }
    for (std::size_t i = 0; i < outcome.result.measures.size(); ++i) {
      const MeasureResult& measure = outcome.result.measures[i];
      if (measure.article != expected.article || measure.amount == expected.amount) continue;
      outcome.mismatches.push_back(
          {measure.article, format_money(expected.amount), format_money(measure.amount), static_cast<int>(i)});
    }
  }
}

void compare_benefits(const PolicyTestCase& test, PolicyTestOutcome& outcome) {
  if (!test.benefits) return;
  std::string expected = listed(*test.benefits);
  std::string actual = listed(outcome.result.benefits);
  if (expected != actual) outcome.mismatches.push_back({"benefits", expected, actual, -1});
}

}  // namespace

PolicyTestFile read_policy_tests(std::string_view text, const CheckedProgram& program, const FactsReader& reader) {
  PolicyTestFile file;
  for_each_json_line(text, [&](int line, std::string_view record) {
    CaseReader case_reader(program, reader, line);
    if (auto test = case_reader.read(record)) {
      file.cases.push_back(std::move(*test));
    } else if (case_reader.error()) {
      file.errors.push_back(*case_reader.error());
    }
  });
  return file;
}

PolicyTestOutcome run_policy_test(const Evaluator& evaluator, const PolicyTestCase& test) {
  PolicyTestOutcome outcome;
  RecordOutcome evaluated = evaluate_read_record(evaluator, ReadRecord{test.line, test.facts, ""}, true);
  if (!evaluated.ok) {
    outcome.evaluation_error = evaluated.error;
    return outcome;
  }
  outcome.result = std::move(evaluated.result);
  compare_amounts(test, outcome);
  compare_benefits(test, outcome);
  outcome.passed = outcome.mismatches.empty();
  return outcome;
}

}  // namespace clause
