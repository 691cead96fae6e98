// Fuzz target: any bytes as one line of facts, read onto a fixed policy's schema
// (the Luojiang policy, whose facts use every kind of field: money, rates, dates,
// enums, optional values, lists of records).
//
// The reader must return either a record or an error with a path; never crash,
// never throw.

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <variant>

#include "fuzz_policy_fixture.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const clause::fuzz::PolicyFixture& fixture = clause::fuzz::fixture();
  std::string_view text(reinterpret_cast<const char*>(data), size);
  clause::FactsResult facts = fixture.reader.read(text, 1);
  if (auto* error = std::get_if<clause::FactsError>(&facts)) {
    // Every error names where it is: "$" at least.
    if (error->path.empty() || error->path[0] != '$' || error->message.empty()) __builtin_trap();
  }
  return 0;
}
