#include <doctest/doctest.h>

#include "interpreter/result_writer.hpp"
#include "interpreter/value_format.hpp"

using namespace clause;

TEST_CASE("JSON strings escape quotes, backslashes and control characters, and keep UTF-8 as it is") {
  CHECK(json_string("plain 中文") == "\"plain 中文\"");
  CHECK(json_string("say \"hi\"\\") == R"("say \"hi\"\\")");
  CHECK(json_string("a\nb\tc\rd") == R"("a\nb\tc\rd")");
  CHECK(json_string(std::string_view("\x01\x1f", 2)) == R"("\u0001\u001f")");
  CHECK(json_string("") == "\"\"");
}

TEST_CASE("a why worded straight into the JSON output is escaped like any string") {
  EvaluationResult result;
  result.id = "q\"1";
  result.year = "2024";
  result.total = Decimal::from_integer(0);
  MeasureResult measure{"一", "m", Decimal::from_integer(0), {}};
  measure.why.push_back(WhyStep{WhyKind::no_items, {"items where name == \"a\\b\""}, Span{}});
  measure.why.push_back(WhyStep{WhyKind::no_items, {"plain"}, Span{}});
  result.measures.push_back(measure);
  std::string json = result_json(result, Language::en, false);
  CHECK(json ==
        R"({"id":"q\"1","year":2024,"total":"0.00","measures":[{"article":"一","amount":"0.00","why":)"
        R"(["no item qualifies: items where name == \"a\\b\"","no item qualifies: plain"]}],"benefits":[]})");
}

TEST_CASE("escaping finds what needs it at any position of a long text, UTF-8 included") {
  const std::string plain = "金额 invested * info_rate（invested = 3500000.00）";
  for (std::size_t at = 0; at <= plain.size(); ++at) {
    for (char special : {'"', '\\', '\n', '\x1f'}) {
      std::string text = plain.substr(0, at) + special + plain.substr(at);
      std::string escaped = json_string(text);
      std::string expected_mark = special == '"' ? "\\\"" : special == '\\' ? "\\\\" : special == '\n' ? "\\n" : "\\u001f";
      CHECK(escaped == "\"" + plain.substr(0, at) + expected_mark + plain.substr(at) + "\"");
    }
  }
  CHECK(json_string(plain) == "\"" + plain + "\"");
  // Bytes just above the controls and just around the quote and backslash pass untouched.
  CHECK(json_string(" !#[]^~\x7f\x80\xff ABCDEFGH") == "\" !#[]^~\x7f\x80\xff ABCDEFGH\"");
}

TEST_CASE("escaping finds what needs it at any position of texts of every length, two of them included") {
  // Lengths on both sides of the 16-byte blocks the scan takes, so that the last
  // bytes fall in a block of their own, overlapping the one before, or in none.
  auto reference = [](std::string_view text) {
    std::string out = "\"";
    for (char c : text) {
      if (c == '"') out += "\\\"";
      else if (c == '\\') out += "\\\\";
      else if (c == '\n') out += "\\n";
      else out += c;
    }
    return out + "\"";
  };
  for (std::size_t length = 0; length <= 49; ++length) {
    const std::string plain(length, 'x');
    CHECK(json_string(plain) == reference(plain));
    for (std::size_t at = 0; at < length; ++at) {
      for (char special : {'"', '\\', '\n'}) {
        std::string text = plain;
        text[at] = special;
        CAPTURE(length);
        CAPTURE(at);
        CHECK(json_string(text) == reference(text));
        text[length - 1] = special;  // and one more at the end, found after the first is escaped
        CHECK(json_string(text) == reference(text));
      }
    }
  }
}

TEST_CASE("money is written with two decimals, or with every exact digit beyond the fen, at any size") {
  auto money = [](std::string_view text) { return format_money(*Decimal::parse(text)); };
  CHECK(money("0") == "0.00");
  CHECK(money("0.000") == "0.00");
  CHECK(money("30000") == "30000.00");
  CHECK(money("0.5") == "0.50");
  CHECK(money("0.05") == "0.05");
  CHECK(money("-0.05") == "-0.05");
  CHECK(money("-120") == "-120.00");
  CHECK(money("35000.10") == "35000.10");
  CHECK(money("10000.002") == "10000.002");  // not rounded: only the evaluator rounds
  CHECK(money("10000.0020") == "10000.002");
  CHECK(money("35000.000") == "35000.00");  // zeros beyond the fen dropped, as an unrounded amount has them
  CHECK(money("0.005") == "0.005");
  CHECK(money("-12.3450") == "-12.345");
  CHECK(money("0.000000000000000000000000000001") == "0.000000000000000000000000000001");
  CHECK(money("18446744073709551.615") == "18446744073709551.615");  // the largest coefficient of 64 bits
  CHECK(money("18446744073709551.616") == "18446744073709551.616");  // one more: the general path
  CHECK(money("99999999999999999999.000") == "99999999999999999999.00");
  CHECK(money("999999999999999.99") == "999999999999999.99");  // the largest written to the fen directly
  CHECK(money("1000000000000000") == "1000000000000000.00");   // and the smallest that is not
  CHECK(money("-1000000000000000.5") == "-1000000000000000.50");
  CHECK(money("123456789012345678901234567890") == "123456789012345678901234567890.00");
}
