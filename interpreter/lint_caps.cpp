// W0707: a cap that can never bind. When the most a measure's amount can be is
// known from the policy alone (constants, table cells, brackets of those) and
// the cap is at least that, the cap changes nothing: either a number is wrong,
// or the cap is noise a reader must check for nothing.

#include <fmt/format.h>

#include "interpreter/lints.hpp"
#include "interpreter/value_format.hpp"

namespace clause {
namespace {

using namespace syntax;

std::optional<Decimal> decimal_of(const Value& value) {
  if (auto* number = std::get_if<Decimal>(&value.data)) return *number;
  return std::nullopt;
}

class AmountBound {
 public:
  explicit AmountBound(const CheckedProgram& program) : program_(program) {}

  // The most `expr` can be whatever the facts, or nullopt when the policy does not say.
  std::optional<Decimal> most(const Expr& expr) const {
    if (auto* literal = std::get_if<NumberLiteral>(&expr.kind)) return literal->value;
    const Reference& reference = program_.reference_of(expr);
    if (std::holds_alternative<NameRef>(expr.kind) && reference.kind == ReferenceKind::param) {
      return decimal_of(program_.params[static_cast<std::size_t>(reference.index)].value);
    }
    if (std::holds_alternative<TableLookup>(expr.kind)) return largest_cell(expr);
    if (auto* brackets = std::get_if<Brackets>(&expr.kind)) return largest_bracket(*brackets);
    if (auto* conditional = std::get_if<Conditional>(&expr.kind)) {
      return larger(most(*conditional->then_branch), most(*conditional->else_branch));
    }
    if (auto* call = std::get_if<Call>(&expr.kind); call && reference.kind == ReferenceKind::builtin) {
      return extremum(*call, reference.builtin);
    }
    return std::nullopt;
  }

 private:
  static std::optional<Decimal> larger(std::optional<Decimal> a, std::optional<Decimal> b) {
    if (!a || !b) return std::nullopt;
    return *a > *b ? a : b;
  }

  // A cell that is not covered pays 0.
  std::optional<Decimal> largest_cell(const Expr& lookup) const {
    int table_index = program_.table_of_lookup[static_cast<std::size_t>(lookup.id)];
    if (table_index < 0) return std::nullopt;
    std::optional<Decimal> largest = Decimal{};
    for (const std::optional<Value>& cell : program_.tables[static_cast<std::size_t>(table_index)].cells) {
      if (!cell) continue;
      largest = larger(largest, decimal_of(*cell));
      if (!largest) return std::nullopt;
    }
    return largest;
  }

  // No `otherwise` pays 0 where no bracket holds.
  std::optional<Decimal> largest_bracket(const Brackets& brackets) const {
    std::optional<Decimal> largest = brackets.otherwise ? most(*brackets.otherwise) : std::optional<Decimal>(Decimal{});
    for (const Bracket& bracket : brackets.brackets) {
      std::optional<Decimal> amount = most(*bracket.amount);
      // hit sum adds the brackets that hold: their largest is no bound then.
      if (brackets.hit_policy == HitPolicy::sum && amount && largest) {
        largest = *largest + *amount;
      } else {
        largest = larger(largest, amount);
      }
      if (!largest) return std::nullopt;
    }
    return largest;
  }

  // min is at most any argument the policy bounds; max needs them all bounded.
  std::optional<Decimal> extremum(const Call& call, Builtin builtin) const {
    if (builtin != Builtin::min && builtin != Builtin::max) return std::nullopt;
    std::optional<Decimal> result;
    for (const ExprPtr& argument : call.arguments) {
      std::optional<Decimal> bound = most(*argument);
      if (builtin == Builtin::max && !bound) return std::nullopt;
      if (!bound) continue;
      if (!result || (builtin == Builtin::min ? *bound < *result : *bound > *result)) result = bound;
    }
    return result;
  }

  const CheckedProgram& program_;
};

}  // namespace

void lint_caps(const CheckedProgram& program, Diagnostics& diagnostics) {
  AmountBound bound(program);
  for (const CheckedMeasure& measure : program.measures) {
    const MeasureDecl& declaration = *measure.declaration;
    // Per-item amounts add up over the items: no bound on the total.
    if (declaration.for_each || !declaration.amount) continue;
    std::optional<Decimal> most = bound.most(*declaration.amount);
    if (!most) continue;
    for (const Cap& cap : declaration.caps) {
      if (cap.already_paid) continue;
      std::optional<Decimal> limit = bound.most(*cap.limit);
      if (!std::holds_alternative<NumberLiteral>(cap.limit->kind) && !std::holds_alternative<NameRef>(cap.limit->kind)) continue;
      if (!limit || *limit < *most) continue;
      diagnostics.warning("W0707", cap.span, fmt::format("cap {} = {} can never bind: measure {}'s amount is at most {}",
                                                         program.source->slice(cap.limit->span), format_money(*limit),
                                                         measure.article, format_money(*most)));
    }
  }
}

}  // namespace clause
