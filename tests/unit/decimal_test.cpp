#include "stdlib/decimal.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <cstdint>
#include <limits>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

using clause::Decimal;
using clause::DecimalOverflow;
using clause::RoundingMode;

namespace {

// Parses a literal the test relies on; a literal that does not parse is a test failure.
Decimal dec(std::string_view text) {
  auto parsed = Decimal::parse(text);
  if (!parsed) throw std::runtime_error("test literal did not parse: " + std::string(text));
  return *parsed;
}

// Parses and prints back; "<nullopt>" for text that does not parse.
std::string reparse(std::string_view text) {
  auto parsed = Decimal::parse(text);
  return parsed ? parsed->to_string() : std::string("<nullopt>");
}

std::string round_str(std::string_view text, int digits, RoundingMode mode) {
  return dec(text).rounded(digits, mode).to_string();
}

const std::string nines36(36, '9');                         // the largest coefficient
const std::string thirty_zeros(30, '0');

}  // namespace

// ---------------------------------------------------------------- parse

TEST_CASE("parse: zeros keep their written scale and are never negative") {
  CHECK(reparse("0") == "0");
  CHECK(dec("0").scale() == 0);
  CHECK(reparse("-0") == "0");
  CHECK_FALSE(dec("-0").is_negative());
  CHECK(reparse("-0.0") == "0.0");
  CHECK(dec("-0.0").is_zero());
  CHECK_FALSE(dec("-0.0").is_negative());
  CHECK(dec("-0.0").scale() == 1);
  CHECK(reparse("0.00") == "0.00");
  CHECK(reparse("000") == "0");
  CHECK(reparse("0e5") == "0");
  CHECK(reparse("0.00e1") == "0.0");
  CHECK(reparse("0e-3") == "0.000");
}

TEST_CASE("parse: plain decimals") {
  CHECK(reparse("350000.50") == "350000.50");
  CHECK(dec("350000.50").coefficient() == 35000050);
  CHECK(dec("350000.50").scale() == 2);
  CHECK(reparse("-350000.50") == "-350000.50");
  CHECK(dec("-350000.50").coefficient() == -35000050);
  CHECK(reparse("1") == "1");
  CHECK(reparse("-42") == "-42");
  CHECK(reparse("0.05") == "0.05");
  CHECK(reparse("-0.001") == "-0.001");
  CHECK(reparse("007") == "7");
  CHECK(reparse("007.50") == "7.50");
  CHECK(reparse(std::string(50, '0') + "1") == "1");
  CHECK(reparse("0.1234") == "0.1234");
}

TEST_CASE("parse: short plain text is read at once, with the same value and scale as the general reader") {
  // "e0" sends the same number through the general reader.
  for (std::string_view text : {"0", "-0", "0.10", "007.50", "350000.50", "-0.001", "999999999999999999",
                                "99999999999999999.9", "0.000000000000000001", "1000000000000000000",
                                "12345678901234567890.5"}) {
    CAPTURE(text);
    const Decimal direct = dec(text);
    const Decimal general = dec(std::string(text) + "e0");
    CHECK(direct.coefficient() == general.coefficient());
    CHECK(direct.scale() == general.scale());
  }
  CHECK(Decimal::parse("1.") == std::nullopt);
  CHECK(Decimal::parse(".5") == std::nullopt);
  CHECK(Decimal::parse("-") == std::nullopt);
  CHECK(Decimal::parse("1.2.3") == std::nullopt);
  CHECK(Decimal::parse("--1") == std::nullopt);
}

TEST_CASE("parse: exponents") {
  CHECK(reparse("4e4") == "40000");
  CHECK(dec("4e4").scale() == 0);
  CHECK(reparse("1.5E+3") == "1500");
  CHECK(reparse("1.5e3") == "1500");
  CHECK(reparse("1e-2") == "0.01");
  CHECK(reparse("2.5e-1") == "0.25");
  CHECK(reparse("-1.25e1") == "-12.5");
  CHECK(reparse("1.000e-2") == "0.01000");
  CHECK(reparse("12.345e2") == "1234.5");
  CHECK(reparse("12.345e3") == "12345");
  CHECK(reparse("12.345e4") == "123450");
  CHECK(reparse("1e0") == "1");
  CHECK(reparse("1E-0") == "1");
  CHECK(reparse("5e-30") == "0." + std::string(29, '0') + "5");
  CHECK(reparse("1e35") == "1" + std::string(35, '0'));
  CHECK(reparse("9.99e35") == "999" + std::string(33, '0'));
  CHECK(reparse("1e0000000000000000000000000000000000000000002") == "100");
}

TEST_CASE("parse: malformed text is rejected") {
  for (std::string_view bad : {"", "-", "1e", "1E", "1e+", "1e-", "abc", "1.2.3", "12.", ".5", "-.5", ".", "-.",
                               "+5", " 1", "1 ", "1,000", "--1", "-+1", "1e2.5", "1e2e3", "0x10", "1_000", "e5",
                               "-e5", "1..2", "1.e5", "1a", "NaN", "inf", "-inf", "1-", "1e--2", "1e+-2", "١"}) {
    CAPTURE(bad);
    CHECK_FALSE(Decimal::parse(bad).has_value());
  }
}

TEST_CASE("parse: 36 significant digits fit, 37 overflow") {
  CHECK(reparse(nines36) == nines36);
  CHECK(reparse("-" + nines36) == "-" + nines36);
  CHECK(dec(nines36).coefficient() == Decimal::max_coefficient);
  CHECK(reparse("123456789012345678901234567890.123456") == "123456789012345678901234567890.123456");
  CHECK(reparse("0.123456789012345678901234567890") == "0.123456789012345678901234567890");
  CHECK(reparse("999999.999999999999999999999999999999") == "999999.999999999999999999999999999999");

  CHECK_THROWS_AS(Decimal::parse("1" + nines36), DecimalOverflow);
  CHECK_THROWS_AS(Decimal::parse("-1" + nines36), DecimalOverflow);
  CHECK_THROWS_AS(Decimal::parse("1234567890123456789012345678901.123456"), DecimalOverflow);
  CHECK_THROWS_AS(Decimal::parse("1" + std::string(40, '0')), DecimalOverflow);
  CHECK_THROWS_AS(Decimal::parse(std::string(100, '9')), DecimalOverflow);
}

TEST_CASE("parse: huge exponents overflow instead of wrapping") {
  CHECK_THROWS_AS(Decimal::parse("1e36"), DecimalOverflow);
  CHECK_THROWS_AS(Decimal::parse("10e35"), DecimalOverflow);
  CHECK_THROWS_AS(Decimal::parse("1e37"), DecimalOverflow);
  CHECK_THROWS_AS(Decimal::parse("1e39"), DecimalOverflow);
  CHECK_THROWS_AS(Decimal::parse("1e50"), DecimalOverflow);
  CHECK_THROWS_AS(Decimal::parse("-1e50"), DecimalOverflow);
  CHECK_THROWS_AS(Decimal::parse("1e60"), DecimalOverflow);
  CHECK_THROWS_AS(Decimal::parse("1e61"), DecimalOverflow);
  CHECK_THROWS_AS(Decimal::parse("1e99999999999999999999"), DecimalOverflow);
  CHECK_THROWS_AS(Decimal::parse("1.5e36"), DecimalOverflow);
}

TEST_CASE("parse: at most 30 decimals") {
  const std::string smallest = "0." + std::string(29, '0') + "1";  // 1e-30
  CHECK(reparse(smallest) == smallest);
  CHECK(dec(smallest).scale() == 30);
  CHECK(reparse("1e-30") == smallest);
  CHECK_THROWS_AS(Decimal::parse("0." + std::string(30, '0') + "1"), DecimalOverflow);
  CHECK_THROWS_AS(Decimal::parse("1e-31"), DecimalOverflow);
  CHECK_THROWS_AS(Decimal::parse("1.0000000000000000000000000000001"), DecimalOverflow);  // 31 decimals
  CHECK_THROWS_AS(Decimal::parse("1e-99999999999"), DecimalOverflow);
  CHECK_THROWS_AS(Decimal::parse("0." + std::string(1000, '0') + "1"), DecimalOverflow);
  // A long spelling brought back into range by a large exponent is still exact.
  CHECK(reparse("0." + std::string(200000, '0') + "1e200000") == "0.1");
  CHECK(reparse("1" + std::string(200000, '0') + "e-200002") == "0.01" + std::string(28, '0'));

  // Over-precise spellings whose extra digits are trailing zeros still parse exactly,
  // keeping as many of the written decimals as fit.
  CHECK(reparse("1.0000000000000000000000000000000") == "1." + thirty_zeros);
  CHECK(reparse("0." + std::string(40, '0')) == "0." + thirty_zeros);
  CHECK(reparse("0e-99999999999") == "0." + thirty_zeros);
  CHECK(reparse("1." + thirty_zeros + "e-5") == "0.00001" + std::string(25, '0'));
  CHECK(dec("0.1" + std::string(40, '0')) == dec("0.1"));
  CHECK(reparse("0.1" + std::string(40, '0')) == "0.1" + std::string(29, '0'));
  CHECK(reparse("12345.6" + std::string(40, '0')) == "12345.6" + std::string(29, '0'));
  CHECK(reparse("1" + std::string(40, '0') + "e-10") == "1" + thirty_zeros + ".00000");
  CHECK(reparse("1" + std::string(40, '0') + "e-40") == "1." + thirty_zeros);
  CHECK(dec("1" + std::string(40, '0') + "e-40") == dec("1"));
}

// ---------------------------------------------------------------- printing and rounding

TEST_CASE("to_string") {
  CHECK(Decimal().to_string() == "0");
  CHECK(Decimal::from_integer(0).to_string() == "0");
  CHECK(Decimal::from_integer(-42).to_string() == "-42");
  CHECK(Decimal::from_integer(std::numeric_limits<std::int64_t>::min()).to_string() == "-9223372036854775808");
  CHECK(Decimal::from_integer(std::numeric_limits<std::int64_t>::max()).to_string() == "9223372036854775807");
  CHECK(Decimal::from_parts(5, 3).to_string() == "0.005");
  CHECK(Decimal::from_parts(-5, 3).to_string() == "-0.005");
  CHECK(Decimal::from_parts(-12345, 2).to_string() == "-123.45");
  CHECK(Decimal::from_parts(12345, 5).to_string() == "0.12345");
  CHECK(Decimal::from_parts(0, 3).to_string() == "0.000");
  CHECK(Decimal::from_parts(1, 2).to_string() == "0.01");
}

TEST_CASE("to_fixed rounds half-up (away from zero at ties)") {
  CHECK(dec("0.005").to_fixed(2) == "0.01");
  CHECK(dec("0.004").to_fixed(2) == "0.00");
  CHECK(dec("0.0049999").to_fixed(2) == "0.00");
  CHECK(dec("2.675").to_fixed(2) == "2.68");
  CHECK(dec("-2.675").to_fixed(2) == "-2.68");
  CHECK(dec("2.665").to_fixed(2) == "2.67");
  CHECK(dec("2.6749999").to_fixed(2) == "2.67");
  CHECK(dec("-0.005").to_fixed(2) == "-0.01");
  CHECK(dec("-0.004").to_fixed(2) == "0.00");  // no "-0.00"
  CHECK(dec("25000").to_fixed(2) == "25000.00");
  CHECK(dec("1.5").to_fixed(2) == "1.50");
  CHECK(dec("0").to_fixed(2) == "0.00");
  CHECK(dec("-0.0").to_fixed(2) == "0.00");
  CHECK(dec("-7").to_fixed(2) == "-7.00");
  CHECK(dec("999999999999999.995").to_fixed(2) == "1000000000000000.00");
  CHECK(dec("999999999999999.994").to_fixed(2) == "999999999999999.99");
  CHECK(dec("2.5").to_fixed(0) == "3");
  CHECK(dec("-2.5").to_fixed(0) == "-3");
  CHECK(dec("2.4").to_fixed(0) == "2");
  CHECK(dec("1.23456").to_fixed(4) == "1.2346");
  CHECK(dec("1.2").to_fixed(4) == "1.2000");
  CHECK(dec("0.000000000000000000000000000001").to_fixed(2) == "0.00");
}

TEST_CASE("rounded: every mode at ties and non-ties, positive and negative") {
  struct Row {
    const char* value;
    const char* half_up;
    const char* half_even;
    const char* down;
    const char* up;
  };
  const Row rows[] = {
      {"0.125", "0.13", "0.12", "0.12", "0.13"},      {"0.135", "0.14", "0.14", "0.13", "0.14"},
      {"-0.125", "-0.13", "-0.12", "-0.12", "-0.13"}, {"-0.135", "-0.14", "-0.14", "-0.13", "-0.14"},
      {"0.124", "0.12", "0.12", "0.12", "0.13"},      {"0.126", "0.13", "0.13", "0.12", "0.13"},
      {"-0.124", "-0.12", "-0.12", "-0.12", "-0.13"}, {"-0.126", "-0.13", "-0.13", "-0.12", "-0.13"},
      {"0.1251", "0.13", "0.13", "0.12", "0.13"},     {"0.1249", "0.12", "0.12", "0.12", "0.13"},
      {"2.675", "2.68", "2.68", "2.67", "2.68"},      {"-2.675", "-2.68", "-2.68", "-2.67", "-2.68"},
      {"1.005", "1.01", "1.00", "1.00", "1.01"},      {"1.015", "1.02", "1.02", "1.01", "1.02"},
      {"0.001", "0.00", "0.00", "0.00", "0.01"},      {"-0.001", "0.00", "0.00", "0.00", "-0.01"},
      {"0.005", "0.01", "0.00", "0.00", "0.01"},      {"-0.005", "-0.01", "0.00", "0.00", "-0.01"},
      {"0.12", "0.12", "0.12", "0.12", "0.12"},       {"1.2", "1.2", "1.2", "1.2", "1.2"},
      {"7", "7", "7", "7", "7"},                      {"0.12000", "0.12", "0.12", "0.12", "0.12"},
      {"99.995", "100.00", "100.00", "99.99", "100.00"},
      {"-99.995", "-100.00", "-100.00", "-99.99", "-100.00"},
  };
  for (const Row& row : rows) {
    CAPTURE(row.value);
    CHECK(round_str(row.value, 2, RoundingMode::half_up) == row.half_up);
    CHECK(round_str(row.value, 2, RoundingMode::half_even) == row.half_even);
    CHECK(round_str(row.value, 2, RoundingMode::down) == row.down);
    CHECK(round_str(row.value, 2, RoundingMode::up) == row.up);
  }
}

TEST_CASE("rounded to whole numbers") {
  struct Row {
    const char* value;
    const char* half_up;
    const char* half_even;
    const char* down;
    const char* up;
  };
  const Row rows[] = {
      {"2.5", "3", "2", "2", "3"},    {"3.5", "4", "4", "3", "4"},    {"-2.5", "-3", "-2", "-2", "-3"},
      {"-3.5", "-4", "-4", "-3", "-4"}, {"0.5", "1", "0", "0", "1"},  {"-0.5", "-1", "0", "0", "-1"},
      {"2.4", "2", "2", "2", "3"},    {"2.6", "3", "3", "2", "3"},    {"-2.6", "-3", "-3", "-2", "-3"},
      {"2.50000000000000000000000000001", "3", "3", "2", "3"},
      {"0.000000000000000000000000000001", "0", "0", "0", "1"},
  };
  for (const Row& row : rows) {
    CAPTURE(row.value);
    CHECK(round_str(row.value, 0, RoundingMode::half_up) == row.half_up);
    CHECK(round_str(row.value, 0, RoundingMode::half_even) == row.half_even);
    CHECK(round_str(row.value, 0, RoundingMode::down) == row.down);
    CHECK(round_str(row.value, 0, RoundingMode::up) == row.up);
  }
}

TEST_CASE("rounded: large values and extreme digit counts") {
  CHECK(round_str("99999999999999999999999999999999.9999", 2, RoundingMode::half_up) ==
        "100000000000000000000000000000000.00");
  CHECK(round_str("999999.999999999999999999999999999999", 0, RoundingMode::up) == "1000000");
  CHECK(round_str("999999.999999999999999999999999999999", 0, RoundingMode::down) == "999999");
  CHECK(round_str(nines36, 2, RoundingMode::up) == nines36);  // already has fewer decimals
  CHECK(round_str("1.5", 40, RoundingMode::up) == "1.5");
  // Negative digits round to tens, hundreds, ...; the result is still a plain integer.
  CHECK(round_str("12350", -2, RoundingMode::half_up) == "12400");
  CHECK(round_str("12350", -2, RoundingMode::half_even) == "12400");
  CHECK(round_str("12250", -2, RoundingMode::half_even) == "12200");
  CHECK(round_str("12250.5", -2, RoundingMode::down) == "12200");
  CHECK(round_str("-12250.5", -2, RoundingMode::up) == "-12300");
  CHECK(dec("12350").rounded(-2, RoundingMode::half_up).scale() == 0);
  CHECK(round_str("0.5", -60, RoundingMode::half_up) == "0");
  CHECK(round_str(nines36, -40, RoundingMode::down) == "0");
  CHECK_THROWS_AS(dec("0.5").rounded(-60, RoundingMode::up), DecimalOverflow);
  CHECK(round_str("0.5", std::numeric_limits<int>::min(), RoundingMode::down) == "0");
  CHECK_THROWS_AS(dec("0.5").rounded(std::numeric_limits<int>::min(), RoundingMode::up), DecimalOverflow);
}

TEST_CASE("rounded: 64-bit coefficients round as the same values written with 128-bit ones") {
  // The same value written with more zero decimals, enough for a coefficient of 20
  // digits or more (past 64 bits), takes the general division, where the everyday
  // one divides in 64 bits: every mode, at ties, beside them, at the ends of 64 bits.
  const std::vector<std::string> values = {
      "0.125",  "-0.125", "2.675",  "-2.675", "0.005", "-0.005", "1.0049999", "-1.0050001", "12345.678", "7",
      "0.0000000000000000005", "-0.0000000000000000005", "922337203685477580.7", "-922337203685477580.8",
      "9223372036.854775807", "-9223372036.854775808", "0.999999999999999999", "123456789012345.675"};
  for (const std::string& value : values) {
    const auto digit_count = std::count_if(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; });
    const std::string more_zeros(static_cast<std::size_t>(std::max<std::ptrdiff_t>(1, 20 - digit_count)), '0');
    const std::string widened = value.find('.') == std::string::npos ? value + "." + more_zeros : value + more_zeros;
    REQUIRE(dec(widened) == dec(value));
    for (int digits : {-2, 0, 1, 2, 5, 17}) {
      for (RoundingMode mode : {RoundingMode::half_up, RoundingMode::half_even, RoundingMode::down, RoundingMode::up}) {
        CAPTURE(value);
        CAPTURE(digits);
        CAPTURE(clause::rounding_mode_name(mode));
        const Decimal everyday = dec(value).rounded(digits, mode);
        const Decimal general = dec(widened).rounded(digits, mode);
        CHECK(everyday == general);
        // A value with no more decimals than asked for is its own rounding, written as it was.
        if (dec(value).scale() > digits) CHECK(everyday.to_string() == general.to_string());
      }
    }
  }
}

TEST_CASE("rounding mode names") {
  for (auto mode : {RoundingMode::half_up, RoundingMode::half_even, RoundingMode::down, RoundingMode::up}) {
    CHECK(clause::rounding_mode_from_name(clause::rounding_mode_name(mode)) == mode);
  }
  CHECK(clause::rounding_mode_name(RoundingMode::half_even) == "half_even");
  CHECK(clause::rounding_mode_from_name("half_up") == RoundingMode::half_up);
  CHECK_FALSE(clause::rounding_mode_from_name("bankers").has_value());
  CHECK_FALSE(clause::rounding_mode_from_name("").has_value());
  CHECK_FALSE(clause::rounding_mode_from_name("HALF_UP").has_value());
}

// ---------------------------------------------------------------- arithmetic

TEST_CASE("addition and subtraction are exact across scales") {
  CHECK((dec("0.1") + dec("0.2")).to_string() == "0.3");
  CHECK(dec("0.1") + dec("0.2") == dec("0.3"));
  CHECK((dec("350000.00") + dec("0.5")).to_string() == "350000.50");
  CHECK((dec("1.10") + dec("2.20")).to_string() == "3.30");
  CHECK((dec("1.5") - dec("2.25")).to_string() == "-0.75");
  CHECK((dec("1") - dec("1")).to_string() == "0");
  CHECK((dec("1.00") - dec("1")).to_string() == "0.00");
  CHECK((dec("-5") + dec("5.000")).is_zero());
  CHECK((dec("999999999999999.99") + dec("0.01")).to_string() == "1000000000000000.00");
  CHECK((dec("-999999999999999.99") - dec("0.01")).to_string() == "-1000000000000000.00");
  CHECK((dec("1e-30") + dec("1")).to_string() == "1.000000000000000000000000000001");
  CHECK((-dec("0")).to_string() == "0");
  CHECK((-dec("12.50")).to_string() == "-12.50");
  CHECK((-dec("-12.50")).to_string() == "12.50");
}

TEST_CASE("addition overflow throws and never wraps") {
  const Decimal max = dec(nines36);
  CHECK((max + dec("0")).to_string() == nines36);
  CHECK((max - dec("1")).to_string() == std::string(35, '9') + "8");
  CHECK_THROWS_AS(max + dec("1"), DecimalOverflow);
  CHECK_THROWS_AS(-max - dec("1"), DecimalOverflow);
  CHECK_THROWS_AS(max + max, DecimalOverflow);
  CHECK_THROWS_AS(max + dec("0.1"), DecimalOverflow);  // needs 37 digits
  CHECK_THROWS_AS(max - dec("-0.5"), DecimalOverflow);
  // Values that fit are added exactly even when the wider scale cannot be kept.
  CHECK(dec("1e35") + dec("0.00") == dec("1e35"));
  CHECK(dec("1e35") + dec("1.000") == dec("100000000000000000000000000000000001"));
  CHECK((max + dec("0.000")).to_string() == nines36);
  // A 37-digit sum whose last digit is a trailing zero of the fraction still fits.
  CHECK((dec(std::string(35, '9') + ".5") + dec("0.5")).to_string() == "1" + std::string(35, '0'));
  CHECK((dec("-" + std::string(35, '9') + ".5") - dec("0.5")).to_string() == "-1" + std::string(35, '0'));
}

TEST_CASE("+= gives what + gives, value and written scale, overflow included") {
  const std::vector<std::string_view> values = {"0", "0.00", "0.000", "-0.5", "2", "350000.00", "0.125", "-7", nines36};
  for (std::string_view left : values) {
    for (std::string_view right : values) {
      CAPTURE(left);
      CAPTURE(right);
      Decimal total = dec(left);
      bool plus_overflows = false;
      Decimal sum;
      try {
        sum = dec(left) + dec(right);
      } catch (const DecimalOverflow&) {
        plus_overflows = true;
      }
      if (plus_overflows) {
        CHECK_THROWS_AS(total += dec(right), DecimalOverflow);
        continue;
      }
      total += dec(right);
      CHECK(total.coefficient() == sum.coefficient());
      CHECK(total.scale() == sum.scale());
    }
  }
  // A zero of more decimals widens the total's written scale, as + does.
  Decimal total = dec("5");
  total += dec("0.00");
  CHECK(total.to_string() == "5.00");
}

TEST_CASE("sums of many amounts are exact") {
  Decimal total;
  for (int i = 0; i < 10000; ++i) total = total + dec("0.01");
  CHECK(total.to_string() == "100.00");

  Decimal tenths;
  for (int i = 0; i < 10; ++i) tenths = tenths + dec("0.1");
  CHECK(tenths == dec("1"));
  CHECK(tenths.to_string() == "1.0");

  Decimal money = dec("0.00");
  for (int i = 0; i < 1000; ++i) money = money + dec("1234.56");
  CHECK(money.to_string() == "1234560.00");

  Decimal alternating = dec("0.00");
  for (int i = 0; i < 1001; ++i) alternating = alternating + (i % 2 == 0 ? dec("350000.05") : dec("-350000.04"));
  // 501 × 350000.05 − 500 × 350000.04
  CHECK(alternating.to_string() == "350005.05");

  Decimal big = dec("0.00");
  for (int i = 0; i < 100; ++i) big = big + dec("9999999999999.99");
  CHECK(big.to_string() == "999999999999999.00");
}

TEST_CASE("multiplication is exact across scales") {
  const Decimal product = dec("350000.00") * dec("0.1");
  CHECK(product == dec("35000"));
  CHECK(product.to_string() == "35000.000");
  CHECK(product.to_fixed(2) == "35000.00");

  CHECK((dec("50000.01") * dec("0.20")).to_string() == "10000.0020");
  CHECK((dec("50000.01") * dec("0.2")).to_string() == "10000.002");
  CHECK((dec("50000.01") * dec("0.20")).to_fixed(2) == "10000.00");
  CHECK((dec("50000.01") * dec("20") * dec("0.01")).to_fixed(2) == "10000.00");

  const Decimal largest_money = dec("999999999999999.99");
  CHECK((largest_money * dec("1")).to_string() == "999999999999999.99");
  CHECK((largest_money * dec("1.00")).to_string() == "999999999999999.9900");
  CHECK(largest_money * dec("1.00") == largest_money);
  CHECK((largest_money * dec("0.1234")).to_string() == "123399999999999.998766");
  CHECK((largest_money * dec("0.1234")).to_fixed(2) == "123400000000000.00");
  CHECK((largest_money * dec("0.123456789012345678")).to_string() == "123456789012345.67676543210987654322");
  CHECK((largest_money * dec("-0.1234")).to_string() == "-123399999999999.998766");

  CHECK((dec("-3") * dec("0.5")).to_string() == "-1.5");
  CHECK((dec("-2") * dec("-2.5")).to_string() == "5.0");
  CHECK((dec("0") * dec("-2.5")).is_zero());
  CHECK_FALSE((dec("0") * dec("-2.5")).is_negative());
  CHECK((dec("333333333333333333333333333333333333") * dec("3")).to_string() == nines36);
  CHECK((dec(nines36) * dec("1")).to_string() == nines36);
  // A product whose written scale would pass 30 decimals but whose value does not.
  CHECK((dec("0.2") * dec("0.000000000000000000000000000005")).to_string() == "0.000000000000000000000000000001");
  CHECK((dec("0.0000000000000002") * dec("0.000000000000005")).to_string() == "0.000000000000000000000000000001");
  // Trailing zeros of the operands do not cause overflow when the value fits.
  CHECK(dec("1" + std::string(17, '0') + ".000000000000000000") * dec("1" + std::string(17, '0') + ".000000000000000000") ==
        dec("1e34"));
}

TEST_CASE("multiplication overflow throws and never wraps") {
  CHECK_THROWS_AS(dec("1e20") * dec("1e20"), DecimalOverflow);
  CHECK_THROWS_AS(dec("1e18") * dec("1e18"), DecimalOverflow);  // exactly 10^36
  CHECK_THROWS_AS(dec(nines36) * dec("10"), DecimalOverflow);
  CHECK_THROWS_AS(dec(nines36) * dec("2"), DecimalOverflow);
  CHECK_THROWS_AS(dec(nines36) * dec(nines36), DecimalOverflow);  // beyond 128 bits
  CHECK_THROWS_AS(dec("-" + nines36) * dec(nines36), DecimalOverflow);
  CHECK_THROWS_AS(dec("-1e35") * dec("100"), DecimalOverflow);
  CHECK_THROWS_AS(dec("1e-20") * dec("1e-20"), DecimalOverflow);  // 1e-40 has too many decimals
  CHECK_THROWS_AS(dec("0.1234567890123456789") * dec("0.1234567890123456789"), DecimalOverflow);
}

TEST_CASE("division") {
  CHECK(Decimal::divide(dec("1"), dec("3")).to_string() == "0." + std::string(30, '3'));
  CHECK(Decimal::divide(dec("1.00"), dec("3")).to_string() == "0." + std::string(30, '3'));
  CHECK(Decimal::divide(dec("2"), dec("3")).to_string() == "0.666666666666666666666666666667");
  CHECK(Decimal::divide(dec("-2"), dec("3")).to_string() == "-0.666666666666666666666666666667");
  CHECK(Decimal::divide(dec("2"), dec("-3")).to_string() == "-0.666666666666666666666666666667");
  CHECK(Decimal::divide(dec("1"), dec("7")).to_string() == "0.142857142857142857142857142857");
  CHECK(Decimal::divide(dec("123.456"), dec("0.789")).to_string() == "156.471482889733840304182509505703");
  CHECK(Decimal::divide(dec("10"), dec("4")).to_string() == "2.5");
  CHECK(Decimal::divide(dec("1"), dec("8")).to_string() == "0.125");
  CHECK(Decimal::divide(dec("350000.00"), dec("2")).to_string() == "175000");
  CHECK(Decimal::divide(dec("350000.00"), dec("12")).to_fixed(2) == "29166.67");
  CHECK(Decimal::divide(dec("1"), dec("0.001")).to_string() == "1000");
  CHECK(Decimal::divide(dec("7"), dec("0.002")).to_string() == "3500");
  CHECK(Decimal::divide(dec("0"), dec("5")).to_string() == "0");
  CHECK(Decimal::divide(dec("-7"), dec("2")).to_string() == "-3.5");
  CHECK(Decimal::divide(dec("7"), dec("-2")).to_string() == "-3.5");
  CHECK(Decimal::divide(dec("-7"), dec("-2")).to_string() == "3.5");
  CHECK(Decimal::divide(dec("1"), dec("1e-30")).to_string() == "1" + thirty_zeros);
  CHECK(Decimal::divide(dec("1e-30"), dec("1e-30")).to_string() == "1");
  CHECK(Decimal::divide(dec(nines36), dec("1")).to_string() == nines36);
  CHECK(Decimal::divide(dec(nines36), dec(nines36)).to_string() == "1");
  CHECK(Decimal::divide(dec(nines36), dec(std::string(35, '9') + "8")).to_string() == "1");
  CHECK(Decimal::divide(dec("1e35"), dec("0.5")).to_string() == "2" + std::string(35, '0'));
  // Quotients that need more than 36 digits at 30 decimals keep as many decimals as fit.
  CHECK(Decimal::divide(dec("1e20"), dec("3")).to_string() == "33333333333333333333.3333333333333333");
  CHECK(Decimal::divide(dec("999999999999999.99"), dec("7")).to_string() == "142857142857142.855714285714285714286");
  CHECK(Decimal::divide(dec("999999999999999.99"), dec("3")).to_string() == "333333333333333.33");
  CHECK(Decimal::divide(dec(nines36), dec("7")).to_string() == "142857142857142857142857142857142857");
  CHECK(Decimal::divide(dec(nines36), dec("2")).to_string() == "500000000000000000000000000000000000");
  // Half-up at the 30th decimal, and no negative zero.
  CHECK(Decimal::divide(dec("1e-30"), dec("2")).to_string() == "0.000000000000000000000000000001");
  CHECK(Decimal::divide(dec("-1e-30"), dec("2")).to_string() == "-0.000000000000000000000000000001");
  CHECK(Decimal::divide(dec("1e-30"), dec("3")).to_string() == "0");
  CHECK_FALSE(Decimal::divide(dec("-1e-30"), dec("3")).is_negative());
  CHECK(Decimal::divide(dec("0.5"), dec("1" + std::string(30, '0'))).to_string() == "0.000000000000000000000000000001");
}

TEST_CASE("division by zero and overflowing quotients throw") {
  CHECK_THROWS_AS(Decimal::divide(dec("1"), dec("0")), DecimalOverflow);
  CHECK_THROWS_AS(Decimal::divide(dec("0"), dec("0")), DecimalOverflow);
  CHECK_THROWS_AS(Decimal::divide(dec("1"), dec("0.00")), DecimalOverflow);
  CHECK_THROWS_AS(Decimal::divide(dec(nines36), dec("0.1")), DecimalOverflow);
  CHECK_THROWS_AS(Decimal::divide(dec(nines36), dec("0.999")), DecimalOverflow);
  CHECK_THROWS_AS(Decimal::divide(dec("1e35"), dec("0.001")), DecimalOverflow);
  CHECK_THROWS_AS(Decimal::divide(dec("1e35"), dec("1e-30")), DecimalOverflow);
  CHECK_THROWS_AS(Decimal::divide(dec(nines36), dec("0.123456789012345678901234567890")), DecimalOverflow);
  CHECK_THROWS_AS(Decimal::divide(dec("-" + nines36), dec("0.5")), DecimalOverflow);
}

// ---------------------------------------------------------------- comparison

TEST_CASE("comparison across scales") {
  CHECK(dec("1.50") == dec("1.5"));
  CHECK((dec("1.50") <=> dec("1.5")) == std::strong_ordering::equal);
  CHECK(dec("0") == dec("-0.00"));
  CHECK(dec("100") == dec("1e2"));
  CHECK(dec("1.5") != dec("1.51"));
  CHECK(dec("-1") < dec("0.5"));
  CHECK(dec("0.5") > dec("-1"));
  CHECK(dec("0.1") > dec("0.09"));
  CHECK(dec("-0.1") < dec("-0.09"));
  CHECK(dec("0") < dec("0.000000000000000000000000000001"));
  CHECK(dec("0") > dec("-0.000000000000000000000000000001"));
  CHECK(dec("2") > dec("1.999999999999999999999999999999"));
  CHECK(dec("-2") < dec("-1.999999999999999999999999999999"));
  CHECK(dec("350000.00") > dec("349999.995"));
  CHECK(dec("350000.00") <= dec("350000"));
  CHECK(dec("350000.00") >= dec("350000"));

  // Big versus small: rescaling would exceed 128 bits, the order must still be right.
  const Decimal max = dec(nines36);
  const Decimal small = dec("0.123456789012345678901234567891");
  CHECK(max > small);
  CHECK(small < max);
  CHECK(-max < -small);
  CHECK(-small > -max);
  CHECK(-max < small);
  CHECK(dec("999999.999999999999999999999999999999") < dec("1000000"));
  CHECK(dec("999999.999999999999999999999999999999") > dec("999999"));
  CHECK(dec("-999999.999999999999999999999999999999") < dec("-999999"));
  CHECK(max > dec(std::string(35, '9') + ".9"));
  CHECK(dec("1e35") > dec("99999.999999999999999999999999999999"));
  CHECK(dec("-1e35") < dec("-99999.999999999999999999999999999999"));
  CHECK(max == dec(nines36 + ".000"));
}

namespace {

// a <=> b of every pair of `values`, against the sign of a - b, worked out another way.
void check_order_agrees_with_difference(const std::vector<Decimal>& values) {
  for (const Decimal& a : values) {
    for (const Decimal& b : values) {
      CAPTURE(a.to_string());
      CAPTURE(b.to_string());
      const Decimal difference = a - b;
      const std::strong_ordering expected = difference.is_negative() ? std::strong_ordering::less
                                            : difference.is_zero()   ? std::strong_ordering::equal
                                                                     : std::strong_ordering::greater;
      CHECK((a <=> b) == expected);
    }
  }
}

}  // namespace

TEST_CASE("comparison across scales agrees with the sign of the difference, for every pair of signs") {
  // The inline 64-bit path compares rescaled coefficients without looking at
  // signs first; scales 18 apart are its last, 19 and 20 go the general way.
  std::vector<Decimal> values;
  for (std::int64_t coefficient : {-150, -15, -10, -1, 0, 1, 10, 15, 150}) {
    for (int scale : {0, 1, 2, 3, 18, 19, 20}) values.push_back(Decimal::from_parts(coefficient, scale));
  }
  check_order_agrees_with_difference(values);
}

TEST_CASE("comparison across scales of the largest 64-bit coefficients") {
  // Rescaled by up to 10^17 they stay within Decimal's range, so a - b can say.
  std::vector<Decimal> values;
  for (std::int64_t coefficient : {std::numeric_limits<std::int64_t>::min() + 1, std::int64_t{-1}, std::int64_t{0},
                                   std::int64_t{1}, std::numeric_limits<std::int64_t>::max()}) {
    for (int scale : {0, 1, 17}) values.push_back(Decimal::from_parts(coefficient, scale));
  }
  check_order_agrees_with_difference(values);
}

TEST_CASE("arithmetic and comparison agree on both sides of the 64-bit coefficient boundary") {
  // 2^63 - 1 = 9223372036854775807 takes the 64-bit paths; one more takes the general ones.
  const Decimal below = dec("92233720368547758.07");
  const Decimal above = dec("92233720368547758.08");
  CHECK(below + dec("0.01") == above);
  CHECK((below + dec("0.01")).to_string() == "92233720368547758.08");
  CHECK((above - dec("0.01")).to_string() == "92233720368547758.07");
  CHECK((below * dec("2")).to_string() == "184467440737095516.14");
  CHECK((above * dec("2")).to_string() == "184467440737095516.16");
  CHECK((dec("9223372036854775807") * dec("1e16")).to_string() == "92233720368547758070000000000000000");
  CHECK_THROWS_AS(below * below, DecimalOverflow);  // 38 digits
  CHECK(below < above);
  CHECK(above > dec("92233720368547758.0799999999999999"));
  CHECK(below < dec("92233720368547758.0700000000000001"));
  CHECK(dec("-9223372036854775807") < dec("-9223372036854775806.99999999999999999"));
  CHECK(dec("1") == dec("1.000000000000000000"));
  CHECK(dec("1") < dec("1.000000000000000000000000000001"));
}

TEST_CASE("min, max and sorting") {
  CHECK(clause::min(dec("1.5"), dec("1.49")).to_string() == "1.49");
  CHECK(clause::max(dec("1.5"), dec("1.49")).to_string() == "1.5");
  CHECK(clause::min(dec("-1"), dec("0.5")).to_string() == "-1");
  CHECK(clause::max(dec("-1"), dec("0.5")).to_string() == "0.5");

  std::vector<Decimal> values = {dec("3"), dec("-0.5"), dec("0.25"), dec("1e10"), dec("-12"), dec("0"), dec("0.250")};
  std::sort(values.begin(), values.end());
  std::vector<std::string> printed;
  for (const Decimal& value : values) printed.push_back(value.to_string());
  CHECK(printed.at(0) == "-12");
  CHECK(printed.at(1) == "-0.5");
  CHECK(printed.at(2) == "0");
  CHECK(printed.at(3).substr(0, 4) == "0.25");
  CHECK(printed.at(4).substr(0, 4) == "0.25");
  CHECK(printed.at(5) == "3");
  CHECK(printed.at(6) == "10000000000");
}

// ---------------------------------------------------------------- queries

TEST_CASE("is_integer") {
  CHECK(dec("5").is_integer());
  CHECK(dec("5.00").is_integer());
  CHECK(dec("-3.000").is_integer());
  CHECK(dec("0.0").is_integer());
  CHECK(dec("1e3").is_integer());
  CHECK_FALSE(dec("5.01").is_integer());
  CHECK_FALSE(dec("0.5").is_integer());
  CHECK_FALSE(dec("-0.000000000000000000000000000001").is_integer());
}

TEST_CASE("integer_digits") {
  CHECK(dec("0").integer_digits() == 0);
  CHECK(dec("0.5").integer_digits() == 0);
  CHECK(dec("-0.001").integer_digits() == 0);
  CHECK(dec("1").integer_digits() == 1);
  CHECK(dec("9.99").integer_digits() == 1);
  CHECK(dec("-12.5").integer_digits() == 2);
  CHECK(dec("100").integer_digits() == 3);
  CHECK(dec("999999999999999.99").integer_digits() == 15);
  CHECK(dec("1000000000000000.00").integer_digits() == 16);
  CHECK(dec(nines36).integer_digits() == 36);
  CHECK(dec("-" + nines36).integer_digits() == 36);
  CHECK(dec("999999.999999999999999999999999999999").integer_digits() == 6);
  // Both sides of the 64-bit count: 20 digits (2^64 - 1) and 21.
  CHECK(dec("18446744073709551615").integer_digits() == 20);
  CHECK(dec("1844674407370955161.5").integer_digits() == 19);
  CHECK(dec("184467440737095516160").integer_digits() == 21);
  CHECK(dec("0.000000000000000000000000000001").integer_digits() == 0);
}

TEST_CASE("significant_scale") {
  CHECK(dec("1.50").significant_scale() == 1);
  CHECK(dec("1.00").significant_scale() == 0);
  CHECK(dec("0.125").significant_scale() == 3);
  CHECK(dec("-0.010").significant_scale() == 2);
  CHECK(dec("100").significant_scale() == 0);
  CHECK(dec("0.000").significant_scale() == 0);
  CHECK(dec("1e-30").significant_scale() == 30);
  // Coefficients beyond 64 bits take the 128-bit path.
  CHECK(dec("123456789012345678901234.5000").significant_scale() == 1);
  CHECK(dec("-123456789012345678901234.0000").significant_scale() == 0);
}

TEST_CASE("to_string prints coefficients beyond 64 bits digit for digit") {
  CHECK(dec("123456789012345678901234.5678").to_string() == "123456789012345678901234.5678");
  CHECK(dec("-18446744073709551616").to_string() == "-18446744073709551616");
  CHECK(dec("18446744073709551615.01").to_string() == "18446744073709551615.01");
}

TEST_CASE("to_int64") {
  CHECK(dec("42").to_int64() == 42);
  CHECK(dec("42.00").to_int64() == 42);
  CHECK(dec("-7.0").to_int64() == -7);
  CHECK(dec("0.0").to_int64() == 0);
  CHECK(dec("1e3").to_int64() == 1000);
  CHECK_FALSE(dec("42.5").to_int64().has_value());
  CHECK_FALSE(dec("0.1").to_int64().has_value());
  CHECK(dec("9223372036854775807").to_int64() == std::numeric_limits<std::int64_t>::max());
  CHECK(dec("-9223372036854775808").to_int64() == std::numeric_limits<std::int64_t>::min());
  CHECK(dec("9223372036854775807.000").to_int64() == std::numeric_limits<std::int64_t>::max());
  CHECK_FALSE(dec("9223372036854775808").to_int64().has_value());
  CHECK_FALSE(dec("-9223372036854775809").to_int64().has_value());
  CHECK_FALSE(dec("1e30").to_int64().has_value());
  CHECK_FALSE(dec(nines36).to_int64().has_value());
}

TEST_CASE("normalized") {
  CHECK(dec("10.50").normalized().to_string() == "10.5");
  CHECK(dec("300000.00").normalized().to_string() == "300000");
  CHECK(dec("300000.00").normalized().scale() == 0);
  CHECK(dec("0.000").normalized().to_string() == "0");
  CHECK(dec("0.000").normalized().scale() == 0);
  CHECK(dec("-1.230").normalized().to_string() == "-1.23");
  CHECK(dec("100").normalized().to_string() == "100");
  CHECK(dec("1e-30").normalized().to_string() == "0.000000000000000000000000000001");
  CHECK(dec("10.50").normalized() == dec("10.50"));
  // Both sides of the 64-bit fast path (coefficients just below and just above 2^63).
  CHECK(dec("92233720368547758.00").normalized().to_string() == "92233720368547758");
  CHECK(dec("-92233720368547758.00").normalized().to_string() == "-92233720368547758");
  CHECK(dec("92233720368547758.10").normalized().to_string() == "92233720368547758.1");
  CHECK(dec("-92233720368547758.10").normalized().to_string() == "-92233720368547758.1");
  CHECK(dec("123456789012345678901234567890.000").normalized().scale() == 0);
}

TEST_CASE("with_scale_at_least") {
  CHECK(dec("25000").with_scale_at_least(2).to_string() == "25000.00");
  CHECK(dec("1.234").with_scale_at_least(2).to_string() == "1.234");
  CHECK(dec("-1.5").with_scale_at_least(3).to_string() == "-1.500");
  CHECK(dec("0").with_scale_at_least(2).to_string() == "0.00");
  CHECK(dec("7").with_scale_at_least(0).to_string() == "7");
  CHECK(dec("7").with_scale_at_least(-3).to_string() == "7");
  CHECK(dec("1").with_scale_at_least(30).to_string() == "1." + thirty_zeros);
  CHECK_THROWS_AS(dec(nines36).with_scale_at_least(1), DecimalOverflow);
  CHECK_THROWS_AS(dec("1").with_scale_at_least(31), DecimalOverflow);
  CHECK_THROWS_AS(dec("1").with_scale_at_least(100), DecimalOverflow);
  CHECK_THROWS_AS(dec("1").with_scale_at_least(std::numeric_limits<int>::max()), DecimalOverflow);
  CHECK_THROWS_AS(dec("1").to_fixed(31), DecimalOverflow);
}

TEST_CASE("from_parts") {
  CHECK(Decimal::from_parts(1, 2).to_string() == "0.01");
  CHECK(Decimal::from_parts(-250, 2).to_string() == "-2.50");
  CHECK(Decimal::from_parts(5, -3).to_string() == "5000");
  CHECK(Decimal::from_parts(5, -3).scale() == 0);
  CHECK(Decimal::from_parts(0, -50).to_string() == "0");
  CHECK(Decimal::from_parts(1, -35).to_string() == "1" + std::string(35, '0'));
  CHECK(Decimal::from_parts(Decimal::max_coefficient, 0).to_string() == nines36);
  CHECK(Decimal::from_parts(100, 32).to_string() == "0.000000000000000000000000000001");
  CHECK_THROWS_AS(Decimal::from_parts(1, -36), DecimalOverflow);
  CHECK_THROWS_AS(Decimal::from_parts(1, -50), DecimalOverflow);
  CHECK_THROWS_AS(Decimal::from_parts(1, std::numeric_limits<int>::min()), DecimalOverflow);
  CHECK(Decimal::from_parts(0, std::numeric_limits<int>::min()).to_string() == "0");
  CHECK_THROWS_AS(Decimal::from_parts(-1, -1000), DecimalOverflow);
  CHECK_THROWS_AS(Decimal::from_parts(1, 31), DecimalOverflow);
  CHECK_THROWS_AS(Decimal::from_parts(Decimal::max_coefficient + 1, 0), DecimalOverflow);
  CHECK_THROWS_AS(Decimal::from_parts(-Decimal::max_coefficient - 2, 5), DecimalOverflow);
  // 10^36 × 10^-5 is 10^31, which fits once the trailing zeros are dropped.
  CHECK(Decimal::from_parts(-Decimal::max_coefficient - 1, 5).to_string() == "-1" + thirty_zeros + "0.0000");
  CHECK_THROWS_AS(Decimal::from_parts(Decimal::max_coefficient + 1, 0), DecimalOverflow);
}
