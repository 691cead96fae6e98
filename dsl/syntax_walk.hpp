#pragma once
// Visits every expression of a syntax tree, parents before children: for passes
// that look at one kind of node wherever it stands (bracket analysis, lints).

#include <functional>

#include "dsl/syntax_tree.hpp"

namespace clause::syntax {

void walk_expression(const Expr& expr, const std::function<void(const Expr&)>& visit);
void walk_program(const Program& program, const std::function<void(const Expr&)>& visit);

}  // namespace clause::syntax
