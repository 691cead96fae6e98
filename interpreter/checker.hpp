#pragma once
// Syntax tree → checked program. Resolves every name, types every expression
// (money, rates and plain numbers kept apart), validates tables and brackets, and
// reports every problem it finds in one run.

#include <memory>

#include "dsl/diagnostics.hpp"
#include "interpreter/checked_program.hpp"

namespace clause {

// Always returns a program; it is fit to evaluate only if no error was reported.
std::shared_ptr<CheckedProgram> check_program(std::shared_ptr<const SourceFile> source, syntax::Program syntax,
                                              Diagnostics& diagnostics);

// Reads, parses and checks a policy file in one go; a syntax error stops it before
// checking (what the checker would say about the lost declaration is noise).
std::shared_ptr<CheckedProgram> load_policy(std::shared_ptr<const SourceFile> source, Diagnostics& diagnostics);

// "did you mean 'info_rate'?" when one candidate is close enough, "" otherwise.
std::string did_you_mean(std::string_view name, const std::vector<std::string>& candidates);

}  // namespace clause
