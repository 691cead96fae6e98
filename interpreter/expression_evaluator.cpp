#include "interpreter/expression_evaluator.hpp"

#include <algorithm>
#include <array>
#include <fmt/format.h>

#include "interpreter/value_format.hpp"

namespace clause {

using namespace syntax;

namespace {

Decimal zero() { return Decimal::from_integer(0); }

// Whether `left op right` holds, given how left and right compare.
bool holds_order(std::strong_ordering order, BinaryOp op) {
  switch (op) {
    case BinaryOp::equal: return order == 0;
    case BinaryOp::not_equal: return order != 0;
    case BinaryOp::less: return order < 0;
    case BinaryOp::less_equal: return order <= 0;
    case BinaryOp::greater: return order > 0;
    default: return order >= 0;
  }
}

int compare(const Value& a, const Value& b) {
  if (auto* x = std::get_if<Decimal>(&a.data)) {
    auto order = *x <=> b.as_decimal();
    return order < 0 ? -1 : order > 0 ? 1 : 0;
  }
  if (auto* x = std::get_if<Date>(&a.data)) {
    auto order = *x <=> b.as_date();
    return order < 0 ? -1 : order > 0 ? 1 : 0;
  }
  return values_equal(a, b) ? 0 : 1;
}

}  // namespace

bool values_equal_in_general(const Value& a, const Value& b) {
  if (a.data.index() != b.data.index()) return false;
  return std::visit(
      [&](const auto& x) -> bool {
        using Alternative = std::decay_t<decltype(x)>;
        if constexpr (std::is_same_v<Alternative, std::shared_ptr<const RecordValue>> ||
                      std::is_same_v<Alternative, std::shared_ptr<const ListValue>>) {
          return false;  // records and lists are never compared as wholes
        } else {
          return x == *std::get_if<Alternative>(&b.data);
        }
      },
      a.data);
}

ExpressionEvaluator::ExpressionEvaluator(const CheckedProgram& program, const ExpressionIndex& index,
                                         const std::vector<Value>& parameter_values, const RecordValue& facts,
                                         Slots& slots)
    : program_(program), index_(index), parameter_values_(parameter_values), facts_(facts), slots_(slots) {
  // Between evaluations every slot's place is its own value, as ItemBinding
  // leaves it: only storage of another size is laid out anew.
  const auto count = static_cast<std::size_t>(program.slot_count);
  if (slots_.values.size() != count || slots_.places.size() != count) {
    slots_.values.resize(count);
    slots_.places.resize(count);
    for (std::size_t i = 0; i < count; ++i) slots_.places[i] = &slots_.values[i];
  }
}

ExpressionEvaluator::~ExpressionEvaluator() {
  // Let go of everything that points into the facts, so the facts reader finds
  // the record's storage held by nothing else and reads the next record into it.
  for (int slot : slots_.bound) slots_.values[static_cast<std::size_t>(slot)] = Value();
  slots_.bound.clear();
  for (int slot : slots_.filled_lists) slots_.own_lists[static_cast<std::size_t>(slot)]->items.clear();
  slots_.filled_lists.clear();
  for (std::shared_ptr<ListValue>& list : slots_.built_lists) {
    if (list.use_count() != 1) continue;  // still held elsewhere: left to its holders
    list->items.clear();
    slots_.spare_lists.push_back(std::move(list));
  }
  slots_.built_lists.clear();
}

void ExpressionEvaluator::fail(const Expr& expr, std::string_view what) {
  throw EvaluationFailure{EvaluationError{fmt::format("{} in `{}`", what, text_of(expr)), expr.span}};
}

void ExpressionEvaluator::append_inputs_of(const Expr& expr, std::string& out) {
  const std::vector<const Expr*>& inputs = index_.inputs[static_cast<std::size_t>(expr.id)];
  // Room for every name and a value of usual length, so a text not yet grown
  // by an earlier record is allocated once rather than again at each doubling.
  std::size_t expected = 0;
  for (const Expr* input : inputs) expected += text_of(*input).size() + 24;
  out.reserve(out.size() + expected);
  const std::size_t start = out.size();
  for (const Expr* input : inputs) {
    // A variable bound only inside a lambda has no single value to show.
    if (std::holds_alternative<FieldAccess>(input->kind) || program_.reference_of(*input).kind == ReferenceKind::slot) {
      if (!has_value(*input)) continue;
    }
    if (out.size() != start) out += ", ";
    out += text_of(*input);
    out += " = ";
    std::optional<Value> computed;
    append_value(operand(*input, computed), program_.type_of(*input), program_.schema, out);
  }
}

bool ExpressionEvaluator::has_value(const Expr& expr) const {
  if (auto* access = std::get_if<FieldAccess>(&expr.kind)) return has_value(*access->object);
  if (std::holds_alternative<NameRef>(expr.kind) && program_.reference_of(expr).kind == ReferenceKind::slot) {
    return !slot_value(program_.reference_of(expr).index).is_none() || program_.type_of(expr).optional;
  }
  return true;
}

Value ExpressionEvaluator::evaluate(const Expr& expr) {
  return std::visit(
      [&](const auto& node) -> Value {
        using Node = std::decay_t<decltype(node)>;
        if constexpr (std::is_same_v<Node, NumberLiteral>) {
          return node.value;
        } else if constexpr (std::is_same_v<Node, TextLiteral>) {
          return node.value;
        } else if constexpr (std::is_same_v<Node, DateLiteral>) {
          return node.value;
        } else if constexpr (std::is_same_v<Node, BoolLiteral>) {
          return node.value;
        } else if constexpr (std::is_same_v<Node, NoneLiteral>) {
          return NoneValue{};
        } else if constexpr (std::is_same_v<Node, ListLiteral>) {
          auto list = std::make_shared<ListValue>();
          for (const ExprPtr& item : node.items) list->items.push_back(evaluate(*item));
          return std::shared_ptr<const ListValue>(std::move(list));
        } else if constexpr (std::is_same_v<Node, DefaultRecord>) {
          return NoneValue{};
        } else if constexpr (std::is_same_v<Node, NameRef>) {
          return evaluate_name(expr);
        } else if constexpr (std::is_same_v<Node, FieldAccess>) {
          std::optional<Value> computed;
          const Value& object = operand(*node.object, computed);
          return object.as_record().fields[static_cast<std::size_t>(program_.reference_of(expr).index)];
        } else if constexpr (std::is_same_v<Node, TableLookup>) {
          const Value* cell = lookup(expr, node);
          return cell ? *cell : Value(zero());
        } else if constexpr (std::is_same_v<Node, Unary>) {
          if (node.op == UnaryOp::logical_not) return !condition(*node.operand);
          return -number(*node.operand);
        } else if constexpr (std::is_same_v<Node, Binary>) {
          return evaluate_binary(expr, node);
        } else if constexpr (std::is_same_v<Node, Call>) {
          return evaluate_call(expr, node);
        } else if constexpr (std::is_same_v<Node, Conditional>) {
          return condition(*node.condition) ? evaluate(*node.then_branch) : evaluate(*node.else_branch);
        } else if constexpr (std::is_same_v<Node, Lambda>) {
          return evaluate(*node.body);
        } else if constexpr (std::is_same_v<Node, Brackets>) {
          return evaluate_brackets(expr, node);
        } else if constexpr (std::is_same_v<Node, Tiers>) {
          return evaluate_tiers(expr, node);
        } else {
          return condition(expr);  // is set, in an interval, in a set
        }
      },
      expr.kind);
}

bool ExpressionEvaluator::condition_by_shape(const Expr& expr) {
  switch (index_.shapes[static_cast<std::size_t>(expr.id)]) {
    case Shape::logical_and: {
      const Binary& both = std::get<Binary>(expr.kind);
      return condition(*both.left) && condition(*both.right);
    }
    case Shape::logical_or: {
      const Binary& either = std::get<Binary>(expr.kind);
      return condition(*either.left) || condition(*either.right);
    }
    case Shape::logical_not: return !condition(*std::get<Unary>(expr.kind).operand);
    case Shape::numeric_comparison: return numeric_comparison(std::get<Binary>(expr.kind));
    case Shape::value_comparison: return value_comparison(std::get<Binary>(expr.kind));
    case Shape::member_test_negated: return !holds_member(expr);
    case Shape::in_force: return in_force(*std::get<Call>(expr.kind).arguments[0]);
    case Shape::lambda: return condition(*std::get<Lambda>(expr.kind).body);
    case Shape::test_chain: return holds_chain(expr);
    default: return condition_in_general(expr);
  }
}

// Inline in holds_chain, its one caller: a call per test (a filter asks three of
// every item) costs more than most tests.
[[gnu::always_inline]] inline bool ExpressionEvaluator::holds(const ChainedTest& test) {
  switch (test.kind) {
    case TestKind::place: return chained_read(*test.expr, test.slot, test.field).as_bool();
    case TestKind::member_test: return is_member(chained_read(*test.expr, test.slot, test.field), test.members);
    case TestKind::member_test_negated:
      return !is_member(chained_read(*test.expr, test.slot, test.field), test.members);
    case TestKind::in_force: return in_force(chained_read(*test.expr, test.slot, test.field).as_date());
    case TestKind::numeric_comparison: {
      const Decimal left = side_number(test.left_side, *test.expr, test.slot, test.field);
      const Decimal right = side_number(test.right_side, *test.right, test.right_slot, test.right_field);
      return holds_order(left <=> right, test.op);
    }
    default: return condition(*test.expr);
  }
}

bool ExpressionEvaluator::holds_chain(const Expr& expr) {
  const int at = index_.test_chain_of[static_cast<std::size_t>(expr.id)];
  const TestChain& chain = index_.test_chains[static_cast<std::size_t>(at)];
  for (const ChainedTest& test : chain.tests) {
    if (holds(test) == chain.any) return chain.any;
  }
  return !chain.any;
}

bool ExpressionEvaluator::condition_in_general(const Expr& expr) {
  return std::visit(
      [&](const auto& node) -> bool {
        using Node = std::decay_t<decltype(node)>;
        if constexpr (std::is_same_v<Node, BoolLiteral>) {
          return node.value;
        } else if constexpr (std::is_same_v<Node, Unary>) {
          return !condition(*node.operand);  // `not`: the only unary operator on booleans
        } else if constexpr (std::is_same_v<Node, Binary>) {
          if (node.op == BinaryOp::logical_and) return condition(*node.left) && condition(*node.right);
          if (node.op == BinaryOp::logical_or) return condition(*node.left) || condition(*node.right);
          return comparison(expr, node);
        } else if constexpr (std::is_same_v<Node, IsSet>) {
          return with_value(*node.operand, [&](const Value& value) { return value.is_none() != node.set; });
        } else if constexpr (std::is_same_v<Node, InInterval>) {
          return with_value(*node.value, [&](const Value& value) { return in_interval(value, node.interval); });
        } else if constexpr (std::is_same_v<Node, InSet>) {
          return is_in_set(node);
        } else if constexpr (std::is_same_v<Node, Conditional>) {
          return condition(*node.condition) ? condition(*node.then_branch) : condition(*node.else_branch);
        } else if constexpr (std::is_same_v<Node, Lambda>) {
          return condition(*node.body);
        } else if constexpr (std::is_same_v<Node, Call>) {
          return condition_call(expr, node);
        } else {
          return with_value(expr, [](const Value& value) { return value.as_bool(); });
        }
      },
      expr.kind);
}

Decimal ExpressionEvaluator::number_by_shape(const Expr& expr) {
  switch (index_.shapes[static_cast<std::size_t>(expr.id)]) {
    case Shape::add:
    case Shape::subtract:
    case Shape::multiply: return arithmetic(expr, std::get<Binary>(expr.kind));
    case Shape::year: return Decimal::from_integer(date(*std::get<Call>(expr.kind).arguments[0]).year());
    case Shape::lambda: return number(*std::get<Lambda>(expr.kind).body);
    default: return number_in_general(expr);
  }
}

Decimal ExpressionEvaluator::number_in_general(const Expr& expr) {
  return std::visit(
      [&](const auto& node) -> Decimal {
        using Node = std::decay_t<decltype(node)>;
        if constexpr (std::is_same_v<Node, NumberLiteral>) {
          return node.value;
        } else if constexpr (std::is_same_v<Node, Unary>) {
          return -number(*node.operand);  // negation: the only unary operator on numbers
        } else if constexpr (std::is_same_v<Node, Binary>) {
          return arithmetic(expr, node);
        } else if constexpr (std::is_same_v<Node, TableLookup>) {
          const Value* cell = lookup(expr, node);
          return cell ? cell->as_decimal() : zero();
        } else if constexpr (std::is_same_v<Node, Conditional>) {
          return condition(*node.condition) ? number(*node.then_branch) : number(*node.else_branch);
        } else if constexpr (std::is_same_v<Node, Lambda>) {
          return number(*node.body);
        } else if constexpr (std::is_same_v<Node, Call>) {
          return number_call(expr, node);
        } else if constexpr (std::is_same_v<Node, Brackets>) {
          return evaluate_brackets(expr, node);
        } else if constexpr (std::is_same_v<Node, Tiers>) {
          return evaluate_tiers(expr, node);
        } else {
          return with_value(expr, [](const Value& value) { return value.as_decimal(); });
        }
      },
      expr.kind);
}

Value ExpressionEvaluator::evaluate_name(const Expr& expr) {
  const Reference& reference = program_.reference_of(expr);
  switch (reference.kind) {
    case ReferenceKind::fact: return facts_.fields[static_cast<std::size_t>(reference.index)];
    case ReferenceKind::param: return parameter_values_[static_cast<std::size_t>(reference.index)];
    case ReferenceKind::slot: return slot_value(reference.index);
    case ReferenceKind::enum_member: return EnumValue{reference.member};
    default: fail(expr, "internal error: unresolved name");
  }
}

Value ExpressionEvaluator::evaluate_binary(const Expr& expr, const Binary& binary) {
  switch (binary.op) {
    case BinaryOp::add:
    case BinaryOp::subtract:
    case BinaryOp::multiply:
    case BinaryOp::divide: return arithmetic(expr, binary);
    default: return condition(expr);
  }
}

Decimal ExpressionEvaluator::arithmetic(const Expr& expr, const Binary& binary) {
  Decimal a = number(*binary.left);
  Decimal b = number(*binary.right);
  try {
    switch (binary.op) {
      case BinaryOp::add: return a + b;
      case BinaryOp::subtract: return a - b;
      case BinaryOp::multiply: return a * b;
      default:
        if (b.is_zero()) fail(expr, "division by zero");
        return Decimal::divide(a, b);
    }
  } catch (const DecimalOverflow& overflow) {
    fail(expr, fmt::format("overflow: {}", overflow.what()));
  }
}

bool ExpressionEvaluator::comparison(const Expr& expr, const Binary& binary) {
  return index_.shapes[static_cast<std::size_t>(expr.id)] == Shape::numeric_comparison ? numeric_comparison(binary)
                                                                                       : value_comparison(binary);
}

// Two numbers, neither of which may be none: compared as Decimals, no Value built.
bool ExpressionEvaluator::numeric_comparison(const Binary& binary) {
  return holds_order(number(*binary.left) <=> number(*binary.right), binary.op);
}

bool ExpressionEvaluator::value_comparison(const Binary& binary) {
  return with_value(*binary.left, [&](const Value& left) {
    return with_value(*binary.right, [&](const Value& right) {
      switch (binary.op) {
        case BinaryOp::equal: return values_equal(left, right);
        case BinaryOp::not_equal: return !values_equal(left, right);
        case BinaryOp::less: return compare(left, right) < 0;
        case BinaryOp::less_equal: return compare(left, right) <= 0;
        case BinaryOp::greater: return compare(left, right) > 0;
        default: return compare(left, right) >= 0;
      }
    });
  });
}

bool ExpressionEvaluator::is_in_set(const InSet& in_set) {
  return with_value(*in_set.value, [&](const Value& value) {
    for (const ExprPtr& member : in_set.members) {
      if (with_value(*member, [&](const Value& candidate) { return values_equal(value, candidate); })) return true;
    }
    return false;
  });
}

Date ExpressionEvaluator::date(const Expr& expr) {
  return with_value(expr, [](const Value& value) { return value.as_date(); });
}

bool ExpressionEvaluator::in_force(const Expr& date_expr) { return in_force(date(date_expr)); }

Value ExpressionEvaluator::evaluate_call(const Expr& expr, const Call& call) {
  switch (program_.reference_of(expr).builtin) {
    case Builtin::any:
    case Builtin::all:
    case Builtin::in_force: return condition_call(expr, call);
    case Builtin::filter: return filter(expr, call);
    default: return number_call(expr, call);
  }
}

bool ExpressionEvaluator::condition_call(const Expr& expr, const Call& call) {
  Builtin builtin = program_.reference_of(expr).builtin;
  if (builtin == Builtin::in_force) return in_force(*call.arguments[0]);
  if (builtin == Builtin::any || builtin == Builtin::all) return aggregate_condition(expr, call, builtin);
  return evaluate_call(expr, call).as_bool();
}

Decimal ExpressionEvaluator::number_call(const Expr& expr, const Call& call) {
  Builtin builtin = program_.reference_of(expr).builtin;
  switch (builtin) {
    case Builtin::year: return Decimal::from_integer(date(*call.arguments[0]).year());
    case Builtin::abs: {
      Decimal value = number(*call.arguments[0]);
      return value.is_negative() ? -value : value;
    }
    case Builtin::min:
    case Builtin::max:
      if (call.arguments.size() >= 2 && !std::holds_alternative<Lambda>(call.arguments[1]->kind)) {
        Decimal best = number(*call.arguments[0]);
        for (std::size_t i = 1; i < call.arguments.size(); ++i) {
          Decimal next = number(*call.arguments[i]);
          best = builtin == Builtin::min ? min(best, next) : max(best, next);
        }
        return best;
      }
      return aggregate_number(expr, call, builtin);
    case Builtin::sum:
    case Builtin::count: return aggregate_number(expr, call, builtin);
    default: return evaluate_call(expr, call).as_decimal();
  }
}

Decimal ExpressionEvaluator::aggregate_number(const Expr& expr, const Call& call, Builtin builtin) {
  std::optional<Value> computed_list;
  const std::vector<Value>& items = operand(*call.arguments[0], computed_list).as_list().items;
  const Expr* lambda = call.arguments.size() == 2 ? call.arguments[1].get() : nullptr;
  ItemBinding binding(*this, lambda ? program_.lambda_slots[static_cast<std::size_t>(lambda->id)] : -1);
  auto item_number = [&](const Value& item) {
    if (!lambda) return item.as_decimal();
    binding.bind(item);
    return number(*lambda);
  };
  try {
    switch (builtin) {
      case Builtin::sum: {
        Decimal total = zero();
        for (const Value& item : items) total += item_number(item);
        return total;
      }
      case Builtin::count: {
        if (!lambda) return Decimal::from_integer(static_cast<std::int64_t>(items.size()));
        std::int64_t count = 0;
        for (const Value& item : items) {
          binding.bind(item);
          count += condition(*lambda) ? 1 : 0;
        }
        return Decimal::from_integer(count);
      }
      default: {
        // min/max over an empty list is 0: nothing to count is nothing to pay.
        std::optional<Decimal> best;
        for (const Value& item : items) {
          Decimal value = item_number(item);
          if (!best) best = value;
          else best = builtin == Builtin::min ? min(*best, value) : max(*best, value);
        }
        return best.value_or(zero());
      }
    }
  } catch (const DecimalOverflow& overflow) {
    fail(expr, fmt::format("overflow: {}", overflow.what()));
  }
}

bool ExpressionEvaluator::aggregate_condition(const Expr& expr, const Call& call, Builtin builtin) {
  std::optional<Value> computed_list;
  const std::vector<Value>& items = operand(*call.arguments[0], computed_list).as_list().items;
  const Expr& lambda = *call.arguments[1];
  ItemBinding binding(*this, program_.lambda_slots[static_cast<std::size_t>(lambda.id)]);
  try {
    for (const Value& item : items) {
      binding.bind(item);
      if (condition(lambda) != (builtin == Builtin::all)) return builtin != Builtin::all;
    }
    return builtin == Builtin::all;
  } catch (const DecimalOverflow& overflow) {
    fail(expr, fmt::format("overflow: {}", overflow.what()));
  }
}

Value ExpressionEvaluator::filter(const Expr& expr, const Call& call) {
  std::shared_ptr<ListValue> kept;
  if (slots_.spare_lists.empty()) {
    kept = std::make_shared<ListValue>();
  } else {
    kept = std::move(slots_.spare_lists.back());
    slots_.spare_lists.pop_back();
  }
  slots_.built_lists.push_back(kept);
  filter_into(expr, call, *kept);
  return std::shared_ptr<const ListValue>(std::move(kept));
}

void ExpressionEvaluator::filter_into(const Expr& expr, const Call& call, ListValue& kept) {
  std::optional<Value> computed_list;
  const std::vector<Value>& items = operand(*call.arguments[0], computed_list).as_list().items;
  const Expr& lambda = *call.arguments[1];
  ItemBinding binding(*this, program_.lambda_slots[static_cast<std::size_t>(lambda.id)]);
  kept.items.reserve(items.size());  // one allocation rather than one per doubling
  try {
    for (const Value& item : items) {
      binding.bind(item);
      if (condition(lambda)) kept.items.push_back(item);
    }
  } catch (const DecimalOverflow& overflow) {
    fail(expr, fmt::format("overflow: {}", overflow.what()));
  }
}

void ExpressionEvaluator::bind_filtered(int slot, const Expr& expr) {
  const auto at = static_cast<std::size_t>(slot);
  if (slots_.own_lists.size() <= at) slots_.own_lists.resize(slots_.values.size());
  std::shared_ptr<ListValue>& list = slots_.own_lists[at];
  if (!list) list = std::make_shared<ListValue>();
  // The slot's value holds the list from record to record, unless a program
  // evaluated on this thread since used the slot otherwise.
  const auto* held = std::get_if<std::shared_ptr<const ListValue>>(&slots_.values[at].data);
  if (held == nullptr || held->get() != list.get()) slots_.values[at] = Value(std::shared_ptr<const ListValue>(list));
  // Noted before filling, so that a failure part-way still has the items let go of.
  slots_.filled_lists.push_back(slot);
  filter_into(expr, std::get<Call>(expr.kind), *list);
  slots_.places[at] = &slots_.values[at];
}

const Value* ExpressionEvaluator::lookup(const Expr& expr, const TableLookup& lookup) {
  const CheckedTable& table = program_.tables[static_cast<std::size_t>(program_.table_of_lookup[static_cast<std::size_t>(expr.id)])];
  // Tables have one or two keys (the checker sees to it); -1 stands for a key that is none.
  std::array<int, 2> members{0, 0};
  bool has_none = false;
  for (std::size_t i = 0; i < lookup.keys.size(); ++i) {
    members[i] = with_value(*lookup.keys[i], [](const Value& key) { return key.is_none() ? -1 : key.as_enum().member; });
    has_none = has_none || members[i] < 0;
  }
  const std::optional<Value>* cell =
      has_none ? nullptr : &table.cells[static_cast<std::size_t>(table.cell_index(members[0], members[1]))];
  bool covered = cell && cell->has_value();
  if (trace_) {
    trace_->add(covered ? WhyKind::table_cell : WhyKind::table_not_covered, expr.span, [&](WhyValues& values) {
      values.add(table.name);
      append_key_names(table, lookup, members, values.add());
      if (covered) append_value(**cell, table.value_type, program_.schema, values.add());
    });
  }
  return covered ? &**cell : nullptr;
}

void ExpressionEvaluator::append_key_names(const CheckedTable& table, const TableLookup& lookup,
                                           const std::array<int, 2>& members, std::string& out) const {
  for (std::size_t i = 0; i < lookup.keys.size(); ++i) {
    if (i) out += ", ";
    const EnumSchema& schema = program_.schema.enums[static_cast<std::size_t>(table.key_enums[i])];
    if (members[i] < 0) {
      out += "none";
    } else {
      out += schema.members[static_cast<std::size_t>(members[i])];
    }
  }
}

bool ExpressionEvaluator::in_interval(const Value& value, const Interval& interval) {
  if (interval.lower.value) {
    int order = with_value(*interval.lower.value, [&](const Value& lower) { return compare(value, lower); });
    if (order < 0 || (order == 0 && !interval.lower.inclusive)) return false;
  }
  if (interval.upper.value) {
    int order = with_value(*interval.upper.value, [&](const Value& upper) { return compare(value, upper); });
    if (order > 0 || (order == 0 && !interval.upper.inclusive)) return false;
  }
  return true;
}

void ExpressionEvaluator::append_range(const Expr& owner, std::size_t position, const Interval& range, std::string& out) {
  const std::string& known = index_.range_texts[static_cast<std::size_t>(owner.id)][position];
  if (!known.empty()) {
    out += known;
    return;
  }
  out += interval_text(range, [&](const Expr& bound) {
    std::optional<Value> computed;
    return format_value(operand(bound, computed), program_.type_of(bound), program_.schema);
  });
}

Decimal ExpressionEvaluator::evaluate_brackets(const Expr& expr, const Brackets& brackets) {
  std::optional<Value> subject_computed;
  const Value& subject = operand(*brackets.subject, subject_computed);
  // The subject as the why shows it: worked out only when there is a why to show.
  const std::string& subject_text = text_of(*brackets.subject);
  std::string subject_value;
  if (trace_) append_value(subject, program_.type_of(*brackets.subject), program_.schema, subject_value);
  // A step that starts with the subject and its value, then whatever `write_more` adds.
  auto add_subject_step = [&](WhyKind kind, Span span, auto write_more) {
    trace_->add(kind, span, [&](WhyValues& values) {
      values.add(subject_text);
      values.add(subject_value);
      write_more(values);
    });
  };
  auto nothing_more = [](WhyValues&) {};
  const Type& result_type = program_.type_of(expr);
  const bool highest = brackets.hit_policy == syntax::HitPolicy::highest;
  const bool sum = brackets.hit_policy == syntax::HitPolicy::sum;
  std::optional<Decimal> result;
  const Bracket* chosen = nullptr;
  int matches = 0;
  std::string alternatives;  // what each matching bracket would pay, for 就高
  auto append_range_of = [&](const Bracket& bracket, std::string& out) {
    append_range(expr, static_cast<std::size_t>(&bracket - brackets.brackets.data()), bracket.range, out);
  };
  for (const Bracket& bracket : brackets.brackets) {
    if (!in_interval(subject, bracket.range)) continue;
    ++matches;
    Decimal amount = number(*bracket.amount);
    if (trace_) {
      // Shown only when 就高 chose between several; written for every match all the same, since
      // showing a range may look up a table, a step of the why.
      if (highest && !alternatives.empty()) alternatives += "; ";
      append_range_of(bracket, alternatives);
      alternatives += " → ";
      append_value(amount, result_type, program_.schema, alternatives);
    }
    bool better = !result || (highest && amount > *result);
    if (sum && result) {
      result = *result + amount;
    } else if (better) {
      result = amount;
    }
    if (better || sum) chosen = &bracket;
    if (trace_ && sum) {
      add_subject_step(WhyKind::bracket_chosen, bracket.span, [&](WhyValues& values) {
        append_range_of(bracket, values.add());
        values.add("sum");
      });
    }
    if (brackets.hit_policy == syntax::HitPolicy::unique || brackets.hit_policy == syntax::HitPolicy::first) break;
  }
  if (result) {
    if (trace_ && !sum) {
      add_subject_step(WhyKind::bracket_chosen, chosen->span, [&](WhyValues& values) {
        append_range_of(*chosen, values.add());
        // 就高 is worth saying only when it decided between brackets.
        values.add(highest && matches > 1 ? "highest" : "");
        values.add(alternatives);
      });
    }
    if (trace_) {
      const Expr& amount = sum ? expr : *chosen->amount;
      trace_->add(WhyKind::amount, amount.span, [&](WhyValues& values) {
        if (sum) {
          values.add("sum");
          values.add();
        } else {
          values.add(text_of(amount));
          append_inputs_of(amount, values.add());
        }
        append_value(*result, result_type, program_.schema, values.add());
      });
    }
    return *result;
  }
  if (brackets.otherwise) {
    Decimal amount = number(*brackets.otherwise);
    if (trace_) {
      add_subject_step(WhyKind::bracket_otherwise, brackets.otherwise->span, nothing_more);
      trace_->add(WhyKind::amount, brackets.otherwise->span, [&](WhyValues& values) {
        values.add(text_of(*brackets.otherwise));
        append_inputs_of(*brackets.otherwise, values.add());
        append_value(amount, result_type, program_.schema, values.add());
      });
    }
    return amount;
  }
  if (trace_) add_subject_step(WhyKind::bracket_none, expr.span, nothing_more);
  return zero();
}

// Marginal tiers: each rate applies to the part of the subject inside its tier.
Decimal ExpressionEvaluator::evaluate_tiers(const Expr& expr, const Tiers& tiers) {
  Decimal subject = number(*tiers.subject);
  Decimal total = zero();
  try {
    for (std::size_t position = 0; position < tiers.tiers.size(); ++position) {
      const Tier& tier = tiers.tiers[position];
      Decimal lower = tier.range.lower.value ? number(*tier.range.lower.value) : zero();
      if (subject <= lower) continue;
      Decimal upper = tier.range.upper.value ? min(subject, number(*tier.range.upper.value)) : subject;
      if (upper <= lower) continue;
      Decimal part = upper - lower;
      Decimal rate = number(*tier.rate);
      Decimal amount = part * rate;
      total += amount;
      if (trace_) {
        trace_->add(WhyKind::tier_applied, tier.span, [&](WhyValues& values) {
          append_range(expr, position, tier.range, values.add());
          append_money(part, values.add());
          append_rate(rate, values.add());
          append_money(amount, values.add());
        });
      }
    }
  } catch (const DecimalOverflow& overflow) {
    fail(expr, fmt::format("overflow: {}", overflow.what()));
  }
  if (trace_ && total.is_zero()) {
    // No tier reached: say so, rather than leave the why empty.
    trace_->add(WhyKind::bracket_none, expr.span, [&](WhyValues& values) {
      values.add(text_of(*tiers.subject));
      append_value(subject, program_.type_of(*tiers.subject), program_.schema, values.add());
    });
  }
  return total;
}

}  // namespace clause
