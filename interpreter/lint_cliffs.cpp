// W0701: cliffs. Where one more step of a bracket's subject (a fen of money, one
// of an integer) lowers the award, an applicant is better off reporting less: the
// text almost never means that, and when it does, the policy should say so.
//
// Found by evaluating the brackets on both sides of every constant bound. Only
// brackets whose amounts are worked out from the subject, literals and
// parameters are judged; the others depend on facts no bound can stand for.

#include <fmt/format.h>

#include "dsl/syntax_walk.hpp"
#include "interpreter/lint_bounds.hpp"
#include "interpreter/lints.hpp"
#include "interpreter/value_format.hpp"

namespace clause {
namespace {

using namespace syntax;

struct Award {
  Decimal amount;
  Span span;  // the bracket (or `otherwise`) that pays it
};

class BracketProbe {
 public:
  BracketProbe(const CheckedProgram& program, const Brackets& brackets, const Expr& expression)
      : program_(program), brackets_(brackets), expression_(expression) {}

  // The award at subject = x, or nullopt when it depends on more than the subject.
  std::optional<Award> award_at(const Decimal& x) const {
    std::optional<Award> award;
    for (const Bracket& bracket : brackets_.brackets) {
      auto inside = contains(bracket.range, x);
      if (!inside) return std::nullopt;
      if (!*inside) continue;
      auto amount = value_at(*bracket.amount, x);
      if (!amount) return std::nullopt;
      if (!award) {
        award = Award{*amount, bracket.span};
      } else if (brackets_.hit_policy == HitPolicy::sum) {
        award = Award{award->amount + *amount, expression_.span};
      } else if (brackets_.hit_policy == HitPolicy::highest && *amount > award->amount) {
        award = Award{*amount, bracket.span};
      }
      if (brackets_.hit_policy == HitPolicy::unique || brackets_.hit_policy == HitPolicy::first) break;
    }
    if (award) return award;
    if (!brackets_.otherwise) return Award{Decimal{}, expression_.span};
    auto amount = value_at(*brackets_.otherwise, x);
    if (!amount) return std::nullopt;
    return Award{*amount, brackets_.otherwise->span};
  }

  const Expr& subject() const { return *brackets_.subject; }

  // Every finite bound written as a literal or a parameter, in the order written.
  std::vector<Decimal> bounds() const {
    std::vector<Decimal> found;
    auto add = [&](const Bound& bound) {
      if (!bound.value) return;
      auto value = value_at(*bound.value, Decimal{});
      if (!value) return;
      for (const Decimal& known : found) {
        if (known == *value) return;
      }
      found.push_back(*value);
    };
    for (const Bracket& bracket : brackets_.brackets) {
      add(bracket.range.lower);
      add(bracket.range.upper);
    }
    return found;
  }

 private:
  std::optional<bool> contains(const Interval& range, const Decimal& x) const {
    if (range.lower.value) {
      auto lower = value_at(*range.lower.value, x);
      if (!lower) return std::nullopt;
      if (x < *lower || (x == *lower && !range.lower.inclusive)) return false;
    }
    if (range.upper.value) {
      auto upper = value_at(*range.upper.value, x);
      if (!upper) return std::nullopt;
      if (x > *upper || (x == *upper && !range.upper.inclusive)) return false;
    }
    return true;
  }

  bool is_subject(const Expr& expr) const {
    const SourceFile& source = *program_.source;
    return source.slice(expr.span) == source.slice(brackets_.subject->span);
  }

  // The value of an amount or a bound with the subject at x: literals, parameters,
  // + - * /, min and max; nullopt for anything else.
  std::optional<Decimal> value_at(const Expr& expr, const Decimal& x) const {
    if (is_subject(expr)) return x;
    if (auto* literal = std::get_if<NumberLiteral>(&expr.kind)) return literal->value;
    const Reference& reference = program_.reference_of(expr);
    if (std::holds_alternative<NameRef>(expr.kind) && reference.kind == ReferenceKind::param) {
      const Value& value = program_.params[static_cast<std::size_t>(reference.index)].value;
      if (auto* number = std::get_if<Decimal>(&value.data)) return *number;
      return std::nullopt;
    }
    if (auto* unary = std::get_if<Unary>(&expr.kind); unary && unary->op == UnaryOp::negate) {
      auto operand = value_at(*unary->operand, x);
      return operand ? std::optional<Decimal>(-*operand) : std::nullopt;
    }
    if (auto* binary = std::get_if<Binary>(&expr.kind)) return binary_at(*binary, x);
    if (auto* call = std::get_if<Call>(&expr.kind)) return extremum_at(*call, reference, x);
    return std::nullopt;
  }

  std::optional<Decimal> binary_at(const Binary& binary, const Decimal& x) const {
    auto left = value_at(*binary.left, x);
    auto right = value_at(*binary.right, x);
    if (!left || !right) return std::nullopt;
    try {
      switch (binary.op) {
        case BinaryOp::add: return *left + *right;
        case BinaryOp::subtract: return *left - *right;
        case BinaryOp::multiply: return *left * *right;
        case BinaryOp::divide:
          if (right->is_zero()) return std::nullopt;
          return Decimal::divide(*left, *right);
        default: return std::nullopt;
      }
    } catch (const DecimalOverflow&) {
      return std::nullopt;
    }
  }

  std::optional<Decimal> extremum_at(const Call& call, const Reference& reference, const Decimal& x) const {
    if (reference.kind != ReferenceKind::builtin) return std::nullopt;
    if (reference.builtin != Builtin::min && reference.builtin != Builtin::max) return std::nullopt;
    std::optional<Decimal> result;
    for (const ExprPtr& argument : call.arguments) {
      auto value = value_at(*argument, x);
      if (!value) return std::nullopt;
      if (!result || (reference.builtin == Builtin::min ? *value < *result : *value > *result)) result = value;
    }
    return result;
  }

  const CheckedProgram& program_;
  const Brackets& brackets_;
  const Expr& expression_;
};

// The smallest step of the subject a fact can take: a fen, one, a hundredth of a percent.
Decimal step_of(const Type& type) {
  switch (type.kind) {
    case TypeKind::integer: return Decimal::from_integer(1);
    case TypeKind::rate: return Decimal::from_parts(1, 4);
    default: return Decimal::from_parts(1, 2);
  }
}

// A measure's caps that are constants (lint_bounds.hpp): the award is judged
// after them, since a drop the cap hides on both sides is no cliff.
std::optional<Decimal> constant_cap(const CheckedProgram& program, const CheckedMeasure& measure) {
  std::optional<Decimal> cap;
  for (const Cap& written : measure.declaration->caps) {
    std::optional<Decimal> value = constant_cap_limit(program, measure, written);
    if (value && (!cap || *value < *cap)) cap = value;
  }
  return cap;
}

class CliffFinder {
 public:
  CliffFinder(const CheckedProgram& program, Diagnostics& diagnostics) : program_(program), diagnostics_(diagnostics) {}

  void find(const Expr& expression, const Brackets& brackets, std::optional<Decimal> cap) {
    BracketProbe probe(program_, brackets, expression);
    const Type& subject_type = program_.type_of(*brackets.subject);
    Decimal step = step_of(subject_type);
    bool money = program_.type_of(expression).kind == TypeKind::money;
    for (const Decimal& bound : probe.bounds()) {
      // One step up to the bound, then one step past it: a drop either way is a cliff.
      if (report(probe, bound - step, bound, money, cap)) continue;
      report(probe, bound, bound + step, money, cap);
    }
  }

 private:
  std::optional<Award> paid(const BracketProbe& probe, const Decimal& x, bool money, const std::optional<Decimal>& cap) {
    auto award = probe.award_at(x);
    if (!award) return std::nullopt;
    // The measure pays its amount rounded once, then capped: judge what is paid.
    if (money) award->amount = award->amount.rounded(program_.policy.rounding_digits, program_.policy.rounding);
    if (cap && award->amount > *cap) award->amount = *cap;
    return award;
  }

  bool report(const BracketProbe& probe, const Decimal& below, const Decimal& above, bool money,
              const std::optional<Decimal>& cap) {
    auto before = paid(probe, below, money, cap);
    auto after = paid(probe, above, money, cap);
    if (!before || !after || !(after->amount < before->amount)) return false;
    auto shown = [money](const Decimal& amount) { return money ? format_money(amount) : amount.to_string(); };
    std::string_view subject = program_.source->slice(probe.subject().span);
    diagnostics_.warning("W0701", after->span,
        fmt::format("cliff: {0} = {1} is paid {2}, but {0} = {3} is paid {4}: one step more lowers the award by {5}",
                    subject, below.to_string(), shown(before->amount), above.to_string(), shown(after->amount),
                    shown(before->amount - after->amount)),
        {DiagnosticNote{before->span, fmt::format("{} = {} is paid by this", subject, below.to_string())}});
    return true;
  }

  const CheckedProgram& program_;
  Diagnostics& diagnostics_;
};

// Every brackets expression under `root`, with the measure's cap when it is the measure's amount.
void find_in(CliffFinder& finder, const Expr& root, std::optional<Decimal> cap_of_root) {
  walk_expression(root, [&](const Expr& expr) {
    if (auto* brackets = std::get_if<Brackets>(&expr.kind)) {
      finder.find(expr, *brackets, &expr == &root ? cap_of_root : std::nullopt);
    }
  });
}

}  // namespace

void lint_cliffs(const CheckedProgram& program, Diagnostics& diagnostics) {
  CliffFinder finder(program, diagnostics);
  for (const CheckedLet& let : program.lets) find_in(finder, *let.declaration->value, std::nullopt);
  for (const CheckedMeasure& measure : program.measures) {
    const MeasureDecl& declaration = *measure.declaration;
    for (const LetDecl& let : declaration.lets) find_in(finder, *let.value, std::nullopt);
    if (declaration.amount) find_in(finder, *declaration.amount, constant_cap(program, measure));
  }
}

}  // namespace clause
