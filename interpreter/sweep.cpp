#include "interpreter/sweep.hpp"

#include <map>
#include <mutex>

namespace clause {

int sweep_digits(const Type& type) {
  switch (type.kind) {
    case TypeKind::money: return 2;
    case TypeKind::rate: return 4;
    case TypeKind::integer: return 0;
    default: return 4;
  }
}

std::vector<Decimal> sweep_values(const Decimal& from, const Decimal& to, int steps, const Type& type) {
  std::vector<Decimal> values;
  int digits = sweep_digits(type);
  Decimal span = to - from;
  Decimal intervals = Decimal::from_integer(std::max(1, steps - 1));
  for (int i = 0; i < steps; ++i) {
    Decimal offset = Decimal::divide(span * Decimal::from_integer(i), intervals);
    values.push_back((from + offset).rounded(digits, RoundingMode::half_up));
  }
  return values;
}

Sweep::Sweep(std::shared_ptr<const CheckedProgram> program, std::vector<ParameterSetting> settings, int param,
             const RecordSet& records, int threads)
    : program_(std::move(program)), settings_(std::move(settings)), param_(param), records_(records), threads_(threads) {}

// Through parameter_values, so a parameter declared as the swept one follows it.
std::vector<Value> Sweep::values_at(const Decimal& value) const {
  std::vector<ParameterSetting> settings = settings_;
  settings.push_back(ParameterSetting{param_, Value(value)});
  return parameter_values(*program_, settings);
}

// Each thread takes a contiguous part of the records, evaluates each at every
// value (the record stays in cache) and keeps its own tallies; the parts are
// added up at the end, so no outcome waits to be handed over.
std::vector<SweepPoint> Sweep::run(const std::vector<Decimal>& values) const {
  std::vector<Evaluator> evaluators;
  evaluators.reserve(values.size());
  for (const Decimal& value : values) {
    evaluators.emplace_back(program_, values_at(value));
  }
  const std::vector<ReadRecord>& records = records_.records();
  // Each part's summaries, by the first record of the part, to add up in input order.
  std::map<std::size_t, std::vector<Summary>> parts;
  std::mutex parts_lock;
  run_in_parallel(records.size(), threads_, [&](std::size_t begin, std::size_t end) {
    std::vector<Summary> summaries(values.size(), Summary(*program_));
    RecordOutcome outcome;
    for (std::size_t r = begin; r < end; ++r) {
      for (std::size_t v = 0; v < evaluators.size(); ++v) {
        evaluate_read_record_into(evaluators[v], records[r], false, outcome);
        summaries[v].add(outcome);
      }
    }
    std::lock_guard<std::mutex> lock(parts_lock);
    parts.emplace(begin, std::move(summaries));
  });
  std::vector<SweepPoint> points;
  for (const Decimal& value : values) points.push_back(SweepPoint{value, Summary(*program_)});
  for (const auto& [begin, summaries] : parts) {
    for (std::size_t v = 0; v < summaries.size(); ++v) points[v].summary.add(summaries[v]);
  }
  return points;
}

Decimal Sweep::total_at(const Decimal& value) const { return run({value}).front().summary.total(); }

BudgetAnswer largest_within_budget(const Sweep& sweep, const std::vector<SweepPoint>& points, const Decimal& budget,
                                   int digits) {
  BudgetAnswer answer;
  answer.rising = points.back().summary.total() >= points.front().summary.total();
  for (std::size_t i = 1; i < points.size(); ++i) {
    auto step = points[i].summary.total() <=> points[i - 1].summary.total();
    if (answer.rising ? step < 0 : step > 0) answer.monotonic = false;
  }
  // Walk from the cheap end towards the expensive one; keep the last point within.
  std::vector<std::size_t> order;
  for (std::size_t i = 0; i < points.size(); ++i) order.push_back(answer.rising ? i : points.size() - 1 - i);
  std::optional<std::size_t> within;  // position in `order`
  for (std::size_t k = 0; k < order.size(); ++k)
    if (points[order[k]].summary.total() <= budget) within = k;
  if (!within) return answer;
  answer.value = points[order[*within]].value;
  answer.total = points[order[*within]].summary.total();
  if (*within + 1 == order.size()) {
    answer.kind = BudgetAnswer::Kind::all_within;
    return answer;
  }
  answer.kind = BudgetAnswer::Kind::found;
  answer.next_value = points[order[*within + 1]].value;
  answer.next_total = points[order[*within + 1]].summary.total();
  // Bisection at the parameter's precision: `value` stays within, `next_value` goes over.
  Decimal unit = Decimal::from_parts(1, digits);
  Decimal two = Decimal::from_integer(2);
  auto distance = [&] { return answer.rising ? answer.next_value - answer.value : answer.value - answer.next_value; };
  while (distance() > unit) {
    Decimal middle = Decimal::divide(answer.value + answer.next_value, two).rounded(digits, RoundingMode::down);
    if (middle == answer.value || middle == answer.next_value) break;
    Decimal total = sweep.total_at(middle);
    if (total <= budget) {
      answer.value = middle;
      answer.total = total;
    } else {
      answer.next_value = middle;
      answer.next_total = total;
    }
  }
  return answer;
}

}  // namespace clause
