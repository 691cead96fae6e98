#include "interpreter/diff_report.hpp"

#include <algorithm>

namespace clause {

std::string DiffReport::article_heading(const std::string& article) const {
  for (const CheckedProgram* program : {new_program, old_program}) {
    if (!program) continue;
    for (const CheckedMeasure& measure : program->measures) {
      if (measure.article == article) return article + " " + measure.title;
    }
    for (const CheckedBenefit& benefit : program->benefits) {
      if (benefit.article == article) return article + " " + benefit.title;
    }
    if (program->stacking && program->stacking->article == article) return article + " " + program->stacking->title;
    if (program->total_cap && program->total_cap->article == article) return article + " " + program->total_cap->title;
  }
  return article;
}

namespace {

std::string joined_quote(const syntax::Quote& quote) {
  std::string text;
  for (const std::string& line : quote.lines) text += (text.empty() ? "" : "\n") + line;
  return text;
}

}  // namespace

std::string DiffReport::article_quote(const std::string& article) const {
  for (const CheckedProgram* program : {new_program, old_program}) {
    if (!program) continue;
    for (const CheckedMeasure& measure : program->measures) {
      if (measure.article == article) return joined_quote(measure.declaration->quote);
    }
    for (const CheckedBenefit& benefit : program->benefits) {
      if (benefit.article == article) return joined_quote(benefit.declaration->quote);
    }
    if (program->stacking && program->stacking->article == article) return joined_quote(program->stacking->declaration->quote);
    if (program->total_cap && program->total_cap->article == article) return joined_quote(program->total_cap->declaration->quote);
  }
  return "";
}

std::vector<const RuleChange*> DiffReport::changes_affecting(const std::string& article) const {
  std::vector<const RuleChange*> changes;
  for (const RuleChange& change : diff.rules) {
    if (std::find(change.affects.begin(), change.affects.end(), article) != change.affects.end()) changes.push_back(&change);
  }
  return changes;
}

}  // namespace clause
