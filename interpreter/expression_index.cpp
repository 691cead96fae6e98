#include "interpreter/expression_index.hpp"

#include <algorithm>
#include <optional>

#include "dsl/syntax_walk.hpp"
#include "interpreter/value_format.hpp"

namespace clause {
namespace {

using namespace syntax;

// The source of an expression on one line: line breaks and runs of blanks collapsed.
std::string one_line(std::string_view source) {
  std::string text;
  bool blank = false;
  for (char c : source) {
    bool is_blank = c == ' ' || c == '\n' || c == '\r' || c == '\t';
    if (is_blank && !blank && !text.empty()) text += ' ';
    if (!is_blank) text += c;
    blank = is_blank;
  }
  return text;
}

// A lambda's parameter has no one value to show: `p` in `sum(list, p -> p.amount)`.
bool reads_lambda_parameter(const CheckedProgram& program, const Expr& node) {
  if (auto* access = std::get_if<FieldAccess>(&node.kind)) return reads_lambda_parameter(program, *access->object);
  if (!std::holds_alternative<NameRef>(node.kind)) return false;
  const Reference& reference = program.reference_of(node);
  return reference.kind == ReferenceKind::slot &&
         std::find(program.lambda_slots.begin(), program.lambda_slots.end(), reference.index) != program.lambda_slots.end();
}

bool is_input(const CheckedProgram& program, const Expr& node) {
  if (std::holds_alternative<NameRef>(node.kind)) {
    ReferenceKind kind = program.reference_of(node).kind;
    if (kind != ReferenceKind::fact && kind != ReferenceKind::param && kind != ReferenceKind::slot) return false;
  } else if (!std::holds_alternative<FieldAccess>(node.kind)) {
    return false;
  }
  if (reads_lambda_parameter(program, node)) return false;
  const Type& type = program.type_of(node);
  // A list is shown by its items when named (a let or a fact), never a whole record.
  if (type.list) return std::holds_alternative<NameRef>(node.kind);
  return type.kind != TypeKind::record;
}

// The value of an expression that reads nothing: a literal, or an enum member
// by name. `{}` and lists are left out: they are built where they are used.
std::optional<Value> constant_value(const CheckedProgram& program, const Expr& expr) {
  if (auto* number = std::get_if<NumberLiteral>(&expr.kind)) return Value(number->value);
  if (auto* text = std::get_if<TextLiteral>(&expr.kind)) return Value(text->value);
  if (auto* date = std::get_if<DateLiteral>(&expr.kind)) return Value(date->value);
  if (auto* boolean = std::get_if<BoolLiteral>(&expr.kind)) return Value(boolean->value);
  if (std::holds_alternative<NoneLiteral>(expr.kind)) return Value(NoneValue{});
  if (std::holds_alternative<NameRef>(expr.kind) && program.reference_of(expr).kind == ReferenceKind::enum_member) {
    return Value(EnumValue{program.reference_of(expr).member});
  }
  return std::nullopt;
}

// The name at the root of a chain of field accesses, and the fields, outermost first.
PlacePath place_path(const CheckedProgram& program, const Expr& expr, std::vector<int>& fields) {
  std::vector<int> chain;  // innermost first
  const Expr* node = &expr;
  while (auto* access = std::get_if<FieldAccess>(&node->kind)) {
    chain.push_back(program.reference_of(*node).index);
    node = access->object.get();
  }
  PlacePath path;
  if (!std::holds_alternative<NameRef>(node->kind)) return path;
  const Reference& reference = program.reference_of(*node);
  switch (reference.kind) {
    case ReferenceKind::fact: path.root = PlaceRoot::fact; break;
    case ReferenceKind::param: path.root = PlaceRoot::param; break;
    case ReferenceKind::slot: path.root = PlaceRoot::slot; break;
    default: return path;
  }
  path.index = reference.index;
  path.first_field = static_cast<int>(fields.size());
  path.field_count = static_cast<int>(chain.size());
  fields.insert(fields.end(), chain.rbegin(), chain.rend());
  return path;
}

bool is_number(const CheckedProgram& program, const Expr& side) {
  const Type& type = program.type_of(side);
  return type.is_numeric() && !type.optional;
}

Shape shape_of(const CheckedProgram& program, const Expr& expr, const PlacePath& place) {
  if (place.root != PlaceRoot::computed) return Shape::place;
  if (auto* binary = std::get_if<Binary>(&expr.kind)) {
    switch (binary->op) {
      case BinaryOp::logical_and: return Shape::logical_and;
      case BinaryOp::logical_or: return Shape::logical_or;
      case BinaryOp::add: return Shape::add;
      case BinaryOp::subtract: return Shape::subtract;
      case BinaryOp::multiply: return Shape::multiply;
      case BinaryOp::divide: return Shape::general;
      default:
        return is_number(program, *binary->left) && is_number(program, *binary->right) ? Shape::numeric_comparison
                                                                                       : Shape::value_comparison;
    }
  }
  if (auto* unary = std::get_if<Unary>(&expr.kind)) {
    return unary->op == UnaryOp::logical_not ? Shape::logical_not : Shape::general;
  }
  if (std::holds_alternative<Lambda>(expr.kind)) return Shape::lambda;
  if (std::holds_alternative<Call>(expr.kind)) {
    switch (program.reference_of(expr).builtin) {
      case Builtin::in_force: return Shape::in_force;
      case Builtin::year: return Shape::year;
      case Builtin::filter: return Shape::filter;
      default: return Shape::general;
    }
  }
  return Shape::general;
}

// The members `member` stands for, when it is a named member (a constant enum value) below 64.
std::optional<std::uint64_t> member_bit(const Expr& member, const std::vector<PlacePath>& places,
                                        const std::vector<Value>& constants) {
  const auto id = static_cast<std::size_t>(member.id);
  if (places[id].root != PlaceRoot::constant) return std::nullopt;
  const auto* value = std::get_if<EnumValue>(&constants[id].data);
  if (value == nullptr || value->member < 0 || value->member >= 64) return std::nullopt;
  return std::uint64_t{1} << value->member;
}

// `expr` as a test of an enum read in place against named members, when it is one:
// `read == member`, `member == read`, `read != member` (negated), `read in {members}`.
std::optional<MemberTest> member_test_of(const Expr& expr, bool& negated, const std::vector<PlacePath>& places,
                                         const std::vector<Value>& constants) {
  auto is_read_in_place = [&](const Expr& side) {
    const PlaceRoot root = places[static_cast<std::size_t>(side.id)].root;
    return root != PlaceRoot::computed && root != PlaceRoot::constant;
  };
  if (auto* binary = std::get_if<Binary>(&expr.kind)) {
    if (binary->op != BinaryOp::equal && binary->op != BinaryOp::not_equal) return std::nullopt;
    negated = binary->op == BinaryOp::not_equal;
    const std::pair<const Expr*, const Expr*> either_way[] = {{binary->left.get(), binary->right.get()},
                                                              {binary->right.get(), binary->left.get()}};
    for (auto [read, member] : either_way) {
      if (!is_read_in_place(*read)) continue;
      if (std::optional<std::uint64_t> bit = member_bit(*member, places, constants)) return MemberTest{read, *bit};
    }
    return std::nullopt;
  }
  if (auto* in_set = std::get_if<InSet>(&expr.kind)) {
    if (!is_read_in_place(*in_set->value)) return std::nullopt;
    negated = false;
    MemberTest test{in_set->value.get(), 0};
    for (const ExprPtr& member : in_set->members) {
      std::optional<std::uint64_t> bit = member_bit(*member, places, constants);
      if (!bit) return std::nullopt;
      test.members |= *bit;
    }
    return test;
  }
  return std::nullopt;
}

// The tests `expr` joins by `joined_by` (and, or), flattened in the order they are taken.
void flatten_tests(const Expr& expr, Shape joined_by, const std::vector<Shape>& shapes, std::vector<const Expr*>& out) {
  if (shapes[static_cast<std::size_t>(expr.id)] == joined_by) {
    const Binary& both = std::get<Binary>(expr.kind);
    flatten_tests(*both.left, joined_by, shapes, out);
    flatten_tests(*both.right, joined_by, shapes, out);
  } else {
    out.push_back(&expr);
  }
}

SideKind side_kind(const Expr& side, const std::vector<Shape>& shapes, const Expr*& read) {
  read = &side;
  const Shape shape = shapes[static_cast<std::size_t>(side.id)];
  if (shape == Shape::place) return SideKind::place;
  if (shape == Shape::year) {
    const Expr& date = *std::get<Call>(side.kind).arguments[0];
    if (shapes[static_cast<std::size_t>(date.id)] == Shape::place) {
      read = &date;
      return SideKind::year_of_place;
    }
  }
  return SideKind::other;
}

// The slot and field of `read` when it is a field of a slot's record (ChainedTest::slot).
void item_field_of(const Expr& read, const std::vector<PlacePath>& places, const std::vector<int>& place_fields,
                   int& slot, int& field) {
  const PlacePath& path = places[static_cast<std::size_t>(read.id)];
  if (path.root != PlaceRoot::slot || path.field_count != 1) return;
  slot = path.index;
  field = place_fields[static_cast<std::size_t>(path.first_field)];
}

ChainedTest chained_test(const Expr& test, const ExpressionIndex& index) {
  const std::vector<Shape>& shapes = index.shapes;
  ChainedTest chained;
  chained.expr = &test;
  switch (shapes[static_cast<std::size_t>(test.id)]) {
    case Shape::place: chained.kind = TestKind::place; break;
    case Shape::member_test:
    case Shape::member_test_negated: {
      const MemberTest& member_test = index.member_tests[static_cast<std::size_t>(test.id)];
      chained.kind = shapes[static_cast<std::size_t>(test.id)] == Shape::member_test ? TestKind::member_test
                                                                                      : TestKind::member_test_negated;
      chained.expr = member_test.read;
      chained.members = member_test.members;
      break;
    }
    case Shape::in_force: {
      const Expr& date = *std::get<Call>(test.kind).arguments[0];
      if (shapes[static_cast<std::size_t>(date.id)] == Shape::place) {
        chained.kind = TestKind::in_force;
        chained.expr = &date;
      }
      break;
    }
    case Shape::numeric_comparison: {
      const Binary& comparison = std::get<Binary>(test.kind);
      chained.kind = TestKind::numeric_comparison;
      chained.op = comparison.op;
      chained.left_side = side_kind(*comparison.left, shapes, chained.expr);
      chained.right_side = side_kind(*comparison.right, shapes, chained.right);
      if (chained.right_side != SideKind::other) {
        item_field_of(*chained.right, index.places, index.place_fields, chained.right_slot, chained.right_field);
      }
      if (chained.left_side == SideKind::other) return chained;
      break;
    }
    default: return chained;
  }
  item_field_of(*chained.expr, index.places, index.place_fields, chained.slot, chained.field);
  return chained;
}

}  // namespace

ExpressionIndex::ExpressionIndex(const CheckedProgram& program, const std::vector<Value>& parameter_values) {
  std::size_t count = static_cast<std::size_t>(program.syntax.expression_count);
  texts.resize(count);
  inputs.resize(count);
  constants.resize(count);
  places.resize(count);
  walk_program(program.syntax, [&](const Expr& expr) {
    std::size_t id = static_cast<std::size_t>(expr.id);
    texts[id] = one_line(program.source->slice(expr.span));
    if (std::optional<Value> constant = constant_value(program, expr)) {
      constants[id] = std::move(*constant);
      places[id].root = PlaceRoot::constant;
    } else {
      places[id] = place_path(program, expr, place_fields);
    }
    std::vector<std::string> seen;
    walk_expression(expr, [&](const Expr& node) {
      if (!is_input(program, node)) return;
      std::string name = one_line(program.source->slice(node.span));
      if (std::find(seen.begin(), seen.end(), name) != seen.end()) return;
      seen.push_back(name);
      inputs[id].push_back(&node);
    });
  });
  // A bound known before any facts: a literal, or a parameter read whole.
  auto known_bound = [&](const Expr& bound) -> const Value* {
    const PlacePath& path = places[static_cast<std::size_t>(bound.id)];
    if (path.root == PlaceRoot::constant) return &constants[static_cast<std::size_t>(bound.id)];
    if (path.root == PlaceRoot::param && path.field_count == 0) return &parameter_values[static_cast<std::size_t>(path.index)];
    return nullptr;
  };
  auto range_text = [&](const Interval& range) {
    for (const Bound* bound : {&range.lower, &range.upper}) {
      if (bound->value && !known_bound(*bound->value)) return std::string();
    }
    return interval_text(range, [&](const Expr& bound) {
      return format_value(*known_bound(bound), program.type_of(bound), program.schema);
    });
  };
  range_texts.resize(count);
  shapes.resize(count, Shape::general);
  member_tests.resize(count);
  walk_program(program.syntax, [&](const Expr& expr) {
    const auto id = static_cast<std::size_t>(expr.id);
    shapes[id] = shape_of(program, expr, places[id]);
    bool negated = false;
    if (shapes[id] != Shape::place) {
      if (std::optional<MemberTest> test = member_test_of(expr, negated, places, constants)) {
        member_tests[id] = *test;
        shapes[id] = negated ? Shape::member_test_negated : Shape::member_test;
      }
    }
    std::vector<std::string>& ranges = range_texts[static_cast<std::size_t>(expr.id)];
    if (auto* brackets = std::get_if<Brackets>(&expr.kind)) {
      for (const Bracket& bracket : brackets->brackets) ranges.push_back(range_text(bracket.range));
    } else if (auto* tiers = std::get_if<Tiers>(&expr.kind)) {
      for (const Tier& tier : tiers->tiers) ranges.push_back(range_text(tier.range));
    }
  });
  add_test_chains(program);
  first_year = program.policy.valid_from.year();
  last_year = program.policy.valid_to.year();
  for (const CheckedMeasure& measure : program.measures) {
    const std::optional<ForEach>& loop = measure.declaration->for_each;
    item_screens.push_back(item_screen_of(measure));
    if (!loop) {
      item_lists.emplace_back();
      continue;
    }
    item_lists.push_back(texts[static_cast<std::size_t>(loop->list->id)] +
                         (loop->where ? " where " + texts[static_cast<std::size_t>(loop->where->id)] : ""));
  }
}

ItemScreen ExpressionIndex::item_screen_of(const CheckedMeasure& measure) {
  const std::optional<ForEach>& loop = measure.declaration->for_each;
  ItemScreen screen;
  if (!loop) return screen;
  screen.path = screen_path_of(*loop, measure.item_slot);
  if (screen.path < 0) return screen;
  screen.members = member_tests[static_cast<std::size_t>(loop->where->id)].members;
  screen.decides = places[static_cast<std::size_t>(loop->list->id)].root != PlaceRoot::computed &&
                   measure.lets.empty() && measure.declaration->conditions.empty();
  return screen;
}

int ExpressionIndex::screen_path_of(const ForEach& loop, int item_slot) {
  if (!loop.where || shapes[static_cast<std::size_t>(loop.where->id)] != Shape::member_test) return -1;
  const Expr& read_expr = *member_tests[static_cast<std::size_t>(loop.where->id)].read;
  const PlacePath& read = places[static_cast<std::size_t>(read_expr.id)];
  if (read.root != PlaceRoot::slot || read.index != item_slot || read.field_count == 0) return -1;
  std::vector<int> path(place_fields.begin() + read.first_field,
                        place_fields.begin() + read.first_field + read.field_count);
  auto same = std::find(screen_paths.begin(), screen_paths.end(), path);
  if (same != screen_paths.end()) return static_cast<int>(same - screen_paths.begin());
  screen_paths.push_back(std::move(path));
  return static_cast<int>(screen_paths.size()) - 1;
}

void ExpressionIndex::add_test_chains(const CheckedProgram& program) {
  test_chain_of.resize(shapes.size(), -1);
  std::vector<const Expr*> lambdas;
  // Every `and` and `or`, a part of a longer chain included: it may be asked alone (a `when` of its own).
  walk_program(program.syntax, [&](const Expr& expr) {
    const auto id = static_cast<std::size_t>(expr.id);
    if (std::holds_alternative<Lambda>(expr.kind)) lambdas.push_back(&expr);
    if (shapes[id] != Shape::logical_and && shapes[id] != Shape::logical_or) return;
    std::vector<const Expr*> tests;
    flatten_tests(expr, shapes[id], shapes, tests);
    TestChain chain;
    chain.any = shapes[id] == Shape::logical_or;
    for (const Expr* test : tests) chain.tests.push_back(chained_test(*test, *this));
    test_chain_of[id] = static_cast<int>(test_chains.size());
    test_chains.push_back(std::move(chain));
  });
  for (const Expr* lambda : lambdas) {
    const auto body = static_cast<std::size_t>(std::get<Lambda>(lambda->kind).body->id);
    if (test_chain_of[body] < 0) continue;
    test_chain_of[static_cast<std::size_t>(lambda->id)] = test_chain_of[body];
  }
  for (std::size_t id = 0; id < shapes.size(); ++id) {
    if (test_chain_of[id] >= 0) shapes[id] = Shape::test_chain;
  }
}

}  // namespace clause
