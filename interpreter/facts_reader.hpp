#pragma once
// Reads facts (one JSON object per enterprise-year, or JSON Lines of them) onto
// the policy's Schema, exactly: money and every other number come from their
// written text, never through binary floating point.
//
// A record that breaks any rule of the contract (section 1, "Facts") is rejected
// with its first error: the line, the field path and what was expected.

#include <cstdint>
#include <cstring>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "interpreter/types.hpp"
#include "stdlib/value.hpp"

namespace clause {

struct FactsError {
  int line = 0;          // 1-based line in the input; 0 for a single document when unknown
  std::string path;      // "$.recognitions[2].level"; "$" for the whole record
  std::string message;   // "unknown 'galactic', expected one of national, provincial, municipal"

  // "$.recognitions[2].level: unknown 'galactic', expected one of ..." (the caller adds the line).
  std::string to_string() const;
};

// On success the Value holds the shared_ptr<const RecordValue> of the facts record.
using FactsResult = std::variant<Value, FactsError>;

// Finds a name's position in a fixed list (a record's fields, an enum's members)
// in about one probe: an open-addressed table built once per schema, instead of a
// walk through the list for every key and every enum value of every record.
class NameTable {
 public:
  NameTable() = default;
  explicit NameTable(const std::vector<std::string>& names);

  // The position of name in the list; nullopt when the list does not hold it.
  // Inlined on purpose: it runs for every key and enum value read, and a call
  // costs about as much as the probe.
  [[gnu::always_inline]] std::optional<std::size_t> find(std::string_view name) const {
    for (std::size_t slot = slot_of(name) & mask_; slots_[slot].position != 0; slot = (slot + 1) & mask_) {
      if (same_text(slots_[slot].name, name)) return slots_[slot].position - 1;
    }
    return std::nullopt;
  }

 private:
  // Length and the two end characters tell a record's fields apart well enough;
  // the comparison in find() settles the rest.
  [[gnu::always_inline]] static std::size_t slot_of(std::string_view name) {
    if (name.empty()) return 0;
    return name.size() ^ (static_cast<std::size_t>(static_cast<unsigned char>(name.front())) << 1) ^
           (static_cast<std::size_t>(static_cast<unsigned char>(name.back())) << 3);
  }
  // a == b for the short names of a schema, compared a word at a time in place:
  // a call to memcmp costs more than the comparison of a ten-byte key.
  [[gnu::always_inline]] static bool same_text(std::string_view a, std::string_view b) {
    const std::size_t size = a.size();
    if (size != b.size()) return false;
    const char* x = a.data();
    const char* y = b.data();
    if (size < 8) {
      for (std::size_t i = 0; i < size; ++i) {
        if (x[i] != y[i]) return false;
      }
      return true;
    }
    // Whole words, then the last word again where the size is not a multiple of 8.
    for (std::size_t at = 0; at + 8 < size; at += 8) {
      if (word_at(x + at) != word_at(y + at)) return false;
    }
    return word_at(x + size - 8) == word_at(y + size - 8);
  }
  [[gnu::always_inline]] static std::uint64_t word_at(const char* at) {
    std::uint64_t word;
    std::memcpy(&word, at, sizeof word);
    return word;
  }
  struct Slot {
    std::string name;
    std::size_t position = 0;  // the name's position + 1; 0 marks an empty slot
  };
  std::vector<Slot> slots_ = std::vector<Slot>(1);  // never full: find() stops at an empty slot
  std::size_t mask_ = 0;                            // slots_.size() - 1, a power of two less one
};

class FactsReader {
 public:
  // A record longer than this is refused with a clear error rather than read: no
  // enterprise-year needs a megabyte, and a runaway export should not stall a run.
  static constexpr std::size_t max_record_bytes = 1 << 20;

  // Keeps its own copy of the schema, so the reader may outlive the checker's.
  explicit FactsReader(const Schema& schema);

  // Reads one JSON document, one object, describing one record of schema.facts().
  // Thread-safe: each thread parses with its own simdjson parser.
  FactsResult read(std::string_view json_text, int line) const;

  // Readable bytes a record read in place needs after it: simdjson reads ahead
  // in blocks, and copying every line of a population only to pad it would cost
  // a pass over the whole input.
  static constexpr std::size_t padding = 64;
  // The same, reading json_text where it lies: at least `padding` readable bytes,
  // of any value (the lines that follow it, say), must come after it. The facts
  // are read into `tree`, whose records, lists and texts from an earlier record
  // are written over where nothing else still shares them; the Value returned
  // shares the tree, and the next read into it reuses its storage once that
  // Value is let go of.
  FactsResult read_in_place(std::string_view json_text, int line, Value& tree) const;

 private:
  FactsResult read_text(std::string_view json_text, int line, bool in_place, Value& tree) const;

  Schema schema_;
  // absent_values_[record][field]: the value a field takes when absent or null;
  // nullopt when its absence is an error.
  std::vector<std::vector<std::optional<Value>>> absent_values_;
  std::vector<NameTable> field_tables_;   // the field names of each record of schema_, same order
  std::vector<NameTable> member_tables_;  // the member names of each enum of schema_, same order
};

// Splits JSON Lines text on LF and calls on_line(line_number, text) for each line
// holding anything besides spaces, tabs and CR; blank lines are skipped but counted.
void for_each_json_line(std::string_view text, const std::function<void(int line, std::string_view record)>& on_line);

}  // namespace clause
