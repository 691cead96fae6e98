#pragma once
// A policy run over a population: JSON Lines read in batches from a stream,
// each batch evaluated on several threads, outcomes handed back in input order.
// A run may evaluate each record under several versions (a baseline and a
// what-if, two versions of a policy): each record is read once from the input
// and evaluated by every version while it is in cache.
//
// Memory stays flat however long the input is: a few batches are held at a
// time. Each thread takes the input in turn, reads a batch, evaluates it, and
// hands it over; batches are delivered in input order, by whichever thread
// finishes the one that is next. A batch is evaluated in the core that read it,
// so its text does not cross between cores. Results do not depend on the number
// of threads: every record is evaluated on its own, and outcomes are delivered
// in input order.

#include <atomic>
#include <cstdint>
#include <cstdio>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "interpreter/evaluator.hpp"
#include "interpreter/facts_reader.hpp"
#include "interpreter/line_batches.hpp"

namespace clause {

struct RecordOutcome {
  int line = 0;
  bool ok = false;
  std::string error;        // "$.recognitions[2].level: unknown ..." when !ok
  EvaluationResult result;  // when ok
};

// One record: read its facts, evaluate them; a bad record becomes an error, never an exception.
RecordOutcome evaluate_record(const Evaluator& evaluator, const FactsReader& reader, int line, std::string_view text,
                              bool explain);
// The same for facts already read (or failed to read) from that line, into
// `outcome`, reusing the storage it holds from an earlier record.
void evaluate_facts_into(const Evaluator& evaluator, const FactsResult& facts, int line, bool explain,
                         RecordOutcome& outcome);

class Summary;

// One way of evaluating every record: its evaluator, and the reader of its
// facts (two versions of a policy may declare different facts).
struct PopulationVersion {
  const Evaluator* evaluator = nullptr;
  const FactsReader* reader = nullptr;
};

struct PopulationOptions {
  int threads = 0;                // 0: one per hardware thread
  // Lines in a batch, read, evaluated and written together; at most, since all
  // the batches held at once hold at most 2,048 lines (512 a batch on two threads).
  std::size_t batch_lines = 1024;
  const std::atomic<bool>* stop = nullptr;  // set (by a signal handler) to stop between batches
  bool explain = true;            // build each measure's why (not needed for summaries and CSV)
  // Whether the observer reads each outcome's `result` (a summary does), or
  // only its line, `ok` and `error` (counting bad lines does). With it, each
  // record is evaluated into the batch's outcome for it: a batch's results in
  // turn, read again when the batch is delivered. Without it,
  // into the evaluating thread's own outcomes (one per record of a group of
  // 16), rendered and written over by the thread's next group, which stay in
  // that core's cache: a third faster with the why (2 KB a record), 8% without.
  bool observe_results = true;
  // When set, every record's outcome (under the first version) is added to it,
  // as if in input order: each batch is summed by the thread that evaluates
  // it, while its results are still in that core's cache, and the batches'
  // sums are added in input order as they are delivered (Summary::add of a
  // later part).
  Summary* summary = nullptr;
};

class PopulationRunner {
 public:
  // Renders one outcome (under the first version) into `out`; called on several
  // threads at once, so it must only read shared state.
  using Render = std::function<void(const RecordOutcome& outcome, std::string& out)>;
  // Called in input order, one call at a time, after the record's batch is
  // rendered, on whichever thread delivers the batch (so it must not depend on
  // being called on the caller's thread); the outcome's `result` is there only
  // with PopulationOptions::observe_results.
  using Observe = std::function<void(const RecordOutcome& outcome)>;
  // The same for a run of several versions: one outcome per version, in their order.
  using ObserveVersions = std::function<void(std::span<const RecordOutcome> outcomes)>;
  using Progress = std::function<void(long lines_done)>;

  PopulationRunner(const Evaluator& evaluator, const FactsReader& reader, PopulationOptions options);
  // Each record evaluated under every version (at least one).
  PopulationRunner(std::vector<PopulationVersion> versions, PopulationOptions options);

  // Reads `input` to its end (or until stopped); writes each batch's rendered text
  // with `write`, and reports progress, as the batch is delivered (see Observe).
  // Returns false if stopped early.
  bool run(std::FILE* input, const Render& render, const Observe& observe,
           const std::function<void(std::string_view)>& write, const Progress& progress = {});
  // Reads `input` to its end (or until stopped) and observes each record's
  // outcomes under all versions, rendering nothing. Returns false if stopped early.
  bool run_versions(std::FILE* input, const ObserveVersions& observe, const Progress& progress = {});

  // Evaluates one record (for single JSON documents and for tests).
  RecordOutcome evaluate(int line, std::string_view text) const;

 private:
  // An outcome that is not ok, as a batch writes it down (Batch::failures).
  struct Failure {
    std::size_t record = 0;  // in the batch
    std::size_t version = 0;
    std::string error;
  };
  // A batch of records, read, evaluated and rendered by one thread and
  // delivered, in input order, by whichever thread finishes the batch before
  // it. Each on cache lines of its own: threads append to different batches at
  // once, and two strings sharing a line would pass it between cores at every
  // append.
  struct alignas(64) Batch {
    std::string text;       // lines as read, padding, what was read beyond them
    NumberedLines records;  // line number, record text
    std::uint64_t sequence = 0;  // in the input, from 0
    // One per record and version, with PopulationOptions::observe_results; storage reused.
    std::vector<RecordOutcome> outcomes;
    std::string rendered;
    std::unique_ptr<Summary> summary;  // of the batch's records, with PopulationOptions::summary
    // Without PopulationOptions::observe_results, the outcomes that are not ok,
    // in record and version order: every other outcome is ok, and its line is
    // the record's.
    std::vector<Failure> failures;
  };
  class Pipeline;
  // Evaluates, renders and sums every record of the batch, a group of records at a time.
  void evaluate(Batch& batch, const Render& render) const;
  // The `count` records of the batch from its `first`th, each step taken for all
  // of them before the next: read, evaluated, then rendered and summed.
  void evaluate_group(Batch& batch, std::size_t first, std::size_t count, const Render& render) const;
  // Renders and sums the batch's `record`th record, its `outcomes` one per version, and notes its failures.
  void render_and_sum(Batch& batch, std::size_t record, const RecordOutcome* outcomes, const Render& render) const;
  // Observes each record's outcomes, under all versions, from the failures the batch wrote down.
  void observe_failures(const Batch& batch, const ObserveVersions& observe) const;
  // Observes the outcomes and writes the text of one batch, in input order.
  void deliver(const Batch& batch, const ObserveVersions& observe,
               const std::function<void(std::string_view)>& write) const;
  bool run_batches(std::FILE* input, const Render& render, const ObserveVersions& observe,
                   const std::function<void(std::string_view)>& write, const Progress& progress);

  std::vector<PopulationVersion> versions_;
  PopulationOptions options_;
};

}  // namespace clause
