#pragma once
// The built-in functions of the language, by name. Their typing lives in the
// checker and their meaning in the evaluator; this is the one list of them.

#include <optional>
#include <string_view>

namespace clause {

enum class Builtin {
  sum,       // sum(list, x -> amount) or sum(list of numbers)
  count,     // count(list) or count(list, x -> condition)
  min,       // min(a, b, ...) or min(list, x -> value)
  max,       // max(a, b, ...) or max(list, x -> value)
  any,       // any(list, x -> condition)
  all,       // all(list, x -> condition)
  filter,    // filter(list, x -> condition)
  year,      // year(date): the calendar year
  in_force,  // in_force(date): the date lies in the policy's validity window
  abs,       // abs(x)
};

struct BuiltinInfo {
  Builtin builtin;
  std::string_view name;
  std::string_view signature;  // for messages and docs
};

inline constexpr BuiltinInfo builtins[] = {
    {Builtin::sum, "sum", "sum(list, x -> amount)"},
    {Builtin::count, "count", "count(list) or count(list, x -> condition)"},
    {Builtin::min, "min", "min(a, b, ...) or min(list, x -> value)"},
    {Builtin::max, "max", "max(a, b, ...) or max(list, x -> value)"},
    {Builtin::any, "any", "any(list, x -> condition)"},
    {Builtin::all, "all", "all(list, x -> condition)"},
    {Builtin::filter, "filter", "filter(list, x -> condition)"},
    {Builtin::year, "year", "year(date)"},
    {Builtin::in_force, "in_force", "in_force(date)"},
    {Builtin::abs, "abs", "abs(x)"},
};

inline std::optional<BuiltinInfo> find_builtin(std::string_view name) {
  for (const BuiltinInfo& info : builtins)
    if (info.name == name) return info;
  return std::nullopt;
}

}  // namespace clause
