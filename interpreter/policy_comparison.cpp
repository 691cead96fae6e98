#include "interpreter/policy_comparison.hpp"

#include "interpreter/facts_reader.hpp"
#include "interpreter/population.hpp"

namespace clause {
namespace {

void add_population(const PopulationText& population, const Evaluator& old_version, const Evaluator& new_version,
                    Impact& impact) {
  FactsReader old_reader(old_version.program().schema);
  FactsReader new_reader(new_version.program().schema);
  auto add_record = [&](int line, std::string_view text) {
    impact.add(evaluate_record(old_version, old_reader, line, text, false),
               evaluate_record(new_version, new_reader, line, text, false));
  };
  if (population.single_document) {
    add_record(1, population.text);
  } else {
    for_each_json_line(population.text, add_record);
  }
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
