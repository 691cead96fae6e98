#include "interpreter/value_format.hpp"

#include <cstdint>

namespace clause {

std::string format_money(const Decimal& amount) {
  std::string text;
  append_money(amount, text);
  return text;
}

void append_money(const Decimal& amount, std::string& out) {
  // Most measures pay nothing: their zero needs no digits worked out.
  if (amount.is_zero()) {
    out += "0.00";
    return;
  }
  // The usual amount, rounded to the fen and far within 64 bits: written as
  // fen, its digits straight into place, with no normalizing on the way.
  constexpr Decimal::Coefficient largest_fast = 1'000'000'000'000'000;  // 10^15 yuan and more: the general path
  const Decimal::Coefficient coefficient = amount.coefficient();
  const Decimal::Coefficient magnitude = coefficient < 0 ? -coefficient : coefficient;
  if (amount.scale() <= 2 && magnitude < largest_fast) {
    std::uint64_t fen = static_cast<std::uint64_t>(magnitude) * (amount.scale() == 2 ? 1 : amount.scale() == 1 ? 10 : 100);
    char buffer[24];
    char* const end = buffer + sizeof buffer;
    char* at = end;
    for (int decimal = 0; decimal < 2; ++decimal, fen /= 10) *--at = static_cast<char>('0' + fen % 10);
    *--at = '.';
    do {
      *--at = static_cast<char>('0' + fen % 10);
      fen /= 10;
    } while (fen > 0);
    if (coefficient < 0) *--at = '-';
    out.append(at, end);
    return;
  }
  // Pad the digits as text: rescaling the coefficient could overflow for the
  // largest amounts, and printing must never fail.
  Decimal exact = amount.normalized();
  exact.append_to(out);
  if (exact.scale() == 0) out += ".00";
  if (exact.scale() == 1) out += '0';
}

std::string format_rate(const Decimal& rate) {
  std::string text;
  append_rate(rate, text);
  return text;
}

void append_rate(const Decimal& rate, std::string& out) {
  (rate * Decimal::from_integer(100)).normalized().append_to(out);
  out += '%';
}

std::string format_value(const Value& value, const Type& type, const Schema& schema) {
  std::string text;
  append_value(value, type, schema, text);
  return text;
}

void append_value(const Value& value, const Type& type, const Schema& schema, std::string& out) {
  if (value.is_none()) {
    out += "none";
    return;
  }
  if (type.list) {
    // The first few items, enough to redo a sum by hand for the lists policies have.
    constexpr std::size_t shown = 8;
    const auto& items = value.as_list().items;
    out += '[';
    for (std::size_t i = 0; i < items.size() && i < shown; ++i) {
      if (i) out += "; ";
      append_item_description(items[i], type.element(), schema, out);
    }
    if (items.size() > shown) {
      out += "; … ";
      out += std::to_string(items.size());
      out += " in all";
    }
    out += ']';
    return;
  }
  switch (type.kind) {
    case TypeKind::money: return append_money(value.as_decimal(), out);
    case TypeKind::rate: return append_rate(value.as_decimal(), out);
    case TypeKind::number:
    case TypeKind::integer: return value.as_decimal().normalized().append_to(out);
    case TypeKind::boolean: out += value.as_bool() ? "true" : "false"; return;
    case TypeKind::date: out += value.as_date().to_string(); return;
    case TypeKind::text:
      out += '"';
      out += value.as_text();
      out += '"';
      return;
    case TypeKind::enumeration:
      out += schema.enums.at(static_cast<std::size_t>(type.declaration)).members.at(static_cast<std::size_t>(value.as_enum().member));
      return;
    case TypeKind::record: out += schema.records.at(static_cast<std::size_t>(type.declaration)).name; return;
    default: out += '?';
  }
}

void append_item_description(const Value& item, const Type& type, const Schema& schema, std::string& out) {
  if (type.kind != TypeKind::record || item.is_none()) return append_value(item, type, schema, out);
  const RecordSchema& record = schema.records.at(static_cast<std::size_t>(type.declaration));
  bool first = true;
  for (std::size_t i = 0; i < record.fields.size(); ++i) {
    const Value& field = item.as_record().fields[i];
    const Type& field_type = record.fields[i].type;
    if (field.is_none() || field_type.list || field_type.kind == TypeKind::record) continue;
    if (field_type.kind == TypeKind::text && field.as_text().empty()) continue;
    if (!first) out += ", ";
    first = false;
    if (field_type.kind == TypeKind::text) {
      out += field.as_text();
    } else {
      append_value(field, field_type, schema, out);
    }
  }
}

}  // namespace clause
