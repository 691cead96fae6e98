#include "stdlib/date.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

using clause::Date;

namespace {

Date date(std::string_view text) {
  auto parsed = Date::parse(text);
  if (!parsed) throw std::runtime_error("test date did not parse: " + std::string(text));
  return *parsed;
}

bool leap(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int month_length(int year, int month) {
  static constexpr int lengths[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && leap(year) ? 29 : lengths[month - 1];
}

}  // namespace

TEST_CASE("Date::parse accepts real dates") {
  const Date leap_day = date("2024-02-29");
  CHECK(leap_day.year() == 2024);
  CHECK(leap_day.month() == 2);
  CHECK(leap_day.day() == 29);
  CHECK(leap_day.to_string() == "2024-02-29");

  for (std::string_view text : {"2023-02-28", "2000-02-29", "1600-02-29", "2023-01-01", "2023-12-31", "2023-04-30",
                                "0001-01-01", "9999-12-31", "1970-01-01", "1969-12-31", "2400-02-29"}) {
    CAPTURE(text);
    auto parsed = Date::parse(text);
    REQUIRE(parsed.has_value());
    CHECK(parsed->to_string() == text);
  }
}

TEST_CASE("Date::parse rejects impossible dates and other spellings") {
  for (std::string_view bad :
       {"2023-02-29", "1900-02-29", "2100-02-29", "2023-13-01", "2023-00-10", "2023-01-00", "2023-01-32",
        "2023-04-31", "2023-06-31", "2023-09-31", "2023-11-31", "0000-01-01", "2023-1-01", "2023-01-1", "20230101",
        "2023/01/01", "2023-01-01 ", " 2023-01-01", "2023-01-01T00:00", "abcd-ef-gh", "", "+023-01-01",
        "-023-01-01", "2023-0a-01", "2023-01-0a", "202a-01-01", "2023--1-01", "2023-01--1", "2023-+1-01",
        "23-01-01", "02023-01-01", "2023-99-99", "9999-99-99", "2023-01-01\n"}) {
    CAPTURE(bad);
    CHECK_FALSE(Date::parse(bad).has_value());
  }
}

TEST_CASE("Date::parse takes only the ten ASCII digits where digits go") {
  // Every byte at every digit position of a real date: the characters beside
  // '0' and '9' ('/' and ':') and bytes above 127 included.
  const std::string valid = "2024-12-28";
  for (std::size_t position : {0, 1, 2, 3, 5, 6, 8, 9}) {
    for (int byte = 0; byte < 256; ++byte) {
      std::string text = valid;
      text[position] = static_cast<char>(byte);
      const bool digit = byte >= '0' && byte <= '9';
      const bool real = digit && Date::from_ymd(std::stoi(text.substr(0, 4)), std::stoi(text.substr(5, 2)),
                                                std::stoi(text.substr(8, 2)));
      CAPTURE(position);
      CAPTURE(byte);
      CHECK(Date::parse(text).has_value() == real);
    }
  }
}

TEST_CASE("Date::from_ymd validates the calendar and the year range") {
  CHECK(Date::from_ymd(2024, 2, 29).has_value());
  CHECK_FALSE(Date::from_ymd(2023, 2, 29).has_value());
  CHECK_FALSE(Date::from_ymd(0, 1, 1).has_value());
  CHECK_FALSE(Date::from_ymd(-1, 1, 1).has_value());
  CHECK_FALSE(Date::from_ymd(10000, 1, 1).has_value());
  CHECK(Date::from_ymd(9999, 12, 31).has_value());
  CHECK(Date::from_ymd(1, 1, 1).has_value());
  CHECK_FALSE(Date::from_ymd(2023, 0, 1).has_value());
  CHECK_FALSE(Date::from_ymd(2023, 13, 1).has_value());
  CHECK_FALSE(Date::from_ymd(2023, -1, 1).has_value());
  CHECK_FALSE(Date::from_ymd(2023, 1, 0).has_value());
  CHECK_FALSE(Date::from_ymd(2023, 1, -5).has_value());
  CHECK_FALSE(Date::from_ymd(2023, 1, 32).has_value());
  CHECK_FALSE(Date::from_ymd(2023, 12, 32).has_value());
  CHECK(Date::from_ymd(2023, 12, 31).has_value());
  CHECK(Date::from_ymd(2023, 3, 15) == date("2023-03-15"));
}

TEST_CASE("days since the epoch") {
  CHECK(Date().days_since_epoch() == 0);
  CHECK(Date().to_string() == "1970-01-01");
  CHECK(Date().year() == 1970);
  CHECK(Date() == date("1970-01-01"));
  CHECK(date("1970-01-01").days_since_epoch() == 0);
  CHECK(date("1970-01-02").days_since_epoch() == 1);
  CHECK(date("1969-12-31").days_since_epoch() == -1);
  CHECK(date("2000-01-01").days_since_epoch() == 10957);
  CHECK(date("2000-03-01").days_since_epoch() == 11017);
  CHECK(date("2024-02-29").days_since_epoch() == 19782);
  CHECK(date("0001-01-01").days_since_epoch() == -719162);
  CHECK(date("9999-12-31").days_since_epoch() == 2932896);
  CHECK(date("2023-01-01").days_since_epoch() - date("2022-12-31").days_since_epoch() == 1);
  CHECK(date("2024-03-01").days_since_epoch() - date("2024-02-28").days_since_epoch() == 2);
  CHECK(date("2023-03-01").days_since_epoch() - date("2023-02-28").days_since_epoch() == 1);
}

TEST_CASE("every day from 0001-01-01 to 9999-12-31 round-trips") {
  int year = 1, month = 1, day = 1;
  auto first = Date::from_ymd(1, 1, 1);
  REQUIRE(first.has_value());
  std::int32_t expected_days = first->days_since_epoch();
  long mismatches = 0;
  long checked = 0;
  while (year <= 9999) {
    auto made = Date::from_ymd(year, month, day);
    bool ok = made.has_value() && made->days_since_epoch() == expected_days && made->year() == year &&
              made->month() == month && made->day() == day;
    if (ok) {
      const std::string text = made->to_string();
      auto reparsed = Date::parse(text);
      ok = text.size() == 10 && reparsed.has_value() && *reparsed == *made && std::stoi(text.substr(0, 4)) == year &&
           std::stoi(text.substr(5, 2)) == month && std::stoi(text.substr(8, 2)) == day;
    }
    if (!ok && ++mismatches <= 5) {
      FAIL_CHECK("round trip failed at " << year << "-" << month << "-" << day);
    }
    ++checked;
    ++expected_days;
    if (++day > month_length(year, month)) {
      day = 1;
      if (++month > 12) {
        month = 1;
        ++year;
      }
    }
  }
  CHECK(mismatches == 0);
  CHECK(checked == 2932897 + 719162);
  // Day after the last valid day is not a valid date.
  CHECK_FALSE(Date::from_ymd(10000, 1, 1).has_value());
}

TEST_CASE("ordering and equality") {
  CHECK(date("2022-12-31") < date("2023-01-01"));
  CHECK(date("2023-01-01") > date("2022-12-31"));
  CHECK(date("2023-01-01") == date("2023-01-01"));
  CHECK(date("2023-01-01") != date("2023-01-02"));
  CHECK(date("2023-01-31") < date("2023-02-01"));
  CHECK(date("2023-02-28") < date("2023-03-01"));
  CHECK(date("2024-02-28") < date("2024-02-29"));
  CHECK(date("1969-12-31") < date("1970-01-01"));
  CHECK(date("0001-01-01") < date("9999-12-31"));
  CHECK(date("2023-06-15") <= date("2023-06-15"));
  CHECK(date("2023-06-15") >= date("2023-06-15"));
  CHECK((date("2023-06-15") <=> date("2023-06-16")) == std::strong_ordering::less);

  std::vector<Date> dates = {date("2024-01-01"), date("2023-12-31"), date("1999-05-05"), date("2023-01-01"),
                             date("2023-12-30")};
  std::sort(dates.begin(), dates.end());
  std::vector<std::string> printed;
  for (const Date& d : dates) printed.push_back(d.to_string());
  CHECK(printed ==
        std::vector<std::string>{"1999-05-05", "2023-01-01", "2023-12-30", "2023-12-31", "2024-01-01"});
}

TEST_CASE("to_string pads years, months and days") {
  CHECK(date("0001-02-03").to_string() == "0001-02-03");
  CHECK(date("0099-10-09").to_string() == "0099-10-09");
  CHECK(date("0999-12-01").to_string() == "0999-12-01");
  CHECK(Date::from_ymd(5, 6, 7)->to_string() == "0005-06-07");
}
