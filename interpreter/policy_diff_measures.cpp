// The policy diff of what pays: measures clause by clause (conditions,
// amounts, brackets, tiers, caps), benefits, stacking and the total cap.

#include <algorithm>
#include <fmt/format.h>
#include <fmt/ranges.h>

#include "dsl/source_text.hpp"
#include "dsl/syntax_printer.hpp"
#include "dsl/syntax_walk.hpp"
#include "interpreter/policy_differ.hpp"
#include "interpreter/value_format.hpp"

namespace clause::differ {
namespace {

// A measure's `expect` clauses, one a line: their codes and reasons are what they
// mean, their source what is shown. They change what `clause check` shows, never a result.
Written expectations_written(const Version& version, const syntax::MeasureDecl& measure) {
  std::string meaning;
  std::string text;
  for (const syntax::Expectation& expectation : measure.expectations) {
    if (!text.empty()) {
      meaning += '\n';
      text += '\n';
    }
    meaning += expectation.code + ' ' + expectation.reason;
    text += version.text(expectation.span);
  }
  const Span where = measure.expectations.empty() ? measure.span : measure.expectations.front().span;
  return Written{meaning, text, version.line(where)};
}

}  // namespace

void Differ::compare_measures() {
  std::map<std::string, const CheckedMeasure*> old_measures;
  std::map<std::string, const CheckedMeasure*> new_measures;
  for (const CheckedMeasure& measure : old_.program.measures) old_measures[measure.article] = &measure;
  for (const CheckedMeasure& measure : new_.program.measures) new_measures[measure.article] = &measure;
  std::vector<const CheckedMeasure*> removed;
  std::vector<const CheckedMeasure*> added;
  for (const CheckedMeasure& measure : old_.program.measures) {
    if (!new_measures.contains(measure.article)) removed.push_back(&measure);
  }
  for (const CheckedMeasure& measure : new_.program.measures) {
    auto old_measure = old_measures.find(measure.article);
    if (old_measure == old_measures.end()) {
      added.push_back(&measure);
    } else {
      compare_measure(*old_measure->second, measure);
    }
  }
  match_renamed_measures(removed, added);
  for (const CheckedMeasure* measure : removed) {
    rule(RuleChangeKind::measure_removed, measure->article, "measure",
         Written{"", fmt::format("measure {} \"{}\"", measure->article, measure->title), old_.line(measure->declaration->span)},
         Written{}, {});
  }
  for (const CheckedMeasure* measure : added) {
    rule(RuleChangeKind::measure_added, measure->article, "measure", Written{},
         Written{"", fmt::format("measure {} \"{}\"", measure->article, measure->title), new_.line(measure->declaration->span)},
         {});
  }
}

// A measure that left under one label and came back under another, doing the
// same thing or bearing the same title, was renamed; it is compared as one.
void Differ::match_renamed_measures(std::vector<const CheckedMeasure*>& removed, std::vector<const CheckedMeasure*>& added) {
  for (auto old_measure = removed.begin(); old_measure != removed.end();) {
    auto same = std::find_if(added.begin(), added.end(), [&](const CheckedMeasure* candidate) {
      return measure_signature(*candidate->declaration) == measure_signature(*(*old_measure)->declaration) ||
             candidate->title == (*old_measure)->title;
    });
    if (same == added.end()) {
      ++old_measure;
      continue;
    }
    rule(RuleChangeKind::measure_renamed, (*same)->article, "article label",
         Written{"", (*old_measure)->article, old_.line((*old_measure)->declaration->span)},
         Written{"", (*same)->article, new_.line((*same)->declaration->span)}, {(*old_measure)->article, (*same)->article});
    compare_measure(**old_measure, **same);
    added.erase(same);
    old_measure = removed.erase(old_measure);
  }
}

void Differ::compare_measure(const CheckedMeasure& old_measure, const CheckedMeasure& new_measure) {
  const syntax::MeasureDecl& before = *old_measure.declaration;
  const syntax::MeasureDecl& after = *new_measure.declaration;
  const std::string& article = new_measure.article;
  std::string where = "measure " + article;
  compare_wording(where, "title", Written{before.title, before.title, old_.line(before.span)},
                  Written{after.title, after.title, new_.line(after.span)});
  compare_wording(where, "quote of the law", quote_written(old_, before.quote, before.span),
                  quote_written(new_, after.quote, after.span));
  compare_wording(where, "expected warnings", expectations_written(old_, before), expectations_written(new_, after));
  compare_clause(article, "validity", optional_clause(old_, validity_text(before.validity), before.validity ? before.validity->span : Span{}),
                 optional_clause(new_, validity_text(after.validity), after.validity ? after.validity->span : Span{}));
  compare_clause(article, "items", optional_clause(old_, for_each_text(before.for_each), before.for_each ? before.for_each->span : Span{}),
                 optional_clause(new_, for_each_text(after.for_each), after.for_each ? after.for_each->span : Span{}));
  compare_clause(article, "project", expression_clause(old_, before.project), expression_clause(new_, after.project));
  compare_clause(article, "stacks on", Written{before.stacks_on, before.stacks_on, old_.line(before.span)},
                 Written{after.stacks_on, after.stacks_on, new_.line(after.span)});
  compare_lets_of(article, before.lets, after.lets);
  compare_conditions(article, before.conditions, after.conditions);
  compare_amount(article, before.amount, after.amount);
  compare_sequence(article, "cap", caps_written(old_, before.caps), caps_written(new_, after.caps));
}

Written Differ::quote_written(const Version& version, const syntax::Quote& quote, Span owner) const {
  std::string text = quote_text(quote);
  return Written{text, text, version.line(quote.lines.empty() ? owner : quote.span)};
}

Written Differ::optional_clause(const Version& version, std::string meaning, Span span) const {
  if (meaning.empty()) return Written{};
  return Written{meaning, version.text(span), version.line(span)};
}

Written Differ::expression_clause(const Version& version, const syntax::ExprPtr& expr) const {
  if (!expr) return Written{};
  return Written{syntax::canonical_text(*expr), version.text(expr->span), version.line(expr->span)};
}

void Differ::compare_clause(const std::string& article, std::string subject, const Written& before, const Written& after) {
  if (before.meaning != after.meaning) rule(RuleChangeKind::measure_clause, article, std::move(subject), before, after, {});
}

void Differ::compare_lets_of(const std::string& article, const std::vector<syntax::LetDecl>& before,
                     const std::vector<syntax::LetDecl>& after) {
  auto by_name = [](const Version& version, const std::vector<syntax::LetDecl>& lets) {
    std::map<std::string, Written> found;
    for (const syntax::LetDecl& let : lets) found[let.name.name] = let_written(version, let);
    return found;
  };
  for_each_pair(by_name(old_, before), by_name(new_, after), [&](const std::string& name, const Written* old_let, const Written* new_let) {
    compare_clause(article, "let " + name, old_let ? *old_let : Written{}, new_let ? *new_let : Written{});
  });
}

void Differ::compare_conditions(const std::string& article, const std::vector<syntax::ExprPtr>& before,
                        const std::vector<syntax::ExprPtr>& after) {
  std::vector<Written> old_conditions;
  std::vector<Written> new_conditions;
  for (const syntax::ExprPtr& condition : before) old_conditions.push_back(expression_clause(old_, condition));
  for (const syntax::ExprPtr& condition : after) new_conditions.push_back(expression_clause(new_, condition));
  compare_sequence(article, "condition", std::move(old_conditions), std::move(new_conditions));
}

// Clauses that may repeat (conditions, caps): those only in the old version are
// paired, in order, with those only in the new one; the rest are removed or added.
void Differ::compare_sequence(const std::string& article, const std::string& subject, std::vector<Written> before,
                      std::vector<Written> after) {
  auto in = [](const std::vector<Written>& clauses, const Written& clause) {
    return std::any_of(clauses.begin(), clauses.end(), [&](const Written& other) { return other.meaning == clause.meaning; });
  };
  std::vector<Written> only_old;
  std::vector<Written> only_new;
  for (const Written& clause : before) {
    if (!in(after, clause)) only_old.push_back(clause);
  }
  for (const Written& clause : after) {
    if (!in(before, clause)) only_new.push_back(clause);
  }
  for (std::size_t i = 0; i < std::max(only_old.size(), only_new.size()); ++i) {
    compare_clause(article, subject, i < only_old.size() ? only_old[i] : Written{},
                   i < only_new.size() ? only_new[i] : Written{});
  }
  if (only_old.empty() && only_new.empty() && before.size() == after.size()) {
    bool reordered = false;
    for (std::size_t i = 0; i < before.size(); ++i) reordered = reordered || before[i].meaning != after[i].meaning;
    if (reordered) {
      wording("measure " + article, subject + "s listed in another order", Written{"", "", before.front().line},
              Written{"", "", after.front().line});
    }
  }
}

std::vector<Written> Differ::caps_written(const Version& version, const std::vector<syntax::Cap>& caps) const {
  std::vector<Written> written;
  for (const syntax::Cap& cap : caps) written.push_back(Written{cap_text(cap), version.text(cap.span), version.line(cap.span)});
  return written;
}

// Brackets and tiers are compared bound by bound, so the report names the
// bracket that changed rather than the whole table of them.
void Differ::compare_amount(const std::string& article, const syntax::ExprPtr& before, const syntax::ExprPtr& after) {
  Written old_amount = expression_clause(old_, before);
  Written new_amount = expression_clause(new_, after);
  if (old_amount.meaning == new_amount.meaning) return;
  const auto* old_brackets = before ? std::get_if<syntax::Brackets>(&before->kind) : nullptr;
  const auto* new_brackets = after ? std::get_if<syntax::Brackets>(&after->kind) : nullptr;
  if (old_brackets && new_brackets) {
    compare_brackets(article, *old_brackets, *new_brackets);
    return;
  }
  const auto* old_tiers = before ? std::get_if<syntax::Tiers>(&before->kind) : nullptr;
  const auto* new_tiers = after ? std::get_if<syntax::Tiers>(&after->kind) : nullptr;
  if (old_tiers && new_tiers) {
    compare_tiers(article, *old_tiers, *new_tiers);
    return;
  }
  compare_clause(article, "amount", old_amount, new_amount);
}

void Differ::compare_brackets(const std::string& article, const syntax::Brackets& before, const syntax::Brackets& after) {
  compare_clause(article, "bracket subject", expression_clause(old_, before.subject), expression_clause(new_, after.subject));
  auto hit = [](const Version& version, const syntax::Brackets& brackets) {
    std::string meaning = fmt::format("hit {}", static_cast<int>(brackets.hit_policy));
    std::string shown = brackets.hit_policy_written ? version.text(brackets.hit_policy_span) : "hit unique (not written)";
    return Written{meaning, shown, version.line(brackets.hit_policy_written ? brackets.hit_policy_span : brackets.subject->span)};
  };
  compare_clause(article, "bracket hit policy", hit(old_, before), hit(new_, after));
  std::size_t count = std::max(before.brackets.size(), after.brackets.size());
  for (std::size_t i = 0; i < count; ++i) {
    Written old_bracket = i < before.brackets.size() ? bracket_written(old_, before.brackets[i]) : Written{};
    Written new_bracket = i < after.brackets.size() ? bracket_written(new_, after.brackets[i]) : Written{};
    compare_clause(article, fmt::format("bracket {}", i + 1), old_bracket, new_bracket);
  }
  compare_clause(article, "bracket otherwise", expression_clause(old_, before.otherwise), expression_clause(new_, after.otherwise));
}

Written Differ::bracket_written(const Version& version, const syntax::Bracket& bracket) {
  return Written{syntax::canonical_text(bracket.range) + ": " + syntax::canonical_text(*bracket.amount),
                 version.text(bracket.span), version.line(bracket.span)};
}

void Differ::compare_tiers(const std::string& article, const syntax::Tiers& before, const syntax::Tiers& after) {
  compare_clause(article, "tier subject", expression_clause(old_, before.subject), expression_clause(new_, after.subject));
  std::size_t count = std::max(before.tiers.size(), after.tiers.size());
  for (std::size_t i = 0; i < count; ++i) {
    auto tier = [](const Version& version, const std::vector<syntax::Tier>& tiers, std::size_t index) {
      if (index >= tiers.size()) return Written{};
      const syntax::Tier& one = tiers[index];
      return Written{syntax::canonical_text(one.range) + ": " + syntax::canonical_text(*one.rate), version.text(one.span),
                     version.line(one.span)};
    };
    compare_clause(article, fmt::format("tier {}", i + 1), tier(old_, before.tiers, i), tier(new_, after.tiers, i));
  }
}

void Differ::compare_benefits() {
  std::map<std::string, const CheckedBenefit*> before;
  std::map<std::string, const CheckedBenefit*> after;
  for (const CheckedBenefit& benefit : old_.program.benefits) before[benefit.article] = &benefit;
  for (const CheckedBenefit& benefit : new_.program.benefits) after[benefit.article] = &benefit;
  for_each_pair(before, after, [&](const std::string& article, const CheckedBenefit* const* old_benefit,
                                   const CheckedBenefit* const* new_benefit) {
    Written old_whole = old_benefit ? benefit_written(old_, **old_benefit) : Written{};
    Written new_whole = new_benefit ? benefit_written(new_, **new_benefit) : Written{};
    if (old_whole.meaning != new_whole.meaning) rule(RuleChangeKind::benefit, article, "benefit", old_whole, new_whole, {});
    if (old_benefit && new_benefit) {
      const syntax::BenefitDecl& old_decl = *(*old_benefit)->declaration;
      const syntax::BenefitDecl& new_decl = *(*new_benefit)->declaration;
      compare_wording("benefit " + article, "title", Written{old_decl.title, old_decl.title, old_whole.line},
                      Written{new_decl.title, new_decl.title, new_whole.line});
      compare_wording("benefit " + article, "quote of the law", quote_written(old_, old_decl.quote, old_decl.span),
                      quote_written(new_, new_decl.quote, new_decl.span));
    }
  });
}

// A benefit is small: it is compared whole, and shown by its conditions.
Written Differ::benefit_written(const Version& version, const CheckedBenefit& benefit) {
  const syntax::BenefitDecl& declaration = *benefit.declaration;
  std::string meaning = "gives " + declaration.benefit.name + "|" + validity_text(declaration.validity);
  std::string shown = "gives " + declaration.benefit.name;
  for (const syntax::LetDecl& let : declaration.lets) {
    meaning += "|let " + let.name.name + "=" + syntax::canonical_text(*let.value);
    shown += "; let " + let.name.name + " = " + version.text(let.value->span);
  }
  for (const syntax::ExprPtr& condition : declaration.conditions) {
    meaning += "|when " + syntax::canonical_text(*condition);
    shown += "; when " + version.text(condition->span);
  }
  if (declaration.validity) shown += "; " + validity_text(declaration.validity);
  return Written{meaning, shown, version.line(declaration.span)};
}

void Differ::compare_stacking() {
  Written before = stacking_written(old_);
  Written after = stacking_written(new_);
  std::string article = new_.program.stacking ? new_.program.stacking->article
                        : old_.program.stacking ? old_.program.stacking->article
                                                : "";
  if (before.meaning != after.meaning) {
    std::vector<std::string> affects = every_article();
    rule(RuleChangeKind::stacking, article, "stacking (就高不重复)", before, after, affects);
  }
  if (old_.program.stacking && new_.program.stacking) {
    const syntax::StackingDecl& old_decl = *old_.program.stacking->declaration;
    const syntax::StackingDecl& new_decl = *new_.program.stacking->declaration;
    compare_wording("stacking " + article, "title", Written{old_decl.title, old_decl.title, before.line},
                    Written{new_decl.title, new_decl.title, after.line});
    compare_wording("stacking " + article, "quote of the law", quote_written(old_, old_decl.quote, old_decl.span),
                    quote_written(new_, new_decl.quote, new_decl.span));
  }
}

Written Differ::stacking_written(const Version& version) {
  if (!version.program.stacking) return Written{};
  const syntax::StackingDecl& declaration = *version.program.stacking->declaration;
  std::string meaning = "stacking " + version.program.stacking->article;
  std::string shown = meaning;
  if (declaration.against) {
    const syntax::AgainstOther& against = *declaration.against;
    meaning += fmt::format(" against {} as {}: project {}, amount {}", syntax::canonical_text(*against.list),
                           against.variable.name, syntax::canonical_text(*against.project), syntax::canonical_text(*against.amount));
    shown += " " + version.text(against.span);
  }
  return Written{meaning, shown, version.line(declaration.span)};
}

void Differ::compare_total_cap() {
  Written before = total_cap_written(old_, new_);
  Written after = total_cap_written(new_, old_);
  std::string article = new_.program.total_cap ? new_.program.total_cap->article
                        : old_.program.total_cap ? old_.program.total_cap->article
                                                 : "";
  if (before.meaning != after.meaning) rule(RuleChangeKind::total_cap, article, "total cap", before, after, every_article());
  if (old_.program.total_cap && new_.program.total_cap) {
    const syntax::TotalCapDecl& old_decl = *old_.program.total_cap->declaration;
    const syntax::TotalCapDecl& new_decl = *new_.program.total_cap->declaration;
    compare_wording("total cap " + article, "title", Written{old_decl.title, old_decl.title, before.line},
                    Written{new_decl.title, new_decl.title, after.line});
    compare_wording("total cap " + article, "quote of the law", quote_written(old_, old_decl.quote, old_decl.span),
                    quote_written(new_, new_decl.quote, new_decl.span));
  }
}

// The limit and the allocation order as the measures' labels, so adding a
// measure under `allocate in document order` shows as a change of order.
// The order's meaning counts only the measures both versions have: a measure
// added or removed is reported as such, not again as a change of order.
Written Differ::total_cap_written(const Version& version, const Version& other) {
  if (!version.program.total_cap) return Written{};
  const CheckedTotalCap& total_cap = *version.program.total_cap;
  std::string order;
  std::string shared_order;
  for (int measure : total_cap.allocation_order) {
    const std::string& article = version.program.measures[static_cast<std::size_t>(measure)].article;
    order += (order.empty() ? "" : ", ") + article;
    bool shared = std::any_of(other.program.measures.begin(), other.program.measures.end(),
                              [&](const CheckedMeasure& m) { return m.article == article; });
    if (shared) shared_order += article + ",";
  }
  std::string shown = fmt::format("total cap {}: limit {}; allocate {}", total_cap.article,
                                  version.text(total_cap.declaration->limit->span), order);
  std::string meaning = fmt::format("total cap {}: limit {}; allocate {}", total_cap.article,
                                    syntax::canonical_text(*total_cap.declaration->limit), shared_order);
  return Written{meaning, shown, version.line(total_cap.declaration->span)};
}

}  // namespace clause::differ
