#pragma once
// A policy file's text and the mapping from byte offsets to lines and columns.
//
// Columns count characters (UTF-8 code points), not bytes: policies are full of
// Chinese, and a caret must sit under the character the message is about.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace clause {

// The largest policy file read: spans are 32-bit offsets, and no policy comes
// near (Luojiang's, every measure with its quoted text, is 12 KB).
inline constexpr std::size_t max_source_bytes = std::size_t{4} << 20;

// A half-open byte range [begin, end) into one SourceFile.
struct Span {
  std::uint32_t begin = 0;
  std::uint32_t end = 0;
  static Span covering(Span first, Span last) { return Span{first.begin, last.end}; }
};

struct Position {
  int line = 1;    // 1-based
  int column = 1;  // 1-based, in characters
};

class SourceFile {
 public:
  SourceFile(std::string name, std::string text);

  const std::string& name() const { return name_; }
  const std::string& text() const { return text_; }
  std::string_view slice(Span span) const;
  Position position(std::uint32_t offset) const;
  // The whole line holding `offset`, without its line end.
  std::string_view line_text(int line) const;

 private:
  std::string name_;
  std::string text_;
  std::vector<std::uint32_t> line_starts_;
};

// Number of characters in UTF-8 text (continuation bytes are not counted).
int character_count(std::string_view utf8);
// Display width for aligning a caret: CJK and full-width characters take two columns.
int display_width(std::string_view utf8);

}  // namespace clause
