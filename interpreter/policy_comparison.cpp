#include "interpreter/policy_comparison.hpp"

#include <cstdio>
#include <memory>
#include <new>
#include <optional>

#include "interpreter/facts_reader.hpp"
#include "interpreter/population.hpp"

namespace clause {
namespace {

void add_population(const PopulationText& population, const Evaluator& old_version, const Evaluator& new_version,
                    Impact& impact) {
  FactsReader old_reader(old_version.program().schema);
  // Two versions that declare the same facts read them with one reader, which
  // the runner then reads each record with once for both.
  std::optional<FactsReader> own_new_reader;
  const FactsReader& new_reader = reads_alike(old_version.program().schema, new_version.program().schema)
                                      ? old_reader
                                      : own_new_reader.emplace(new_version.program().schema);
  if (population.single_document) {
    impact.add(evaluate_record(old_version, old_reader, 1, population.text, false),
               evaluate_record(new_version, new_reader, 1, population.text, false));
    return;
  }
  // JSON Lines go through the population runner, on every core, each record
  // read (once, or once per version) and evaluated by both while in cache.
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> from_text(nullptr, &std::fclose);
  std::FILE* input = population.input;
  if (!input) {
    if (population.text.empty()) return;  // no records (and fmemopen may refuse an empty buffer)
    from_text.reset(fmemopen(const_cast<char*>(population.text.data()), population.text.size(), "r"));
    if (!from_text) throw std::bad_alloc();  // fmemopen fails only for want of memory here
    input = from_text.get();
  }
  PopulationOptions options;
  options.threads = population.threads;
  options.explain = false;
  options.observe_results = true;  // the impact compares both results of each record
  PopulationRunner runner({{&old_version, &old_reader}, {&new_version, &new_reader}}, options);
  runner.run_versions(
      input, [&](std::span<const RecordOutcome> outcomes) { impact.add(outcomes[0], outcomes[1]); },
      population.progress);
}

}  // namespace

DiffReport compare_policies(const std::shared_ptr<const CheckedProgram>& old_program, std::string old_path,
                            const std::shared_ptr<const CheckedProgram>& new_program, std::string new_path,
                            int witnesses_per_article, const PopulationText* population) {
  DiffReport report;
  report.old_path = std::move(old_path);
  report.new_path = std::move(new_path);
  report.old_program = old_program.get();
  report.new_program = new_program.get();
  report.diff = diff_policies(*old_program, *new_program);
  report.changed_articles = report.diff.changed_articles(*old_program, *new_program);
  Evaluator old_version(old_program);
  Evaluator new_version(new_program);
  if (report.diff.has_rule_changes() && witnesses_per_article > 0) {
    report.witnesses = find_witnesses(old_version, new_version, report.changed_articles, witnesses_per_article);
  }
  if (population) {
    report.population_path = population->path;
    report.impact.emplace();
    add_population(*population, old_version, new_version, *report.impact);
  }
  return report;
}

}  // namespace clause
