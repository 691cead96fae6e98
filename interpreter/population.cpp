#include "interpreter/population.hpp"

#include <algorithm>
#include <array>
#include <thread>

#include "interpreter/expression_evaluator.hpp"

namespace clause {

PopulationRunner::PopulationRunner(const Evaluator& evaluator, const FactsReader& reader, PopulationOptions options)
    : evaluator_(evaluator), reader_(reader), options_(options) {
  if (options_.threads <= 0) options_.threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
}

RecordOutcome evaluate_record(const Evaluator& evaluator, const FactsReader& reader, int line, std::string_view text,
                              bool explain) {
  RecordOutcome outcome;
  evaluate_record_into(evaluator, reader, line, text, explain, outcome);
  return outcome;
}

void evaluate_record_into(const Evaluator& evaluator, const FactsReader& reader, int line, std::string_view text,
                          bool explain, RecordOutcome& outcome) {
  outcome.line = line;
  outcome.ok = false;
  outcome.error.clear();
  FactsResult facts = reader.read(text, line);
  if (auto* problem = std::get_if<FactsError>(&facts)) {
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
  return evaluate_record(evaluator_, reader_, line, text, options_.explain);
}

namespace {

// Workers claim records a chunk at a time: small enough that a slow chunk does
// not leave the other workers idle at the end of a batch, large enough that
// claiming costs nothing next to evaluating.
constexpr std::size_t records_per_chunk = 32;

}  // namespace

// Cuts the input into batches of whole, non-blank lines, keeping the start of a
// line whose end has not been read yet for the next batch.
class PopulationRunner::BatchReader {
 public:
  BatchReader(std::FILE* input, std::size_t batch_lines) : input_(input), batch_lines_(batch_lines), chunk_(1 << 20) {}

  // Fills `batch` (its storage reused); false when the input had nothing more.
  bool read(Batch& batch) {
    batch.text.swap(pending_);
    pending_.clear();
    batch.records.clear();
    // A line is recorded by offsets first, since the text may still grow (and
    // move) while the batch fills.
    spans_.clear();
    std::size_t scanned = 0;
    while (spans_.size() < batch_lines_ && !(at_end_ && scanned >= batch.text.size())) {
      std::size_t newline = batch.text.find('\n', scanned);
      if (newline == std::string::npos && !at_end_) {
        std::size_t got = std::fread(chunk_.data(), 1, chunk_.size(), input_);
        if (got == 0) at_end_ = true;
        batch.text.append(chunk_.data(), got);
        continue;
      }
      if (newline == std::string::npos) newline = batch.text.size();
      ++line_;
      std::string_view record(batch.text.data() + scanned, newline - scanned);
      if (record.find_first_not_of(" \t\r") != std::string_view::npos) spans_.push_back({line_, {scanned, newline - scanned}});
      scanned = newline + 1;
    }
    if (scanned < batch.text.size()) {
      pending_.assign(batch.text, scanned, std::string::npos);
      batch.text.resize(scanned);
    }
    for (const auto& [number, span] : spans_) {
      batch.records.emplace_back(number, std::string_view(batch.text.data() + span.first, span.second));
    }
    return !batch.records.empty();
  }

 private:
  std::FILE* input_;
  std::size_t batch_lines_;
  std::vector<char> chunk_;
  std::string pending_;
  std::vector<std::pair<int, std::pair<std::size_t, std::size_t>>> spans_;
  int line_ = 0;
  bool at_end_ = false;
};

void PopulationRunner::start(const Batch& batch, const Render& render, WorkerPool& pool) {
  outcomes_.resize(batch.records.size());
  rendered_.resize((batch.records.size() + records_per_chunk - 1) / records_per_chunk);
  next_chunk_ = 0;
  pool.start([this, &batch, &render](std::size_t) { evaluate_chunks(batch, render); });
}

void PopulationRunner::evaluate_chunks(const Batch& batch, const Render& render) {
  for (std::size_t chunk = next_chunk_++; chunk < rendered_.size(); chunk = next_chunk_++) {
    std::string& out = rendered_[chunk];
    out.clear();
    std::size_t end = std::min(batch.records.size(), (chunk + 1) * records_per_chunk);
    for (std::size_t i = chunk * records_per_chunk; i < end; ++i) {
      evaluate_record_into(evaluator_, reader_, batch.records[i].first, batch.records[i].second, options_.explain,
                           outcomes_[i]);
      render(outcomes_[i], out);
    }
  }
}

void PopulationRunner::deliver(const Batch& batch, const Observe& observe,
                               const std::function<void(std::string_view)>& write) {
  for (std::size_t i = 0; i < batch.records.size(); ++i) observe(outcomes_[i]);
  for (const std::string& chunk : rendered_) write(chunk);
}

bool PopulationRunner::run(std::FILE* input, const Render& render, const Observe& observe,
                           const std::function<void(std::string_view)>& write, const Progress& progress) {
  BatchReader batches(input, options_.batch_lines);
  // Two batches, used in turn and never moved: records point into their text.
  std::array<Batch, 2> batch;
  WorkerPool pool(static_cast<std::size_t>(options_.threads));
  std::size_t current = 0;
  bool has_current = batches.read(batch[current]);
  long done = 0;
  while (has_current) {
    if (options_.stop && options_.stop->load()) return false;
    start(batch[current], render, pool);
    bool has_next = batches.read(batch[1 - current]);
    pool.wait();
    deliver(batch[current], observe, write);
    done += static_cast<long>(batch[current].records.size());
    if (progress) progress(done);
    current = 1 - current;
    has_current = has_next;
  }
  return true;
}

}  // namespace clause
