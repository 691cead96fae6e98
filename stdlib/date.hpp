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

  int year() const;
  int month() const;
  int day() const;
  std::int32_t days_since_epoch() const { return days_; }
  std::string to_string() const;

  friend auto operator<=>(const Date&, const Date&) = default;

 private:
  explicit constexpr Date(std::int32_t days) : days_(days) {}
  std::int32_t days_ = 0;
};

}  // namespace clause
