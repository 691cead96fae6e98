// clause diff OLD NEW: what changed between two versions of a policy, by meaning;
// witness enterprises on which they pay differently; with --population, the
// budget under each. Exit status like diff(1): 0 no rule change, 1 changes, 2 errors.

#include <cstdlib>
#include <fmt/format.h>
#include <unistd.h>

#include "interpreter/cli/cli_support.hpp"
#include "interpreter/cli/commands.hpp"
#include "interpreter/cli/output_file.hpp"
#include "interpreter/diff_report.hpp"
#include "interpreter/population.hpp"

namespace clause::cli {
namespace {

struct DiffOptions {
  std::string old_policy;
  std::string new_policy;
  std::string population;
  std::string format = "text";
  std::string output;
  int witnesses_per_article = 3;
};

// Each line of the population read by each version's own reader (their facts may
// differ) and evaluated by each; false with `error` when the file cannot be read.
bool add_population(const std::string& path, const Evaluator& old_version, const Evaluator& new_version, Impact& impact,
                    std::string& error) {
  FactsReader old_reader(old_version.program().schema);
  FactsReader new_reader(new_version.program().schema);
  return for_each_facts_record(path, error, [&](int line, std::string_view text) {
    impact.add(evaluate_record(old_version, old_reader, line, text, false), evaluate_record(new_version, new_reader, line, text, false));
  });
}

bool color_wanted(const DiffOptions& options) {
  return options.format == "text" && options.output.empty() && isatty(STDOUT_FILENO) && std::getenv("NO_COLOR") == nullptr;
}

int run_diff(const DiffOptions& options) {
  LoadedPolicy old_policy = load_and_report(options.old_policy, stderr, false);
  LoadedPolicy new_policy = load_and_report(options.new_policy, stderr, false);
  for (const LoadedPolicy* loaded : {&old_policy, &new_policy}) {
    if (!loaded->program || loaded->errors > 0) return exit_usage;
  }
  DiffReport report;
  report.old_path = options.old_policy;
  report.new_path = options.new_policy;
  report.old_program = old_policy.program.get();
  report.new_program = new_policy.program.get();
  report.diff = diff_policies(*old_policy.program, *new_policy.program);
  report.changed_articles = report.diff.changed_articles(*old_policy.program, *new_policy.program);
  Evaluator old_version(old_policy.program);
  Evaluator new_version(new_policy.program);
  if (report.diff.has_rule_changes() && options.witnesses_per_article > 0) {
    report.witnesses = find_witnesses(old_version, new_version, report.changed_articles, options.witnesses_per_article);
  }
  std::string error;
  if (!options.population.empty()) {
    report.population_path = options.population;
    report.impact.emplace();
    try {
      if (!add_population(options.population, old_version, new_version, *report.impact, error)) {
        fmt::print(stderr, "error: {}\n", error);
        return exit_usage;
      }
    } catch (const DecimalOverflow& overflow) {
      fmt::print(stderr, "error: {}: a budget goes beyond the exact range: {}\n", options.population, overflow.what());
      return exit_usage;
    }
  }

  std::string text = options.format == "json" ? diff_report_json(report)
                     : options.format == "html" ? diff_report_html(report)
                                                : diff_report_text(report, color_wanted(options));
  OutputFile output;
  if (!output.open(options.output, error)) {
    fmt::print(stderr, "error: {}\n", error);
    return exit_usage;
  }
  output.write(text);
  if (!output.commit(error)) {
    fmt::print(stderr, "error: {}\n", error);
    return exit_usage;
  }
  return report.diff.has_rule_changes() ? exit_failed : exit_ok;
}

}  // namespace

void add_diff_command(CLI::App& app, int& exit_status) {
  auto* command = app.add_subcommand("diff", "Compare two versions of a policy: rule changes, witnesses, population impact");
  auto options = std::make_shared<DiffOptions>();
  command->add_option("OLD", options->old_policy, "the old version (.clause)")->required();
  command->add_option("NEW", options->new_policy, "the new version (.clause)")->required();
  command->add_option("--population", options->population, "facts of a population (JSON Lines): the budget under each version");
  command->add_option("--format", options->format, "text (default), json or html")->check(CLI::IsMember({"text", "json", "html"}));
  command->add_option("--witnesses", options->witnesses_per_article, "witness enterprises per changed article (default 3)")
      ->check(CLI::Range(0, 50));
  command->add_option("-o,--output", options->output, "write the report to FILE instead of standard output");
  command->callback([options, &exit_status] { exit_status = run_diff(*options); });
}

}  // namespace clause::cli
