#pragma once
// Names and types of expressions: the part of the checker that walks expressions.
//
// Units are kept apart: money + rate is an error, money × rate is money, and a
// bare number takes the unit of what it is combined with (`S >= 300000` compares
// yuan), like an untyped constant in Go.

#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "dsl/diagnostics.hpp"
#include "interpreter/checked_program.hpp"

namespace clause {

class ExpressionChecker {
 public:
  ExpressionChecker(CheckedProgram& program, Diagnostics& diagnostics) : program_(program), diagnostics_(diagnostics) {}

  // Global names: enums, records, facts, parameters, tables, top-level lets.
  bool declare_global_name(const syntax::Identifier& name, std::string_view kind);
  void index_enum_members();
  std::optional<int> find_enum(const std::string& name) const;
  std::optional<int> find_record(const std::string& name) const;
  void set_facts(int record) { facts_record_ = record; }
  void add_param(CheckedParam param);
  void add_table(CheckedTable table);

  // The value of a literal (a default, a parameter, a table cell) as `type`.
  Value constant(const syntax::Expr& expr, const Type& type);
  // The type a parameter takes from its literal when none is declared.
  Type constant_type(const syntax::Expr& expr);

  Type check(const syntax::Expr& expr);
  // Checks and reports when the type is not `expected` (a bare number adopts it).
  void expect(const syntax::Expr& expr, const Type& expected, std::string_view what);

  void open_scope() { scopes_.push_back(locals_.size()); }
  void close_scope() {
    locals_.resize(scopes_.back());
    scopes_.pop_back();
  }
  int bind_local(const syntax::Identifier& name, const Type& type);
  int bind_global(const syntax::Identifier& name, const Type& type);
  int slot_count() const { return next_slot_; }

 private:
  struct Local {
    std::string name;
    int slot;
    Type type;
  };
  struct GlobalName {
    std::string kind;  // "fact", "parameter", "table", "let", "enum", "record"
    int index;
    Span span;
  };

  Type record(const syntax::Expr& expr, Type type);
  Type type_name_ref(const syntax::Expr& expr, const syntax::NameRef& name);
  Type type_field(const syntax::Expr& expr, const syntax::FieldAccess& access);
  Type type_lookup(const syntax::Expr& expr, const syntax::TableLookup& lookup);
  Type type_unary(const syntax::Expr& expr, const syntax::Unary& unary);
  Type type_binary(const syntax::Expr& expr, const syntax::Binary& binary);
  Type type_arithmetic(const syntax::Expr& expr, const syntax::Binary& binary, Type left, Type right);
  Type type_comparison(const syntax::Expr& expr, const syntax::Binary& binary, Type left, Type right);
  Type type_in_interval(const syntax::Expr& expr, const syntax::InInterval& in);
  Type type_in_set(const syntax::Expr& expr, const syntax::InSet& in);
  Type type_conditional(const syntax::Expr& expr, const syntax::Conditional& conditional);
  Type type_call(const syntax::Expr& expr, const syntax::Call& call);
  Type type_aggregate(const syntax::Expr& expr, const syntax::Call& call, Builtin builtin);
  Type type_lambda_body(const syntax::Expr& lambda, const Type& element);
  Type type_brackets(const syntax::Expr& expr, const syntax::Brackets& brackets);
  Type type_tiers(const syntax::Expr& expr, const syntax::Tiers& tiers);
  Type type_list(const syntax::Expr& expr, const syntax::ListLiteral& list);
  void check_bound(const syntax::Bound& bound, const syntax::Expr& subject, const Type& subject_type);

  // A bare number literal (or its negation): it adopts the unit of its partner.
  static bool is_bare_number(const syntax::Expr& expr);
  // The common type of two operands that must agree, adapting a bare number;
  // nullopt when they cannot agree.
  std::optional<Type> unify(const syntax::Expr& a, const Type& ta, const syntax::Expr& b, const Type& tb);
  void adopt(const syntax::Expr& expr, const Type& type);
  std::string name_of(const Type& type) const { return type_name(type, program_.schema); }
  std::vector<std::string> visible_names() const;

  CheckedProgram& program_;
  Diagnostics& diagnostics_;
  std::unordered_map<std::string, GlobalName> globals_;
  std::unordered_map<std::string, GlobalName> types_;
  std::unordered_map<std::string, std::vector<std::pair<int, int>>> enum_members_;  // name -> (enum, member)
  std::vector<Local> locals_;
  std::vector<std::size_t> scopes_;
  std::unordered_map<int, Type> global_let_types_;
  int facts_record_ = -1;
  int next_slot_ = 0;
};

}  // namespace clause
