#include "interpreter/policy_diff.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <map>
#include <set>

#include "dsl/source_text.hpp"
#include "dsl/syntax_printer.hpp"
#include "dsl/syntax_walk.hpp"
#include "interpreter/policy_differ.hpp"
#include "interpreter/value_format.hpp"

namespace clause {

std::string_view rule_change_kind_name(RuleChangeKind kind) {
  switch (kind) {
    case RuleChangeKind::header: return "header";
    case RuleChangeKind::enumeration: return "enum";
    case RuleChangeKind::record: return "record";
    case RuleChangeKind::parameter: return "param";
    case RuleChangeKind::table_cell: return "table";
    case RuleChangeKind::let: return "let";
    case RuleChangeKind::measure_added: return "measure_added";
    case RuleChangeKind::measure_removed: return "measure_removed";
    case RuleChangeKind::measure_renamed: return "measure_renamed";
    case RuleChangeKind::measure_clause: return "measure";
    case RuleChangeKind::benefit: return "benefit";
    case RuleChangeKind::stacking: return "stacking";
    case RuleChangeKind::total_cap: return "total_cap";
  }
  return "?";
}

namespace differ {
namespace {

void collect_names(const syntax::Expr& expr, NameSet& names) {
  syntax::walk_expression(expr, [&names](const syntax::Expr& node) {
    if (const auto* name = std::get_if<syntax::NameRef>(&node.kind)) names.insert(name->name);
    if (const auto* field = std::get_if<syntax::FieldAccess>(&node.kind)) names.insert(field->field.name);
    if (const auto* lookup = std::get_if<syntax::TableLookup>(&node.kind)) names.insert(lookup->table.name);
  });
}

void collect_names(const syntax::ExprPtr& expr, NameSet& names) {
  if (expr) collect_names(*expr, names);
}

void collect_names(const syntax::MeasureDecl& measure, NameSet& names) {
  for (const syntax::LetDecl& let : measure.lets) collect_names(let.value, names);
  for (const syntax::ExprPtr& condition : measure.conditions) collect_names(condition, names);
  if (measure.for_each) {
    collect_names(measure.for_each->list, names);
    collect_names(measure.for_each->where, names);
    collect_names(measure.for_each->keep_highest, names);
  }
  collect_names(measure.project, names);
  collect_names(measure.amount, names);
  for (const syntax::Cap& cap : measure.caps) {
    collect_names(cap.limit, names);
    collect_names(cap.already_paid, names);
  }
}

// Adds what the top-level lets and params named in `names` read, until nothing new comes in.
void close_over_globals(const CheckedProgram& program, NameSet& names) {
  std::map<std::string, NameSet> global_reads;
  for (const CheckedLet& let : program.lets) collect_names(let.declaration->value, global_reads[let.name]);
  for (const CheckedParam& param : program.params) collect_names(param.declaration->value, global_reads[param.name]);
  std::vector<std::string> pending(names.begin(), names.end());
  while (!pending.empty()) {
    std::string name = pending.back();
    pending.pop_back();
    auto found = global_reads.find(name);
    if (found == global_reads.end()) continue;
    for (const std::string& read : found->second) {
      if (names.insert(read).second) pending.push_back(read);
    }
  }
}

}  // namespace

std::map<std::string, NameSet> names_by_article(const CheckedProgram& program) {
  std::map<std::string, NameSet> result;
  for (const CheckedMeasure& measure : program.measures) collect_names(*measure.declaration, result[measure.article]);
  for (const CheckedBenefit& benefit : program.benefits) {
    NameSet& names = result[benefit.article];
    for (const syntax::LetDecl& let : benefit.declaration->lets) collect_names(let.value, names);
    for (const syntax::ExprPtr& condition : benefit.declaration->conditions) collect_names(condition, names);
  }
  if (program.total_cap) collect_names(program.total_cap->declaration->limit, result[program.total_cap->article]);
  if (program.stacking && program.stacking->declaration->against) {
    const syntax::AgainstOther& against = *program.stacking->declaration->against;
    NameSet& names = result[program.stacking->article];
    collect_names(against.list, names);
    collect_names(against.project, names);
    collect_names(against.amount, names);
  }
  for (auto& [article, names] : result) close_over_globals(program, names);
  return result;
}

// Every article of a version, in document order: measures, benefits, stacking, total cap.
std::vector<std::string> articles_of(const CheckedProgram& program) {
  std::vector<std::string> articles;
  for (const CheckedMeasure& measure : program.measures) articles.push_back(measure.article);
  for (const CheckedBenefit& benefit : program.benefits) articles.push_back(benefit.article);
  if (program.stacking) articles.push_back(program.stacking->article);
  if (program.total_cap) articles.push_back(program.total_cap->article);
  return articles;
}

std::string type_ref_text(const syntax::TypeRef& type) {
  return (type.list ? "list of " : "") + type.base.name + (type.optional ? "?" : "");
}

std::string quote_text(const syntax::Quote& quote) {
  std::string text;
  for (const std::string& line : quote.lines) text += (text.empty() ? "" : "\n") + line;
  return text;
}

std::string validity_text(const std::optional<syntax::ValidityWindow>& window) {
  return window ? fmt::format("valid {} to {}", window->from.to_string(), window->to.to_string()) : "";
}

std::string for_each_text(const std::optional<syntax::ForEach>& for_each) {
  if (!for_each) return "";
  std::string text = fmt::format("for each {} in {}", for_each->variable.name, syntax::canonical_text(*for_each->list));
  if (for_each->where) text += " where " + syntax::canonical_text(*for_each->where);
  if (for_each->keep_highest) text += " keep highest by " + syntax::canonical_text(*for_each->keep_highest);
  return text;
}

std::string cap_text(const syntax::Cap& cap) {
  return cap.already_paid ? fmt::format("cumulative cap {} paid {}", syntax::canonical_text(*cap.limit),
                                        syntax::canonical_text(*cap.already_paid))
                          : "cap " + syntax::canonical_text(*cap.limit);
}

// What a measure does, without its label, title or quote: two measures with the
// same signature are the same rule, whatever they are called.
std::string measure_signature(const syntax::MeasureDecl& measure) {
  std::string signature = for_each_text(measure.for_each) + "|" + syntax::canonical_text_or_empty(measure.project) + "|" +
                          syntax::canonical_text_or_empty(measure.amount) + "|" + validity_text(measure.validity) + "|" +
                          measure.stacks_on;
  for (const syntax::LetDecl& let : measure.lets) signature += "|let " + let.name.name + "=" + syntax::canonical_text(*let.value);
  for (const syntax::ExprPtr& condition : measure.conditions) signature += "|when " + syntax::canonical_text(*condition);
  for (const syntax::Cap& cap : measure.caps) signature += "|" + cap_text(cap);
  return signature;
}

PolicyDiff Differ::run() {
  diff_.texts_identical = old_.program.source->text() == new_.program.source->text();
  compare_header();
  compare_enums();
  compare_records();
  compare_params();
  compare_tables();
  compare_lets();
  compare_measures();
  compare_benefits();
  compare_stacking();
  compare_total_cap();
  compare_free_quotes();
  compare_comments();
  compare_layout();
  note_layout_when_nothing_else_differs();
  return std::move(diff_);
}

void Differ::rule(RuleChangeKind kind, std::string article, std::string subject, const Written& before, const Written& after,
          std::vector<std::string> affects) {
  if (affects.empty() && !article.empty()) affects.push_back(article);
  diff_.rules.push_back(RuleChange{kind, std::move(article), std::move(subject), before.text, after.text, before.line,
                                   after.line, std::move(affects)});
}

// Of texts of several lines (quotes, comments), only the lines that differ are kept.
void Differ::wording(std::string where, std::string what, const Written& before, const Written& after) {
  std::string old_text = before.text;
  std::string new_text = after.text;
  if (!old_text.empty() && !new_text.empty()) drop_common_lines(old_text, new_text);
  diff_.wording.push_back(WordingChange{std::move(where), std::move(what), old_text, new_text, before.line, after.line});
}

void Differ::compare_wording(const std::string& where, const std::string& what, const Written& before, const Written& after) {
  if (before.meaning != after.meaning) wording(where, what, before, after);
}

// The articles of either version that read `name`.
std::vector<std::string> Differ::articles_reading(const std::string& name) const {
  std::vector<std::string> articles;
  for (const Version* version : {&new_, &old_}) {
    for (const std::string& article : articles_of(version->program)) {
      auto names = version->names_by_article.find(article);
      bool reads = names != version->names_by_article.end() && names->second.contains(name);
      if (reads && std::find(articles.begin(), articles.end(), article) == articles.end()) articles.push_back(article);
    }
  }
  return articles;
}

std::vector<std::string> Differ::every_article() const {
  std::vector<std::string> articles = articles_of(new_.program);
  for (const std::string& article : articles_of(old_.program)) {
    if (std::find(articles.begin(), articles.end(), article) == articles.end()) articles.push_back(article);
  }
  return articles;
}

}  // namespace differ

std::vector<std::string> PolicyDiff::changed_articles(const CheckedProgram& old_program, const CheckedProgram& new_program) const {
  std::vector<std::string> order = differ::articles_of(new_program);
  for (const std::string& article : differ::articles_of(old_program)) {
    if (std::find(order.begin(), order.end(), article) == order.end()) order.push_back(article);
  }
  std::vector<std::string> changed;
  for (const std::string& article : order) {
    bool affected = std::any_of(rules.begin(), rules.end(), [&](const RuleChange& change) {
      return std::find(change.affects.begin(), change.affects.end(), article) != change.affects.end();
    });
    if (affected) changed.push_back(article);
  }
  return changed;
}

PolicyDiff diff_policies(const CheckedProgram& old_program, const CheckedProgram& new_program) {
  return differ::Differ(old_program, new_program).run();
}

}  // namespace clause
