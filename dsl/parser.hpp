#pragma once
// Text → syntax tree. Syntax errors become diagnostics; parsing resumes at the
// next declaration, so one run reports every declaration that does not parse.

#include <cstdint>

#include "dsl/diagnostics.hpp"
#include "dsl/source.hpp"
#include "dsl/syntax_tree.hpp"

namespace clause {

syntax::Program parse_program(const SourceFile& source, Diagnostics& diagnostics);

// The source from `offset` to its end as one value (`30万`, `25%`, `true`), as
// given on a command line (`cloud_cap=8万`, from after the '='); null after a
// syntax error, which is reported. Expression ids start at 0.
syntax::ExprPtr parse_value(const SourceFile& source, std::uint32_t offset, Diagnostics& diagnostics);

}  // namespace clause
