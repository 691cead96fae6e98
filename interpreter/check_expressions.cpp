#include "interpreter/check_expressions.hpp"

#include <fmt/format.h>

#include "dsl/syntax_printer.hpp"
#include "interpreter/checker.hpp"

namespace clause {

using namespace syntax;

namespace {

bool is_error(const Type& type) { return type.kind == TypeKind::error; }
Type error_type() { return Type{}; }
Type boolean() { return Type::of(TypeKind::boolean); }

std::vector<DiagnosticNote> hint_notes(const std::string& hint) {
  if (hint.empty()) return {};
  return {DiagnosticNote{Span{}, hint}};
}

// integer and number mix freely; the result is a number.
bool same_numeric_family(const Type& a, const Type& b) {
  auto plain = [](const Type& t) { return t.kind == TypeKind::integer || t.kind == TypeKind::number; };
  return plain(a) && plain(b);
}


}  // namespace

bool ExpressionChecker::declare_global_name(const Identifier& name, std::string_view kind) {
  // Types (enums, records) and values (facts, parameters, tables, lets) have names
  // of their own: `prior_awards: prior_awards` is a fact of the record type.
  auto& names = kind == "enum" || kind == "record" ? types_ : globals_;
  auto [existing, inserted] = names.emplace(name.name, GlobalName{std::string(kind), -1, name.span});
  if (!inserted) {
    std::string_view article = existing->second.kind == "enum" ? "an" : "a";
    diagnostics_.error("E0105", name.span,
                       fmt::format("'{}' is already declared (as {} {})", name.name, article, existing->second.kind),
                       {{existing->second.span, "first declared here"}});
    return false;
  }
  return true;
}

void ExpressionChecker::index_enum_members() {
  for (std::size_t e = 0; e < program_.schema.enums.size(); ++e) {
    const EnumSchema& schema = program_.schema.enums[e];
    types_[schema.name].index = static_cast<int>(e);
    for (std::size_t m = 0; m < schema.members.size(); ++m) {
      enum_members_[schema.members[m]].push_back({static_cast<int>(e), static_cast<int>(m)});
    }
  }
}

std::optional<int> ExpressionChecker::find_enum(const std::string& name) const {
  for (std::size_t i = 0; i < program_.schema.enums.size(); ++i)
    if (program_.schema.enums[i].name == name) return static_cast<int>(i);
  return std::nullopt;
}

std::optional<int> ExpressionChecker::find_record(const std::string& name) const {
  for (std::size_t i = 0; i < program_.schema.records.size(); ++i)
    if (program_.schema.records[i].name == name && static_cast<int>(i) != program_.schema.facts_record)
      return static_cast<int>(i);
  return std::nullopt;
}

void ExpressionChecker::add_param(CheckedParam param) {
  globals_[param.name].index = static_cast<int>(program_.params.size());
  program_.params.push_back(std::move(param));
}

void ExpressionChecker::add_table(CheckedTable table) {
  globals_[table.name].index = static_cast<int>(program_.tables.size());
  program_.tables.push_back(std::move(table));
}

int ExpressionChecker::bind_local(const Identifier& name, const Type& type) {
  int slot = next_slot_++;
  locals_.push_back(Local{name.name, slot, type});
  return slot;
}

int ExpressionChecker::bind_global(const Identifier& name, const Type& type) {
  if (!declare_global_name(name, "let")) return -1;
  int slot = next_slot_++;
  globals_[name.name].index = slot;
  global_let_types_[slot] = type;
  return slot;
}

Type ExpressionChecker::record(const Expr& expr, Type type) {
  program_.expression_types[static_cast<std::size_t>(expr.id)] = type;
  return type;
}

bool ExpressionChecker::is_bare_number(const Expr& expr) {
  if (auto* literal = std::get_if<NumberLiteral>(&expr.kind)) return literal->unit == NumberUnit::plain;
  if (auto* unary = std::get_if<Unary>(&expr.kind)) return unary->op == UnaryOp::negate && is_bare_number(*unary->operand);
  return false;
}

void ExpressionChecker::adopt(const Expr& expr, const Type& type) {
  record(expr, type);
  if (auto* unary = std::get_if<Unary>(&expr.kind)) adopt(*unary->operand, type);
}

std::optional<Type> ExpressionChecker::unify(const Expr& a, const Type& ta, const Expr& b, const Type& tb) {
  if (is_error(ta) || is_error(tb)) return error_type();
  // What may be none on one side may be none in the result: `bonus > 0元` and
  // `if c then bonus else 0元` must not pass for a value that is always set.
  auto maybe_none = [&](Type type) {
    if (ta.optional || tb.optional) type.optional = true;
    return type;
  };
  if (ta.is_numeric() && tb.is_numeric()) {
    if (is_bare_number(a) && !is_bare_number(b)) {
      adopt(a, tb);
      return tb;
    }
    if (is_bare_number(b) && !is_bare_number(a)) {
      adopt(b, ta);
      return ta;
    }
    if (ta.without_optional() == tb.without_optional()) return maybe_none(ta.without_optional());
    if (same_numeric_family(ta, tb)) return maybe_none(Type::of(TypeKind::number));
    return std::nullopt;
  }
  if (ta.kind == TypeKind::none && tb.optional) return tb;
  if (tb.kind == TypeKind::none && ta.optional) return ta;
  if (ta.without_optional() == tb.without_optional()) return maybe_none(ta.without_optional());
  return std::nullopt;
}

std::vector<std::string> ExpressionChecker::visible_names() const {
  std::vector<std::string> names;
  for (const Local& local : locals_) names.push_back(local.name);
  for (const auto& [name, global] : globals_) names.push_back(name);
  for (const auto& [name, members] : enum_members_) names.push_back(name);
  for (const BuiltinInfo& info : builtins) names.emplace_back(info.name);
  return names;
}

// ---- Constants: defaults, parameters, table cells ----------------------------------

Type ExpressionChecker::constant_type(const Expr& expr) {
  if (auto* literal = std::get_if<NumberLiteral>(&expr.kind)) {
    switch (literal->unit) {
      case NumberUnit::money: return Type::of(TypeKind::money);
      case NumberUnit::rate: return Type::of(TypeKind::rate);
      case NumberUnit::plain: return Type::of(literal->value.is_integer() ? TypeKind::integer : TypeKind::number);
    }
  }
  if (auto* unary = std::get_if<Unary>(&expr.kind); unary && unary->op == UnaryOp::negate) return constant_type(*unary->operand);
  if (std::holds_alternative<TextLiteral>(expr.kind)) return Type::of(TypeKind::text);
  if (std::holds_alternative<DateLiteral>(expr.kind)) return Type::of(TypeKind::date);
  if (std::holds_alternative<BoolLiteral>(expr.kind)) return boolean();
  if (auto* name = std::get_if<NameRef>(&expr.kind)) {
    auto global = globals_.find(name->name);
    if (global != globals_.end() && global->second.kind == "parameter" && global->second.index >= 0) {
      return program_.params[static_cast<std::size_t>(global->second.index)].type;
    }
    if (auto members = enum_members_.find(name->name); members != enum_members_.end() && members->second.size() == 1) {
      return Type{TypeKind::enumeration, members->second.front().first, false, false};
    }
  }
  return error_type();
}

Value ExpressionChecker::constant(const Expr& expr, const Type& type) {
  auto mismatch = [&](const Type& found) {
    diagnostics_.error("E0201", expr.span, fmt::format("expected {}, found {}", name_of(type), name_of(found)));
    return Value{};
  };
  record(expr, type);
  if (is_error(type)) {
    // The type is unknown (a declared type that failed, or a parameter whose value has
    // no type of its own): still say when the value is not a literal or a parameter,
    // as nothing else will, and evaluation could not compute it.
    bool literal_form = std::holds_alternative<NoneLiteral>(expr.kind) || std::holds_alternative<ListLiteral>(expr.kind) ||
                        std::holds_alternative<DefaultRecord>(expr.kind);
    auto* name = std::get_if<NameRef>(&expr.kind);
    bool known_parameter = name && globals_.contains(name->name) && globals_.at(name->name).kind == "parameter";
    if (!literal_form && !known_parameter && is_error(constant_type(expr))) {
      if (name) {
        diagnostics_.error("E0205", expr.span,
                           fmt::format("'{}' is not a parameter declared above: a value here must be a literal or a parameter", name->name));
      } else {
        diagnostics_.error("E0205", expr.span, "a value here must be a literal (such as 30万, 10%, 2023-01-01, \"text\") or a parameter");
      }
    }
    return Value{};
  }
  if (auto* unary = std::get_if<Unary>(&expr.kind); unary && unary->op == UnaryOp::negate) {
    Value inner = constant(*unary->operand, type);
    if (auto* number = std::get_if<Decimal>(&inner.data)) return Value(-*number);
    return inner;
  }
  if (auto* literal = std::get_if<NumberLiteral>(&expr.kind)) {
    if (type.list || !type.is_numeric()) return mismatch(constant_type(expr));
    Type written = constant_type(expr);
    bool fits = literal->unit == NumberUnit::plain || written.kind == type.kind;
    if (!fits) return mismatch(written);
    if (type.kind == TypeKind::integer && !literal->value.is_integer()) return mismatch(Type::of(TypeKind::number));
    return Value(literal->value);
  }
  if (std::holds_alternative<NoneLiteral>(expr.kind)) {
    if (!type.optional) {
      diagnostics_.error("E0201", expr.span, fmt::format("'none' needs an optional type: write {}?", name_of(type)));
    }
    return Value(NoneValue{});
  }
  if (auto* list = std::get_if<ListLiteral>(&expr.kind)) {
    if (!type.list) return mismatch(Type::of(TypeKind::none).as_list());
    auto items = std::make_shared<ListValue>();
    for (const ExprPtr& item : list->items) items->items.push_back(constant(*item, type.element()));
    return Value(std::shared_ptr<const ListValue>(std::move(items)));
  }
  if (std::holds_alternative<DefaultRecord>(expr.kind)) {
    if (type.kind != TypeKind::record || type.list) return mismatch(Type::of(TypeKind::record));
    // Built by the facts reader from the fields' own defaults.
    return Value(NoneValue{});
  }
  Type found = constant_type(expr);
  if (auto* name = std::get_if<NameRef>(&expr.kind)) {
    auto global = globals_.find(name->name);
    if (global != globals_.end() && global->second.kind == "parameter" && global->second.index >= 0) {
      const CheckedParam& param = program_.params[static_cast<std::size_t>(global->second.index)];
      if (!(param.type == type)) return mismatch(param.type);
      return param.value;
    }
    if (type.kind == TypeKind::enumeration && !type.list) {
      auto member = program_.schema.enums[static_cast<std::size_t>(type.declaration)].find(name->name);
      if (member) return Value(EnumValue{*member});
    }
    diagnostics_.error("E0205", expr.span,
                       fmt::format("'{}' is not a parameter declared above: a value here must be a literal or a parameter", name->name));
    return Value{};
  }
  if (is_error(found)) {
    diagnostics_.error("E0205", expr.span, "a value here must be a literal (such as 30万, 10%, 2023-01-01, \"text\") or a parameter");
    return Value{};
  }
  if (!(found.kind == type.kind) || type.list) return mismatch(found);
  if (auto* text = std::get_if<TextLiteral>(&expr.kind)) return Value(text->value);
  if (auto* date = std::get_if<DateLiteral>(&expr.kind)) return Value(date->value);
  if (auto* flag = std::get_if<BoolLiteral>(&expr.kind)) return Value(flag->value);
  return Value{};
}

// ---- Expressions -----------------------------------------------------------------------

void ExpressionChecker::expect(const Expr& expr, const Type& expected, std::string_view what) {
  Type found = check(expr);
  if (is_error(found)) return;
  if (expected.is_numeric() && found.is_numeric() && is_bare_number(expr)) {
    adopt(expr, expected);
    return;
  }
  bool matches = found.without_optional() == expected.without_optional() && !found.optional;
  if (expected.kind == TypeKind::integer && found.kind == TypeKind::integer) matches = !found.optional;
  if (!matches) {
    std::string hint;
    if (expected.kind == TypeKind::money && found.kind == TypeKind::rate)
      hint = "a rate is not an amount: multiply it by an amount (amount * rate)";
    if (expected.kind == TypeKind::money && (found.kind == TypeKind::number || found.kind == TypeKind::integer))
      hint = "write the amount with its unit, such as 30万 or 300000元";
    if (found.optional) hint = "this value may be none: test it with 'is set' first";
    diagnostics_.error("E0201", expr.span, fmt::format("{} must be {}, found {}", what, name_of(expected), name_of(found)),
                       hint_notes(hint));
  }
}

Type ExpressionChecker::check(const Expr& expr) {
  return std::visit(
      [&](const auto& node) -> Type {
        using Node = std::decay_t<decltype(node)>;
        if constexpr (std::is_same_v<Node, NumberLiteral>) {
          return record(expr, node.unit == NumberUnit::money ? Type::of(TypeKind::money)
                              : node.unit == NumberUnit::rate ? Type::of(TypeKind::rate)
                              : node.value.is_integer()       ? Type::of(TypeKind::integer)
                                                              : Type::of(TypeKind::number));
        } else if constexpr (std::is_same_v<Node, TextLiteral>) {
          return record(expr, Type::of(TypeKind::text));
        } else if constexpr (std::is_same_v<Node, DateLiteral>) {
          return record(expr, Type::of(TypeKind::date));
        } else if constexpr (std::is_same_v<Node, BoolLiteral>) {
          return record(expr, boolean());
        } else if constexpr (std::is_same_v<Node, NoneLiteral>) {
          return record(expr, Type::of(TypeKind::none));
        } else if constexpr (std::is_same_v<Node, ListLiteral>) {
          return type_list(expr, node);
        } else if constexpr (std::is_same_v<Node, DefaultRecord>) {
          diagnostics_.error("E0201", expr.span, "'{}' (a record of defaults) may only be a fact's default");
          return record(expr, error_type());
        } else if constexpr (std::is_same_v<Node, NameRef>) {
          return type_name_ref(expr, node);
        } else if constexpr (std::is_same_v<Node, FieldAccess>) {
          return type_field(expr, node);
        } else if constexpr (std::is_same_v<Node, TableLookup>) {
          return type_lookup(expr, node);
        } else if constexpr (std::is_same_v<Node, Unary>) {
          return type_unary(expr, node);
        } else if constexpr (std::is_same_v<Node, Binary>) {
          return type_binary(expr, node);
        } else if constexpr (std::is_same_v<Node, IsSet>) {
          Type operand = check(*node.operand);
          if (!is_error(operand) && !operand.optional) {
            diagnostics_.error("E0207", expr.span,
                               fmt::format("this {} is not optional, so it is always set", name_of(operand)));
          }
          return record(expr, boolean());
        } else if constexpr (std::is_same_v<Node, InInterval>) {
          return type_in_interval(expr, node);
        } else if constexpr (std::is_same_v<Node, InSet>) {
          return type_in_set(expr, node);
        } else if constexpr (std::is_same_v<Node, Conditional>) {
          return type_conditional(expr, node);
        } else if constexpr (std::is_same_v<Node, Lambda>) {
          diagnostics_.error("E0204", expr.span, "'x -> ...' may only be an argument of sum, count, min, max, any, all or filter");
          return record(expr, error_type());
        } else if constexpr (std::is_same_v<Node, Call>) {
          return type_call(expr, node);
        } else if constexpr (std::is_same_v<Node, Brackets>) {
          return type_brackets(expr, node);
        } else {
          return type_tiers(expr, node);
        }
      },
      expr.kind);
}

Type ExpressionChecker::type_list(const Expr& expr, const ListLiteral& list) {
  if (list.items.empty()) {
    diagnostics_.error("E0201", expr.span, "an empty list '[]' may only be a fact's default");
    return record(expr, error_type());
  }
  Type element = check(*list.items.front());
  for (std::size_t i = 1; i < list.items.size(); ++i) {
    Type next = check(*list.items[i]);
    auto common = unify(*list.items.front(), element, *list.items[i], next);
    if (!common) {
      diagnostics_.error("E0201", list.items[i]->span,
                         fmt::format("list items must have one type: {} then {}", name_of(element), name_of(next)));
      return record(expr, error_type());
    }
    element = *common;
  }
  return record(expr, element.as_list());
}

Type ExpressionChecker::type_name_ref(const Expr& expr, const NameRef& name) {
  Reference& reference = program_.references[static_cast<std::size_t>(expr.id)];
  for (auto local = locals_.rbegin(); local != locals_.rend(); ++local) {
    if (local->name == name.name) {
      reference = Reference{ReferenceKind::slot, local->slot};
      return record(expr, local->type);
    }
  }
  if (auto global = globals_.find(name.name); global != globals_.end()) {
    const GlobalName& found = global->second;
    if (found.kind == "fact" && facts_record_ >= 0) {
      const RecordSchema& facts = program_.schema.records[static_cast<std::size_t>(facts_record_)];
      if (auto field = facts.find(name.name)) {
        reference = Reference{ReferenceKind::fact, *field};
        return record(expr, facts.fields[static_cast<std::size_t>(*field)].type);
      }
    }
    if (found.kind == "parameter" && found.index >= 0) {
      reference = Reference{ReferenceKind::param, found.index};
      return record(expr, program_.params[static_cast<std::size_t>(found.index)].type);
    }
    if (found.kind == "let" && found.index >= 0) {
      reference = Reference{ReferenceKind::slot, found.index};
      return record(expr, global_let_types_[found.index]);
    }
    if (found.kind == "table") {
      diagnostics_.error("E0201", expr.span, fmt::format("'{0}' is a table: look a cell up with {0}[key]", name.name));
      return record(expr, error_type());
    }
    if (found.kind == "let" || found.kind == "parameter") {
      return record(expr, error_type());  // its declaration already failed
    }
    diagnostics_.error("E0201", expr.span, fmt::format("'{}' is a {} name, not a value", name.name, found.kind));
    return record(expr, error_type());
  }
  if (auto members = enum_members_.find(name.name); members != enum_members_.end()) {
    if (members->second.size() > 1) {
      std::vector<std::string> enums;
      for (const auto& [enum_index, member] : members->second)
        enums.push_back(program_.schema.enums[static_cast<std::size_t>(enum_index)].name);
      diagnostics_.error("E0101", expr.span,
                         fmt::format("'{}' is a member of more than one enum ({}), so it is ambiguous here", name.name,
                                     fmt::join(enums, ", ")),
                         hint_notes("give the members different names"));
      return record(expr, error_type());
    }
    auto [enum_index, member] = members->second.front();
    reference = Reference{ReferenceKind::enum_member, enum_index, member};
    return record(expr, Type{TypeKind::enumeration, enum_index, false, false});
  }
  diagnostics_.error("E0101", expr.span, fmt::format("unknown name '{}'", name.name),
                     hint_notes(did_you_mean(name.name, visible_names())));
  return record(expr, error_type());
}

Type ExpressionChecker::type_field(const Expr& expr, const FieldAccess& access) {
  Type object = check(*access.object);
  if (is_error(object)) return record(expr, error_type());
  if (object.kind != TypeKind::record || object.list || object.optional) {
    diagnostics_.error("E0208", access.field.span,
                       fmt::format("'.{}': a {} has no fields", access.field.name, name_of(object)));
    return record(expr, error_type());
  }
  const RecordSchema& schema = program_.schema.records[static_cast<std::size_t>(object.declaration)];
  auto field = schema.find(access.field.name);
  if (!field) {
    std::vector<std::string> names;
    for (const FieldSchema& f : schema.fields) names.push_back(f.name);
    diagnostics_.error("E0103", access.field.span, fmt::format("{} has no field '{}'", schema.name, access.field.name),
                       hint_notes(did_you_mean(access.field.name, names)));
    return record(expr, error_type());
  }
  program_.references[static_cast<std::size_t>(expr.id)] = Reference{ReferenceKind::fact, *field};
  return record(expr, schema.fields[static_cast<std::size_t>(*field)].type);
}

Type ExpressionChecker::type_lookup(const Expr& expr, const TableLookup& lookup) {
  auto global = globals_.find(lookup.table.name);
  for (const ExprPtr& key : lookup.keys) check(*key);
  if (global == globals_.end() || global->second.kind != "table" || global->second.index < 0) {
    std::vector<std::string> tables;
    for (const CheckedTable& table : program_.tables) tables.push_back(table.name);
    diagnostics_.error("E0108", lookup.table.span, fmt::format("unknown table '{}'", lookup.table.name),
                       hint_notes(did_you_mean(lookup.table.name, tables)));
    return record(expr, error_type());
  }
  const CheckedTable& table = program_.tables[static_cast<std::size_t>(global->second.index)];
  program_.table_of_lookup[static_cast<std::size_t>(expr.id)] = global->second.index;
  if (lookup.keys.size() != table.key_enums.size()) {
    diagnostics_.error("E0204", expr.span,
                       fmt::format("table {} takes {} key(s), found {}", table.name, table.key_enums.size(), lookup.keys.size()));
    return record(expr, table.value_type);
  }
  for (std::size_t i = 0; i < lookup.keys.size(); ++i) {
    Type key = program_.type_of(*lookup.keys[i]);
    if (is_error(key)) continue;
    Type expected{TypeKind::enumeration, table.key_enums[i], false, false};
    // An optional key that is none finds no cell: "not covered".
    if (!(key.without_optional() == expected)) {
      diagnostics_.error("E0201", lookup.keys[i]->span,
                         fmt::format("key {} of table {} must be {}, found {}", i + 1, table.name, name_of(expected), name_of(key)));
    }
  }
  return record(expr, table.value_type);
}

Type ExpressionChecker::type_unary(const Expr& expr, const Unary& unary) {
  Type operand = check(*unary.operand);
  if (is_error(operand)) return record(expr, error_type());
  if (unary.op == UnaryOp::logical_not) {
    if (!(operand == boolean())) {
      diagnostics_.error("E0201", unary.operand->span, fmt::format("'not' needs a bool, found {}", name_of(operand)));
    }
    return record(expr, boolean());
  }
  if (!operand.is_numeric() || operand.optional) {
    diagnostics_.error("E0201", unary.operand->span, fmt::format("'-' needs a number or an amount, found {}", name_of(operand)));
    return record(expr, error_type());
  }
  return record(expr, operand);
}

Type ExpressionChecker::type_binary(const Expr& expr, const Binary& binary) {
  Type left = check(*binary.left);
  Type right = check(*binary.right);
  if (binary.op == BinaryOp::logical_and || binary.op == BinaryOp::logical_or) {
    for (const auto* side : {&binary.left, &binary.right}) {
      Type type = program_.type_of(**side);
      if (!is_error(type) && !(type == boolean())) {
        diagnostics_.error("E0201", (*side)->span,
                           fmt::format("'{}' needs bool on both sides, found {}", syntax::binary_operator(binary.op), name_of(type)));
      }
    }
    return record(expr, boolean());
  }
  if (is_error(left) || is_error(right)) return record(expr, binary.op >= BinaryOp::equal ? boolean() : error_type());
  if (binary.op >= BinaryOp::equal) return type_comparison(expr, binary, left, right);
  return type_arithmetic(expr, binary, left, right);
}

// money ± money, money × rate → money, money ÷ money → number, and so on; never money ± rate.
Type ExpressionChecker::type_arithmetic(const Expr& expr, const Binary& binary, Type left, Type right) {
  auto fail = [&](std::string hint) {
    diagnostics_.error("E0202", expr.span,
                       fmt::format("cannot compute {} {} {}", name_of(left), syntax::binary_operator(binary.op), name_of(right)),
                       hint_notes(hint));
    return record(expr, error_type());
  };
  if (!left.is_numeric() || !right.is_numeric() || left.optional || right.optional) {
    return fail(left.optional || right.optional ? "a value that may be none cannot be computed with: test it with 'is set' first" : "");
  }
  if (binary.op == BinaryOp::add || binary.op == BinaryOp::subtract) {
    auto common = unify(*binary.left, left, *binary.right, right);
    if (!common) {
      return fail(left.kind == TypeKind::money || right.kind == TypeKind::money
                      ? "to apply a rate to an amount, multiply: amount * rate"
                      : "");
    }
    return record(expr, *common);
  }
  auto is = [](const Type& t, TypeKind k) { return t.kind == k; };
  auto plain = [&](const Type& t) { return is(t, TypeKind::number) || is(t, TypeKind::integer); };
  if (binary.op == BinaryOp::multiply) {
    if (is(left, TypeKind::money) && is(right, TypeKind::money)) return fail("an amount times an amount has no meaning here");
    if (is(left, TypeKind::money) || is(right, TypeKind::money)) return record(expr, Type::of(TypeKind::money));
    if (is(left, TypeKind::rate) || is(right, TypeKind::rate)) return record(expr, Type::of(TypeKind::rate));
    if (is(left, TypeKind::integer) && is(right, TypeKind::integer)) return record(expr, Type::of(TypeKind::integer));
    return record(expr, Type::of(TypeKind::number));
  }
  // Division: an amount per amount is a plain number; an amount per number is an amount.
  if (is(left, TypeKind::money) && (plain(right) || is(right, TypeKind::rate))) return record(expr, Type::of(TypeKind::money));
  if (left.kind == right.kind || (plain(left) && plain(right))) return record(expr, Type::of(TypeKind::number));
  if (is(left, TypeKind::rate) && plain(right)) return record(expr, Type::of(TypeKind::rate));
  return fail("");
}

Type ExpressionChecker::type_comparison(const Expr& expr, const Binary& binary, Type left, Type right) {
  auto common = unify(*binary.left, left, *binary.right, right);
  if (!common) {
    std::string hint;
    if ((left.kind == TypeKind::money) != (right.kind == TypeKind::money) && left.is_numeric() && right.is_numeric())
      hint = "compare amounts with amounts: write the unit, such as 30万 or 300000元";
    diagnostics_.error("E0203", expr.span,
                       fmt::format("cannot compare {} with {}", name_of(left), name_of(right)), hint_notes(hint));
    return record(expr, boolean());
  }
  bool ordering = binary.op != BinaryOp::equal && binary.op != BinaryOp::not_equal;
  bool ordered = common->is_numeric() || common->kind == TypeKind::date;
  if (ordering && (!ordered || common->optional || common->list)) {
    diagnostics_.error("E0203", expr.span,
                       fmt::format("'{}' orders numbers, amounts and dates, not {}", syntax::binary_operator(binary.op), name_of(*common)),
                       hint_notes(common->optional ? "this value may be none: test it with 'is set' first" : ""));
  }
  if (!ordering && (common->list || common->kind == TypeKind::record)) {
    diagnostics_.error("E0203", expr.span, fmt::format("cannot compare {} values with '{}'", name_of(*common), syntax::binary_operator(binary.op)));
  }
  return record(expr, boolean());
}

void ExpressionChecker::check_bound(const Bound& bound, const Expr& subject, const Type& subject_type) {
  if (!bound.value) return;
  Type type = check(*bound.value);
  if (is_error(type) || is_error(subject_type)) return;
  if (!unify(subject, subject_type, *bound.value, type)) {
    diagnostics_.error("E0201", bound.value->span,
                       fmt::format("a bound of {} must be {}, found {}", "this range", name_of(subject_type), name_of(type)));
  } else if (type.optional) {
    diagnostics_.error("E0201", bound.value->span, fmt::format("a bound must be a value that is set, found {}", name_of(type)),
                       hint_notes("this value may be none: test it with 'is set' first"));
  }
}

Type ExpressionChecker::type_in_interval(const Expr& expr, const InInterval& in) {
  Type value = check(*in.value);
  if (!is_error(value) && !value.is_numeric() && value.kind != TypeKind::date) {
    diagnostics_.error("E0201", in.value->span, fmt::format("'in [a, b]' needs a number, an amount or a date, found {}", name_of(value)));
  } else if (!is_error(value) && value.optional) {
    diagnostics_.error("E0201", in.value->span, fmt::format("'in [a, b]' needs a value that is set, found {}", name_of(value)),
                       hint_notes("this value may be none: test it with 'is set' first"));
  }
  check_bound(in.interval.lower, *in.value, value);
  check_bound(in.interval.upper, *in.value, value);
  return record(expr, boolean());
}

Type ExpressionChecker::type_in_set(const Expr& expr, const InSet& in) {
  Type value = check(*in.value);
  for (const ExprPtr& member : in.members) {
    Type type = check(*member);
    if (is_error(type) || is_error(value)) continue;
    if (!unify(*in.value, value, *member, type)) {
      diagnostics_.error("E0201", member->span, fmt::format("the set's members must be {}, found {}", name_of(value), name_of(type)));
    }
  }
  return record(expr, boolean());
}

Type ExpressionChecker::type_conditional(const Expr& expr, const Conditional& conditional) {
  expect(*conditional.condition, boolean(), "an 'if' condition");
  Type then_type = check(*conditional.then_branch);
  Type else_type = check(*conditional.else_branch);
  auto common = unify(*conditional.then_branch, then_type, *conditional.else_branch, else_type);
  if (!common) {
    diagnostics_.error("E0201", conditional.else_branch->span,
                       fmt::format("both branches of 'if' must have one type: then gives {}, else gives {}",
                                   name_of(then_type), name_of(else_type)));
    return record(expr, error_type());
  }
  return record(expr, *common);
}

Type ExpressionChecker::type_lambda_body(const Expr& lambda_expr, const Type& element) {
  const auto& lambda = std::get<Lambda>(lambda_expr.kind);
  open_scope();
  int slot = bind_local(lambda.parameter, element);
  program_.lambda_slots[static_cast<std::size_t>(lambda_expr.id)] = slot;
  Type body = check(*lambda.body);
  close_scope();
  return record(lambda_expr, body);
}

Type ExpressionChecker::type_call(const Expr& expr, const Call& call) {
  auto builtin = find_builtin(call.function.name);
  if (!builtin) {
    std::vector<std::string> names;
    for (const BuiltinInfo& info : builtins) names.emplace_back(info.name);
    for (const ExprPtr& argument : call.arguments)
      if (!std::holds_alternative<Lambda>(argument->kind)) check(*argument);
    diagnostics_.error("E0104", call.function.span, fmt::format("unknown function '{}'", call.function.name),
                       hint_notes(did_you_mean(call.function.name, names)));
    return record(expr, error_type());
  }
  Reference& reference = program_.references[static_cast<std::size_t>(expr.id)];
  reference = Reference{ReferenceKind::builtin, -1, -1, builtin->builtin};
  auto arity_error = [&] {
    diagnostics_.error("E0204", expr.span, fmt::format("'{}' is called as {}", call.function.name, builtin->signature));
    return record(expr, error_type());
  };
  switch (builtin->builtin) {
    case Builtin::year:
    case Builtin::in_force: {
      if (call.arguments.size() != 1) return arity_error();
      expect(*call.arguments[0], Type::of(TypeKind::date), fmt::format("the argument of {}", call.function.name));
      return record(expr, builtin->builtin == Builtin::year ? Type::of(TypeKind::integer) : boolean());
    }
    case Builtin::abs: {
      if (call.arguments.size() != 1) return arity_error();
      Type type = check(*call.arguments[0]);
      if (!is_error(type) && !type.is_numeric()) return arity_error();
      if (type.optional) {
        diagnostics_.error("E0201", call.arguments[0]->span, fmt::format("'abs' needs a value that is set, found {}", name_of(type)),
                           hint_notes("this value may be none: test it with 'is set' first"));
        return record(expr, error_type());
      }
      return record(expr, type);
    }
    case Builtin::min:
    case Builtin::max:
      if (call.arguments.size() >= 2 && !std::holds_alternative<Lambda>(call.arguments[1]->kind)) {
        Type common = check(*call.arguments[0]);
        const Expr* anchor = call.arguments[0].get();
        for (std::size_t i = 1; i < call.arguments.size(); ++i) {
          Type next = check(*call.arguments[i]);
          auto unified = unify(*anchor, common, *call.arguments[i], next);
          if (unified && unified->optional) {
            const Expr& maybe_none = next.optional ? *call.arguments[i] : *anchor;
            diagnostics_.error("E0201", maybe_none.span,
                               fmt::format("'{}' compares values that are set, found {}", call.function.name,
                                           name_of(next.optional ? next : common)),
                               hint_notes("this value may be none: test it with 'is set' first"));
            return record(expr, error_type());
          }
          if (!unified || (!is_error(*unified) && !unified->is_numeric())) {
            diagnostics_.error("E0202", call.arguments[i]->span,
                               fmt::format("'{}' compares values of one unit: {} and {}", call.function.name,
                                           name_of(common), name_of(next)));
            return record(expr, error_type());
          }
          if (!is_bare_number(*call.arguments[i])) anchor = call.arguments[i].get();
          common = *unified;
        }
        // Adopt the common unit on every bare number among the arguments.
        for (const ExprPtr& argument : call.arguments)
          if (is_bare_number(*argument) && common.is_numeric()) adopt(*argument, common);
        return record(expr, common);
      }
      return type_aggregate(expr, call, builtin->builtin);
    default:
      return type_aggregate(expr, call, builtin->builtin);
  }
}

// sum, count, min, max, any, all, filter over a list, with `x -> ...` per item.
Type ExpressionChecker::type_aggregate(const Expr& expr, const Call& call, Builtin builtin) {
  std::string_view name = call.function.name;
  bool lambda_optional = builtin == Builtin::count || builtin == Builtin::sum;
  bool has_lambda = call.arguments.size() == 2 && std::holds_alternative<Lambda>(call.arguments[1]->kind);
  if (call.arguments.empty() || call.arguments.size() > 2 || (call.arguments.size() == 2 && !has_lambda) ||
      (!has_lambda && !lambda_optional)) {
    diagnostics_.error("E0204", expr.span, fmt::format("'{}' is called as {}", name, find_builtin(name)->signature));
    return record(expr, error_type());
  }
  Type list = check(*call.arguments[0]);
  if (is_error(list)) return record(expr, error_type());
  if (!list.list) {
    diagnostics_.error("E0201", call.arguments[0]->span, fmt::format("'{}' needs a list, found {}", name, name_of(list)));
    return record(expr, error_type());
  }
  Type per_item = has_lambda ? type_lambda_body(*call.arguments[1], list.element()) : list.element();
  if (is_error(per_item)) return record(expr, error_type());
  switch (builtin) {
    case Builtin::count:
      if (has_lambda && !(per_item == boolean())) {
        diagnostics_.error("E0201", call.arguments[1]->span, fmt::format("count's condition must be bool, found {}", name_of(per_item)));
      }
      return record(expr, Type::of(TypeKind::integer));
    case Builtin::any:
    case Builtin::all:
    case Builtin::filter:
      if (!(per_item == boolean())) {
        diagnostics_.error("E0201", call.arguments[1]->span, fmt::format("{}'s condition must be bool, found {}", name, name_of(per_item)));
      }
      return record(expr, builtin == Builtin::filter ? list : boolean());
    default:
      if (!per_item.is_numeric() || per_item.optional) {
        diagnostics_.error("E0201", call.arguments.back()->span,
                           fmt::format("'{}' adds up numbers or amounts, found {}", name, name_of(per_item)));
        return record(expr, error_type());
      }
      return record(expr, per_item);
  }
}

Type ExpressionChecker::type_brackets(const Expr& expr, const Brackets& brackets) {
  Type subject = check(*brackets.subject);
  if (!is_error(subject) && (!subject.is_numeric() || subject.optional)) {
    diagnostics_.error("E0201", brackets.subject->span, fmt::format("brackets apply to a number or an amount, found {}", name_of(subject)));
    subject = error_type();
  }
  std::optional<Type> result;
  const Expr* anchor = nullptr;
  auto add_amount = [&](const Expr& amount) {
    Type type = check(amount);
    if (!result) {
      result = type;
      anchor = &amount;
      return;
    }
    auto common = unify(*anchor, *result, amount, type);
    if (!common) {
      diagnostics_.error("E0201", amount.span,
                         fmt::format("every bracket must give one type: {} here, {} before", name_of(type), name_of(*result)));
      return;
    }
    if (!is_bare_number(amount)) anchor = &amount;
    result = *common;
  };
  for (const Bracket& bracket : brackets.brackets) {
    check_bound(bracket.range.lower, *brackets.subject, subject);
    check_bound(bracket.range.upper, *brackets.subject, subject);
    add_amount(*bracket.amount);
  }
  if (brackets.otherwise) add_amount(*brackets.otherwise);
  if (!result) {
    diagnostics_.error("E0304", expr.span, "brackets need at least one bracket");
    return record(expr, error_type());
  }
  for (const Bracket& bracket : brackets.brackets)
    if (is_bare_number(*bracket.amount) && result->is_numeric()) adopt(*bracket.amount, *result);
  if (brackets.otherwise && is_bare_number(*brackets.otherwise) && result->is_numeric()) adopt(*brackets.otherwise, *result);
  return record(expr, *result);
}

Type ExpressionChecker::type_tiers(const Expr& expr, const Tiers& tiers) {
  Type subject = check(*tiers.subject);
  if (!is_error(subject) && (!subject.is_numeric() || subject.optional)) {
    diagnostics_.error("E0201", tiers.subject->span, fmt::format("tiers apply to a number or an amount, found {}", name_of(subject)));
    return record(expr, error_type());
  }
  for (const Tier& tier : tiers.tiers) {
    check_bound(tier.range.lower, *tiers.subject, subject);
    check_bound(tier.range.upper, *tiers.subject, subject);
    expect(*tier.rate, Type::of(TypeKind::rate), "a tier's rate");
  }
  if (tiers.tiers.empty()) diagnostics_.error("E0304", expr.span, "tiers need at least one tier");
  return record(expr, subject);
}

}  // namespace clause
