#pragma once
// Values written out for people: money to the fen (more decimals only when
// exact arithmetic produced them), rates as percentages, enum members by name.
//
// Each comes appended to a text too: the why of a population run writes
// millions of values, straight into storage it reuses.

#include <string>

#include "interpreter/types.hpp"

namespace clause {

std::string format_value(const Value& value, const Type& type, const Schema& schema);
void append_value(const Value& value, const Type& type, const Schema& schema, std::string& out);
std::string format_money(const Decimal& amount);  // "35000.00"; "10000.002" keeps its exact digits
void append_money(const Decimal& amount, std::string& out);  // the same, appended to `out`
std::string format_rate(const Decimal& rate);     // 0.1 -> "10%"
void append_rate(const Decimal& rate, std::string& out);
// An item of a list, by the values of its fields: "smart_scenario, national, 2024-05-01, 智能排产"
// (empty texts and lists left out), so a reader can find it in the facts.
void append_item_description(const Value& item, const Type& type, const Schema& schema, std::string& out);

}  // namespace clause
