#include "interpreter/scenario.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "interpreter/checker.hpp"
#include "interpreter/literal_value.hpp"

namespace clause {
namespace {

// Where a declaration starts, for saying it does not belong in a scenario file.
Span declaration_span(const syntax::Declaration& declaration) {
  return std::visit(
      [](const auto& node) {
        if constexpr (requires { node.span; }) {
          return node.span;
        } else {
          return node.quote.span;
        }
      },
      declaration);
}

std::optional<FactSetting> check_fact_setting(const CheckedProgram& policy, const syntax::ScenarioSetting& setting,
                                              Diagnostics& diagnostics) {
  const RecordSchema& facts = policy.schema.facts();
  auto field = facts.find(setting.name.name);
  if (!field) {
    std::vector<std::string> names;
    for (const FieldSchema& schema : facts.fields) names.push_back(schema.name);
    std::vector<DiagnosticNote> notes;
    if (std::string hint = did_you_mean(setting.name.name, names); !hint.empty()) notes.push_back({Span{}, hint});
    diagnostics.error("E0101", setting.name.span, fmt::format("the policy declares no fact '{}'", setting.name.name),
                      std::move(notes));
    return std::nullopt;
  }
  const FieldSchema& schema = facts.fields[static_cast<std::size_t>(*field)];
  auto value = literal_value(*setting.value, schema.type, policy.schema, "fact " + schema.name, diagnostics);
  if (!value) return std::nullopt;
  return FactSetting{*field, std::move(*value)};
}

CheckedScenario check_scenario(const CheckedProgram& policy, const syntax::ScenarioDecl& declaration,
                               Diagnostics& diagnostics) {
  CheckedScenario scenario{declaration.name.name, declaration.title, {}, {}};
  std::vector<std::pair<std::string, Span>> seen;  // "facts.x" or "x", where first set
  for (const syntax::ScenarioSetting& setting : declaration.settings) {
    std::string target = (setting.fact ? "facts." : "") + setting.name.name;
    auto first = std::find_if(seen.begin(), seen.end(), [&](const auto& entry) { return entry.first == target; });
    if (first != seen.end()) {
      diagnostics.error("E0006", setting.span, fmt::format("scenario {} sets {} twice", scenario.name, target),
                        {{first->second, "it is first set here"}});
      continue;
    }
    seen.emplace_back(target, setting.span);
    if (setting.fact) {
      if (auto fact = check_fact_setting(policy, setting, diagnostics)) scenario.facts.push_back(std::move(*fact));
    } else if (auto param = check_parameter_setting(policy, setting.name, *setting.value, diagnostics)) {
      scenario.parameters.push_back(std::move(*param));
    }
  }
  return scenario;
}

}  // namespace

std::vector<CheckedScenario> check_scenarios(const CheckedProgram& policy, const syntax::Program& file,
                                             Diagnostics& diagnostics) {
  if (file.header) {
    diagnostics.error("E0801", file.header->span, "a scenario file holds scenarios only, not a policy header",
                      {{Span{}, "give the policy and the scenario file separately: clause whatif POLICY FACTS --scenario FILE"}});
  }
  std::vector<CheckedScenario> scenarios;
  std::vector<const syntax::ScenarioDecl*> declared;
  for (const syntax::Declaration& declaration : file.declarations) {
    auto* scenario = std::get_if<syntax::ScenarioDecl>(&declaration);
    if (!scenario) {
      if (std::holds_alternative<syntax::NoteDecl>(declaration)) continue;  // a quote between scenarios is prose
      diagnostics.error("E0801", declaration_span(declaration), "a scenario file holds scenarios only",
                        {{Span{}, "declare parameters, facts and measures in the policy; here write 'scenario NAME \"what it is\" { set ... }'"}});
      continue;
    }
    auto twin = std::find_if(declared.begin(), declared.end(),
                             [&](const syntax::ScenarioDecl* other) { return other->name.name == scenario->name.name; });
    if (twin != declared.end()) {
      diagnostics.error("E0105", scenario->name.span, fmt::format("scenario '{}' is declared twice", scenario->name.name),
                        {{(*twin)->name.span, "first declared here"}});
      continue;
    }
    declared.push_back(scenario);
    scenarios.push_back(check_scenario(policy, *scenario, diagnostics));
  }
  if (declared.empty() && !file.header && file.declarations.empty()) {
    diagnostics.error("E0801", Span{0, 0}, "the file has no scenario",
                      {{Span{}, "write 'scenario NAME \"what it is\" { set PARAMETER = VALUE }'"}});
  }
  return scenarios;
}

const CheckedScenario* find_scenario(const std::vector<CheckedScenario>& scenarios, std::string_view name) {
  for (const CheckedScenario& scenario : scenarios)
    if (scenario.name == name) return &scenario;
  return nullptr;
}

RecordValue with_facts(const RecordValue& facts, const CheckedScenario& scenario) {
  RecordValue changed = facts;
  for (const FactSetting& setting : scenario.facts) changed.fields[static_cast<std::size_t>(setting.field)] = setting.value;
  return changed;
}

}  // namespace clause
