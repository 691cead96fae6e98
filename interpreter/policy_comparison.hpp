#pragma once
// Two versions of a policy compared as `clause diff` and the workbench both do:
// the rule changes and the articles they can move, witness enterprises, and
// (given a population) the budget under each version.

#include <cstdio>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "interpreter/diff_report.hpp"

namespace clause {

// A population's facts: JSON Lines, or one JSON document (a .json file), as
// text; or JSON Lines streamed from `input`, when set, so that a population of
// any length is compared in flat memory.
struct PopulationText {
  std::string path;  // as the report names it
  std::string_view text;
  bool single_document = false;
  std::FILE* input = nullptr;  // JSON Lines to read instead of `text`
  std::function<void(long lines_done)> progress = {};  // told the lines done as JSON Lines are read
  int threads = 0;  // evaluating JSON Lines; 0: one per core. The report does not depend on it.
};

// The report on two checked versions without errors, with up to
// `witnesses_per_article` witnesses per changed article (0: none) and, when a
// population is given, each of its records read by each version's own facts
// reader (their facts may differ) and evaluated by each. The programs must
// outlive the report. Throws DecimalOverflow when a budget goes beyond the exact range.
DiffReport compare_policies(const std::shared_ptr<const CheckedProgram>& old_program, std::string old_path,
                            const std::shared_ptr<const CheckedProgram>& new_program, std::string new_path,
                            int witnesses_per_article, const PopulationText* population);

}  // namespace clause
