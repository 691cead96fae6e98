// The policy diff, declaration by declaration: the header, enums, records and
// the facts, parameters, tables and top-level lets.

#include <algorithm>
#include <fmt/format.h>
#include <fmt/ranges.h>

#include "dsl/source_text.hpp"
#include "dsl/syntax_printer.hpp"
#include "dsl/syntax_walk.hpp"
#include "interpreter/policy_differ.hpp"
#include "interpreter/value_format.hpp"

namespace clause::differ {

void Differ::compare_header() {
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
syntax::Quote Differ::header_quote(const CheckedProgram& program) {
  syntax::Quote quote;
  quote.lines = quote_lines_in(program.source->slice(program.syntax.header->span));
  return quote;
}

void Differ::compare_enums() {
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

std::map<std::string, std::string> Differ::members_of(const syntax::EnumDecl* const* declaration) {
  std::map<std::string, std::string> members;
  if (declaration) {
    for (const syntax::EnumMember& member : (*declaration)->members) members[member.name.name] = member.label;
  }
  return members;
}

void Differ::compare_records() {
  auto before = declarations_by_name<syntax::RecordDecl>(old_.program);
  auto after = declarations_by_name<syntax::RecordDecl>(new_.program);
  for_each_pair(before, after, [&](const std::string& name, const syntax::RecordDecl* const* old_record,
                                   const syntax::RecordDecl* const* new_record) {
    compare_fields(fmt::format("record {}", name), old_record ? &(*old_record)->fields : nullptr,
                   new_record ? &(*new_record)->fields : nullptr);
  });
  compare_fields("facts", facts_fields(old_.program), facts_fields(new_.program));
}

const std::vector<syntax::FieldDecl>* Differ::facts_fields(const CheckedProgram& program) {
  for (const syntax::Declaration& declaration : program.syntax.declarations) {
    if (const auto* facts = std::get_if<syntax::FactsDecl>(&declaration)) return &facts->fields;
  }
  return nullptr;
}

void Differ::compare_fields(const std::string& where, const std::vector<syntax::FieldDecl>* old_fields,
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
Span Differ::field_span(const syntax::FieldDecl& field) {
  Span span = Span::covering(field.name.span, field.type.span);
  if (field.default_value) span = Span::covering(span, field.default_value->span);
  return span;
}

void Differ::compare_params() {
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

void Differ::compare_tables() {
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
Written Differ::table_shape(const Version& version, const CheckedTable& table) {
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
std::map<std::string, Written> Differ::table_cells(const Version& version, const CheckedTable& table) {
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

void Differ::compare_lets() {
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

Written Differ::let_written(const Version& version, const syntax::LetDecl& let) {
  return Written{syntax::canonical_text(*let.value),
                 fmt::format("let {} = {}", let.name.name, version.text(let.value->span)), version.line(let.span)};
}

}  // namespace clause::differ
