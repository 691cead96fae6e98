#pragma once
// Other values for a policy's parameters (a what-if): `--set NAME=VALUE` on the
// command line, `set NAME = VALUE` in a scenario. Each is checked as the
// parameter's own declaration would be: a known name, the same type and unit.

#include <optional>
#include <vector>

#include "dsl/diagnostics.hpp"
#include "dsl/source.hpp"
#include "interpreter/checked_program.hpp"

namespace clause {

struct ParameterSetting {
  int param = -1;  // index in CheckedProgram::params
  Value value;
};

// `value` as the new value of the parameter `name`; nullopt after reporting an
// unknown name (E0101, with "did you mean"; a fact named where a parameter is
// wanted says so) or a value of the wrong type or unit (E0201, E0205). Money
// or a rate below 0 is taken, with a warning (W0802).
std::optional<ParameterSetting> check_parameter_setting(const CheckedProgram& program, const syntax::Identifier& name,
                                                        const syntax::Expr& value, Diagnostics& diagnostics);

// The index of the parameter `name` in CheckedProgram::params; nullopt after
// reporting an unknown name (E0101) as check_parameter_setting does.
std::optional<int> find_parameter(const CheckedProgram& program, const syntax::Identifier& name, Diagnostics& diagnostics);

// `NAME=VALUE` as written on the command line: `argument` holds that text, so
// a diagnostic points into it with a caret.
std::optional<ParameterSetting> parse_parameter_setting(const CheckedProgram& program, const SourceFile& argument,
                                                        Diagnostics& diagnostics);

// Every parameter's value with the settings applied, later settings winning. A
// parameter declared as another one (`param b = a`) follows `a` unless it is set
// itself, as its declaration says it is the same number.
std::vector<Value> parameter_values(const CheckedProgram& program, const std::vector<ParameterSetting>& settings);

}  // namespace clause
