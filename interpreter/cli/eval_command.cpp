// clause eval POLICY FACTS: the result of every record, in input order, one output
// line per non-blank input line (error objects for bad lines).

#include <fmt/format.h>

#include "interpreter/cli/cli_support.hpp"
#include "interpreter/cli/commands.hpp"
#include "interpreter/evaluator.hpp"
#include "interpreter/expression_evaluator.hpp"
#include "interpreter/result_writer.hpp"

namespace clause::cli {
namespace {

struct EvalOptions {
  std::string policy;
  std::string facts;
  std::string format;  // json, jsonl, table; empty: json for a .json file, jsonl otherwise
  std::string language;
};

int run_eval(const EvalOptions& options) {
  LoadedPolicy loaded = load_and_report(options.policy, stderr, false);
  if (!loaded.program || loaded.errors > 0) return exit_failed;
  Evaluator evaluator(loaded.program);
  FactsReader reader(loaded.program->schema);
  Language language = pick_language(options.language, *loaded.program);
  std::string format = options.format.empty() ? (is_single_document(options.facts) ? "json" : "jsonl") : options.format;
  bool single = is_single_document(options.facts);
  int bad_lines = 0;
  std::string error;
  bool read = for_each_facts_record(options.facts, error, [&](int line, std::string_view text) {
    FactsResult facts = reader.read(text, line);
    if (auto* problem = std::get_if<FactsError>(&facts)) {
      ++bad_lines;
      fmt::print("{}\n", error_json(line, problem->to_string()));
      return;
    }
    try {
      EvaluationResult result = evaluator.evaluate(std::get<Value>(facts).as_record());
      if (format == "table") {
        fmt::print("{}\n", result_table(result, language));
      } else {
        fmt::print("{}\n", result_json(result, language, format == "json" && single));
      }
    } catch (const EvaluationFailure& failure) {
      ++bad_lines;
      fmt::print("{}\n", error_json(line, failure.error.message));
    }
  });
  if (!read) {
    fmt::print(stderr, "error: {}\n", error);
    return exit_usage;
  }
  return bad_lines > 0 ? exit_failed : exit_ok;
}

}  // namespace

void add_eval_command(CLI::App& app, int& exit_status) {
  auto* command = app.add_subcommand("eval", "Evaluate a policy for one enterprise (.json) or a population (.jsonl, - for stdin)");
  auto options = std::make_shared<EvalOptions>();
  command->add_option("POLICY", options->policy, "policy file (.clause)")->required();
  command->add_option("FACTS", options->facts, "facts: a .json object, a .jsonl population, or - for standard input")->required();
  command->add_option("--format", options->format, "json, jsonl or table (default: json for .json, jsonl otherwise)")
      ->check(CLI::IsMember({"json", "jsonl", "table"}));
  command->add_option("--lang", options->language, "language of the why: zh or en (default: the policy's)")
      ->check(CLI::IsMember({"zh", "en"}));
  command->callback([options, &exit_status] { exit_status = run_eval(*options); });
}

}  // namespace clause::cli
