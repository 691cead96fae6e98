#pragma once
// Witness enterprises: concrete facts on which two versions of a policy pay
// differently, found without any population.
//
// Every witness starts from one base enterprise (each required fact at a plain
// value, every defaulted fact left out) and changes one or two facts to a value
// taken from the policies themselves: each threshold, bracket bound, parameter
// and table amount of both versions, one unit either side, every enum member,
// every date limit and the day either side. Each candidate is read by each
// version's own facts reader and evaluated by each version's evaluator; those on
// which some article's result differs are kept, the smallest first.

#include <string>
#include <vector>

#include "interpreter/evaluator.hpp"

namespace clause {

// One article's result under each version: an amount to the fen, "granted" or
// "not granted" for a benefit, "—" when the version has no such article.
struct ArticleOutcome {
  std::string article;
  std::string old_result;
  std::string new_result;
};

struct Witness {
  std::string id;
  std::vector<std::string> changes;        // what differs from the base: "cloud_fee = 50000.01"
  std::string facts_json;                  // the whole record, one line, readable by both versions
  std::vector<ArticleOutcome> differences; // the articles whose results differ, then "total" when it does
};

struct WitnessSearch {
  std::vector<std::string> base;           // the base enterprise: "year = 2023", "industrial = true"
  std::vector<Witness> witnesses;          // each kept witness once, in the order first chosen
  // For each article asked about, the ids of its witnesses, smallest first.
  std::vector<std::pair<std::string, std::vector<std::string>>> by_article;
  int candidates_tried = 0;
};

// Looks for up to `per_article` witnesses for each of `articles` (and for any
// other article whose results turn out to differ).
WitnessSearch find_witnesses(const Evaluator& old_version, const Evaluator& new_version,
                             const std::vector<std::string>& articles, int per_article);

}  // namespace clause
