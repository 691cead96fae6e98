#pragma once
// A value a person writes outside a policy (`--set cloud_cap=8万`, a scenario's
// `set facts.cloud_fee = 8万`), checked against the type of what it replaces.
//
// Stricter than a literal inside a policy in one way: a rate must be written with
// '%' (`30%`), since a bare `30` or `0.3` for a rate is exactly the slip a
// what-if must not let through silently.

#include <optional>

#include "dsl/diagnostics.hpp"
#include "dsl/syntax_tree.hpp"
#include "interpreter/types.hpp"

namespace clause {

// The literal as a value of `type`, or nullopt after reporting why it is not one
// (E0201 wrong type or unit, E0205 not a literal). `what` names the place: "parameter cloud_cap".
std::optional<Value> literal_value(const syntax::Expr& literal, const Type& type, const Schema& schema,
                                   std::string_view what, Diagnostics& diagnostics);

}  // namespace clause
