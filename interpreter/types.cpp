#include "interpreter/types.hpp"

#include <algorithm>

namespace clause {

namespace {

// The same value, records and lists compared item by item (the language's `==`
// never compares them whole; a schema's defaults must be, here).
bool identical(const Value& a, const Value& b) {
  if (a.data.index() != b.data.index()) return false;
  if (const auto* record = std::get_if<std::shared_ptr<const RecordValue>>(&a.data)) {
    const auto& other = *std::get_if<std::shared_ptr<const RecordValue>>(&b.data);
    if (!*record || !other) return *record == other;
    return std::ranges::equal((*record)->fields, other->fields, identical);
  }
  if (const auto* list = std::get_if<std::shared_ptr<const ListValue>>(&a.data)) {
    const auto& other = *std::get_if<std::shared_ptr<const ListValue>>(&b.data);
    if (!*list || !other) return *list == other;
    return std::ranges::equal((*list)->items, other->items, identical);
  }
  return a.data == b.data;
}

bool same_enum(const EnumSchema& a, const EnumSchema& b) { return a.name == b.name && a.members == b.members; }

bool same_field(const FieldSchema& a, const FieldSchema& b) {
  return a.name == b.name && a.type == b.type && a.required == b.required &&
         identical(a.default_value, b.default_value);
}

bool same_record(const RecordSchema& a, const RecordSchema& b) {
  return a.name == b.name && std::ranges::equal(a.fields, b.fields, same_field);
}

}  // namespace

bool reads_alike(const Schema& a, const Schema& b) {
  return a.facts_record == b.facts_record && std::ranges::equal(a.enums, b.enums, same_enum) &&
         std::ranges::equal(a.records, b.records, same_record);
}

std::optional<int> EnumSchema::find(std::string_view member) const {
  for (std::size_t i = 0; i < members.size(); ++i) {
    if (members[i] == member) return static_cast<int>(i);
  }
  return std::nullopt;
}

std::optional<int> RecordSchema::find(std::string_view field) const {
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (fields[i].name == field) return static_cast<int>(i);
  }
  return std::nullopt;
}

std::string type_name(const Type& type, const Schema& schema) {
  std::string name;
  switch (type.kind) {
    case TypeKind::error: name = "<error>"; break;
    case TypeKind::money: name = "money"; break;
    case TypeKind::rate: name = "rate"; break;
    case TypeKind::number: name = "number"; break;
    case TypeKind::integer: name = "integer"; break;
    case TypeKind::boolean: name = "bool"; break;
    case TypeKind::date: name = "date"; break;
    case TypeKind::text: name = "text"; break;
    case TypeKind::none: name = "none"; break;
    case TypeKind::enumeration: name = schema.enums.at(static_cast<std::size_t>(type.declaration)).name; break;
    case TypeKind::record: name = schema.records.at(static_cast<std::size_t>(type.declaration)).name; break;
  }
  if (type.list) name = "list of " + name;
  if (type.optional) name += "?";
  return name;
}

}  // namespace clause
