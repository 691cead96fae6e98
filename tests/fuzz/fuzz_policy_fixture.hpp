#pragma once
// The fixed policy the facts and evaluation fuzz targets run against, loaded once
// per process from the source tree (CLAUSE_FUZZ_POLICY, set by CMake).

#include <memory>

#include "interpreter/checker.hpp"
#include "interpreter/evaluator.hpp"
#include "interpreter/facts_reader.hpp"

namespace clause::fuzz {

struct PolicyFixture {
  std::shared_ptr<const CheckedProgram> program;
  Evaluator evaluator;
  FactsReader reader;
};

// Aborts if the policy does not load: a fuzzer without its policy tests nothing.
const PolicyFixture& fixture();

}  // namespace clause::fuzz
