#pragma once
// Exact decimal numbers for money, rates and plain numbers.
//
// A Decimal is coefficient × 10^-scale with a 128-bit integer coefficient, so a
// money amount of 15 integer digits times a rate of many decimals still fits
// exactly. Every operation checks for overflow and throws DecimalOverflow rather
// than wrapping; callers that know which expression they evaluate add its name.
// There is no conversion from or to binary floating point, on purpose.

#include <array>
#include <compare>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace clause {

class DecimalOverflow : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

enum class RoundingMode { half_up, half_even, down, up };

std::string_view rounding_mode_name(RoundingMode mode);
std::optional<RoundingMode> rounding_mode_from_name(std::string_view name);

class Decimal {
 public:
  using Coefficient = __int128;
  static constexpr int max_scale = 30;
  // The largest coefficient we accept: 10^36 - 1. Keeping well below the int128
  // limit (1.7e38) leaves headroom for rescaling during comparison.
  static const Coefficient max_coefficient;

  constexpr Decimal() = default;
  static Decimal from_integer(std::int64_t value) { return Decimal(value, 0); }
  // Exact value of coefficient × 10^-scale; throws DecimalOverflow past the range.
  static Decimal from_parts(Coefficient coefficient, int scale);

  // Parses plain decimal text: optional '-', digits, optional '.digits', optional
  // exponent ('e' or 'E', sign, digits). Returns nullopt on malformed text and
  // throws DecimalOverflow when the value is too large or too precise to hold.
  static std::optional<Decimal> parse(std::string_view text);

  Coefficient coefficient() const { return coefficient_; }
  int scale() const { return scale_; }
  bool is_zero() const { return coefficient_ == 0; }
  bool is_negative() const { return coefficient_ < 0; }
  bool is_integer() const;
  // Number of digits after the point once trailing zeros are dropped.
  int significant_scale() const;
  // Number of digits before the point (0 for |x| < 1).
  int integer_digits() const;
  // The integer value, if this is an integer that fits in 64 bits.
  std::optional<std::int64_t> to_int64() const;

  Decimal operator-() const;
  // Inline for its common case: adding a zero written with no more decimals
  // than the other side leaves that side exactly as it is (most measures pay
  // nothing, and totals add them all), so no call is made for it.
  friend Decimal operator+(const Decimal& a, const Decimal& b) {
    if (a.unchanged_by_adding(b)) return a;
    if (b.unchanged_by_adding(a)) return b;
    return sum(a, b);
  }
  // The same, into this one: a zero added to a running total leaves it alone,
  // without the copy `total = total + zero` makes of it (and a copy written in
  // pieces then read back whole stalls the next addition).
  Decimal& operator+=(const Decimal& other) {
    if (!unchanged_by_adding(other)) *this = *this + other;
    return *this;
  }
  friend Decimal operator-(const Decimal& a, const Decimal& b);
  friend Decimal operator*(const Decimal& a, const Decimal& b);
  // Exact when the quotient terminates within max_scale digits; otherwise rounded
  // half-up at max_scale digits, or at fewer when the quotient would need more
  // than 36 significant digits (1e20 / 3 keeps 16 decimals). Division is never
  // used for money amounts in the Luojiang contract, and the explanation shows
  // the rounded quotient. Result is normalized; b == 0 throws DecimalOverflow.
  static Decimal divide(const Decimal& a, const Decimal& b);

  // Rounds to `digits` decimals (2 = to the fen).
  Decimal rounded(int digits, RoundingMode mode) const;
  // Same value with at least `digits` decimals, for printing "25000.00".
  Decimal with_scale_at_least(int digits) const;
  // Trailing zeros removed: 10.50 -> 10.5, 300000.00 -> 300000.
  Decimal normalized() const;

  // Inline for its common cases: two numbers written with as many decimals, and
  // two everyday amounts whose decimals differ (an amount in fen against a
  // threshold in yuan), the fewer decimals brought up to the more: 2^63 × 10^18
  // fits in 128 bits, signs and all.
  friend std::strong_ordering operator<=>(const Decimal& a, const Decimal& b) {
    if (a.scale_ == b.scale_) return a.coefficient_ <=> b.coefficient_;
    if (fits_in_64_bits(a.coefficient_) && fits_in_64_bits(b.coefficient_)) {
      const auto up = static_cast<std::size_t>(a.scale_ < b.scale_ ? b.scale_ - a.scale_ : a.scale_ - b.scale_);
      if (up < small_powers_of_ten.size()) {
        const Coefficient power = small_powers_of_ten[up];
        return a.scale_ < b.scale_ ? a.coefficient_ * power <=> b.coefficient_ : a.coefficient_ <=> b.coefficient_ * power;
      }
    }
    return compare_scaled(a, b);
  }
  friend bool operator==(const Decimal& a, const Decimal& b) { return (a <=> b) == 0; }

  std::string to_string() const;
  // The same text, appended to `out` (no string of its own on the way).
  void append_to(std::string& out) const;
  // Always exactly `digits` decimals, rounding half-up if needed: "25000.00".
  std::string to_fixed(int digits) const;

 private:
  // Adding `other`, a zero written with no more decimals, gives this very value and scale.
  bool unchanged_by_adding(const Decimal& other) const { return other.is_zero() && other.scale_ <= scale_; }
  // a + b in general: the wider written scale, or the normalized operands when that overflows.
  static Decimal sum(const Decimal& a, const Decimal& b);
  // a <=> b for two scales that differ, beyond the everyday amounts operator<=> compares.
  static std::strong_ordering compare_scaled(const Decimal& a, const Decimal& b);
  constexpr Decimal(Coefficient coefficient, int scale) : coefficient_(coefficient), scale_(scale) {}
  // The value, once its range is checked (DecimalOverflow beyond it). Inline for
  // the result nearly every operation gives, 64 bits with a scale in range,
  // which is in range at once.
  static Decimal checked(Coefficient coefficient, int scale) {
    if (scale >= 0 && scale <= max_scale && fits_in_64_bits(coefficient)) {
      return Decimal(coefficient, scale);
    }
    return checked_in_general(coefficient, scale);
  }
  static Decimal checked_in_general(Coefficient coefficient, int scale);
  // Coefficients of everyday amounts fit in 64 bits; operations on two of them
  // cannot overflow 128 bits, so they skip the overflow-checked library calls.
  static constexpr bool fits_in_64_bits(Coefficient coefficient) {
    return coefficient == static_cast<std::int64_t>(coefficient);
  }
  // 10^0 … 10^18, by which a 64-bit coefficient is rescaled within 128 bits.
  // 64-bit entries, not decimal.cpp's 128-bit powers_of_ten, so that an inline
  // rescale is one widening 64 × 64-bit multiply rather than a 128-bit product.
  static constexpr std::array<std::int64_t, 19> small_powers_of_ten = [] {
    std::array<std::int64_t, 19> powers{1};
    for (std::size_t i = 1; i < powers.size(); ++i) powers[i] = powers[i - 1] * 10;
    return powers;
  }();

  Coefficient coefficient_ = 0;
  int scale_ = 0;
};

Decimal min(const Decimal& a, const Decimal& b);
Decimal max(const Decimal& a, const Decimal& b);

}  // namespace clause
