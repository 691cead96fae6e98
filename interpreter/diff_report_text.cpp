// The report of `clause diff` for people: rule changes article by article, then
// wording changes, witnesses, the population's budget, and a one-line verdict.

#include <algorithm>
#include <array>
#include <fmt/format.h>
#include <fmt/ranges.h>

#include "dsl/source.hpp"
#include "interpreter/diff_report.hpp"
#include "interpreter/value_format.hpp"

namespace clause {
namespace {

// ANSI colours when writing to a terminal; nothing otherwise.
struct Palette {
  bool on = false;
  std::string heading(std::string_view text) const { return on ? fmt::format("\033[1m{}\033[0m", text) : std::string(text); }
  std::string removed(std::string_view text) const { return on ? fmt::format("\033[31m{}\033[0m", text) : std::string(text); }
  std::string added(std::string_view text) const { return on ? fmt::format("\033[32m{}\033[0m", text) : std::string(text); }
  std::string faint(std::string_view text) const { return on ? fmt::format("\033[2m{}\033[0m", text) : std::string(text); }
};

std::string lines_text(int old_line, int new_line) {
  if (old_line && new_line) return fmt::format("line {} → {}", old_line, new_line);
  if (old_line) return fmt::format("old line {}", old_line);
  if (new_line) return fmt::format("new line {}", new_line);
  return "";
}

// Each line of an old or new text, marked "-" or "+"; an empty side says so.
void append_sides(const std::string& old_text, const std::string& new_text, const Palette& palette, std::string& out) {
  auto side = [&](const std::string& text, std::string_view mark, std::string_view absent, bool added) {
    if (text.empty()) {
      out += fmt::format("      {} {}\n", mark, palette.faint(absent));
      return;
    }
    std::size_t start = 0;
    while (start <= text.size()) {
      std::size_t end = text.find('\n', start);
      if (end == std::string::npos) end = text.size();
      std::string line = fmt::format("{} {}", mark, std::string_view(text).substr(start, end - start));
      out += "      " + (added ? palette.added(line) : palette.removed(line)) + "\n";
      start = end + 1;
    }
  };
  side(old_text, "-", "(not in the old version)", false);
  side(new_text, "+", "(not in the new version)", true);
}

void append_change(const RuleChange& change, const Palette& palette, std::string& out) {
  out += fmt::format("    {}{}\n", change.subject, palette.faint(fmt::format(", {}", lines_text(change.old_line, change.new_line))));
  append_sides(change.old_text, change.new_text, palette, out);
}

// Changes written in an article come under it; changes to what articles share
// (parameters, tables, lets, facts, the header) come after, with who reads them.
void append_rule_changes(const DiffReport& report, const Palette& palette, std::string& out) {
  out += palette.heading(fmt::format("Rule changes: {}", report.diff.rules.size())) + "\n";
  std::vector<std::string> articles;
  for (const RuleChange& change : report.diff.rules) {
    if (!change.article.empty() && std::find(articles.begin(), articles.end(), change.article) == articles.end()) {
      articles.push_back(change.article);
    }
  }
  for (const std::string& article : articles) {
    out += "\n  " + palette.heading(report.article_heading(article)) + "\n";
    for (const RuleChange& change : report.diff.rules) {
      if (change.article == article) append_change(change, palette, out);
    }
  }
  bool shared_heading = false;
  for (const RuleChange& change : report.diff.rules) {
    if (!change.article.empty()) continue;
    if (!shared_heading) out += "\n  " + palette.heading("Definitions the articles share") + "\n";
    shared_heading = true;
    append_change(change, palette, out);
    out += change.affects.empty() ? "      read by no article\n" : fmt::format("      read by {}\n", fmt::join(change.affects, ", "));
  }
}

void append_wording_changes(const DiffReport& report, const Palette& palette, std::string& out) {
  out += palette.heading(fmt::format("Wording changes (no effect on any result): {}", report.diff.wording.size())) + "\n";
  for (const WordingChange& change : report.diff.wording) {
    std::string lines = lines_text(change.old_line, change.new_line);
    out += fmt::format("  {}: {}{}\n", change.where, change.what, lines.empty() ? "" : palette.faint(", " + lines));
    if (!change.old_text.empty() || !change.new_text.empty()) append_sides(change.old_text, change.new_text, palette, out);
  }
}

const Witness* find_witness(const WitnessSearch& search, const std::string& id) {
  for (const Witness& witness : search.witnesses) {
    if (witness.id == id) return &witness;
  }
  return nullptr;
}

// Articles with witnesses, each with its handful; then, on one line, the
// articles that read a change but on which no candidate was paid differently.
void append_witnesses(const DiffReport& report, const Palette& palette, std::string& out) {
  const WitnessSearch& search = report.witnesses;
  out += palette.heading(fmt::format("Witnesses: enterprises the two versions treat differently ({} candidates tried)",
                                     search.candidates_tried)) + "\n";
  out += fmt::format("  each is the base enterprise with the facts shown changed; base: {}\n", fmt::join(search.base, ", "));
  std::vector<std::string> unwitnessed;
  for (const auto& [article, ids] : search.by_article) {
    if (ids.empty()) {
      unwitnessed.push_back(article);
      continue;
    }
    out += "\n  " + palette.heading(report.article_heading(article)) + "\n";
    for (const std::string& id : ids) {
      const Witness& witness = *find_witness(search, id);
      out += fmt::format("    {}  {}\n", id, fmt::join(witness.changes, "; "));
      std::vector<std::string> results;
      for (const ArticleOutcome& outcome : witness.differences) {
        results.push_back(fmt::format("{} {} → {}", outcome.article, palette.removed(outcome.old_result), palette.added(outcome.new_result)));
      }
      out += fmt::format("        {}\n", fmt::join(results, ", "));
    }
  }
  if (!unwitnessed.empty()) {
    out += fmt::format("\n  no candidate is treated differently by {}\n", fmt::join(unwitnessed, ", "));
  }
}

std::string signed_money(const Decimal& amount) { return (amount.is_negative() || amount.is_zero() ? "" : "+") + format_money(amount); }

// What can move an article whose own rules did not change: the rules that
// share one limit or one project among the articles.
std::string shared_limits(const DiffReport& report) {
  std::vector<std::string> shared;
  for (const CheckedProgram* program : {report.new_program, report.old_program}) {
    if (program->total_cap) shared.push_back(fmt::format("the total cap {}", program->total_cap->article));
    if (program->stacking) shared.push_back(fmt::format("the stacking rule {}", program->stacking->article));
    if (!shared.empty()) break;
  }
  if (shared.empty()) return "moved by the other articles' changes";
  return fmt::format("moved through {}, which the articles share", fmt::join(shared, " and "));
}

void append_population(const DiffReport& report, const Palette& palette, std::string& out) {
  const Impact& impact = *report.impact;
  out += palette.heading(fmt::format("Population {}: {} enterprise-years, {} bad line(s) left out", report.population_path,
                                     impact.records(), impact.bad_lines())) + "\n";
  std::vector<std::array<std::string, 5>> rows{{"article", "old budget", "new budget", "difference", "recipients old → new"}};
  for (const ArticleImpact& article : impact.articles()) {
    rows.push_back({article.article, format_money(article.before), format_money(article.after), signed_money(article.difference()),
                    fmt::format("{} → {}", article.recipients_before, article.recipients_after)});
  }
  rows.push_back({"total", format_money(impact.total_before()), format_money(impact.total_after()), signed_money(impact.total_difference()),
                  fmt::format("{} → {}", impact.recipients_before(), impact.recipients_after())});
  std::array<int, 5> widths{};
  for (const auto& row : rows) {
    for (std::size_t i = 0; i < row.size(); ++i) widths[i] = std::max(widths[i], display_width(row[i]));
  }
  for (const auto& row : rows) {
    std::string line = "  " + row[0] + std::string(static_cast<std::size_t>(widths[0] - display_width(row[0])), ' ');
    for (std::size_t i = 1; i < row.size(); ++i) {
      line += "  " + std::string(static_cast<std::size_t>(widths[i] - display_width(row[i])), ' ') + row[i];
    }
    out += line + "\n";
  }
  out += fmt::format("  {} gain, {} lose, {} unchanged\n", impact.gainers(), impact.losers(), impact.unchanged());
  for (const ArticleImpact& article : impact.articles()) {
    if (article.difference().is_zero()) continue;
    std::vector<const RuleChange*> causes = report.changes_affecting(article.article);
    if (causes.size() == 1) out += fmt::format("  {} {}: caused by {}\n", article.article, signed_money(article.difference()), causes.front()->subject);
    if (causes.empty()) {
      out += fmt::format("  {} {}: no rule it reads changed; {}\n", article.article, signed_money(article.difference()), shared_limits(report));
    }
  }
  auto list = [&](std::string_view title, const std::vector<EnterpriseChange>& changes) {
    if (changes.empty()) return;
    out += fmt::format("  {}:\n", title);
    for (const EnterpriseChange& change : changes) {
      out += fmt::format("    {} (line {}): {} → {} ({})\n", change.id.empty() ? "-" : change.id, change.line, format_money(change.before),
                         format_money(change.after), signed_money(change.difference()));
    }
  };
  list("largest gains", impact.largest_gains());
  list("largest losses", impact.largest_losses());
}

}  // namespace

std::string diff_report_text(const DiffReport& report, bool color) {
  Palette palette{color};
  std::string out = palette.heading(fmt::format("clause diff {} {}", report.old_path, report.new_path)) + "\n\n";
  if (report.diff.has_rule_changes()) {
    append_rule_changes(report, palette, out);
    out += "\n";
  }
  if (!report.diff.wording.empty()) {
    append_wording_changes(report, palette, out);
    out += "\n";
  }
  if (!report.witnesses.by_article.empty()) {
    append_witnesses(report, palette, out);
    out += "\n";
  }
  if (report.impact) {
    append_population(report, palette, out);
    out += "\n";
  }
  if (!report.diff.has_rule_changes()) {
    out += report.diff.texts_identical ? "No rule changes: the files are identical.\n"
                                       : fmt::format("No rule changes ({} wording change(s)).\n", report.diff.wording.size());
  } else {
    out += fmt::format("{} rule change(s), affecting {}; {} wording change(s).\n", report.diff.rules.size(),
                       fmt::join(report.changed_articles, ", "), report.diff.wording.size());
  }
  return out;
}

}  // namespace clause
