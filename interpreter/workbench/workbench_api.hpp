#pragma once
// The workbench's JSON API (docs/workbench-api.md) as plain functions from a
// request to a response: no sockets, no HTTP library, so every route can be
// unit-tested and fuzzed. workbench_server.cpp puts it on the network.
//
// Each route is a short composition of the library calls the command line
// makes: check is load_policy (+ lint_program), evaluate is the facts reader and
// the evaluator with the result writer, whatif is what_if_impact, diff is
// compare_policies with diff_report_json, save is an OutputFile.

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "interpreter/workbench/population_cache.hpp"

namespace clause::workbench {

struct Request {
  std::string method;  // "GET", "POST", ...
  std::string path;    // "/api/check"
  std::map<std::string, std::string> query;
  std::string body;
};

struct Response {
  int status = 200;
  std::string content_type = "application/json; charset=utf-8";
  std::string body;
};

// A policy file given to `clause serve`: the only files the API reads or writes.
struct Version {
  std::string name;  // its file name, "luojiang-2023.clause"
  std::string path;  // as given, "policies/luojiang-2023.clause"
};

// The largest request body: two policies of the largest size (a diff sends both)
// and room for the JSON around them.
inline constexpr std::size_t max_request_bytes = 2 * max_source_bytes + (std::size_t{1} << 20);

class Workbench {
 public:
  // The versions and, when `population_path` is not empty, the population read
  // once; nullopt with `error` when a file cannot be read or two versions share a name.
  static std::unique_ptr<Workbench> open(const std::vector<std::string>& policy_paths,
                                         const std::string& population_path, std::string& error);

  // Any request: a page, an API route, or the 4xx that says what is wrong. Never
  // throws; a bad request changes nothing. Thread-safe.
  Response handle(const Request& request) const;

  Response session() const;
  Response policy(std::string_view name) const;
  Response check(std::string_view body) const;
  Response evaluate(std::string_view body) const;
  Response whatif(std::string_view body) const;
  Response diff(std::string_view body) const;
  Response save(std::string_view body) const;

  const std::vector<Version>& versions() const { return versions_; }

 private:
  Workbench() = default;
  Response route(const Request& request) const;

  std::vector<Version> versions_;
  std::unique_ptr<PopulationCache> population_;
  long population_records_ = 0;
  long population_bad_lines_ = 0;
  mutable std::mutex save_mutex_;  // one save at a time
};

}  // namespace clause::workbench
