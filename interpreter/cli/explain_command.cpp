// clause explain POLICY FACTS [--measure ARTICLE]: the whole trace for people, each
// step beside the line of the policy it comes from.

#include <fmt/format.h>

#include "interpreter/cli/cli_support.hpp"
#include "interpreter/cli/commands.hpp"
#include "interpreter/cli/what_if_options.hpp"
#include "interpreter/evaluator.hpp"
#include "interpreter/population.hpp"
#include "interpreter/result_writer.hpp"
#include "interpreter/value_format.hpp"

namespace clause::cli {
namespace {

struct ExplainOptions {
  std::string policy;
  std::string facts;
  std::string measure;
  std::string language;
  WhatIfOptions what_if;  // --set
};

void print_explanation(const EvaluationResult& result, const CheckedProgram& program, const std::string& only_measure,
                       Language language) {
  bool zh = language == Language::zh;
  fmt::print("{} {}  {} {}  {} {}\n", zh ? "企业" : "enterprise", result.id, zh ? "年度" : "year", result.year,
             zh ? "合计" : "total", format_money(result.total));
  for (const MeasureResult& measure : result.measures) {
    if (!only_measure.empty() && measure.article != only_measure) continue;
    fmt::print("\n{} {}: {}\n", measure.article, measure.title, format_money(measure.amount));
    for (const WhyStep& step : measure.why) {
      fmt::print("  · {}\n", explain_step(step, language));
      std::string line = step_source_line(*program.source, step.span);
      if (!line.empty()) fmt::print("      {}\n", line);
    }
  }
  if (only_measure.empty() && !result.benefits.empty()) {
    fmt::print("\n{}: {}\n", zh ? "非资金支持" : "benefits", fmt::join(result.benefits, ", "));
  }
}

int run_explain(const ExplainOptions& options) {
  LoadedPolicy loaded = load_and_report(options.policy, stderr, false);
  if (!loaded.program || loaded.errors > 0) return loaded.failure_status();
  if (!options.measure.empty()) {
    bool known = false;
    for (const CheckedMeasure& measure : loaded.program->measures) known = known || measure.article == options.measure;
    if (!known) {
      fmt::print(stderr, "error: the policy has no measure {}\n", options.measure);
      return exit_usage;
    }
  }
  int status = exit_ok;
  auto scenario = load_what_if(*loaded.program, options.what_if, status);
  if (!scenario) return status;
  Evaluator evaluator(loaded.program, scenario_parameters(*loaded.program, *scenario));
  FactsReader reader(loaded.program->schema);
  Language language = pick_language(options.language, *loaded.program);
  int bad = 0;
  bool first = true;
  std::string error;
  bool read = for_each_facts_record(options.facts, error, [&](int line, std::string_view text) {
    if (!first) fmt::print("\n");
    first = false;
    RecordOutcome outcome = evaluate_record(evaluator, reader, line, text, true);
    if (outcome.ok) {
      print_explanation(outcome.result, *loaded.program, options.measure, language);
    } else {
      ++bad;
      fmt::print("line {}: {}\n", line, outcome.error);
    }
  });
  if (!read) {
    fmt::print(stderr, "error: {}\n", error);
    return exit_usage;
  }
  return bad > 0 ? exit_failed : exit_ok;
}

}  // namespace

void add_explain_command(CLI::App& app, int& exit_status) {
  auto* command = app.add_subcommand("explain", "Explain every step of an evaluation, next to the policy line it comes from");
  auto options = std::make_shared<ExplainOptions>();
  command->add_option("POLICY", options->policy, "policy file (.clause)")->required();
  command->add_option("FACTS", options->facts, "facts: a .json object, a .jsonl population, or - for standard input")->required();
  command->add_option("--measure", options->measure, "only this measure, by its article label, e.g. 一(二)");
  command->add_option("--lang", options->language, "zh or en (default: the policy's language)")->check(CLI::IsMember({"zh", "en"}));
  add_set_option(*command, options->what_if);
  command->callback([options, &exit_status] { exit_status = run_explain(*options); });
}

}  // namespace clause::cli
