#include <doctest/doctest.h>

#include <string>

#include "dsl/utf8.hpp"

using clause::first_invalid_utf8;

TEST_CASE("valid UTF-8 passes: ASCII, Chinese, four-byte characters, the range's edges") {
  CHECK_FALSE(first_invalid_utf8(""));
  CHECK_FALSE(first_invalid_utf8("policy \"洛江区支持产业数字化转型若干措施\" 30万 10%"));
  CHECK_FALSE(first_invalid_utf8("\xF0\x9F\x98\x80"));          // U+1F600
  CHECK_FALSE(first_invalid_utf8("\xC2\x80\xDF\xBF"));          // U+0080, U+07FF
  CHECK_FALSE(first_invalid_utf8("\xE0\xA0\x80\xEF\xBF\xBF"));  // U+0800, U+FFFF
  CHECK_FALSE(first_invalid_utf8("\xF4\x8F\xBF\xBF"));          // U+10FFFF
}

TEST_CASE("the first bad byte is found where it is") {
  CHECK(first_invalid_utf8("ab\xFF") == 2u);
  CHECK(first_invalid_utf8("中\x80") == 3u);               // a stray continuation byte
  CHECK(first_invalid_utf8("x\xE4\xB8") == 1u);            // cut off at the end
  CHECK(first_invalid_utf8("\xE4\xB8x") == 0u);            // cut off by an ASCII byte
  CHECK(first_invalid_utf8("ok \xC0\xAF") == 3u);          // overlong '/'
  CHECK(first_invalid_utf8("\xE0\x9F\xBF") == 0u);         // overlong three-byte form
  CHECK(first_invalid_utf8("\xED\xA0\x80") == 0u);         // a surrogate, U+D800
  CHECK(first_invalid_utf8("\xF4\x90\x80\x80") == 0u);     // above U+10FFFF
  CHECK(first_invalid_utf8("\xF5\x80\x80\x80") == 0u);
  // GBK for 洛江 is not UTF-8.
  CHECK(first_invalid_utf8("区 \xC2\xE5\xBD\xAD") == 4u);
}

TEST_CASE("a quoted text is cut short at a character boundary, never inside one") {
  using clause::shortened;
  CHECK(shortened("", 5) == "");
  CHECK(shortened("abcde", 5) == "abcde");
  CHECK(shortened("abcdef", 5) == "abcde...");
  // 洛 is three bytes: a cut at byte 4 would split the second character, so it falls back to byte 3.
  CHECK(shortened("洛江区", 4) == "洛...");
  CHECK(shortened("洛江区", 6) == "洛江...");
  CHECK(shortened("洛江区", 9) == "洛江区");
}
