#pragma once
// What the syntax tree leaves out of a policy's text: its comments, and a
// clause's text on one line without them, for reports that quote the policy.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "dsl/source.hpp"

namespace clause {

struct SourceComment {
  std::string text;     // after the '#', trimmed
  std::uint32_t offset; // of the '#'
  int line;
};

// Every `#` comment of the file, in order; a '#' inside a string or a `>` quote line is text.
std::vector<SourceComment> comments_in(const SourceFile& source);

// The text of a span on one line: comments dropped, runs of blanks and line breaks made one space.
std::string one_line_text(const SourceFile& source, Span span);

// The `>` quote lines within some text, without their '>' and surrounding blanks.
std::vector<std::string> quote_lines_in(std::string_view text);

}  // namespace clause
