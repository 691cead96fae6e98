#pragma once
// What the evaluator can know of each expression before any facts, worked out
// once per program rather than once per enterprise: the value of a literal or
// an enum member, and for the why its source text on one line and the
// sub-expressions whose values it shows ("invested = 350000.00, info_rate = 10%").

#include <string>
#include <vector>

#include "interpreter/checked_program.hpp"

namespace clause {

// Where an expression's value already lies, as far as the program tells: a
// name, or a chain of fields of one (`prior_awards.smart_scenario_total`), or a
// constant; `computed` for anything else.
enum class PlaceRoot : unsigned char { computed, fact, param, slot, constant };
struct PlacePath {
  PlaceRoot root = PlaceRoot::computed;
  int index = -1;        // of the fact, parameter or slot
  int first_field = 0;   // the fields, outermost first, in ExpressionIndex::place_fields
  int field_count = 0;
};

struct ExpressionIndex {
  std::vector<std::string> texts;                         // by ExprId
  std::vector<std::vector<const syntax::Expr*>> inputs;   // by ExprId: facts, parameters, lets, fields it reads
  std::vector<Value> constants;                           // by ExprId: a literal's or enum member's value
  std::vector<PlacePath> places;                          // by ExprId
  std::vector<int> place_fields;                          // field indices, for PlacePath
  std::vector<std::string> item_lists;                    // by measure: "list where condition", for the why of a `for each`

  explicit ExpressionIndex(const CheckedProgram& program);
};

}  // namespace clause
