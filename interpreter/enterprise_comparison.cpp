#include "interpreter/enterprise_comparison.hpp"

#include <fmt/format.h>

#include "interpreter/impact_writer.hpp"
#include "interpreter/result_writer.hpp"
#include "interpreter/value_format.hpp"

namespace clause {
namespace {

std::string why_text(const MeasureResult& measure, const SourceFile& source, Language language) {
  std::string out;
  for (const WhyStep& step : measure.why) {
    out += fmt::format("    · {}\n", explain_step(step, language));
    std::string line = step_source_line(source, step.span);
    if (!line.empty()) out += fmt::format("        {}\n", line);
  }
  return out;
}

const MeasureResult* find_measure(const EvaluationResult& result, const std::string& article) {
  for (const MeasureResult& measure : result.measures)
    if (measure.article == article) return &measure;
  return nullptr;
}

std::string before_after(const Decimal& before, const Decimal& after) {
  if (before == after) return format_money(before);
  return fmt::format("{} → {} ({})", format_money(before), format_money(after), signed_money(after - before));
}

}  // namespace

std::string scenario_heading(const std::string& name, const std::string& title, const std::vector<ChangedValue>& changes,
                             Language language) {
  bool zh = language == Language::zh;
  std::string out = title.empty() ? fmt::format("{} {}\n", zh ? "情景" : "scenario", name)
                                  : fmt::format("{} {}{}{}\n", zh ? "情景" : "scenario", name, zh ? "：" : ": ", title);
  for (const ChangedValue& change : changes) out += fmt::format("  {}: {} → {}\n", change.name, change.before, change.after);
  return out;
}

std::string comparison_text(const EvaluationResult& before, const EvaluationResult& after, const CheckedProgram& program,
                            Language language) {
  bool zh = language == Language::zh;
  std::string out = fmt::format("{} {}  {} {}  {} {}\n", zh ? "企业" : "enterprise", before.id, zh ? "年度" : "year", before.year,
                                zh ? "合计" : "total", before_after(before.total, after.total));
  std::string unchanged;
  for (const MeasureResult& measure : before.measures) {
    const MeasureResult* changed = find_measure(after, measure.article);
    Decimal after_amount = changed ? changed->amount : Decimal{};
    if (changed && after_amount == measure.amount) {
      unchanged += fmt::format("  {} {}: {}\n", measure.article, measure.title, format_money(measure.amount));
      continue;
    }
    out += fmt::format("\n{} {}: {}\n", measure.article, measure.title, before_after(measure.amount, after_amount));
    out += zh ? "  基线：\n" : "  baseline:\n";
    out += why_text(measure, *program.source, language);
    out += zh ? "  情景：\n" : "  scenario:\n";
    if (changed) out += why_text(*changed, *program.source, language);
  }
  if (!unchanged.empty()) out += (zh ? "\n不变：\n" : "\nunchanged:\n") + unchanged;
  return out;
}

std::string comparison_json(const EvaluationResult& before, const EvaluationResult& after, Language language) {
  std::string measures;
  for (const MeasureResult& measure : before.measures) {
    const MeasureResult* changed = find_measure(after, measure.article);
    Decimal after_amount = changed ? changed->amount : Decimal{};
    measures += fmt::format("{}{{\"article\":{},\"before\":\"{}\",\"after\":\"{}\",\"difference\":\"{}\"}}",
                            measures.empty() ? "" : ",", json_string(measure.article), format_money(measure.amount),
                            format_money(after_amount), signed_money(after_amount - measure.amount));
  }
  return fmt::format(
      "{{\"id\":{},\"year\":{},\"total\":{{\"before\":\"{}\",\"after\":\"{}\",\"difference\":\"{}\"}},\"measures\":[{}],"
      "\"before\":{},\"after\":{}}}",
      json_string(before.id), before.year, format_money(before.total), format_money(after.total),
      signed_money(after.total - before.total), measures, result_json(before, language, false),
      result_json(after, language, false));
}

}  // namespace clause
