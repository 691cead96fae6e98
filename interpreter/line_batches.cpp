#include "interpreter/line_batches.hpp"

#include <algorithm>
#include <cstring>

#include "interpreter/facts_reader.hpp"

namespace clause {

namespace {

// At least `size` bytes in the buffer: it grows (and moves) only to a batch longer than any before.
void make_room(std::string& text, std::size_t size) {
  if (text.size() < size) text.resize(std::max(size, 2 * text.size()));
}

}  // namespace

bool LineBatchReader::read(std::string& text, NumberedLines& lines) {
  std::size_t filled = take_rest(text);
  lines.clear();
  // A line is recorded by offsets first, since the text may still grow (and
  // move) while the batch fills.
  spans_.clear();
  std::size_t scanned = 0;
  while (spans_.size() < batch_lines_ && !(at_end_ && scanned >= filled)) {
    const auto* found = static_cast<const char*>(std::memchr(text.data() + scanned, '\n', filled - scanned));
    if (found == nullptr && !at_end_) {
      filled += read_more(text, filled);
      continue;
    }
    const std::size_t newline = found ? static_cast<std::size_t>(found - text.data()) : filled;
    ++line_;
    std::string_view line(text.data() + scanned, newline - scanned);
    if (line.find_first_not_of(" \t\r") != std::string_view::npos) {
      spans_.push_back({line_, {scanned, newline - scanned}});
    }
    scanned = std::min(filled, newline + 1);
  }
  // So that each line can be read where it lies, the last one included.
  make_room(text, scanned + FactsReader::padding);
  leave_rest(text, scanned, filled);
  std::memset(text.data() + scanned, ' ', FactsReader::padding);
  for (const auto& [number, span] : spans_) {
    lines.emplace_back(number, std::string_view(text.data() + span.first, span.second));
  }
  return !lines.empty();
}

std::size_t LineBatchReader::read_more(std::string& text, std::size_t filled) {
  make_room(text, filled + read_size_);
  const std::size_t got = std::fread(text.data() + filled, 1, read_size_, input_);
  if (got == 0) at_end_ = true;
  return got;
}

void LineBatchReader::leave_rest(const std::string& text, std::size_t scanned, std::size_t filled) {
  rest_ = std::string_view(text.data() + scanned, filled - scanned);
  rest_head_.assign(rest_.substr(0, FactsReader::padding));
}

std::size_t LineBatchReader::take_rest(std::string& text) {
  const std::size_t length = rest_.size();
  if (length == 0) return 0;  // before the first batch, rest_ points nowhere: memmove must not be given it
  make_room(text, length);  // never moves the rest: were it in this very text, the text would be longer already
  const std::size_t head = rest_head_.size();
  // The tail first: should the rest lie in this very text, it moves towards the start.
  std::memmove(text.data() + head, rest_.data() + head, length - head);
  std::memcpy(text.data(), rest_head_.data(), head);
  rest_ = {};
  return length;
}

}  // namespace clause
