#include "stdlib/decimal.hpp"

#include <algorithm>

namespace clause {
namespace {

using Coefficient = Decimal::Coefficient;

constexpr Coefficient power_of_ten(int exponent) {
  Coefficient result = 1;
  for (int i = 0; i < exponent; ++i) result *= 10;
  return result;
}

Coefficient checked_multiply(Coefficient a, Coefficient b) {
  Coefficient product;
  if (__builtin_mul_overflow(a, b, &product) || product > Decimal::max_coefficient ||
      product < -Decimal::max_coefficient) {
    throw DecimalOverflow("the amount is beyond the decimal range (36 significant digits)");
  }
  return product;
}

Coefficient checked_add(Coefficient a, Coefficient b) {
  Coefficient sum;
  if (__builtin_add_overflow(a, b, &sum) || sum > Decimal::max_coefficient ||
      sum < -Decimal::max_coefficient) {
    throw DecimalOverflow("the amount is beyond the decimal range (36 significant digits)");
  }
  return sum;
}

// Brings a coefficient from `from` decimals to `to` decimals (to >= from).
Coefficient rescale_up(Coefficient coefficient, int from, int to) {
  return checked_multiply(coefficient, power_of_ten(to - from));
}

}  // namespace

const Coefficient Decimal::max_coefficient = power_of_ten(36) - 1;

std::string_view rounding_mode_name(RoundingMode mode) {
  switch (mode) {
    case RoundingMode::half_up: return "half_up";
    case RoundingMode::half_even: return "half_even";
    case RoundingMode::down: return "down";
    case RoundingMode::up: return "up";
  }
  return "half_up";
}

std::optional<RoundingMode> rounding_mode_from_name(std::string_view name) {
  for (auto mode : {RoundingMode::half_up, RoundingMode::half_even, RoundingMode::down, RoundingMode::up}) {
    if (rounding_mode_name(mode) == name) return mode;
  }
  return std::nullopt;
}

Decimal Decimal::checked(Coefficient coefficient, int scale) {
  if (coefficient > max_coefficient || coefficient < -max_coefficient) {
    throw DecimalOverflow("the amount is beyond the decimal range (36 significant digits)");
  }
  if (scale > max_scale) throw DecimalOverflow("the number has more than 30 decimals");
  return Decimal(coefficient, scale);
}

Decimal Decimal::from_parts(Coefficient coefficient, int scale) {
  if (scale < 0) return checked(checked_multiply(coefficient, power_of_ten(-scale)), 0);
  return checked(coefficient, scale);
}

std::optional<Decimal> Decimal::parse(std::string_view text) {
  std::size_t at = 0;
  bool negative = false;
  if (at < text.size() && text[at] == '-') {
    negative = true;
    ++at;
  }
  auto is_digit = [](char c) { return c >= '0' && c <= '9'; };
  Coefficient coefficient = 0;
  int scale = 0;
  int digits_seen = 0;
  auto take_digit = [&](char c) {
    coefficient = checked_add(checked_multiply(coefficient, 10), c - '0');
    ++digits_seen;
  };
  while (at < text.size() && is_digit(text[at])) take_digit(text[at++]);
  if (at < text.size() && text[at] == '.') {
    ++at;
    std::size_t fraction_start = at;
    while (at < text.size() && is_digit(text[at])) {
      take_digit(text[at++]);
      ++scale;
    }
    if (at == fraction_start) return std::nullopt;
  }
  if (digits_seen == 0) return std::nullopt;
  long exponent = 0;
  if (at < text.size() && (text[at] == 'e' || text[at] == 'E')) {
    ++at;
    bool exponent_negative = false;
    if (at < text.size() && (text[at] == '+' || text[at] == '-')) exponent_negative = text[at++] == '-';
    std::size_t exponent_start = at;
    while (at < text.size() && is_digit(text[at])) {
      exponent = std::min(exponent * 10 + (text[at++] - '0'), 100000L);
    }
    if (at == exponent_start) return std::nullopt;
    if (exponent_negative) exponent = -exponent;
  }
  if (at != text.size()) return std::nullopt;
  long effective_scale = scale - exponent;
  if (coefficient == 0) return Decimal(0, static_cast<int>(std::clamp(effective_scale, 0L, long{max_scale})));
  if (effective_scale < -60) throw DecimalOverflow("the number is beyond the decimal range");
  if (effective_scale > max_scale) {
    // Trailing zeros may bring an over-precise spelling back into range (1.000e-2).
    while (effective_scale > max_scale && coefficient % 10 == 0) {
      coefficient /= 10;
      --effective_scale;
    }
    if (effective_scale > max_scale) throw DecimalOverflow("the number has more than 30 decimals");
  }
  return from_parts(negative ? -coefficient : coefficient, static_cast<int>(effective_scale));
}

bool Decimal::is_integer() const { return significant_scale() == 0; }

int Decimal::significant_scale() const {
  int digits = scale_;
  Coefficient c = coefficient_;
  while (digits > 0 && c % 10 == 0) {
    c /= 10;
    --digits;
  }
  return c == 0 ? 0 : digits;
}

int Decimal::integer_digits() const {
  Coefficient whole = coefficient_ / power_of_ten(scale_);
  if (whole < 0) whole = -whole;
  int digits = 0;
  while (whole > 0) {
    whole /= 10;
    ++digits;
  }
  return digits;
}

std::optional<std::int64_t> Decimal::to_int64() const {
  if (!is_integer()) return std::nullopt;
  Coefficient whole = coefficient_ / power_of_ten(scale_);
  if (whole > INT64_MAX || whole < INT64_MIN) return std::nullopt;
  return static_cast<std::int64_t>(whole);
}

Decimal Decimal::operator-() const { return Decimal(-coefficient_, scale_); }

Decimal operator+(const Decimal& a, const Decimal& b) {
  int scale = std::max(a.scale_, b.scale_);
  return Decimal::checked(checked_add(rescale_up(a.coefficient_, a.scale_, scale),
                                      rescale_up(b.coefficient_, b.scale_, scale)),
                          scale);
}

Decimal operator-(const Decimal& a, const Decimal& b) { return a + (-b); }

Decimal operator*(const Decimal& a, const Decimal& b) {
  Decimal left = a.normalized();
  Decimal right = b.normalized();
  return Decimal::checked(checked_multiply(left.coefficient_, right.coefficient_), left.scale_ + right.scale_);
}

Decimal Decimal::divide(const Decimal& a, const Decimal& b) {
  if (b.is_zero()) throw DecimalOverflow("division by zero");
  // a / b = (a.c * 10^k / b.c) * 10^-(a.s - b.s + k); choose k for max_scale result decimals.
  Decimal dividend = a.normalized();
  Decimal divisor = b.normalized();
  int result_scale = max_scale;
  int k = result_scale - dividend.scale_ + divisor.scale_;
  Coefficient numerator = dividend.coefficient_;
  Coefficient denominator = divisor.coefficient_;
  if (k >= 0) {
    // Scale the numerator in steps so we fail only when the true quotient overflows.
    for (; k > 0; --k) {
      Coefficient next;
      if (__builtin_mul_overflow(numerator, 10, &next)) {
        // Fall back to fewer result decimals.
        result_scale -= k;
        break;
      }
      numerator = next;
    }
  } else {
    denominator = checked_multiply(denominator, power_of_ten(-k));
  }
  bool negative = (numerator < 0) != (denominator < 0);
  Coefficient n = numerator < 0 ? -numerator : numerator;
  Coefficient d = denominator < 0 ? -denominator : denominator;
  Coefficient quotient = n / d;
  Coefficient remainder = n % d;
  if (remainder * 2 >= d) ++quotient;
  return Decimal::checked(negative ? -quotient : quotient, result_scale).normalized();
}

Decimal Decimal::rounded(int digits, RoundingMode mode) const {
  if (scale_ <= digits) return *this;
  Coefficient divisor = power_of_ten(scale_ - digits);
  Coefficient quotient = coefficient_ / divisor;
  Coefficient remainder = coefficient_ % divisor;
  Coefficient magnitude = remainder < 0 ? -remainder : remainder;
  bool away = false;
  switch (mode) {
    case RoundingMode::half_up: away = magnitude * 2 >= divisor; break;
    case RoundingMode::half_even:
      away = magnitude * 2 > divisor || (magnitude * 2 == divisor && quotient % 2 != 0);
      break;
    case RoundingMode::down: away = false; break;
    case RoundingMode::up: away = magnitude != 0; break;
  }
  if (away) quotient += coefficient_ < 0 ? -1 : 1;
  return Decimal(quotient, digits);
}

Decimal Decimal::with_scale_at_least(int digits) const {
  if (scale_ >= digits) return *this;
  return checked(rescale_up(coefficient_, scale_, digits), digits);
}

Decimal Decimal::normalized() const {
  Coefficient c = coefficient_;
  int s = scale_;
  while (s > 0 && c % 10 == 0) {
    c /= 10;
    --s;
  }
  return Decimal(c, c == 0 ? 0 : s);
}

std::strong_ordering operator<=>(const Decimal& a, const Decimal& b) {
  if (a.scale_ == b.scale_) return a.coefficient_ <=> b.coefficient_;
  // Compare signs first, then the rescaled magnitudes; rescaling a normalized
  // coefficient fits because both are below 10^36 and scales differ by <= 30.
  auto sign = [](Coefficient c) { return (c > 0) - (c < 0); };
  if (sign(a.coefficient_) != sign(b.coefficient_)) return sign(a.coefficient_) <=> sign(b.coefficient_);
  Decimal left = a.normalized();
  Decimal right = b.normalized();
  int scale = std::max(left.scale_, right.scale_);
  Coefficient lc = left.coefficient_;
  Coefficient rc = right.coefficient_;
  for (int s = left.scale_; s < scale; ++s) {
    if (__builtin_mul_overflow(lc, 10, &lc)) return sign(a.coefficient_) > 0 ? std::strong_ordering::greater : std::strong_ordering::less;
  }
  for (int s = right.scale_; s < scale; ++s) {
    if (__builtin_mul_overflow(rc, 10, &rc)) return sign(a.coefficient_) > 0 ? std::strong_ordering::less : std::strong_ordering::greater;
  }
  return lc <=> rc;
}

std::string Decimal::to_string() const {
  Coefficient magnitude = coefficient_ < 0 ? -coefficient_ : coefficient_;
  std::string digits;
  do {
    digits.insert(digits.begin(), static_cast<char>('0' + static_cast<int>(magnitude % 10)));
    magnitude /= 10;
  } while (magnitude > 0);
  if (scale_ > 0) {
    if (static_cast<int>(digits.size()) <= scale_) digits.insert(0, scale_ - digits.size() + 1, '0');
    digits.insert(digits.size() - scale_, ".");
  }
  if (coefficient_ < 0) digits.insert(0, "-");
  return digits;
}

std::string Decimal::to_fixed(int digits) const {
  return rounded(digits, RoundingMode::half_up).with_scale_at_least(digits).to_string();
}

Decimal min(const Decimal& a, const Decimal& b) { return b < a ? b : a; }
Decimal max(const Decimal& a, const Decimal& b) { return a < b ? b : a; }

}  // namespace clause
