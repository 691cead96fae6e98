// The report of `clause diff` for programs: one JSON document.

#include <fmt/format.h>

#include "interpreter/diff_report.hpp"
#include "interpreter/result_writer.hpp"
#include "interpreter/value_format.hpp"

namespace clause {
namespace {

std::string string_list(const std::vector<std::string>& items) {
  std::string out = "[";
  for (std::size_t i = 0; i < items.size(); ++i) out += (i ? "," : "") + json_string(items[i]);
  return out + "]";
}

// null for a side that does not have the clause, so "" never means "absent".
std::string side(const std::string& text, int line) { return line == 0 && text.empty() ? "null" : json_string(text); }

std::string rule_change_json(const RuleChange& change) {
  return fmt::format(R"({{"kind":{},"article":{},"subject":{},"old":{},"new":{},"old_line":{},"new_line":{},"affects":{}}})",
                     json_string(rule_change_kind_name(change.kind)), json_string(change.article), json_string(change.subject),
                     side(change.old_text, change.old_line), side(change.new_text, change.new_line), change.old_line, change.new_line,
                     string_list(change.affects));
}

std::string wording_change_json(const WordingChange& change) {
  return fmt::format(R"({{"where":{},"what":{},"old":{},"new":{},"old_line":{},"new_line":{}}})", json_string(change.where),
                     json_string(change.what), json_string(change.old_text), json_string(change.new_text), change.old_line,
                     change.new_line);
}

std::string witnesses_json(const WitnessSearch& search) {
  std::string list = "[";
  for (std::size_t i = 0; i < search.witnesses.size(); ++i) {
    const Witness& witness = search.witnesses[i];
    std::string differences = "[";
    for (std::size_t j = 0; j < witness.differences.size(); ++j) {
      const ArticleOutcome& outcome = witness.differences[j];
      differences += fmt::format(R"({}{{"article":{},"old":{},"new":{}}})", j ? "," : "", json_string(outcome.article),
                                 json_string(outcome.old_result), json_string(outcome.new_result));
    }
    differences += "]";
    list += fmt::format(R"({}{{"id":{},"changes":{},"facts":{},"differences":{}}})", i ? "," : "", json_string(witness.id),
                        string_list(witness.changes), witness.facts_json, differences);
  }
  list += "]";
  std::string by_article = "[";
  for (std::size_t i = 0; i < search.by_article.size(); ++i) {
    by_article += fmt::format(R"({}{{"article":{},"witnesses":{}}})", i ? "," : "", json_string(search.by_article[i].first),
                              string_list(search.by_article[i].second));
  }
  by_article += "]";
  return fmt::format(R"({{"base":{},"candidates_tried":{},"by_article":{},"list":{}}})", string_list(search.base),
                     search.candidates_tried, by_article, list);
}

std::string enterprise_changes_json(const std::vector<EnterpriseChange>& changes) {
  std::string out = "[";
  for (std::size_t i = 0; i < changes.size(); ++i) {
    const EnterpriseChange& change = changes[i];
    out += fmt::format(R"({}{{"id":{},"line":{},"old":"{}","new":"{}","difference":"{}"}})", i ? "," : "", json_string(change.id),
                       change.line, format_money(change.before), format_money(change.after), format_money(change.difference()));
  }
  return out + "]";
}

std::string population_json(const DiffReport& report) {
  const Impact& impact = *report.impact;
  std::string articles = "[";
  for (std::size_t i = 0; i < impact.articles().size(); ++i) {
    const ArticleImpact& article = impact.articles()[i];
    std::vector<std::string> causes;
    for (const RuleChange* change : report.changes_affecting(article.article)) causes.push_back(change->subject);
    articles += fmt::format(
        R"({}{{"article":{},"old":"{}","new":"{}","difference":"{}","recipients_old":{},"recipients_new":{},"changes":{}}})", i ? "," : "",
        json_string(article.article), format_money(article.before), format_money(article.after), format_money(article.difference()),
        article.recipients_before, article.recipients_after, string_list(causes));
  }
  articles += "]";
  return fmt::format(
      R"({{"file":{},"records":{},"bad_lines":{},"articles":{},"total_old":"{}","total_new":"{}","total_difference":"{}",)"
      R"("gainers":{},"losers":{},"unchanged":{},"largest_gains":{},"largest_losses":{}}})",
      json_string(report.population_path), impact.records(), impact.bad_lines(), articles, format_money(impact.total_before()),
      format_money(impact.total_after()), format_money(impact.total_difference()), impact.gainers(), impact.losers(), impact.unchanged(),
      enterprise_changes_json(impact.largest_gains()), enterprise_changes_json(impact.largest_losses()));
}

}  // namespace

std::string diff_report_json(const DiffReport& report) {
  std::string rules = "[";
  for (std::size_t i = 0; i < report.diff.rules.size(); ++i) rules += (i ? "," : "") + rule_change_json(report.diff.rules[i]);
  rules += "]";
  std::string wording = "[";
  for (std::size_t i = 0; i < report.diff.wording.size(); ++i) wording += (i ? "," : "") + wording_change_json(report.diff.wording[i]);
  wording += "]";
  return fmt::format(
      R"({{"old":{},"new":{},"rule_changes_found":{},"rule_changes":{},"changed_articles":{},"wording_changes":{},"witnesses":{},"population":{}}})"
      "\n",
      json_string(report.old_path), json_string(report.new_path), report.diff.has_rule_changes() ? "true" : "false", rules,
      string_list(report.changed_articles), wording, report.witnesses.by_article.empty() ? "null" : witnesses_json(report.witnesses),
      report.impact ? population_json(report) : "null");
}

}  // namespace clause
