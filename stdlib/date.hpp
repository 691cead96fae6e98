#pragma once
// Calendar dates as a day count, so comparison and "which year" are exact and cheap.

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace clause {

class Date {
 public:
  constexpr Date() = default;
  // nullopt unless year-month-day names a real Gregorian date (years 1..9999).
  static std::optional<Date> from_ymd(int year, int month, int day);
  // Accepts exactly "YYYY-MM-DD".
  static std::optional<Date> parse(std::string_view text);

  // Kept beside the day count, not worked out from it: `year(d)` is asked of
  // every dated fact of every record, and comparing dates needs only the count.
  int year() const { return year_; }
  int month() const;
  int day() const;
  std::int32_t days_since_epoch() const { return days_; }
  std::string to_string() const;

  friend std::strong_ordering operator<=>(const Date& a, const Date& b) { return a.days_ <=> b.days_; }
  friend bool operator==(const Date& a, const Date& b) { return a.days_ == b.days_; }

 private:
  constexpr Date(std::int32_t days, int year) : days_(days), year_(static_cast<std::int16_t>(year)) {}
  std::int32_t days_ = 0;     // since 1970-01-01
  std::int16_t year_ = 1970;  // of that day
};

}  // namespace clause
