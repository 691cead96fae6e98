#pragma once
// Which parts of a policy its tests reached: each measure paying something, each
// `when` both holding and failing, each bracket and tier, each table cell, each
// cap both binding and not, the total cap binding.
//
// Read off the why of each evaluation (every step names the span it comes from),
// so the evaluator needs no hook and coverage cannot disagree with explanations.

#include <map>
#include <string>
#include <tuple>
#include <vector>

#include "interpreter/checked_program.hpp"
#include "interpreter/evaluation_result.hpp"

namespace clause {

struct CoveragePoint {
  Span span;                // where it is in the policy
  std::string article;      // the measure it belongs to ("" for the total cap: its own article)
  std::string description;  // "bracket (cloud_floor, cloud_step] chosen"
  bool reached = false;
};

class TestCoverage {
 public:
  // Lists every point of the policy, none reached yet.
  explicit TestCoverage(const CheckedProgram& program);

  // Marks what one evaluation (with its why) reached.
  void record(const EvaluationResult& result);

  const std::vector<CoveragePoint>& points() const { return points_; }
  int reached_count() const;

 private:
  enum class Kind { paid, holds, fails, bracket, otherwise, tier, cell, binds, stays_below, total_binds, total_below };
  using Key = std::tuple<Kind, std::uint32_t, std::uint32_t>;

  void add(Kind kind, Span span, std::string article, std::string description);
  void add_measure(const CheckedMeasure& measure);
  void add_tables();
  void mark(Kind kind, Span span);
  void mark_step(const WhyStep& step);
  void mark_table_step(const WhyStep& step);

  const CheckedProgram& program_;
  std::vector<CoveragePoint> points_;
  std::map<Key, std::size_t> index_;
};

}  // namespace clause
