#pragma once
// What changed between two versions of a policy, by meaning rather than by text.
//
// Both versions are checked programs; the comparison works on their syntax trees
// and the checker's resolved values, so spacing, line breaks, comments and the
// way a number is written ("30万" or "300000元") never count as rule changes.
// Those, and the law's quotes, titles and descriptions, are listed apart as
// wording changes. Nothing here knows any particular policy.

#include <string>
#include <vector>

#include "interpreter/checked_program.hpp"

namespace clause {

enum class RuleChangeKind {
  header,           // validity window, evaluation year, rounding, language
  enumeration,      // members added or removed
  record,           // fields of a record or of the facts: added, removed, type or default changed
  parameter,        // a param's value or type
  table_cell,       // one cell of a table, or a table's keys or value type
  let,              // a top-level let
  measure_added,
  measure_removed,
  measure_renamed,  // the same measure under another article label
  measure_clause,   // a measure's condition, amount, bracket, cap, item rule, project, window, stacks on
  benefit,
  stacking,
  total_cap,
};

std::string_view rule_change_kind_name(RuleChangeKind kind);

struct RuleChange {
  RuleChangeKind kind = RuleChangeKind::header;
  std::string article;   // the article whose text holds the change; "" for a declaration outside any article
  std::string subject;   // what changed: "param cloud_low_rate", "bracket 2", "condition", "table recognition_award[factory_5g, provincial]"
  std::string old_text;  // "" when added
  std::string new_text;  // "" when removed
  int old_line = 0;      // 0 when absent from that version
  int new_line = 0;
  // The articles whose amounts (or benefits) the change can move: the article
  // itself, or every article that uses a changed parameter, table, let or fact.
  std::vector<std::string> affects;
};

struct WordingChange {
  std::string where;  // "measure 一(二)", "param cloud_step", "policy header", "the file"
  std::string what;   // "quote of the law", "title", "description", "comments", "layout", "written form"
  std::string old_text;
  std::string new_text;
  int old_line = 0;
  int new_line = 0;
};

struct PolicyDiff {
  std::vector<RuleChange> rules;
  std::vector<WordingChange> wording;
  bool texts_identical = false;  // byte for byte

  bool has_rule_changes() const { return !rules.empty(); }
  // Every article some rule change affects, in the order of the new version then the old.
  std::vector<std::string> changed_articles(const CheckedProgram& old_program, const CheckedProgram& new_program) const;
};

PolicyDiff diff_policies(const CheckedProgram& old_program, const CheckedProgram& new_program);

}  // namespace clause
