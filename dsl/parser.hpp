#pragma once
// Text → syntax tree. Syntax errors become diagnostics; parsing resumes at the
// next declaration, so one run reports every declaration that does not parse.

#include "dsl/diagnostics.hpp"
#include "dsl/source.hpp"
#include "dsl/syntax_tree.hpp"

namespace clause {

syntax::Program parse_program(const SourceFile& source, Diagnostics& diagnostics);

}  // namespace clause
