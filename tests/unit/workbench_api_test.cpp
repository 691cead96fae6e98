// The workbench's JSON API, route by route, without a network: requests go to
// Workbench::handle as the server hands them over.

#include <doctest/doctest.h>

#include <filesystem>
#include <fmt/format.h>
#include <fstream>
#include <sstream>
#include <unistd.h>

#include "interpreter/evaluator.hpp"
#include "interpreter/record_set.hpp"
#include "interpreter/result_writer.hpp"
#include "interpreter/workbench/request_json.hpp"
#include "interpreter/workbench/workbench_api.hpp"
#include "test_support.hpp"

using namespace clause;
using namespace clause::workbench;

namespace {

const std::string policy_path = std::string(CLAUSE_SOURCE_DIR) + "/policies/luojiang-2023.clause";
const std::string population_path = std::string(CLAUSE_SOURCE_DIR) + "/policies/examples/luojiang-2023-examples.jsonl";

std::string file_text(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  std::ostringstream text;
  text << file.rdbuf();
  return text.str();
}

// The line of the contract's worked examples with that id.
std::string example_facts(std::string_view id) {
  std::istringstream lines(file_text(population_path));
  for (std::string line; std::getline(lines, line);) {
    if (line.find(fmt::format("\"id\":\"{}\"", id)) != std::string::npos) return line;
  }
  FAIL("no example " << id);
  return "";
}

std::unique_ptr<Workbench> open_workbench(const std::vector<std::string>& policies, const std::string& population) {
  std::string error;
  auto workbench = Workbench::open(policies, population, error);
  REQUIRE_MESSAGE(workbench, error);
  return workbench;
}

Response post(const Workbench& workbench, std::string path, std::string body) {
  return workbench.handle(Request{"POST", std::move(path), {}, std::move(body)});
}

// A member of a JSON object response, as its raw text (strings unescaped).
std::string member(const Response& response, std::string_view name) {
  std::string error;
  auto object = JsonObject::parse(response.body, error);
  REQUIRE_MESSAGE(object, error << ": " << response.body);
  const JsonMember* found = object->find(name);
  REQUIRE_MESSAGE(found, "no " << name << " in " << response.body);
  return found->text;
}

bool contains(const std::string& text, std::string_view part) { return text.find(part) != std::string::npos; }

// A copy of the Luojiang policy in a folder of its own, for tests that save.
struct TemporaryPolicy {
  std::filesystem::path folder;
  std::string path;
  TemporaryPolicy() {
    folder = std::filesystem::temp_directory_path() / fmt::format("clause-workbench-test-{}", ::getpid());
    std::filesystem::create_directories(folder);
    path = (folder / "luojiang-2023.clause").string();
    std::filesystem::copy_file(policy_path, path, std::filesystem::copy_options::overwrite_existing);
  }
  ~TemporaryPolicy() { std::filesystem::remove_all(folder); }
};

}  // namespace

TEST_CASE("check: a diagnostic with its code, line, column and the text clause check prints") {
  auto workbench = open_workbench({}, "");
  std::string text = testing::policy_with("  fee: money\n", "measure 一 \"m\" {\n  amount fee * rat\n}\n");
  Response response = post(*workbench, "/api/check", fmt::format("{{\"text\":{}}}", json_string(text)));
  CHECK(response.status == 200);
  CHECK(member(response, "errors") == "1");
  // "amount fee * rat" is line 11; `rat` starts at column 16.
  CHECK(contains(response.body, R"J("severity":"error","code":"E0101","message":"unknown name 'rat'","line":11,"column":16,"end_line":11,"end_column":19)J"));
  auto checked = testing::check_text(text);
  REQUIRE(checked.diagnostics.all().size() == 1);
  std::string rendered = render(checked.diagnostics.all().front(), SourceFile("policy.clause", text));
  CHECK(contains(response.body, json_string(rendered)));
}

TEST_CASE("check: the Luojiang policy's articles, facts and parameters") {
  auto workbench = open_workbench({}, "");
  Response response = post(*workbench, "/api/check", fmt::format("{{\"text\":{}}}", json_string(file_text(policy_path))));
  CHECK(response.status == 200);
  CHECK(member(response, "errors") == "0");
  // Linted as clause check lints: no warning, the cliff at 5万 (W0701) being one the policy expects.
  CHECK(member(response, "warnings") == "0");
  // Without its `expect`, the cliff is shown when linted only.
  std::string unexpected = file_text(policy_path);
  const std::size_t expect_at = unexpected.find("  expect W0701");
  REQUIRE(expect_at != std::string::npos);
  unexpected.erase(expect_at, unexpected.find('\n', expect_at) + 1 - expect_at);
  Response linted = post(*workbench, "/api/check", fmt::format("{{\"text\":{}}}", json_string(unexpected)));
  CHECK(member(linted, "warnings") == "1");
  Response unlinted = post(*workbench, "/api/check", fmt::format("{{\"text\":{},\"lint\":false}}", json_string(unexpected)));
  CHECK(member(unlinted, "warnings") == "0");
  std::string measures = member(response, "measures");
  CHECK(contains(measures, R"J("kind":"measure","article":"一(二)","title":"鼓励企业使用云服务","quote":"对年度服务费超 2 万元)J"));
  std::string facts = member(response, "facts");
  CHECK(contains(facts, R"J({"name":"cloud_fee","label":"年度云服务费（不含税）","type":"money","type_name":"money","required":false,"optional":false,"default":"0"})J"));
  CHECK(contains(facts, R"J("name":"recognitions","label":"认定或入选","type":"list","element":"record")J"));
  CHECK(contains(facts, R"J({"name":"national","label":"国家级（工信部或国家部门）"})J"));
  std::string params = member(response, "params");
  CHECK(contains(params, R"J({"name":"info_threshold","label":"一(一) 当年度实际投入金额门槛","type":"money","unit":"元","value":"30万","value_exact":"300000.00"})J"));
  CHECK(contains(params, R"J("name":"info_rate","label":"一(一) 补助比例","type":"rate","unit":"%","value":"10%","value_exact":"10%")J"));
}

TEST_CASE("check: a syntax error still lists the articles the parser could read") {
  auto workbench = open_workbench({}, "");
  std::string text = file_text(policy_path) + "\nmeasure 九 \"broken\" {\n  amount (\n}\n";
  Response response = post(*workbench, "/api/check", fmt::format("{{\"text\":{}}}", json_string(text)));
  CHECK(response.status == 200);
  CHECK(member(response, "errors") != "0");
  CHECK(contains(member(response, "measures"), R"J("article":"一(一)")J"));
}

TEST_CASE("evaluate: the worked example EX-12 comes out as the contract says, exactly as clause eval prints it") {
  auto workbench = open_workbench({}, "");
  std::string policy = file_text(policy_path);
  std::string facts = example_facts("EX-12");
  Response response =
      post(*workbench, "/api/evaluate", fmt::format("{{\"text\":{},\"facts\":{}}}", json_string(policy), facts));
  CHECK(response.status == 200);
  std::string result = member(response, "result");
  CHECK(contains(result, R"J("total":"70000.00")J"));
  CHECK(contains(result, R"J({"article":"一(一)","amount":"40000.00")J"));
  CHECK(contains(result, R"J({"article":"一(二)","amount":"12000.00")J"));
  CHECK(contains(result, R"J({"article":"二(三)","amount":"18000.00")J"));

  auto checked = testing::check_text(policy);
  Evaluator evaluator(checked.program);
  FactsReader reader(checked.program->schema);
  RecordSet records = RecordSet::from_document(facts, reader);
  RecordOutcome outcome = evaluate_read_record(evaluator, records.records().front(), true);
  REQUIRE(outcome.ok);
  CHECK(result == result_json(outcome.result, Language::zh, false));
}

TEST_CASE("evaluate: bad facts name the field; a policy with errors is 422") {
  auto workbench = open_workbench({}, "");
  std::string policy = json_string(file_text(policy_path));
  Response bad_facts = post(*workbench, "/api/evaluate",
                            fmt::format(R"J({{"text":{},"facts":{{"id":"X","year":2024,"industrial":"yes","fiscal_contribution":1}}}})J", policy));
  CHECK(bad_facts.status == 200);
  CHECK(member(bad_facts, "facts_error").starts_with("$.industrial"));
  Response broken = post(*workbench, "/api/evaluate", R"J({"text":"policy {","facts":{}})J");
  CHECK(broken.status == 422);
  CHECK(member(broken, "policy_errors") != "0");
  Response english = post(*workbench, "/api/evaluate",
                          fmt::format(R"J({{"text":{},"facts":{},"language":"en"}})J", policy, example_facts("EX-05")));
  CHECK(contains(member(english, "result"), "condition industrial holds"));
}

TEST_CASE("whatif: a higher cloud rate changes the budget of 一(二); a wrong override is 422") {
  auto workbench = open_workbench({policy_path}, population_path);
  std::string policy = json_string(file_text(policy_path));
  Response response = post(*workbench, "/api/whatif", fmt::format(R"J({{"text":{},"set":{{"cloud_high_rate":"30%"}}}})J", policy));
  CHECK(response.status == 200);
  CHECK(contains(response.body, R"J({"name":"cloud_high_rate","before":"20%","after":"30%"})J"));
  CHECK(contains(response.body, R"J({"article":"一(二)","title":"鼓励企业使用云服务","before":"107000.00","after":"118000.00","difference":"+11000.00")J"));

  Response wrong_unit = post(*workbench, "/api/whatif", fmt::format(R"J({{"text":{},"set":{{"cloud_high_rate":"8万"}}}})J", policy));
  CHECK(wrong_unit.status == 422);
  Response unknown = post(*workbench, "/api/whatif", fmt::format(R"J({{"text":{},"set":{{"cloud_rate":"30%"}}}})J", policy));
  CHECK(unknown.status == 422);
  CHECK(contains(unknown.body, "did you mean"));
}

TEST_CASE("whatif: without a population it is 409") {
  auto workbench = open_workbench({policy_path}, "");
  Response response = post(*workbench, "/api/whatif",
                           fmt::format(R"J({{"text":{},"set":{{}}}})J", json_string(file_text(policy_path))));
  CHECK(response.status == 409);
}

TEST_CASE("diff: a version on disk against an edited text") {
  auto workbench = open_workbench({policy_path}, population_path);
  std::string edited = file_text(policy_path);
  auto at = edited.find("param cloud_cap = 6万");
  REQUIRE(at != std::string::npos);
  edited.replace(at, std::string("param cloud_cap = 6万").size(), "param cloud_cap = 8万");
  Response response = post(*workbench, "/api/diff",
                           fmt::format(R"J({{"old":{{"name":"luojiang-2023.clause"}},"new":{{"text":{}}},"witnesses":1}})J",
                                       json_string(edited)));
  CHECK(response.status == 200);
  CHECK(member(response, "rule_changes_found") == "true");
  CHECK(contains(response.body, R"J("subject":"param cloud_cap")J"));
  CHECK(contains(member(response, "population"), R"J("difference":"20000.00")J"));
  Response outside = post(*workbench, "/api/diff", R"J({"old":{"name":"../secret.clause"},"new":{"text":""}})J");
  CHECK(outside.status == 403);
}

TEST_CASE("save: writes a version atomically, errors and all; refuses anything but a version") {
  TemporaryPolicy copy;
  auto workbench = open_workbench({copy.path}, "");
  std::string text = file_text(policy_path) + "\nparam oops = \n";
  Response saved = post(*workbench, "/api/save", fmt::format(R"J({{"name":"luojiang-2023.clause","text":{}}})J", json_string(text)));
  CHECK(saved.status == 200);
  CHECK(member(saved, "saved") == "true");
  CHECK(member(saved, "errors") != "0");
  CHECK(file_text(copy.path) == text);

  for (std::string_view name : {"../x", "../luojiang-2023.clause", "/etc/passwd", "a\\\\b", ""}) {
    Response refused = post(*workbench, "/api/save", fmt::format(R"J({{"name":"{}","text":"x"}})J", name));
    CHECK_MESSAGE(refused.status == 403, name);
  }
  Response unknown = post(*workbench, "/api/save", R"J({"name":"other.clause","text":"x"})J");
  CHECK(unknown.status == 404);
  CHECK(file_text(copy.path) == text);
  CHECK_FALSE(std::filesystem::exists(copy.folder / "x"));
}

TEST_CASE("bad requests: 400 for what is not the JSON asked for, 404, 405, 413; nothing changes") {
  auto workbench = open_workbench({policy_path}, "");
  CHECK(post(*workbench, "/api/check", "{\"text\": ").status == 400);
  CHECK(post(*workbench, "/api/check", "[1,2]").status == 400);
  CHECK(post(*workbench, "/api/check", "{}").status == 400);
  CHECK(post(*workbench, "/api/check", R"J({"text":42})J").status == 400);
  CHECK(post(*workbench, "/api/check", R"J({"text":"x"} trailing)J").status == 400);
  CHECK(post(*workbench, "/api/check", "\xff\xfe").status == 400);
  CHECK(member(post(*workbench, "/api/check", "{not json}"), "error").starts_with("the request body is not JSON"));
  // A value that starts like null but is not (found by fuzz_workbench_api: it was a 500).
  CHECK(member(post(*workbench, "/api/check", R"J({"name": nul})J"), "error") ==
        "the request body is not JSON: unexpected nul as the value of \"name\"");
  CHECK(member(post(*workbench, "/api/check", R"J({"text": "x", "lang": nonsense })J"), "error") ==
        "the request body is not JSON: unexpected nonsense as the value of \"lang\"");
  CHECK(post(*workbench, "/api/save", R"J({"text":name_ref"})J").status == 400);
  CHECK(member(post(*workbench, "/api/check", "null"), "error") == "the request body must be a JSON object");
  CHECK(post(*workbench, "/api/nothing", "{}").status == 404);
  CHECK(workbench->handle(Request{"GET", "/api/check", {}, ""}).status == 405);
  CHECK(workbench->handle(Request{"DELETE", "/api/session", {}, ""}).status == 405);
  CHECK(post(*workbench, "/api/check", std::string(max_request_bytes + 1, ' ')).status == 413);
  std::string big = fmt::format("{{\"text\":\"{}\"}}", std::string(max_source_bytes + 1, 'x'));
  CHECK(post(*workbench, "/api/check", big).status == 413);
  CHECK(workbench->handle(Request{"GET", "/api/policy", {{"name", "../luojiang-2023.clause"}}, ""}).status == 403);
  CHECK(workbench->handle(Request{"GET", "/api/policy", {{"name", "other.clause"}}, ""}).status == 404);
}

TEST_CASE("session, policy and the pages") {
  auto workbench = open_workbench({policy_path}, population_path);
  Response session = workbench->handle(Request{"GET", "/api/session", {}, ""});
  CHECK(session.status == 200);
  CHECK(contains(session.body, R"J({"name":"luojiang-2023.clause","path":)J"));
  CHECK(contains(session.body, R"J("records":14,"bad_lines":0)J"));
  Response policy = workbench->handle(Request{"GET", "/api/policy", {{"name", "luojiang-2023.clause"}}, ""});
  CHECK(policy.status == 200);
  CHECK(member(policy, "text") == file_text(policy_path));
  Response index = workbench->handle(Request{"GET", "/", {}, ""});
  CHECK(index.status == 200);
  CHECK(index.content_type == "text/html; charset=utf-8");
  CHECK(contains(index.body, "<html"));
  CHECK(workbench->handle(Request{"GET", "/pages/index.html", {}, ""}).body == index.body);
  CHECK(workbench->handle(Request{"GET", "/pages/../CMakeLists.txt", {}, ""}).status == 404);
  CHECK(workbench->handle(Request{"GET", "/pages/none.js", {}, ""}).status == 404);
}

TEST_CASE("two versions with the same file name are refused") {
  std::string error;
  CHECK_FALSE(Workbench::open({policy_path, policy_path}, "", error));
  CHECK(contains(error, "same file name"));
}
