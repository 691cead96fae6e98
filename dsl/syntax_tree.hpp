#pragma once
// The syntax tree of a Clause policy: plain structs, one std::variant per node
// family, every node with its source span.
//
// The tree records what was written, nothing more; meaning (types, what a name
// refers to) is attached by the checker in side tables keyed by ExprId.

#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "dsl/source.hpp"
#include "stdlib/date.hpp"
#include "stdlib/decimal.hpp"

namespace clause::syntax {

using ExprId = int;
struct Expr;
using ExprPtr = std::unique_ptr<Expr>;

// A name as written, with where it was written.
struct Identifier {
  std::string name;
  Span span;
};

// ---- Expressions ----------------------------------------------------------

// How a numeric literal was written: `300000` (number), `30万`/`300000元` (money), `10%` (rate).
enum class NumberUnit { plain, money, rate };

struct NumberLiteral {
  Decimal value;  // 30万 is 300000; 10% is 0.1
  NumberUnit unit = NumberUnit::plain;
};
struct TextLiteral {
  std::string value;
};
struct DateLiteral {
  Date value;
};
struct BoolLiteral {
  bool value = false;
};
struct NoneLiteral {};
// `[a, b]`; `[]` is the empty list.
struct ListLiteral {
  std::vector<ExprPtr> items;
};
// `{}`: a record with every field at its default.
struct DefaultRecord {};
struct NameRef {
  std::string name;
};
// `object.field`
struct FieldAccess {
  ExprPtr object;
  Identifier field;
};
// `table[key]` or `table[key1, key2]`
struct TableLookup {
  Identifier table;
  std::vector<ExprPtr> keys;
};

enum class UnaryOp { negate, logical_not };
struct Unary {
  UnaryOp op;
  ExprPtr operand;
};

enum class BinaryOp { add, subtract, multiply, divide, equal, not_equal, less, less_equal, greater, greater_equal, logical_and, logical_or };
struct Binary {
  BinaryOp op;
  ExprPtr left;
  ExprPtr right;
};

// `x is none` / `x is set`
struct IsSet {
  ExprPtr operand;
  bool set = true;
};

// One end of an interval; no value means unbounded (-inf / inf).
struct Bound {
  ExprPtr value;
  bool inclusive = false;
};
struct Interval {
  Bound lower;
  Bound upper;
  Span span;
};

// `x in [a, b)` (an interval) or `x in {a, b, c}` (a set of values)
struct InInterval {
  ExprPtr value;
  Interval interval;
};
struct InSet {
  ExprPtr value;
  std::vector<ExprPtr> members;
};

struct Conditional {
  ExprPtr condition;
  ExprPtr then_branch;
  ExprPtr else_branch;
};

// `p -> p.software_amount`, only as an argument of an aggregate.
struct Lambda {
  Identifier parameter;
  ExprPtr body;
};

struct Call {
  Identifier function;
  std::vector<ExprPtr> arguments;
};

// How overlapping brackets are resolved.
enum class HitPolicy { unique, highest, first, sum };

struct Bracket {
  Interval range;
  ExprPtr amount;
  Span span;
};
// `brackets subject [hit policy] { (a, b]: amount ... [otherwise: amount] }`
struct Brackets {
  ExprPtr subject;
  HitPolicy hit_policy = HitPolicy::unique;
  bool hit_policy_written = false;
  Span hit_policy_span;
  std::vector<Bracket> brackets;
  ExprPtr otherwise;  // may be null
};

// `tiers subject { [0, 10万): 5% ... }`: each tier's rate applies to the part of the subject inside it.
struct Tier {
  Interval range;
  ExprPtr rate;
  Span span;
};
struct Tiers {
  ExprPtr subject;
  std::vector<Tier> tiers;
};

struct Expr {
  ExprId id = -1;
  Span span;
  std::variant<NumberLiteral, TextLiteral, DateLiteral, BoolLiteral, NoneLiteral, ListLiteral, DefaultRecord, NameRef, FieldAccess, TableLookup,
               Unary, Binary, IsSet, InInterval, InSet, Conditional, Lambda, Call, Brackets, Tiers>
      kind;
};

// ---- Declarations -----------------------------------------------------------

// `money`, `list of recognition`, `level?`
struct TypeRef {
  Identifier base;
  bool list = false;
  bool optional = false;
  Span span;
};

struct FieldDecl {
  Identifier name;
  TypeRef type;
  ExprPtr default_value;  // null: required
  std::string description;
  Span span;
};

struct PolicyHeader {
  std::string title;
  std::string document;
  std::optional<Date> issued;
  std::optional<Date> valid_from;
  std::optional<Date> valid_to;
  Span validity_span;
  ExprPtr evaluation_year;  // an integer expression over the facts, usually the `year` fact
  std::string rounding_mode = "half_up";
  Span rounding_span;
  Decimal rounding_unit = Decimal::from_parts(1, 2);  // 0.01: to the fen
  std::string language = "zh";
  Span language_span;
  Span span;
};

struct EnumMember {
  Identifier name;
  std::string label;
};
struct EnumDecl {
  Identifier name;
  std::string description;
  std::vector<EnumMember> members;
  Span span;
};

struct RecordDecl {
  Identifier name;
  std::string description;
  std::vector<FieldDecl> fields;
  Span span;
};

struct FactsDecl {
  std::vector<FieldDecl> fields;
  Span span;
};

struct ParamDecl {
  Identifier name;
  std::optional<TypeRef> type;
  ExprPtr value;
  std::string description;
  Span span;
};

// A cell of a table: a value, or not covered (written `—` or `-`).
struct TableCell {
  ExprPtr value;  // null: not covered
  Span span;
};
struct TableRow {
  Identifier key;
  std::vector<TableCell> cells;
  Span span;
};
// `table name "desc" by kind_type [× level_type] [-> money] { [columns] rows }`
struct TableDecl {
  Identifier name;
  std::string description;
  std::vector<Identifier> key_types;  // one or two enum types
  std::optional<TypeRef> value_type;
  std::vector<Identifier> columns;  // members of the second key type, for two-key tables
  std::vector<TableRow> rows;
  Span span;
};

struct LetDecl {
  Identifier name;
  ExprPtr value;
  std::string description;
  Span span;
};

// The original sentence(s) of the law, written as `> ...` lines.
struct Quote {
  std::vector<std::string> lines;
  Span span;
};

struct ForEach {
  Identifier variable;
  ExprPtr list;
  ExprPtr where;         // may be null
  ExprPtr keep_highest;  // `keep highest by e`: at most one item counts; may be null
  Span keep_span;
  Span span;
};

struct Cap {
  ExprPtr limit;
  ExprPtr already_paid;  // `cumulative cap L paid P`: the cap left is max(0, L - P); null for a plain cap
  Span span;
};

struct ValidityWindow {
  Date from;
  Date to;
  Span span;
};

// `expect W0701 "原文所定"`: a warning of the checks (a lint) the measure is
// known to have, reviewed and kept; the checks say nothing of it, and say so
// when the measure no longer has it (W0709).
struct Expectation {
  std::string code;  // "W0701"
  Span code_span;
  std::string reason;
  Span span;
};

struct MeasureDecl {
  Identifier article;  // 一(一)
  std::string title;
  Quote quote;
  std::vector<LetDecl> lets;
  std::vector<ExprPtr> conditions;  // every `when` must hold
  std::optional<ForEach> for_each;
  ExprPtr project;  // the 就高不重复 key of each item; may be null
  ExprPtr amount;
  std::vector<Cap> caps;
  std::optional<ValidityWindow> validity;
  std::string stacks_on;  // 叠加: documented intent, shown in the explanation
  std::vector<Expectation> expectations;
  Span span;
};

struct BenefitDecl {
  Identifier article;
  std::string title;
  Identifier benefit;  // the name listed in the result's benefits
  Quote quote;
  std::vector<LetDecl> lets;
  std::vector<ExprPtr> conditions;
  std::optional<ValidityWindow> validity;
  Span span;
};

// `against other_awards as o: project o.project, amount o.amount`
struct AgainstOther {
  Identifier variable;
  ExprPtr list;
  ExprPtr project;
  ExprPtr amount;
  Span span;
};
// 就高不重复: items of all measures sharing a non-empty project; only the highest is paid.
struct StackingDecl {
  Identifier article;
  std::string title;
  Quote quote;
  std::optional<AgainstOther> against;
  Span span;
};

// 五(一): the total of all measures is capped; allocation order decides who is cut.
struct TotalCapDecl {
  Identifier article;
  std::string title;
  Quote quote;
  ExprPtr limit;
  bool document_order = true;
  std::vector<Identifier> allocation_order;
  Span span;
};

// `set name = value` or `set facts.name = value` in a scenario.
struct ScenarioSetting {
  Identifier name;
  bool fact = false;  // a fact of the enterprise, not a parameter of the policy
  ExprPtr value;
  Span span;
};

// A what-if: a name, what it is about, and the values it changes.
struct ScenarioDecl {
  Identifier name;
  std::string title;
  Quote quote;
  std::vector<ScenarioSetting> settings;
  Span span;
};

// A free-standing literate block between declarations.
struct NoteDecl {
  Quote quote;
};

using Declaration = std::variant<EnumDecl, RecordDecl, FactsDecl, ParamDecl, TableDecl, LetDecl, MeasureDecl,
                                 BenefitDecl, StackingDecl, TotalCapDecl, ScenarioDecl, NoteDecl>;

struct Program {
  std::optional<PolicyHeader> header;
  std::vector<Declaration> declarations;
  int expression_count = 0;  // ids run from 0 to expression_count - 1
};

}  // namespace clause::syntax
