#include "dsl/layout_formatter.hpp"

#include <algorithm>
#include <climits>
#include <vector>

namespace clause {
namespace {

struct Line {
  std::string_view content;  // without its indentation and trailing blanks
  int indent = 0;            // columns of the original indentation (a tab counts 2: one level)
  int depth = 0;             // open braces before the line, less the ones it starts by closing
  int block = -1;            // the block it stands in, -1 at the top level
  bool closes = false;       // starts by closing a block: it stands at that block's opening level
  bool blank() const { return content.empty(); }
};

std::vector<std::string_view> split_lines(std::string_view text) {
  std::vector<std::string_view> lines;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    lines.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return lines;
}

Line measure_line(std::string_view raw) {
  Line line;
  std::size_t at = 0;
  for (; at < raw.size() && (raw[at] == ' ' || raw[at] == '\t'); ++at) line.indent += raw[at] == '\t' ? 2 : 1;
  std::size_t end = raw.size();
  while (end > at && (raw[end - 1] == ' ' || raw[end - 1] == '\t' || raw[end - 1] == '\r')) --end;
  line.content = raw.substr(at, end - at);
  return line;
}

// Braces opened minus closed on a line, outside strings, comments and quotes of
// the law; `leading_closes` counts the `}` the line starts with.
int brace_balance(std::string_view content, int& leading_closes) {
  leading_closes = 0;
  if (!content.empty() && content.front() == '>') return 0;  // a quote: text, braces and all
  int balance = 0;
  bool in_string = false;
  bool leading = true;
  for (std::size_t i = 0; i < content.size(); ++i) {
    char c = content[i];
    if (in_string) {
      if (c == '\\') ++i;
      else if (c == '"') in_string = false;
      continue;
    }
    if (c == '#') break;
    if (c == '"') in_string = true;
    if (c == '{') ++balance;
    if (c == '}') {
      --balance;
      if (leading) ++leading_closes;
    }
    if (c != '}' && c != ' ' && c != '\t') leading = false;
  }
  return balance;
}

// Each line's depth and block, and each block's least indentation.
std::vector<Line> measure_lines(std::string_view text, std::vector<int>& block_indent) {
  std::vector<Line> lines;
  std::vector<int> open_blocks;
  for (std::string_view raw : split_lines(text)) {
    Line line = measure_line(raw);
    int leading_closes = 0;
    int balance = line.blank() ? 0 : brace_balance(line.content, leading_closes);
    int closes = std::min<int>(leading_closes, static_cast<int>(open_blocks.size()));
    line.depth = static_cast<int>(open_blocks.size()) - closes;
    line.block = line.depth > 0 ? open_blocks[static_cast<std::size_t>(line.depth - 1)] : -1;
    line.closes = closes > 0;
    if (!line.blank() && closes == 0 && line.block >= 0) {
      int& least = block_indent[static_cast<std::size_t>(line.block)];
      least = std::min(least, line.indent);
    }
    for (int i = 0; i < balance && balance > 0; ++i) {
      open_blocks.push_back(static_cast<int>(block_indent.size()));
      block_indent.push_back(INT_MAX);
    }
    for (int i = 0; i < -balance && !open_blocks.empty(); ++i) open_blocks.pop_back();
    lines.push_back(line);
  }
  return lines;
}

}  // namespace

std::string format_layout(std::string_view text) {
  std::vector<int> block_indent;
  std::vector<Line> lines = measure_lines(text, block_indent);
  std::string out;
  bool pending_blank = false;
  for (const Line& line : lines) {
    if (line.blank()) {
      pending_blank = !out.empty();  // none at the start of the file
      continue;
    }
    if (pending_blank) out += '\n';
    pending_blank = false;
    int extra = line.block >= 0 ? std::max(0, line.indent - block_indent[static_cast<std::size_t>(line.block)]) : line.indent;
    if (line.closes) extra = 0;
    out.append(static_cast<std::size_t>(2 * line.depth + extra), ' ');
    out += line.content;
    out += '\n';
  }
  return out;
}

}  // namespace clause
