#include "interpreter/types.hpp"

namespace clause {

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
