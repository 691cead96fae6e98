#pragma once
// The canonical text of an expression: what it means as written, independent of
// layout and comments, so two versions of a policy can be compared by meaning
// ("30万" and "300000元" print alike; spacing and line breaks do not show).

#include <string>
#include <string_view>

#include "dsl/syntax_tree.hpp"

namespace clause::syntax {

// The operator as it is written in a policy: "+", ">=", "and".
std::string_view binary_operator(BinaryOp op);

// One line; literals by value and unit (money as yuan, rates as percentages).
std::string canonical_text(const Expr& expr);
std::string canonical_text(const Interval& interval);
// "" for a null expression, so optional clauses compare simply.
std::string canonical_text_or_empty(const ExprPtr& expr);

}  // namespace clause::syntax
