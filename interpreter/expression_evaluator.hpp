#pragma once
// Exact evaluation of expressions over one set of facts.
//
// Values live in slots (lets and bound variables) numbered by the checker, so
// evaluation looks nothing up by name. When a trace is attached, brackets and
// table lookups record the step they took, for the why.

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "interpreter/checked_program.hpp"
#include "interpreter/evaluation_result.hpp"
#include "interpreter/expression_index.hpp"

namespace clause {

// Where each slot's value is: a let's value is kept in `values`; a `for each`
// item or a lambda's parameter is read where it lies in its list, through
// `places`, so binding one copies nothing (a record's shared_ptr would be
// copied with an atomic increment, and the population runs on several threads).
struct Slots {
  std::vector<Value> values;
  std::vector<const Value*> places;
  std::vector<int> bound;  // the slots given a value of their own (bind) in this evaluation

  // Lists `filter` builds during an evaluation, and emptied ones to build into
  // again: a population run would otherwise allocate two blocks per filter per
  // record. When an evaluation ends its lists are emptied into the spares (those
  // still held elsewhere are left to their holders), so nothing here outlives
  // the facts it read.
  std::vector<std::shared_ptr<ListValue>> built_lists;
  std::vector<std::shared_ptr<ListValue>> spare_lists;

  // By slot: the list a let bound to `filter(...)` is filtered into, kept from
  // record to record in the slot's value (ExpressionEvaluator::bind_filtered),
  // and the slots filled in this evaluation, whose items are let go of at its end.
  std::vector<std::shared_ptr<ListValue>> own_lists;
  std::vector<int> filled_lists;
};

// The bit a member test (Shape::member_test) gives the enum member `value` holds:
// bit m for member m; 0 for none, and for members past 64, which no test names.
inline std::uint64_t member_bit(const Value& value) {
  const auto* member = std::get_if<EnumValue>(&value.data);
  if (member == nullptr || static_cast<unsigned>(member->member) >= 64) return 0;
  return std::uint64_t{1} << member->member;
}

class ExpressionEvaluator {
 public:
  // `slots` is working storage the caller may reuse across evaluations; it is reset here.
  ExpressionEvaluator(const CheckedProgram& program, const ExpressionIndex& index,
                      const std::vector<Value>& parameter_values, const RecordValue& facts, Slots& slots);
  // Empties the slots of this evaluation's values, which may share the facts' storage.
  ~ExpressionEvaluator();
  ExpressionEvaluator(const ExpressionEvaluator&) = delete;
  ExpressionEvaluator& operator=(const ExpressionEvaluator&) = delete;

  Value evaluate(const syntax::Expr& expr);
  // The value of `expr`: in place when it has one, else computed into `computed`.
  // An optional, left empty when the value has a place: an empty optional is
  // destroyed by a test, a Value by a visit of its variant.
  const Value& operand(const syntax::Expr& expr, std::optional<Value>& computed) {
    if (const Value* place = place_of(expr)) return *place;
    return computed.emplace(evaluate(expr));
  }
  // An operand the index reads in place (its PlacePath is not `computed`).
  const Value& in_place(const syntax::Expr& expr) const { return *place_of(expr); }
  // The same for a boolean or a numeric expression, without building a Value:
  // conditions and amounts are most of what a policy computes.
  // Inline for the shapes most operands are, a value read in place and a member
  // test (each `where` asks one of every item): no call, whose saving and
  // restoring of registers costs more than the read.
  bool condition(const syntax::Expr& expr) {
    const Shape shape = index_.shapes[static_cast<std::size_t>(expr.id)];
    if (shape == Shape::member_test) return holds_member(expr);
    if (shape == Shape::place) return place_of(expr)->as_bool();
    return condition_by_shape(expr);
  }
  Decimal number(const syntax::Expr& expr) {
    if (index_.shapes[static_cast<std::size_t>(expr.id)] == Shape::place) return place_of(expr)->as_decimal();
    return number_by_shape(expr);
  }

  // Binds a let's slot to its value: a filter is filtered straight into the slot's own list.
  void bind_let(int slot, const syntax::Expr& value) {
    if (index_.shapes[static_cast<std::size_t>(value.id)] == Shape::filter) {
      bind_filtered(slot, value);
    } else {
      bind(slot, evaluate(value));
    }
  }
  void bind(int slot, Value value) {
    auto at = static_cast<std::size_t>(slot);
    slots_.values[at] = std::move(value);
    slots_.places[at] = &slots_.values[at];
    slots_.bound.push_back(slot);
  }
  // Binds the slot to `item` where it lies; the item must outlive the binding's use.
  void bind_item(int slot, const Value& item) { slots_.places[static_cast<std::size_t>(slot)] = &item; }
  // Back to the slot's own (unset) value, once the list its item lay in may go away.
  void unbind_item(int slot) {
    auto at = static_cast<std::size_t>(slot);
    slots_.places[at] = &slots_.values[at];
  }
  const Value& slot_value(int slot) const { return *slots_.places[static_cast<std::size_t>(slot)]; }
  // Steps taken by brackets and table lookups go here while set (nullptr: none).
  void trace_into(WhySteps* trace) { trace_ = trace; }

  // "invested = 350000.00, info_rate = 10%": the values of the facts, parameters
  // and lets an expression reads, for the why, appended to `out`.
  void append_inputs_of(const syntax::Expr& expr, std::string& out);
  const std::string& text_of(const syntax::Expr& expr) const { return index_.texts[static_cast<std::size_t>(expr.id)]; }
  const ExpressionIndex& index() const { return index_; }

 private:
  // Where a name, a field of one, or a literal already lives (a fact, a
  // parameter, a slot, the program), so reading it copies nothing; nullptr for
  // anything that must be computed. Inline: most operands of conditions and
  // amounts are such places, read a few dozen times a record.
  const Value* place_of(const syntax::Expr& expr) const {
    const auto id = static_cast<std::size_t>(expr.id);
    const PlacePath& path = index_.places[id];
    const auto at = static_cast<std::size_t>(path.index);
    // Tests in order of how often each root is read (an item's field, a fact,
    // a literal), which a jump table would not let the branch predictor learn.
    const Value* value;
    if (path.root == PlaceRoot::slot) {
      value = slots_.places[at];
    } else if (path.root == PlaceRoot::fact) {
      value = &facts_.fields[at];
    } else if (path.root == PlaceRoot::constant) {
      return &index_.constants[id];
    } else if (path.root == PlaceRoot::param) {
      value = &parameter_values_[at];
    } else {
      return nullptr;
    }
    const int* field = index_.place_fields.data() + path.first_field;
    for (int i = 0; i < path.field_count; ++i) value = &value->as_record().fields[static_cast<std::size_t>(field[i])];
    return value;
  }
  // Calls `use` with the value of `expr`, read in place when it has one: a Value
  // is built (and destroyed, a visit of its variant each) only when computed.
  template <typename Use>
  auto with_value(const syntax::Expr& expr, Use&& use) {
    if (const Value* place = place_of(expr)) return use(*place);
    const Value computed = evaluate(expr);
    return use(computed);
  }
  Value evaluate_name(const syntax::Expr& expr);
  // False for a variable not bound yet (a lambda's parameter outside its call).
  bool has_value(const syntax::Expr& expr) const;
  Value evaluate_binary(const syntax::Expr& expr, const syntax::Binary& binary);
  Decimal arithmetic(const syntax::Expr& expr, const syntax::Binary& binary);
  // condition() and number() for the shapes they do not take inline.
  bool condition_by_shape(const syntax::Expr& expr);
  Decimal number_by_shape(const syntax::Expr& expr);
  // condition() and number() for the shapes they do not take at once (see Shape).
  bool condition_in_general(const syntax::Expr& expr);
  Decimal number_in_general(const syntax::Expr& expr);
  bool comparison(const syntax::Expr& expr, const syntax::Binary& binary);
  bool numeric_comparison(const syntax::Binary& binary);
  bool value_comparison(const syntax::Binary& binary);
  // Shape::member_test: whether the enum read is one of the members tested for (none is none of them).
  bool holds_member(const syntax::Expr& expr) const {
    const MemberTest& test = index_.member_tests[static_cast<std::size_t>(expr.id)];
    return is_member(*place_of(*test.read), test.members);
  }
  // in_force(date): the date lies in the policy's validity window.
  bool in_force(const syntax::Expr& date_expr);
  bool in_force(Date day) const { return program_.policy.valid_from <= day && day <= program_.policy.valid_to; }
  // Shape::test_chain: its tests in order, until one decides.
  bool holds_chain(const syntax::Expr& expr);
  bool holds(const ChainedTest& test);
  // What a chained test reads in place: a slot's field at once, anything else through place_of.
  const Value& chained_read(const syntax::Expr& read, int slot, int field) const {
    if (slot < 0) return *place_of(read);
    return slots_.places[static_cast<std::size_t>(slot)]->as_record().fields[static_cast<std::size_t>(field)];
  }
  Decimal side_number(SideKind kind, const syntax::Expr& side, int slot, int field) {
    if (kind == SideKind::place) return chained_read(side, slot, field).as_decimal();
    if (kind == SideKind::year_of_place) return Decimal::from_integer(chained_read(side, slot, field).as_date().year());
    return number(side);
  }
  // As holds_member, for a value already read.
  static bool is_member(const Value& value, std::uint64_t members) { return (member_bit(value) & members) != 0; }
  bool is_in_set(const syntax::InSet& in_set);
  Value evaluate_call(const syntax::Expr& expr, const syntax::Call& call);
  Decimal number_call(const syntax::Expr& expr, const syntax::Call& call);
  bool condition_call(const syntax::Expr& expr, const syntax::Call& call);
  Date date(const syntax::Expr& expr);
  // sum, count, min and max over a list, with or without a lambda.
  Decimal aggregate_number(const syntax::Expr& expr, const syntax::Call& call, Builtin builtin);
  // any and all.
  bool aggregate_condition(const syntax::Expr& expr, const syntax::Call& call, Builtin builtin);
  Value filter(const syntax::Expr& expr, const syntax::Call& call);
  // The items of `call`'s list its lambda holds for, appended to `kept`.
  void filter_into(const syntax::Expr& expr, const syntax::Call& call, ListValue& kept);
  // bind_let() of a filter: the slot's list, which its value holds from record to
  // record, filled afresh. Neither a list nor a Value is made or destroyed.
  void bind_filtered(int slot, const syntax::Expr& expr);
  // The table's cell, or nullptr when the keys fall on a cell that is not covered.
  const Value* lookup(const syntax::Expr& expr, const syntax::TableLookup& lookup);
  // "kind, level" as the why shows a table's keys.
  void append_key_names(const CheckedTable& table, const syntax::TableLookup& lookup, const std::array<int, 2>& members,
                        std::string& out) const;
  Decimal evaluate_brackets(const syntax::Expr& expr, const syntax::Brackets& brackets);
  Decimal evaluate_tiers(const syntax::Expr& expr, const syntax::Tiers& tiers);
  bool in_interval(const Value& value, const syntax::Interval& interval);
  // The range of the `position`th bracket or tier of `owner`, as the why shows it.
  void append_range(const syntax::Expr& owner, std::size_t position, const syntax::Interval& range, std::string& out);
  [[noreturn]] void fail(const syntax::Expr& expr, std::string_view what);

  const CheckedProgram& program_;
  const ExpressionIndex& index_;
  const std::vector<Value>& parameter_values_;
  const RecordValue& facts_;
  Slots& slots_;
  WhySteps* trace_ = nullptr;
};

// A variable (a lambda's parameter, a `for each` item) bound to each item in
// turn, and let go of at the end, however the loop ends: the list it points
// into may be a temporary.
class ItemBinding {
 public:
  // A negative slot binds nothing (an aggregate without a lambda).
  ItemBinding(ExpressionEvaluator& expressions, int slot) : expressions_(expressions), slot_(slot) {}
  ~ItemBinding() {
    if (slot_ >= 0) expressions_.unbind_item(slot_);
  }
  ItemBinding(const ItemBinding&) = delete;
  ItemBinding& operator=(const ItemBinding&) = delete;
  void bind(const Value& item) { expressions_.bind_item(slot_, item); }

 private:
  ExpressionEvaluator& expressions_;
  int slot_;
};

// Thrown by the evaluator; the CLI turns it into an error for the record.
struct EvaluationFailure {
  EvaluationError error;
};

// Equality of two values of one type; records and lists are never equal as wholes.
bool values_equal_in_general(const Value& a, const Value& b);
// Inline for the comparison `where` clauses make of each item, an enum member
// against a named one (r.kind == smart_scenario).
inline bool values_equal(const Value& a, const Value& b) {
  if (a.data.index() != b.data.index()) return false;
  if (const auto* member = std::get_if<EnumValue>(&a.data)) return *member == *std::get_if<EnumValue>(&b.data);
  return values_equal_in_general(a, b);
}

}  // namespace clause
