#include "interpreter/workbench/policy_outline.hpp"

#include <fmt/format.h>

#include "interpreter/result_writer.hpp"
#include "interpreter/value_format.hpp"

namespace clause::workbench {
namespace {

// Records may hold records; no form needs them deeper than this, and a record
// that (by mistake) holds itself must not recurse for ever.
constexpr int max_record_depth = 8;

std::string_view kind_word(TypeKind kind) {
  switch (kind) {
    case TypeKind::money: return "money";
    case TypeKind::rate: return "rate";
    case TypeKind::number: return "number";
    case TypeKind::integer: return "integer";
    case TypeKind::boolean: return "bool";
    case TypeKind::date: return "date";
    case TypeKind::text: return "text";
    case TypeKind::enumeration: return "enum";
    case TypeKind::record: return "record";
    case TypeKind::error:
    case TypeKind::none: break;
  }
  return "unknown";
}

std::string_view unit_of(const Type& type) {
  if (type.list) return "";
  if (type.kind == TypeKind::money) return "元";
  if (type.kind == TypeKind::rate) return "%";
  return "";
}

// A value as clause prints it, or "" when the checker could not give it a value
// of its type (a mistake in the declaration, reported as a diagnostic).
std::string exact_text(const Value& value, const Type& type, const Schema& schema) {
  if (value.is_none() || type.list) return type.optional && value.is_none() ? "none" : "";
  bool fits = false;
  switch (type.kind) {
    case TypeKind::money:
    case TypeKind::rate:
    case TypeKind::number:
    case TypeKind::integer: fits = std::holds_alternative<Decimal>(value.data); break;
    case TypeKind::boolean: fits = std::holds_alternative<bool>(value.data); break;
    case TypeKind::date: fits = std::holds_alternative<Date>(value.data); break;
    case TypeKind::text: fits = std::holds_alternative<std::string>(value.data); break;
    case TypeKind::enumeration: fits = std::holds_alternative<EnumValue>(value.data); break;
    default: break;
  }
  return fits ? format_value(value, type, schema) : "";
}

int line_of(const SourceFile& source, std::uint32_t offset) { return source.position(offset).line; }

// The article, title, quote and extent every article-carrying declaration shares.
template <typename Declaration>
std::string article_json(std::string_view kind, const Declaration& declaration, const SourceFile& source) {
  std::string quote;
  for (const std::string& line : declaration.quote.lines) quote += (quote.empty() ? "" : "\n") + line;
  std::uint32_t last = declaration.span.end > declaration.span.begin ? declaration.span.end - 1 : declaration.span.begin;
  return fmt::format("{{\"kind\":{},\"article\":{},\"title\":{},\"quote\":{},\"first_line\":{},\"last_line\":{}}}",
                     json_string(kind), json_string(declaration.article.name), json_string(declaration.title),
                     json_string(quote), line_of(source, declaration.span.begin), line_of(source, last));
}

// The declaration of a field as written: where its default's text is.
const syntax::FieldDecl* field_declaration(const syntax::Program& syntax, std::string_view record,
                                           std::string_view field) {
  for (const syntax::Declaration& declaration : syntax.declarations) {
    const std::vector<syntax::FieldDecl>* fields = nullptr;
    if (const auto* facts = std::get_if<syntax::FactsDecl>(&declaration); facts && record == "facts") {
      fields = &facts->fields;
    } else if (const auto* declared = std::get_if<syntax::RecordDecl>(&declaration); declared && declared->name.name == record) {
      fields = &declared->fields;
    }
    if (!fields) continue;
    for (const syntax::FieldDecl& candidate : *fields) {
      if (candidate.name.name == field) return &candidate;
    }
  }
  return nullptr;
}

std::string fields_json(const CheckedProgram& program, const RecordSchema& record, int depth);

// The members of an enum type, or the fields of a record type, for an input form.
std::string type_details_json(const CheckedProgram& program, const Type& type, int depth) {
  const Schema& schema = program.schema;
  if (type.kind == TypeKind::enumeration && type.declaration >= 0 &&
      static_cast<std::size_t>(type.declaration) < schema.enums.size()) {
    const EnumSchema& declared = schema.enums[static_cast<std::size_t>(type.declaration)];
    std::string members;
    for (std::size_t i = 0; i < declared.members.size(); ++i) {
      std::string_view label = i < declared.labels.size() ? std::string_view(declared.labels[i]) : std::string_view();
      members += fmt::format("{}{{\"name\":{},\"label\":{}}}", i ? "," : "", json_string(declared.members[i]), json_string(label));
    }
    return fmt::format(",\"enum\":{},\"members\":[{}]", json_string(declared.name), members);
  }
  if (type.kind == TypeKind::record && type.declaration >= 0 &&
      static_cast<std::size_t>(type.declaration) < schema.records.size()) {
    const RecordSchema& declared = schema.records[static_cast<std::size_t>(type.declaration)];
    std::string fields = depth < max_record_depth ? fields_json(program, declared, depth + 1) : "[]";
    return fmt::format(",\"record\":{},\"fields\":{}", json_string(declared.name), fields);
  }
  return "";
}

std::string field_json(const CheckedProgram& program, const RecordSchema& record, const FieldSchema& field, int depth) {
  const syntax::FieldDecl* declaration = field_declaration(program.syntax, record.name, field.name);
  std::string default_text = "null";
  if (!field.required) {
    default_text = declaration && declaration->default_value
                       ? json_string(program.source->slice(declaration->default_value->span))
                       : json_string(exact_text(field.default_value, field.type, program.schema));
  }
  std::string type = field.type.list ? fmt::format("\"list\",\"element\":\"{}\"", kind_word(field.type.kind))
                                     : fmt::format("\"{}\"", kind_word(field.type.kind));
  return fmt::format("{{\"name\":{},\"label\":{},\"type\":{},\"type_name\":{},\"required\":{},\"optional\":{},\"default\":{}{}}}",
                     json_string(field.name), json_string(field.description), type,
                     json_string(type_name(field.type, program.schema)), field.required ? "true" : "false",
                     field.type.optional ? "true" : "false", default_text, type_details_json(program, field.type, depth));
}

std::string fields_json(const CheckedProgram& program, const RecordSchema& record, int depth) {
  std::string fields;
  for (const FieldSchema& field : record.fields) {
    fields += (fields.empty() ? "" : ",") + field_json(program, record, field, depth);
  }
  return "[" + fields + "]";
}

}  // namespace

std::string articles_json(const CheckedProgram& program) {
  const SourceFile& source = *program.source;
  std::string articles;
  auto add = [&](std::string entry) { articles += (articles.empty() ? "" : ",") + entry; };
  for (const syntax::Declaration& declaration : program.syntax.declarations) {
    if (const auto* measure = std::get_if<syntax::MeasureDecl>(&declaration)) add(article_json("measure", *measure, source));
    if (const auto* benefit = std::get_if<syntax::BenefitDecl>(&declaration)) add(article_json("benefit", *benefit, source));
    if (const auto* stacking = std::get_if<syntax::StackingDecl>(&declaration)) add(article_json("stacking", *stacking, source));
    if (const auto* total = std::get_if<syntax::TotalCapDecl>(&declaration)) add(article_json("total_cap", *total, source));
  }
  return "[" + articles + "]";
}

std::string facts_json(const CheckedProgram& program) {
  const Schema& schema = program.schema;
  if (schema.facts_record < 0 || static_cast<std::size_t>(schema.facts_record) >= schema.records.size()) return "[]";
  return fields_json(program, schema.facts(), 0);
}

std::string params_json(const CheckedProgram& program) {
  std::string params;
  for (const CheckedParam& param : program.params) {
    const syntax::ParamDecl* declaration = param.declaration;
    std::string written = declaration && declaration->value ? std::string(program.source->slice(declaration->value->span)) : "";
    std::string exact = exact_text(param.value, param.type, program.schema);
    params += fmt::format("{}{{\"name\":{},\"label\":{},\"type\":\"{}\",\"unit\":\"{}\",\"value\":{},\"value_exact\":{}}}",
                          params.empty() ? "" : ",", json_string(param.name),
                          json_string(declaration ? declaration->description : ""), kind_word(param.type.kind),
                          unit_of(param.type), json_string(written), json_string(exact));
  }
  return "[" + params + "]";
}

}  // namespace clause::workbench
