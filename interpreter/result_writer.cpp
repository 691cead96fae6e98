#include "interpreter/result_writer.hpp"

#include <fmt/format.h>

#include <array>
#include <bit>
#include <charconv>
#include <cstdint>
#include <cstring>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "dsl/source.hpp"
#include "interpreter/text_table.hpp"
#include "interpreter/value_format.hpp"

namespace clause {

namespace {

// The bytes JSON requires escaped inside a string: controls, '"' and '\\'.
constexpr std::array<bool, 256> needs_escape = [] {
  std::array<bool, 256> table{};
  for (int c = 0; c < 0x20; ++c) table[static_cast<std::size_t>(c)] = true;
  table['"'] = table['\\'] = true;
  return table;
}();

// True when one of the eight bytes of `word` is a control, '"' or '\\' (a
// byte >= 0x80, as in UTF-8, is never one): the why is kilobytes a record, so it
// is scanned a word at a time.
constexpr bool word_needs_escape(std::uint64_t word) {
  constexpr std::uint64_t ones = 0x0101010101010101;
  constexpr std::uint64_t highs = 0x8080808080808080;
  auto has_zero_byte = [](std::uint64_t v) { return ((v - ones) & ~v & highs) != 0; };
  bool has_control = ((word - 0x20 * ones) & ~word & highs) != 0;
  return has_control || has_zero_byte(word ^ ('"' * ones)) || has_zero_byte(word ^ ('\\' * ones));
}

std::size_t first_to_escape(std::string_view text, std::size_t from) {
#if defined(__SSE2__)
  // Sixteen bytes at a time where the processor has SSE2 (every x86-64 does):
  // a quarter of the instructions of the word at a time below.
  const __m128i quote = _mm_set1_epi8('"');
  const __m128i backslash = _mm_set1_epi8('\\');
  const __m128i last_control = _mm_set1_epi8(0x1f);
  // Bit i set: byte `at + i` must be escaped.
  auto special_at = [&](std::size_t at) {
    __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(text.data() + at));
    __m128i control = _mm_cmpeq_epi8(_mm_min_epu8(bytes, last_control), bytes);  // unsigned byte <= 0x1f
    __m128i special = _mm_or_si128(control, _mm_or_si128(_mm_cmpeq_epi8(bytes, quote), _mm_cmpeq_epi8(bytes, backslash)));
    return static_cast<unsigned>(_mm_movemask_epi8(special));
  };
  if (from + sizeof(__m128i) <= text.size()) {
    for (; from + sizeof(__m128i) <= text.size(); from += sizeof(__m128i)) {
      if (unsigned found = special_at(from)) return from + static_cast<std::size_t>(std::countr_zero(found));
    }
    if (from == text.size()) return from;
    // The last bytes, in one block that ends with the text: its start was
    // scanned already and found clean, so whatever it finds lies at `from` or after.
    const std::size_t last = text.size() - sizeof(__m128i);
    unsigned found = special_at(last);
    return found ? last + static_cast<std::size_t>(std::countr_zero(found)) : text.size();
  }
#endif
  for (std::uint64_t word; from + sizeof word <= text.size(); from += sizeof word) {
    std::memcpy(&word, text.data() + from, sizeof word);
    if (word_needs_escape(word)) break;
  }
  while (from < text.size() && !needs_escape[static_cast<unsigned char>(text[from])]) ++from;
  return from;
}

void append_escaped(std::string_view text, std::string& out) {
  std::size_t run = 0;
  for (std::size_t i = first_to_escape(text, 0); i < text.size(); i = first_to_escape(text, run)) {
    out.append(text.data() + run, i - run);
    run = i + 1;
    switch (char c = text[i]) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default: out += fmt::format("\\u{:04x}", static_cast<int>(static_cast<unsigned char>(c)));
    }
  }
  out.append(text.data() + run, text.size() - run);
}

// Escapes, in place, what was appended to `out` from `start` on: the why is
// worded straight into the output, and almost never holds anything to escape.
void escape_appended(std::string& out, std::size_t start) {
  std::size_t first = first_to_escape(out, start);
  if (first == out.size()) return;
  std::string tail = out.substr(first);
  out.resize(first);
  append_escaped(tail, out);
}

// An amount as a JSON string: its digits, point and sign never need escaping.
void append_money_string(const Decimal& amount, std::string& out) {
  out += '"';
  append_money(amount, out);
  out += '"';
}

}  // namespace

void append_json_string(std::string_view text, std::string& out) {
  out += '"';
  append_escaped(text, out);
  out += '"';
}

std::string json_string(std::string_view text) {
  std::string out;
  append_json_string(text, out);
  return out;
}

void append_result_json(const EvaluationResult& result, Language language, bool pretty, std::string& out) {
  // Compact: one line per record; pretty: two-space indents for a single document.
  auto line = [&](int depth) {
    if (!pretty) return;
    out += '\n';
    out.append(static_cast<std::size_t>(depth) * 2, ' ');
  };
  std::string_view colon = pretty ? ": " : ":";
  out += '{';
  line(1);
  out += "\"id\"";
  out += colon;
  append_json_string(result.id, out);
  out += ',';
  line(1);
  out += "\"year\"";
  out += colon;
  out += result.year;
  out += ',';
  line(1);
  out += "\"total\"";
  out += colon;
  append_money_string(result.total, out);
  out += ',';
  line(1);
  out += "\"measures\"";
  out += colon;
  out += '[';
  // Each key with the punctuation around it, appended at once: a record has
  // about a hundred such pieces, and each append costs about as much as a short copy.
  const std::string_view article_key = pretty ? "{\"article\": \"" : "{\"article\":\"";
  const std::string_view amount_key = pretty ? "\", \"amount\": \"" : "\",\"amount\":\"";
  const std::string_view why_key = pretty ? "\", \"why\": [" : "\",\"why\":[";
  for (std::size_t i = 0; i < result.measures.size(); ++i) {
    const MeasureResult& measure = result.measures[i];
    if (i) out += ',';
    line(2);
    out += article_key;
    append_escaped(measure.article, out);
    out += amount_key;
    append_money(measure.amount, out);
    out += why_key;
    for (std::size_t j = 0; j < measure.why.size(); ++j) {
      if (pretty) {
        if (j) out += ',';
        line(3);
        out += '"';
      } else {
        out += j ? std::string_view(",\"") : std::string_view("\"");
      }
      std::size_t start = out.size();
      append_explanation(measure.why[j], language, out);
      escape_appended(out, start);
      out += '"';
    }
    if (!measure.why.empty()) line(2);
    out += "]}";
  }
  line(1);
  out += "],";
  line(1);
  out += "\"benefits\"";
  out += colon;
  out += '[';
  for (std::size_t i = 0; i < result.benefits.size(); ++i) {
    if (i) out += pretty ? ", " : ",";
    append_json_string(result.benefits[i], out);
  }
  out += ']';
  if (pretty) out += '\n';
  out += '}';
}

std::string result_json(const EvaluationResult& result, Language language, bool pretty) {
  std::string out;
  append_result_json(result, language, pretty, out);
  return out;
}

std::string error_json(int line, std::string_view message) {
  return fmt::format("{{\"line\":{},\"error\":{}}}", line, json_string(message));
}

namespace {

std::string pad_to(std::string_view text, int width) {
  int missing = width - display_width(text);
  return std::string(text) + std::string(static_cast<std::size_t>(std::max(0, missing)), ' ');
}

std::string pad_left(std::string_view text, int width) {
  int missing = width - display_width(text);
  return std::string(static_cast<std::size_t>(std::max(0, missing)), ' ') + std::string(text);
}

}  // namespace

std::string result_table(const EvaluationResult& result, Language language) {
  bool zh = language == Language::zh;
  int article_width = display_width(zh ? "条款" : "article");
  int title_width = display_width(zh ? "措施" : "measure");
  int amount_width = std::max(display_width(format_money(result.total)), display_width(zh ? "金额（元）" : "amount"));
  for (const MeasureResult& measure : result.measures) {
    article_width = std::max(article_width, display_width(measure.article));
    title_width = std::max(title_width, display_width(measure.title));
    amount_width = std::max(amount_width, display_width(format_money(measure.amount)));
  }
  std::string out = fmt::format("{} {}   {} {}\n", zh ? "企业" : "enterprise", result.id, zh ? "年度" : "year", result.year);
  out += fmt::format("{}  {}  {}\n", pad_to(zh ? "条款" : "article", article_width), pad_to(zh ? "措施" : "measure", title_width),
                     pad_left(zh ? "金额（元）" : "amount", amount_width));
  std::string why_indent(static_cast<std::size_t>(article_width + 2), ' ');
  for (const MeasureResult& measure : result.measures) {
    out += fmt::format("{}  {}  {}\n", pad_to(measure.article, article_width), pad_to(measure.title, title_width),
                       pad_left(format_money(measure.amount), amount_width));
    for (const WhyStep& step : measure.why) out += fmt::format("{}· {}\n", why_indent, explain_step(step, language));
  }
  out += fmt::format("{}  {}  {}\n", pad_to(zh ? "合计" : "total", article_width), pad_to("", title_width),
                     pad_left(format_money(result.total), amount_width));
  if (!result.benefits.empty()) {
    out += fmt::format("{}: {}\n", zh ? "非资金支持" : "benefits", fmt::join(result.benefits, ", "));
  }
  return out;
}


std::string csv_header(const std::vector<std::string>& articles) {
  std::string out = "\xEF\xBB\xBFline,id,year";
  for (const std::string& article : articles) {
    out += ',';
    append_csv_cell(article, out);
  }
  return out + ",total,benefits,error\n";
}

namespace {

// "a;b": the benefits granted, in one cell, written in place rather than joined
// into a string of their own for every row that has any.
void append_benefits_cell(const std::vector<std::string>& benefits, std::string& out) {
  const std::size_t start = out.size();
  for (std::size_t i = 0; i < benefits.size(); ++i) {
    if (i > 0) out += ';';
    out += benefits[i];
  }
  // Benefits are named by identifiers, which never need quoting; should one, the cell is quoted as any other.
  if (std::string_view(out).substr(start).find_first_of(",\"\n\r") == std::string_view::npos) return;
  const std::string cell = out.substr(start);
  out.resize(start);
  append_csv_cell(cell, out);
}

}  // namespace

void append_csv_row(const EvaluationResult* result, int line, std::string_view error, std::size_t article_count,
                    std::string& out) {
  std::array<char, 16> digits;
  out.append(digits.data(), std::to_chars(digits.data(), digits.data() + digits.size(), line).ptr);
  out += ',';
  if (result) {
    append_csv_cell(result->id, out);
    out += ',';
    out += result->year;
    for (const MeasureResult& measure : result->measures) {
      // Most measures pay most enterprises nothing: the cell and its comma in one append.
      if (measure.amount.is_zero()) {
        out.append(",0.00", 5);
        continue;
      }
      out += ',';
      append_money(measure.amount, out);
    }
    out += ',';
    append_money(result->total, out);
    out += ',';
    append_benefits_cell(result->benefits, out);
    out += ",\n";
    return;
  }
  out += ",";
  out.append(article_count + 2, ',');
  out += ',';
  append_csv_cell(error, out);
  out += '\n';
}

}  // namespace clause
