#include "dsl/source.hpp"

#include <algorithm>

namespace clause {

SourceFile::SourceFile(std::string name, std::string text) : name_(std::move(name)), text_(std::move(text)) {
  line_starts_.push_back(0);
  for (std::uint32_t i = 0; i < text_.size(); ++i) {
    if (text_[i] == '\n') line_starts_.push_back(i + 1);
  }
}

std::string_view SourceFile::slice(Span span) const {
  std::uint32_t begin = std::min<std::uint32_t>(span.begin, static_cast<std::uint32_t>(text_.size()));
  std::uint32_t end = std::clamp<std::uint32_t>(span.end, begin, static_cast<std::uint32_t>(text_.size()));
  return std::string_view(text_).substr(begin, end - begin);
}

Position SourceFile::position(std::uint32_t offset) const {
  auto after = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
  int line = static_cast<int>(after - line_starts_.begin());
  std::uint32_t line_start = line_starts_[static_cast<std::size_t>(line - 1)];
  std::uint32_t clamped = std::min<std::uint32_t>(offset, static_cast<std::uint32_t>(text_.size()));
  return Position{line, 1 + character_count(std::string_view(text_).substr(line_start, clamped - line_start))};
}

std::string_view SourceFile::line_text(int line) const {
  if (line < 1 || line > static_cast<int>(line_starts_.size())) return {};
  std::uint32_t begin = line_starts_[static_cast<std::size_t>(line - 1)];
  std::uint32_t end = line < static_cast<int>(line_starts_.size()) ? line_starts_[static_cast<std::size_t>(line)] - 1
                                                                   : static_cast<std::uint32_t>(text_.size());
  std::string_view result = std::string_view(text_).substr(begin, end - begin);
  if (!result.empty() && result.back() == '\r') result.remove_suffix(1);
  return result;
}

int character_count(std::string_view utf8) {
  return static_cast<int>(std::count_if(utf8.begin(), utf8.end(),
                                        [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

namespace {

// Decodes the code point starting at utf8[at]; advances `at`.
char32_t next_code_point(std::string_view utf8, std::size_t& at) {
  auto byte = [&](std::size_t i) { return static_cast<unsigned char>(utf8[i]); };
  unsigned char lead = byte(at);
  int length = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
  char32_t code = length == 1 ? lead : length == 2 ? lead & 0x1F : length == 3 ? lead & 0x0F : lead & 0x07;
  for (int i = 1; i < length && at + static_cast<std::size_t>(i) < utf8.size(); ++i) {
    code = (code << 6) | (byte(at + static_cast<std::size_t>(i)) & 0x3F);
  }
  at += static_cast<std::size_t>(length);
  return code;
}

bool is_wide(char32_t code) {
  return (code >= 0x1100 && code <= 0x115F) || (code >= 0x2E80 && code <= 0xA4CF) ||
         (code >= 0xAC00 && code <= 0xD7A3) || (code >= 0xF900 && code <= 0xFAFF) ||
         (code >= 0xFE30 && code <= 0xFE4F) || (code >= 0xFF00 && code <= 0xFF60) ||
         (code >= 0xFFE0 && code <= 0xFFE6) || (code >= 0x20000 && code <= 0x3FFFD);
}

}  // namespace

int display_width(std::string_view utf8) {
  int width = 0;
  for (std::size_t at = 0; at < utf8.size();) width += is_wide(next_code_point(utf8, at)) ? 2 : 1;
  return width;
}

}  // namespace clause
