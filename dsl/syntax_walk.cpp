#include "dsl/syntax_walk.hpp"

namespace clause::syntax {
namespace {

using Visit = std::function<void(const Expr&)>;

void walk(const ExprPtr& expr, const Visit& visit) {
  if (expr) walk_expression(*expr, visit);
}

void walk_interval(const Interval& interval, const Visit& visit) {
  walk(interval.lower.value, visit);
  walk(interval.upper.value, visit);
}

void walk_lets(const std::vector<LetDecl>& lets, const Visit& visit) {
  for (const LetDecl& let : lets) walk(let.value, visit);
}

}  // namespace

void walk_expression(const Expr& expr, const Visit& visit) {
  visit(expr);
  std::visit(
      [&](const auto& node) {
        using Node = std::decay_t<decltype(node)>;
        if constexpr (std::is_same_v<Node, ListLiteral>) {
          for (const ExprPtr& item : node.items) walk(item, visit);
        } else if constexpr (std::is_same_v<Node, FieldAccess>) {
          walk(node.object, visit);
        } else if constexpr (std::is_same_v<Node, TableLookup>) {
          for (const ExprPtr& key : node.keys) walk(key, visit);
        } else if constexpr (std::is_same_v<Node, Unary>) {
          walk(node.operand, visit);
        } else if constexpr (std::is_same_v<Node, Binary>) {
          walk(node.left, visit);
          walk(node.right, visit);
        } else if constexpr (std::is_same_v<Node, IsSet>) {
          walk(node.operand, visit);
        } else if constexpr (std::is_same_v<Node, InInterval>) {
          walk(node.value, visit);
          walk_interval(node.interval, visit);
        } else if constexpr (std::is_same_v<Node, InSet>) {
          walk(node.value, visit);
          for (const ExprPtr& member : node.members) walk(member, visit);
        } else if constexpr (std::is_same_v<Node, Conditional>) {
          walk(node.condition, visit);
          walk(node.then_branch, visit);
          walk(node.else_branch, visit);
        } else if constexpr (std::is_same_v<Node, Lambda>) {
          walk(node.body, visit);
        } else if constexpr (std::is_same_v<Node, Call>) {
          for (const ExprPtr& argument : node.arguments) walk(argument, visit);
        } else if constexpr (std::is_same_v<Node, Brackets>) {
          walk(node.subject, visit);
          for (const Bracket& bracket : node.brackets) {
            walk_interval(bracket.range, visit);
            walk(bracket.amount, visit);
          }
          walk(node.otherwise, visit);
        } else if constexpr (std::is_same_v<Node, Tiers>) {
          walk(node.subject, visit);
          for (const Tier& tier : node.tiers) {
            walk_interval(tier.range, visit);
            walk(tier.rate, visit);
          }
        }
      },
      expr.kind);
}

void walk_program(const Program& program, const Visit& visit) {
  if (program.header) walk(program.header->evaluation_year, visit);
  for (const Declaration& declaration : program.declarations) {
    std::visit(
        [&](const auto& node) {
          using Node = std::decay_t<decltype(node)>;
          if constexpr (std::is_same_v<Node, ParamDecl>) {
            walk(node.value, visit);
          } else if constexpr (std::is_same_v<Node, LetDecl>) {
            walk(node.value, visit);
          } else if constexpr (std::is_same_v<Node, MeasureDecl>) {
            walk_lets(node.lets, visit);
            for (const ExprPtr& condition : node.conditions) walk(condition, visit);
            if (node.for_each) {
              walk(node.for_each->list, visit);
              walk(node.for_each->where, visit);
              walk(node.for_each->keep_highest, visit);
            }
            walk(node.project, visit);
            walk(node.amount, visit);
            for (const Cap& cap : node.caps) {
              walk(cap.limit, visit);
              walk(cap.already_paid, visit);
            }
          } else if constexpr (std::is_same_v<Node, BenefitDecl>) {
            walk_lets(node.lets, visit);
            for (const ExprPtr& condition : node.conditions) walk(condition, visit);
          } else if constexpr (std::is_same_v<Node, StackingDecl>) {
            if (node.against) {
              walk(node.against->list, visit);
              walk(node.against->project, visit);
              walk(node.against->amount, visit);
            }
          } else if constexpr (std::is_same_v<Node, TotalCapDecl>) {
            walk(node.limit, visit);
          }
        },
        declaration);
  }
}

}  // namespace clause::syntax
