#include "fuzz_policy_fixture.hpp"

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "dsl/diagnostics.hpp"

namespace clause::fuzz {
namespace {

std::shared_ptr<const CheckedProgram> load_fixed_policy() {
  std::ifstream file(CLAUSE_FUZZ_POLICY, std::ios::binary);
  std::stringstream text;
  text << file.rdbuf();
  auto source = std::make_shared<const SourceFile>(CLAUSE_FUZZ_POLICY, text.str());
  Diagnostics diagnostics;
  std::shared_ptr<const CheckedProgram> program = load_policy(source, diagnostics);
  if (diagnostics.has_errors()) {
    std::fprintf(stderr, "fuzz fixture: %s does not load\n", CLAUSE_FUZZ_POLICY);
    std::abort();
  }
  return program;
}

}  // namespace

const PolicyFixture& fixture() {
  static const PolicyFixture loaded = [] {
    std::shared_ptr<const CheckedProgram> program = load_fixed_policy();
    return PolicyFixture{program, Evaluator(program), FactsReader(program->schema)};
  }();
  return loaded;
}

}  // namespace clause::fuzz
