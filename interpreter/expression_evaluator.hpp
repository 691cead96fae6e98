#pragma once
// Exact evaluation of expressions over one set of facts.
//
// Values live in slots (lets and bound variables) numbered by the checker, so
// evaluation looks nothing up by name. When a trace is attached, brackets and
// table lookups record the step they took, for the why.

#include <array>
#include <string>
#include <vector>

#include "interpreter/checked_program.hpp"
#include "interpreter/evaluation_result.hpp"
#include "interpreter/expression_index.hpp"

namespace clause {

class ExpressionEvaluator {
 public:
  // `slots` is working storage the caller may reuse across evaluations; it is reset here.
  ExpressionEvaluator(const CheckedProgram& program, const ExpressionIndex& index,
                      const std::vector<Value>& parameter_values, const RecordValue& facts, std::vector<Value>& slots);

  Value evaluate(const syntax::Expr& expr);
  bool condition(const syntax::Expr& expr) {
    Value computed;
    return operand(expr, computed).as_bool();
  }
  Decimal number(const syntax::Expr& expr) {
    Value computed;
    return operand(expr, computed).as_decimal();
  }

  void bind(int slot, Value value) { slots_[static_cast<std::size_t>(slot)] = std::move(value); }
  const Value& slot_value(int slot) const { return slots_[static_cast<std::size_t>(slot)]; }
  // Steps taken by brackets and table lookups go here while set (nullptr: none).
  void trace_into(std::vector<WhyStep>* trace) { trace_ = trace; }

  // "invested = 350000.00, info_rate = 10%": the values of the facts, parameters
  // and lets an expression reads, for the why.
  std::string inputs_of(const syntax::Expr& expr);
  const std::string& text_of(const syntax::Expr& expr) const { return index_.texts[static_cast<std::size_t>(expr.id)]; }

 private:
  // Where a name or a field of one already lives (a fact, a parameter, a slot),
  // so reading it copies nothing; nullptr for anything that must be computed.
  const Value* place_of(const syntax::Expr& expr) const;
  // The value of `expr`: in place when it has one, else computed into `computed`.
  const Value& operand(const syntax::Expr& expr, Value& computed);
  Value evaluate_name(const syntax::Expr& expr);
  // False for a variable not bound yet (a lambda's parameter outside its call).
  bool has_value(const syntax::Expr& expr) const;
  Value evaluate_binary(const syntax::Expr& expr, const syntax::Binary& binary);
  Value evaluate_call(const syntax::Expr& expr, const syntax::Call& call);
  Value evaluate_aggregate(const syntax::Expr& expr, const syntax::Call& call, Builtin builtin);
  Value evaluate_lookup(const syntax::Expr& expr, const syntax::TableLookup& lookup);
  // "kind, level" as the why shows a table's keys.
  std::string key_names(const CheckedTable& table, const syntax::TableLookup& lookup, const std::array<int, 2>& members) const;
  Value evaluate_brackets(const syntax::Expr& expr, const syntax::Brackets& brackets);
  Value evaluate_tiers(const syntax::Expr& expr, const syntax::Tiers& tiers);
  bool in_interval(const Value& value, const syntax::Interval& interval);
  std::string show_interval(const syntax::Interval& interval);
  [[noreturn]] void fail(const syntax::Expr& expr, std::string_view what);

  const CheckedProgram& program_;
  const ExpressionIndex& index_;
  const std::vector<Value>& parameter_values_;
  const RecordValue& facts_;
  std::vector<Value>& slots_;
  std::vector<WhyStep>* trace_ = nullptr;
};

// Thrown by the evaluator; the CLI turns it into an error for the record.
struct EvaluationFailure {
  EvaluationError error;
};

bool values_equal(const Value& a, const Value& b);

}  // namespace clause
