#include "interpreter/impact.hpp"

#include <algorithm>

namespace clause {

void Impact::add(const RecordOutcome& before, const RecordOutcome& after) {
  ++records_;
  if (!before.ok || !after.ok) {
    ++bad_lines_;
    return;
  }
  add_side(before.result, true);
  add_side(after.result, false);

  EnterpriseChange change{after.result.id.empty() ? before.result.id : after.result.id, after.line, before.result.total,
                          after.result.total};
  auto order = change.after <=> change.before;
  if (order > 0) {
    ++gainers_;
    keep_if_largest(largest_gains_, std::move(change), true);
  } else if (order < 0) {
    ++losers_;
    keep_if_largest(largest_losses_, std::move(change), false);
  } else {
    ++unchanged_;
  }
}

// The article with this label; the same position on the side is tried first, since
// both sides usually list the same articles in the same order.
std::size_t Impact::article_index(const std::string& label, const std::string& title, std::size_t hint) {
  if (hint < articles_.size() && articles_[hint].article == label) return hint;
  for (std::size_t i = 0; i < articles_.size(); ++i)
    if (articles_[i].article == label) return i;
  articles_.push_back(ArticleImpact{label, title, {}, {}, 0, 0, false, false});
  return articles_.size() - 1;
}

void Impact::add_side(const EvaluationResult& result, bool before) {
  for (std::size_t position = 0; position < result.measures.size(); ++position) {
    const MeasureResult& measure = result.measures[position];
    ArticleImpact& article = articles_[article_index(measure.article, measure.title, position)];
    (before ? article.in_before : article.in_after) = true;
    if (measure.amount.is_zero()) continue;
    Decimal& budget = before ? article.before : article.after;
    budget += measure.amount;
    ++(before ? article.recipients_before : article.recipients_after);
  }
  if (!result.total.is_zero()) ++(before ? recipients_before_ : recipients_after_);
  Decimal& total = before ? total_before_ : total_after_;
  total += result.total;
}

// Pairs arrive in input order, so an equal change never displaces an earlier one.
void Impact::keep_if_largest(std::vector<EnterpriseChange>& largest, EnterpriseChange change, bool gains) {
  auto larger = [gains](const EnterpriseChange& a, const EnterpriseChange& b) {
    Decimal da = a.difference();
    Decimal db = b.difference();
    return gains ? da > db : da < db;
  };
  if (largest_count_ == 0) return;
  if (largest.size() == largest_count_ && !larger(change, largest.back())) return;
  auto place = std::upper_bound(largest.begin(), largest.end(), change,
                                [&](const EnterpriseChange& a, const EnterpriseChange& b) { return larger(a, b); });
  largest.insert(place, std::move(change));
  if (largest.size() > largest_count_) largest.pop_back();
}

}  // namespace clause
