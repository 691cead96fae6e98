#pragma once
// A policy run over a population: JSON Lines read in batches from a stream,
// each batch evaluated on several threads, outcomes handed back in input order.
// A run may evaluate each record under several versions (a baseline and a
// what-if, two versions of a policy): each record is read once from the input
// and evaluated by every version while it is in cache.
//
// Memory stays flat however long the input is: two batches are held at a time,
// one evaluated by the helper threads while the calling thread delivers the
// other (evaluated before), reads the next batch into its place, and then joins
// in evaluating. Results do not depend on the number of threads: every record
// is evaluated on its own, and outcomes are delivered in input order.

#include <atomic>
#include <cstdio>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "interpreter/evaluator.hpp"
#include "interpreter/facts_reader.hpp"
#include "interpreter/worker_pool.hpp"

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
// The same into `outcome`, reusing the storage it holds from an earlier record.
// `in_place`: the text is read where it lies, FactsReader::padding readable bytes following it.
void evaluate_record_into(const Evaluator& evaluator, const FactsReader& reader, int line, std::string_view text,
                          bool explain, RecordOutcome& outcome, bool in_place = false);

// The same for facts already read (or failed to read) from that line.
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
  std::size_t batch_lines = 1024; // records evaluated between two writes
  const std::atomic<bool>* stop = nullptr;  // set (by a signal handler) to stop between batches
  bool explain = true;            // build each measure's why (not needed for summaries and CSV)
  // Whether the observer reads each outcome's `result` (a summary does), or
  // only its line, `ok` and `error` (counting bad lines does). With it, each
  // record is evaluated into the batch's outcome for it: a few thousand results
  // in turn, each written by whichever thread takes the record. Without it,
  // into the evaluating thread's own outcome, rendered and written over by the
  // thread's next record, which stays in that core's cache: a third faster
  // with the why (2 KB a record), 8% without.
  bool observe_results = true;
  // When set, every record's outcome (under the first version) is added to it,
  // as if in input order: each chunk of records is summed by the thread that
  // evaluates it, while its results are still in that core's cache, and the
  // chunks' sums are added in input order as they are delivered (Summary::add
  // of a later part).
  Summary* summary = nullptr;
};

class PopulationRunner {
 public:
  // Renders one outcome (under the first version) into `out`; called on several
  // threads at once, so it must only read shared state.
  using Render = std::function<void(const RecordOutcome& outcome, std::string& out)>;
  // Called on the calling thread, in input order, after the batch is rendered;
  // the outcome's `result` is there only with PopulationOptions::observe_results.
  using Observe = std::function<void(const RecordOutcome& outcome)>;
  // The same for a run of several versions: one outcome per version, in their order.
  using ObserveVersions = std::function<void(std::span<const RecordOutcome> outcomes)>;
  using Progress = std::function<void(long lines_done)>;

  PopulationRunner(const Evaluator& evaluator, const FactsReader& reader, PopulationOptions options);
  // Each record evaluated under every version (at least one).
  PopulationRunner(std::vector<PopulationVersion> versions, PopulationOptions options);

  // Reads `input` to its end (or until stopped); writes each batch's rendered text
  // with `write`. Returns false if stopped early.
  bool run(std::FILE* input, const Render& render, const Observe& observe,
           const std::function<void(std::string_view)>& write, const Progress& progress = {});
  // Reads `input` to its end (or until stopped) and observes each record's
  // outcomes under all versions, rendering nothing. Returns false if stopped early.
  bool run_versions(std::FILE* input, const ObserveVersions& observe, const Progress& progress = {});

  // Evaluates one record (for single JSON documents and for tests).
  RecordOutcome evaluate(int line, std::string_view text) const;

 private:
  // An outcome that is not ok, as a chunk writes it down (RenderedChunk::failures).
  struct Failure {
    std::size_t record = 0;  // in the batch
    std::size_t version = 0;
    std::string error;
  };
  // The text of one chunk of records. Each on a cache line of its own: threads
  // append to neighbouring chunks at once, and two strings sharing a line would
  // pass it between cores at every append.
  struct alignas(64) RenderedChunk {
    std::string text;
    std::unique_ptr<Summary> summary;  // of the chunk's records, with PopulationOptions::summary
    // Without PopulationOptions::observe_results, the outcomes that are not ok,
    // in record and version order: every other outcome is ok, and its line is
    // the record's. Only a failure is written down, by the thread that met it.
    std::vector<Failure> failures;
  };
  // A batch carries its outcomes and rendered text, so it can be delivered
  // while the workers evaluate the next one.
  struct Batch {
    std::string text;                                       // lines as read, padding, what was read beyond them
    std::vector<std::pair<int, std::string_view>> records;  // line number, record text
    // One per record and version, with PopulationOptions::observe_results; storage reused.
    std::vector<RecordOutcome> outcomes;
    std::vector<RenderedChunk> rendered;                    // one per chunk of records
  };
  class BatchReader;
  // Hands the batch to the helper threads and returns at once (with none, evaluates it first).
  void start(Batch& batch, const Render& render, WorkerPool& pool);
  void evaluate_chunks(Batch& batch, const Render& render);
  // Evaluates and renders the batch's `record`th record into its chunk (and the chunk's summary, when there is one).
  void evaluate_and_render(Batch& batch, std::size_t record, const Render& render, RenderedChunk& chunk);
  // Observes each record's outcomes, under all versions, from the failures its chunk wrote down.
  void observe_failures(const Batch& batch, const ObserveVersions& observe);
  // Observes the outcomes and writes the text, in input order, on the calling thread.
  void deliver(const Batch& batch, const ObserveVersions& observe, const std::function<void(std::string_view)>& write);
  bool run_batches(std::FILE* input, const Render& render, const ObserveVersions& observe,
                   const std::function<void(std::string_view)>& write, const Progress& progress);

  std::vector<PopulationVersion> versions_;
  PopulationOptions options_;
  std::atomic<std::size_t> next_chunk_{0};
};

}  // namespace clause
