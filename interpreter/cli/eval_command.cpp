// clause eval POLICY FACTS: the result of every record, in input order, one output
// line per non-blank input line (error objects for bad lines); or a summary.

#include <csignal>
#include <fmt/format.h>

#include "interpreter/cli/cli_support.hpp"
#include "interpreter/cli/commands.hpp"
#include "interpreter/cli/what_if_options.hpp"
#include "interpreter/output_file.hpp"
#include "interpreter/cli/population_input.hpp"
#include "interpreter/population.hpp"
#include "interpreter/result_writer.hpp"
#include "interpreter/summary.hpp"

namespace clause::cli {
namespace {

struct EvalOptions {
  std::string policy;
  std::string facts;
  std::string format;  // json, jsonl, table, csv; empty: json for a .json file, jsonl otherwise
  std::string language;
  WhatIfOptions what_if;  // --set
  std::string output;
  bool summary = false;
  int threads = 0;
};

std::atomic<bool> interrupted{false};

extern "C" void on_interrupt(int) { interrupted.store(true); }

// How one outcome is written, for each --format.
PopulationRunner::Render renderer(const std::string& format, Language language, std::size_t article_count) {
  if (format == "csv") {
    return [article_count](const RecordOutcome& outcome, std::string& out) {
      append_csv_row(outcome.ok ? &outcome.result : nullptr, outcome.line, outcome.error, article_count, out);
    };
  }
  if (format == "table") {
    return [language](const RecordOutcome& outcome, std::string& out) {
      out += outcome.ok ? result_table(outcome.result, language) : fmt::format("line {}: {}\n", outcome.line, outcome.error);
      out += '\n';
    };
  }
  bool pretty = format == "json";
  return [language, pretty](const RecordOutcome& outcome, std::string& out) {
    if (outcome.ok) {
      append_result_json(outcome.result, language, pretty, out);
    } else {
      out += error_json(outcome.line, outcome.error);
    }
    out += '\n';
  };
}

int run_eval(const EvalOptions& options) {
  LoadedPolicy loaded = load_and_report(options.policy, stderr, false);
  if (!loaded.program || loaded.errors > 0) return loaded.failure_status();
  int status = exit_ok;
  auto scenario = load_what_if(*loaded.program, options.what_if, status);
  if (!scenario) return status;
  Evaluator evaluator(loaded.program, scenario_parameters(*loaded.program, *scenario));
  FactsReader reader(loaded.program->schema);
  Language language = pick_language(options.language, *loaded.program);
  bool single = is_single_document(options.facts);
  std::string format = options.format.empty() ? (single ? "json" : "jsonl") : options.format;
  if (format == "json" && !single && !options.summary) {
    fmt::print(stderr, "error: --format json writes one .json document; a population is written as JSON Lines (--format jsonl)\n");
    return exit_usage;
  }

  std::vector<std::string> articles;
  for (const CheckedMeasure& measure : loaded.program->measures) articles.push_back(measure.article);
  std::string error;
  OutputFile output;
  if (!output.open(options.output, error)) {
    fmt::print(stderr, "error: {}\n", error);
    return exit_usage;
  }
  PopulationInput input;
  if (!input.open(options.facts, error)) {
    fmt::print(stderr, "error: {}\n", error);
    return exit_usage;
  }

  PopulationOptions population;
  population.threads = options.threads;
  population.stop = &interrupted;
  population.explain = !options.summary && format != "csv";
  population.observe_results = false;  // counting bad lines reads no result
  Summary summary;
  if (options.summary) population.summary = &summary;
  PopulationRunner runner(evaluator, reader, population);
  long bad_lines = 0;
  auto observe = [&](const RecordOutcome& outcome) {
    if (!outcome.ok) ++bad_lines;
  };
  // A summary writes no line per record: no renderer, and the runner makes no call.
  const PopulationRunner::Render render =
      options.summary ? PopulationRunner::Render() : renderer(format, language, articles.size());
  if (format == "csv" && !options.summary) output.write(csv_header(articles));

  bool completed = true;
  if (single) {
    std::string text;
    auto content = read_file(options.facts, error);
    RecordOutcome outcome = runner.evaluate(1, content ? *content : std::string());
    observe(outcome);
    if (options.summary) summary.add(outcome);
    if (render) render(outcome, text);
    output.write(text);
  } else {
    std::signal(SIGINT, on_interrupt);
    std::signal(SIGTERM, on_interrupt);
    completed = runner.run(
        input.stream(), render, observe, [&](std::string_view text) { output.write(text); },
        [&](long lines) { input.report(lines); });
    input.finish();
  }
  if (!completed) {
    output.abandon();
    fmt::print(stderr, "interrupted: no output was written\n");
    return 130;
  }
  if (options.summary) output.write(format == "json" ? summary.to_json() + "\n" : summary.to_table(language == Language::zh));
  if (!output.commit(error)) {
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
  command->add_option("--format", options->format,
                      "json, jsonl, table or csv (default: json for .json, jsonl otherwise); with --summary: table or json")
      ->check(CLI::IsMember({"json", "jsonl", "table", "csv"}));
  command->add_option("--lang", options->language, "language of the why: zh or en (default: the policy's)")
      ->check(CLI::IsMember({"zh", "en"}));
  command->add_flag("--summary", options->summary,
                    "per article: recipients, total and largest award; the grand total; bad lines");
  command->add_option("-o,--output", options->output, "write to FILE: the whole output or nothing");
  command->add_option("--threads", options->threads, "worker threads (default: one per core)")->check(CLI::Range(1, 256));
  add_set_option(*command, options->what_if);
  command->callback([options, &exit_status] { exit_status = run_eval(*options); });
}

}  // namespace clause::cli
