#pragma once
// Helpers for unit tests: check a policy given as text, read facts from JSON text.

#include <memory>
#include <string>

#include "dsl/diagnostics.hpp"
#include "interpreter/checker.hpp"
#include "interpreter/facts_reader.hpp"

namespace clause::testing {

struct Checked {
  std::shared_ptr<const SourceFile> source;
  std::shared_ptr<CheckedProgram> program;
  Diagnostics diagnostics;

  bool has(std::string_view code) const {
    for (const Diagnostic& d : diagnostics.all())
      if (d.code == code) return true;
    return false;
  }
  std::string rendered() const {
    std::string text;
    for (const Diagnostic& d : diagnostics.all()) text += render(d, *source);
    return text;
  }
};

inline Checked check_text(std::string text) {
  Checked checked;
  checked.source = std::make_shared<const SourceFile>("test.clause", std::move(text));
  checked.program = load_policy(checked.source, checked.diagnostics);
  return checked;
}

// A minimal header and facts block, so a test can add just the rules it is about.
inline std::string policy_with(std::string_view facts, std::string_view rules) {
  return std::string("policy \"t\" {\n  valid 2023-01-01 to 2025-12-31\n  evaluation_year year\n}\nfacts {\n  id: text\n  year: integer\n") +
         std::string(facts) + "}\n" + std::string(rules);
}

}  // namespace clause::testing
