// The lints other than cliffs (lint_cliffs.cpp) and caps (lint_caps.cpp): unused
// parameters and facts, measures without a label or a quote of the law,
// parameters whose unit looks off; and which of them run (lint_program).

#include "interpreter/lints.hpp"

#include <fmt/format.h>
#include <set>

#include "dsl/syntax_walk.hpp"

namespace clause {

namespace {

using namespace syntax;

// Names in a parameter's value and in table cells: the only places a parameter is
// named before the checker resolves names in expressions.
void note_constant_names(const Program& syntax, const std::function<void(const std::string&)>& use) {
  auto visit = [&](const Expr& expr) {
    if (auto* name = std::get_if<NameRef>(&expr.kind)) use(name->name);
  };
  for (const Declaration& declaration : syntax.declarations) {
    if (auto* param = std::get_if<ParamDecl>(&declaration); param && param->value) walk_expression(*param->value, visit);
    if (auto* table = std::get_if<TableDecl>(&declaration)) {
      for (const TableRow& row : table->rows) {
        for (const TableCell& cell : row.cells) {
          if (cell.value) walk_expression(*cell.value, visit);
        }
      }
    }
  }
}

void lint_unused_parameters(const CheckedProgram& program, Diagnostics& diagnostics) {
  std::set<int> used;
  for (const Reference& reference : program.references) {
    if (reference.kind == ReferenceKind::param) used.insert(reference.index);
  }
  note_constant_names(program.syntax, [&](const std::string& name) {
    for (std::size_t i = 0; i < program.params.size(); ++i) {
      if (program.params[i].name == name) used.insert(static_cast<int>(i));
    }
  });
  for (std::size_t i = 0; i < program.params.size(); ++i) {
    if (used.count(static_cast<int>(i))) continue;
    const CheckedParam& param = program.params[i];
    diagnostics.warning("W0702", param.declaration->name.span,
                        fmt::format("parameter '{}' is never used: no rule reads it", param.name));
  }
}

const FactsDecl* facts_declaration(const Program& syntax) {
  for (const Declaration& declaration : syntax.declarations) {
    if (auto* facts = std::get_if<FactsDecl>(&declaration)) return facts;
  }
  return nullptr;
}

void lint_unused_facts(const CheckedProgram& program, Diagnostics& diagnostics) {
  const FactsDecl* facts = facts_declaration(program.syntax);
  if (!facts) return;
  // Only a name reads a fact: a field access (`p.amount`) is recorded as a fact
  // reference too, but its index is a field of the record it reads.
  std::set<int> used;
  walk_program(program.syntax, [&](const Expr& expr) {
    const Reference& reference = program.reference_of(expr);
    if (std::holds_alternative<NameRef>(expr.kind) && reference.kind == ReferenceKind::fact) used.insert(reference.index);
  });
  const RecordSchema& schema = program.schema.facts();
  for (std::size_t i = 0; i < schema.fields.size(); ++i) {
    const std::string& name = schema.fields[i].name;
    // `id` is read by every evaluation: it names the result.
    if (used.count(static_cast<int>(i)) || name == "id") continue;
    for (const FieldDecl& field : facts->fields) {
      if (field.name.name != name) continue;
      diagnostics.warning("W0703", field.name.span,
                          fmt::format("fact '{}' is never used: no rule reads it, so what an enterprise reports there "
                                      "changes nothing",
                                      name));
    }
  }
}

bool blank(std::string_view text) { return text.find_first_not_of(" \t") == std::string_view::npos; }

void lint_measure_documentation(const CheckedProgram& program, Diagnostics& diagnostics) {
  for (const CheckedMeasure& measure : program.measures) {
    const MeasureDecl& declaration = *measure.declaration;
    if (blank(measure.article)) {
      diagnostics.warning("W0705", declaration.article.span,
                          "this measure has no article label: write the number the law gives it, such as 一(一)");
    }
    if (declaration.quote.lines.empty()) {
      diagnostics.warning("W0704", declaration.article.span,
                          fmt::format("measure {} quotes no text of the law: add the sentences it implements as "
                                      "'>' lines, so a reader can check it against the text",
                                      blank(measure.article) ? std::string("\"\"") : measure.article));
    }
  }
}

// Why a parameter's value looks like the wrong unit, or "" when it looks right.
std::string unit_doubt(const CheckedParam& param, std::string_view written) {
  const Decimal* value = std::get_if<Decimal>(&param.value.data);
  if (!value || value->is_negative() || value->is_zero()) return {};
  Decimal hundred = Decimal::from_integer(100);
  switch (param.type.kind) {
    case TypeKind::money:
      if (*value < hundred) {
        return fmt::format("{} yuan is a small amount for a policy: if 万元 was meant, write {}万", value->to_string(),
                           value->to_string());
      }
      if (*value >= Decimal::from_integer(100000000) && written.find("万") != std::string_view::npos) {
        return fmt::format("{} is {} yuan: if the number was already in yuan, drop the 万", written, value->to_string());
      }
      return {};
    case TypeKind::rate:
      if (*value > Decimal::from_integer(1)) return fmt::format("a rate of {} is more than 100%", written);
      return {};
    case TypeKind::number:
      if (*value < Decimal::from_integer(1)) {
        return fmt::format("{} is a plain number: if it is a rate, write it as a percentage ({}%)", written,
                           (*value * hundred).normalized().to_string());
      }
      return {};
    default: return {};
  }
}

void lint_parameter_units(const CheckedProgram& program, Diagnostics& diagnostics) {
  for (const CheckedParam& param : program.params) {
    const ExprPtr& value = param.declaration->value;
    if (!value || !std::holds_alternative<NumberLiteral>(value->kind)) continue;  // a copy of another parameter
    std::string doubt = unit_doubt(param, program.source->slice(value->span));
    if (doubt.empty()) continue;
    diagnostics.warning("W0706", value->span, fmt::format("the unit of parameter '{}' looks off: {}", param.name, doubt));
  }
}

}  // namespace

void lint_program(const CheckedProgram& program, Diagnostics& diagnostics, LintLevel level) {
  if (level == LintLevel::none) return;
  lint_cliffs(program, diagnostics);
  lint_parameter_units(program, diagnostics);
  lint_caps(program, diagnostics);
  if (level == LintLevel::all) {
    lint_unused_parameters(program, diagnostics);
    lint_unused_facts(program, diagnostics);
    lint_measure_documentation(program, diagnostics);
  }
  apply_expectations(program, diagnostics, level);
  diagnostics.sort_by_position();
}

}  // namespace clause
