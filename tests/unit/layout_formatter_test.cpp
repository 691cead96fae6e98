// clause fmt's layout: block indentation, blank lines and trailing blanks change;
// nothing a line says does.

#include <doctest/doctest.h>

#include "dsl/layout_formatter.hpp"

using clause::format_layout;

TEST_CASE("blocks are indented two spaces a level; continuations keep their extra indentation") {
  std::string messy =
      "policy \"x\" {\n      valid 2024-01-01 to 2024-12-31   \n      evaluation_year 2024\n}\n\n\n\n"
      "measure 一 \"m\" {\n    > 条文 { 不是块\n    amount if spend > 0 then spend * 10%\n           else 0\n      }\n\n\n";
  std::string expected =
      "policy \"x\" {\n  valid 2024-01-01 to 2024-12-31\n  evaluation_year 2024\n}\n\n"
      "measure 一 \"m\" {\n  > 条文 { 不是块\n  amount if spend > 0 then spend * 10%\n         else 0\n}\n";
  CHECK(format_layout(messy) == expected);
  CHECK(format_layout(expected) == expected);
}

TEST_CASE("braces in strings, comments and quotes do not open blocks") {
  std::string text = "facts {\n  a: text = \"}\"   # {\n  b: money\n}\n> { a quote\nmeasure 一 \"{\" {\n  amount b\n}\n";
  CHECK(format_layout(text) == text);
}

TEST_CASE("a table keeps its columns: the header row stays deeper than the rows") {
  std::string text =
      "table t by a × b {\n                  x    y\n  first:          1万  —\n  second_member:  2万  3万\n}\n";
  CHECK(format_layout(text) == text);
  std::string shifted =
      "table t by a × b {\n                      x    y\n      first:          1万  —\n      second_member:  2万  3万\n}\n";
  CHECK(format_layout(shifted) == text);
}

TEST_CASE("CRLF and a missing final newline") {
  CHECK(format_layout("facts {\r\n  a: money\r\n}") == "facts {\n  a: money\n}\n");
}
