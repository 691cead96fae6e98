#pragma once
// Everything `clause diff` found, and its three renderings: a report for people
// (plain, or coloured for a terminal), JSON for programs, and a self-contained
// HTML page. Each renderer lives in its own diff_report_*.cpp.

#include <optional>
#include <string>
#include <vector>

#include "interpreter/checked_program.hpp"
#include "interpreter/impact.hpp"
#include "interpreter/policy_diff.hpp"
#include "interpreter/witnesses.hpp"

namespace clause {

struct DiffReport {
  std::string old_path;
  std::string new_path;
  const CheckedProgram* old_program = nullptr;
  const CheckedProgram* new_program = nullptr;
  PolicyDiff diff;
  std::vector<std::string> changed_articles;  // articles some rule change can affect
  WitnessSearch witnesses;
  std::string population_path;
  std::optional<Impact> impact;  // with --population: the population under each version

  // "一(二) 鼓励企业使用云服务": the article and its title, from the new version when it has it.
  std::string article_heading(const std::string& article) const;
  // The law's text quoted in the article (new version first), "" when none.
  std::string article_quote(const std::string& article) const;
  // The rule changes that can move an article's results.
  std::vector<const RuleChange*> changes_affecting(const std::string& article) const;
};

std::string diff_report_text(const DiffReport& report, bool color);
std::string diff_report_json(const DiffReport& report);
std::string diff_report_html(const DiffReport& report);

}  // namespace clause
