#include "interpreter/impact_writer.hpp"

#include <fmt/format.h>

#include "interpreter/result_writer.hpp"
#include "interpreter/text_table.hpp"
#include "interpreter/value_format.hpp"

namespace clause {
namespace {

std::string change_line(const EnterpriseChange& change, bool zh) {
  return fmt::format("  {}  {}  {} → {}  ({})\n", change.id.empty() ? "-" : change.id,
                     zh ? fmt::format("第 {} 行", change.line) : fmt::format("line {}", change.line),
                     format_money(change.before), format_money(change.after), signed_money(change.difference()));
}

std::string changes_json(const std::vector<EnterpriseChange>& changes) {
  std::string out = "[";
  for (std::size_t i = 0; i < changes.size(); ++i) {
    const EnterpriseChange& change = changes[i];
    out += fmt::format("{}{{\"id\":{},\"line\":{},\"before\":\"{}\",\"after\":\"{}\",\"difference\":\"{}\"}}", i ? "," : "",
                       json_string(change.id), change.line, format_money(change.before), format_money(change.after),
                       signed_money(change.difference()));
  }
  return out + "]";
}

}  // namespace

std::string signed_money(const Decimal& amount) {
  if (amount.is_zero()) return format_money(amount);
  return amount.is_negative() ? format_money(amount) : "+" + format_money(amount);
}

std::string impact_table(const Impact& impact, const ImpactLabels& labels, Language language) {
  bool zh = language == Language::zh;
  TextTable table({false, false, true, true, true, true, true});
  table.add_row({zh ? "条款" : "article", zh ? "措施" : "measure", labels.before + (zh ? "（元）" : ""),
                 labels.after + (zh ? "（元）" : ""), zh ? "差额（元）" : "difference",
                 zh ? labels.before + "获补企业" : "recipients (" + labels.before + ")",
                 zh ? labels.after + "获补企业" : "recipients (" + labels.after + ")"});
  for (const ArticleImpact& article : impact.articles()) {
    table.add_row({article.article, article.title, format_money(article.before), format_money(article.after),
                   signed_money(article.difference()), std::to_string(article.recipients_before),
                   std::to_string(article.recipients_after)});
  }
  table.add_row({zh ? "合计" : "total", "", format_money(impact.total_before()), format_money(impact.total_after()),
                 signed_money(impact.total_difference()), std::to_string(impact.recipients_before()),
                 std::to_string(impact.recipients_after())});
  std::string out = table.to_string();
  out += zh ? fmt::format("企业 {} 家：补助增加 {} 家，减少 {} 家，不变 {} 家；输入有误 {} 行\n", impact.records(), impact.gainers(),
                          impact.losers(), impact.unchanged(), impact.bad_lines())
            : fmt::format("{} records: {} gaining, {} losing, {} unchanged; {} bad line(s)\n", impact.records(), impact.gainers(),
                          impact.losers(), impact.unchanged(), impact.bad_lines());
  if (!impact.largest_gains().empty()) {
    out += zh ? "增加最多：\n" : "largest gains:\n";
    for (const EnterpriseChange& change : impact.largest_gains()) out += change_line(change, zh);
  }
  if (!impact.largest_losses().empty()) {
    out += zh ? "减少最多：\n" : "largest losses:\n";
    for (const EnterpriseChange& change : impact.largest_losses()) out += change_line(change, zh);
  }
  return out;
}

std::string impact_json(const Impact& impact) {
  std::string out = "{\"articles\":[";
  for (std::size_t i = 0; i < impact.articles().size(); ++i) {
    const ArticleImpact& article = impact.articles()[i];
    out += fmt::format(
        "{}{{\"article\":{},\"title\":{},\"before\":\"{}\",\"after\":\"{}\",\"difference\":\"{}\",\"recipients_before\":{},"
        "\"recipients_after\":{}}}",
        i ? "," : "", json_string(article.article), json_string(article.title), format_money(article.before),
        format_money(article.after), signed_money(article.difference()), article.recipients_before, article.recipients_after);
  }
  out += fmt::format(
      "],\"total\":{{\"before\":\"{}\",\"after\":\"{}\",\"difference\":\"{}\",\"recipients_before\":{},\"recipients_after\":{}}},"
      "\"records\":{},\"bad_lines\":{},\"gainers\":{},\"losers\":{},\"unchanged\":{},\"largest_gains\":{},\"largest_losses\":{}}}",
      format_money(impact.total_before()), format_money(impact.total_after()), signed_money(impact.total_difference()),
      impact.recipients_before(), impact.recipients_after(), impact.records(), impact.bad_lines(), impact.gainers(),
      impact.losers(), impact.unchanged(), changes_json(impact.largest_gains()), changes_json(impact.largest_losses()));
  return out;
}

std::string impact_csv(const Impact& impact) {
  std::string out = "\xEF\xBB\xBF" "article,title,before,after,difference,recipients_before,recipients_after\n";
  auto row = [&out](std::string_view article, std::string_view title, const Decimal& before, const Decimal& after, long from,
                    long to) {
    append_csv_cell(article, out);
    out += ',';
    append_csv_cell(title, out);
    out += fmt::format(",{},{},{},{},{}\n", format_money(before), format_money(after), signed_money(after - before), from, to);
  };
  for (const ArticleImpact& article : impact.articles()) {
    row(article.article, article.title, article.before, article.after, article.recipients_before, article.recipients_after);
  }
  row("total", "", impact.total_before(), impact.total_after(), impact.recipients_before(), impact.recipients_after());
  return out;
}

}  // namespace clause
