#include "dsl/parser.hpp"

#include <cctype>
#include <fmt/format.h>

#include <tao/pegtl/contrib/parse_tree.hpp>

#include "dsl/grammar.hpp"
#include "dsl/utf8.hpp"

namespace clause {
namespace {

namespace pegtl = tao::pegtl;
namespace g = grammar;
using namespace syntax;
using Node = pegtl::parse_tree::node;

// ---- Syntax error messages: one per commit point -------------------------------

template <typename Rule>
inline constexpr const char* error_message = nullptr;

// clang-format off
template <> inline constexpr const char* error_message<g::unknown_declaration> = "expected a declaration (policy, enum, record, facts, param, table, let, measure, benefit, stacking, total cap) or a '>' quote";
template <> inline constexpr const char* error_message<g::title> = "expected a title in double quotes";
template <> inline constexpr const char* error_message<g::document_number> = "expected the document number (文号) in double quotes, such as \"泉洛政办规〔2023〕4号\"";
template <> inline constexpr const char* error_message<g::stacks_target> = "expected the award it is paid on top of, in double quotes, such as \"市级财政补助\"";
template <> inline constexpr const char* error_message<g::open_brace> = "expected '{'";
template <> inline constexpr const char* error_message<g::header_close> = "expected a policy header item (document, issued, valid, evaluation_year, rounding, language) or '}' to close the policy header";
template <> inline constexpr const char* error_message<g::enum_close> = "expected an enum member name or '}' to close the enum";
template <> inline constexpr const char* error_message<g::field_block_close> = "expected a field ('name: type') or '}' to close the field list";
template <> inline constexpr const char* error_message<g::measure_close> = "expected a clause (when, amount, cap, cumulative cap, for each, keep highest by, project, let, valid, stacks on, a '>' quote) or '}'";
template <> inline constexpr const char* error_message<g::table_close> = "expected a table row ('key: cell ...', one row a line) or '}' to close the table";
template <> inline constexpr const char* error_message<g::declared_name> = "expected a name";
template <> inline constexpr const char* error_message<g::colon> = "expected ':'";
template <> inline constexpr const char* error_message<g::arm_colon> = "expected ':' after the bracket's range";
template <> inline constexpr const char* error_message<g::against_colon> = "expected ':' after the variable name";
template <> inline constexpr const char* error_message<g::type_ref> = "expected a type (money, rate, number, integer, bool, date, text, an enum or record name, or 'list of T')";
template <> inline constexpr const char* error_message<g::expression> = "expected an expression";
template <> inline constexpr const char* error_message<g::brackets_subject> = "expected the expression the brackets apply to";
template <> inline constexpr const char* error_message<g::operand> = "expected an operand after the operator";
template <> inline constexpr const char* error_message<g::multiplicative> = "expected an operand after the operator";
template <> inline constexpr const char* error_message<g::not_operand> = "expected an operand after 'not'";
template <> inline constexpr const char* error_message<g::conjunction> = "expected an operand after 'or'";
template <> inline constexpr const char* error_message<g::additive> = "expected an operand after the comparison";
template <> inline constexpr const char* error_message<g::comparison_end> = "comparisons do not chain: write 'a < b and b < c', or 'b in (a, c)'";
template <> inline constexpr const char* error_message<g::in_what> = "expected an interval like [a, b) or a set like {a, b} after 'in'";
template <> inline constexpr const char* error_message<g::is_what> = "expected 'none' or 'set' after 'is'";
template <> inline constexpr const char* error_message<g::call_close> = "expected ',' or ')' to close the call";
template <> inline constexpr const char* error_message<g::lookup_close> = "expected ',' or ']' to close the table lookup";
template <> inline constexpr const char* error_message<g::list_close> = "expected ',' or ']' to close the list";
template <> inline constexpr const char* error_message<g::paren_close> = "expected ')' to close '('";
template <> inline constexpr const char* error_message<g::member_set_close> = "expected ',' or '}' to close the set";
template <> inline constexpr const char* error_message<g::then_branch> = "expected 'then' and an expression";
template <> inline constexpr const char* error_message<g::else_branch> = "expected 'else' and an expression: every 'if' needs both branches";
template <> inline constexpr const char* error_message<g::bound_value> = "expected a bound (an expression, or inf)";
template <> inline constexpr const char* error_message<g::interval_comma> = "expected ',' between the two bounds";
template <> inline constexpr const char* error_message<g::interval_close> = "expected ')' or ']' to close the interval";
template <> inline constexpr const char* error_message<g::brackets_open> = "expected '{' to open the brackets";
template <> inline constexpr const char* error_message<g::brackets_close> = "expected a bracket ('(a, b]: amount'), 'otherwise: amount' or '}'";
template <> inline constexpr const char* error_message<g::field_name> = "expected a field name after '.'";
template <> inline constexpr const char* error_message<g::string_body> = "unterminated string: expected a closing '\"'";
template <> inline constexpr const char* error_message<g::param_equals> = "expected '=' and the parameter's value";
template <> inline constexpr const char* error_message<g::let_equals> = "expected '=' and the value";
template <> inline constexpr const char* error_message<g::scenario_target> = "expected the name of a parameter, or facts.NAME for a fact";
template <> inline constexpr const char* error_message<g::scenario_equals> = "expected '=' and the new value";
template <> inline constexpr const char* error_message<g::scenario_close> = "expected 'set NAME = VALUE', 'set facts.NAME = VALUE', a '>' quote or '}' to close the scenario";
template <> inline constexpr const char* error_message<g::value_end> = "expected one value (such as 30万, 25%, 2024-01-01, true or \"text\")";
template <> inline constexpr const char* error_message<g::article_label> = "expected an article label such as 一(一), or a label in double quotes";
template <> inline constexpr const char* error_message<g::header_to> = "expected 'to' between the two dates";
template <> inline constexpr const char* error_message<g::rounding_mode_name> = "expected a rounding mode (half_up, half_even, down, up)";
template <> inline constexpr const char* error_message<g::rounding_unit> = "expected the unit to round to, such as 0.01";
template <> inline constexpr const char* error_message<g::language_name> = "expected a language (zh or en)";
template <> inline constexpr const char* error_message<g::row_end> = "expected the end of the table row: one row a line, cells are numbers, names or — (not covered)";
template <> inline constexpr const char* error_message<g::paid_part> = "expected 'paid' and the amount already paid";
template <> inline constexpr const char* error_message<g::against_project> = "expected 'project' and the other award's project";
template <> inline constexpr const char* error_message<g::against_amount> = "expected 'amount' and the other award's amount";
template <> inline constexpr const char* error_message<g::comma> = "expected ','";
template <> inline constexpr const char* error_message<g::table_keys> = "expected the key type(s) of the table: 'by kind' or 'by kind × level'";
template <> inline constexpr const char* error_message<g::table_open> = "expected '{' to open the table";
template <> inline constexpr const char* error_message<g::table_by> = "expected 'by' and the key type(s) of the table";
template <> inline constexpr const char* error_message<g::hit_policy_word> = "expected a hit policy: unique, highest, first or sum";
template <> inline constexpr const char* error_message<g::tiers_close> = "expected a tier ('[a, b): rate') or '}'";
template <> inline constexpr const char* error_message<g::argument> = "expected an argument after ','";
template <> inline constexpr const char* error_message<g::list_of> = "expected 'of' after 'list'";
template <> inline constexpr const char* error_message<g::date_value> = "expected a date such as 2023-01-01";
template <> inline constexpr const char* error_message<g::cumulative_cap_word> = "expected 'cap' after 'cumulative'";
template <> inline constexpr const char* error_message<g::for_each_in> = "expected 'in' and the list after the variable";
template <> inline constexpr const char* error_message<g::keep_highest_by> = "expected 'highest by' after 'keep'";
template <> inline constexpr const char* error_message<g::stacks_on> = "expected 'on' after 'stacks'";
template <> inline constexpr const char* error_message<g::expected_code> = "expected the code of a warning, such as W0701";
template <> inline constexpr const char* error_message<g::expect_reason> =
    "expected why the warning is kept, in double quotes, such as \"原文所定\"";
template <> inline constexpr const char* error_message<g::benefit_gives> = "expected 'gives' and the benefit's name";
template <> inline constexpr const char* error_message<g::benefit_close> = "expected a clause (when, let, valid, a '>' quote) or '}'";
template <> inline constexpr const char* error_message<g::against_as> = "expected 'as' and a name for each other award";
template <> inline constexpr const char* error_message<g::stacking_close> = "expected 'against ...', a '>' quote or '}'";
template <> inline constexpr const char* error_message<g::document_order_words> = "expected 'document order' after 'in'";
template <> inline constexpr const char* error_message<g::allocation> = "expected 'in document order' or a list of article labels";
template <> inline constexpr const char* error_message<g::total_cap_close> = "expected 'limit', 'allocate', a '>' quote or '}'";
template <> inline constexpr const char* error_message<g::field_block> = "expected '{' and the list of fields";
// clang-format on

// ---- How deep an expression may nest ---------------------------------------------

// Parsing, checking and evaluating all recurse over an expression, so its depth is
// bounded here: `((((...` ten thousand deep is error E0002, not a stack overflow.
// An expression, a `-` and a `not` open a level; so does each operator of a chain
// (`a + b + c`, `x.a.b`), since a chain becomes a tree as deep as it is long.
constexpr int max_expression_depth = 200;

struct ExpressionDepth {
  int levels = 0;
  std::vector<int> chain_operators;  // per open chain: the levels its operators added
};

struct nesting_too_deep : pegtl::parse_error {
  using pegtl::parse_error::parse_error;
};

template <typename Rule>
inline constexpr bool opens_level = std::is_same_v<Rule, g::disjunction> || std::is_same_v<Rule, g::negation> ||
                                    std::is_same_v<Rule, g::logical_not>;
// The limit is enforced once a level has surely opened: at an expression's start,
// or when the `-` or `not` that opens one has matched (trying `not` is not nesting).
template <typename Rule>
inline constexpr bool confirms_level = std::is_same_v<Rule, g::disjunction> || std::is_same_v<Rule, g::token<g::one<'-'>>> ||
                                       std::is_same_v<Rule, g::token<g::kw_not>>;
template <typename Rule>
inline constexpr bool is_chain = std::is_same_v<Rule, g::disjunction> || std::is_same_v<Rule, g::conjunction> ||
                                 std::is_same_v<Rule, g::additive> || std::is_same_v<Rule, g::multiplicative> ||
                                 std::is_same_v<Rule, g::postfix>;
template <typename Rule>
inline constexpr bool is_chain_operator =
    std::is_same_v<Rule, g::token<g::kw_or>> || std::is_same_v<Rule, g::token<g::kw_and>> || std::is_same_v<Rule, g::op_add> ||
    std::is_same_v<Rule, g::op_subtract> || std::is_same_v<Rule, g::op_multiply> || std::is_same_v<Rule, g::op_divide> ||
    std::is_same_v<Rule, g::field_name>;

template <typename ParseInput>
void check_depth(const ParseInput& in, const ExpressionDepth& depth) {
  if (depth.levels > max_expression_depth) {
    throw nesting_too_deep(fmt::format("expressions nest deeper than {} levels", max_expression_depth), in);
  }
}

// opt<> and star<> never fail, so raise<> is instantiated for them but never runs.
template <typename Rule>
inline constexpr bool never_fails = false;
template <typename... Rules>
inline constexpr bool never_fails<pegtl::opt<Rules...>> = true;
template <typename... Rules>
inline constexpr bool never_fails<pegtl::star<Rules...>> = true;

// A rule that is one token (a date, a keyword) is reported where the token starts,
// not where a partial match of it stopped: `valid 2024 to 2025` finds '2024', not ' '.
// must<> tries its rule without rewinding, so these rules ask for it themselves.
template <typename Rule>
inline constexpr bool is_one_token = std::is_same_v<Rule, g::date_value> || std::is_same_v<Rule, g::header_to> ||
                                     std::is_same_v<Rule, g::rounding_unit> || std::is_same_v<Rule, g::list_of> ||
                                     std::is_same_v<Rule, g::for_each_in> || std::is_same_v<Rule, g::stacks_on> ||
                                     std::is_same_v<Rule, g::benefit_gives> || std::is_same_v<Rule, g::against_as> ||
                                     std::is_same_v<Rule, g::table_by> || std::is_same_v<Rule, g::cumulative_cap_word> ||
                                     std::is_same_v<Rule, g::expected_code>;

// Raised only where the grammar has committed (`must<>`, `if_must<>`): there a
// failed rule is a syntax error, reported with its message from the table above.
template <typename Rule>
struct control : pegtl::normal<Rule> {
  // Every rule the grammar commits to (`must<>`) has its own message: a commit
  // point without one does not compile (after PEGTL's json_errors example).

  template <pegtl::apply_mode A, pegtl::rewind_mode M, template <typename...> class Action,
            template <typename...> class Control, typename ParseInput, typename... States>
  [[nodiscard]] static bool match(ParseInput& in, States&&... states) {
    constexpr pegtl::rewind_mode mode = is_one_token<Rule> ? pegtl::rewind_mode::required : M;
    return pegtl::normal<Rule>::template match<A, mode, Action, Control>(in, states...);
  }

  template <typename ParseInput>
  static void start(const ParseInput& in, ExpressionDepth& depth) {
    if constexpr (is_chain<Rule>) depth.chain_operators.push_back(0);
    if constexpr (opens_level<Rule>) ++depth.levels;
    if constexpr (std::is_same_v<Rule, g::disjunction>) check_depth(in, depth);
  }
  template <typename ParseInput>
  static void success(const ParseInput& in, ExpressionDepth& depth) {
    if constexpr (is_chain_operator<Rule>) {
      ++depth.chain_operators.back();
      ++depth.levels;
    }
    if constexpr (is_chain_operator<Rule> || confirms_level<Rule>) check_depth(in, depth);
    leave(depth);
  }
  template <typename ParseInput>
  static void failure(const ParseInput&, ExpressionDepth& depth) {
    leave(depth);
  }
  static void leave(ExpressionDepth& depth) {
    if constexpr (opens_level<Rule>) --depth.levels;
    if constexpr (is_chain<Rule>) {
      depth.levels -= depth.chain_operators.back();
      depth.chain_operators.pop_back();
    }
  }

  template <typename ParseInput, typename... States>
  [[noreturn]] static void raise(const ParseInput& in, States&&...) {
    static_assert(never_fails<Rule> || error_message<Rule> != nullptr, "a rule inside must<> has no error_message");
    throw pegtl::parse_error(error_message<Rule> != nullptr ? error_message<Rule> : "syntax error", in);
  }
};

// ---- Which grammar rules become nodes of the parse tree --------------------------

template <typename Rule>
using selector = pegtl::parse_tree::selector<
    Rule,
    pegtl::parse_tree::store_content::on<
        g::identifier, g::date_literal, g::number_literal, g::string_literal, g::true_literal, g::false_literal,
        g::none_literal, g::list_literal, g::default_record, g::name_ref, g::call, g::lookup, g::lambda, g::conditional, g::brackets, g::tiers,
        g::hit_policy_name, g::bracket_arm, g::otherwise_arm, g::tier_arm, g::interval, g::lower_open,
        g::lower_closed, g::upper_open, g::upper_closed, g::infinity, g::member_set, g::postfix, g::field_name, g::negation,
        g::multiplicative, g::additive, g::op_multiply, g::op_divide, g::op_add, g::op_subtract, g::op_equal,
        g::op_not_equal, g::op_less_equal, g::op_greater_equal, g::op_less, g::op_greater, g::comparison,
        g::is_none, g::is_set, g::logical_not, g::conjunction, g::disjunction, g::policy_header,
        g::header_document, g::header_issued, g::header_valid, g::header_year, g::header_rounding,
        g::rounding_mode_name, g::rounding_unit, g::header_language, g::title, g::description, g::quote,
        g::quote_text, g::enum_decl, g::enum_member, g::declared_name, g::record_decl, g::field_decl, g::type_ref,
        g::list_type, g::optional_mark, g::default_value, g::facts_decl, g::param_decl, g::table_decl,
        g::table_keys, g::table_value_type, g::table_columns, g::table_row, g::table_cell, g::not_covered,
        g::let_decl, g::measure_decl, g::article_label, g::when_clause, g::amount_clause, g::project_clause,
        g::cap_clause, g::cumulative_cap_clause, g::paid_part, g::for_each_clause, g::where_part,
        g::keep_clause, g::validity_clause, g::stacks_clause, g::expect_clause, g::expected_code, g::benefit_decl,
        g::stacking_decl,
        g::against_clause, g::total_cap_decl, g::limit_clause, g::document_order, g::allocation_list,
        g::note_decl, g::scenario_decl, g::scenario_set, g::fact_target>>;

// ---- Lowering: parse tree → syntax tree ---------------------------------------

class Lowering {
 public:
  Lowering(const SourceFile& source, Diagnostics& diagnostics, std::uint32_t base, int& next_id)
      : source_(source), diagnostics_(diagnostics), base_(base), next_id_(next_id) {}

  std::optional<Declaration> declaration(const Node& node, std::optional<PolicyHeader>& header);
  ExprPtr lone_value(const Node& node) { return expression(node); }

 private:
  // The node's bytes without trailing white space or comments.
  Span span(const Node& node) const;
  std::string_view text(const Node& node) const { return node.string_view(); }
  const Node& child(const Node& node, std::size_t index) const { return *node.children.at(index); }
  template <typename Rule>
  const Node* find(const Node& node) const {
    for (const auto& c : node.children)
      if (c->is_type<Rule>()) return c.get();
    return nullptr;
  }

  Identifier identifier(const Node& node) const;
  Identifier article(const Node& label) const;
  std::string string_value(const Node& node) const;
  std::string optional_text(const Node& node) const;
  Date date_value(const Node& node) const;
  Quote quote(const Node& node) const;
  // Several `>` blocks in one declaration read as one quote of the law.
  void append_quote(Quote& into, const Node& node) const;
  TypeRef type_ref(const Node& node) const;
  FieldDecl field(const Node& node);
  std::vector<FieldDecl> fields(const Node& node);

  ExprPtr make(Span span, auto kind) {
    auto expr = std::make_unique<Expr>();
    expr->id = next_id_++;
    expr->span = span;
    expr->kind = std::move(kind);
    return expr;
  }
  bool is_expression(const Node& node) const;
  ExprPtr expression(const Node& node);
  ExprPtr number(const Node& node);
  ExprPtr binary_chain(const Node& node, std::optional<BinaryOp> fixed_op);
  ExprPtr comparison(const Node& node);
  ExprPtr postfix(const Node& node);
  ExprPtr call(const Node& node);
  ExprPtr brackets(const Node& node);
  ExprPtr tiers(const Node& node);
  Interval interval(const Node& node);

  PolicyHeader header(const Node& node);
  EnumDecl enum_decl(const Node& node);
  ParamDecl param_decl(const Node& node);
  TableDecl table_decl(const Node& node);
  LetDecl let_decl(const Node& node);
  MeasureDecl measure_decl(const Node& node);
  BenefitDecl benefit_decl(const Node& node);
  StackingDecl stacking_decl(const Node& node);
  TotalCapDecl total_cap_decl(const Node& node);
  ScenarioDecl scenario_decl(const Node& node);
  std::optional<ValidityWindow> validity(const Node& node, std::string_view owner) const;
  bool first_of_its_kind(bool seen, const Node& clause, std::string_view owner, std::string_view what) const;

  const SourceFile& source_;
  Diagnostics& diagnostics_;
  std::uint32_t base_;
  int& next_id_;
};

Span Lowering::span(const Node& node) const {
  std::uint32_t begin = base_ + static_cast<std::uint32_t>(node.m_begin.byte);
  std::uint32_t end = base_ + static_cast<std::uint32_t>(node.m_end.byte);
  // Walk forward, remembering the end of the last significant character outside
  // comments, so a trailing comment or line break is not part of the span.
  std::string_view bytes = source_.slice(Span{begin, end});
  std::size_t significant_end = 0;
  bool in_string = false;
  bool in_comment = false;
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    char c = bytes[i];
    if (in_comment) {
      if (c == '\n') in_comment = false;
      continue;
    }
    if (in_string) {
      if (c == '\\') ++i;
      else if (c == '"') in_string = false;
      significant_end = i + 1;
      continue;
    }
    if (c == '#') {
      in_comment = true;
      continue;
    }
    if (c == '"') in_string = true;
    if (c != ' ' && c != '\t' && c != '\r' && c != '\n') significant_end = i + 1;
  }
  return Span{begin, begin + static_cast<std::uint32_t>(significant_end)};
}

Identifier Lowering::identifier(const Node& node) const {
  const Node& target = node.is_type<g::identifier>() || node.children.empty() ? node : child(node, 0);
  Span where = span(target);
  return Identifier{std::string(source_.slice(where)), where};
}

// 一(一) as written, or the content of a quoted label.
Identifier Lowering::article(const Node& label) const {
  Span where = span(label);
  if (!label.children.empty()) return Identifier{string_value(child(label, 0)), where};
  return Identifier{std::string(source_.slice(where)), where};
}

std::string Lowering::string_value(const Node& node) const {
  const Node& literal = node.is_type<g::string_literal>() || node.children.empty() ? node : child(node, 0);
  std::string_view raw = text(literal);
  std::string value;
  for (std::size_t i = 1; i + 1 < raw.size(); ++i) {
    if (raw[i] == '\\' && i + 2 < raw.size()) {
      char escaped = raw[++i];
      value += escaped == 'n' ? '\n' : escaped == 't' ? '\t' : escaped;
    } else {
      value += raw[i];
    }
  }
  return value;
}

std::string Lowering::optional_text(const Node& node) const {
  const Node* description = find<g::description>(node);
  return description ? string_value(*description) : std::string();
}

Date Lowering::date_value(const Node& node) const {
  const Node& literal = node.is_type<g::date_literal>() ? node : *find<g::date_literal>(node);
  auto date = Date::parse(text(literal));
  if (!date) {
    diagnostics_.error("E0003", span(literal), fmt::format("'{}' is not a calendar date", text(literal)));
    return Date{};
  }
  return *date;
}

Quote Lowering::quote(const Node& node) const {
  Quote result;
  result.span = span(node);
  for (const auto& line : node.children) {
    std::string_view content = text(*line);
    while (!content.empty() && (content.back() == '\r' || content.back() == ' ')) content.remove_suffix(1);
    result.lines.emplace_back(content);
  }
  return result;
}

void Lowering::append_quote(Quote& into, const Node& node) const {
  Quote more = quote(node);
  if (into.lines.empty()) into.span = more.span;
  into.lines.insert(into.lines.end(), more.lines.begin(), more.lines.end());
}

TypeRef Lowering::type_ref(const Node& node) const {
  TypeRef type;
  type.span = span(node);
  type.list = find<g::list_type>(node) != nullptr;
  type.optional = find<g::optional_mark>(node) != nullptr;
  type.base = identifier(*find<g::declared_name>(node));
  return type;
}

FieldDecl Lowering::field(const Node& node) {
  FieldDecl field;
  field.span = span(node);
  field.name = identifier(child(node, 0));
  field.type = type_ref(*find<g::type_ref>(node));
  if (const Node* default_value = find<g::default_value>(node)) field.default_value = expression(child(*default_value, 0));
  field.description = optional_text(node);
  return field;
}

std::vector<FieldDecl> Lowering::fields(const Node& node) {
  std::vector<FieldDecl> result;
  for (const auto& c : node.children)
    if (c->is_type<g::field_decl>()) result.push_back(field(*c));
  return result;
}

bool Lowering::is_expression(const Node& node) const {
  return node.is_type<g::disjunction>() || node.is_type<g::conjunction>() || node.is_type<g::logical_not>() ||
         node.is_type<g::comparison>() || node.is_type<g::additive>() || node.is_type<g::multiplicative>() ||
         node.is_type<g::negation>() || node.is_type<g::postfix>();
}

ExprPtr Lowering::expression(const Node& node) {
  if (node.is_type<g::disjunction>()) return binary_chain(node, BinaryOp::logical_or);
  if (node.is_type<g::conjunction>()) return binary_chain(node, BinaryOp::logical_and);
  if (node.is_type<g::logical_not>()) return make(span(node), Unary{UnaryOp::logical_not, expression(child(node, 0))});
  if (node.is_type<g::comparison>()) return comparison(node);
  if (node.is_type<g::additive>() || node.is_type<g::multiplicative>()) return binary_chain(node, std::nullopt);
  if (node.is_type<g::negation>()) return make(span(node), Unary{UnaryOp::negate, expression(child(node, 0))});
  if (node.is_type<g::postfix>()) return postfix(node);
  if (node.is_type<g::number_literal>()) return number(node);
  if (node.is_type<g::string_literal>()) return make(span(node), TextLiteral{string_value(node)});
  if (node.is_type<g::date_literal>()) return make(span(node), DateLiteral{date_value(node)});
  if (node.is_type<g::true_literal>()) return make(span(node), BoolLiteral{true});
  if (node.is_type<g::false_literal>()) return make(span(node), BoolLiteral{false});
  if (node.is_type<g::none_literal>()) return make(span(node), NoneLiteral{});
  if (node.is_type<g::default_record>()) return make(span(node), DefaultRecord{});
  if (node.is_type<g::list_literal>()) {
    ListLiteral list;
    for (const auto& item : node.children) list.items.push_back(expression(*item));
    return make(span(node), std::move(list));
  }
  if (node.is_type<g::name_ref>()) return make(span(node), NameRef{identifier(child(node, 0)).name});
  if (node.is_type<g::call>()) return call(node);
  if (node.is_type<g::lookup>()) {
    TableLookup lookup{identifier(child(node, 0)), {}};
    for (std::size_t i = 1; i < node.children.size(); ++i) lookup.keys.push_back(expression(child(node, i)));
    return make(span(node), std::move(lookup));
  }
  if (node.is_type<g::lambda>()) return make(span(node), Lambda{identifier(child(node, 0)), expression(child(node, 1))});
  if (node.is_type<g::conditional>()) {
    return make(span(node),
                Conditional{expression(child(node, 0)), expression(child(node, 1)), expression(child(node, 2))});
  }
  if (node.is_type<g::brackets>()) return brackets(node);
  if (node.is_type<g::tiers>()) return tiers(node);
  throw std::logic_error(fmt::format("parser: unexpected node {}", node.type));
}

// `30万` is 300000 yuan, `2.5万元` 25000 yuan, `10%` the rate 0.1, `300_000` a plain number.
ExprPtr Lowering::number(const Node& node) {
  std::string_view written = text(node);
  std::string digits;
  std::string_view suffix;
  for (std::size_t i = 0; i < written.size(); ++i) {
    char c = written[i];
    if (c == '_') continue;
    if ((c >= '0' && c <= '9') || c == '.') {
      digits += c;
    } else {
      suffix = written.substr(i);
      break;
    }
  }
  NumberLiteral literal;
  try {
    Decimal value = *Decimal::parse(digits);
    if (suffix.starts_with("万")) value = value * Decimal::from_integer(10000);
    if (suffix.starts_with("亿")) value = value * Decimal::from_integer(100000000);
    if (suffix == "%") value = Decimal::divide(value, Decimal::from_integer(100));
    literal.value = value;
  } catch (const DecimalOverflow&) {
    diagnostics_.error("E0004", span(node), fmt::format("the number {} is beyond the decimal range", written));
  }
  literal.unit = suffix.empty() ? NumberUnit::plain : suffix == "%" ? NumberUnit::rate : NumberUnit::money;
  return make(span(node), literal);
}

BinaryOp operator_of(const Node& node) {
  if (node.is_type<g::op_multiply>()) return BinaryOp::multiply;
  if (node.is_type<g::op_divide>()) return BinaryOp::divide;
  if (node.is_type<g::op_add>()) return BinaryOp::add;
  if (node.is_type<g::op_subtract>()) return BinaryOp::subtract;
  if (node.is_type<g::op_equal>()) return BinaryOp::equal;
  if (node.is_type<g::op_not_equal>()) return BinaryOp::not_equal;
  if (node.is_type<g::op_less_equal>()) return BinaryOp::less_equal;
  if (node.is_type<g::op_greater_equal>()) return BinaryOp::greater_equal;
  if (node.is_type<g::op_less>()) return BinaryOp::less;
  return BinaryOp::greater;
}

// Left-associative chains: `a + b - c`, `a and b and c`. With a fixed operator the
// children are all operands; otherwise operands and operator nodes alternate.
ExprPtr Lowering::binary_chain(const Node& node, std::optional<BinaryOp> fixed_op) {
  ExprPtr result = expression(child(node, 0));
  std::size_t step = fixed_op ? 1 : 2;
  for (std::size_t i = step; i < node.children.size(); i += step) {
    BinaryOp op = fixed_op ? *fixed_op : operator_of(child(node, i - 1));
    ExprPtr right = expression(child(node, i));
    Span covering = Span::covering(result->span, right->span);
    result = make(covering, Binary{op, std::move(result), std::move(right)});
  }
  return result;
}

ExprPtr Lowering::comparison(const Node& node) {
  ExprPtr left = expression(child(node, 0));
  if (node.children.size() == 1) return left;
  const Node& second = child(node, 1);
  if (second.is_type<g::interval>()) {
    Interval range = interval(second);
    Span covering = Span::covering(left->span, range.span);
    return make(covering, InInterval{std::move(left), std::move(range)});
  }
  if (second.is_type<g::member_set>()) {
    Span covering = Span::covering(left->span, span(second));
    InSet set{std::move(left), {}};
    for (const auto& member : second.children) set.members.push_back(expression(*member));
    return make(covering, std::move(set));
  }
  if (second.is_type<g::is_none>() || second.is_type<g::is_set>()) {
    bool set = second.is_type<g::is_set>();
    Span covering = Span::covering(left->span, span(second));
    return make(covering, IsSet{std::move(left), set});
  }
  ExprPtr right = expression(child(node, 2));
  Span covering = Span::covering(left->span, right->span);
  return make(covering, Binary{operator_of(second), std::move(left), std::move(right)});
}

ExprPtr Lowering::postfix(const Node& node) {
  ExprPtr result = expression(child(node, 0));
  for (std::size_t i = 1; i < node.children.size(); ++i) {
    Identifier field = identifier(child(node, i));
    Span covering = Span::covering(result->span, field.span);  // before `result` moves
    result = make(covering, FieldAccess{std::move(result), std::move(field)});
  }
  return result;
}

ExprPtr Lowering::call(const Node& node) {
  Call call{identifier(child(node, 0)), {}};
  for (std::size_t i = 1; i < node.children.size(); ++i) call.arguments.push_back(expression(child(node, i)));
  return make(span(node), std::move(call));
}

Interval Lowering::interval(const Node& node) {
  Interval range;
  range.span = span(node);
  range.lower.inclusive = child(node, 0).is_type<g::lower_closed>();
  const Node& lower = child(node, 1);
  const Node& upper = child(node, 2);
  if (!lower.is_type<g::infinity>()) range.lower.value = expression(lower);
  if (!upper.is_type<g::infinity>()) range.upper.value = expression(upper);
  range.upper.inclusive = child(node, 3).is_type<g::upper_closed>();
  return range;
}

ExprPtr Lowering::brackets(const Node& node) {
  Brackets result;
  result.subject = expression(child(node, 0));
  for (std::size_t i = 1; i < node.children.size(); ++i) {
    const Node& part = child(node, i);
    if (part.is_type<g::hit_policy_name>()) {
      std::string_view name = text(part);
      result.hit_policy_written = true;
      result.hit_policy_span = span(part);
      result.hit_policy = name.starts_with("highest") ? HitPolicy::highest
                          : name.starts_with("first") ? HitPolicy::first
                          : name.starts_with("sum")   ? HitPolicy::sum
                                                      : HitPolicy::unique;
    } else if (part.is_type<g::bracket_arm>()) {
      result.brackets.push_back(Bracket{interval(child(part, 0)), expression(child(part, 1)), span(part)});
    } else if (part.is_type<g::otherwise_arm>()) {
      result.otherwise = expression(child(part, 0));
    }
  }
  return make(span(node), std::move(result));
}

ExprPtr Lowering::tiers(const Node& node) {
  Tiers result;
  result.subject = expression(child(node, 0));
  for (std::size_t i = 1; i < node.children.size(); ++i) {
    const Node& part = child(node, i);
    result.tiers.push_back(Tier{interval(child(part, 0)), expression(child(part, 1)), span(part)});
  }
  return make(span(node), std::move(result));
}

PolicyHeader Lowering::header(const Node& node) {
  PolicyHeader header;
  header.span = span(node);
  header.title = string_value(*find<g::title>(node));
  for (const auto& item : node.children) {
    if (item->is_type<g::header_document>()) header.document = optional_text(*item);
    if (item->is_type<g::header_issued>()) header.issued = date_value(child(*item, 0));
    if (item->is_type<g::header_valid>()) {
      header.validity_span = span(*item);
      header.valid_from = date_value(child(*item, 0));
      header.valid_to = date_value(child(*item, 1));
    }
    if (item->is_type<g::header_year>()) header.evaluation_year = expression(child(*item, 0));
    if (item->is_type<g::header_rounding>()) {
      header.rounding_span = span(*item);
      header.rounding_mode = identifier(child(*item, 0)).name;
      const Node& unit = child(child(*item, 1), 0);
      header.rounding_unit = std::get<NumberLiteral>(number(unit)->kind).value;
    }
    if (item->is_type<g::header_language>()) {
      header.language_span = span(*item);
      header.language = identifier(child(*item, 0)).name;
    }
  }
  return header;
}

EnumDecl Lowering::enum_decl(const Node& node) {
  EnumDecl result;
  result.span = span(node);
  result.name = identifier(child(node, 0));
  result.description = optional_text(node);
  for (const auto& member : node.children) {
    if (!member->is_type<g::enum_member>()) continue;
    result.members.push_back(EnumMember{identifier(child(*member, 0)), optional_text(*member)});
  }
  return result;
}

ParamDecl Lowering::param_decl(const Node& node) {
  ParamDecl result;
  result.span = span(node);
  result.name = identifier(child(node, 0));
  if (const Node* type = find<g::type_ref>(node)) result.type = type_ref(*type);
  for (const auto& part : node.children)
    if (is_expression(*part)) result.value = expression(*part);
  result.description = optional_text(node);
  return result;
}

TableDecl Lowering::table_decl(const Node& node) {
  TableDecl result;
  result.span = span(node);
  result.name = identifier(child(node, 0));
  result.description = optional_text(node);
  for (const auto& key : find<g::table_keys>(node)->children) result.key_types.push_back(identifier(*key));
  if (const Node* value_type = find<g::table_value_type>(node)) result.value_type = type_ref(child(*value_type, 0));
  if (const Node* columns = find<g::table_columns>(node)) {
    for (const auto& column : columns->children) result.columns.push_back(identifier(*column));
  }
  for (const auto& row_node : node.children) {
    if (!row_node->is_type<g::table_row>()) continue;
    TableRow row;
    row.span = span(*row_node);
    row.key = identifier(child(*row_node, 0));
    for (std::size_t i = 1; i < row_node->children.size(); ++i) {
      const Node& cell_node = child(*row_node, i);
      const Node& content = child(cell_node, 0);
      TableCell cell;
      cell.span = span(cell_node);
      if (content.is_type<g::number_literal>()) cell.value = number(content);
      if (content.is_type<g::identifier>()) cell.value = make(span(content), NameRef{identifier(content).name});
      row.cells.push_back(std::move(cell));
    }
    result.rows.push_back(std::move(row));
  }
  return result;
}

LetDecl Lowering::let_decl(const Node& node) {
  LetDecl result;
  result.span = span(node);
  result.name = identifier(child(node, 0));
  result.value = expression(child(node, 1));
  result.description = optional_text(node);
  return result;
}

// A clause a declaration has at most once (docs/language.md: only quotes, let, when,
// cap and cumulative cap repeat): the first counts, a second is E0006.
bool Lowering::first_of_its_kind(bool seen, const Node& clause, std::string_view owner, std::string_view what) const {
  if (seen) diagnostics_.error("E0006", span(clause), fmt::format("a {} has one '{}' clause; this is a second one", owner, what));
  return !seen;
}

std::optional<ValidityWindow> Lowering::validity(const Node& node, std::string_view owner) const {
  std::optional<ValidityWindow> window;
  for (const auto& clause : node.children) {
    if (!clause->is_type<g::validity_clause>() || !first_of_its_kind(window.has_value(), *clause, owner, "valid")) continue;
    window = ValidityWindow{date_value(child(*clause, 0)), date_value(child(*clause, 1)), span(*clause)};
  }
  return window;
}

MeasureDecl Lowering::measure_decl(const Node& node) {
  MeasureDecl result;
  result.span = span(node);
  result.article = article(child(node, 0));
  result.title = string_value(*find<g::title>(node));
  result.validity = validity(node, "measure");
  bool has_project = false;
  bool has_stacks_on = false;
  for (const auto& clause : node.children) {
    const Node& c = *clause;
    if (c.is_type<g::quote>()) {
      append_quote(result.quote, c);
    } else if (c.is_type<g::let_decl>()) {
      result.lets.push_back(let_decl(c));
    } else if (c.is_type<g::when_clause>()) {
      result.conditions.push_back(expression(child(c, 0)));
    } else if (c.is_type<g::for_each_clause>()) {
      if (!first_of_its_kind(result.for_each.has_value(), c, "measure", "for each")) continue;
      ForEach loop;
      loop.span = span(c);
      loop.variable = identifier(child(c, 0));
      loop.list = expression(child(c, 1));
      if (const Node* where = find<g::where_part>(c)) loop.where = expression(child(*where, 0));
      result.for_each = std::move(loop);
    } else if (c.is_type<g::keep_clause>()) {
      if (!result.for_each) {
        diagnostics_.error("E0005", span(c), "'keep highest by' needs a 'for each' clause before it");
      } else if (first_of_its_kind(result.for_each->keep_highest != nullptr, c, "measure", "keep highest by")) {
        result.for_each->keep_highest = expression(child(c, 0));
        result.for_each->keep_span = span(c);
      }
    } else if (c.is_type<g::project_clause>()) {
      if (!first_of_its_kind(has_project, c, "measure", "project")) continue;
      has_project = true;
      result.project = expression(child(c, 0));
    } else if (c.is_type<g::amount_clause>()) {
      if (result.amount) diagnostics_.error("E0006", span(c), "a measure has one 'amount' clause; this is a second one");
      result.amount = expression(child(c, 0));
    } else if (c.is_type<g::cap_clause>()) {
      result.caps.push_back(Cap{expression(child(c, 0)), nullptr, span(c)});
    } else if (c.is_type<g::cumulative_cap_clause>()) {
      result.caps.push_back(Cap{expression(child(c, 0)), expression(child(child(c, 1), 0)), span(c)});
    } else if (c.is_type<g::stacks_clause>()) {
      if (!first_of_its_kind(has_stacks_on, c, "measure", "stacks on")) continue;
      has_stacks_on = true;
      result.stacks_on = optional_text(c);
    } else if (c.is_type<g::expect_clause>()) {
      const Span code = span(child(c, 0));
      result.expectations.push_back(
          Expectation{std::string(source_.slice(code)), code, string_value(*find<g::description>(c)), span(c)});
    }
  }
  return result;
}

BenefitDecl Lowering::benefit_decl(const Node& node) {
  BenefitDecl result;
  result.span = span(node);
  result.article = article(child(node, 0));
  result.title = string_value(*find<g::title>(node));
  result.benefit = identifier(*find<g::declared_name>(node));
  result.validity = validity(node, "benefit");
  for (const auto& clause : node.children) {
    if (clause->is_type<g::quote>()) {
      append_quote(result.quote, *clause);
    }
    if (clause->is_type<g::let_decl>()) result.lets.push_back(let_decl(*clause));
    if (clause->is_type<g::when_clause>()) result.conditions.push_back(expression(child(*clause, 0)));
  }
  return result;
}

StackingDecl Lowering::stacking_decl(const Node& node) {
  StackingDecl result;
  result.span = span(node);
  result.article = article(child(node, 0));
  result.title = string_value(*find<g::title>(node));
  for (const auto& clause : node.children) {
    if (clause->is_type<g::quote>()) {
      append_quote(result.quote, *clause);
    }
    if (clause->is_type<g::against_clause>()) {
      const Node& c = *clause;
      if (!first_of_its_kind(result.against.has_value(), c, "stacking rule", "against")) continue;
      AgainstOther against;
      against.span = span(c);
      against.list = expression(child(c, 0));
      against.variable = identifier(child(c, 1));
      against.project = expression(child(c, 2));
      against.amount = expression(child(c, 3));
      result.against = std::move(against);
    }
  }
  return result;
}

TotalCapDecl Lowering::total_cap_decl(const Node& node) {
  TotalCapDecl result;
  result.span = span(node);
  result.article = article(child(node, 0));
  result.title = string_value(*find<g::title>(node));
  bool has_allocation = false;
  for (const auto& clause : node.children) {
    if (clause->is_type<g::quote>()) {
      append_quote(result.quote, *clause);
    }
    if (clause->is_type<g::limit_clause>() && first_of_its_kind(result.limit != nullptr, *clause, "total cap", "limit")) {
      result.limit = expression(child(*clause, 0));
    }
    bool allocation = clause->is_type<g::allocation_list>() || clause->is_type<g::document_order>();
    if (allocation && !first_of_its_kind(has_allocation, *clause, "total cap", "allocate")) continue;
    has_allocation = has_allocation || allocation;
    if (clause->is_type<g::allocation_list>()) {
      result.document_order = false;
      for (const auto& label : clause->children) {
        result.allocation_order.push_back(article(*label));
      }
    }
  }
  return result;
}

ScenarioDecl Lowering::scenario_decl(const Node& node) {
  ScenarioDecl result;
  result.span = span(node);
  result.name = identifier(child(node, 0));
  result.title = string_value(*find<g::title>(node));
  for (const auto& item : node.children) {
    if (item->is_type<g::quote>()) append_quote(result.quote, *item);
    if (!item->is_type<g::scenario_set>()) continue;
    ScenarioSetting setting;
    setting.span = span(*item);
    const Node& target = child(*item, 0);
    setting.fact = target.is_type<g::fact_target>();
    setting.name = identifier(setting.fact ? child(target, 0) : target);
    setting.value = expression(child(*item, 1));
    result.settings.push_back(std::move(setting));
  }
  return result;
}

std::optional<Declaration> Lowering::declaration(const Node& node, std::optional<PolicyHeader>& header_slot) {
  if (node.is_type<g::policy_header>()) {
    if (header_slot) {
      diagnostics_.error("E0007", span(node), "a policy has one header; this is a second one");
    } else {
      header_slot = header(node);
    }
    return std::nullopt;
  }
  if (node.is_type<g::enum_decl>()) return enum_decl(node);
  if (node.is_type<g::record_decl>()) {
    return RecordDecl{identifier(child(node, 0)), optional_text(node), fields(node), span(node)};
  }
  if (node.is_type<g::facts_decl>()) return FactsDecl{fields(node), span(node)};
  if (node.is_type<g::param_decl>()) return param_decl(node);
  if (node.is_type<g::table_decl>()) return table_decl(node);
  if (node.is_type<g::let_decl>()) return let_decl(node);
  if (node.is_type<g::measure_decl>()) return measure_decl(node);
  if (node.is_type<g::benefit_decl>()) return benefit_decl(node);
  if (node.is_type<g::stacking_decl>()) return stacking_decl(node);
  if (node.is_type<g::total_cap_decl>()) return total_cap_decl(node);
  if (node.is_type<g::scenario_decl>()) return scenario_decl(node);
  if (node.is_type<g::note_decl>()) return NoteDecl{quote(node)};  // note_decl is a quote: its children are the lines
  return std::nullopt;
}

// After a syntax error, parsing resumes at the next line that starts, in its first
// column, with a word that opens a declaration.
// Does `line` (from its first byte) open a declaration: "measure 一 ...", "param b = ..."?
bool starts_declaration(std::string_view line) {
  static constexpr std::string_view openers[] = {"policy", "enum", "record", "facts", "param", "table",
                                                 "let",    "measure", "benefit", "stacking", "total", "scenario"};
  for (std::string_view opener : openers) {
    if (line.starts_with(opener) &&
        (line.size() == opener.size() || line[opener.size()] == ' ' || line[opener.size()] == '\t')) {
      return true;
    }
  }
  return false;
}

std::uint32_t next_declaration_start(const std::string& text, std::uint32_t after, bool may_resume_here) {
  // The error may sit at the very start of the next declaration ("param b =" with
  // its value missing): resume right there, unless nothing would be gained.
  std::size_t at = may_resume_here && after > 0 && text[after - 1] == '\n' ? after - 1 : text.find('\n', after);
  while (at != std::string::npos) {
    if (starts_declaration(std::string_view(text).substr(at + 1))) return static_cast<std::uint32_t>(at + 1);
    at = text.find('\n', at + 1);
  }
  return static_cast<std::uint32_t>(text.size());
}

// The innermost '{' between `from` and `to` that is not closed before `to`, if
// any; braces inside strings, comments and quotes of the law do not count.
std::optional<std::uint32_t> unclosed_brace(std::string_view text, std::uint32_t from, std::uint32_t to) {
  std::vector<std::uint32_t> open;
  bool line_start = true;
  for (std::uint32_t at = from; at < to; ++at) {
    char c = text[at];
    bool skip_line = c == '#' || (c == '>' && line_start);
    if (skip_line) {
      at = static_cast<std::uint32_t>(std::min<std::size_t>(text.find('\n', at), to)) - 1;
    } else if (c == '"') {
      while (++at < to && text[at] != '"' && text[at] != '\n') at += text[at] == '\\' ? 1 : 0;
    } else if (c == '{') {
      open.push_back(at);
    } else if (c == '}' && !open.empty()) {
      open.pop_back();
    }
    line_start = c == '\n' || (line_start && (c == ' ' || c == '\t'));
  }
  if (open.empty()) return std::nullopt;
  return open.back();
}

// A block left open shows up later, as an error at the next declaration (its
// keyword read as a field name, say) or at the end of the file; the error then
// says nothing about the real mistake, so a note points at the block's '{'.
std::vector<DiagnosticNote> unclosed_block_note(const std::string& text, std::uint32_t declaration_start,
                                                std::uint32_t error_at) {
  std::size_t line_start = text.rfind('\n', error_at == 0 ? 0 : error_at - 1);
  line_start = line_start == std::string::npos ? 0 : line_start + 1;
  bool at_end = error_at >= text.find_last_not_of(" \t\r\n") + 1;
  bool at_next_declaration = line_start > declaration_start && starts_declaration(std::string_view(text).substr(line_start));
  if (!at_end && !at_next_declaration) return {};
  std::optional<std::uint32_t> brace = unclosed_brace(text, declaration_start, static_cast<std::uint32_t>(line_start));
  if (!brace) return {};
  return {{Span{*brace, *brace + 1},
           at_end ? "this '{' is never closed: is its '}' missing?"
                  : "this '{' is not closed before the next declaration: is its '}' missing?"}};
}

// What stands where a syntax error was found, in bytes: a whole word (so the message
// says `found 'foo'`, not `found 'f'`), else one whole character; 0 at a line's end.
std::size_t found_length(std::string_view rest) {
  if (rest.empty() || rest.front() == '\n' || rest.front() == '\r') return 0;
  auto length_at = [&](std::size_t at) -> std::size_t {
    unsigned char lead = static_cast<unsigned char>(rest[at]);
    std::size_t length = lead < 0xC0 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
    return std::min(length, rest.size() - at);
  };
  auto is_word_character = [&](std::size_t at) {
    unsigned char c = static_cast<unsigned char>(rest[at]);
    if (c < 0x80) return std::isalnum(c) != 0 || c == '_';
    // CJK ideographs, as identifiers allow them: U+3400..U+4DBF, U+4E00..U+9FFF, U+F900..U+FAFF.
    if (length_at(at) != 3 || c < 0xE0) return false;
    char32_t code = ((c & 0x0F) << 12) | ((static_cast<unsigned char>(rest[at + 1]) & 0x3F) << 6) |
                    (static_cast<unsigned char>(rest[at + 2]) & 0x3F);
    return (code >= 0x3400 && code <= 0x4DBF) || (code >= 0x4E00 && code <= 0x9FFF) || (code >= 0xF900 && code <= 0xFAFF);
  };
  std::size_t end = length_at(0);
  auto is_operator_character = [&](std::size_t at) { return std::string_view("<>=!").find(rest[at]) != std::string_view::npos; };
  if (is_operator_character(0)) {  // `<=`, not `<`
    while (end < rest.size() && is_operator_character(end)) ++end;
    return end;
  }
  constexpr int longest = 30;  // characters shown of a long word
  if (rest.front() == '"') {   // a quoted text, whole when it closes on its line and is short
    std::size_t close = rest.find_first_of("\"\n", 1);
    if (close != std::string_view::npos && rest[close] == '"' && character_count(rest.substr(0, close)) < longest) {
      return close + 1;
    }
    return end;
  }
  if (!is_word_character(0)) return end;
  // A number keeps its decimals and its percent sign: `0.01`, `30%`.
  auto continues_number = [&](std::size_t at) {
    auto is_digit = [&](std::size_t i) {
      return i < rest.size() && std::isdigit(static_cast<unsigned char>(rest[i])) != 0;
    };
    if (!is_digit(at - 1)) return false;
    return rest[at] == '%' || (rest[at] == '.' && is_digit(at + 1));
  };
  for (int characters = 1;
       end < rest.size() && characters < longest && (is_word_character(end) || continues_number(end)); ++characters) {
    end += length_at(end);
  }
  return end;
}

// `end` names the end of the input: of the file, or of a value given on the command line.
std::string describe_found(std::string_view rest, std::string_view end = "the end of the file") {
  if (rest.empty()) return std::string(end);
  std::size_t length = found_length(rest);
  if (length == 0) return "the end of the line";
  return fmt::format("'{}'", rest.substr(0, length));
}

}  // namespace

syntax::Program parse_program(const SourceFile& source, Diagnostics& diagnostics) {
  Program program;
  const std::string& text = source.text();
  std::uint32_t offset = 0;
  // A UTF-8 byte order mark is tolerated: editors on Windows write one.
  if (text.starts_with(byte_order_mark)) offset = static_cast<std::uint32_t>(byte_order_mark.size());
  // Text in another encoding (GBK, say) would be misread as names and strings:
  // refuse the file, saying where it goes wrong.
  if (std::optional<std::size_t> bad = first_invalid_utf8(text)) {
    auto at = static_cast<std::uint32_t>(*bad);
    diagnostics.error("E0008", Span{at, at + 1},
                      fmt::format("the file is not valid UTF-8: byte 0x{:02X} at byte offset {} is not part of a "
                                  "UTF-8 character",
                                  static_cast<unsigned char>(text[at]), at),
                      {{Span{}, "save the file as UTF-8 (for example, in Notepad: Save As, Encoding: UTF-8)"}});
    return program;
  }
  int next_id = 0;
  while (offset < text.size()) {
    pegtl::memory_input<> input(text.data() + offset, text.data() + text.size(), source.name());
    std::unique_ptr<Node> root;
    ExpressionDepth depth;
    try {
      root = pegtl::parse_tree::parse<g::one_declaration, selector, pegtl::nothing, control>(input, depth);
    } catch (const nesting_too_deep& error) {
      std::uint32_t at = offset + static_cast<std::uint32_t>(error.positions().front().byte);
      diagnostics.error("E0002", Span{at, at + 1}, std::string(error.message()),
                        {{Span{}, "name the inner parts with 'let' and build the whole from them"}});
      offset = next_declaration_start(text, at, at > offset);
      continue;
    } catch (const pegtl::parse_error& error) {
      std::uint32_t at = offset + static_cast<std::uint32_t>(error.positions().front().byte);
      std::string message(error.message());
      std::string_view rest = std::string_view(text).substr(at);
      std::uint32_t found = static_cast<std::uint32_t>(std::max<std::size_t>(1, found_length(rest)));
      diagnostics.error("E0001", Span{at, at + found}, fmt::format("{}, found {}", message, describe_found(rest)),
                        unclosed_block_note(text, offset, at));
      offset = next_declaration_start(text, at, at > offset);
      continue;
    }
    std::uint32_t consumed = static_cast<std::uint32_t>(input.current() - (text.data() + offset));
    if (root && !root->children.empty()) {
      Lowering lowering(source, diagnostics, offset, next_id);
      if (auto declaration = lowering.declaration(*root->children.front(), program.header)) {
        program.declarations.push_back(std::move(*declaration));
      }
    }
    if (consumed == 0) break;  // only the end of the file was left
    offset += consumed;
  }
  program.expression_count = next_id;
  return program;
}

syntax::ExprPtr parse_value(const SourceFile& source, std::uint32_t offset, Diagnostics& diagnostics) {
  const std::string& text = source.text();
  pegtl::memory_input<> input(text.data() + offset, text.data() + text.size(), source.name());
  std::unique_ptr<Node> root;
  ExpressionDepth depth;
  try {
    root = pegtl::parse_tree::parse<g::lone_value, selector, pegtl::nothing, control>(input, depth);
  } catch (const nesting_too_deep& error) {
    std::uint32_t at = offset + static_cast<std::uint32_t>(error.positions().front().byte);
    diagnostics.error("E0002", Span{at, at + 1}, std::string(error.message()));
    return nullptr;
  } catch (const pegtl::parse_error& error) {
    std::uint32_t at = offset + static_cast<std::uint32_t>(error.positions().front().byte);
    std::string_view rest = std::string_view(text).substr(at);
    std::uint32_t found = static_cast<std::uint32_t>(std::max<std::size_t>(1, found_length(rest)));
    diagnostics.error("E0001", Span{at, at + found},
                      fmt::format("{}, found {}", error.message(), describe_found(rest, "the end of the value")));
    return nullptr;
  }
  if (!root || root->children.empty()) return nullptr;
  int next_id = 0;
  Lowering lowering(source, diagnostics, offset, next_id);
  return lowering.lone_value(*root->children.front());
}

}  // namespace clause
