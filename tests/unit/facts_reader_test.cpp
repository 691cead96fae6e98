#include "interpreter/facts_reader.hpp"

#include <doctest/doctest.h>

#include <string>
#include <thread>
#include <type_traits>
#include <utility>
#include <vector>

using namespace clause;

namespace {

FieldSchema required_field(std::string name, Type type) { return FieldSchema{std::move(name), type, true, Value{}, ""}; }

FieldSchema optional_field(std::string name, Type type, Value default_value) {
  return FieldSchema{std::move(name), type, false, std::move(default_value), ""};
}

Type enum_type(int declaration) { return Type{TypeKind::enumeration, declaration, false, false}; }
Type record_type(int declaration) { return Type{TypeKind::record, declaration, false, false}; }

constexpr int level_enum = 0;
constexpr int item_record = 0;
constexpr int prior_record = 1;
constexpr int facts_record = 2;

// enum level { national, provincial, municipal }
// record item  { kind: level, amount: money, date: date, project: text = "" }
// record prior { total: money = 0, level: level? = none }
// facts { id: text, year: integer, flag: bool, fee: money = 0, items: list of item,
//         prior: prior, design_level: level? = none, share: rate = 0, score: number? = none }
Schema test_schema() {
  Schema schema;
  schema.enums.push_back(EnumSchema{"level", {"national", "provincial", "municipal"}, {"", "", ""}});
  schema.records.push_back(RecordSchema{"item",
                                        {
                                            required_field("kind", enum_type(level_enum)),
                                            required_field("amount", Type::of(TypeKind::money)),
                                            required_field("date", Type::of(TypeKind::date)),
                                            optional_field("project", Type::of(TypeKind::text), Value(std::string())),
                                        }});
  Type optional_level = enum_type(level_enum);
  optional_level.optional = true;
  schema.records.push_back(RecordSchema{"prior",
                                        {
                                            optional_field("total", Type::of(TypeKind::money), Value(Decimal())),
                                            optional_field("level", optional_level, Value(NoneValue{})),
                                        }});
  Type optional_number = Type::of(TypeKind::number);
  optional_number.optional = true;
  schema.records.push_back(RecordSchema{"facts",
                                        {
                                            required_field("id", Type::of(TypeKind::text)),
                                            required_field("year", Type::of(TypeKind::integer)),
                                            required_field("flag", Type::of(TypeKind::boolean)),
                                            optional_field("fee", Type::of(TypeKind::money), Value(Decimal())),
                                            optional_field("items", record_type(item_record).as_list(), Value{}),
                                            optional_field("prior", record_type(prior_record), Value{}),
                                            optional_field("design_level", optional_level, Value{}),
                                            optional_field("share", Type::of(TypeKind::rate), Value(Decimal())),
                                            optional_field("score", optional_number, Value{}),
                                        }});
  schema.facts_record = facts_record;
  return schema;
}

const Schema& schema() {
  static const Schema instance = test_schema();
  return instance;
}

const FactsReader& reader() {
  static const FactsReader instance(schema());
  return instance;
}

constexpr std::string_view minimal = R"({"id":"A","year":2024,"flag":true})";

// The minimal record with `extra` spliced in before its closing brace.
std::string with(std::string_view extra) {
  std::string text(minimal);
  text.insert(text.size() - 1, std::string(",") + std::string(extra));
  return text;
}

Value read_ok(std::string_view json) {
  FactsResult result = reader().read(json, 1);
  if (const auto* error = std::get_if<FactsError>(&result)) FAIL_CHECK("unexpected error: " << error->to_string());
  REQUIRE(std::holds_alternative<Value>(result));
  return std::get<Value>(std::move(result));
}

std::string read_error(std::string_view json) {
  FactsResult result = reader().read(json, 7);
  if (std::holds_alternative<Value>(result)) return "<accepted>";
  const FactsError& error = std::get<FactsError>(result);
  CHECK(error.line == 7);
  return error.to_string();
}

const Value& field(const Value& record, int record_index, std::string_view name) {
  std::optional<int> index = schema().records[static_cast<std::size_t>(record_index)].find(name);
  REQUIRE(index.has_value());
  return record.as_record().fields.at(static_cast<std::size_t>(*index));
}

std::string fee_of(std::string_view fee_json) {
  return field(read_ok(with(std::string(R"("fee":)") + std::string(fee_json))), facts_record, "fee")
      .as_decimal()
      .to_string();
}

}  // namespace

TEST_CASE("a minimal record takes every default") {
  Value facts = read_ok(minimal);
  REQUIRE(facts.as_record().fields.size() == 9);
  CHECK(field(facts, facts_record, "id").as_text() == "A");
  CHECK(field(facts, facts_record, "year").as_decimal() == Decimal::from_integer(2024));
  CHECK(field(facts, facts_record, "year").as_decimal().scale() == 0);
  CHECK(field(facts, facts_record, "flag").as_bool() == true);
  CHECK(field(facts, facts_record, "fee").as_decimal().is_zero());
  CHECK(field(facts, facts_record, "items").as_list().items.empty());
  const Value& prior = field(facts, facts_record, "prior");
  CHECK(field(prior, prior_record, "total").as_decimal().is_zero());
  CHECK(field(prior, prior_record, "level").is_none());
  CHECK(field(facts, facts_record, "design_level").is_none());
  CHECK(field(facts, facts_record, "share").as_decimal().is_zero());
  CHECK(field(facts, facts_record, "score").is_none());
}

TEST_CASE("a full record maps every field, in declaration order, whatever the key order") {
  Value facts = read_ok(R"({
    "prior": {"level": "municipal", "total": "100000"},
    "items": [
      {"kind": "national", "amount": 350000.50, "date": "2024-03-01", "project": "智能排产"},
      {"date": "2024-02-29", "amount": "12", "kind": "municipal"}
    ],
    "design_level": "provincial", "share": "12.5%", "score": -3.25e1,
    "flag": false, "year": 2025, "id": "LJ-0001", "fee": 60000
  })");
  CHECK(field(facts, facts_record, "id").as_text() == "LJ-0001");
  CHECK(field(facts, facts_record, "year").as_decimal() == Decimal::from_integer(2025));
  CHECK(field(facts, facts_record, "flag").as_bool() == false);
  CHECK(field(facts, facts_record, "fee").as_decimal().to_string() == "60000");
  CHECK(field(facts, facts_record, "design_level").as_enum() == EnumValue{1});
  CHECK(field(facts, facts_record, "share").as_decimal().to_string() == "0.125");
  CHECK(field(facts, facts_record, "score").as_decimal().to_string() == "-32.5");
  const auto& items = field(facts, facts_record, "items").as_list().items;
  REQUIRE(items.size() == 2);
  CHECK(field(items[0], item_record, "kind").as_enum() == EnumValue{0});
  CHECK(field(items[0], item_record, "amount").as_decimal().to_string() == "350000.50");
  CHECK(field(items[0], item_record, "date").as_date().to_string() == "2024-03-01");
  CHECK(field(items[0], item_record, "project").as_text() == "智能排产");
  CHECK(field(items[1], item_record, "kind").as_enum() == EnumValue{2});
  CHECK(field(items[1], item_record, "date").as_date().to_string() == "2024-02-29");
  CHECK(field(items[1], item_record, "project").as_text() == "");
  const Value& prior = field(facts, facts_record, "prior");
  CHECK(field(prior, prior_record, "total").as_decimal() == Decimal::from_integer(100000));
  CHECK(field(prior, prior_record, "level").as_enum() == EnumValue{2});
}

TEST_CASE("money is valued exactly from its text") {
  CHECK(fee_of(R"("350000.50")") == "350000.50");
  CHECK(fee_of("350000.5") == "350000.5");
  CHECK(fee_of("350000.50") == "350000.50");
  CHECK(fee_of("4e4") == "40000");
  CHECK(fee_of("4E+4") == "40000");
  CHECK(fee_of("1.5e1") == "15");
  CHECK(fee_of("12345e-2") == "123.45");
  CHECK(fee_of(R"("00012")") == "12");
  CHECK(fee_of("0.1") == "0.1");  // would be 0.1000000000000000055511151231257827 through a double
  CHECK(fee_of("999999999999999.99") == "999999999999999.99");
  CHECK(fee_of(R"("999999999999999.99")") == "999999999999999.99");
  // Where the spelling has more digits than the value needs, only the value is the reader's business.
  auto fee_value = [](std::string_view json) {
    return field(read_ok(with(std::string(R"("fee":)") + std::string(json))), facts_record, "fee").as_decimal();
  };
  CHECK(fee_value("-0") == Decimal());
  CHECK_FALSE(fee_value("-0").is_negative());
  CHECK(fee_value("-0.0") == Decimal());
  CHECK(fee_value("-0e5") == Decimal());
  CHECK(fee_value("1.230") == Decimal::from_parts(123, 2));  // the value has two decimals: accepted
  // In a string every written digit counts (contract, section 1): "1.230" has three decimals.
  CHECK(read_error(with(R"("fee":"1.230")")) == "$.fee: money has at most two decimals, got \"1.230\"");
  CHECK(fee_value("123.4500e1") == Decimal::from_parts(12345, 1));
  CHECK(fee_value("0e-999") == Decimal());
}

TEST_CASE("money errors name the field and what was written") {
  CHECK(read_error(with(R"("fee":-5)")) == "$.fee: money must not be negative, got -5");
  CHECK(read_error(with(R"("fee":-0.01)")) == "$.fee: money must not be negative, got -0.01");
  CHECK(read_error(with(R"("fee":"-350000.50")")) == R"($.fee: money must not be negative, got "-350000.50")");
  CHECK(read_error(with(R"("fee":"-5%")")) == R"($.fee: expected money (a number or a string of digits), got "-5%")");
  CHECK(read_error(with(R"("fee":"-")")) == R"($.fee: expected money (a number or a string of digits), got "-")");
  CHECK(read_error(with(R"("fee":1.005)")) == "$.fee: money has at most two decimals, got 1.005");
  CHECK(read_error(with(R"("fee":"1.005")")) == "$.fee: money has at most two decimals, got \"1.005\"");
  CHECK(read_error(with(R"("fee":4e-3)")) == "$.fee: money has at most two decimals, got 4e-3");
  CHECK(read_error(with(R"("fee":1234567890123456)")) ==
        "$.fee: money has at most 15 integer digits, got 1234567890123456");
  CHECK(read_error(with(R"("fee":1e15)")) == "$.fee: money has at most 15 integer digits, got 1e15");
  CHECK(read_error(with(R"("fee":"0000000000000001")")) ==
        "$.fee: money has at most 15 integer digits, got \"0000000000000001\"");
  CHECK(read_error(with(R"("fee":1e400)")) ==
        "$.fee: money has at most 15 integer digits and two decimals, got 1e400");
  CHECK(read_error(with(R"("fee":true)")) == "$.fee: expected money (a number or a string of digits), got true");
  CHECK(read_error(with(R"("fee":[1])")) ==
        "$.fee: expected money (a number or a string of digits), got an array");
  CHECK(read_error(with(R"("fee":"12,000")")) ==
        "$.fee: expected money (a number or a string of digits), got \"12,000\"");
  CHECK(read_error(with(R"("fee":"-5")")) == "$.fee: money must not be negative, got \"-5\"");
  CHECK(read_error(with(R"("fee":" 5")")) == "$.fee: expected money (a number or a string of digits), got \" 5\"");
  CHECK(read_error(with(R"("fee":"4e4")")) == "$.fee: expected money (a number or a string of digits), got \"4e4\"");
  CHECK(read_error(with(R"("fee":"5.")")) == "$.fee: expected money (a number or a string of digits), got \"5.\"");
  CHECK(read_error(with(R"("fee":"")")) == "$.fee: expected money (a number or a string of digits), got \"\"");
}

TEST_CASE("rates: a fraction or a percentage string, never negative") {
  auto share_of = [](std::string_view json) {
    return field(read_ok(with(std::string(R"("share":)") + std::string(json))), facts_record, "share")
        .as_decimal()
        .to_string();
  };
  CHECK(share_of("0.1") == "0.1");
  CHECK(share_of(R"("10%")") == "0.10");
  CHECK(share_of(R"("12.5%")") == "0.125");
  CHECK(share_of(R"("0.25%")") == "0.0025");
  CHECK(share_of("1.5") == "1.5");
  CHECK(share_of("-0") == "0");
  CHECK(read_error(with(R"("share":-0.1)")) == "$.share: rate must not be negative, got -0.1");
  CHECK(read_error(with(R"("share":"-10%")")) == R"($.share: rate must not be negative, got "-10%")");
  CHECK(read_error(with(R"("share":"--10%")")) ==
        R"($.share: expected rate (a number such as 0.1 or a string such as "10%"), got "--10%")");
  CHECK(read_error(with(R"("share":"0.1")")) ==
        R"($.share: expected rate (a number such as 0.1 or a string such as "10%"), got "0.1")");
  CHECK(read_error(with(R"("share":"%")")) ==
        R"($.share: expected rate (a number such as 0.1 or a string such as "10%"), got "%")");
  CHECK(read_error(with(R"("share":false)")) ==
        R"($.share: expected rate (a number such as 0.1 or a string such as "10%"), got false)");
}

TEST_CASE("integers are judged by value; numbers are any exact JSON number") {
  auto year_of = [](std::string_view json) {
    std::string text = R"({"id":"A","flag":true,"year":)" + std::string(json) + "}";
    const Decimal year = field(read_ok(text), facts_record, "year").as_decimal();
    CHECK(year.scale() == 0);
    return year.to_string();
  };
  CHECK(year_of("2024") == "2024");
  CHECK(year_of("2024.0") == "2024");
  CHECK(year_of("2.024e3") == "2024");
  CHECK(year_of("-7") == "-7");
  CHECK(year_of("20240000000000000000000") == "20240000000000000000000");
  CHECK(read_error(R"({"id":"A","flag":true,"year":2024.5})") == "$.year: expected integer, got 2024.5");
  CHECK(read_error(R"({"id":"A","flag":true,"year":"2024"})") == "$.year: expected integer, got a string");
  CHECK(read_error(R"({"id":"A","flag":true,"year":1e99})") ==
        "$.year: integer is beyond the exact decimal range, got 1e99");
  CHECK(field(read_ok(with(R"("score":0.30000000000000004)")), facts_record, "score").as_decimal().to_string() ==
        "0.30000000000000004");
  CHECK(read_error(with(R"("score":"1")")) == "$.score: expected number, got a string");
}

TEST_CASE("bool, date, text and enum values") {
  CHECK(read_error(R"({"id":"A","year":2024,"flag":"true"})") ==
        "$.flag: expected bool (true or false), got a string");
  CHECK(read_error(R"({"id":"A","year":2024,"flag":1})") == "$.flag: expected bool (true or false), got a number");
  CHECK(read_error(R"({"id":7,"year":2024,"flag":true})") == "$.id: expected text (a string), got a number");
  CHECK(read_error(R"({"id":{},"year":2024,"flag":true})") == "$.id: expected text (a string), got an object");
  CHECK(field(read_ok(R"({"id":"\u6d1b\u6c5f \"x\"","year":2024,"flag":true})"), facts_record, "id").as_text() ==
        "洛江 \"x\"");

  std::string item_prefix = R"("items":[{"kind":"national","amount":1,"date":"2024-01-01"},{"kind":"national","amount":1,"date":)";
  CHECK(read_error(with(item_prefix + R"("2023-02-29"}])")) ==
        "$.items[1].date: not a real calendar date, got \"2023-02-29\"");
  CHECK(read_error(with(item_prefix + R"("2024-13-01"}])")) ==
        "$.items[1].date: not a real calendar date, got \"2024-13-01\"");
  CHECK(read_error(with(item_prefix + R"("2024/01/01"}])")) ==
        "$.items[1].date: expected date (a string \"YYYY-MM-DD\"), got \"2024/01/01\"");
  CHECK(read_error(with(item_prefix + R"("2024-1-1"}])")) ==
        "$.items[1].date: expected date (a string \"YYYY-MM-DD\"), got \"2024-1-1\"");
  CHECK(read_error(with(item_prefix + R"(20240101}])")) ==
        "$.items[1].date: expected date (a string \"YYYY-MM-DD\"), got a number");

  CHECK(read_error(with(R"("design_level":"galactic")")) ==
        "$.design_level: unknown 'galactic', expected one of national, provincial, municipal");
  CHECK(read_error(with(R"("design_level":"National")")) ==
        "$.design_level: unknown 'National', expected one of national, provincial, municipal");
  CHECK(read_error(with(R"("design_level":1)")) ==
        "$.design_level: expected one of national, provincial, municipal, got a number");
  CHECK(read_error(with(R"("items":[{"kind":"national","amount":1,"date":"2024-01-01"},)"
                        R"({"kind":"national","amount":1,"date":"2024-01-01"},)"
                        R"({"kind":"galactic","amount":1,"date":"2024-01-01"}])")) ==
        "$.items[2].kind: unknown 'galactic', expected one of national, provincial, municipal");
}

TEST_CASE("an error's path is gathered afresh for each record, innermost step last") {
  // The path is collected as a failure returns through each level; one record's
  // steps must not leak into the next record's path, nor survive a good record.
  const std::string deep = with(R"("items":[{"kind":"national","amount":1,"date":"2024-01-01"},)"
                                R"({"kind":"galactic","amount":1,"date":"2024-01-01"}])");
  CHECK(read_error(deep) == "$.items[1].kind: unknown 'galactic', expected one of national, provincial, municipal");
  CHECK(read_error(with(R"("prior":{"total":-1})")) == "$.prior.total: money must not be negative, got -1");
  CHECK(read_error(deep) == "$.items[1].kind: unknown 'galactic', expected one of national, provincial, municipal");
  CHECK(read_error(R"({"year":2024,"flag":true})") == "$.id: missing required field");
  CHECK(read_error(with(R"("extra":{"a":[1,{"b":1,"b":2}]})")) == "$.extra.a[1]: duplicate key 'b'");
  CHECK(read_error(with(R"("items":[{"kind":"national","amount":1,"date":"2024-01-01"},tru])")) ==
        "$.items[1]: not valid JSON: unexpected tru");
}

TEST_CASE("records and lists: shape errors and paths") {
  CHECK(read_error(with(R"("items":{})")) == "$.items: expected list of item (an array), got an object");
  CHECK(read_error(with(R"("items":[1])")) == "$.items[0]: expected item (an object), got a number");
  CHECK(read_error(with(R"("items":[null])")) == "$.items[0]: expected item (an object), got null");
  CHECK(read_error(with(R"("prior":[])")) == "$.prior: expected prior (an object), got an array");
  CHECK(read_error(with(R"("items":[{"kind":"national","date":"2024-01-01"}])")) ==
        "$.items[0].amount: missing required field");
  CHECK(read_error(with(R"("items":[{"kind":"national","amount":1,"date":"2024-01-01"},)"
                        R"({"kind":"national","amount":"1.001","date":"2024-01-01"}])")) ==
        "$.items[1].amount: money has at most two decimals, got \"1.001\"");
  CHECK(read_error(with(R"("prior":{"total":-1})")) == "$.prior.total: money must not be negative, got -1");
  CHECK(read_error("[]") == "$: expected facts (an object), got an array");
  CHECK(read_error("5") == "$: expected facts (an object), got a number");
  CHECK(read_error(R"("x")") == "$: expected facts (an object), got a string");
  CHECK(read_error("null") == "$: expected facts (an object), got null");
}

TEST_CASE("missing fields, null and unknown fields") {
  CHECK(read_error(R"({"year":2024,"flag":true})") == "$.id: missing required field");
  CHECK(read_error(R"({"id":"A","flag":true})") == "$.year: missing required field");
  CHECK(read_error("{}") == "$.id: missing required field");
  // null is missing for a required field, absent for an optional one
  CHECK(read_error(R"({"id":null,"year":2024,"flag":true})") == "$.id: missing required field");
  Value facts = read_ok(with(R"("fee":null,"items":null,"prior":null,"design_level":null,"score":null)"));
  CHECK(field(facts, facts_record, "fee").as_decimal().is_zero());
  CHECK(field(facts, facts_record, "items").as_list().items.empty());
  CHECK(field(field(facts, facts_record, "prior"), prior_record, "total").as_decimal().is_zero());
  CHECK(field(facts, facts_record, "design_level").is_none());
  CHECK(field(facts, facts_record, "score").is_none());
  Value prior = field(read_ok(with(R"("prior":{"level":null})")), facts_record, "prior");
  CHECK(field(prior, prior_record, "level").is_none());
  CHECK(field(prior, prior_record, "total").as_decimal().is_zero());
  // unknown fields are ignored, whatever their shape
  Value extra = read_ok(with(R"("name":"某公司","nested":{"a":[1,2.5e3,{"b":null}],"c":true},"fee2":-1)"));
  CHECK(field(extra, facts_record, "id").as_text() == "A");
  CHECK(read_ok(with(R"("items":[{"kind":"national","amount":1,"date":"2024-01-01","system":"ERP"}])"))
            .as_record()
            .fields.size() == 9);
}

TEST_CASE("duplicate keys are errors at the object holding them") {
  CHECK(read_error(with(R"("fee":1,"fee":1)")) == "$: duplicate key 'fee'");
  CHECK(read_error(with(R"("fee":null,"fee":1)")) == "$: duplicate key 'fee'");
  CHECK(read_error(with(R"("id":"B")")) == "$: duplicate key 'id'");
  CHECK(read_error(with(R"("fee":1,"f\u0065e":2)")) == "$: duplicate key 'fee'");
  CHECK(read_error(with(R"("name":"a","name":"b")")) == "$: duplicate key 'name'");
  CHECK(read_error(with(R"("prior":{"total":1,"total":2})")) == "$.prior: duplicate key 'total'");
  CHECK(read_error(with(R"("items":[{"kind":"national","amount":1,"amount":2,"date":"2024-01-01"}])")) ==
        "$.items[0]: duplicate key 'amount'");
  CHECK(read_error(with(R"("extra":{"a":{"b":1,"b":2}})")) == "$.extra.a: duplicate key 'b'");
  // the same key in different objects is fine
  CHECK(read_ok(with(R"("extra":{"a":{"b":1},"c":{"b":2}})")).as_record().fields.size() == 9);
}

TEST_CASE("anything that is not JSON is reported as such, at the field where it stands") {
  CHECK(read_error(with(R"("fee":NaN)")) == "$.fee: not valid JSON: unexpected NaN");
  CHECK(read_error(with(R"("fee":Infinity)")) == "$.fee: not valid JSON: unexpected Infinity");
  CHECK(read_error(with(R"("fee":-Infinity)")) == "$.fee: not valid JSON: unexpected -Infinity");
  CHECK(read_error(with(R"("score":012)")) == "$.score: not valid JSON: unexpected 012");
  CHECK(read_error(with(R"("score":1.)")) == "$.score: not valid JSON: unexpected 1.");
  CHECK(read_error(with(R"("score":.5)")) == "$.score: not valid JSON: unexpected .5");
  CHECK(read_error(with(R"("score":1.2.3)")) == "$.score: not valid JSON: unexpected 1.2.3");
  CHECK(read_error(with(R"("flag2":tru)")) == "$.flag2: not valid JSON: unexpected tru");
  CHECK(read_error(with(R"("unknown":NaN)")) == "$.unknown: not valid JSON: unexpected NaN");
  CHECK(read_error(with(R"("unknown":[1,{"x":nul}])")) == "$.unknown[1].x: not valid JSON: unexpected nul");
  CHECK(read_error(R"({"id":"A","year":2024,"flag":true} x)") ==
        "$: not valid JSON: unexpected x after the object");
  CHECK(read_error(R"({"id":"A","year":2024,"flag":true}{"id":"B"})") ==
        "$: not valid JSON: unexpected {\"id\":\"B\"} after the object");
  // a wrong value before the breakage does not hide that the line is not JSON
  CHECK(read_error(R"({"id":1,"year":2024,"flag":true,"x":NaN})") == "$.x: not valid JSON: unexpected NaN");
  CHECK(read_error(R"({"id":1,"year":2024,"flag":true)").rfind("$: not valid JSON: ", 0) == 0);
  CHECK(read_error(R"({"id":"A","year":2024,"flag":)") == "$.flag: not valid JSON: the record ends where a value should be");
  CHECK(read_error(R"({"id":"A","year":2024,"flag":})") == "$.flag: not valid JSON: unexpected }");

  // truncated lines and broken structure carry simdjson's own explanation
  for (std::string_view broken : {R"({"id":"A","year":2024,"flag":true)", R"({"id":"A","year":20)", R"({"id":"A)",
                                  R"({"id":"A",)", R"({"id" "A"})", R"({"id":"A",,"year":1})", "{", "", "   ",
                                  R"({"id":"A","year":2024,"flag":true}})", R"({"id":"A","year":2024,"flag":true]})"}) {
    CAPTURE(broken);
    std::string error = read_error(broken);
    CHECK(error.rfind("$: not valid JSON: ", 0) == 0);
  }
}

TEST_CASE("bytes that are not UTF-8 are reported with their offset in the line") {
  CHECK(read_error("\xff") ==
        "$: not valid UTF-8: byte 0xFF at byte offset 0 of the line is not part of a UTF-8 character "
        "(save the file as UTF-8)");
  CHECK(read_error("{\"id\":\"\xc2\xe5\"}").rfind("$: not valid UTF-8: byte 0xC2 at byte offset 7 of", 0) == 0);
}

TEST_CASE("a byte order mark is skipped at the start of any line, and said when it is all the line holds") {
  // Files joined end to end carry one at each join, not only on the first line.
  const std::string record = "\xEF\xBB\xBF{\"id\":\"A\",\"year\":2024,\"flag\":true}";
  CHECK(std::holds_alternative<Value>(reader().read(record, 1)));
  CHECK(std::holds_alternative<Value>(reader().read(record, 2)));
  Value tree;
  const std::string padded = record + std::string(FactsReader::padding, ' ');
  CHECK(std::holds_alternative<Value>(reader().read_in_place(std::string_view(padded).substr(0, record.size()), 7, tree)));
  // Only at the start: anywhere else it is a character JSON does not allow there.
  CHECK(std::holds_alternative<FactsError>(reader().read(" " + record, 2)));
  for (std::string alone : {"\xEF\xBB\xBF", "\xEF\xBB\xBF  \r"}) {
    const FactsResult result = reader().read(alone, 4);
    REQUIRE(std::holds_alternative<FactsError>(result));
    CHECK(std::get<FactsError>(result).line == 4);
    CHECK(std::get<FactsError>(result).to_string() ==
          "$: the line holds nothing but a byte order mark (U+FEFF, as Windows tools write at the start of a file)");
  }
}

TEST_CASE("a record with required fields of its own has no default") {
  Schema schema = test_schema();
  schema.records.push_back(RecordSchema{"contact", {required_field("phone", Type::of(TypeKind::text))}});
  const int contact = static_cast<int>(schema.records.size()) - 1;
  schema.records[facts_record].fields.push_back(optional_field("contact", record_type(contact), Value{}));
  FactsReader contact_reader(schema);
  auto error_of = [&](std::string_view json) {
    FactsResult result = contact_reader.read(json, 3);
    REQUIRE(std::holds_alternative<FactsError>(result));
    return std::get<FactsError>(result);
  };
  FactsError absent = error_of(minimal);
  CHECK(absent.line == 3);
  CHECK(absent.path == "$.contact.phone");
  CHECK(absent.message == "missing required field");
  CHECK(error_of(with(R"("contact":null)")).to_string() == "$.contact.phone: missing required field");
  CHECK(error_of(with(R"("contact":{})")).to_string() == "$.contact.phone: missing required field");
  FactsResult present = contact_reader.read(with(R"("contact":{"phone":"0595"})"), 1);
  REQUIRE(std::holds_alternative<Value>(present));
  CHECK(std::get<Value>(present).as_record().fields.back().as_record().fields[0].as_text() == "0595");
}

TEST_CASE("the reader keeps its own copy of the schema") {
  auto owned = std::make_unique<Schema>(test_schema());
  FactsReader own_reader(*owned);
  owned.reset();
  CHECK(std::holds_alternative<Value>(own_reader.read(minimal, 1)));
}

TEST_CASE("reading from several threads at once") {
  std::vector<std::thread> threads;
  std::vector<int> failures(4, 0);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([t, &failures] {
      for (int i = 0; i < 500; ++i) {
        std::string amount = std::to_string(t * 1000 + i) + ".25";
        std::string json = with(R"("fee":")" + amount + R"(","items":[{"kind":"provincial","amount":)" + amount +
                                R"(,"date":"2024-05-06"}])");
        FactsResult result = reader().read(json, i + 1);
        const Value* facts = std::get_if<Value>(&result);
        bool ok = facts != nullptr && field(*facts, facts_record, "fee").as_decimal().to_string() == amount;
        FactsResult bad = reader().read(with(R"("fee":-1)"), i + 1);
        ok = ok && std::holds_alternative<FactsError>(bad);
        if (!ok) ++failures[static_cast<std::size_t>(t)];
      }
    });
  }
  for (auto& thread : threads) thread.join();
  CHECK(failures == std::vector<int>(4, 0));
}

namespace {

// The whole tree of a value as text, to compare two readings of a record.
std::string described(const Value& value) {
  return std::visit(
      [](const auto& held) -> std::string {
        using Held = std::decay_t<decltype(held)>;
        if constexpr (std::is_same_v<Held, NoneValue>) return "none";
        else if constexpr (std::is_same_v<Held, bool>) return held ? "true" : "false";
        else if constexpr (std::is_same_v<Held, Decimal>) return held.to_string();
        else if constexpr (std::is_same_v<Held, Date>) return held.to_string();
        else if constexpr (std::is_same_v<Held, std::string>) return '"' + held + '"';
        else if constexpr (std::is_same_v<Held, EnumValue>) return "#" + std::to_string(held.member);
        else {
          const auto& children = [&]() -> const std::vector<Value>& {
            if constexpr (std::is_same_v<Held, std::shared_ptr<const RecordValue>>) return held->fields;
            else return held->items;
          }();
          std::string text = "{";
          for (const Value& child : children) text += described(child) + ";";
          return text + "}";
        }
      },
      value.data);
}

// What a record reads as on a thread that has read nothing before.
std::string read_afresh(std::string_view json) {
  std::string text;
  std::thread([&] {
    FactsResult result = reader().read(json, 1);
    text = std::holds_alternative<Value>(result) ? described(std::get<Value>(result)) : std::get<FactsError>(result).to_string();
  }).join();
  return text;
}

}  // namespace

TEST_CASE("a record read into the storage the one before left reads as if read afresh") {
  // Lists grow and shrink, optional fields come and go, texts get longer and
  // shorter, a record fails half-way: nothing of an earlier record may show.
  const std::vector<std::string> records = {
      with(R"("fee":60000,"score":1.5,"design_level":"national","prior":{"total":"7","level":"provincial"},)"
           R"("items":[{"kind":"national","amount":1,"date":"2024-01-02","project":"a project with a long name"},)"
           R"({"kind":"municipal","amount":2,"date":"2024-01-03"}])"),
      std::string(minimal),
      with(R"("items":[{"kind":"provincial","amount":3,"date":"2024-02-02"},{"kind":"national","amount":4,)"
           R"("date":"2024-02-03","project":"x"},{"kind":"municipal","amount":5,"date":"2024-02-04","project":null}])"),
      with(R"("items":[{"kind":"national","amount":6,"date":"2024-03-02"},{"kind":"galactic","amount":7,"date":"2024-03-03"}])"),
      with(R"("items":[{"kind":"national","amount":8,"date":"2024-04-02","project":"short"}],"prior":{"total":9})"),
      with(R"("prior":null,"design_level":null,"score":null,"items":[])"),
      with(R"("items":[{"kind":"municipal","amount":10,"date":"2024-05-02"},{"kind":"municipal","amount":11,)"
           R"("date":"2024-05-03"},{"kind":"municipal","amount":12,"date":"2024-05-04"},{"kind":"national",)"
           R"("amount":13,"date":"2024-05-05","project":"the fourth item, which no earlier list had"}])"),
  };
  for (int round = 0; round < 2; ++round) {
    for (const std::string& json : records) {
      FactsResult result = reader().read(json, 1);
      std::string text =
          std::holds_alternative<Value>(result) ? described(std::get<Value>(result)) : std::get<FactsError>(result).to_string();
      CHECK(text == read_afresh(json));
    }
  }
}

TEST_CASE("a record the caller keeps is not written over by the next one") {
  Value first = read_ok(with(R"("items":[{"kind":"national","amount":1,"date":"2024-01-02","project":"kept"}])"));
  const std::string before = described(first);
  Value second = read_ok(with(R"("fee":5,"items":[{"kind":"municipal","amount":2,"date":"2024-01-03"}])"));
  CHECK(described(first) == before);
  CHECK(described(second) != before);
  // The next record after a kept one is read into storage of its own.
  const Value& first_items = field(first, facts_record, "items");
  Value third = read_ok(minimal);
  CHECK(&field(third, facts_record, "items").as_list() != &first_items.as_list());
  CHECK(described(first) == before);
}

TEST_CASE("records read in place into trees of their own stay intact together, and a tree let go of is reused") {
  // A population run reads a group of records, each into a tree of its own, before it evaluates any of them.
  const std::vector<std::string> lines = {
      with(R"("items":[{"kind":"national","amount":1,"date":"2024-01-02","project":"the first record's"}])"),
      with(R"("fee":5,"items":[{"kind":"municipal","amount":2,"date":"2024-01-03"},)"
           R"({"kind":"provincial","amount":3,"date":"2024-01-04"}])"),
      with(R"("items":[{"kind":"galactic","amount":4,"date":"2024-01-05"}])"),
      std::string(minimal),
  };
  // Each line with the readable bytes after it that reading in place needs.
  std::vector<std::string> padded;
  for (const std::string& line : lines) padded.push_back(line + std::string(FactsReader::padding, ' '));
  auto in_place = [&](std::size_t line) { return std::string_view(padded[line]).substr(0, lines[line].size()); };
  auto text_of = [](const FactsResult& result) {
    return std::holds_alternative<Value>(result) ? described(std::get<Value>(result))
                                                 : std::get<FactsError>(result).to_string();
  };
  std::vector<Value> trees(lines.size());
  std::vector<FactsResult> group;
  for (std::size_t line = 0; line < lines.size(); ++line) {
    group.push_back(reader().read_in_place(in_place(line), static_cast<int>(line + 1), trees[line]));
  }
  for (std::size_t line = 0; line < lines.size(); ++line) {
    CAPTURE(line);
    CHECK(text_of(group[line]) == read_afresh(lines[line]));
  }
  CHECK(text_of(group[2]).find("galactic") != std::string::npos);

  // Let go of, the first tree takes the second line into the same records and lists.
  const RecordValue* first_record = &std::get<Value>(group[0]).as_record();
  const ListValue* first_items = &field(std::get<Value>(group[0]), facts_record, "items").as_list();
  group.clear();
  const FactsResult again = reader().read_in_place(in_place(1), 2, trees[0]);
  CHECK(text_of(again) == read_afresh(lines[1]));
  REQUIRE(std::holds_alternative<Value>(again));
  CHECK(&std::get<Value>(again).as_record() == first_record);
  CHECK(&field(std::get<Value>(again), facts_record, "items").as_list() == first_items);
}

TEST_CASE("JSON Lines: records by line number, blank lines skipped but counted") {
  std::vector<std::pair<int, std::string>> seen;
  auto collect = [&](int line, std::string_view record) { seen.emplace_back(line, std::string(record)); };

  for_each_json_line("{\"a\":1}\n\n  \t\n\r\n{\"b\":2}\r\n{\"c\":3}", collect);
  REQUIRE(seen.size() == 3);
  CHECK(seen[0] == std::pair<int, std::string>{1, "{\"a\":1}"});
  CHECK(seen[1] == std::pair<int, std::string>{5, "{\"b\":2}\r"});
  CHECK(seen[2] == std::pair<int, std::string>{6, "{\"c\":3}"});

  seen.clear();
  for_each_json_line("\r\n{\"a\":1}\n", collect);
  REQUIRE(seen.size() == 1);
  CHECK(seen[0].first == 2);

  seen.clear();
  for_each_json_line("", collect);
  for_each_json_line("\n\n \r", collect);
  CHECK(seen.empty());

  seen.clear();
  for_each_json_line("x\ry\n", collect);  // only LF separates lines
  REQUIRE(seen.size() == 1);
  CHECK(seen[0] == std::pair<int, std::string>{1, "x\ry"});

  // a CRLF record still reads: CR is JSON white space
  CHECK(std::holds_alternative<Value>(reader().read(std::string(minimal) + "\r", 5)));
}

TEST_CASE("content nested without end is refused, not recursed into (found by fuzzing)") {
  std::string deep = std::string(100, '[') + std::string(100, ']');
  CHECK(read_error("{\"id\":\"A\",\"year\":2024,\"flag\":true,\"extra\":" + deep + "}").find(
            ": nested deeper than 64 levels") != std::string::npos);
  std::string shallow = std::string(10, '[') + std::string(10, ']');
  CHECK(read_error("{\"id\":\"A\",\"year\":2024,\"flag\":true,\"extra\":" + shallow + "}") == "<accepted>");
}

TEST_CASE("a name table finds each name of every length, and nothing that differs in one byte") {
  std::vector<std::string> names;
  for (std::size_t length = 1; length <= 40; ++length) {
    std::string name;
    for (std::size_t i = 0; i < length; ++i) name += static_cast<char>('a' + (i * 7 + length) % 26);
    names.push_back(name);
  }
  NameTable table(names);
  for (std::size_t position = 0; position < names.size(); ++position) {
    const std::string& name = names[position];
    // Looked up from a copy, so that it is the text compared and not its address.
    CHECK(table.find(std::string(name)) == position);
    for (std::size_t at = 0; at < name.size(); ++at) {
      std::string differing = name;
      differing[at] = differing[at] == 'z' ? 'y' : 'z';
      if (std::find(names.begin(), names.end(), differing) != names.end()) continue;
      CHECK_MESSAGE(!table.find(differing), name << " changed at " << at);
    }
    CHECK(!table.find(name + "a"));
    CHECK(!table.find(std::string_view(name).substr(1)));
  }
  CHECK(!table.find(""));
}
