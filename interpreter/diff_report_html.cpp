// The report of `clause diff` as one self-contained HTML page: styles inline, no
// script, no link to anything, so it opens from a mail attachment in any browser.
// Each rule change stands beside the law's text of its article and its impact.

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "interpreter/diff_report.hpp"
#include "interpreter/value_format.hpp"

namespace clause {
namespace {

std::string escaped(std::string_view text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

constexpr std::string_view style = R"(<style>
body { font-family: system-ui, "Noto Sans CJK SC", "PingFang SC", sans-serif; margin: 2em; color: #222; }
h1 { font-size: 1.4em; } h2 { font-size: 1.15em; margin-top: 2em; border-bottom: 1px solid #ccc; }
table { border-collapse: collapse; width: 100%; margin: 0.5em 0; }
th, td { border: 1px solid #ddd; padding: 0.35em 0.6em; vertical-align: top; text-align: left; }
th { background: #f4f4f4; }
td.old { background: #fdecea; } td.new { background: #e8f5e9; }
td.law { color: #555; font-size: 0.92em; white-space: pre-wrap; }
td.number { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
code, pre { font-family: ui-monospace, "Noto Sans Mono CJK SC", monospace; white-space: pre-wrap; }
.verdict { font-weight: bold; padding: 0.5em; background: #fff8e1; display: inline-block; }
.faint { color: #888; }
</style>
)";

std::string cell(std::string_view css_class, std::string_view text) {
  return fmt::format("<td class=\"{}\"><code>{}</code></td>", css_class, text.empty() ? "<span class=\"faint\">—</span>" : escaped(text));
}

// What the population or the witnesses say about an article.
std::string impact_of(const DiffReport& report, const std::string& article) {
  std::vector<std::string> parts;
  if (report.impact) {
    for (const ArticleImpact& impact : report.impact->articles()) {
      if (impact.article != article) continue;
      parts.push_back(fmt::format("budget {} → {} ({}{})", format_money(impact.before), format_money(impact.after),
                                  impact.difference().is_negative() ? "" : "+", format_money(impact.difference())));
    }
  }
  for (const auto& [witnessed, ids] : report.witnesses.by_article) {
    if (witnessed == article && !ids.empty()) parts.push_back(fmt::format("witnesses {}", fmt::join(ids, ", ")));
  }
  return escaped(fmt::format("{}", fmt::join(parts, "; ")));
}

// The affected articles something is known to move (a witness, a budget that
// changed); all of them when nothing is known.
std::vector<std::string> moved_articles(const DiffReport& report, const RuleChange& change) {
  std::vector<std::string> moved;
  for (const std::string& article : change.affects) {
    bool witnessed = false;
    for (const auto& [witnessed_article, ids] : report.witnesses.by_article) witnessed = witnessed || (witnessed_article == article && !ids.empty());
    bool budget_moved = false;
    if (report.impact) {
      for (const ArticleImpact& impact : report.impact->articles()) budget_moved = budget_moved || (impact.article == article && !impact.difference().is_zero());
    }
    if (witnessed || budget_moved) moved.push_back(article);
  }
  return moved.empty() ? change.affects : moved;
}

std::string law_text(const DiffReport& report, const RuleChange& change, const std::vector<std::string>& articles) {
  if (!change.article.empty()) return escaped(report.article_quote(change.article));
  std::string text;
  for (const std::string& article : articles) {
    std::string quote = report.article_quote(article);
    if (!quote.empty()) text += fmt::format("<b>{}</b>\n{}\n", escaped(article), escaped(quote));
  }
  return text;
}

void append_rule_changes(const DiffReport& report, std::string& out) {
  out += fmt::format("<h2>Rule changes ({})</h2>\n", report.diff.rules.size());
  if (report.diff.rules.empty()) {
    out += "<p>None: the two versions pay every enterprise the same.</p>\n";
    return;
  }
  out += "<table><tr><th>article</th><th>what</th><th>old rule</th><th>new rule</th><th>the law's text</th><th>impact</th></tr>\n";
  for (const RuleChange& change : report.diff.rules) {
    std::string article = change.article.empty() ? fmt::format("{}", fmt::join(change.affects, ", ")) : report.article_heading(change.article);
    std::vector<std::string> moved = moved_articles(report, change);
    std::string impact;
    for (const std::string& affected : moved) {
      std::string one = impact_of(report, affected);
      if (!one.empty()) impact += fmt::format("<div>{}: {}</div>", escaped(affected), one);
    }
    out += fmt::format("<tr><td>{}</td><td>{}<br><span class=\"faint\">line {} → {}</span></td>{}{}<td class=\"law\">{}</td><td>{}</td></tr>\n",
                       escaped(article), escaped(change.subject), change.old_line, change.new_line, cell("old", change.old_text),
                       cell("new", change.new_text), law_text(report, change, moved), impact);
  }
  out += "</table>\n";
}

void append_wording_changes(const DiffReport& report, std::string& out) {
  out += fmt::format("<h2>Wording changes ({}), no effect on any result</h2>\n", report.diff.wording.size());
  if (report.diff.wording.empty()) return;
  out += "<table><tr><th>where</th><th>what</th><th>old</th><th>new</th></tr>\n";
  for (const WordingChange& change : report.diff.wording) {
    out += fmt::format("<tr><td>{}</td><td>{}</td>{}{}</tr>\n", escaped(change.where), escaped(change.what), cell("old", change.old_text),
                       cell("new", change.new_text));
  }
  out += "</table>\n";
}

void append_witnesses(const DiffReport& report, std::string& out) {
  const WitnessSearch& search = report.witnesses;
  if (search.witnesses.empty()) return;
  out += fmt::format("<h2>Witnesses</h2>\n<p>Enterprises the two versions treat differently, found among {} candidates built from "
                     "both versions' thresholds, bounds and table keys. Each is the base enterprise ({}) with the facts shown changed.</p>\n",
                     search.candidates_tried, escaped(fmt::format("{}", fmt::join(search.base, ", "))));
  out += "<table><tr><th>witness</th><th>facts changed</th><th>results: old → new</th><th>the whole record</th></tr>\n";
  for (const Witness& witness : search.witnesses) {
    std::vector<std::string> results;
    for (const ArticleOutcome& outcome : witness.differences) {
      results.push_back(fmt::format("{} {} → {}", outcome.article, outcome.old_result, outcome.new_result));
    }
    out += fmt::format("<tr><td>{}</td><td>{}</td><td>{}</td><td><details><summary>JSON</summary><code>{}</code></details></td></tr>\n",
                       escaped(witness.id), escaped(fmt::format("{}", fmt::join(witness.changes, "; "))),
                       escaped(fmt::format("{}", fmt::join(results, "; "))), escaped(witness.facts_json));
  }
  out += "</table>\n";
}

void append_population(const DiffReport& report, std::string& out) {
  const Impact& impact = *report.impact;
  out += fmt::format("<h2>Population {}</h2>\n<p>{} enterprise-years; {} bad line(s) left out; {} gain, {} lose, {} unchanged.</p>\n",
                     escaped(report.population_path), impact.records(), impact.bad_lines(), impact.gainers(), impact.losers(),
                     impact.unchanged());
  out += "<table><tr><th>article</th><th>old budget</th><th>new budget</th><th>difference</th><th>recipients old → new</th></tr>\n";
  auto row = [&](const std::string& article, const Decimal& before, const Decimal& after, long old_count, long new_count) {
    out += fmt::format("<tr><td>{}</td><td class=\"number\">{}</td><td class=\"number\">{}</td><td class=\"number\">{}</td>"
                       "<td class=\"number\">{} → {}</td></tr>\n",
                       escaped(article), format_money(before), format_money(after), format_money(after - before), old_count, new_count);
  };
  for (const ArticleImpact& article : impact.articles()) {
    row(report.article_heading(article.article), article.before, article.after, article.recipients_before, article.recipients_after);
  }
  row("total", impact.total_before(), impact.total_after(), impact.recipients_before(), impact.recipients_after());
  out += "</table>\n";
  auto list = [&](std::string_view title, const std::vector<EnterpriseChange>& changes) {
    if (changes.empty()) return;
    out += fmt::format("<p>{}:</p><table><tr><th>enterprise</th><th>line</th><th>old total</th><th>new total</th><th>difference</th></tr>\n", title);
    for (const EnterpriseChange& change : changes) {
      out += fmt::format("<tr><td>{}</td><td class=\"number\">{}</td><td class=\"number\">{}</td><td class=\"number\">{}</td>"
                         "<td class=\"number\">{}</td></tr>\n",
                         escaped(change.id), change.line, format_money(change.before), format_money(change.after),
                         format_money(change.difference()));
    }
    out += "</table>\n";
  };
  list("Largest gains", impact.largest_gains());
  list("Largest losses", impact.largest_losses());
}

}  // namespace

std::string diff_report_html(const DiffReport& report) {
  std::string title = fmt::format("clause diff {} {}", report.old_path, report.new_path);
  std::string out = fmt::format("<!DOCTYPE html>\n<html lang=\"zh\">\n<head>\n<meta charset=\"utf-8\">\n<title>{}</title>\n{}</head>\n<body>\n",
                                escaped(title), style);
  out += fmt::format("<h1>{}</h1>\n<p>Old: <code>{}</code><br>New: <code>{}</code></p>\n", escaped(report.new_program->policy.title),
                     escaped(report.old_path), escaped(report.new_path));
  std::string verdict = report.diff.has_rule_changes()
                            ? fmt::format("{} rule change(s), affecting {}", report.diff.rules.size(), fmt::join(report.changed_articles, ", "))
                            : "No rule changes";
  out += fmt::format("<p class=\"verdict\">{}; {} wording change(s).</p>\n", escaped(verdict), report.diff.wording.size());
  append_rule_changes(report, out);
  append_wording_changes(report, out);
  append_witnesses(report, out);
  if (report.impact) append_population(report, out);
  return out + "</body>\n</html>\n";
}

}  // namespace clause
