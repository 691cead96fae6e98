#include "interpreter/literal_value.hpp"

#include <fmt/format.h>

namespace clause {
namespace {

using namespace syntax;

// The unit a number was written with, as the type it gives a policy's parameter.
Type written_type(const NumberLiteral& literal) {
  switch (literal.unit) {
    case NumberUnit::money: return Type::of(TypeKind::money);
    case NumberUnit::rate: return Type::of(TypeKind::rate);
    case NumberUnit::plain: break;
  }
  return Type::of(literal.value.is_integer() ? TypeKind::integer : TypeKind::number);
}

// How to write a value of the type, for hints.
std::string example_of(const Type& type, const Schema& schema) {
  switch (type.kind) {
    case TypeKind::money: return "an amount such as 8万 or 80000元";
    case TypeKind::rate: return "a rate with '%', such as 30%";
    case TypeKind::integer: return "a whole number such as 3";
    case TypeKind::number: return "a number such as 1.5";
    case TypeKind::boolean: return "true or false";
    case TypeKind::date: return "a date such as 2024-01-01";
    case TypeKind::text: return "a text in double quotes";
    case TypeKind::enumeration: {
      const EnumSchema& members = schema.enums.at(static_cast<std::size_t>(type.declaration));
      return fmt::format("one of {}", fmt::join(members.members, ", "));
    }
    default: return "a literal";
  }
}

class LiteralReader {
 public:
  LiteralReader(const Type& type, const Schema& schema, std::string_view what, Diagnostics& diagnostics)
      : type_(type), schema_(schema), what_(what), diagnostics_(diagnostics) {}

  std::optional<Value> read(const Expr& literal, bool negated = false) {
    if (auto* unary = std::get_if<Unary>(&literal.kind); unary && unary->op == UnaryOp::negate && !negated) {
      return read(*unary->operand, true);
    }
    if (auto* number = std::get_if<NumberLiteral>(&literal.kind)) return read_number(literal, *number, negated);
    if (negated) return mismatch(literal, "a negated value");
    if (std::holds_alternative<NoneLiteral>(literal.kind)) {
      if (type_.optional) return Value(NoneValue{});
      return mismatch(literal, "none");
    }
    if (type_.list) return not_literal(literal);
    if (auto* flag = std::get_if<BoolLiteral>(&literal.kind)) return expect(literal, TypeKind::boolean, Value(flag->value));
    if (auto* date = std::get_if<DateLiteral>(&literal.kind)) return expect(literal, TypeKind::date, Value(date->value));
    if (auto* text = std::get_if<TextLiteral>(&literal.kind)) return expect(literal, TypeKind::text, Value(text->value));
    if (auto* name = std::get_if<NameRef>(&literal.kind)) return read_member(literal, name->name);
    return not_literal(literal);
  }

 private:
  std::optional<Value> read_number(const Expr& literal, const NumberLiteral& number, bool negated) {
    if (!type_.is_numeric()) return mismatch(literal, type_name(written_type(number), schema_));
    bool plain = number.unit == NumberUnit::plain;
    if (type_.kind == TypeKind::rate && plain) {
      return mismatch(literal, fmt::format("the plain number {}", number.value.to_string()));
    }
    Type written = written_type(number);
    bool fits = written.kind == type_.kind || (plain && type_.kind != TypeKind::integer) ||
                (plain && type_.kind == TypeKind::integer && number.value.is_integer());
    if (!fits) return mismatch(literal, type_name(written, schema_));
    return Value(negated ? -number.value : number.value);
  }

  std::optional<Value> read_member(const Expr& literal, const std::string& member) {
    if (type_.kind != TypeKind::enumeration) return not_literal(literal);
    const EnumSchema& members = schema_.enums.at(static_cast<std::size_t>(type_.declaration));
    if (auto index = members.find(member)) return Value(EnumValue{*index});
    diagnostics_.error("E0201", literal.span,
                       fmt::format("{} is {}; '{}' is not one of its members", what_, type_name(type_, schema_), member),
                       {{Span{}, fmt::format("write {}", example_of(type_, schema_))}});
    return std::nullopt;
  }

  std::optional<Value> expect(const Expr& literal, TypeKind kind, Value value) {
    if (type_.kind == kind) return value;
    return mismatch(literal, type_name(Type::of(kind), schema_));
  }

  std::optional<Value> mismatch(const Expr& literal, std::string_view found) {
    diagnostics_.error("E0201", literal.span, fmt::format("{} is {}, found {}", what_, type_name(type_, schema_), found),
                       {{Span{}, fmt::format("write {}", example_of(type_, schema_))}});
    return std::nullopt;
  }

  std::optional<Value> not_literal(const Expr& literal) {
    diagnostics_.error("E0205", literal.span, fmt::format("a value here must be a literal: {} is {}", what_, type_name(type_, schema_)),
                       {{Span{}, fmt::format("write {}", example_of(type_, schema_))}});
    return std::nullopt;
  }

  const Type& type_;
  const Schema& schema_;
  std::string_view what_;
  Diagnostics& diagnostics_;
};

}  // namespace

std::optional<Value> literal_value(const syntax::Expr& literal, const Type& type, const Schema& schema,
                                   std::string_view what, Diagnostics& diagnostics) {
  return LiteralReader(type, schema, what, diagnostics).read(literal);
}

}  // namespace clause
