#include "interpreter/text_table.hpp"

#include <algorithm>

#include "dsl/source.hpp"

namespace clause {

std::string TextTable::to_string() const {
  std::vector<int> widths;
  for (const auto& row : rows_) {
    widths.resize(std::max(widths.size(), row.size()), 0);
    for (std::size_t c = 0; c < row.size(); ++c) widths[c] = std::max(widths[c], display_width(row[c]));
  }
  std::string out;
  for (const auto& row : rows_) {
    std::string line;
    for (std::size_t c = 0; c < row.size(); ++c) {
      std::string padding(static_cast<std::size_t>(widths[c] - display_width(row[c])), ' ');
      bool right = c < numeric_.size() && numeric_[c];
      line += (c ? "  " : "") + (right ? padding + row[c] : row[c] + padding);
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out += line + "\n";
  }
  return out;
}

void append_csv_cell(std::string_view field, std::string& out) {
  // One pass over the field: find_first_of would search the set once per character.
  const bool needs_quotes =
      std::any_of(field.begin(), field.end(), [](char c) { return c == ',' || c == '"' || c == '\n' || c == '\r'; });
  if (!needs_quotes) {
    out += field;
    return;
  }
  out += '"';
  for (char c : field) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
}

}  // namespace clause
