#pragma once
// Reads facts (one JSON object per enterprise-year, or JSON Lines of them) onto
// the policy's Schema, exactly: money and every other number come from their
// written text, never through binary floating point.
//
// A record that breaks any rule of the contract (section 1, "Facts") is rejected
// with its first error: the line, the field path and what was expected.

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

 private:
  Schema schema_;
  // absent_values_[record][field]: the value a field takes when absent or null;
  // nullopt when its absence is an error.
  std::vector<std::vector<std::optional<Value>>> absent_values_;
};

// Splits JSON Lines text on LF and calls on_line(line_number, text) for each line
// holding anything besides spaces, tabs and CR; blank lines are skipped but counted.
void for_each_json_line(std::string_view text, const std::function<void(int line, std::string_view record)>& on_line);

}  // namespace clause
