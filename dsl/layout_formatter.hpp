#pragma once
// `clause fmt`: one layout for every policy, without touching what a line says.
//
// Only white space between lines and at their edges changes: each block is
// indented two spaces a level (a line indented deeper than its block, such as
// a continued expression or a table's header row, keeps the extra), trailing
// blanks go, runs of blank lines become one, lines end in LF and the file in
// one newline. Comments, quotes of the law, strings and the alignment inside a
// line (a table's columns) are kept exactly, so formatting cannot change a
// result, and formatting twice gives what formatting once gave.

#include <string>
#include <string_view>

namespace clause {

std::string format_layout(std::string_view text);

}  // namespace clause
