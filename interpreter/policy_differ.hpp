#pragma once
// How the policy diff walks two versions of a policy: the Differ, whose
// comparisons are defined by construct in policy_diff_declarations.cpp,
// policy_diff_measures.cpp and policy_diff_wording.cpp, and what each version
// says that they all ask for (policy_diff.cpp). Internal to the policy diff;
// everything else uses interpreter/policy_diff.hpp.

#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "dsl/source_text.hpp"
#include "interpreter/policy_diff.hpp"

namespace clause::differ {

using NameSet = std::set<std::string>;

// One version of the policy with what the comparison asks of it repeatedly.
struct Version {
  const CheckedProgram& program;
  std::map<std::string, NameSet> names_by_article;  // article → every name it reads, through lets and params

  int line(Span span) const { return program.source->position(span.begin).line; }
  std::string text(Span span) const { return one_line_text(*program.source, span); }
};

// article → every name it reads, through lets and params.
std::map<std::string, NameSet> names_by_article(const CheckedProgram& program);
// Every article of a version, in document order: measures, benefits, stacking, total cap.
std::vector<std::string> articles_of(const CheckedProgram& program);

std::string type_ref_text(const syntax::TypeRef& type);
std::string quote_text(const syntax::Quote& quote);
std::string validity_text(const std::optional<syntax::ValidityWindow>& window);
std::string for_each_text(const std::optional<syntax::ForEach>& for_each);
std::string cap_text(const syntax::Cap& cap);
// What a measure does, without its label, title or quote: two measures with the
// same signature are the same rule, whatever they are called.
std::string measure_signature(const syntax::MeasureDecl& measure);

// One clause of a declaration as both versions write it: its meaning for the
// comparison, its source text and line for the report.
struct Written {
  std::string meaning;
  std::string text;
  int line = 0;
};

// The keyword a declaration of this kind starts with, for naming it in a report.
template <typename Kind>
constexpr std::string_view declaration_word() {
  if constexpr (std::is_same_v<Kind, syntax::EnumDecl>) return "enum";
  if constexpr (std::is_same_v<Kind, syntax::RecordDecl>) return "record";
  if constexpr (std::is_same_v<Kind, syntax::ParamDecl>) return "param";
  if constexpr (std::is_same_v<Kind, syntax::TableDecl>) return "table";
  if constexpr (std::is_same_v<Kind, syntax::LetDecl>) return "let";
  if constexpr (std::is_same_v<Kind, syntax::MeasureDecl>) return "measure";
  if constexpr (std::is_same_v<Kind, syntax::BenefitDecl>) return "benefit";
  if constexpr (std::is_same_v<Kind, syntax::StackingDecl>) return "stacking";
  if constexpr (std::is_same_v<Kind, syntax::TotalCapDecl>) return "total cap";
  return "declaration";
}

class Differ {
 public:
  Differ(const CheckedProgram& old_program, const CheckedProgram& new_program)
      : old_{old_program, names_by_article(old_program)}, new_{new_program, names_by_article(new_program)} {}
  // Every comparison, in the order of the report.
  PolicyDiff run();

 private:
  // ---- recording ----
  void rule(RuleChangeKind kind, std::string article, std::string subject, const Written& before, const Written& after,
            std::vector<std::string> affects);
  // Of texts of several lines (quotes, comments), only the lines that differ are kept.
  void wording(std::string where, std::string what, const Written& before, const Written& after);
  void compare_wording(const std::string& where, const std::string& what, const Written& before, const Written& after);
  // The articles of either version that read `name`.
  std::vector<std::string> articles_reading(const std::string& name) const;
  std::vector<std::string> every_article() const;

  // ---- the header ----
  void compare_header();
  // The header keeps no quote of its own in the tree; its `>` lines are found in its source text.
  static syntax::Quote header_quote(const CheckedProgram& program);

  // ---- enums, records, facts ----
  template <typename Declaration>
  static std::map<std::string, const Declaration*> declarations_by_name(const CheckedProgram& program) {
    std::map<std::string, const Declaration*> found;
    for (const syntax::Declaration& declaration : program.syntax.declarations) {
      if (const auto* typed = std::get_if<Declaration>(&declaration)) found[typed->name.name] = typed;
    }
    return found;
  }
  // Calls compare(name, old or null, new or null) for every name of either map, old names first.
  template <typename Item, typename Compare>
  static void for_each_pair(const std::map<std::string, Item>& before, const std::map<std::string, Item>& after,
                            Compare compare) {
    for (const auto& [name, item] : before) {
      auto other = after.find(name);
      compare(name, &item, other == after.end() ? nullptr : &other->second);
    }
    for (const auto& [name, item] : after) {
      if (!before.contains(name)) compare(name, nullptr, &item);
    }
  }
  void compare_enums();
  static std::map<std::string, std::string> members_of(const syntax::EnumDecl* const* declaration);
  void compare_records();
  static const std::vector<syntax::FieldDecl>* facts_fields(const CheckedProgram& program);
  void compare_fields(const std::string& where, const std::vector<syntax::FieldDecl>* old_fields,
                      const std::vector<syntax::FieldDecl>* new_fields);
  // A field without its description, which is wording.
  static Span field_span(const syntax::FieldDecl& field);

  // ---- params, tables, lets ----
  void compare_params();
  void compare_tables();
  // "by recognition_kind × level -> money" with every member of each key, in order.
  static Written table_shape(const Version& version, const CheckedTable& table);
  // Each cell by its keys ("factory_5g, provincial"): its value, or — for not covered.
  static std::map<std::string, Written> table_cells(const Version& version, const CheckedTable& table);
  void compare_lets();
  static Written let_written(const Version& version, const syntax::LetDecl& let);

  // ---- measures ----
  void compare_measures();
  // A measure that left under one label and came back under another, doing the
  // same thing or bearing the same title, was renamed; it is compared as one.
  void match_renamed_measures(std::vector<const CheckedMeasure*>& removed, std::vector<const CheckedMeasure*>& added);
  void compare_measure(const CheckedMeasure& old_measure, const CheckedMeasure& new_measure);
  Written quote_written(const Version& version, const syntax::Quote& quote, Span owner) const;
  Written optional_clause(const Version& version, std::string meaning, Span span) const;
  Written expression_clause(const Version& version, const syntax::ExprPtr& expr) const;
  void compare_clause(const std::string& article, std::string subject, const Written& before, const Written& after);
  void compare_lets_of(const std::string& article, const std::vector<syntax::LetDecl>& before,
                       const std::vector<syntax::LetDecl>& after);
  void compare_conditions(const std::string& article, const std::vector<syntax::ExprPtr>& before,
                          const std::vector<syntax::ExprPtr>& after);
  // Clauses that may repeat (conditions, caps): those only in the old version are
  // paired, in order, with those only in the new one; the rest are removed or added.
  void compare_sequence(const std::string& article, const std::string& subject, std::vector<Written> before,
                        std::vector<Written> after);
  std::vector<Written> caps_written(const Version& version, const std::vector<syntax::Cap>& caps) const;
  // Brackets and tiers are compared bound by bound, so the report names the
  // bracket that changed rather than the whole table of them.
  void compare_amount(const std::string& article, const syntax::ExprPtr& before, const syntax::ExprPtr& after);
  void compare_brackets(const std::string& article, const syntax::Brackets& before, const syntax::Brackets& after);
  static Written bracket_written(const Version& version, const syntax::Bracket& bracket);
  void compare_tiers(const std::string& article, const syntax::Tiers& before, const syntax::Tiers& after);

  // ---- benefits, stacking, total cap ----
  void compare_benefits();
  // A benefit is small: it is compared whole, and shown by its conditions.
  static Written benefit_written(const Version& version, const CheckedBenefit& benefit);
  void compare_stacking();
  static Written stacking_written(const Version& version);
  void compare_total_cap();
  // The limit and the allocation order as the measures' labels, so adding a
  // measure under `allocate in document order` shows as a change of order.
  // The order's meaning counts only the measures both versions have: a measure
  // added or removed is reported as such, not again as a change of order.
  static Written total_cap_written(const Version& version, const Version& other);

  // ---- wording outside the declarations' clauses ----
  void compare_free_quotes();
  void compare_comments();
  // Each comment belongs to the declaration that holds it, or else to the next one
  // (a comment above a declaration is about it).
  static std::map<std::string, Written> comments_by_declaration(const CheckedProgram& program);
  // "measure 一(二)", "param cloud_step": how a report names the declaration.
  static std::pair<std::string, Span> place_of(const syntax::Declaration& declaration);
  // Keeps only the lines that differ: the longest run of lines both texts share,
  // in order, is dropped from each (the lines a line diff would not mark).
  static void drop_common_lines(std::string& before, std::string& after);
  static int first_line(const std::map<std::string, Written>& preferred, const std::map<std::string, Written>& other,
                        const std::string& place);
  // Declarations whose code differs only in blanks and line breaks, and
  // declarations written in another order: one wording entry naming them.
  void compare_layout();
  static std::vector<std::pair<std::string, Span>> places_of(const CheckedProgram& program);
  static std::string without_blanks(const std::string& text);
  void note_layout_when_nothing_else_differs();

  Version old_;
  Version new_;
  PolicyDiff diff_;
};

}  // namespace clause::differ
