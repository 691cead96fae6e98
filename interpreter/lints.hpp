#pragma once
// Lints: what a policy may say legally but probably does not mean. They are
// warnings (W07xx), never errors: the policy still runs as written.
//
// About the numbers, shown by every `clause check` (unless --no-lint):
//   W0701 a cliff: one step more of a bracket's subject lowers the award
//   W0706 a parameter whose unit looks off (30 元 for 30万, a rate above 100%, 0.1 for 10%)
//   W0707 a cap (or the total cap) that can never bind: the amount is never above it
//   W0708 a cap (or the total cap) that always binds: whatever is paid is at or above it
// About how the policy is written, shown by `clause check --lint` only:
//   W0702 a parameter nothing uses
//   W0703 a fact nothing uses
//   W0704 a measure that quotes no text of the law
//   W0705 a measure without an article label
// A measure's `expect W0701 "why"` takes that warning out of what is shown
// (lint_expectations.cpp); an expectation the checks do not meet is W0709.

#include "dsl/diagnostics.hpp"
#include "interpreter/checked_program.hpp"

namespace clause {

// Which lints run: none, those about the numbers, or all.
enum class LintLevel { none, numbers, all };

// Adds the lints' warnings for a program that checked without errors, in file order.
void lint_program(const CheckedProgram& program, Diagnostics& diagnostics, LintLevel level = LintLevel::all);

// W0701 alone (lint_cliffs.cpp).
void lint_cliffs(const CheckedProgram& program, Diagnostics& diagnostics);
// W0707 and W0708 alone (lint_caps.cpp).
void lint_caps(const CheckedProgram& program, Diagnostics& diagnostics);
// Once the lints of `level` have run: the warnings each measure expects taken
// out, and W0709 for an expectation none of them meets (lint_expectations.cpp).
void apply_expectations(const CheckedProgram& program, Diagnostics& diagnostics, LintLevel level);

}  // namespace clause
