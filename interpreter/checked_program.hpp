#pragma once
// The checked program: the syntax tree plus everything the checker learned about
// it, in side tables keyed by expression id (the tree itself is never mutated).
// The evaluator needs nothing else.

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "dsl/source.hpp"
#include "dsl/syntax_tree.hpp"
#include "interpreter/types.hpp"
#include "stdlib/builtins.hpp"

namespace clause {

// What a name in an expression stands for.
enum class ReferenceKind {
  unresolved,
  fact,         // index: field of the facts record
  param,        // index: CheckedProgram::params
  slot,         // index: evaluation slot (global let, measure let, or a bound variable)
  enum_member,  // index: enum declaration, member: its member
  builtin,      // builtin: which function (for Call nodes)
};

struct Reference {
  ReferenceKind kind = ReferenceKind::unresolved;
  int index = -1;
  int member = -1;
  Builtin builtin = Builtin::sum;
};

struct CheckedParam {
  std::string name;
  Type type;
  Value value;
  const syntax::ParamDecl* declaration = nullptr;
};

// A table's cells, row-major over (first key member, second key member); a cell
// without a value is "not covered", which is not the same as 0.
struct CheckedTable {
  std::string name;
  std::vector<int> key_enums;  // one or two enum indices
  Type value_type;
  std::vector<std::optional<Value>> cells;
  std::vector<Span> cell_spans;
  const syntax::TableDecl* declaration = nullptr;
  int columns() const { return cells.empty() ? 1 : static_cast<int>(cell_spans.size() / row_count); }
  std::size_t row_count = 1;
  int cell_index(int row, int column) const { return row * columns() + column; }
};

struct CheckedLet {
  std::string name;
  int slot = -1;
  const syntax::LetDecl* declaration = nullptr;
};

struct CheckedMeasure {
  std::string article;
  std::string title;
  const syntax::MeasureDecl* declaration = nullptr;
  std::vector<CheckedLet> lets;
  int item_slot = -1;  // slot of the `for each` variable
};

struct CheckedBenefit {
  std::string article;
  std::string title;
  std::string benefit;
  const syntax::BenefitDecl* declaration = nullptr;
  std::vector<CheckedLet> lets;
};

struct CheckedStacking {
  std::string article;
  std::string title;
  const syntax::StackingDecl* declaration = nullptr;
  int against_slot = -1;
};

struct CheckedTotalCap {
  std::string article;
  std::string title;
  const syntax::TotalCapDecl* declaration = nullptr;
  std::vector<int> allocation_order;  // measure indices
};

struct PolicyInfo {
  std::string title;
  std::string document;
  std::optional<Date> issued;
  Date valid_from;
  Date valid_to;
  RoundingMode rounding = RoundingMode::half_up;
  int rounding_digits = 2;
  std::string language = "zh";
};

struct CheckedProgram {
  std::shared_ptr<const SourceFile> source;
  syntax::Program syntax;
  PolicyInfo policy;
  Schema schema;

  std::vector<Type> expression_types;       // by ExprId
  std::vector<Reference> references;        // by ExprId, for names, calls and lookups
  std::vector<int> table_of_lookup;         // by ExprId: CheckedTables index for TableLookup nodes
  std::vector<int> lambda_slots;            // by ExprId: slot of a Lambda's parameter

  std::vector<CheckedParam> params;
  std::vector<CheckedTable> tables;
  std::vector<CheckedLet> lets;  // top-level, in declaration order
  std::vector<CheckedMeasure> measures;  // monetary measures in document order
  std::vector<CheckedBenefit> benefits;
  std::optional<CheckedStacking> stacking;
  std::optional<CheckedTotalCap> total_cap;
  int slot_count = 0;

  const Type& type_of(const syntax::Expr& expr) const { return expression_types[static_cast<std::size_t>(expr.id)]; }
  const Reference& reference_of(const syntax::Expr& expr) const { return references[static_cast<std::size_t>(expr.id)]; }
};

}  // namespace clause
