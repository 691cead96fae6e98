#include "interpreter/summary.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "dsl/source.hpp"
#include "interpreter/result_writer.hpp"
#include "interpreter/value_format.hpp"

namespace clause {

Summary::Summary(const CheckedProgram& program) {
  for (const CheckedMeasure& measure : program.measures) articles_.push_back(ArticleSummary{measure.article, measure.title, 0, {}, {}, {}});
}

void Summary::add(const RecordOutcome& outcome) {
  ++records_;
  if (!outcome.ok) {
    ++bad_lines_;
    return;
  }
  const EvaluationResult& result = outcome.result;
  if (articles_.empty()) {
    for (const MeasureResult& measure : result.measures) articles_.push_back(ArticleSummary{measure.article, measure.title, 0, {}, {}, {}});
  }
  // Counted once: the loop's rare assignment of an id is a call, after which
  // both sizes would be read again at every measure.
  const std::size_t measures = std::min(result.measures.size(), articles_.size());
  for (std::size_t i = 0; i < measures; ++i) {
    const Decimal& amount = result.measures[i].amount;
    if (amount.is_zero()) continue;
    ArticleSummary& article = articles_[i];
    ++article.recipients;
    article.total += amount;
    if (amount > article.largest) {
      article.largest = amount;
      article.largest_id = result.id;
    }
  }
  if (!result.total.is_zero()) ++recipients_;
  total_ += result.total;
}

void Summary::add(const Summary& later_part) {
  records_ += later_part.records_;
  bad_lines_ += later_part.bad_lines_;
  recipients_ += later_part.recipients_;
  total_ += later_part.total_;
  if (articles_.empty()) {
    articles_ = later_part.articles_;
    return;
  }
  for (std::size_t i = 0; i < articles_.size() && i < later_part.articles_.size(); ++i) {
    ArticleSummary& article = articles_[i];
    const ArticleSummary& later = later_part.articles_[i];
    article.recipients += later.recipients;
    article.total += later.total;
    if (later.largest > article.largest) {
      article.largest = later.largest;
      article.largest_id = later.largest_id;
    }
  }
}

void Summary::restart() {
  records_ = 0;
  bad_lines_ = 0;
  recipients_ = 0;
  total_ = Decimal();
  for (ArticleSummary& article : articles_) {
    article.recipients = 0;
    article.total = Decimal();
    article.largest = Decimal();
    article.largest_id.clear();
  }
}

namespace {

std::string pad_right(std::string_view text, int width) {
  return std::string(text) + std::string(static_cast<std::size_t>(std::max(0, width - display_width(text))), ' ');
}

std::string pad_left(std::string_view text, int width) {
  return std::string(static_cast<std::size_t>(std::max(0, width - display_width(text))), ' ') + std::string(text);
}

}  // namespace

std::string Summary::to_table(bool chinese) const {
  std::vector<std::vector<std::string>> rows;
  rows.push_back(chinese ? std::vector<std::string>{"条款", "措施", "获补企业", "金额合计（元）", "最高（元）", "最高者"}
                         : std::vector<std::string>{"article", "measure", "recipients", "total", "largest", "largest to"});
  for (const ArticleSummary& article : articles_) {
    rows.push_back({article.article, article.title, std::to_string(article.recipients), format_money(article.total),
                    format_money(article.largest), article.largest_id});
  }
  rows.push_back({chinese ? "合计" : "total", "", std::to_string(recipients_), format_money(total_), "", ""});
  std::vector<int> widths(rows.front().size(), 0);
  for (const auto& row : rows)
    for (std::size_t c = 0; c < row.size(); ++c) widths[c] = std::max(widths[c], display_width(row[c]));
  std::string out;
  for (const auto& row : rows) {
    std::string line;
    for (std::size_t c = 0; c < row.size(); ++c) {
      bool numeric = c >= 2 && c <= 4;
      line += (c ? "  " : "") + (numeric ? pad_left(row[c], widths[c]) : pad_right(row[c], widths[c]));
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out += line + "\n";
  }
  out += chinese ? fmt::format("企业 {} 家，其中输入有误 {} 行\n", records_, bad_lines_)
                 : fmt::format("{} records, {} bad line(s)\n", records_, bad_lines_);
  return out;
}

std::string Summary::to_json() const {
  std::string out = "{\"articles\":[";
  for (std::size_t i = 0; i < articles_.size(); ++i) {
    const ArticleSummary& article = articles_[i];
    out += fmt::format("{}{{\"article\":{},\"recipients\":{},\"total\":\"{}\",\"largest\":\"{}\",\"largest_id\":{}}}", i ? "," : "",
                       json_string(article.article), article.recipients, format_money(article.total),
                       format_money(article.largest), json_string(article.largest_id));
  }
  out += fmt::format("],\"recipients\":{},\"total\":\"{}\",\"records\":{},\"bad_lines\":{}}}", recipients_, format_money(total_),
                     records_, bad_lines_);
  return out;
}

}  // namespace clause
