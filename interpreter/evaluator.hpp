#pragma once
// Checked program + facts → result with its why.
//
// The order of a policy's rules is fixed by the language, the order a careful
// reader of such policies expects:
//   1. each measure's amount, per item for `for each` measures, rounded once as
//      the policy declares;
//   2. the stacking rule (就高不重复): items sharing a project keep only the highest,
//      and yield to a higher or equal award from another policy;
//   3. each measure's caps, in the order written;
//   4. the total cap, allocated in its declared order.

#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "interpreter/checked_program.hpp"
#include "interpreter/evaluation_result.hpp"
#include "interpreter/expression_index.hpp"

namespace clause {

class Evaluator {
 public:
  explicit Evaluator(std::shared_ptr<const CheckedProgram> program);
  // Evaluates with other values for the policy's parameters (a what-if), one per
  // CheckedProgram::params entry, already checked for type and unit.
  Evaluator(std::shared_ptr<const CheckedProgram> program, std::vector<Value> parameter_values);

  // Throws EvaluationFailure when an expression cannot be evaluated (overflow,
  // division by zero); the message names the expression.
  // Without `explain`, the measures' why lists stay empty and no text is built.
  EvaluationResult evaluate(const RecordValue& facts, bool explain = true) const;
  // The same into `result`, reusing the storage it holds from an earlier record.
  void evaluate_into(const RecordValue& facts, bool explain, EvaluationResult& result) const;

  const CheckedProgram& program() const { return *program_; }
  const std::vector<Value>& parameter_values() const { return parameter_values_; }

 private:
  std::shared_ptr<const CheckedProgram> program_;
  std::vector<Value> parameter_values_;
  std::shared_ptr<const ExpressionIndex> index_;  // after the parameters: it writes out some of their values
  std::optional<int> id_field_;  // the facts' `id` field, named in every result
  std::uint64_t serial_;         // this evaluator's own number, never reused: see EvaluationResult::laid_out_by
};

}  // namespace clause
