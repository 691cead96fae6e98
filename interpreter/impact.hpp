#pragma once
// The impact of a change on a population: the same enterprises evaluated twice
// (before and after: a baseline and a what-if scenario, or two versions of a
// policy), added up pair by pair.
//
// Articles are matched by their label, over the union of both sides, so a measure
// that exists on one side only still shows (with 0 on the other). A pair counts
// as a bad line when either side is bad: its enterprise is left out of every
// figure, since half a comparison would mislead.

#include <cstddef>
#include <string>
#include <vector>

#include "interpreter/population.hpp"
#include "stdlib/decimal.hpp"

namespace clause {

struct ArticleImpact {
  std::string article;
  std::string title;
  Decimal before;  // the budget of the article over the population
  Decimal after;
  long recipients_before = 0;  // enterprises receiving something from it
  long recipients_after = 0;
  bool in_before = false;  // the article exists on that side
  bool in_after = false;

  Decimal difference() const { return after - before; }
};

// One enterprise whose total changed.
struct EnterpriseChange {
  std::string id;
  int line = 0;
  Decimal before;
  Decimal after;

  Decimal difference() const { return after - before; }
};

class Impact {
 public:
  // Keeps the `largest_count` largest gains and losses.
  explicit Impact(std::size_t largest_count = 10) : largest_count_(largest_count) {}

  // One enterprise, evaluated on both sides; pairs are added in input order.
  // Throws DecimalOverflow when a budget goes beyond the exact range.
  void add(const RecordOutcome& before, const RecordOutcome& after);

  const std::vector<ArticleImpact>& articles() const { return articles_; }
  const Decimal& total_before() const { return total_before_; }
  const Decimal& total_after() const { return total_after_; }
  Decimal total_difference() const { return total_after_ - total_before_; }
  long recipients_before() const { return recipients_before_; }
  long recipients_after() const { return recipients_after_; }

  long records() const { return records_; }  // pairs added, bad ones included
  long bad_lines() const { return bad_lines_; }
  long gainers() const { return gainers_; }
  long losers() const { return losers_; }
  long unchanged() const { return unchanged_; }

  // Largest first; on a tie, the earlier line first.
  const std::vector<EnterpriseChange>& largest_gains() const { return largest_gains_; }
  const std::vector<EnterpriseChange>& largest_losses() const { return largest_losses_; }

 private:
  std::size_t article_index(const std::string& label, const std::string& title, std::size_t hint);
  void add_side(const EvaluationResult& result, bool before);
  void keep_if_largest(std::vector<EnterpriseChange>& largest, EnterpriseChange change, bool gains);

  std::size_t largest_count_;
  std::vector<ArticleImpact> articles_;
  Decimal total_before_;
  Decimal total_after_;
  long recipients_before_ = 0;
  long recipients_after_ = 0;
  long records_ = 0;
  long bad_lines_ = 0;
  long gainers_ = 0;
  long losers_ = 0;
  long unchanged_ = 0;
  std::vector<EnterpriseChange> largest_gains_;
  std::vector<EnterpriseChange> largest_losses_;
};

}  // namespace clause
