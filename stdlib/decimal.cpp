#include "stdlib/decimal.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdlib>
#include <limits>

namespace clause {
namespace {

using Coefficient = Decimal::Coefficient;

constexpr Coefficient computed_power_of_ten(int exponent) {
  Coefficient result = 1;
  for (int i = 0; i < exponent; ++i) result *= 10;
  return result;
}

// 10^0 … 10^38, the powers a 128-bit coefficient can hold, looked up rather
// than multiplied out on every rescale.
constexpr auto powers_of_ten = [] {
  std::array<Coefficient, 39> powers{};
  for (int i = 0; i < 39; ++i) powers[static_cast<std::size_t>(i)] = computed_power_of_ten(i);
  return powers;
}();

constexpr Coefficient power_of_ten(int exponent) {
  return exponent >= 0 && exponent < 39 ? powers_of_ten[static_cast<std::size_t>(exponent)]
                                        : computed_power_of_ten(exponent);
}

// Drops up to `most` trailing zeros; returns how many were dropped. The 64-bit
// path matters: a 128-bit remainder is a library call, and facts readers ask
// this of every amount.
template <typename Magnitude>
int trailing_zeros(Magnitude magnitude, int most) {
  int dropped = 0;
  while (dropped < most && magnitude % 10 == 0) {
    magnitude /= 10;
    ++dropped;
  }
  return dropped;
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

// Plain "123", "-45.67" of at most 18 digits, the way amounts are almost always
// written: read into 64 bits at once. Returns false for anything else (exponents,
// more digits, malformed text), which the general reader then judges.
bool parse_short_plain(std::string_view text, Coefficient& coefficient, int& scale) {
  std::size_t at = text.size() > 0 && text[0] == '-' ? 1 : 0;
  std::int64_t digits_value = 0;
  int digits = 0;
  int fraction_digits = -1;  // -1: no point seen yet
  for (; at < text.size(); ++at) {
    const char c = text[at];
    if (c >= '0' && c <= '9') {
      if (++digits > 18) return false;  // checked first: a 19th digit could overflow 64 bits
      digits_value = digits_value * 10 + (c - '0');
      if (fraction_digits >= 0) ++fraction_digits;
    } else if (c == '.' && fraction_digits < 0 && digits > 0) {
      fraction_digits = 0;
    } else {
      return false;
    }
  }
  if (digits == 0 || fraction_digits == 0) return false;
  coefficient = text[0] == '-' ? -digits_value : digits_value;
  scale = std::max(fraction_digits, 0);
  return true;
}

[[noreturn]] void throw_out_of_range() {
  throw DecimalOverflow("the amount is beyond the decimal range (36 significant digits)");
}

// Brings a coefficient from `from` decimals to `to` decimals (to >= from).
Coefficient rescale_up(Coefficient coefficient, int from, int to) {
  if (coefficient == 0) return 0;
  // 10^37 already exceeds the range; larger powers would not fit in 128 bits.
  const long long shift = static_cast<long long>(to) - from;
  if (shift > 36) throw_out_of_range();
  return checked_multiply(coefficient, power_of_ten(static_cast<int>(shift)));
}

int digit_count(Coefficient magnitude) {
  int digits = 0;
  for (; magnitude != 0; magnitude /= 10) ++digits;
  return digits;
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

Decimal Decimal::checked_in_general(Coefficient coefficient, int scale) {
  // Dropping trailing zeros loses no value: 10 × 10^-31 is 10^-30, which fits.
  // (The range test comes first: a 128-bit remainder is a library call, and
  // almost every result is in range.)
  while (scale > 0 && (scale > max_scale || coefficient > max_coefficient || coefficient < -max_coefficient) &&
         coefficient % 10 == 0) {
    coefficient /= 10;
    --scale;
  }
  if (scale < 0) return checked(rescale_up(coefficient, scale, 0), 0);
  if (coefficient > max_coefficient || coefficient < -max_coefficient) {
    throw DecimalOverflow("the amount is beyond the decimal range (36 significant digits)");
  }
  if (scale > max_scale) throw DecimalOverflow("the number has more than 30 decimals");
  return Decimal(coefficient, scale);
}

Decimal Decimal::from_parts(Coefficient coefficient, int scale) { return checked(coefficient, scale); }

std::optional<Decimal> Decimal::parse(std::string_view text) {
  // The general reader below gives the same value: every written digit kept, the
  // written number of decimals as the scale.
  Coefficient short_coefficient = 0;
  int short_scale = 0;
  if (parse_short_plain(text, short_coefficient, short_scale)) return Decimal(short_coefficient, short_scale);
  std::size_t at = 0;
  bool negative = false;
  if (at < text.size() && text[at] == '-') {
    negative = true;
    ++at;
  }
  auto is_digit = [](char c) { return c >= '0' && c <= '9'; };
  // The digits are read as significand × 10^trailing_zeros × 10^-scale, where the
  // significand has no trailing zeros: zeros are only multiplied in once a nonzero
  // digit follows them, so an over-precise spelling such as 0.1000…0 (40 zeros)
  // does not overflow while reading, and its value is decided at the end.
  Coefficient significand = 0;
  long long trailing_zeros = 0;
  long long scale = 0;
  auto take_digit = [&](char c) {
    if (c == '0') {
      ++trailing_zeros;
      return;
    }
    if (significand != 0) {
      for (; trailing_zeros > 0; --trailing_zeros) significand = checked_multiply(significand, 10);
    }
    trailing_zeros = 0;
    significand = checked_add(checked_multiply(significand, 10), c - '0');
  };
  std::size_t integer_start = at;
  while (at < text.size() && is_digit(text[at])) take_digit(text[at++]);
  if (at == integer_start) return std::nullopt;  // "digits" are required before any '.'
  if (at < text.size() && text[at] == '.') {
    ++at;
    std::size_t fraction_start = at;
    while (at < text.size() && is_digit(text[at])) {
      take_digit(text[at++]);
      ++scale;
    }
    if (at == fraction_start) return std::nullopt;
  }
  long long exponent = 0;
  if (at < text.size() && (text[at] == 'e' || text[at] == 'E')) {
    ++at;
    bool exponent_negative = false;
    if (at < text.size() && (text[at] == '+' || text[at] == '-')) exponent_negative = text[at++] == '-';
    std::size_t exponent_start = at;
    // Any exponent beyond the text length puts a nonzero value out of range either
    // way, so capping it there keeps the arithmetic small without changing results.
    const long long exponent_cap = static_cast<long long>(text.size()) + 100;
    while (at < text.size() && is_digit(text[at])) {
      exponent = std::min(exponent * 10 + (text[at++] - '0'), exponent_cap);
    }
    if (at == exponent_start) return std::nullopt;
    if (exponent_negative) exponent = -exponent;
  }
  if (at != text.size()) return std::nullopt;

  // The written number of decimals, which we keep where the range allows.
  const long long written_scale = scale - exponent;
  const long long kept_scale = std::clamp(written_scale, 0LL, static_cast<long long>(max_scale));
  if (significand == 0) return Decimal(0, static_cast<int>(kept_scale));
  // value = significand × 10^power
  const long long power = trailing_zeros - written_scale;
  const long long least_scale = std::max(0LL, -power);
  if (least_scale > max_scale) throw DecimalOverflow("the number has more than 30 decimals");
  // significand × 10^(power + result_scale) must stay within 36 digits.
  const long long most_shift = 36 - digit_count(significand);
  if (power + least_scale > most_shift) throw_out_of_range();
  const long long result_scale = std::min(kept_scale, most_shift - power);
  const Coefficient coefficient = significand * power_of_ten(static_cast<int>(power + result_scale));
  return checked(negative ? -coefficient : coefficient, static_cast<int>(result_scale));
}

bool Decimal::is_integer() const { return significant_scale() == 0; }

int Decimal::significant_scale() const {
  if (coefficient_ == 0) return 0;
  Coefficient magnitude = coefficient_ < 0 ? -coefficient_ : coefficient_;
  if (magnitude <= std::numeric_limits<std::uint64_t>::max()) {
    return scale_ - trailing_zeros(static_cast<std::uint64_t>(magnitude), scale_);
  }
  return scale_ - trailing_zeros(magnitude, scale_);
}

int Decimal::integer_digits() const {
  // Compared with powers of ten, not divided: |coefficient| >= 10^(scale + d)
  // exactly when the whole part has more than d digits.
  Coefficient magnitude = coefficient_ < 0 ? -coefficient_ : coefficient_;
  if (magnitude <= std::numeric_limits<std::uint64_t>::max()) {
    // Counted by 64-bit division, a multiplication once compiled: facts readers
    // ask this of every amount.
    int written = 0;
    for (auto rest = static_cast<std::uint64_t>(magnitude); rest != 0; rest /= 10) ++written;
    return std::max(0, written - scale_);
  }
  int digits = 0;
  while (digits + scale_ < 39 && magnitude >= power_of_ten(digits + scale_)) ++digits;
  return digits;
}

std::optional<std::int64_t> Decimal::to_int64() const {
  if (!is_integer()) return std::nullopt;
  Coefficient whole = coefficient_ / power_of_ten(scale_);
  if (whole > INT64_MAX || whole < INT64_MIN) return std::nullopt;
  return static_cast<std::int64_t>(whole);
}

Decimal Decimal::operator-() const { return Decimal(-coefficient_, scale_); }

Decimal Decimal::sum(const Decimal& a, const Decimal& b) {
  // Keep the wider written scale (350000.00 + 0.5 = 350000.50) when it fits; when
  // only the trailing zeros of an operand stand in the way (1e35 + 0.00), add the
  // normalized operands instead, which is still exact.
  auto try_add = [](const Decimal& x, const Decimal& y, Coefficient& sum, int& scale) {
    scale = std::max(x.scale_, y.scale_);
    Coefficient left, right;
    if (__builtin_mul_overflow(x.coefficient_, power_of_ten(scale - x.scale_), &left)) return false;
    if (__builtin_mul_overflow(y.coefficient_, power_of_ten(scale - y.scale_), &right)) return false;
    return !__builtin_add_overflow(left, right, &sum);  // checked() judges the range
  };
  if (fits_in_64_bits(a.coefficient_) && fits_in_64_bits(b.coefficient_) && a.scale_ <= 18 && b.scale_ <= 18) {
    // 2^63 × 10^18 < 2^123: neither the rescaling nor the sum can overflow, and
    // each rescaling is one 64 × 64-bit multiplication.
    const auto x = static_cast<std::int64_t>(a.coefficient_);
    const auto y = static_cast<std::int64_t>(b.coefficient_);
    if (a.scale_ == b.scale_) return Decimal::checked(Coefficient{x} + y, a.scale_);
    const int scale = std::max(a.scale_, b.scale_);
    auto rescaled = [scale](std::int64_t coefficient, int from) {
      return Coefficient{coefficient} * static_cast<std::int64_t>(power_of_ten(scale - from));
    };
    return Decimal::checked(rescaled(x, a.scale_) + rescaled(y, b.scale_), scale);
  }
  Coefficient sum;
  int scale;
  if (try_add(a, b, sum, scale) || try_add(a.normalized(), b.normalized(), sum, scale)) {
    return Decimal::checked(sum, scale);
  }
  throw_out_of_range();
}

Decimal operator-(const Decimal& a, const Decimal& b) { return a + (-b); }

Decimal operator*(const Decimal& a, const Decimal& b) {
  // The exact product keeps the sum of the written scales (350000.00 × 0.1 =
  // 35000.000); checked() drops trailing zeros only when that is what it takes to
  // fit. When the raw product passes 128 bits, the trailing zeros of the operands
  // are set aside first (1e17 written with 18 zero decimals, squared, is 1e34).
  if (Decimal::fits_in_64_bits(a.coefficient_) && Decimal::fits_in_64_bits(b.coefficient_)) {
    return Decimal::checked(a.coefficient_ * b.coefficient_, a.scale_ + b.scale_);  // < 2^126
  }
  Coefficient product;
  if (!__builtin_mul_overflow(a.coefficient_, b.coefficient_, &product)) {
    return Decimal::checked(product, a.scale_ + b.scale_);
  }
  auto strip = [](Coefficient& coefficient, int& scale) {
    while (coefficient % 10 == 0) {
      coefficient /= 10;
      --scale;
    }
  };
  Coefficient left = a.coefficient_, right = b.coefficient_;  // both nonzero here
  int scale = a.scale_ + b.scale_;
  strip(left, scale);
  strip(right, scale);
  if (__builtin_mul_overflow(left, right, &product)) throw_out_of_range();
  return Decimal::checked(product, scale);
}

Decimal Decimal::divide(const Decimal& a, const Decimal& b) {
  if (b.is_zero()) throw DecimalOverflow("division by zero");
  // Long division of the normalized coefficients, one decimal at a time:
  // a / b = (numerator / denominator) × 10^-(a.scale - b.scale).
  const Decimal dividend = a.normalized();
  const Decimal divisor = b.normalized();
  const bool negative = dividend.is_negative() != divisor.is_negative();
  const Coefficient numerator = dividend.coefficient_ < 0 ? -dividend.coefficient_ : dividend.coefficient_;
  const Coefficient denominator = divisor.coefficient_ < 0 ? -divisor.coefficient_ : divisor.coefficient_;
  Coefficient quotient = numerator / denominator;  // at most the numerator, so within range
  Coefficient remainder = numerator % denominator;
  int scale = dividend.scale_ - divisor.scale_;  // negative: the quotient is a multiple of 10^-scale
  while (remainder != 0 && scale < max_scale) {
    const Coefficient shifted = remainder * 10;  // remainder < denominator < 10^36
    const Coefficient digit = shifted / denominator;
    if (quotient > (max_coefficient - digit) / 10) {
      // The next digit would need a 37th significant digit.
      if (scale < 0) throw_out_of_range();  // ... and it is still in the integer part
      break;                                // ... in the fraction: round here
    }
    quotient = quotient * 10 + digit;
    remainder = shifted % denominator;
    ++scale;
  }
  if (remainder != 0 && remainder * 2 >= denominator) ++quotient;  // half-up (away from zero)
  return Decimal::checked(negative ? -quotient : quotient, scale).normalized();
}

namespace {

// `coefficient` divided by `divisor` (a power of ten), rounded by `mode`: the
// coefficient of a rounded Decimal. A template so that everyday amounts divide in
// 64 bits, one instruction, where 128-bit division and remainder are library calls.
template <typename Integer>
Integer rounded_quotient(Integer coefficient, Integer divisor, RoundingMode mode) {
  Integer quotient = coefficient / divisor;
  const Integer remainder = coefficient % divisor;
  const Integer magnitude = remainder < 0 ? -remainder : remainder;
  bool away = false;
  switch (mode) {
    case RoundingMode::half_up: away = magnitude * 2 >= divisor; break;
    case RoundingMode::half_even:
      away = magnitude * 2 > divisor || (magnitude * 2 == divisor && quotient % 2 != 0);
      break;
    case RoundingMode::down: away = false; break;
    case RoundingMode::up: away = magnitude != 0; break;
  }
  if (away) quotient += coefficient < 0 ? -1 : 1;
  return quotient;
}

}  // namespace

Decimal Decimal::rounded(int digits, RoundingMode mode) const {
  if (scale_ <= digits) return *this;
  // Beyond 10^37 a larger divisor changes nothing: the quotient is 0, the remainder
  // is the whole coefficient and is less than half the divisor. Capping the shift
  // keeps the power of ten within 128 bits.
  const long long shift = std::min(static_cast<long long>(scale_) - digits, 37LL);
  // Negative `digits` (to tens, hundreds, ...) give a plain integer, never a negative scale.
  // Within 64 bits twice the remainder, below 2 × 10^18, cannot overflow.
  if (fits_in_64_bits(coefficient_) && shift < static_cast<long long>(small_powers_of_ten.size())) {
    const std::int64_t divisor = small_powers_of_ten[static_cast<std::size_t>(shift)];
    return from_parts(rounded_quotient(static_cast<std::int64_t>(coefficient_), divisor, mode), digits);
  }
  return from_parts(rounded_quotient(coefficient_, power_of_ten(static_cast<int>(shift)), mode), digits);
}

Decimal Decimal::with_scale_at_least(int digits) const {
  if (scale_ >= digits) return *this;
  if (digits > max_scale) throw DecimalOverflow("the number has more than 30 decimals");
  return checked(rescale_up(coefficient_, scale_, digits), digits);
}

Decimal Decimal::normalized() const {
  if (coefficient_ == 0) return Decimal(0, 0);
  if (fits_in_64_bits(coefficient_)) {
    auto coefficient = static_cast<std::int64_t>(coefficient_);
    int dropped = trailing_zeros(coefficient, scale_);
    return Decimal(coefficient / static_cast<std::int64_t>(power_of_ten(dropped)), scale_ - dropped);
  }
  int dropped = trailing_zeros(coefficient_, scale_);
  return Decimal(coefficient_ / power_of_ten(dropped), scale_ - dropped);
}

std::strong_ordering Decimal::compare_scaled(const Decimal& a, const Decimal& b) {
  // Everyday amounts are compared inline (operator<=>). Others: signs first,
  // then the rescaled magnitudes; rescaling a normalized coefficient fits
  // because both are below 10^36 and scales differ by <= 30.
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
  std::string text;
  append_to(text);
  return text;
}

void Decimal::append_to(std::string& out) const {
  // Digits are produced from the right into a fixed buffer: 36 digits, a point,
  // up to 30 leading zeros and a sign fit in 80 characters.
  char buffer[80];
  char* end = buffer + sizeof buffer;
  char* at = end;
  Coefficient magnitude = coefficient_ < 0 ? -coefficient_ : coefficient_;
  // The decimals first, then the point, then the integer part (at least "0").
  auto produce = [&](auto digits) {
    if (scale_ > 0) {
      for (int decimal = 0; decimal < scale_; ++decimal, digits /= 10) {
        *--at = static_cast<char>('0' + static_cast<int>(digits % 10));
      }
      *--at = '.';
    }
    do {
      *--at = static_cast<char>('0' + static_cast<int>(digits % 10));
      digits /= 10;
    } while (digits > 0);
  };
  // Almost every amount fits 64 bits, whose division is a single instruction;
  // 128-bit division is a library call.
  if (magnitude <= std::numeric_limits<std::uint64_t>::max()) {
    produce(static_cast<std::uint64_t>(magnitude));
  } else {
    produce(magnitude);
  }
  if (coefficient_ < 0) *--at = '-';
  out.append(at, end);
}

std::string Decimal::to_fixed(int digits) const {
  return rounded(digits, RoundingMode::half_up).with_scale_at_least(digits).to_string();
}

Decimal min(const Decimal& a, const Decimal& b) { return b < a ? b : a; }
Decimal max(const Decimal& a, const Decimal& b) { return a < b ? b : a; }

}  // namespace clause
