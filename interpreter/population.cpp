#include "interpreter/population.hpp"

#include <algorithm>
#include <condition_variable>
#include <exception>
#include <mutex>
#include <thread>

#include "interpreter/expression_evaluator.hpp"
#include "interpreter/summary.hpp"

namespace clause {

PopulationRunner::PopulationRunner(const Evaluator& evaluator, const FactsReader& reader, PopulationOptions options)
    : PopulationRunner(std::vector<PopulationVersion>{{&evaluator, &reader}}, options) {}

PopulationRunner::PopulationRunner(std::vector<PopulationVersion> versions, PopulationOptions options)
    : versions_(std::move(versions)), options_(options) {
  if (options_.threads <= 0) options_.threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
}

RecordOutcome evaluate_record(const Evaluator& evaluator, const FactsReader& reader, int line, std::string_view text,
                              bool explain) {
  RecordOutcome outcome;
  evaluate_facts_into(evaluator, reader.read(text, line), line, explain, outcome);
  return outcome;
}

void evaluate_facts_into(const Evaluator& evaluator, const FactsResult& facts, int line, bool explain,
                         RecordOutcome& outcome) {
  outcome.line = line;
  outcome.ok = false;
  outcome.error.clear();
  if (const auto* problem = std::get_if<FactsError>(&facts)) {
    outcome.error = problem->to_string();
    return;
  }
  try {
    evaluator.evaluate_into(std::get<Value>(facts).as_record(), explain, outcome.result);
    outcome.ok = true;
  } catch (const EvaluationFailure& failure) {
    outcome.error = failure.error.message;
  }
}

RecordOutcome PopulationRunner::evaluate(int line, std::string_view text) const {
  return evaluate_record(*versions_.front().evaluator, *versions_.front().reader, line, text, options_.explain);
}

namespace {

// The batch's own sum, emptied for its records (with PopulationOptions::summary).
void start_afresh(std::unique_ptr<Summary>& summary) {
  if (summary) {
    summary->restart();
  } else {
    summary = std::make_unique<Summary>();
  }
}

// Records are taken in groups, each step for the whole group before the next:
// all read, then all evaluated, then all rendered. Reading (simdjson and the
// facts reader), evaluating and rendering are each much of a core's 32 KB
// instruction cache; taken one record at a time, each step pushed the others'
// code out: 537 instruction-cache misses a record of `--format csv`
// (callgrind's cache simulation), 100 in groups of 16, for 8-11% less time
// (docs/performance.md, fourteenth session). The data cache misses more (a
// group's facts trees are read again a few records later), but those are
// second-level hits; groups of 8 to 64 measured within 5% of each other, 16 fastest.
constexpr std::size_t group_size = 16;

// One thread's storage for a group, kept from group to group: a facts tree for
// each record (read into again, its storage reused), what reading it gave, and
// without PopulationOptions::observe_results its outcomes (one per version).
struct GroupStorage {
  std::vector<Value> trees;
  std::vector<FactsResult> facts;
  std::vector<RecordOutcome> outcomes;
};

GroupStorage& group_storage(std::size_t version_count) {
  thread_local GroupStorage storage;
  if (storage.trees.size() < group_size) {
    storage.trees.resize(group_size);
    storage.facts.resize(group_size);
  }
  if (storage.outcomes.size() < group_size * version_count) storage.outcomes.resize(group_size * version_count);
  return storage;
}

}  // namespace

void PopulationRunner::evaluate(Batch& batch, const Render& render) const {
  if (options_.observe_results) batch.outcomes.resize(batch.records.size() * versions_.size());
  batch.rendered.clear();
  batch.failures.clear();
  if (options_.summary) start_afresh(batch.summary);
  for (std::size_t first = 0; first < batch.records.size(); first += group_size) {
    evaluate_group(batch, first, std::min(group_size, batch.records.size() - first), render);
  }
}

void PopulationRunner::evaluate_group(Batch& batch, std::size_t first, std::size_t count,
                                      const Render& render) const {
  const std::size_t version_count = versions_.size();
  GroupStorage& storage = group_storage(version_count);
  // With observe_results, into the batch's outcome for each record; without, into
  // the thread's own, which stay in its cache (see PopulationOptions::observe_results).
  auto outcomes_of = [&](std::size_t member) {
    return options_.observe_results ? batch.outcomes.data() + (first + member) * version_count
                                    : storage.outcomes.data() + member * version_count;
  };
  // Versions that read with the same reader (a what-if's baseline and scenario;
  // two policy versions declaring the same facts) evaluate the same facts, read
  // once: reading is about half of a version's time.
  for (std::size_t version = 0; version < version_count;) {
    const FactsReader& reader = *versions_[version].reader;
    for (std::size_t member = 0; member < count; ++member) {
      const auto& [line, text] = batch.records[first + member];
      storage.facts[member] = reader.read_in_place(text, line, storage.trees[member]);
    }
    for (; version < version_count && versions_[version].reader == &reader; ++version) {
      const Evaluator& evaluator = *versions_[version].evaluator;
      for (std::size_t member = 0; member < count; ++member) {
        evaluate_facts_into(evaluator, storage.facts[member], batch.records[first + member].first, options_.explain,
                            outcomes_of(member)[version]);
      }
    }
    // Let go of the facts, so that the next reading into the trees reuses their storage.
    for (std::size_t member = 0; member < count; ++member) storage.facts[member] = Value();
  }
  for (std::size_t member = 0; member < count; ++member) {
    render_and_sum(batch, first + member, outcomes_of(member), render);
  }
}

void PopulationRunner::render_and_sum(Batch& batch, std::size_t record, const RecordOutcome* outcomes,
                                      const Render& render) const {
  if (render) render(outcomes[0], batch.rendered);
  if (options_.summary) batch.summary->add(outcomes[0]);
  if (options_.observe_results) return;
  // Only failures are written down: the observer learns the rest from the batch's line numbers.
  for (std::size_t version = 0; version < versions_.size(); ++version) {
    if (!outcomes[version].ok) batch.failures.push_back({record, version, outcomes[version].error});
  }
}

void PopulationRunner::observe_failures(const Batch& batch, const ObserveVersions& observe) const {
  const std::size_t version_count = versions_.size();
  std::vector<RecordOutcome> shown(version_count);
  auto failure = batch.failures.begin();
  for (std::size_t record = 0; record < batch.records.size(); ++record) {
    for (std::size_t version = 0; version < version_count; ++version) {
      RecordOutcome& outcome = shown[version];
      outcome.line = batch.records[record].first;
      outcome.ok = failure == batch.failures.end() || failure->record != record || failure->version != version;
      outcome.error.clear();
      if (!outcome.ok) outcome.error = (failure++)->error;
    }
    observe(shown);
  }
}

void PopulationRunner::deliver(const Batch& batch, const ObserveVersions& observe,
                               const std::function<void(std::string_view)>& write) const {
  if (options_.observe_results) {
    const std::span<const RecordOutcome> outcomes(batch.outcomes);
    for (std::size_t first = 0; first < outcomes.size(); first += versions_.size()) {
      observe(outcomes.subspan(first, versions_.size()));
    }
  } else {
    observe_failures(batch, observe);
  }
  if (options_.summary) options_.summary->add(*batch.summary);
  if (write) write(batch.rendered);
}

// One run's threads and what they share: the input, which one thread at a time
// reads a batch from, and the batches, delivered in input order by whichever
// thread finishes the one that is next. A thread never waits for another to
// deliver: it leaves its batch with the ones waiting and reads the next, unless
// every batch is taken, which happens only when it is a batch or more ahead.
//
// A batch is taken by whichever thread comes next, which may write a buffer
// the other core wrote last; keeping two batches to each thread was measured
// no faster.
class PopulationRunner::Pipeline {
 public:
  Pipeline(const PopulationRunner& runner, std::FILE* input, const Render& render, const ObserveVersions& observe,
           const std::function<void(std::string_view)>& write, const Progress& progress)
      : runner_(runner), render_(render), observe_(observe), write_(write), progress_(progress),
        reader_(input, lines_per_batch(runner.options_)) {
    batches_.resize(batch_count(runner.options_));
    for (Batch& batch : batches_) free_.push_back(&batch);
  }

  // What every thread of the run does, the calling one included, until the
  // input ends, the run is stopped, or a thread fails (its exception is
  // rethrown on the thread it was thrown on; the others stop between batches).
  void work() {
    try {
      while (Batch* batch = take_free()) {
        if (!read(*batch)) {
          give_back(batch);
          return;
        }
        runner_.evaluate(*batch, render_);
        hand_over(batch);
      }
    } catch (...) {
      fail();
      throw;
    }
  }

  bool stopped() const { return stopped_; }

 private:
  // A batch to read into; none once the run has failed.
  Batch* take_free() {
    std::unique_lock lock(delivery_mutex_);
    batch_freed_.wait(lock, [&] { return failed_ || !free_.empty(); });
    if (failed_) return nullptr;
    Batch* batch = free_.back();
    free_.pop_back();
    return batch;
  }

  void give_back(Batch* batch) {
    std::lock_guard lock(delivery_mutex_);
    free_.push_back(batch);
    batch_freed_.notify_one();
  }

  // The next batch of the input; false once it has ended, or the run is stopped.
  bool read(Batch& batch) {
    std::lock_guard lock(input_mutex_);
    if (input_ended_) return false;
    const std::atomic<bool>* stop = runner_.options_.stop;
    stopped_ = stop && stop->load();
    input_ended_ = stopped_ || !reader_.read(batch.text, batch.records);
    if (input_ended_) return false;
    batch.sequence = next_sequence_++;
    return true;
  }

  // Leaves the evaluated batch to be delivered and, unless another thread is
  // delivering, delivers every batch that is next, its own or others'.
  void hand_over(Batch* batch) {
    std::unique_lock lock(delivery_mutex_);
    evaluated_.push_back(batch);
    if (delivering_) return;
    delivering_ = true;
    while (Batch* next = take_next()) {
      lock.unlock();
      runner_.deliver(*next, observe_, write_);
      delivered_lines_ += static_cast<long>(next->records.size());
      if (progress_) progress_(delivered_lines_);
      lock.lock();
      free_.push_back(next);
      batch_freed_.notify_one();
    }
    delivering_ = false;
  }

  // The evaluated batch that is next in the input, taken from those waiting; none if it is still being evaluated.
  Batch* take_next() {
    auto next = std::find_if(evaluated_.begin(), evaluated_.end(),
                             [&](const Batch* batch) { return batch->sequence == next_to_deliver_; });
    if (next == evaluated_.end()) return nullptr;
    Batch* batch = *next;
    evaluated_.erase(next);
    ++next_to_deliver_;
    return batch;
  }

  void fail() {
    std::lock_guard lock(delivery_mutex_);
    failed_ = true;
    batch_freed_.notify_all();
  }

  const PopulationRunner& runner_;
  const Render& render_;
  const ObserveVersions& observe_;
  const std::function<void(std::string_view)>& write_;
  const Progress& progress_;

  std::mutex input_mutex_;  // guards what follows, up to delivery_mutex_
  LineBatchReader reader_;
  std::uint64_t next_sequence_ = 0;
  bool input_ended_ = false;
  bool stopped_ = false;

  static constexpr std::size_t batches_per_thread = 2;  // one evaluated, one waiting to be delivered or read
  // Lines held at once in all the batches together, so that memory stays flat
  // however many threads there are (with the why, about 3 KB a line): more
  // threads take smaller batches, down to a few lines.
  static constexpr std::size_t most_lines_held = 2048;
  static constexpr std::size_t fewest_lines_per_batch = 8;
  static std::size_t batch_count(const PopulationOptions& options) {
    return batches_per_thread * static_cast<std::size_t>(options.threads);
  }
  static std::size_t lines_per_batch(const PopulationOptions& options) {
    return std::min(options.batch_lines, std::max(fewest_lines_per_batch, most_lines_held / batch_count(options)));
  }
  // Never resized once the run starts: records point into the batches' text.
  std::vector<Batch> batches_;
  std::mutex delivery_mutex_;  // guards what follows
  std::condition_variable batch_freed_;
  std::vector<Batch*> free_;
  std::vector<Batch*> evaluated_;  // waiting to be delivered, in any order
  std::uint64_t next_to_deliver_ = 0;
  bool delivering_ = false;  // by one thread at a time, so observe, write and progress see batches in order
  bool failed_ = false;
  long delivered_lines_ = 0;
};

bool PopulationRunner::run(std::FILE* input, const Render& render, const Observe& observe,
                           const std::function<void(std::string_view)>& write, const Progress& progress) {
  auto observe_first = [&observe](std::span<const RecordOutcome> outcomes) { observe(outcomes.front()); };
  return run_batches(input, render, observe_first, write, progress);
}

bool PopulationRunner::run_versions(std::FILE* input, const ObserveVersions& observe, const Progress& progress) {
  return run_batches(input, {}, observe, {}, progress);
}

bool PopulationRunner::run_batches(std::FILE* input, const Render& render, const ObserveVersions& observe,
                                   const std::function<void(std::string_view)>& write, const Progress& progress) {
  Pipeline pipeline(*this, input, render, observe, write, progress);
  // The calling thread works too: `--threads N` keeps N threads busy.
  std::vector<std::jthread> helpers;
  std::vector<std::exception_ptr> failures(static_cast<std::size_t>(options_.threads));
  for (std::size_t helper = 1; helper < failures.size(); ++helper) {
    helpers.emplace_back([&pipeline, &failure = failures[helper]] {
      try {
        pipeline.work();
      } catch (...) {
        failure = std::current_exception();
      }
    });
  }
  try {
    pipeline.work();
  } catch (...) {
    failures.front() = std::current_exception();
  }
  helpers.clear();  // joins them
  for (const std::exception_ptr& failure : failures) {
    if (failure) std::rethrow_exception(failure);
  }
  return !pipeline.stopped();
}

}  // namespace clause
