#pragma once
// The budget view of a population run: per article, how many enterprises receive
// something, the total and the largest award; the grand total; the bad lines.

#include <string>
#include <vector>

#include "interpreter/checked_program.hpp"
#include "interpreter/population.hpp"

namespace clause {

struct ArticleSummary {
  std::string article;
  std::string title;
  long recipients = 0;
  Decimal total;
  Decimal largest;
  std::string largest_id;  // who received the largest award (the first, on a tie)
};

class Summary {
 public:
  // Without a program, the articles are taken from the first record evaluated.
  Summary() = default;
  explicit Summary(const CheckedProgram& program);

  void add(const RecordOutcome& outcome);
  // Adds the summary of the records that follow this one's (threads each sum a
  // contiguous part; adding the parts in input order keeps "the first, on a
  // tie" the first in the input). Sums are exact, so the total does not depend
  // on how the records were split.
  void add(const Summary& later_part);
  // Back to no records, keeping the articles and their storage: a population
  // run sums one batch of records after another into one summary.
  void restart();

  const std::vector<ArticleSummary>& articles() const { return articles_; }
  long records() const { return records_; }
  long bad_lines() const { return bad_lines_; }
  long recipients() const { return recipients_; }
  const Decimal& total() const { return total_; }

  std::string to_table(bool chinese) const;
  std::string to_json() const;

 private:
  std::vector<ArticleSummary> articles_;
  long records_ = 0;
  long bad_lines_ = 0;
  long recipients_ = 0;
  Decimal total_;
};

}  // namespace clause
