#include "interpreter/policy_diff.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <map>
#include <set>

#include "dsl/source_text.hpp"
#include "dsl/syntax_printer.hpp"
#include "dsl/syntax_walk.hpp"
#include "interpreter/value_format.hpp"

namespace clause {

std::string_view rule_change_kind_name(RuleChangeKind kind) {
  switch (kind) {
    case RuleChangeKind::header: return "header";
    case RuleChangeKind::enumeration: return "enum";
    case RuleChangeKind::record: return "record";
    case RuleChangeKind::parameter: return "param";
    case RuleChangeKind::table_cell: return "table";
    case RuleChangeKind::let: return "let";
    case RuleChangeKind::measure_added: return "measure_added";
    case RuleChangeKind::measure_removed: return "measure_removed";
    case RuleChangeKind::measure_renamed: return "measure_renamed";
    case RuleChangeKind::measure_clause: return "measure";
    case RuleChangeKind::benefit: return "benefit";
    case RuleChangeKind::stacking: return "stacking";
    case RuleChangeKind::total_cap: return "total_cap";
  }
  return "?";
}

namespace {

using NameSet = std::set<std::string>;

// One version of the policy with what the comparison asks of it repeatedly.
struct Version {
  const CheckedProgram& program;
  std::map<std::string, NameSet> names_by_article;  // article → every name it reads, through lets and params

  int line(Span span) const { return program.source->position(span.begin).line; }
  std::string text(Span span) const { return one_line_text(*program.source, span); }
};

void collect_names(const syntax::Expr& expr, NameSet& names) {
  syntax::walk_expression(expr, [&names](const syntax::Expr& node) {
    if (const auto* name = std::get_if<syntax::NameRef>(&node.kind)) names.insert(name->name);
    if (const auto* field = std::get_if<syntax::FieldAccess>(&node.kind)) names.insert(field->field.name);
    if (const auto* lookup = std::get_if<syntax::TableLookup>(&node.kind)) names.insert(lookup->table.name);
  });
}

void collect_names(const syntax::ExprPtr& expr, NameSet& names) {
  if (expr) collect_names(*expr, names);
}

void collect_names(const syntax::MeasureDecl& measure, NameSet& names) {
  for (const syntax::LetDecl& let : measure.lets) collect_names(let.value, names);
  for (const syntax::ExprPtr& condition : measure.conditions) collect_names(condition, names);
  if (measure.for_each) {
    collect_names(measure.for_each->list, names);
    collect_names(measure.for_each->where, names);
    collect_names(measure.for_each->keep_highest, names);
  }
  collect_names(measure.project, names);
  collect_names(measure.amount, names);
  for (const syntax::Cap& cap : measure.caps) {
    collect_names(cap.limit, names);
    collect_names(cap.already_paid, names);
  }
}

// Adds what the top-level lets and params named in `names` read, until nothing new comes in.
void close_over_globals(const CheckedProgram& program, NameSet& names) {
  std::map<std::string, NameSet> global_reads;
  for (const CheckedLet& let : program.lets) collect_names(let.declaration->value, global_reads[let.name]);
  for (const CheckedParam& param : program.params) collect_names(param.declaration->value, global_reads[param.name]);
  std::vector<std::string> pending(names.begin(), names.end());
  while (!pending.empty()) {
    std::string name = pending.back();
    pending.pop_back();
    auto found = global_reads.find(name);
    if (found == global_reads.end()) continue;
    for (const std::string& read : found->second) {
      if (names.insert(read).second) pending.push_back(read);
    }
  }
}

std::map<std::string, NameSet> names_by_article(const CheckedProgram& program) {
  std::map<std::string, NameSet> result;
  for (const CheckedMeasure& measure : program.measures) collect_names(*measure.declaration, result[measure.article]);
  for (const CheckedBenefit& benefit : program.benefits) {
    NameSet& names = result[benefit.article];
    for (const syntax::LetDecl& let : benefit.declaration->lets) collect_names(let.value, names);
    for (const syntax::ExprPtr& condition : benefit.declaration->conditions) collect_names(condition, names);
  }
  if (program.total_cap) collect_names(program.total_cap->declaration->limit, result[program.total_cap->article]);
  if (program.stacking && program.stacking->declaration->against) {
    const syntax::AgainstOther& against = *program.stacking->declaration->against;
    NameSet& names = result[program.stacking->article];
    collect_names(against.list, names);
    collect_names(against.project, names);
    collect_names(against.amount, names);
  }
  for (auto& [article, names] : result) close_over_globals(program, names);
  return result;
}

// Every article of a version, in document order: measures, benefits, stacking, total cap.
std::vector<std::string> articles_of(const CheckedProgram& program) {
  std::vector<std::string> articles;
  for (const CheckedMeasure& measure : program.measures) articles.push_back(measure.article);
  for (const CheckedBenefit& benefit : program.benefits) articles.push_back(benefit.article);
  if (program.stacking) articles.push_back(program.stacking->article);
  if (program.total_cap) articles.push_back(program.total_cap->article);
  return articles;
}

std::string type_ref_text(const syntax::TypeRef& type) {
  return (type.list ? "list of " : "") + type.base.name + (type.optional ? "?" : "");
}

std::string quote_text(const syntax::Quote& quote) {
  std::string text;
  for (const std::string& line : quote.lines) text += (text.empty() ? "" : "\n") + line;
  return text;
}

std::string validity_text(const std::optional<syntax::ValidityWindow>& window) {
  return window ? fmt::format("valid {} to {}", window->from.to_string(), window->to.to_string()) : "";
}

std::string for_each_text(const std::optional<syntax::ForEach>& for_each) {
  if (!for_each) return "";
  std::string text = fmt::format("for each {} in {}", for_each->variable.name, syntax::canonical_text(*for_each->list));
  if (for_each->where) text += " where " + syntax::canonical_text(*for_each->where);
  if (for_each->keep_highest) text += " keep highest by " + syntax::canonical_text(*for_each->keep_highest);
  return text;
}

std::string cap_text(const syntax::Cap& cap) {
  return cap.already_paid ? fmt::format("cumulative cap {} paid {}", syntax::canonical_text(*cap.limit),
                                        syntax::canonical_text(*cap.already_paid))
                          : "cap " + syntax::canonical_text(*cap.limit);
}

// What a measure does, without its label, title or quote: two measures with the
// same signature are the same rule, whatever they are called.
std::string measure_signature(const syntax::MeasureDecl& measure) {
  std::string signature = for_each_text(measure.for_each) + "|" + syntax::canonical_text_or_empty(measure.project) + "|" +
                          syntax::canonical_text_or_empty(measure.amount) + "|" + validity_text(measure.validity) + "|" +
                          measure.stacks_on;
  for (const syntax::LetDecl& let : measure.lets) signature += "|let " + let.name.name + "=" + syntax::canonical_text(*let.value);
  for (const syntax::ExprPtr& condition : measure.conditions) signature += "|when " + syntax::canonical_text(*condition);
  for (const syntax::Cap& cap : measure.caps) signature += "|" + cap_text(cap);
  return signature;
}

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

  PolicyDiff run() {
    diff_.texts_identical = old_.program.source->text() == new_.program.source->text();
    compare_header();
    compare_enums();
    compare_records();
    compare_params();
    compare_tables();
    compare_lets();
    compare_measures();
    compare_benefits();
    compare_stacking();
    compare_total_cap();
    compare_free_quotes();
    compare_comments();
    compare_layout();
    note_layout_when_nothing_else_differs();
    return std::move(diff_);
  }

 private:
  // ---- recording ----

  void rule(RuleChangeKind kind, std::string article, std::string subject, const Written& before, const Written& after,
            std::vector<std::string> affects) {
    if (affects.empty() && !article.empty()) affects.push_back(article);
    diff_.rules.push_back(RuleChange{kind, std::move(article), std::move(subject), before.text, after.text, before.line,
                                     after.line, std::move(affects)});
  }

  // Of texts of several lines (quotes, comments), only the lines that differ are kept.
  void wording(std::string where, std::string what, const Written& before, const Written& after) {
    std::string old_text = before.text;
    std::string new_text = after.text;
    if (!old_text.empty() && !new_text.empty()) drop_common_lines(old_text, new_text);
    diff_.wording.push_back(WordingChange{std::move(where), std::move(what), old_text, new_text, before.line, after.line});
  }

  void compare_wording(const std::string& where, const std::string& what, const Written& before, const Written& after) {
    if (before.meaning != after.meaning) wording(where, what, before, after);
  }

  // The articles of either version that read `name`.
  std::vector<std::string> articles_reading(const std::string& name) const {
    std::vector<std::string> articles;
    for (const Version* version : {&new_, &old_}) {
      for (const std::string& article : articles_of(version->program)) {
        auto names = version->names_by_article.find(article);
        bool reads = names != version->names_by_article.end() && names->second.contains(name);
        if (reads && std::find(articles.begin(), articles.end(), article) == articles.end()) articles.push_back(article);
      }
    }
    return articles;
  }

  std::vector<std::string> every_article() const {
    std::vector<std::string> articles = articles_of(new_.program);
    for (const std::string& article : articles_of(old_.program)) {
      if (std::find(articles.begin(), articles.end(), article) == articles.end()) articles.push_back(article);
    }
    return articles;
  }

  // ---- the header ----

  void compare_header() {
    const syntax::PolicyHeader& before = *old_.program.syntax.header;
    const syntax::PolicyHeader& after = *new_.program.syntax.header;
    auto header_line = [](const Version& version, const syntax::PolicyHeader& header, Span span) {
      return version.line(span.end > span.begin ? span : header.span);
    };
    auto header_rule = [&](std::string subject, std::string old_meaning, std::string new_meaning, Span old_span, Span new_span) {
      if (old_meaning == new_meaning) return;
      rule(RuleChangeKind::header, "", std::move(subject),
           Written{old_meaning, old_meaning, header_line(old_, before, old_span)},
           Written{new_meaning, new_meaning, header_line(new_, after, new_span)}, every_article());
    };
    const PolicyInfo& old_info = old_.program.policy;
    const PolicyInfo& new_info = new_.program.policy;
    header_rule("validity", fmt::format("valid {} to {}", old_info.valid_from.to_string(), old_info.valid_to.to_string()),
                fmt::format("valid {} to {}", new_info.valid_from.to_string(), new_info.valid_to.to_string()),
                before.validity_span, after.validity_span);
    header_rule("evaluation year", "evaluation_year " + syntax::canonical_text_or_empty(before.evaluation_year),
                "evaluation_year " + syntax::canonical_text_or_empty(after.evaluation_year),
                before.evaluation_year ? before.evaluation_year->span : before.span,
                after.evaluation_year ? after.evaluation_year->span : after.span);
    header_rule("rounding",
                fmt::format("rounding {} to {}", before.rounding_mode, before.rounding_unit.normalized().to_string()),
                fmt::format("rounding {} to {}", after.rounding_mode, after.rounding_unit.normalized().to_string()),
                before.rounding_span, after.rounding_span);
    header_rule("language", "language " + before.language, "language " + after.language, before.language_span,
                after.language_span);
    auto header_wording = [&](std::string what, std::string old_text, std::string new_text) {
      compare_wording("policy header", std::move(what), Written{old_text, old_text, old_.line(before.span)},
                      Written{new_text, new_text, new_.line(after.span)});
    };
    header_wording("title", before.title, after.title);
    header_wording("document number", before.document, after.document);
    header_wording("date of issue", before.issued ? before.issued->to_string() : "",
                   after.issued ? after.issued->to_string() : "");
    header_wording("quote of the law", quote_text(header_quote(old_.program)), quote_text(header_quote(new_.program)));
  }

  // The header keeps no quote of its own in the tree; its `>` lines are found in its source text.
  static syntax::Quote header_quote(const CheckedProgram& program) {
    syntax::Quote quote;
    quote.lines = quote_lines_in(program.source->slice(program.syntax.header->span));
    return quote;
  }

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

  void compare_enums() {
    auto before = declarations_by_name<syntax::EnumDecl>(old_.program);
    auto after = declarations_by_name<syntax::EnumDecl>(new_.program);
    for_each_pair(before, after, [&](const std::string& name, const syntax::EnumDecl* const* old_enum,
                                     const syntax::EnumDecl* const* new_enum) {
      std::map<std::string, std::string> old_members = members_of(old_enum);
      std::map<std::string, std::string> new_members = members_of(new_enum);
      std::vector<std::string> readers;
      for (const auto& members : {old_members, new_members}) {
        for (const auto& [member, label] : members) {
          for (const std::string& article : articles_reading(member)) {
            if (std::find(readers.begin(), readers.end(), article) == readers.end()) readers.push_back(article);
          }
        }
      }
      for_each_pair(old_members, new_members, [&](const std::string& member, const std::string* old_label,
                                                  const std::string* new_label) {
        Written before_text{old_label ? member : "", old_label ? member : "", old_enum ? old_.line((*old_enum)->span) : 0};
        Written after_text{new_label ? member : "", new_label ? member : "", new_enum ? new_.line((*new_enum)->span) : 0};
        if (!old_label || !new_label) {
          rule(RuleChangeKind::enumeration, "", fmt::format("enum {} member {}", name, member), before_text, after_text, readers);
        } else if (*old_label != *new_label) {
          wording(fmt::format("enum {}", name), fmt::format("label of {}", member),
                  Written{*old_label, *old_label, before_text.line}, Written{*new_label, *new_label, after_text.line});
        }
      });
      if (old_enum && new_enum) {
        compare_wording(fmt::format("enum {}", name), "description",
                        Written{(*old_enum)->description, (*old_enum)->description, old_.line((*old_enum)->span)},
                        Written{(*new_enum)->description, (*new_enum)->description, new_.line((*new_enum)->span)});
      }
    });
  }

  static std::map<std::string, std::string> members_of(const syntax::EnumDecl* const* declaration) {
    std::map<std::string, std::string> members;
    if (declaration) {
      for (const syntax::EnumMember& member : (*declaration)->members) members[member.name.name] = member.label;
    }
    return members;
  }

  void compare_records() {
    auto before = declarations_by_name<syntax::RecordDecl>(old_.program);
    auto after = declarations_by_name<syntax::RecordDecl>(new_.program);
    for_each_pair(before, after, [&](const std::string& name, const syntax::RecordDecl* const* old_record,
                                     const syntax::RecordDecl* const* new_record) {
      compare_fields(fmt::format("record {}", name), old_record ? &(*old_record)->fields : nullptr,
                     new_record ? &(*new_record)->fields : nullptr);
    });
    compare_fields("facts", facts_fields(old_.program), facts_fields(new_.program));
  }

  static const std::vector<syntax::FieldDecl>* facts_fields(const CheckedProgram& program) {
    for (const syntax::Declaration& declaration : program.syntax.declarations) {
      if (const auto* facts = std::get_if<syntax::FactsDecl>(&declaration)) return &facts->fields;
    }
    return nullptr;
  }

  void compare_fields(const std::string& where, const std::vector<syntax::FieldDecl>* old_fields,
                      const std::vector<syntax::FieldDecl>* new_fields) {
    auto by_name = [](const std::vector<syntax::FieldDecl>* fields) {
      std::map<std::string, const syntax::FieldDecl*> found;
      if (fields) {
        for (const syntax::FieldDecl& field : *fields) found[field.name.name] = &field;
      }
      return found;
    };
    auto field_meaning = [](const syntax::FieldDecl& field) {
      std::string text = fmt::format("{}: {}", field.name.name, type_ref_text(field.type));
      if (field.default_value) text += " = " + syntax::canonical_text(*field.default_value);
      return text;
    };
    for_each_pair(by_name(old_fields), by_name(new_fields), [&](const std::string& name, const syntax::FieldDecl* const* old_field,
                                                                const syntax::FieldDecl* const* new_field) {
      Written before = old_field ? Written{field_meaning(**old_field), old_.text(field_span(**old_field)), old_.line((*old_field)->span)}
                                 : Written{};
      Written after = new_field ? Written{field_meaning(**new_field), new_.text(field_span(**new_field)), new_.line((*new_field)->span)}
                                : Written{};
      std::string subject = fmt::format("{} field {}", where, name);
      if (before.meaning != after.meaning) {
        rule(RuleChangeKind::record, "", subject, before, after, articles_reading(name));
      } else if (before.text != after.text) {
        wording(where, fmt::format("written form of {}", name), before, after);
      }
      if (old_field && new_field) {
        compare_wording(where, fmt::format("description of {}", name),
                        Written{(*old_field)->description, (*old_field)->description, before.line},
                        Written{(*new_field)->description, (*new_field)->description, after.line});
      }
    });
  }

  // A field without its description, which is wording.
  static Span field_span(const syntax::FieldDecl& field) {
    Span span = Span::covering(field.name.span, field.type.span);
    if (field.default_value) span = Span::covering(span, field.default_value->span);
    return span;
  }

  // ---- params, tables, lets ----

  void compare_params() {
    auto by_name = [](const CheckedProgram& program) {
      std::map<std::string, const CheckedParam*> found;
      for (const CheckedParam& param : program.params) found[param.name] = &param;
      return found;
    };
    auto written = [](const Version& version, const CheckedParam& param) {
      const Schema& schema = version.program.schema;
      std::string value = format_value(param.value, param.type, schema);
      std::string type = type_name(param.type, schema);
      std::string shown = param.declaration->value ? version.text(param.declaration->value->span) : value;
      if (shown != value) shown += fmt::format(" = {}", value);
      return Written{type + " " + value, shown, version.line(param.declaration->span)};
    };
    for_each_pair(by_name(old_.program), by_name(new_.program), [&](const std::string& name, const CheckedParam* const* old_param,
                                                                    const CheckedParam* const* new_param) {
      Written before = old_param ? written(old_, **old_param) : Written{};
      Written after = new_param ? written(new_, **new_param) : Written{};
      if (before.meaning != after.meaning) {
        rule(RuleChangeKind::parameter, "", "param " + name, before, after, articles_reading(name));
      } else if (before.text != after.text) {
        wording("param " + name, "written form", before, after);
      }
      if (old_param && new_param) {
        const std::string& old_description = (*old_param)->declaration->description;
        const std::string& new_description = (*new_param)->declaration->description;
        compare_wording("param " + name, "description", Written{old_description, old_description, before.line},
                        Written{new_description, new_description, after.line});
      }
    });
  }

  void compare_tables() {
    auto by_name = [](const CheckedProgram& program) {
      std::map<std::string, const CheckedTable*> found;
      for (const CheckedTable& table : program.tables) found[table.name] = &table;
      return found;
    };
    for_each_pair(by_name(old_.program), by_name(new_.program), [&](const std::string& name, const CheckedTable* const* old_table,
                                                                    const CheckedTable* const* new_table) {
      std::vector<std::string> readers = articles_reading(name);
      Written old_shape = old_table ? table_shape(old_, **old_table) : Written{};
      Written new_shape = new_table ? table_shape(new_, **new_table) : Written{};
      if (old_shape.meaning != new_shape.meaning) {
        rule(RuleChangeKind::table_cell, "", "table " + name, old_shape, new_shape, readers);
        return;
      }
      std::map<std::string, Written> old_cells = table_cells(old_, **old_table);
      std::map<std::string, Written> new_cells = table_cells(new_, **new_table);
      for (const auto& [keys, before] : old_cells) {
        const Written& after = new_cells.at(keys);
        if (before.meaning != after.meaning) {
          rule(RuleChangeKind::table_cell, "", fmt::format("table {}[{}]", name, keys), before, after, readers);
        } else if (before.text != after.text) {
          wording(fmt::format("table {}[{}]", name, keys), "written form", before, after);
        }
      }
      const std::string& old_description = (*old_table)->declaration->description;
      const std::string& new_description = (*new_table)->declaration->description;
      compare_wording("table " + name, "description", Written{old_description, old_description, old_shape.line},
                      Written{new_description, new_description, new_shape.line});
    });
  }

  // "by recognition_kind × level -> money" with every member of each key, in order.
  static Written table_shape(const Version& version, const CheckedTable& table) {
    const Schema& schema = version.program.schema;
    std::string keys;
    std::string members;
    for (int key : table.key_enums) {
      const EnumSchema& enumeration = schema.enums[static_cast<std::size_t>(key)];
      keys += (keys.empty() ? "" : " × ") + enumeration.name;
      for (const std::string& member : enumeration.members) members += member + ",";
      members += ";";
    }
    std::string shape = fmt::format("table {} by {} -> {}", table.name, keys, type_name(table.value_type, schema));
    return Written{shape + " " + members, shape, version.line(table.declaration->span)};
  }

  // Each cell by its keys ("factory_5g, provincial"): its value, or — for not covered.
  static std::map<std::string, Written> table_cells(const Version& version, const CheckedTable& table) {
    const Schema& schema = version.program.schema;
    const EnumSchema& rows = schema.enums[static_cast<std::size_t>(table.key_enums[0])];
    const EnumSchema* columns = table.key_enums.size() > 1 ? &schema.enums[static_cast<std::size_t>(table.key_enums[1])] : nullptr;
    std::map<std::string, Written> cells;
    for (std::size_t row = 0; row < rows.members.size(); ++row) {
      std::size_t column_count = columns ? columns->members.size() : 1;
      for (std::size_t column = 0; column < column_count; ++column) {
        std::size_t index = row * column_count + column;
        std::string keys = columns ? rows.members[row] + ", " + columns->members[column] : rows.members[row];
        const std::optional<Value>& cell = table.cells[index];
        std::string meaning = cell ? format_value(*cell, table.value_type, schema) : "—";
        Span span = table.cell_spans[index];
        std::string shown = cell ? version.text(span) : "—";
        if (cell && shown != meaning) shown += fmt::format(" = {}", meaning);
        cells[keys] = Written{meaning, shown, version.line(span)};
      }
    }
    return cells;
  }

  void compare_lets() {
    auto by_name = [](const CheckedProgram& program) {
      std::map<std::string, const syntax::LetDecl*> found;
      for (const CheckedLet& let : program.lets) found[let.name] = let.declaration;
      return found;
    };
    for_each_pair(by_name(old_.program), by_name(new_.program), [&](const std::string& name, const syntax::LetDecl* const* old_let,
                                                                    const syntax::LetDecl* const* new_let) {
      Written before = old_let ? let_written(old_, **old_let) : Written{};
      Written after = new_let ? let_written(new_, **new_let) : Written{};
      if (before.meaning != after.meaning) rule(RuleChangeKind::let, "", "let " + name, before, after, articles_reading(name));
      if (old_let && new_let) {
        compare_wording("let " + name, "description", Written{(*old_let)->description, (*old_let)->description, before.line},
                        Written{(*new_let)->description, (*new_let)->description, after.line});
      }
    });
  }

  static Written let_written(const Version& version, const syntax::LetDecl& let) {
    return Written{syntax::canonical_text(*let.value),
                   fmt::format("let {} = {}", let.name.name, version.text(let.value->span)), version.line(let.span)};
  }

  // ---- measures ----

  void compare_measures() {
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
  void match_renamed_measures(std::vector<const CheckedMeasure*>& removed, std::vector<const CheckedMeasure*>& added) {
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

  void compare_measure(const CheckedMeasure& old_measure, const CheckedMeasure& new_measure) {
    const syntax::MeasureDecl& before = *old_measure.declaration;
    const syntax::MeasureDecl& after = *new_measure.declaration;
    const std::string& article = new_measure.article;
    std::string where = "measure " + article;
    compare_wording(where, "title", Written{before.title, before.title, old_.line(before.span)},
                    Written{after.title, after.title, new_.line(after.span)});
    compare_wording(where, "quote of the law", quote_written(old_, before.quote, before.span),
                    quote_written(new_, after.quote, after.span));
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

  Written quote_written(const Version& version, const syntax::Quote& quote, Span owner) const {
    std::string text = quote_text(quote);
    return Written{text, text, version.line(quote.lines.empty() ? owner : quote.span)};
  }

  Written optional_clause(const Version& version, std::string meaning, Span span) const {
    if (meaning.empty()) return Written{};
    return Written{meaning, version.text(span), version.line(span)};
  }

  Written expression_clause(const Version& version, const syntax::ExprPtr& expr) const {
    if (!expr) return Written{};
    return Written{syntax::canonical_text(*expr), version.text(expr->span), version.line(expr->span)};
  }

  void compare_clause(const std::string& article, std::string subject, const Written& before, const Written& after) {
    if (before.meaning != after.meaning) rule(RuleChangeKind::measure_clause, article, std::move(subject), before, after, {});
  }

  void compare_lets_of(const std::string& article, const std::vector<syntax::LetDecl>& before,
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

  void compare_conditions(const std::string& article, const std::vector<syntax::ExprPtr>& before,
                          const std::vector<syntax::ExprPtr>& after) {
    std::vector<Written> old_conditions;
    std::vector<Written> new_conditions;
    for (const syntax::ExprPtr& condition : before) old_conditions.push_back(expression_clause(old_, condition));
    for (const syntax::ExprPtr& condition : after) new_conditions.push_back(expression_clause(new_, condition));
    compare_sequence(article, "condition", std::move(old_conditions), std::move(new_conditions));
  }

  // Clauses that may repeat (conditions, caps): those only in the old version are
  // paired, in order, with those only in the new one; the rest are removed or added.
  void compare_sequence(const std::string& article, const std::string& subject, std::vector<Written> before,
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

  std::vector<Written> caps_written(const Version& version, const std::vector<syntax::Cap>& caps) const {
    std::vector<Written> written;
    for (const syntax::Cap& cap : caps) written.push_back(Written{cap_text(cap), version.text(cap.span), version.line(cap.span)});
    return written;
  }

  // Brackets and tiers are compared bound by bound, so the report names the
  // bracket that changed rather than the whole table of them.
  void compare_amount(const std::string& article, const syntax::ExprPtr& before, const syntax::ExprPtr& after) {
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

  void compare_brackets(const std::string& article, const syntax::Brackets& before, const syntax::Brackets& after) {
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

  static Written bracket_written(const Version& version, const syntax::Bracket& bracket) {
    return Written{syntax::canonical_text(bracket.range) + ": " + syntax::canonical_text(*bracket.amount),
                   version.text(bracket.span), version.line(bracket.span)};
  }

  void compare_tiers(const std::string& article, const syntax::Tiers& before, const syntax::Tiers& after) {
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

  // ---- benefits, stacking, total cap ----

  void compare_benefits() {
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
  static Written benefit_written(const Version& version, const CheckedBenefit& benefit) {
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

  void compare_stacking() {
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

  static Written stacking_written(const Version& version) {
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

  void compare_total_cap() {
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
  static Written total_cap_written(const Version& version, const Version& other) {
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

  // ---- wording outside the declarations' clauses ----

  void compare_free_quotes() {
    auto notes = [](const Version& version) {
      Written written;
      for (const syntax::Declaration& declaration : version.program.syntax.declarations) {
        if (const auto* note = std::get_if<syntax::NoteDecl>(&declaration)) {
          if (written.line == 0) written.line = version.line(note->quote.span);
          written.meaning += (written.meaning.empty() ? "" : "\n") + quote_text(note->quote);
        }
      }
      written.text = written.meaning;
      return written;
    };
    compare_wording("the file", "quotes of the law between declarations", notes(old_), notes(new_));
  }

  void compare_comments() {
    std::map<std::string, Written> before = comments_by_declaration(old_.program);
    std::map<std::string, Written> after = comments_by_declaration(new_.program);
    // A renamed measure's comments are compared under its new label.
    for (const RuleChange& change : diff_.rules) {
      if (change.kind != RuleChangeKind::measure_renamed) continue;
      auto renamed = before.extract("measure " + change.old_text);
      if (renamed.empty()) continue;
      renamed.key() = "measure " + change.new_text;
      before.insert(std::move(renamed));
    }
    std::vector<std::string> places;
    for (const auto& [place, comment] : before) places.push_back(place);
    for (const auto& [place, comment] : after) {
      if (!before.contains(place)) places.push_back(place);
    }
    std::stable_sort(places.begin(), places.end(), [&](const std::string& a, const std::string& b) {
      return first_line(after, before, a) < first_line(after, before, b);
    });
    for (const std::string& place : places) {
      Written old_comments = before.contains(place) ? before.at(place) : Written{};
      Written new_comments = after.contains(place) ? after.at(place) : Written{};
      if (old_comments.meaning == new_comments.meaning) continue;
      wording(place, "comments", old_comments, new_comments);
    }
  }

  // Each comment belongs to the declaration that holds it, or else to the next one
  // (a comment above a declaration is about it).
  static std::map<std::string, Written> comments_by_declaration(const CheckedProgram& program) {
    std::vector<std::pair<std::string, Span>> places;
    if (program.syntax.header) places.emplace_back("policy header", program.syntax.header->span);
    for (const syntax::Declaration& declaration : program.syntax.declarations) places.push_back(place_of(declaration));
    std::sort(places.begin(), places.end(), [](const auto& a, const auto& b) { return a.second.begin < b.second.begin; });
    std::map<std::string, Written> comments;
    for (const SourceComment& comment : comments_in(*program.source)) {
      auto place = std::find_if(places.begin(), places.end(), [&](const auto& candidate) { return comment.offset < candidate.second.end; });
      Written& written = comments[place == places.end() ? "the end of the file" : place->first];
      if (written.line == 0) written.line = comment.line;
      written.meaning += (written.meaning.empty() ? "# " : "\n# ") + comment.text;
      written.text = written.meaning;
    }
    return comments;
  }

  // "measure 一(二)", "param cloud_step": how a report names the declaration.
  static std::pair<std::string, Span> place_of(const syntax::Declaration& declaration) {
    return std::visit(
        [](const auto& typed) -> std::pair<std::string, Span> {
          using Kind = std::decay_t<decltype(typed)>;
          if constexpr (std::is_same_v<Kind, syntax::NoteDecl>) {
            return {"the quotes between declarations", typed.quote.span};
          } else if constexpr (std::is_same_v<Kind, syntax::FactsDecl>) {
            return {"facts", typed.span};
          } else if constexpr (requires { typed.article; }) {
            return {std::string(declaration_word<Kind>()) + " " + typed.article.name, typed.span};
          } else {
            return {std::string(declaration_word<Kind>()) + " " + typed.name.name, typed.span};
          }
        },
        declaration);
  }



  // Keeps only the lines that differ: the longest run of lines both texts share,
  // in order, is dropped from each (the lines a line diff would not mark).
  static void drop_common_lines(std::string& before, std::string& after) {
    auto split = [](const std::string& text) {
      std::vector<std::string> lines;
      std::size_t start = 0;
      while (start <= text.size()) {
        std::size_t end = std::min(text.find('\n', start), text.size());
        lines.push_back(text.substr(start, end - start));
        start = end + 1;
      }
      return lines;
    };
    std::vector<std::string> old_lines = split(before);
    std::vector<std::string> new_lines = split(after);
    std::size_t rows = old_lines.size();
    std::size_t columns = new_lines.size();
    // shared[i][j]: the longest common subsequence of old_lines[i..] and new_lines[j..].
    std::vector<std::vector<int>> shared(rows + 1, std::vector<int>(columns + 1, 0));
    for (std::size_t i = rows; i-- > 0;) {
      for (std::size_t j = columns; j-- > 0;) {
        shared[i][j] = old_lines[i] == new_lines[j] ? shared[i + 1][j + 1] + 1 : std::max(shared[i + 1][j], shared[i][j + 1]);
      }
    }
    std::string old_kept;
    std::string new_kept;
    auto keep = [](std::string& kept, const std::string& line) { kept += (kept.empty() ? "" : "\n") + line; };
    std::size_t i = 0;
    std::size_t j = 0;
    while (i < rows || j < columns) {
      if (i < rows && j < columns && old_lines[i] == new_lines[j]) {
        ++i;
        ++j;
      } else if (j == columns || (i < rows && shared[i + 1][j] >= shared[i][j + 1])) {
        keep(old_kept, old_lines[i++]);
      } else {
        keep(new_kept, new_lines[j++]);
      }
    }
    before = old_kept;
    after = new_kept;
  }

  static int first_line(const std::map<std::string, Written>& preferred, const std::map<std::string, Written>& other,
                        const std::string& place) {
    if (auto found = preferred.find(place); found != preferred.end()) return found->second.line;
    return other.at(place).line;
  }

  // Declarations whose code differs only in blanks and line breaks, and
  // declarations written in another order: one wording entry naming them.
  void compare_layout() {
    std::vector<std::pair<std::string, Span>> old_places = places_of(old_.program);
    std::vector<std::pair<std::string, Span>> new_places = places_of(new_.program);
    std::map<std::string, Span> old_spans(old_places.begin(), old_places.end());
    std::map<std::string, std::string> old_comments;
    for (const auto& [place, comment] : comments_by_declaration(old_.program)) old_comments[place] = comment.meaning;
    std::map<std::string, std::string> new_comments;
    for (const auto& [place, comment] : comments_by_declaration(new_.program)) new_comments[place] = comment.meaning;
    std::vector<std::string> respaced;
    std::vector<std::string> shared_old_order;
    std::vector<std::string> shared_new_order;
    for (const auto& [place, new_span] : new_places) {
      auto old_span = old_spans.find(place);
      if (old_span == old_spans.end()) continue;
      shared_new_order.push_back(place);
      std::string old_code = one_line_text(*old_.program.source, old_span->second);
      std::string new_code = one_line_text(*new_.program.source, new_span);
      if (without_blanks(old_code) != without_blanks(new_code)) continue;
      bool raw_differs = old_.program.source->slice(old_span->second) != new_.program.source->slice(new_span);
      if (old_code != new_code || (raw_differs && old_comments[place] == new_comments[place])) respaced.push_back(place);
    }
    for (const auto& [place, span] : old_places) {
      if (std::find(shared_new_order.begin(), shared_new_order.end(), place) != shared_new_order.end()) shared_old_order.push_back(place);
    }
    if (!respaced.empty()) {
      std::string places = fmt::format("{}", fmt::join(respaced, ", "));
      wording("the file", "layout (blanks and line breaks) of " + places, Written{}, Written{});
    }
    if (shared_old_order != shared_new_order) wording("the file", "the order of declarations", Written{}, Written{});
  }

  static std::vector<std::pair<std::string, Span>> places_of(const CheckedProgram& program) {
    std::vector<std::pair<std::string, Span>> places;
    if (program.syntax.header) places.emplace_back("policy header", program.syntax.header->span);
    for (const syntax::Declaration& declaration : program.syntax.declarations) {
      if (!std::holds_alternative<syntax::NoteDecl>(declaration)) places.push_back(place_of(declaration));
    }
    return places;
  }

  static std::string without_blanks(const std::string& text) {
    std::string result;
    for (char c : text) {
      if (c != ' ') result += c;
    }
    return result;
  }

  void note_layout_when_nothing_else_differs() {
    if (diff_.texts_identical || !diff_.rules.empty() || !diff_.wording.empty()) return;
    wording("the file", "layout (spacing, line breaks, the order of declarations)", Written{}, Written{});
  }

  Version old_;
  Version new_;
  PolicyDiff diff_;
};

}  // namespace

std::vector<std::string> PolicyDiff::changed_articles(const CheckedProgram& old_program, const CheckedProgram& new_program) const {
  std::vector<std::string> order = articles_of(new_program);
  for (const std::string& article : articles_of(old_program)) {
    if (std::find(order.begin(), order.end(), article) == order.end()) order.push_back(article);
  }
  std::vector<std::string> changed;
  for (const std::string& article : order) {
    bool affected = std::any_of(rules.begin(), rules.end(), [&](const RuleChange& change) {
      return std::find(change.affects.begin(), change.affects.end(), article) != change.affects.end();
    });
    if (affected) changed.push_back(article);
  }
  return changed;
}

PolicyDiff diff_policies(const CheckedProgram& old_program, const CheckedProgram& new_program) {
  return Differ(old_program, new_program).run();
}

}  // namespace clause
