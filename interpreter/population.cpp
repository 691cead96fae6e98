#include "interpreter/population.hpp"

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

void PopulationRunner::process(Batch& batch, const Render& render, const Observe& observe,
                               const std::function<void(std::string_view)>& write) {
  std::size_t count = batch.records.size();
  outcomes_.resize(count);
  std::size_t workers = std::min<std::size_t>(static_cast<std::size_t>(options_.threads), std::max<std::size_t>(1, count / 64));
  rendered_.resize(workers);
  // Each worker takes one contiguous slice, so concatenating the slices keeps input order.
  auto work = [&](std::size_t worker) {
    std::size_t begin = count * worker / workers;
    std::size_t end = count * (worker + 1) / workers;
    std::string& out = rendered_[worker];
    out.clear();
    for (std::size_t i = begin; i < end; ++i) {
      evaluate_record_into(evaluator_, reader_, batch.records[i].first, batch.records[i].second, options_.explain,
                           outcomes_[i]);
      render(outcomes_[i], out);
    }
  };
  std::vector<std::thread> threads;
  for (std::size_t worker = 1; worker < workers; ++worker) threads.emplace_back(work, worker);
  work(0);
  for (std::thread& thread : threads) thread.join();
  for (std::size_t i = 0; i < count; ++i) observe(outcomes_[i]);
  for (std::size_t worker = 0; worker < workers; ++worker) write(rendered_[worker]);
}

bool PopulationRunner::run(std::FILE* input, const Render& render, const Observe& observe,
                           const std::function<void(std::string_view)>& write, const Progress& progress) {
  std::string pending;  // the start of a line whose end has not been read yet
  std::vector<char> chunk(1 << 20);
  int line = 0;
  long done = 0;
  bool at_end = false;
  while (!at_end) {
    if (options_.stop && options_.stop->load()) return false;
    Batch batch;
    batch.text = std::move(pending);
    pending.clear();
    // Fill the batch with whole lines; a line is recorded by offsets first, since
    // the text may still grow (and move) while the batch fills.
    std::vector<std::pair<int, std::pair<std::size_t, std::size_t>>> spans;
    std::size_t scanned = 0;
    while (spans.size() < options_.batch_lines) {
      std::size_t newline = batch.text.find('\n', scanned);
      if (newline == std::string::npos) {
        std::size_t got = std::fread(chunk.data(), 1, chunk.size(), input);
        if (got == 0) {
          at_end = true;
          newline = batch.text.size();
          if (scanned >= newline) break;
        } else {
          batch.text.append(chunk.data(), got);
          continue;
        }
      }
      ++line;
      std::string_view record(batch.text.data() + scanned, newline - scanned);
      if (record.find_first_not_of(" \t\r") != std::string_view::npos) spans.push_back({line, {scanned, newline - scanned}});
      scanned = newline + 1;
      if (at_end) break;
    }
    if (scanned < batch.text.size()) {
      pending.assign(batch.text, scanned, std::string::npos);
      batch.text.resize(scanned);
    }
    for (const auto& [number, span] : spans) {
      batch.records.emplace_back(number, std::string_view(batch.text.data() + span.first, span.second));
    }
    if (!batch.records.empty()) process(batch, render, observe, write);
    done += static_cast<long>(batch.records.size());
    if (progress) progress(done);
  }
  return true;
}

}  // namespace clause
