#pragma once
// A sweep: one parameter taken through evenly spaced values, the population
// evaluated at each, and its budget view (per article and in total) kept for
// every value. The facts are read once (RecordSet); each value costs one
// evaluation of the population, all values sharing each pass over the records.
//
// And the inverse question: the largest value whose total stays within a budget,
// found between two swept values by bisection, to the parameter's precision.

#include <memory>
#include <optional>
#include <vector>

#include "interpreter/checked_program.hpp"
#include "interpreter/parameter_override.hpp"
#include "interpreter/record_set.hpp"
#include "interpreter/summary.hpp"

namespace clause {

// Decimals a swept value keeps: money to the fen, rates to 0.01%, integers whole,
// plain numbers to 4 decimals.
int sweep_digits(const Type& type);

// `steps` values from `from` to `to` (both included), evenly spaced, each rounded
// half-up to sweep_digits(type).
std::vector<Decimal> sweep_values(const Decimal& from, const Decimal& to, int steps, const Type& type);

// The budget view of the population at one value.
struct SweepPoint {
  Decimal value;
  Summary summary;
};

class Sweep {
 public:
  // `settings`: the what-if the sweep starts from (may be empty); `param` the
  // parameter swept (index in CheckedProgram::params).
  Sweep(std::shared_ptr<const CheckedProgram> program, std::vector<ParameterSetting> settings, int param,
        const RecordSet& records, int threads);

  std::vector<SweepPoint> run(const std::vector<Decimal>& values) const;
  // The population's total at one value.
  Decimal total_at(const Decimal& value) const;

 private:
  std::shared_ptr<const CheckedProgram> program_;
  std::vector<Value> values_at(const Decimal& value) const;

  std::vector<ParameterSetting> settings_;
  int param_;
  const RecordSet& records_;
  int threads_;
};

struct BudgetAnswer {
  enum class Kind { all_within, none_within, found };
  Kind kind = Kind::none_within;
  // Whether the total rises with the value (a rate, a cap) or falls (a
  // threshold): the answer is then the largest value within the budget, or the smallest.
  bool rising = true;
  Decimal value;        // the largest (rising) or smallest (falling) value within the budget
  Decimal total;        // its total
  Decimal next_value;   // the neighbouring value, one unit further, which goes over (found)
  Decimal next_total;
  bool monotonic = true;  // the swept totals move in one direction only
};

// Uses the swept points; bisects between the last point within the budget and
// its neighbour over it, assuming the total moves one way in between.
BudgetAnswer largest_within_budget(const Sweep& sweep, const std::vector<SweepPoint>& points, const Decimal& budget,
                                   int digits);

}  // namespace clause
