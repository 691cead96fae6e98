#pragma once
// What the workbench shows beside a policy's text, as JSON: its articles with
// the law's quoted text and their lines, its facts (to build an input form) and
// its parameters (to build what-if inputs). Read off the syntax tree and the
// checker's schema, so a policy with errors still shows what can be known.

#include <string>

#include "interpreter/checked_program.hpp"

namespace clause::workbench {

// [{"kind","article","title","quote","first_line","last_line"}], in document order.
std::string articles_json(const CheckedProgram& program);

// [{"name","label","type","type_name","required","optional","default", and
// "element", "enum"/"members", "record"/"fields" as the type asks}], the facts
// record's fields in order; [] when the policy's facts could not be checked.
std::string facts_json(const CheckedProgram& program);

// [{"name","label","type","unit","value","value_exact"}], every parameter in order.
std::string params_json(const CheckedProgram& program);

}  // namespace clause::workbench
