// Fuzz target: any bytes as a JSON Lines population, evaluated on a fixed policy
// (Luojiang) with the why, and written out as JSON, the table and CSV.
//
// Checks what the users rely on: one output line per non-blank input line, bad
// lines included; no crash, no sanitizer report, no exception escaping.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_policy_fixture.hpp"
#include "interpreter/population.hpp"
#include "interpreter/result_writer.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const clause::fuzz::PolicyFixture& fixture = clause::fuzz::fixture();
  std::string_view text(reinterpret_cast<const char*>(data), size);
  int non_blank_lines = 0;
  std::size_t written_lines = 0;
  clause::for_each_json_line(text, [&](int line, std::string_view record) {
    ++non_blank_lines;
    clause::RecordOutcome outcome = clause::evaluate_record(fixture.evaluator, fixture.reader, line, record, true);
    std::string out;
    if (outcome.ok) {
      clause::append_result_json(outcome.result, clause::Language::zh, false, out);
      out += clause::result_table(outcome.result, clause::Language::en);
      clause::append_csv_row(&outcome.result, line, "", outcome.result.measures.size(), out);
    } else {
      out = clause::error_json(line, outcome.error);
      if (outcome.error.empty()) __builtin_trap();
    }
    if (!out.empty()) ++written_lines;
  });
  if (written_lines != static_cast<std::size_t>(non_blank_lines)) __builtin_trap();
  return 0;
}
