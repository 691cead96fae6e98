#include "interpreter/workbench/workbench_api.hpp"

#include <filesystem>
#include <fmt/format.h>
#include <fstream>
#include <sstream>

#include "dsl/diagnostics.hpp"
#include "interpreter/checker.hpp"
#include "interpreter/explanation.hpp"
#include "interpreter/facts_reader.hpp"
#include "interpreter/lints.hpp"
#include "interpreter/output_file.hpp"
#include "interpreter/parameter_override.hpp"
#include "interpreter/policy_comparison.hpp"
#include "interpreter/result_writer.hpp"
#include "interpreter/what_if_impact.hpp"
#include "interpreter/workbench/embedded_pages.hpp"
#include "interpreter/workbench/policy_outline.hpp"
#include "interpreter/workbench/request_json.hpp"

namespace clause::workbench {
namespace {

Response json_response(int status, std::string body) { return Response{status, "application/json; charset=utf-8", std::move(body)}; }

Response error_response(int status, std::string_view message) {
  return json_response(status, fmt::format("{{\"error\":{}}}", json_string(message)));
}

// A what-if or a diff whose budget, summed over the population, leaves the exact
// range: the request was fine, its answer cannot be written exactly.
Response budget_out_of_range(const DecimalOverflow& overflow) {
  return error_response(422, fmt::format("a budget goes beyond the exact range: {}", overflow.what()));
}

// A request's members, read or refused: each accessor returns false after
// setting the 400 (or 413) response that says which member is wrong.
class RequestMembers {
 public:
  explicit RequestMembers(const JsonObject& object) : object_(object) {}

  bool string(std::string_view name, std::string& value, Response& refusal, bool required = true) const {
    return member(name, JsonKind::string, value, refusal, required);
  }
  bool object(std::string_view name, std::string& raw_json, Response& refusal, bool required = true) const {
    return member(name, JsonKind::object, raw_json, refusal, required);
  }
  // A policy's text: a string of at most max_source_bytes (413 beyond).
  bool policy_text(std::string_view name, std::string& text, Response& refusal) const {
    if (!string(name, text, refusal)) return false;
    if (text.size() <= max_source_bytes) return true;
    refusal = error_response(413, fmt::format("\"{}\" has {} bytes; a policy may have at most {} bytes (4 MiB)", name,
                                              text.size(), max_source_bytes));
    return false;
  }
  // true or false as written, "" when absent.
  bool flag(std::string_view name, std::string& value, Response& refusal) const {
    return member(name, JsonKind::boolean, value, refusal, false);
  }
  // A whole number within [low, high].
  bool count(std::string_view name, int low, int high, int& value, Response& refusal) const {
    std::string text;
    if (!member(name, JsonKind::number, text, refusal, false)) return false;
    if (text.empty()) return true;
    int parsed = low - 1;
    bool whole = text.size() <= 6 && text.find_first_not_of("0123456789") == std::string::npos;
    if (whole) parsed = std::stoi(text);
    if (parsed < low || parsed > high) {
      refusal = error_response(400, fmt::format("\"{}\" must be a whole number from {} to {}", name, low, high));
      return false;
    }
    value = parsed;
    return true;
  }

 private:
  bool member(std::string_view name, JsonKind kind, std::string& value, Response& refusal, bool required) const {
    const JsonMember* found = object_.find(name);
    if (!found || (!required && found->kind == JsonKind::null)) {
      if (!required) return true;
      refusal = error_response(400, fmt::format("the request has no \"{}\"", name));
      return false;
    }
    if (found->kind != kind) {
      refusal = error_response(400, fmt::format("\"{}\" must be {}, not {}", name, kind_name(kind), kind_name(found->kind)));
      return false;
    }
    value = found->text;
    return true;
  }

  const JsonObject& object_;
};

// The body as a JSON object, or the 400 that says why it is not one.
std::optional<JsonObject> parse_body(std::string_view body, Response& refusal) {
  std::string error;
  auto object = JsonObject::parse(body, error);
  if (!object) refusal = error_response(400, error);
  return object;
}

std::optional<std::string> read_text_file(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) return std::nullopt;
  std::ostringstream text;
  text << file.rdbuf();
  return std::move(text).str();
}

// A policy's text parsed and checked: the program (never null) and what was said about it.
struct CheckedText {
  std::shared_ptr<const SourceFile> source;
  std::shared_ptr<const CheckedProgram> program;
  Diagnostics diagnostics;
  int errors() const { return diagnostics.count(Severity::error); }
};

// `clause check` lints at LintLevel::numbers; evaluating needs no lints at all.
CheckedText check_text(std::string name, std::string text, LintLevel lint) {
  CheckedText checked;
  checked.source = std::make_shared<const SourceFile>(std::move(name), std::move(text));
  auto program = load_policy(checked.source, checked.diagnostics);
  if (lint != LintLevel::none && !checked.diagnostics.has_errors()) lint_program(*program, checked.diagnostics, lint);
  checked.program = std::move(program);
  return checked;
}

std::string_view severity_word(Severity severity) {
  switch (severity) {
    case Severity::error: return "error";
    case Severity::warning: return "warning";
    case Severity::note: return "note";
  }
  return "error";
}

std::string diagnostic_json(const Diagnostic& diagnostic, const SourceFile& source) {
  Position begin = source.position(diagnostic.span.begin);
  Position end = source.position(diagnostic.span.end);
  std::string notes;
  for (const DiagnosticNote& note : diagnostic.notes) {
    notes += fmt::format("{}{{\"message\":{}", notes.empty() ? "" : ",", json_string(note.message));
    // A note without a span of its own (render prints it as "= help") has no position.
    bool placed = note.span.begin != 0 || note.span.end != 0;
    Position at = source.position(note.span.begin);
    notes += placed ? fmt::format(",\"line\":{},\"column\":{}}}", at.line, at.column) : "}";
  }
  return fmt::format(
      "{{\"severity\":\"{}\",\"code\":{},\"message\":{},\"line\":{},\"column\":{},\"end_line\":{},\"end_column\":{},"
      "\"notes\":[{}],\"rendered\":{}}}",
      severity_word(diagnostic.severity), json_string(diagnostic.code), json_string(diagnostic.message), begin.line,
      begin.column, end.line, end.column, notes, json_string(render(diagnostic, source, false)));
}

std::string diagnostics_json(const Diagnostics& diagnostics, const SourceFile& source) {
  std::string list;
  for (const Diagnostic& diagnostic : diagnostics.all()) {
    list += (list.empty() ? "" : ",") + diagnostic_json(diagnostic, source);
  }
  return "[" + list + "]";
}

Response policy_errors_response(const CheckedText& checked) {
  return json_response(422, fmt::format("{{\"policy_errors\":{}}}", checked.errors()));
}

// The explanation's language: the one asked for, else the policy's own.
bool pick_language(const RequestMembers& members, const CheckedProgram& program, Language& language, Response& refusal) {
  std::string requested;
  if (!members.string("language", requested, refusal, false)) return false;
  if (!requested.empty()) {
    auto chosen = language_from_name(requested);
    if (!chosen) {
      refusal = error_response(400, "\"language\" must be \"zh\" or \"en\"");
      return false;
    }
    language = *chosen;
    return true;
  }
  language = language_from_name(program.policy.language).value_or(Language::zh);
  return true;
}

// A version name must be a plain file name: nothing that could reach another file.
bool names_a_path(std::string_view name) {
  return name.empty() || name.find('/') != std::string_view::npos || name.find('\\') != std::string_view::npos ||
         name.find("..") != std::string_view::npos || name.find('\0') != std::string_view::npos;
}

// The version of that name, or null with the 403 (a path) or 404 (no such version) that refuses it.
const Version* find_version(const std::vector<Version>& versions, std::string_view name, Response& refusal) {
  if (names_a_path(name)) {
    refusal = error_response(403, "a version is named by its file name alone, without a folder");
    return nullptr;
  }
  for (const Version& version : versions) {
    if (version.name == name) return &version;
  }
  refusal = error_response(404, fmt::format("no version is named {}", name));
  return nullptr;
}

// One side of a diff, `{"name":VERSION}` (as it is on disk) or `{"text":...}`,
// checked; nullopt with the response that refuses it.
std::optional<CheckedText> diff_side(const std::vector<Version>& versions, const RequestMembers& members,
                                     std::string_view key, Response& refusal) {
  std::string raw;
  if (!members.object(key, raw, refusal)) return std::nullopt;
  auto object = parse_body(raw, refusal);
  if (!object) return std::nullopt;
  RequestMembers side(*object);
  std::string name;
  if (!side.string("name", name, refusal, false)) return std::nullopt;
  if (object->find("text")) {
    std::string text;
    if (!side.policy_text("text", text, refusal)) return std::nullopt;
    return check_text(name.empty() ? std::string(key) : name, std::move(text), LintLevel::none);
  }
  const Version* version = find_version(versions, name, refusal);
  if (!version) return std::nullopt;
  auto text = read_text_file(version->path);
  if (!text) {
    refusal = error_response(500, fmt::format("{}: cannot be read", version->path));
    return std::nullopt;
  }
  return check_text(version->path, std::move(*text), LintLevel::none);
}

// The what-if `"set":{NAME: VALUE}` describes, each override read as `clause
// whatif --set NAME=VALUE` reads it, so a mistake gets the same diagnostic;
// nullopt with the 400 or 422 that refuses it.
std::optional<CheckedScenario> scenario_from_settings(const CheckedProgram& program, const JsonObject& settings,
                                                      Response& refusal) {
  CheckedScenario scenario;
  std::vector<std::string> written;
  for (const auto& [name, value] : settings.members()) {
    if (value.kind != JsonKind::string && value.kind != JsonKind::number) {
      refusal = error_response(400, fmt::format("\"set\": the value of {} must be a string such as \"25%\" or \"8万\"", name));
      return std::nullopt;
    }
    written.push_back(name + "=" + value.text);
    SourceFile argument("--set", written.back());
    Diagnostics diagnostics;
    auto setting = parse_parameter_setting(program, argument, diagnostics);
    if (!setting) {
      std::string message = diagnostics.all().empty() ? "bad override" : diagnostics.all().front().message;
      refusal = json_response(422, fmt::format("{{\"error\":{},\"diagnostics\":{}}}", json_string(message),
                                               diagnostics_json(diagnostics, argument)));
      return std::nullopt;
    }
    scenario.parameters.push_back(std::move(*setting));
  }
  scenario.name = fmt::format("{}", fmt::join(written, " "));
  return scenario;
}

struct Route {
  std::string_view path;
  std::string_view method;
  Response (Workbench::*handler)(std::string_view body) const;
};

}  // namespace

std::unique_ptr<Workbench> Workbench::open(const std::vector<std::string>& policy_paths, const std::string& population_path,
                                           std::string& error) {
  std::unique_ptr<Workbench> workbench(new Workbench());
  for (const std::string& path : policy_paths) {
    std::error_code code;
    if (!std::filesystem::is_regular_file(path, code)) {
      error = fmt::format("{}: not a policy file that can be read", path);
      return nullptr;
    }
    std::string name = std::filesystem::path(path).filename().string();
    for (const Version& version : workbench->versions_) {
      if (version.name != name) continue;
      error = fmt::format("{} and {} have the same file name; the workbench names versions by file name", version.path, path);
      return nullptr;
    }
    workbench->versions_.push_back({name, path});
  }
  if (population_path.empty()) return workbench;
  auto text = read_text_file(population_path);
  if (!text) {
    error = fmt::format("{}: the population cannot be read", population_path);
    return nullptr;
  }
  workbench->population_ = std::make_unique<PopulationCache>(population_path, std::move(*text));
  for_each_json_line(workbench->population_->text(), [&](int, std::string_view) { ++workbench->population_records_; });
  if (!workbench->versions_.empty()) {
    const Version& first = workbench->versions_.front();
    CheckedText checked = check_text(first.path, read_text_file(first.path).value_or(""), LintLevel::none);
    if (checked.errors() == 0) {
      for (const ReadRecord& record : workbench->population_->records_for(*checked.program)->records()) {
        if (!record.ok()) ++workbench->population_bad_lines_;
      }
    }
  }
  return workbench;
}

Response Workbench::handle(const Request& request) const {
  try {
    if (request.body.size() > max_request_bytes) {
      return error_response(413, fmt::format("the request has {} bytes; at most {} are accepted", request.body.size(),
                                             max_request_bytes));
    }
    return route(request);
  } catch (const std::exception& failure) {
    return error_response(500, fmt::format("internal error: {}", failure.what()));
  }
}

Response Workbench::route(const Request& request) const {
  static constexpr Route routes[] = {
      {"/api/check", "POST", &Workbench::check},   {"/api/evaluate", "POST", &Workbench::evaluate},
      {"/api/whatif", "POST", &Workbench::whatif}, {"/api/diff", "POST", &Workbench::diff},
      {"/api/save", "POST", &Workbench::save},
  };
  bool get = request.method == "GET" || request.method == "HEAD";
  auto wrong_method = [&](std::string_view allowed) {
    return error_response(405, fmt::format("{} takes {}, not {}", request.path, allowed, request.method));
  };
  for (const Route& route : routes) {
    if (request.path != route.path) continue;
    if (request.method != route.method) return wrong_method(route.method);
    return (this->*route.handler)(request.body);
  }
  if (request.path == "/api/session") return get ? session() : wrong_method("GET");
  if (request.path == "/api/policy") {
    if (!get) return wrong_method("GET");
    auto name = request.query.find("name");
    return policy(name == request.query.end() ? std::string_view() : std::string_view(name->second));
  }
  std::string_view page_path = request.path == "/" ? "index.html" : std::string_view(request.path);
  if (request.path != "/" && !page_path.starts_with("/pages/")) return error_response(404, fmt::format("no such page: {}", request.path));
  if (request.path != "/") page_path.remove_prefix(std::string_view("/pages/").size());
  const EmbeddedPage* page = find_page(page_path);
  if (!page) return error_response(404, fmt::format("no such page: {}", request.path));
  if (!get) return wrong_method("GET");
  return Response{200, std::string(content_type(page->path)), std::string(page->bytes)};
}

Response Workbench::session() const {
  std::string versions;
  for (const Version& version : versions_) {
    versions += fmt::format("{}{{\"name\":{},\"path\":{}}}", versions.empty() ? "" : ",", json_string(version.name),
                            json_string(version.path));
  }
  std::string population = "null";
  if (population_) {
    population = fmt::format("{{\"name\":{},\"path\":{},\"records\":{},\"bad_lines\":{}}}",
                             json_string(std::filesystem::path(population_->path()).filename().string()),
                             json_string(population_->path()), population_records_, population_bad_lines_);
  }
  return json_response(200, fmt::format("{{\"versions\":[{}],\"population\":{}}}", versions, population));
}

Response Workbench::policy(std::string_view name) const {
  Response refusal;
  const Version* version = find_version(versions_, name, refusal);
  if (!version) return refusal;
  auto text = read_text_file(version->path);
  if (!text) return error_response(500, fmt::format("{}: cannot be read", version->path));
  return json_response(200, fmt::format("{{\"name\":{},\"text\":{}}}", json_string(version->name), json_string(*text)));
}

Response Workbench::check(std::string_view body) const {
  Response refusal;
  auto request = parse_body(body, refusal);
  if (!request) return refusal;
  RequestMembers members(*request);
  std::string text;
  std::string name = "policy.clause";
  std::string lint;  // absent: as clause check; true: as --lint; false: as --no-lint
  if (!members.policy_text("text", text, refusal) || !members.string("name", name, refusal, false) ||
      !members.flag("lint", lint, refusal)) {
    return refusal;
  }
  LintLevel level = lint.empty() ? LintLevel::numbers : lint == "true" ? LintLevel::all : LintLevel::none;
  CheckedText checked = check_text(name, std::move(text), level);
  const Diagnostics& diagnostics = checked.diagnostics;
  return json_response(
      200, fmt::format("{{\"errors\":{},\"warnings\":{},\"notes\":{},\"diagnostics\":{},\"measures\":{},\"facts\":{},\"params\":{}}}",
                       diagnostics.count(Severity::error), diagnostics.count(Severity::warning),
                       diagnostics.count(Severity::note), diagnostics_json(diagnostics, *checked.source),
                       articles_json(*checked.program), facts_json(*checked.program), params_json(*checked.program)));
}

Response Workbench::evaluate(std::string_view body) const {
  Response refusal;
  auto request = parse_body(body, refusal);
  if (!request) return refusal;
  RequestMembers members(*request);
  std::string text;
  std::string facts;
  if (!members.policy_text("text", text, refusal) || !members.object("facts", facts, refusal)) return refusal;
  CheckedText checked = check_text("policy.clause", std::move(text), LintLevel::none);
  if (checked.errors() > 0) return policy_errors_response(checked);
  Language language = Language::zh;
  if (!pick_language(members, *checked.program, language, refusal)) return refusal;
  FactsReader reader(checked.program->schema);
  RecordSet records = RecordSet::from_document(facts, reader);
  const ReadRecord& record = records.records().front();
  if (!record.ok()) return json_response(200, fmt::format("{{\"facts_error\":{}}}", json_string(record.error)));
  Evaluator evaluator(checked.program);
  RecordOutcome outcome = evaluate_read_record(evaluator, record, true);
  if (!outcome.ok) return json_response(200, fmt::format("{{\"evaluation_error\":{}}}", json_string(outcome.error)));
  return json_response(200, fmt::format("{{\"result\":{}}}", result_json(outcome.result, language, false)));
}

Response Workbench::whatif(std::string_view body) const {
  Response refusal;
  auto request = parse_body(body, refusal);
  if (!request) return refusal;
  RequestMembers members(*request);
  std::string text;
  std::string set = "{}";
  int top = 5;
  if (!members.policy_text("text", text, refusal) || !members.object("set", set, refusal, false) ||
      !members.count("top", 0, 1000, top, refusal)) {
    return refusal;
  }
  auto settings = parse_body(set, refusal);
  if (!settings) return refusal;
  if (!population_) return error_response(409, "no population was loaded: start clause serve with --population FILE");
  CheckedText checked = check_text("policy.clause", std::move(text), LintLevel::none);
  if (checked.errors() > 0) return policy_errors_response(checked);

  auto scenario = scenario_from_settings(*checked.program, *settings, refusal);
  if (!scenario) return refusal;
  try {
    Impact impact = what_if_impact(checked.program, *scenario, *population_->records_for(*checked.program),
                                   static_cast<std::size_t>(top), 0);
    return json_response(200, what_if_impact_json(*checked.program, *scenario, impact));
  } catch (const DecimalOverflow& overflow) {
    return budget_out_of_range(overflow);
  }
}

Response Workbench::diff(std::string_view body) const {
  Response refusal;
  auto request = parse_body(body, refusal);
  if (!request) return refusal;
  RequestMembers members(*request);
  int witnesses = 3;
  if (!members.count("witnesses", 0, 50, witnesses, refusal)) return refusal;

  std::optional<CheckedText> old_version = diff_side(versions_, members, "old", refusal);
  if (!old_version) return refusal;
  std::optional<CheckedText> new_version = diff_side(versions_, members, "new", refusal);
  if (!new_version) return refusal;
  if (old_version->errors() > 0 || new_version->errors() > 0) {
    return json_response(422, fmt::format("{{\"error\":\"a version has errors: check it first\",\"old_errors\":{},\"new_errors\":{}}}",
                                          old_version->errors(), new_version->errors()));
  }
  std::optional<PopulationText> population;
  if (population_) population = PopulationText{population_->path(), population_->text(), false};
  try {
    DiffReport report = compare_policies(old_version->program, old_version->source->name(), new_version->program,
                                         new_version->source->name(), witnesses, population ? &*population : nullptr);
    return json_response(200, diff_report_json(report));
  } catch (const DecimalOverflow& overflow) {
    return budget_out_of_range(overflow);
  }
}

Response Workbench::save(std::string_view body) const {
  Response refusal;
  auto request = parse_body(body, refusal);
  if (!request) return refusal;
  RequestMembers members(*request);
  std::string name;
  std::string text;
  if (!members.string("name", name, refusal) || !members.policy_text("text", text, refusal)) return refusal;
  const Version* version = find_version(versions_, name, refusal);
  if (!version) return refusal;
  {
    std::lock_guard lock(save_mutex_);
    std::string error;
    OutputFile output;
    if (!output.open(version->path, error)) return error_response(500, error);
    output.write(text);
    if (!output.commit(error)) return error_response(500, error);
  }
  CheckedText checked = check_text(version->path, std::move(text), LintLevel::numbers);
  return json_response(200, fmt::format("{{\"saved\":true,\"errors\":{},\"warnings\":{}}}", checked.errors(),
                                        checked.diagnostics.count(Severity::warning)));
}

}  // namespace clause::workbench
