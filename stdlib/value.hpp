#pragma once
// Runtime values of the Clause language.
//
// One Value type serves money, rates, plain numbers and integers alike (all exact
// Decimals): the unit lives in the checked program's types, not in the value, so
// arithmetic on the hot path never branches on units.

#include <memory>
#include <string>
#include <variant>
#include <vector>

#include "stdlib/date.hpp"
#include "stdlib/decimal.hpp"

namespace clause {

struct Value;

// The absent value of an optional fact (`= none`).
struct NoneValue {
  friend bool operator==(NoneValue, NoneValue) { return true; }
};

// A member of a declared enum, by its position in the declaration.
struct EnumValue {
  int member = 0;
  friend bool operator==(EnumValue, EnumValue) = default;
};

// Fields in declaration order of the record type.
struct RecordValue {
  std::vector<Value> fields;
};

struct ListValue {
  std::vector<Value> items;
};

struct Value {
  std::variant<NoneValue, bool, Decimal, Date, std::string, EnumValue, std::shared_ptr<const RecordValue>,
               std::shared_ptr<const ListValue>>
      data;

  Value() = default;
  Value(NoneValue v) : data(v) {}
  Value(bool v) : data(v) {}
  Value(Decimal v) : data(v) {}
  Value(Date v) : data(v) {}
  Value(std::string v) : data(std::move(v)) {}
  Value(EnumValue v) : data(v) {}
  Value(std::shared_ptr<const RecordValue> v) : data(std::move(v)) {}
  Value(std::shared_ptr<const ListValue> v) : data(std::move(v)) {}

  bool is_none() const { return std::holds_alternative<NoneValue>(data); }
  bool as_bool() const { return std::get<bool>(data); }
  const Decimal& as_decimal() const { return std::get<Decimal>(data); }
  Date as_date() const { return std::get<Date>(data); }
  const std::string& as_text() const { return std::get<std::string>(data); }
  EnumValue as_enum() const { return std::get<EnumValue>(data); }
  const RecordValue& as_record() const { return *std::get<std::shared_ptr<const RecordValue>>(data); }
  const ListValue& as_list() const { return *std::get<std::shared_ptr<const ListValue>>(data); }
};

}  // namespace clause
