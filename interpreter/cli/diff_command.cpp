// clause diff OLD NEW: what changed between two versions of a policy, by meaning;
// witness enterprises on which they pay differently; with --population, the
// budget under each. Exit status like diff(1): 0 no rule change, 1 changes, 2 errors.

#include <cstdlib>
#include <fmt/format.h>
#include <unistd.h>

#include "interpreter/cli/cli_support.hpp"
#include "interpreter/cli/commands.hpp"
#include "interpreter/cli/population_input.hpp"
#include "interpreter/output_file.hpp"
#include "interpreter/diff_report.hpp"
#include "interpreter/policy_comparison.hpp"

namespace clause::cli {
namespace {

struct DiffOptions {
  std::string old_policy;
  std::string new_policy;
  std::string population;
  std::string format = "text";
  std::string output;
  int witnesses_per_article = 3;
  int threads = 0;
};

bool color_wanted(const DiffOptions& options) {
  return options.format == "text" && options.output.empty() && isatty(STDOUT_FILENO) && std::getenv("NO_COLOR") == nullptr;
}

int run_diff(const DiffOptions& options) {
  LoadedPolicy old_policy = load_and_report(options.old_policy, stderr, false);
  LoadedPolicy new_policy = load_and_report(options.new_policy, stderr, false);
  for (const LoadedPolicy* loaded : {&old_policy, &new_policy}) {
    if (!loaded->program || loaded->errors > 0) return exit_usage;
  }
  std::string error;
  // One enterprise is read whole; JSON Lines are streamed, so their length does not matter.
  std::optional<std::string> population_text;
  PopulationText population;
  PopulationInput input;
  if (!options.population.empty()) {
    population.path = options.population;
    population.threads = options.threads;
    population.single_document = is_single_document(options.population);
    bool opened = false;
    if (population.single_document) {
      population_text = read_facts_text(options.population, error);
      if ((opened = population_text.has_value())) population.text = *population_text;
    } else if ((opened = input.open(options.population, error))) {
      population.input = input.stream();
      population.progress = [&input](long lines) { input.report(lines); };
    }
    if (!opened) {
      fmt::print(stderr, "error: {}\n", error);
      return exit_usage;
    }
  }
  DiffReport report;
  try {
    report = compare_policies(old_policy.program, options.old_policy, new_policy.program, options.new_policy,
                              options.witnesses_per_article, options.population.empty() ? nullptr : &population);
    input.finish();
  } catch (const DecimalOverflow& overflow) {
    fmt::print(stderr, "error: {}: a budget goes beyond the exact range: {}\n", options.population, overflow.what());
    return exit_usage;
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
  command->add_option("--threads", options->threads, "worker threads for --population (default: one per core)")
      ->check(CLI::Range(1, 256));
  command->callback([options, &exit_status] { exit_status = run_diff(*options); });
}

}  // namespace clause::cli
