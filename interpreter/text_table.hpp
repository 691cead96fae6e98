#pragma once
// A table for people: columns aligned by display width (a Chinese character takes
// two columns on a terminal), numbers right-aligned, no trailing blanks.

#include <string>
#include <vector>

namespace clause {

class TextTable {
 public:
  // `numeric[c]`: column c is right-aligned.
  explicit TextTable(std::vector<bool> numeric) : numeric_(std::move(numeric)) {}
  void add_row(std::vector<std::string> row) { rows_.push_back(std::move(row)); }
  std::string to_string() const;

 private:
  std::vector<bool> numeric_;
  std::vector<std::vector<std::string>> rows_;
};

// A field of a CSV row, quoted when it holds a comma, a quote or a line break.
void append_csv_cell(std::string_view field, std::string& out);

}  // namespace clause
