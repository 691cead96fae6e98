#pragma once
// Lints: what a policy may say legally but probably does not mean. They are
// warnings (W07xx), shown by `clause check --lint`, never errors: the policy
// still runs as written.
//
//   W0701 a cliff: one step more of a bracket's subject lowers the award
//   W0702 a parameter nothing uses
//   W0703 a fact nothing uses
//   W0704 a measure that quotes no text of the law
//   W0705 a measure without an article label
//   W0706 a parameter whose unit looks off (30 元 for 30万, a rate above 100%, 0.1 for 10%)
//   W0707 a cap that can never bind: the amount is never above it

#include "dsl/diagnostics.hpp"
#include "interpreter/checked_program.hpp"

namespace clause {

// Adds every lint's warnings for a program that checked without errors.
void lint_program(const CheckedProgram& program, Diagnostics& diagnostics);

// W0701 alone (lint_cliffs.cpp).
void lint_cliffs(const CheckedProgram& program, Diagnostics& diagnostics);
// W0707 alone (lint_caps.cpp).
void lint_caps(const CheckedProgram& program, Diagnostics& diagnostics);

}  // namespace clause
