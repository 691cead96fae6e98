#pragma once
// What the why needs of each expression, worked out once per program rather
// than once per enterprise: its source text on one line, and the sub-expressions
// whose values it shows ("invested = 350000.00, info_rate = 10%").

#include <string>
#include <vector>

#include "interpreter/checked_program.hpp"

namespace clause {

struct ExpressionIndex {
  std::vector<std::string> texts;                         // by ExprId
  std::vector<std::vector<const syntax::Expr*>> inputs;   // by ExprId: facts, parameters, lets, fields it reads

  explicit ExpressionIndex(const CheckedProgram& program);
};

}  // namespace clause
