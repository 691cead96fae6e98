#pragma once
// Bracket analysis: overlaps (an error unless a hit policy resolves them, then a
// note) and gaps (a warning unless an `otherwise` arm covers them), each with the
// exact value that shows it. Tiers must not overlap.

#include "dsl/diagnostics.hpp"
#include "interpreter/checked_program.hpp"

namespace clause {

void check_all_brackets(const CheckedProgram& program, Diagnostics& diagnostics);

}  // namespace clause
