#pragma once
// A population read once: every record of a JSON Lines text converted to facts
// (or to its error) and kept, so that a what-if or a sweep evaluates the same
// records many times without reading and converting them again.
//
// Evaluation runs on several threads; outcomes are handed back in input order,
// so results never depend on the number of threads.

#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "interpreter/evaluator.hpp"
#include "interpreter/facts_reader.hpp"
#include "interpreter/population.hpp"

namespace clause {

struct ReadRecord {
  int line = 0;
  Value facts;        // the facts record (a RecordValue) when the line is good
  std::string error;  // "$.year: missing required field" when it is not
  bool ok() const { return error.empty(); }
};

class RecordSet {
 public:
  // JSON Lines: one record per non-blank line, converted on `threads` threads (0: one per core).
  static RecordSet from_json_lines(std::string_view text, const FactsReader& reader, int threads);
  // One JSON document (a .json file): one record, line 1.
  static RecordSet from_document(std::string_view text, const FactsReader& reader);

  const std::vector<ReadRecord>& records() const { return records_; }

 private:
  std::vector<ReadRecord> records_;
};

// One record through one evaluator: its result, or the record's error, or the
// evaluation's (a division by zero, an overflow), never an exception.
RecordOutcome evaluate_read_record(const Evaluator& evaluator, const ReadRecord& record, bool explain);
// The same into an outcome that may hold an earlier record's, reusing its buffers.
void evaluate_read_record_into(const Evaluator& evaluator, const ReadRecord& record, bool explain, RecordOutcome& outcome);

// Evaluates every record with each evaluator, on `threads` threads (0: one per
// core), and calls `consume` on the calling thread, in input order, with the
// record's outcomes: one per evaluator, in the evaluators' order.
void evaluate_records(const RecordSet& records, const std::vector<const Evaluator*>& evaluators, int threads,
                      bool explain, const std::function<void(std::span<const RecordOutcome>)>& consume);

// Runs work(begin, end) over [0, count) split into contiguous ranges, one per thread.
void run_in_parallel(std::size_t count, int threads, const std::function<void(std::size_t begin, std::size_t end)>& work);

}  // namespace clause
