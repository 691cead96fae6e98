#include "dsl/syntax_printer.hpp"

#include <fmt/format.h>

namespace clause::syntax {

std::string_view binary_operator(BinaryOp op) {
  switch (op) {
    case BinaryOp::add: return "+";
    case BinaryOp::subtract: return "-";
    case BinaryOp::multiply: return "*";
    case BinaryOp::divide: return "/";
    case BinaryOp::equal: return "==";
    case BinaryOp::not_equal: return "!=";
    case BinaryOp::less: return "<";
    case BinaryOp::less_equal: return "<=";
    case BinaryOp::greater: return ">";
    case BinaryOp::greater_equal: return ">=";
    case BinaryOp::logical_and: return "and";
    case BinaryOp::logical_or: return "or";
  }
  return "?";
}

namespace {

std::string_view hit_policy_name(HitPolicy policy) {
  switch (policy) {
    case HitPolicy::unique: return "unique";
    case HitPolicy::highest: return "highest";
    case HitPolicy::first: return "first";
    case HitPolicy::sum: return "sum";
  }
  return "?";
}

std::string number_text(const NumberLiteral& number) {
  switch (number.unit) {
    case NumberUnit::money: return number.value.normalized().to_string() + "元";
    case NumberUnit::rate: return (number.value * Decimal::from_integer(100)).normalized().to_string() + "%";
    case NumberUnit::plain: break;
  }
  return number.value.normalized().to_string();
}

std::string joined(const std::vector<ExprPtr>& expressions) {
  std::string text;
  for (const ExprPtr& expression : expressions) {
    if (!text.empty()) text += ", ";
    text += canonical_text(*expression);
  }
  return text;
}

// Every operand is parenthesized, so the text needs no precedence rules and two
// trees print alike exactly when they have the same shape.
struct Printer {
  std::string operator()(const NumberLiteral& node) const { return number_text(node); }
  std::string operator()(const TextLiteral& node) const { return fmt::format("\"{}\"", node.value); }
  std::string operator()(const DateLiteral& node) const { return node.value.to_string(); }
  std::string operator()(const BoolLiteral& node) const { return node.value ? "true" : "false"; }
  std::string operator()(const NoneLiteral&) const { return "none"; }
  std::string operator()(const ListLiteral& node) const { return "[" + joined(node.items) + "]"; }
  std::string operator()(const DefaultRecord&) const { return "{}"; }
  std::string operator()(const NameRef& node) const { return node.name; }
  std::string operator()(const FieldAccess& node) const { return canonical_text(*node.object) + "." + node.field.name; }
  std::string operator()(const TableLookup& node) const { return node.table.name + "[" + joined(node.keys) + "]"; }
  std::string operator()(const Unary& node) const {
    return fmt::format("{}({})", node.op == UnaryOp::negate ? "-" : "not ", canonical_text(*node.operand));
  }
  std::string operator()(const Binary& node) const {
    return fmt::format("({} {} {})", canonical_text(*node.left), binary_operator(node.op), canonical_text(*node.right));
  }
  std::string operator()(const IsSet& node) const {
    return fmt::format("({} is {})", canonical_text(*node.operand), node.set ? "set" : "none");
  }
  std::string operator()(const InInterval& node) const {
    return fmt::format("({} in {})", canonical_text(*node.value), canonical_text(node.interval));
  }
  std::string operator()(const InSet& node) const {
    return fmt::format("({} in {{{}}})", canonical_text(*node.value), joined(node.members));
  }
  std::string operator()(const Conditional& node) const {
    return fmt::format("(if {} then {} else {})", canonical_text(*node.condition), canonical_text(*node.then_branch),
                       canonical_text(*node.else_branch));
  }
  std::string operator()(const Lambda& node) const {
    return fmt::format("({} -> {})", node.parameter.name, canonical_text(*node.body));
  }
  std::string operator()(const Call& node) const { return node.function.name + "(" + joined(node.arguments) + ")"; }
  std::string operator()(const Brackets& node) const {
    std::string text = fmt::format("brackets {} hit {} {{", canonical_text(*node.subject), hit_policy_name(node.hit_policy));
    for (const Bracket& bracket : node.brackets) {
      text += fmt::format(" {}: {};", canonical_text(bracket.range), canonical_text(*bracket.amount));
    }
    if (node.otherwise) text += fmt::format(" otherwise: {};", canonical_text(*node.otherwise));
    return text + " }";
  }
  std::string operator()(const Tiers& node) const {
    std::string text = fmt::format("tiers {} {{", canonical_text(*node.subject));
    for (const Tier& tier : node.tiers) text += fmt::format(" {}: {};", canonical_text(tier.range), canonical_text(*tier.rate));
    return text + " }";
  }
};

}  // namespace

std::string canonical_text(const Expr& expr) { return std::visit(Printer{}, expr.kind); }

std::string canonical_text(const Interval& interval) {
  std::string lower = interval.lower.value ? canonical_text(*interval.lower.value) : "-inf";
  std::string upper = interval.upper.value ? canonical_text(*interval.upper.value) : "inf";
  return fmt::format("{}{}, {}{}", interval.lower.inclusive ? "[" : "(", lower, upper, interval.upper.inclusive ? "]" : ")");
}

std::string canonical_text_or_empty(const ExprPtr& expr) { return expr ? canonical_text(*expr) : std::string(); }

}  // namespace clause::syntax
