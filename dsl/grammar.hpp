#pragma once
// The Clause grammar, in PEGTL. Included only by dsl/parser.cpp: no PEGTL type
// leaves the parser.
//
// Conventions (after PEGTL's lua53 and json examples):
// - every token is followed by `sp`, which skips blanks, line ends and comments;
// - a keyword is the word not followed by an identifier character;
// - after the keyword that commits to a construct, each further piece is a
//   separately named rule inside `must<>`, so every syntax error has exactly one
//   message in `error_message<Rule>` (dsl/parser.cpp).

#include <tao/pegtl.hpp>
#include <tao/pegtl/contrib/analyze_traits.hpp>

namespace clause::grammar {

namespace pegtl = tao::pegtl;
using namespace pegtl;

// ---- Characters, white space, comments -------------------------------------

// Identifiers: ASCII letters, '_', digits after the first, and CJK ideographs,
// so policy staff may name things in Chinese.
struct cjk : utf8::ranges<0x3400, 0x4DBF, 0x4E00, 0x9FFF, 0xF900, 0xFAFF> {};
struct ident_first : sor<ranges<'a', 'z', 'A', 'Z', '_'>, cjk> {};
struct ident_other : sor<ident_first, digit> {};

struct comment : seq<one<'#'>, until<eolf>> {};

// Are we at the first non-blank character of a line? A `>` there opens a quote of
// the law's text, never a comparison.
struct at_line_start {
  using rule_t = at_line_start;
  using subs_t = empty_list;
  template <typename ParseInput>
  static bool match(ParseInput& in) {
    const char* at = in.current();
    const char* start = in.begin();
    while (at > start && (at[-1] == ' ' || at[-1] == '\t')) --at;
    return at == start || at[-1] == '\n';
  }
};

struct space_char : one<' ', '\t', '\r', '\n'> {};
struct sp : star<sor<space_char, comment>> {};
struct blanks : star<one<' ', '\t'>> {};

template <typename Rule>
struct token : seq<Rule, sp> {};

template <typename Word>
struct keyword : seq<Word, not_at<ident_other>> {};

#define CLAUSE_KEYWORD(name) \
  struct kw_##name : keyword<TAO_PEGTL_STRING(#name)> {}

CLAUSE_KEYWORD(policy);
CLAUSE_KEYWORD(document);
CLAUSE_KEYWORD(issued);
CLAUSE_KEYWORD(valid);
CLAUSE_KEYWORD(evaluation_year);
CLAUSE_KEYWORD(rounding);
CLAUSE_KEYWORD(language);
CLAUSE_KEYWORD(enum);
CLAUSE_KEYWORD(record);
CLAUSE_KEYWORD(facts);
CLAUSE_KEYWORD(param);
CLAUSE_KEYWORD(table);
CLAUSE_KEYWORD(by);
CLAUSE_KEYWORD(let);
CLAUSE_KEYWORD(measure);
CLAUSE_KEYWORD(benefit);
CLAUSE_KEYWORD(gives);
CLAUSE_KEYWORD(stacking);
CLAUSE_KEYWORD(against);
CLAUSE_KEYWORD(as);
CLAUSE_KEYWORD(total);
CLAUSE_KEYWORD(cap);
CLAUSE_KEYWORD(cumulative);
CLAUSE_KEYWORD(paid);
CLAUSE_KEYWORD(limit);
CLAUSE_KEYWORD(allocate);
CLAUSE_KEYWORD(in);
CLAUSE_KEYWORD(order);
CLAUSE_KEYWORD(when);
CLAUSE_KEYWORD(amount);
CLAUSE_KEYWORD(project);
CLAUSE_KEYWORD(for);
CLAUSE_KEYWORD(each);
CLAUSE_KEYWORD(where);
CLAUSE_KEYWORD(keep);
CLAUSE_KEYWORD(highest);
CLAUSE_KEYWORD(stacks);
CLAUSE_KEYWORD(on);
CLAUSE_KEYWORD(from);
CLAUSE_KEYWORD(to);
CLAUSE_KEYWORD(list);
CLAUSE_KEYWORD(of);
CLAUSE_KEYWORD(if);
CLAUSE_KEYWORD(then);
CLAUSE_KEYWORD(else);
CLAUSE_KEYWORD(and);
CLAUSE_KEYWORD(or);
CLAUSE_KEYWORD(not);
CLAUSE_KEYWORD(is);
CLAUSE_KEYWORD(none);
CLAUSE_KEYWORD(set);
CLAUSE_KEYWORD(true);
CLAUSE_KEYWORD(false);
CLAUSE_KEYWORD(brackets);
CLAUSE_KEYWORD(tiers);
CLAUSE_KEYWORD(hit);
CLAUSE_KEYWORD(otherwise);
CLAUSE_KEYWORD(inf);
CLAUSE_KEYWORD(scenario);
CLAUSE_KEYWORD(expect);
#undef CLAUSE_KEYWORD

// Words an expression may not use as a plain name: its own keywords, and the
// words that open a declaration (so a missing value is reported where it is missing).
struct reserved_word
    : sor<kw_policy, kw_enum, kw_record, kw_facts, kw_param, kw_table, kw_let, kw_measure, kw_benefit, kw_stacking, kw_if, kw_then, kw_else, kw_and, kw_or, kw_not, kw_in, kw_is, kw_none, kw_set, kw_true, kw_false,
          kw_brackets, kw_tiers, kw_inf> {};

struct identifier : seq<ident_first, star<ident_other>> {};
// A name in an expression: not a reserved word.
struct name : seq<not_at<reserved_word>, identifier> {};

// ---- Literals ---------------------------------------------------------------

struct date_literal : seq<rep<4, digit>, one<'-'>, rep<2, digit>, one<'-'>, rep<2, digit>, not_at<ident_other>> {};

struct digits : seq<digit, star<opt<one<'_'>>, digit>> {};
struct number_unit
    : sor<TAO_PEGTL_STRING("万元"), TAO_PEGTL_STRING("亿元"), TAO_PEGTL_STRING("万"),
          TAO_PEGTL_STRING("亿"), TAO_PEGTL_STRING("元"), one<'%'>> {};
struct number_literal : seq<digits, opt<one<'.'>, digits>, opt<number_unit>, not_at<ident_other>> {};

struct escaped_char : seq<one<'\\'>, one<'"', '\\', 'n', 't'>> {};
struct string_char : sor<escaped_char, seq<not_one<'"', '\\', '\n'>>> {};
struct string_close : one<'"'> {};
struct string_body : until<string_close, string_char> {};
struct string_literal : if_must<one<'"'>, string_body> {};

// ---- Expressions --------------------------------------------------------------

struct expression;

struct open_paren : token<one<'('>> {};
struct close_paren : token<one<')'>> {};
struct close_bracket : token<one<']'>> {};
struct open_brace : token<one<'{'>> {};
struct close_brace : token<one<'}'>> {};
struct comma : token<one<','>> {};
struct colon : token<one<':'>> {};

struct true_literal : token<kw_true> {};
struct false_literal : token<kw_false> {};
struct none_literal : token<kw_none> {};

// `p -> body`: only as an argument of an aggregate.
struct lambda_arrow : token<string<'-', '>'>> {};
struct lambda : seq<token<identifier>, lambda_arrow, must<expression>> {};
struct argument : sor<lambda, expression> {};
struct argument_comma : comma {};
struct arguments : opt<list_must<argument, argument_comma>> {};
struct call_close : token<one<')'>> {};
// A call or lookup opens directly after the name: `sum(` and `award[`, so that a
// bracket on the next line is never read as an index.
struct call : seq<identifier, one<'('>, sp, arguments, must<call_close>> {};
struct lookup_close : token<one<']'>> {};
struct lookup : seq<identifier, one<'['>, sp, list_must<expression, comma>, must<lookup_close>> {};

struct paren_close : token<one<')'>> {};
struct parenthesized : if_must<open_paren, expression, paren_close> {};

struct then_branch : seq<token<kw_then>, expression> {};
struct else_branch : seq<token<kw_else>, expression> {};
struct conditional : if_must<token<kw_if>, expression, then_branch, else_branch> {};

// Interval bounds: `(` `[` ... `]` `)`; `inf`/`∞` leaves an end open.
struct infinity : sor<seq<opt<one<'-', '+'>>, kw_inf>, seq<opt<one<'-', '+'>>, TAO_PEGTL_STRING("∞")>> {};
struct lower_open : one<'('> {};
struct lower_closed : one<'['> {};
struct upper_open : one<')'> {};
struct upper_closed : one<']'> {};
struct bound_value : sor<token<infinity>, expression> {};
struct interval_comma : token<one<','>> {};
struct interval_close : token<sor<upper_open, upper_closed>> {};
struct interval : seq<token<sor<lower_open, lower_closed>>, must<bound_value>, must<interval_comma>, must<bound_value>,
                      must<interval_close>> {};

struct hit_policy_name : sor<TAO_PEGTL_STRING("unique"), TAO_PEGTL_STRING("highest"), TAO_PEGTL_STRING("first"),
                             TAO_PEGTL_STRING("sum")> {};
struct hit_policy_word : token<hit_policy_name> {};
struct hit_policy : seq<token<kw_hit>, must<hit_policy_word>> {};
struct arm_colon : colon {};
struct bracket_arm : seq<interval, must<arm_colon>, must<expression>> {};
struct otherwise_arm : seq<token<kw_otherwise>, must<arm_colon>, must<expression>> {};
struct brackets_open : open_brace {};
struct brackets_close : close_brace {};
struct brackets_subject : seq<expression> {};
struct brackets
    : if_must<token<kw_brackets>, brackets_subject, opt<hit_policy>, brackets_open, star<bracket_arm>,
              opt<otherwise_arm>, brackets_close> {};
struct tier_arm : seq<interval, must<arm_colon>, must<expression>> {};
struct tiers_close : close_brace {};
struct tiers : if_must<token<kw_tiers>, brackets_subject, brackets_open, star<tier_arm>, tiers_close> {};

struct member_set_close : token<one<'}'>> {};
struct member_set : seq<token<one<'{'>>, list_must<expression, comma>, must<member_set_close>> {};

struct list_close : token<one<']'>> {};
struct list_literal : seq<token<one<'['>>, opt<list_must<expression, comma>>, must<list_close>> {};
// `{}`: a record whose fields all take their defaults.
struct default_record : seq<token<one<'{'>>, token<one<'}'>>> {};
struct name_ref : token<name> {};
struct primary
    : sor<token<date_literal>, token<number_literal>, token<string_literal>, true_literal, false_literal,
          none_literal, list_literal, default_record, conditional, brackets, tiers, seq<call, sp>, seq<lookup, sp>, name_ref, parenthesized> {};

struct field_name : token<identifier> {};
struct field_suffix : seq<token<one<'.'>>, must<field_name>> {};
struct postfix : seq<primary, star<field_suffix>> {};

struct negation;
struct operand : sor<negation, postfix> {};
struct negation : seq<token<one<'-'>>, must<operand>> {};

struct op_multiply : sor<one<'*'>, TAO_PEGTL_STRING("×")> {};
struct op_divide : sor<one<'/'>, TAO_PEGTL_STRING("÷")> {};
struct op_add : one<'+'> {};
struct op_subtract : seq<one<'-'>, not_at<one<'>'>>> {};
struct multiplicative_operator : token<sor<op_multiply, op_divide>> {};
struct additive_operator : token<sor<op_add, op_subtract>> {};
struct multiplicative : seq<operand, star<multiplicative_operator, must<operand>>> {};
struct additive : seq<multiplicative, star<additive_operator, must<multiplicative>>> {};

struct op_equal : string<'=', '='> {};
struct op_not_equal : string<'!', '='> {};
struct op_less_equal : string<'<', '='> {};
struct op_greater_equal : seq<not_at<at_line_start>, string<'>', '='>> {};
struct op_less : one<'<'> {};
struct op_greater : seq<not_at<at_line_start>, one<'>'>> {};
struct comparison_operator
    : token<sor<op_equal, op_not_equal, op_less_equal, op_greater_equal, op_less, op_greater>> {};
struct is_none : token<kw_none> {};
struct is_set : token<kw_set> {};
struct is_what : sor<is_none, is_set> {};
struct in_what : sor<interval, member_set> {};
// `1 < a < 3` is refused where the second operator stands, with its own message.
struct comparison_end : not_at<comparison_operator> {};
struct comparison
    : seq<additive, opt<sor<seq<comparison_operator, must<additive>, must<comparison_end>>, seq<token<kw_in>, must<in_what>>,
                            seq<token<kw_is>, must<is_what>>>>> {};

struct not_operand;
struct logical_not : seq<token<kw_not>, must<not_operand>> {};
struct not_operand : sor<logical_not, comparison> {};
struct conjunction : seq<not_operand, star<token<kw_and>, must<not_operand>>> {};
struct disjunction : seq<conjunction, star<token<kw_or>, must<conjunction>>> {};
// seq<>, not inheritance: `struct expression : disjunction` would match as the rule
// `expression`, so no `disjunction` node was made and `a or b` lost its `or b`.
struct expression : seq<disjunction> {};

// ---- Shared pieces of declarations -------------------------------------------

struct description : token<string_literal> {};
struct declared_name : token<identifier> {};

// Article labels as the law numbers them: 一, 一(一), 五（二）; or any quoted label.
struct chinese_numeral : utf8::one<U'一', U'二', U'三', U'四', U'五', U'六', U'七', U'八', U'九', U'十', U'百', U'零', U'〇'> {};
struct label_open : sor<one<'('>, TAO_PEGTL_STRING("（")> {};
struct label_close : sor<one<')'>, TAO_PEGTL_STRING("）")> {};
struct article_label
    : token<sor<seq<plus<chinese_numeral>, opt<label_open, plus<chinese_numeral>, label_close>>, string_literal>> {};
struct title : token<string_literal> {};

// A quote of the law: consecutive lines starting with `>`.
struct quote_text : star<not_one<'\n'>> {};
struct quote_line : seq<at_line_start, one<'>'>, blanks, quote_text, sp> {};
struct quote : plus<quote_line> {};

struct list_of : token<kw_of> {};
struct list_type : seq<token<kw_list>, must<list_of>> {};
struct optional_mark : token<one<'?'>> {};
// The name is not a commit point of its own, so a missing type is reported as one
// ("expected a type (money, ...)"), not as a missing name.
struct type_ref : seq<opt<list_type>, declared_name, opt<optional_mark>> {};
struct default_value : seq<token<one<'='>>, must<expression>> {};
struct field_decl : seq<declared_name, must<colon>, must<type_ref>, opt<default_value>, opt<description>> {};
struct field_block_close : close_brace {};
struct field_block : seq<open_brace, star<field_decl>, must<field_block_close>> {};

// ---- Declarations -----------------------------------------------------------------

// A quoted text that must be there: named for what it is, so the message says so.
struct document_number : seq<description> {};
struct header_document : seq<token<kw_document>, must<document_number>> {};
struct date_value : token<date_literal> {};
struct header_issued : seq<token<kw_issued>, must<date_value>> {};
struct header_to : token<kw_to> {};
struct header_valid : seq<token<kw_valid>, must<date_value>, must<header_to>, must<date_value>> {};
struct header_year : seq<token<kw_evaluation_year>, must<expression>> {};
struct rounding_mode_name : token<identifier> {};
struct rounding_unit : token<number_literal> {};
struct header_rounding : seq<token<kw_rounding>, must<rounding_mode_name>, must<header_to>, must<rounding_unit>> {};
struct language_name : token<identifier> {};
struct header_language : seq<token<kw_language>, must<language_name>> {};
struct header_item
    : sor<header_document, header_issued, header_valid, header_year, header_rounding, header_language, quote> {};
struct header_close : close_brace {};
struct policy_header : if_must<token<kw_policy>, title, open_brace, star<header_item>, header_close> {};

struct enum_member : seq<declared_name, opt<description>> {};
struct enum_close : close_brace {};
struct enum_decl : if_must<token<kw_enum>, declared_name, opt<description>, open_brace, star<enum_member>, enum_close> {};

struct record_decl : if_must<token<kw_record>, declared_name, opt<description>, field_block> {};
struct facts_decl : if_must<token<kw_facts>, field_block> {};

struct param_type : seq<token<one<':'>>, must<type_ref>> {};
struct param_equals : token<one<'='>> {};
struct param_decl : if_must<token<kw_param>, declared_name, opt<param_type>, param_equals, expression, opt<description>> {};

// Tables are grids, one row a line: `key: cell cell cell`; for two keys a header
// line names the columns. A cell is a number, a name, or `—`/`-` (not covered).
struct inline_space : star<sor<one<' ', '\t', '\r'>, comment>> {};
struct not_covered : sor<TAO_PEGTL_STRING("—"), TAO_PEGTL_STRING("–"), seq<one<'-'>, not_at<digit>>> {};
struct table_cell : seq<sor<not_covered, number_literal, identifier>, inline_space> {};
struct row_key : seq<identifier, inline_space> {};
struct row_colon : seq<one<':'>, inline_space> {};
struct row_end : sor<eol, at<one<'}'>>> {};
struct table_row : seq<row_key, row_colon, plus<table_cell>, must<row_end>, sp> {};
struct column_name : seq<identifier, inline_space> {};
struct table_columns : seq<plus<column_name>, eol, sp> {};
struct table_keys_separator : token<sor<TAO_PEGTL_STRING("×"), one<'x', '*', ','>>> {};
struct table_keys : seq<declared_name, opt<table_keys_separator, must<declared_name>>> {};
struct table_value_type : seq<token<string<'-', '>'>>, must<type_ref>> {};
struct table_close : close_brace {};
struct table_open : open_brace {};
struct table_by : token<kw_by> {};
struct table_decl
    : if_must<token<kw_table>, declared_name, opt<description>, table_by, table_keys, opt<table_value_type>, table_open,
              opt<table_columns>, star<table_row>, table_close> {};

struct let_equals : token<one<'='>> {};
struct let_decl : if_must<token<kw_let>, declared_name, let_equals, expression, opt<description>> {};

struct when_clause : if_must<token<kw_when>, expression> {};
struct amount_clause : if_must<token<kw_amount>, expression> {};
struct project_clause : if_must<token<kw_project>, expression> {};
struct cap_clause : if_must<token<kw_cap>, expression> {};
struct paid_part : seq<token<kw_paid>, must<expression>> {};
struct cumulative_cap_word : token<kw_cap> {};
struct cumulative_cap_clause : if_must<token<kw_cumulative>, cumulative_cap_word, expression, paid_part> {};
struct where_part : seq<token<kw_where>, must<expression>> {};
struct for_each_in : token<kw_in> {};
struct for_each_clause
    : if_must<seq<token<kw_for>, token<kw_each>>, declared_name, for_each_in, expression, opt<where_part>> {};
struct keep_highest_by : seq<token<kw_highest>, token<kw_by>> {};
struct keep_clause : if_must<token<kw_keep>, keep_highest_by, expression> {};
struct validity_clause : if_must<token<kw_valid>, date_value, header_to, date_value> {};
struct stacks_on : token<kw_on> {};
struct stacks_target : seq<description> {};
struct stacks_clause : if_must<token<kw_stacks>, stacks_on, stacks_target> {};
// `expect W0701 "why"`: a warning the checks give the measure, reviewed and
// kept as the text has it; why is not optional (interpreter/lint_expectations.cpp).
struct expected_code : token<seq<one<'W'>, rep<4, digit>, not_at<ident_other>>> {};
struct expect_reason : seq<description> {};
struct expect_clause : if_must<token<kw_expect>, expected_code, expect_reason> {};
struct measure_clause
    : sor<quote, let_decl, when_clause, for_each_clause, keep_clause, project_clause, amount_clause, cap_clause,
          cumulative_cap_clause, validity_clause, stacks_clause, expect_clause> {};
struct measure_close : close_brace {};
struct measure_decl : if_must<token<kw_measure>, article_label, title, open_brace, star<measure_clause>, measure_close> {};

struct benefit_clause : sor<quote, let_decl, when_clause, validity_clause> {};
struct benefit_gives : token<kw_gives> {};
struct benefit_close : close_brace {};
struct benefit_decl
    : if_must<token<kw_benefit>, article_label, title, benefit_gives, declared_name, open_brace,
              star<benefit_clause>, benefit_close> {};

struct against_colon : colon {};
struct against_project : seq<token<kw_project>, must<expression>> {};
struct against_amount : seq<token<kw_amount>, must<expression>> {};
struct against_as : token<kw_as> {};
struct against_clause
    : if_must<token<kw_against>, expression, against_as, declared_name, against_colon, against_project, comma,
              against_amount> {};
struct stacking_clause : sor<quote, against_clause> {};
struct stacking_close : close_brace {};
struct stacking_decl : if_must<token<kw_stacking>, article_label, title, open_brace, star<stacking_clause>, stacking_close> {};

struct limit_clause : if_must<token<kw_limit>, expression> {};
struct document_order_words : seq<token<kw_document>, token<kw_order>> {};
struct document_order : seq<token<kw_in>, must<document_order_words>> {};
struct allocation_list : list_must<article_label, comma> {};
struct allocation : sor<document_order, allocation_list> {};
struct allocate_clause : if_must<token<kw_allocate>, allocation> {};
struct total_cap_clause : sor<quote, limit_clause, allocate_clause> {};
struct total_cap_close : close_brace {};
struct total_cap_decl
    : if_must<seq<token<kw_total>, token<kw_cap>>, article_label, title, open_brace, star<total_cap_clause>,
              total_cap_close> {};

struct note_decl : quote {};

// A what-if, usually in a file of its own: other values for parameters, and for
// one enterprise's facts (`set facts.cloud_fee = 8万`).
struct fact_target : seq<token<kw_facts>, token<one<'.'>>, must<declared_name>> {};
struct scenario_target : sor<fact_target, declared_name> {};
struct scenario_equals : token<one<'='>> {};
struct scenario_set : if_must<token<kw_set>, scenario_target, scenario_equals, expression> {};
struct scenario_item : sor<quote, scenario_set> {};
struct scenario_close : close_brace {};
struct scenario_decl : if_must<token<kw_scenario>, declared_name, title, open_brace, star<scenario_item>, scenario_close> {};


struct unknown_declaration : any {};
struct declaration
    : sor<policy_header, enum_decl, record_decl, facts_decl, param_decl, table_decl, let_decl, measure_decl,
          benefit_decl, stacking_decl, total_cap_decl, scenario_decl, note_decl, raise<unknown_declaration>> {};
// The parser reads one declaration at a time, so a syntax error costs only the
// declaration it is in.
struct one_declaration : seq<sp, sor<eof, declaration>> {};

// A value alone, as given on the command line (`--set cloud_cap=8万`).
struct value_end : eof {};
struct lone_value : seq<sp, must<expression>, must<value_end>> {};

}  // namespace clause::grammar

// at_line_start consumes nothing, like at<>: say so to pegtl::analyze.
template <typename Name>
struct tao::pegtl::analyze_traits<Name, clause::grammar::at_line_start> : analyze_opt_traits<> {};
