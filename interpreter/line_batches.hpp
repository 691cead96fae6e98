#pragma once
// Cuts JSON Lines input into batches of whole, non-blank lines, each line
// numbered as in the file and followed by the padding the facts reader needs to
// read it where it lies.

#include <algorithm>
#include <cstdio>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace clause {

// A batch's lines: their numbers, and their text inside the batch's buffer.
using NumberedLines = std::vector<std::pair<int, std::string_view>>;

// What was read beyond a batch's last line starts the next batch.
//
// A batch's text is a buffer that only grows: its first `filled` bytes are the
// input read into it, the rest room for more. A string resized to each batch's
// length would write zeros over every byte before reading it, and copy the
// batch whenever it grew past its capacity: two more passes over the input.
//
// What was read beyond a batch (up to one read, half of it on average) is
// copied once, straight from that batch's buffer into the next one's, when the
// next is read: the batch read before is only read in the meantime (evaluated),
// never written. Only its first bytes, where the padding goes, are kept aside.
class LineBatchReader {
 public:
  LineBatchReader(std::FILE* input, std::size_t batch_lines)
      : input_(input),
        batch_lines_(batch_lines),
        read_size_(std::clamp(batch_lines * 512, fewest_bytes_read, most_bytes_read)) {}

  // Fills `text` and `lines` (their storage reused) with the next batch; false
  // when the input had nothing more. The buffer of the batch read before must
  // not have been written since, unless it is `text` itself.
  bool read(std::string& text, NumberedLines& lines);

 private:
  // At most 64 KB: small enough that what is read is still in cache when the
  // lines are cut from it, and that what is read beyond a batch, which the next
  // batch's thread copies from this one's cache, is a small part of a batch.
  // Smaller for small batches (about half a KB a line), whose buffers, one
  // read longer than their lines, would otherwise be mostly room.
  static constexpr std::size_t most_bytes_read = 64 << 10;
  static constexpr std::size_t fewest_bytes_read = 4 << 10;

  // Reads straight onto the end of the text's `filled` bytes (a copy through a
  // buffer of its own would be one more pass over the input); returns how many.
  std::size_t read_more(std::string& text, std::size_t filled);
  // Notes where the bytes from `scanned` to `filled` of the text lie, before the padding goes over their start.
  void leave_rest(const std::string& text, std::size_t scanned, std::size_t filled);
  // Puts the rest left by the batch read before at the start of `text`; returns its length.
  std::size_t take_rest(std::string& text);

  std::FILE* input_;
  std::size_t batch_lines_;
  std::size_t read_size_;
  std::string_view rest_;  // read beyond the last batch, in its buffer
  std::string rest_head_;  // the first bytes of rest_, which that batch's padding covers
  std::vector<std::pair<int, std::pair<std::size_t, std::size_t>>> spans_;  // line number, offset and length
  int line_ = 0;
  bool at_end_ = false;
};

}  // namespace clause
