#include "interpreter/population.hpp"

#include <algorithm>
#include <array>
#include <cstring>
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
  evaluate_record_into(evaluator, reader, line, text, explain, outcome);
  return outcome;
}

void evaluate_record_into(const Evaluator& evaluator, const FactsReader& reader, int line, std::string_view text,
                          bool explain, RecordOutcome& outcome, bool in_place) {
  const FactsResult facts = in_place ? reader.read_in_place(text, line) : reader.read(text, line);
  evaluate_facts_into(evaluator, facts, line, explain, outcome);
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

// Workers claim records a chunk at a time: small enough that a slow chunk does
// not leave the other workers idle at the end of a batch, large enough that
// claiming costs nothing next to evaluating.
constexpr std::size_t records_per_chunk = 32;

}  // namespace

// Cuts the input into batches of whole, non-blank lines; what was read beyond a
// batch's last line starts the next batch.
//
// A batch's text is a buffer that only grows: its first `filled` bytes are the
// input read into it, the rest room for more. A string resized to each batch's
// length would write zeros over every byte before reading it, and copy the
// batch whenever it grew past its capacity: two more passes over the input.
//
// What was read beyond a batch (up to a read's 256 KB, 128 KB on average) is
// copied once, straight from that batch's buffer into the next one's, when the
// next is read: the batch read before is only evaluated in the meantime, never
// written. Only its first bytes, where the padding goes, are kept aside.
class PopulationRunner::BatchReader {
 public:
  BatchReader(std::FILE* input, std::size_t batch_lines) : input_(input), batch_lines_(batch_lines) {}

  // Fills `batch` (its storage reused); false when the input had nothing more.
  // The batch read before must not have been written since.
  bool read(Batch& batch) {
    std::string& text = batch.text;
    std::size_t filled = take_rest(text);
    batch.records.clear();
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
      std::string_view record(text.data() + scanned, newline - scanned);
      if (record.find_first_not_of(" \t\r") != std::string_view::npos) spans_.push_back({line_, {scanned, newline - scanned}});
      scanned = std::min(filled, newline + 1);
    }
    // So that each record can be read where it lies, the last one included.
    make_room(text, scanned + FactsReader::padding);
    leave_rest(text, scanned, filled);
    std::memset(text.data() + scanned, ' ', FactsReader::padding);
    for (const auto& [number, span] : spans_) {
      batch.records.emplace_back(number, std::string_view(text.data() + span.first, span.second));
    }
    return !batch.records.empty();
  }

 private:
  // Small enough that what is read is still in cache when the records are cut from it.
  static constexpr std::size_t read_size = 256 << 10;

  // Reads straight onto the end of the text's `filled` bytes (a copy through a
  // buffer of its own would be one more pass over the input); returns how many.
  std::size_t read_more(std::string& text, std::size_t filled) {
    make_room(text, filled + read_size);
    const std::size_t got = std::fread(text.data() + filled, 1, read_size, input_);
    if (got == 0) at_end_ = true;
    return got;
  }
  // At least `size` bytes in the buffer: it grows (and moves) only to a batch longer than any before.
  static void make_room(std::string& text, std::size_t size) {
    if (text.size() < size) text.resize(std::max(size, 2 * text.size()));
  }
  // Notes where the bytes from `scanned` to `filled` of the text lie, before the padding goes over their start.
  void leave_rest(const std::string& text, std::size_t scanned, std::size_t filled) {
    rest_ = std::string_view(text.data() + scanned, filled - scanned);
    rest_head_.assign(rest_.substr(0, FactsReader::padding));
  }
  // Puts the rest left by the batch read before at the start of `text`; returns its length.
  std::size_t take_rest(std::string& text) {
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

  std::FILE* input_;
  std::size_t batch_lines_;
  std::string_view rest_;  // read beyond the last batch, in its buffer
  std::string rest_head_;  // the first bytes of rest_, which that batch's padding covers
  std::vector<std::pair<int, std::pair<std::size_t, std::size_t>>> spans_;
  int line_ = 0;
  bool at_end_ = false;
};

void PopulationRunner::start(Batch& batch, const Render& render, WorkerPool& pool) {
  if (options_.observe_results) batch.outcomes.resize(batch.records.size() * versions_.size());
  batch.rendered.resize((batch.records.size() + records_per_chunk - 1) / records_per_chunk);
  next_chunk_ = 0;
  pool.start([this, &batch, &render](std::size_t) { evaluate_chunks(batch, render); });
}

namespace {

// The chunk's own sum, emptied for its records (with PopulationOptions::summary).
void start_afresh(std::unique_ptr<Summary>& summary) {
  if (summary) {
    summary->restart();
  } else {
    summary = std::make_unique<Summary>();
  }
}

}  // namespace

void PopulationRunner::evaluate_chunks(Batch& batch, const Render& render) {
  for (std::size_t chunk = next_chunk_++; chunk < batch.rendered.size(); chunk = next_chunk_++) {
    RenderedChunk& rendered = batch.rendered[chunk];
    rendered.text.clear();
    rendered.failures.clear();
    if (options_.summary) start_afresh(rendered.summary);
    std::size_t end = std::min(batch.records.size(), (chunk + 1) * records_per_chunk);
    for (std::size_t i = chunk * records_per_chunk; i < end; ++i) evaluate_and_render(batch, i, render, rendered);
  }
}

void PopulationRunner::evaluate_and_render(Batch& batch, std::size_t record, const Render& render, RenderedChunk& chunk) {
  const auto& [line, text] = batch.records[record];
  const std::size_t version_count = versions_.size();
  // Without observe_results, into the thread's own outcomes, which stay in its
  // cache (see PopulationOptions::observe_results); the observer gets what it reads.
  thread_local std::vector<RecordOutcome> own;
  if (!options_.observe_results && own.size() < version_count) own.resize(version_count);
  RecordOutcome* evaluated = options_.observe_results ? batch.outcomes.data() + record * version_count : own.data();
  // Versions that read with the same reader (a what-if's baseline and scenario;
  // two policy versions declaring the same facts) evaluate the same facts, read
  // once: reading is about half of a version's time. Each reading's facts are let
  // go of before the next, whose reader then reuses the thread's storage.
  for (std::size_t version = 0; version < version_count;) {
    const FactsReader* reader = versions_[version].reader;
    const FactsResult facts = reader->read_in_place(text, line);
    for (; version < version_count && versions_[version].reader == reader; ++version) {
      evaluate_facts_into(*versions_[version].evaluator, facts, line, options_.explain, evaluated[version]);
    }
  }
  if (render) render(evaluated[0], chunk.text);
  if (options_.summary) chunk.summary->add(evaluated[0]);
  if (options_.observe_results) return;
  // Only failures are written down: a line of the batch's outcomes written by
  // this core for every record, and read by the delivering one, would pass
  // between the two at every record.
  for (std::size_t version = 0; version < version_count; ++version) {
    if (!evaluated[version].ok) chunk.failures.push_back({record, version, evaluated[version].error});
  }
}

void PopulationRunner::observe_failures(const Batch& batch, const ObserveVersions& observe) {
  const std::size_t version_count = versions_.size();
  std::vector<RecordOutcome> shown(version_count);
  for (std::size_t chunk = 0; chunk < batch.rendered.size(); ++chunk) {
    const std::vector<Failure>& failures = batch.rendered[chunk].failures;
    auto failure = failures.begin();
    const std::size_t end = std::min(batch.records.size(), (chunk + 1) * records_per_chunk);
    for (std::size_t record = chunk * records_per_chunk; record < end; ++record) {
      for (std::size_t version = 0; version < version_count; ++version) {
        RecordOutcome& outcome = shown[version];
        outcome.line = batch.records[record].first;
        outcome.ok = failure == failures.end() || failure->record != record || failure->version != version;
        outcome.error.clear();
        if (!outcome.ok) outcome.error = (failure++)->error;
      }
      observe(shown);
    }
  }
}

void PopulationRunner::deliver(const Batch& batch, const ObserveVersions& observe,
                               const std::function<void(std::string_view)>& write) {
  if (options_.observe_results) {
    const std::span<const RecordOutcome> outcomes(batch.outcomes);
    for (std::size_t first = 0; first < outcomes.size(); first += versions_.size()) {
      observe(outcomes.subspan(first, versions_.size()));
    }
  } else {
    observe_failures(batch, observe);
  }
  for (const RenderedChunk& chunk : batch.rendered) {
    if (options_.summary) options_.summary->add(*chunk.summary);
    if (write) write(chunk.text);
  }
}

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
  BatchReader reader(input, options_.batch_lines);
  // Two batches, used in turn and never moved (records point into their text):
  // while the workers evaluate one, this thread delivers the other, evaluated
  // before, then reads the next batch into its place.
  std::array<Batch, 2> batches;
  // This thread evaluates too, once it has delivered and read: `--threads N`
  // keeps N threads busy, not N helpers and a reader taking turns on N cores.
  WorkerPool helpers(static_cast<std::size_t>(options_.threads - 1));
  long done = 0;
  auto deliver_evaluated = [&](Batch& batch) {
    if (batch.records.empty()) return;
    deliver(batch, observe, write);
    done += static_cast<long>(batch.records.size());
    batch.records.clear();
    if (progress) progress(done);
  };
  std::size_t current = 0;
  bool has_current = reader.read(batches[current]);
  while (has_current) {
    Batch& other = batches[1 - current];
    if (options_.stop && options_.stop->load()) {
      deliver_evaluated(other);
      return false;
    }
    start(batches[current], render, helpers);
    deliver_evaluated(other);
    bool has_next = reader.read(other);
    evaluate_chunks(batches[current], render);
    helpers.wait();
    current = 1 - current;
    has_current = has_next;
  }
  deliver_evaluated(batches[1 - current]);
  return true;
}

}  // namespace clause
