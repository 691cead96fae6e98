#include "interpreter/value_format.hpp"

#include <fmt/format.h>

namespace clause {

std::string format_money(const Decimal& amount) {
  std::string text;
  append_money(amount, text);
  return text;
}

void append_money(const Decimal& amount, std::string& out) {
  // Pad the digits as text: rescaling the coefficient could overflow for the
  // largest amounts, and printing must never fail.
  Decimal exact = amount.normalized();
  exact.append_to(out);
  if (exact.scale() == 0) out += ".00";
  if (exact.scale() == 1) out += '0';
}

std::string format_rate(const Decimal& rate) {
  return (rate * Decimal::from_integer(100)).normalized().to_string() + "%";
}

std::string format_value(const Value& value, const Type& type, const Schema& schema) {
  if (value.is_none()) return "none";
  if (type.list) {
    // The first few items, enough to redo a sum by hand for the lists policies have.
    constexpr std::size_t shown = 8;
    const auto& items = value.as_list().items;
    std::vector<std::string> parts;
    for (std::size_t i = 0; i < items.size() && i < shown; ++i) parts.push_back(describe_item(items[i], type.element(), schema));
    if (items.size() > shown) parts.push_back(fmt::format("… {} in all", items.size()));
    return fmt::format("[{}]", fmt::join(parts, "; "));
  }
  switch (type.kind) {
    case TypeKind::money: return format_money(value.as_decimal());
    case TypeKind::rate: return format_rate(value.as_decimal());
    case TypeKind::number:
    case TypeKind::integer: return value.as_decimal().normalized().to_string();
    case TypeKind::boolean: return value.as_bool() ? "true" : "false";
    case TypeKind::date: return value.as_date().to_string();
    case TypeKind::text: return fmt::format("\"{}\"", value.as_text());
    case TypeKind::enumeration:
      return schema.enums.at(static_cast<std::size_t>(type.declaration)).members.at(static_cast<std::size_t>(value.as_enum().member));
    case TypeKind::record: return schema.records.at(static_cast<std::size_t>(type.declaration)).name;
    default: return "?";
  }
}

std::string describe_item(const Value& item, const Type& type, const Schema& schema) {
  if (type.kind != TypeKind::record || item.is_none()) return format_value(item, type, schema);
  const RecordSchema& record = schema.records.at(static_cast<std::size_t>(type.declaration));
  std::vector<std::string> parts;
  for (std::size_t i = 0; i < record.fields.size(); ++i) {
    const Value& field = item.as_record().fields[i];
    const Type& field_type = record.fields[i].type;
    if (field.is_none() || field_type.list || field_type.kind == TypeKind::record) continue;
    if (field_type.kind == TypeKind::text) {
      if (!field.as_text().empty()) parts.push_back(field.as_text());
      continue;
    }
    parts.push_back(format_value(field, field_type, schema));
  }
  return fmt::format("{}", fmt::join(parts, ", "));
}

}  // namespace clause
