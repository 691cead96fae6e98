#include "interpreter/explanation.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <string>
#include <vector>

namespace clause {
namespace {

struct Wording {
  const char* zh;
  const char* en;
};

// {0}, {1}, ... are the step's values in the order evaluation_result.hpp lists them.
Wording wording(WhyKind kind) {
  switch (kind) {
    case WhyKind::not_in_force:
      return {"政策有效期为 {1} 至 {2}，{0} 年度不在有效期内，不予补助",
              "the policy is in force from {1} to {2}; year {0} is outside it, so nothing is paid"};
    case WhyKind::outside_window:
      return {"本条适用期间为 {1} 至 {2}，{0} 年度不适用", "this measure applies from {1} to {2}; year {0} is outside it"};
    case WhyKind::let_value: return {"{0} = {1} = {3}（{2}）", "{0} = {1} = {3} ({2})"};
    case WhyKind::condition_met: return {"条件 {0} 成立（{1}）", "condition {0} holds ({1})"};
    case WhyKind::condition_failed:
      return {"条件 {0} 不成立（{1}），不予补助", "condition {0} does not hold ({1}), so nothing is paid"};
    case WhyKind::no_items: return {"没有符合条件的项目：{0}", "no item qualifies: {0}"};
    case WhyKind::kept_highest:
      return {"按 {2} 就高，只计（{0}），不计（{1}）", "only ({0}) counts, the highest by {2}; not ({1})"};
    case WhyKind::item_amount: return {"（{0}）：{2} 元", "({0}): {2}"};
    case WhyKind::amount: return {"金额 {0}（{1}） = {2} 元", "amount {0} ({1}) = {2}"};
    case WhyKind::bracket_chosen: return {"{0} = {1}，落在区间 {2}{3}", "{0} = {1} falls in the bracket {2}{3}"};
    case WhyKind::bracket_none: return {"{0} = {1}，不在任何区间内，金额为 0", "{0} = {1} falls in no bracket, so the amount is 0"};
    case WhyKind::bracket_otherwise: return {"{0} = {1}，不在列出的区间内，按其他情形计", "{0} = {1} falls in no listed bracket: the otherwise case applies"};
    case WhyKind::tier_applied: return {"累进档 {0}：{1} × {2} = {3} 元", "tier {0}: {1} × {2} = {3}"};
    case WhyKind::table_cell: return {"查表 {0}[{1}] = {2} 元", "table {0}[{1}] = {2}"};
    case WhyKind::table_not_covered:
      return {"查表 {0}[{1}]：该级别不在本条支持范围内（不是 0 元的规定，而是未覆盖），按 0 元计",
              "table {0}[{1}] is not covered by this measure (no cell, not a cell of 0), so 0"};
    case WhyKind::rounded: return {"按{2}保留 {3} 位小数：{0} → {1} 元", "rounded {2} to {3} decimals: {0} → {1}"};
    case WhyKind::negative_amount:
      return {"金额为负（{0} 元），补助不能为负，按 0 计", "the amount is negative ({0}); a subsidy is never negative, so 0"};
    case WhyKind::negative_cap:
      return {"上限 {0} 为 {1} 元，低于 0；补助不能为负，按上限 0 元计",
              "the cap {0} is {1}, below 0; a subsidy is never negative, so the cap lets nothing through"};
    case WhyKind::stacks_on: return {"叠加：在{0}的基础上给予，不抵减", "paid on top of {0} (叠加), which neither reduces it nor is a condition"};
    case WhyKind::stacking_dropped:
      return {"{0} 就高不重复：项目“{1}”已按 {3} 获 {4} 元，本项 {2} 元不再给予",
              "{0} 就高不重复: project \"{1}\" is paid under {3} ({4}), so this {2} is not paid"};
    case WhyKind::stacking_tie:
      return {"{0} 就高不重复：项目“{1}”在本条与 {3} 金额相同（{2} 元），按条款顺序在 {3} 给予，本条不再给予",
              "{0} 就高不重复: project \"{1}\" gets the same {2} here and under {3}; the earlier article, {3}, pays it"};
    case WhyKind::stacking_other_award:
      return {"{0} 就高不重复：项目“{1}”已获其他政策奖励 {3} 元，不低于本项 {2} 元，本项不再给予",
              "{0} 就高不重复: project \"{1}\" already has {3} from another policy, not less than this {2}, so this is not paid"};
    case WhyKind::cap_applied: return {"不超过上限 {0} = {1} 元：{2} → {3} 元", "capped at {0} = {1}: {2} → {3}"};
    case WhyKind::cap_not_reached: return {"未超过上限 {0} = {1} 元：{2} 元", "within the cap {0} = {1}: {2}"};
    case WhyKind::cumulative_cap:
      return {"累计上限 {0} 元，已享受 {1} 元，尚余 {2} 元：{3} → {4} 元",
              "cumulative cap {0}, already paid {1}, {2} left: {3} → {4}"};
    case WhyKind::total_cap_reduced:
      return {"{0} 年度补助总额以 {1} 元为上限（各条合计 {2} 元），按顺序分配至本条时余 {4} 元：{3} → {4} 元",
              "{0}: the year's total is capped at {1} (the measures add up to {2}); {4} was left when this measure's turn came: {3} → {4}"};
    case WhyKind::total_cap_exhausted:
      return {"{0} 年度补助总额以 {1} 元为上限（各条合计 {2} 元），按顺序分配至本条时已无余额：{3} → 0.00 元",
              "{0}: the year's total is capped at {1} (the measures add up to {2}); nothing was left for this measure: {3} → 0.00"};
  }
  return {"", ""};
}

}  // namespace

std::optional<Language> language_from_name(std::string_view name) {
  if (name == "zh") return Language::zh;
  if (name == "en") return Language::en;
  return std::nullopt;
}

namespace {

// A wording split once into literal text and {n} placeholders, so explaining a
// step is concatenation, not parsing a format string each time.
struct Segment {
  std::string text;
  int value = -1;  // index into the step's values; -1 for literal text
};

std::vector<Segment> split(std::string_view wording) {
  std::vector<Segment> segments;
  std::size_t at = 0;
  while (at < wording.size()) {
    std::size_t open = wording.find('{', at);
    if (open == std::string_view::npos) {
      segments.push_back({std::string(wording.substr(at)), -1});
      break;
    }
    if (open > at) segments.push_back({std::string(wording.substr(at, open - at)), -1});
    std::size_t close = wording.find('}', open);
    segments.push_back({"", std::stoi(std::string(wording.substr(open + 1, close - open - 1)))});
    at = close + 1;
  }
  return segments;
}


const std::vector<Segment>& segments(WhyKind kind, Language language) {
  static const auto table = [] {
    std::vector<std::vector<Segment>> built;
    for (int k = 0; k < why_kind_count; ++k) {
      Wording words = wording(static_cast<WhyKind>(k));
      built.push_back(split(words.zh));
      built.push_back(split(words.en));
    }
    return built;
  }();
  return table[static_cast<std::size_t>(static_cast<int>(kind) * 2 + (language == Language::en ? 1 : 0))];
}

// The few values that are words, not numbers, take the reader's language.
std::string_view localized(const WhyStep& step, std::size_t index, Language language) {
  const std::string& value = step.values[index];
  if (step.kind == WhyKind::rounded && index == 2 && language == Language::zh) {
    if (value == "half_up") return "四舍五入";
    if (value == "half_even") return "四舍六入五成双";
    if (value == "down") return "舍去尾数";
    if (value == "up") return "进位";
  }
  if (step.kind == WhyKind::bracket_chosen && index == 3) {
    if (value == "sum") return language == Language::zh ? "（累加）" : " (added)";
  }
  return value;
}

}  // namespace

void append_explanation(const WhyStep& step, Language language, std::string& out) {
  // 就高 between overlapping brackets names what each would have paid.
  if (step.kind == WhyKind::bracket_chosen && step.values.size() == 5 && step.values[3] == "highest") {
    bool zh = language == Language::zh;
    out += step.values[0];
    out += " = ";
    out += step.values[1];
    out += zh ? "，同时落在重叠的区间内（" : " falls in overlapping brackets (";
    out += step.values[4];
    out += zh ? "），就高取区间 " : "); the higher applies: ";
    out += step.values[2];
    return;
  }
  std::size_t start = out.size();
  for (const Segment& segment : segments(step.kind, language)) {
    if (segment.value < 0) {
      out += segment.text;
    } else if (static_cast<std::size_t>(segment.value) < step.values.size()) {
      out += localized(step, static_cast<std::size_t>(segment.value), language);
    }
  }
  // A formula that reads no inputs (a literal) has nothing to list in brackets.
  bool has_empty_value = std::any_of(step.values.begin(), step.values.end(), [](const auto& v) { return v.empty(); });
  if (!has_empty_value) return;
  for (std::string_view empty : {std::string_view("（）"), std::string_view(" ()")}) {
    if (auto at = out.find(empty, start); at != std::string::npos) out.erase(at, empty.size());
  }
}

std::string step_source_line(const SourceFile& source, Span span) {
  if (span.begin == 0 && span.end == 0) return {};
  Position position = source.position(span.begin);
  std::string_view line = source.line_text(position.line);
  while (!line.empty() && (line.front() == ' ' || line.front() == '\t')) line.remove_prefix(1);
  return fmt::format("{}:{} | {}", source.name(), position.line, line);
}

std::string explain_step(const WhyStep& step, Language language) {
  std::string out;
  append_explanation(step, language, out);
  return out;
}

}  // namespace clause
