#pragma once
// An Impact written out: a table for a briefing, JSON and CSV for programs.

#include <string>

#include "interpreter/explanation.hpp"
#include "interpreter/impact.hpp"

namespace clause {

// What the two sides are, for headings: "基线" / "情景", or two policy files.
struct ImpactLabels {
  std::string before;
  std::string after;
};

std::string impact_table(const Impact& impact, const ImpactLabels& labels, Language language);
// {"articles":[{"article","title","before","after","difference","recipients_before","recipients_after"}],
//  "total":{...}, "records", "bad_lines", "gainers", "losers", "unchanged", "largest_gains":[...], "largest_losses":[...]}
std::string impact_json(const Impact& impact);
// article,title,before,after,difference,recipients_before,recipients_after; a last row for the total.
std::string impact_csv(const Impact& impact);

// "+25000.00", "-3000.00", "0.00": a difference with its sign.
std::string signed_money(const Decimal& amount);

}  // namespace clause
