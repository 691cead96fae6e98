#include "interpreter/value_format.hpp"

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
  // Zeros beyond the fen are dropped, then the fen padded: an amount with at
  // most two decimals (the usual, rounded one) needs no normalizing. Padding
  // as text, not by rescaling, since printing must never fail.
  const Decimal exact = amount.scale() <= 2 ? amount : amount.normalized();
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
