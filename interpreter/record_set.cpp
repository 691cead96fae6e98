#include "interpreter/record_set.hpp"

#include <algorithm>
#include <thread>

#include "interpreter/expression_evaluator.hpp"

namespace clause {
namespace {

int thread_count(int requested) {
  if (requested > 0) return requested;
  return std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
}

// Records evaluated between two hand-overs: enough to keep every thread busy,
// few enough that the outcomes waiting to be consumed stay small.
constexpr std::size_t records_per_batch = 4096;

void read_into(ReadRecord& record, const FactsReader& reader, std::string_view text) {
  FactsResult facts = reader.read(text, record.line);
  if (auto* problem = std::get_if<FactsError>(&facts)) {
    record.error = problem->to_string();
  } else {
    record.facts = std::move(std::get<Value>(facts));
  }
}

}  // namespace

void run_in_parallel(std::size_t count, int threads, const std::function<void(std::size_t begin, std::size_t end)>& work) {
  std::size_t workers = std::min<std::size_t>(static_cast<std::size_t>(thread_count(threads)), std::max<std::size_t>(count, 1));
  if (workers <= 1) {
    work(0, count);
    return;
  }
  std::vector<std::thread> pool;
  std::size_t share = (count + workers - 1) / workers;
  for (std::size_t begin = 0; begin < count; begin += share) {
    pool.emplace_back(work, begin, std::min(count, begin + share));
  }
  for (std::thread& thread : pool) thread.join();
}

RecordSet RecordSet::from_json_lines(std::string_view text, const FactsReader& reader, int threads) {
  std::vector<std::string_view> texts;
  RecordSet set;
  for_each_json_line(text, [&](int line, std::string_view record) {
    set.records_.push_back(ReadRecord{line, {}, {}});
    texts.push_back(record);
  });
  run_in_parallel(texts.size(), threads, [&](std::size_t begin, std::size_t end) {
    for (std::size_t i = begin; i < end; ++i) read_into(set.records_[i], reader, texts[i]);
  });
  return set;
}

RecordSet RecordSet::from_document(std::string_view text, const FactsReader& reader) {
  RecordSet set;
  set.records_.push_back(ReadRecord{1, {}, {}});
  read_into(set.records_.back(), reader, text);
  return set;
}

void evaluate_read_record_into(const Evaluator& evaluator, const ReadRecord& record, bool explain, RecordOutcome& outcome) {
  outcome.line = record.line;
  outcome.ok = false;
  outcome.error.clear();
  if (!record.ok()) {
    outcome.error = record.error;
    return;
  }
  try {
    evaluator.evaluate_into(record.facts.as_record(), explain, outcome.result);
    outcome.ok = true;
  } catch (const EvaluationFailure& failure) {
    outcome.error = failure.error.message;
  }
}

RecordOutcome evaluate_read_record(const Evaluator& evaluator, const ReadRecord& record, bool explain) {
  RecordOutcome outcome;
  evaluate_read_record_into(evaluator, record, explain, outcome);
  return outcome;
}

void evaluate_records(const RecordSet& records, const std::vector<const Evaluator*>& evaluators, int threads,
                      bool explain, const std::function<void(std::span<const RecordOutcome>)>& consume) {
  const std::vector<ReadRecord>& all = records.records();
  std::size_t width = evaluators.size();
  std::vector<RecordOutcome> outcomes;
  for (std::size_t first = 0; first < all.size(); first += records_per_batch) {
    std::size_t count = std::min(records_per_batch, all.size() - first);
    outcomes.resize(std::max(outcomes.size(), count * width));
    run_in_parallel(count, threads, [&](std::size_t begin, std::size_t end) {
      for (std::size_t i = begin; i < end; ++i)
        for (std::size_t e = 0; e < width; ++e)
          evaluate_read_record_into(*evaluators[e], all[first + i], explain, outcomes[i * width + e]);
    });
    for (std::size_t i = 0; i < count; ++i) consume(std::span<const RecordOutcome>(outcomes).subspan(i * width, width));
  }
}

}  // namespace clause
