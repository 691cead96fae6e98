// Fuzz target: any bytes as a request to the workbench's JSON API. The first
// byte picks the route, the rest is the body (or the version name asked for).
// The workbench has the Luojiang policy's worked examples as its population and
// no versions, so no input can write a file.
//
// Every request must get a 2xx or 4xx with a JSON object, never a crash, an
// exception, or a 5xx (which only a bug or a failing disk can cause).

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "interpreter/workbench/workbench_api.hpp"

namespace {

const clause::workbench::Workbench& workbench() {
  static const std::unique_ptr<clause::workbench::Workbench> opened = [] {
    std::string error;
    auto workbench = clause::workbench::Workbench::open({}, CLAUSE_FUZZ_POPULATION, error);
    if (!workbench) __builtin_trap();
    return workbench;
  }();
  return *opened;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static constexpr const char* routes[] = {"/api/check", "/api/evaluate", "/api/whatif", "/api/diff",
                                           "/api/save",  "/api/policy",   "/api/session"};
  if (size == 0) return 0;
  const char* path = routes[data[0] % (sizeof routes / sizeof routes[0])];
  std::string rest(reinterpret_cast<const char*>(data) + 1, size - 1);
  clause::workbench::Request request{"POST", path, {}, rest};
  if (request.path == "/api/policy" || request.path == "/api/session") {
    request = {"GET", path, {{"name", rest}}, ""};
  }
  clause::workbench::Response response = workbench().handle(request);
  if (response.status >= 500 || response.body.empty() || response.body.front() != '{') __builtin_trap();
  return 0;
}
