#pragma once
// What the evaluator can know of each expression before any facts, worked out
// once per program rather than once per enterprise: the value of a literal or
// an enum member, and for the why its source text on one line and the
// sub-expressions whose values it shows ("invested = 350000.00, info_rate = 10%").

#include <string>
#include <vector>

#include "interpreter/checked_program.hpp"

namespace clause {

struct ExpressionIndex {
  std::vector<std::string> texts;                         // by ExprId
  std::vector<std::vector<const syntax::Expr*>> inputs;   // by ExprId: facts, parameters, lets, fields it reads
  std::vector<Value> constants;                           // by ExprId: a literal's or enum member's value
  std::vector<bool> is_constant;                          // by ExprId

  const Value* constant_of(const syntax::Expr& expr) const {
    auto id = static_cast<std::size_t>(expr.id);
    return is_constant[id] ? &constants[id] : nullptr;
  }

  explicit ExpressionIndex(const CheckedProgram& program);
};

}  // namespace clause
