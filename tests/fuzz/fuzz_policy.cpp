// Fuzz target: any bytes as a policy file, through the parser, the checker and
// the lints, and every diagnostic rendered with its source line and caret.
//
// Nothing may crash, hang or trip a sanitizer; a policy that checks clean is also
// evaluated once on empty facts where the schema allows, so the checker's promises
// (every name resolved, every type known) are exercised by the evaluator.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <variant>

#include "dsl/diagnostics.hpp"
#include "interpreter/checker.hpp"
#include "interpreter/evaluator.hpp"
#include "interpreter/explanation.hpp"
#include "interpreter/expression_evaluator.hpp"
#include "interpreter/facts_reader.hpp"
#include "interpreter/lints.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto source = std::make_shared<const clause::SourceFile>(
      "fuzz.clause", std::string(reinterpret_cast<const char*>(data), size));
  clause::Diagnostics diagnostics;
  std::shared_ptr<const clause::CheckedProgram> program = clause::load_policy(source, diagnostics);
  for (const clause::Diagnostic& diagnostic : diagnostics.all()) {
    if (render(diagnostic, *source).empty()) __builtin_trap();
  }
  if (diagnostics.has_errors()) return 0;
  // `clause check` lints every policy without errors: the lints face any input too.
  clause::Diagnostics lints;
  clause::lint_program(*program, lints);
  for (const clause::Diagnostic& lint : lints.all()) {
    if (render(lint, *source).empty()) __builtin_trap();
  }
  // A clean program must evaluate whatever facts its schema accepts: try the
  // smallest record, which reads when every fact is optional or defaulted.
  clause::Evaluator evaluator(program);
  clause::FactsReader reader(program->schema);
  clause::FactsResult facts = reader.read("{}", 1);
  if (auto* record = std::get_if<clause::Value>(&facts)) {
    try {
      clause::EvaluationResult result = evaluator.evaluate(record->as_record(), true);
      for (const clause::MeasureResult& measure : result.measures)
        for (const clause::WhyStep& step : measure.why) (void)clause::explain_step(step, clause::Language::zh);
    } catch (const clause::EvaluationFailure&) {
      // An overflow or a division by zero is a result (an error naming the expression), not a crash.
    }
  }
  return 0;
}
