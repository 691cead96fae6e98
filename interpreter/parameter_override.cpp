#include "interpreter/parameter_override.hpp"

#include <fmt/format.h>

#include "dsl/parser.hpp"
#include "interpreter/checker.hpp"
#include "interpreter/literal_value.hpp"
#include "interpreter/value_format.hpp"

namespace clause {
namespace {

std::optional<int> find_param(const CheckedProgram& program, std::string_view name) {
  for (std::size_t i = 0; i < program.params.size(); ++i)
    if (program.params[i].name == name) return static_cast<int>(i);
  return std::nullopt;
}

void report_unknown(const CheckedProgram& program, const syntax::Identifier& name, Diagnostics& diagnostics) {
  std::vector<std::string> names;
  for (const CheckedParam& param : program.params) names.push_back(param.name);
  std::vector<DiagnosticNote> notes;
  if (program.schema.facts_record >= 0 && program.schema.facts().find(name.name)) {
    notes.push_back({Span{}, "it is a fact of the enterprise: a scenario sets it with 'set facts." + name.name + " = ...'"});
  } else if (std::string hint = did_you_mean(name.name, names); !hint.empty()) {
    notes.push_back({Span{}, hint});
  } else if (!names.empty()) {
    notes.push_back({Span{}, fmt::format("the parameters are {}", fmt::join(names, ", "))});
  }
  diagnostics.error("E0101", name.span, fmt::format("the policy has no parameter '{}'", name.name), std::move(notes));
}

// The parameter a declaration names as its whole value (`param b = a`), if any.
std::optional<int> follows(const CheckedProgram& program, const CheckedParam& param) {
  if (!param.declaration || !param.declaration->value) return std::nullopt;
  auto* name = std::get_if<syntax::NameRef>(&param.declaration->value->kind);
  if (!name) return std::nullopt;
  return find_param(program, name->name);
}

// Money and rates in a subsidy policy are 0 or more, as the facts reader
// holds facts to: a what-if below 0 is evaluated (a cap lets nothing through,
// an amount below 0 is paid as 0.00), but it is most likely a slip, so it is said.
void warn_if_below_zero(const CheckedParam& param, const Value& value, Span span, const Schema& schema,
                        Diagnostics& diagnostics) {
  const bool money_or_rate = param.type.kind == TypeKind::money || param.type.kind == TypeKind::rate;
  const auto* number = std::get_if<Decimal>(&value.data);
  if (!money_or_rate || number == nullptr || !number->is_negative()) return;
  diagnostics.warning("W0802", span,
                      fmt::format("parameter {} set to {}, below 0", param.name, format_value(value, param.type, schema)),
                      {{Span{}, "money and rates in a policy are 0 or more: a cap below 0 lets nothing through, "
                                "and an amount below 0 is paid as 0.00"}});
}

}  // namespace

std::optional<int> find_parameter(const CheckedProgram& program, const syntax::Identifier& name, Diagnostics& diagnostics) {
  std::optional<int> param = find_param(program, name.name);
  if (!param) report_unknown(program, name, diagnostics);
  return param;
}

std::optional<ParameterSetting> check_parameter_setting(const CheckedProgram& program, const syntax::Identifier& name,
                                                        const syntax::Expr& value, Diagnostics& diagnostics) {
  std::optional<int> param = find_parameter(program, name, diagnostics);
  if (!param) return std::nullopt;
  const CheckedParam& declared = program.params[static_cast<std::size_t>(*param)];
  auto checked = literal_value(value, declared.type, program.schema, "parameter " + declared.name, diagnostics);
  if (!checked) return std::nullopt;
  warn_if_below_zero(declared, *checked, value.span, program.schema, diagnostics);
  return ParameterSetting{*param, std::move(*checked)};
}

std::optional<ParameterSetting> parse_parameter_setting(const CheckedProgram& program, const SourceFile& argument,
                                                        Diagnostics& diagnostics) {
  const std::string& text = argument.text();
  std::size_t equals = text.find('=');
  if (equals == std::string::npos || equals == 0) {
    auto end = static_cast<std::uint32_t>(text.size());
    diagnostics.error("E0001", Span{0, std::max<std::uint32_t>(end, 1)}, "expected NAME=VALUE, such as cloud_cap=8万");
    return std::nullopt;
  }
  std::size_t name_end = equals;
  while (name_end > 0 && text[name_end - 1] == ' ') --name_end;
  syntax::Identifier name{text.substr(0, name_end), Span{0, static_cast<std::uint32_t>(name_end)}};
  syntax::ExprPtr value = parse_value(argument, static_cast<std::uint32_t>(equals + 1), diagnostics);
  if (!value) return std::nullopt;
  return check_parameter_setting(program, name, *value, diagnostics);
}

std::vector<Value> parameter_values(const CheckedProgram& program, const std::vector<ParameterSetting>& settings) {
  std::vector<Value> values;
  std::vector<bool> set(program.params.size(), false);
  for (const CheckedParam& param : program.params) values.push_back(param.value);
  for (const ParameterSetting& setting : settings) {
    values[static_cast<std::size_t>(setting.param)] = setting.value;
    set[static_cast<std::size_t>(setting.param)] = true;
  }
  // Declaration order: a parameter can only name one declared above it.
  for (std::size_t i = 0; i < program.params.size(); ++i) {
    if (set[i]) continue;
    if (auto source = follows(program, program.params[i])) {
      values[i] = values[static_cast<std::size_t>(*source)];
      set[i] = set[static_cast<std::size_t>(*source)];
    }
  }
  return values;
}

}  // namespace clause
