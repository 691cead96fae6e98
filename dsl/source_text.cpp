#include "dsl/source_text.hpp"

namespace clause {
namespace {

bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

std::string_view trimmed(std::string_view text) {
  while (!text.empty() && is_blank(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_blank(text.back())) text.remove_suffix(1);
  return text;
}

bool is_quote_line(std::string_view line) {
  std::string_view content = trimmed(line);
  return !content.empty() && content.front() == '>';
}

// Where a comment starts on a line of code (a '#' outside strings), or npos.
std::size_t comment_start(std::string_view line) {
  bool in_string = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    char c = line[i];
    if (in_string && c == '\\') {
      ++i;
    } else if (c == '"') {
      in_string = !in_string;
    } else if (c == '#' && !in_string) {
      return i;
    }
  }
  return std::string_view::npos;
}

// Calls on_line(offset of the line, its text without the line end) for each line of `text`.
template <typename OnLine>
void for_each_line(std::string_view text, OnLine on_line) {
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    on_line(start, text.substr(start, end - start));
    if (end == text.size()) break;
    start = end + 1;
  }
}

}  // namespace

std::vector<SourceComment> comments_in(const SourceFile& source) {
  std::vector<SourceComment> comments;
  int line_number = 0;
  for_each_line(source.text(), [&](std::size_t offset, std::string_view line) {
    ++line_number;
    if (is_quote_line(line)) return;
    std::size_t start = comment_start(line);
    if (start == std::string_view::npos) return;
    comments.push_back(SourceComment{std::string(trimmed(line.substr(start + 1))),
                                     static_cast<std::uint32_t>(offset + start), line_number});
  });
  return comments;
}

std::string one_line_text(const SourceFile& source, Span span) {
  std::string result;
  for_each_line(source.slice(span), [&](std::size_t, std::string_view line) {
    std::size_t start = is_quote_line(line) ? std::string_view::npos : comment_start(line);
    std::string_view code = trimmed(start == std::string_view::npos ? line : line.substr(0, start));
    bool blank_pending = false;
    if (!code.empty() && !result.empty()) result += ' ';
    for (char c : code) {
      if (is_blank(c)) {
        blank_pending = true;
        continue;
      }
      if (blank_pending) result += ' ';
      blank_pending = false;
      result += c;
    }
  });
  return result;
}

std::vector<std::string> quote_lines_in(std::string_view text) {
  std::vector<std::string> lines;
  for_each_line(text, [&](std::size_t, std::string_view line) {
    if (is_quote_line(line)) lines.emplace_back(trimmed(trimmed(line).substr(1)));
  });
  return lines;
}

}  // namespace clause
