#pragma once
// What the evaluator can know of each expression before any facts, worked out
// once per program rather than once per enterprise: the value of a literal or
// an enum member, and for the why its source text on one line and the
// sub-expressions whose values it shows ("invested = 350000.00, info_rate = 10%").

#include <fmt/format.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "interpreter/checked_program.hpp"

namespace clause {

// Where an expression's value already lies, as far as the program tells: a
// name, or a chain of fields of one (`prior_awards.smart_scenario_total`), or a
// constant; `computed` for anything else.
enum class PlaceRoot : unsigned char { computed, fact, param, slot, constant };
struct PlacePath {
  PlaceRoot root = PlaceRoot::computed;
  int index = -1;        // of the fact, parameter or slot
  int first_field = 0;   // the fields, outermost first, in ExpressionIndex::place_fields
  int field_count = 0;
};

// How condition() and number() take an expression, decided once per program:
// one switch on a byte, where a visit of the syntax node would dispatch through
// a table of functions and then ask again which operator, which builtin, and
// whether both sides are numbers. `general` takes the visit.
enum class Shape : unsigned char {
  general,
  place,               // read where it lies (PlacePath), a literal included
  logical_and,
  logical_or,
  logical_not,
  numeric_comparison,  // two numbers that cannot be none, compared as Decimals
  value_comparison,    // any other comparison (enum members, dates, texts)
  add,
  subtract,
  multiply,
  member_test,         // an enum read in place, tested against named members: r.kind == x, r.kind in {x, y}
  member_test_negated, // r.kind != x
  in_force,            // in_force(date)
  year,                // year(date)
  lambda,              // a lambda's body, for the item bound to its parameter
  test_chain,          // tests joined by `and` alone or `or` alone (a lambda's body too), taken in a loop: TestChain
  filter,              // filter(list, lambda): a let bound to one fills the slot's own list (Slots::filled_lists)
};

// The enum an expression of Shape::member_test reads, and the members it
// accepts: a bit test, where a comparison would take both sides' Values and
// compare them. `for each r in ... where r.kind == x` asks it of every item.
struct MemberTest {
  const syntax::Expr* read = nullptr;  // a place (PlacePath), never computed
  std::uint64_t members = 0;           // bit m set: member m is accepted
};

// One test of a TestChain. The simple ones are taken in the chain's loop
// itself; `other` is asked of condition().
enum class TestKind : unsigned char { other, place, member_test, member_test_negated, in_force, numeric_comparison };
// A side of a chained numeric comparison: a number in place, the year of a date
// in place (`year(p.invoice_date) == year`), or `other`, asked of number().
enum class SideKind : unsigned char { place, year_of_place, other };
struct ChainedTest {
  TestKind kind = TestKind::other;
  SideKind left_side = SideKind::other;   // numeric_comparison
  SideKind right_side = SideKind::other;
  syntax::BinaryOp op = syntax::BinaryOp::equal;  // numeric_comparison
  // The test; the enum a member test reads; the date of in_force; the left side
  // of a numeric comparison, or the date in place whose year it is.
  const syntax::Expr* expr = nullptr;
  const syntax::Expr* right = nullptr;  // numeric_comparison: as `expr`, for the right side
  std::uint64_t members = 0;            // member tests: as MemberTest::members
  // When `expr` (`right`) is read in place as a field of a slot's record, as an
  // item's field is (`p.invoice_date`): the slot and the field, read at once
  // rather than by the general walk of a PlacePath; -1 otherwise.
  int slot = -1;
  int field = -1;
  int right_slot = -1;
  int right_field = -1;
};
// `a and b and c` (or `a or b or c`) as one list tested in order until a test
// decides it: the tree takes a call and a switch at every `and` and again at
// each test. `filter` and `where` ask their lambda's chain of every item.
struct TestChain {
  bool any = false;  // joined by `or`: the first test that holds decides
  std::vector<ChainedTest> tests;
};

// How a `for each` measure may learn, from the members its list holds, that no item counts.
struct ItemScreen {
  int path = -1;              // in ExpressionIndex::screen_paths; -1: the measure has no screen
  std::uint64_t members = 0;  // accepted by its `where` (MemberTest::members)
  // Whether the screen alone may decide that the measure pays nothing, so that
  // an evaluation without the why passes it over: its list is read in place,
  // and it has no lets or conditions of its own. Nothing it would evaluate
  // before its items can fail, and with no item to count it pays nothing,
  // whatever its window.
  bool decides = false;
};

struct ExpressionIndex {
  std::vector<std::string> texts;                         // by ExprId
  std::vector<std::vector<const syntax::Expr*>> inputs;   // by ExprId: facts, parameters, lets, fields it reads
  std::vector<Value> constants;                           // by ExprId: a literal's or enum member's value
  std::vector<PlacePath> places;                          // by ExprId
  std::vector<int> place_fields;                          // field indices, for PlacePath
  std::vector<std::string> item_lists;                    // by measure: "list where condition", for the why of a `for each`
  // By measure (ItemScreen): for a `for each` whose `where` tests an enum field
  // of the item against named members (`where r.kind == x`), the field's path
  // from the item as an index into screen_paths. Measures that test one field
  // of the items of one list (eight of them in a policy of awards by kind of
  // recognition) then learn which members the list holds from one pass over
  // it, and a measure that accepts none of them skips its items.
  std::vector<ItemScreen> item_screens;
  std::vector<std::vector<int>> screen_paths;
  // By ExprId of brackets and tiers: each range as the why shows it, when its
  // bounds are literals or parameters; "" for a range that reads the facts.
  std::vector<std::vector<std::string>> range_texts;
  std::vector<Shape> shapes;                              // by ExprId
  std::vector<MemberTest> member_tests;                   // by ExprId, for Shape::member_test(_negated)
  std::vector<TestChain> test_chains;
  std::vector<int> test_chain_of;                         // by ExprId, for Shape::test_chain: its index in test_chains
  int first_year = 0;  // of the policy's validity, for "in force in the evaluation year"
  int last_year = 0;

  // `parameter_values`: the ones the evaluation will use (a what-if changes them).
  ExpressionIndex(const CheckedProgram& program, const std::vector<Value>& parameter_values);

 private:
  // Once every shape is known: each `and` and `or`, and each lambda whose body is one, becomes a TestChain.
  void add_test_chains(const CheckedProgram& program);
  // The item_screens entry of a measure (after the shapes and member tests are known).
  ItemScreen item_screen_of(const CheckedMeasure& measure);
  int screen_path_of(const syntax::ForEach& loop, int item_slot);
};

// "(20000, 50000]", "[50000, inf)": an interval as the why shows it, each bound
// written out by `bound_text`.
template <typename BoundText>
std::string interval_text(const syntax::Interval& interval, BoundText bound_text) {
  auto bound = [&](const syntax::Bound& bound, std::string_view infinite) {
    return bound.value ? bound_text(*bound.value) : std::string(infinite);
  };
  return fmt::format("{}{}, {}{}", interval.lower.inclusive && interval.lower.value ? '[' : '(', bound(interval.lower, "-inf"),
                     bound(interval.upper, "inf"), interval.upper.inclusive && interval.upper.value ? ']' : ')');
}

}  // namespace clause
