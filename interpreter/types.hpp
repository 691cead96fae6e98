#pragma once
// Types of the checked program, and the schema of the facts it reads.
//
// The checker turns the policy's enum, record and facts declarations into a
// Schema; the facts reader validates JSON against it and the evaluator reads
// fields by their index in it.

#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "stdlib/value.hpp"

namespace clause {

enum class TypeKind {
  error,        // the type of an expression the checker already reported
  money,        // yuan, exact to the fen in facts
  rate,         // a percentage: 10% is 0.1
  number,       // a plain exact number without unit
  integer,      // a whole number (years, counts)
  boolean,
  date,
  text,
  enumeration,  // declaration = index into Schema::enums
  record,       // declaration = index into Schema::records
  none,         // the literal `none`
};

struct Type {
  TypeKind kind = TypeKind::error;
  int declaration = -1;   // for enumeration and record
  bool list = false;      // a list of the element type described by the other fields
  bool optional = false;  // may hold none

  static Type of(TypeKind kind) { return Type{kind, -1, false, false}; }
  Type element() const { return Type{kind, declaration, false, false}; }
  Type as_list() const { return Type{kind, declaration, true, false}; }
  Type without_optional() const { return Type{kind, declaration, list, false}; }
  bool is_numeric() const {
    return !list && (kind == TypeKind::money || kind == TypeKind::rate || kind == TypeKind::number ||
                     kind == TypeKind::integer);
  }
  friend bool operator==(const Type&, const Type&) = default;
};

struct EnumSchema {
  std::string name;
  std::vector<std::string> members;
  std::vector<std::string> labels;  // a reader's label per member, "" when none was given
  std::optional<int> find(std::string_view member) const;
};

struct FieldSchema {
  std::string name;
  Type type;
  bool required = true;
  Value default_value;  // used when the field is absent or null and not required
  std::string description;
};

struct RecordSchema {
  std::string name;
  std::vector<FieldSchema> fields;
  std::optional<int> find(std::string_view field) const;
};

struct Schema {
  std::vector<EnumSchema> enums;
  std::vector<RecordSchema> records;
  int facts_record = -1;  // the record the facts JSON object maps onto

  const RecordSchema& facts() const { return records.at(static_cast<std::size_t>(facts_record)); }
};

// Whether facts read under either schema give the same values, and the same
// errors: the same enums, records and fields, with the same names, types,
// requirements and defaults, in the same order. Labels and descriptions may differ.
bool reads_alike(const Schema& a, const Schema& b);

// "money", "list of recognition", "level?" — as a policy writer would spell it.
std::string type_name(const Type& type, const Schema& schema);

}  // namespace clause
