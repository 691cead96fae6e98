#include "interpreter/checker.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <unordered_map>

#include "dsl/parser.hpp"
#include "dsl/syntax_walk.hpp"
#include "interpreter/check_brackets.hpp"
#include "interpreter/check_expressions.hpp"

namespace clause {
namespace {

using namespace syntax;

class Checker {
 public:
  Checker(CheckedProgram& program, Diagnostics& diagnostics)
      : program_(program), diagnostics_(diagnostics), expressions_(program, diagnostics) {}

  void run();

 private:
  template <typename Declaration, typename Visit>
  void for_each(Visit visit) {
    for (auto& declaration : program_.syntax.declarations)
      if (auto* found = std::get_if<Declaration>(&declaration)) visit(*found);
  }

  void check_header();
  void declare_enums();
  void declare_records();
  std::optional<Type> resolve_type(const TypeRef& type);
  FieldSchema field_schema(const FieldDecl& field);
  void declare_facts();
  void declare_params();
  void declare_tables();
  void check_table(const TableDecl& table);
  void check_lets();
  void check_measures();
  void check_measure(const MeasureDecl& measure);
  void check_benefits();
  void check_stacking();
  void check_total_cap();
  std::vector<CheckedLet> check_local_lets(const std::vector<LetDecl>& lets);
  void check_conditions(const std::vector<ExprPtr>& conditions);
  void check_validity(const std::optional<ValidityWindow>& window);
  void check_article_unique(const Identifier& article);

  CheckedProgram& program_;
  Diagnostics& diagnostics_;
  ExpressionChecker expressions_;
  std::unordered_map<std::string, Span> articles_;
};

void Checker::run() {
  check_header();
  declare_enums();
  declare_records();
  declare_facts();
  declare_params();
  declare_tables();
  check_lets();
  check_measures();
  check_benefits();
  check_stacking();
  check_total_cap();
  program_.slot_count = expressions_.slot_count();
}

void Checker::check_header() {
  const auto& header = program_.syntax.header;
  if (!header) {
    diagnostics_.error("E0501", Span{0, 0},
                       "the policy has no header: start the file with 'policy \"title\" { valid ... evaluation_year ... }'");
    return;
  }
  PolicyInfo& policy = program_.policy;
  policy.title = header->title;
  policy.document = header->document;
  policy.issued = header->issued;
  if (!header->valid_from || !header->valid_to) {
    diagnostics_.error("E0502", header->span, "the policy header needs its validity window: 'valid 2023-01-01 to 2025-12-31'");
  } else {
    policy.valid_from = *header->valid_from;
    policy.valid_to = *header->valid_to;
    if (policy.valid_to < policy.valid_from) {
      diagnostics_.error("E0502", header->validity_span,
                         fmt::format("the validity window ends ({}) before it starts ({})", policy.valid_to.to_string(),
                                     policy.valid_from.to_string()));
    }
  }
  if (auto mode = rounding_mode_from_name(header->rounding_mode)) {
    policy.rounding = *mode;
  } else {
    diagnostics_.error("E0503", header->rounding_span,
                       fmt::format("unknown rounding mode '{}', expected one of half_up, half_even, down, up", header->rounding_mode));
  }
  Decimal unit = header->rounding_unit.normalized();
  if (unit.coefficient() != 1) {
    diagnostics_.error("E0503", header->rounding_span,
                       fmt::format("round to a power of ten such as 0.01 or 1, not {}", unit.to_string()));
  }
  policy.rounding_digits = unit.scale() > 0 ? unit.scale() : -(unit.integer_digits() - 1);
  if (header->language != "zh" && header->language != "en") {
    diagnostics_.error("E0504", header->language_span, fmt::format("unknown language '{}', expected zh or en", header->language));
  }
  policy.language = header->language;
  if (!header->evaluation_year) {
    diagnostics_.error("E0505", header->span,
                       "the policy header needs 'evaluation_year' (the fact that names the year being evaluated)");
  }
}

void Checker::declare_enums() {
  for_each<EnumDecl>([&](const EnumDecl& declaration) {
    if (!expressions_.declare_global_name(declaration.name, "enum")) return;
    EnumSchema schema{declaration.name.name, {}, {}};
    for (const EnumMember& member : declaration.members) {
      if (schema.find(member.name.name)) {
        diagnostics_.error("E0105", member.name.span, fmt::format("'{}' is listed twice in enum {}", member.name.name, declaration.name.name));
        continue;
      }
      schema.members.push_back(member.name.name);
      schema.labels.push_back(member.label);
    }
    if (schema.members.empty()) diagnostics_.error("E0106", declaration.span, fmt::format("enum {} has no members", declaration.name.name));
    program_.schema.enums.push_back(std::move(schema));
  });
  expressions_.index_enum_members();
}

std::optional<Type> Checker::resolve_type(const TypeRef& ref) {
  static const std::unordered_map<std::string_view, TypeKind> built_in = {
      {"money", TypeKind::money}, {"rate", TypeKind::rate},     {"number", TypeKind::number}, {"integer", TypeKind::integer},
      {"bool", TypeKind::boolean}, {"date", TypeKind::date}, {"text", TypeKind::text}};
  Type type;
  if (auto found = built_in.find(ref.base.name); found != built_in.end()) {
    type = Type::of(found->second);
  } else if (auto enum_index = expressions_.find_enum(ref.base.name)) {
    type = Type{TypeKind::enumeration, *enum_index, false, false};
  } else if (auto record_index = expressions_.find_record(ref.base.name)) {
    type = Type{TypeKind::record, *record_index, false, false};
  } else {
    std::vector<std::string> candidates = {"money", "rate", "number", "integer", "bool", "date", "text"};
    for (const auto& e : program_.schema.enums) candidates.push_back(e.name);
    for (const auto& r : program_.schema.records) candidates.push_back(r.name);
    std::string hint = did_you_mean(ref.base.name, candidates);
    diagnostics_.error("E0102", ref.base.span, fmt::format("unknown type '{}'", ref.base.name),
                       hint.empty() ? std::vector<DiagnosticNote>{} : std::vector<DiagnosticNote>{{Span{}, hint}});
    return std::nullopt;
  }
  if (ref.list && ref.optional) {
    // A list that is absent is empty: `list of T?` would be a second way to say nothing.
    diagnostics_.error("E0102", ref.span, fmt::format("'list of {}?' is not a type: a list is never none", ref.base.name),
                       {{Span{}, fmt::format("for a list that may be absent, write 'list of {} = []'", ref.base.name)}});
    return std::nullopt;
  }
  type.list = ref.list;
  type.optional = ref.optional;
  return type;
}

FieldSchema Checker::field_schema(const FieldDecl& field) {
  FieldSchema schema;
  schema.name = field.name.name;
  schema.description = field.description;
  schema.type = resolve_type(field.type).value_or(Type{});
  schema.required = field.default_value == nullptr;
  if (field.default_value) schema.default_value = expressions_.constant(*field.default_value, schema.type);
  return schema;
}

void Checker::declare_records() {
  // Names first, so records may refer to each other in any order.
  for_each<RecordDecl>([&](const RecordDecl& declaration) {
    if (!expressions_.declare_global_name(declaration.name, "record")) return;
    program_.schema.records.push_back(RecordSchema{declaration.name.name, {}});
  });
  int index = 0;
  for_each<RecordDecl>([&](const RecordDecl& declaration) {
    if (index >= static_cast<int>(program_.schema.records.size()) ||
        program_.schema.records[static_cast<std::size_t>(index)].name != declaration.name.name) {
      return;
    }
    RecordSchema& record = program_.schema.records[static_cast<std::size_t>(index++)];
    for (const FieldDecl& field : declaration.fields) {
      if (record.find(field.name.name)) {
        diagnostics_.error("E0105", field.name.span, fmt::format("field '{}' is declared twice in record {}", field.name.name, record.name));
        continue;
      }
      record.fields.push_back(field_schema(field));
    }
  });
}

void Checker::declare_facts() {
  int blocks = 0;
  for_each<FactsDecl>([&](const FactsDecl& declaration) {
    if (blocks++ > 0) {
      diagnostics_.error("E0105", declaration.span, "a policy has one 'facts' block; this is a second one");
      return;
    }
    RecordSchema facts{"facts", {}};
    for (const FieldDecl& field : declaration.fields) {
      if (facts.find(field.name.name)) {
        diagnostics_.error("E0105", field.name.span, fmt::format("fact '{}' is declared twice", field.name.name));
        continue;
      }
      if (!expressions_.declare_global_name(field.name, "fact")) continue;
      facts.fields.push_back(field_schema(field));
    }
    program_.schema.records.push_back(std::move(facts));
    program_.schema.facts_record = static_cast<int>(program_.schema.records.size()) - 1;
  });
  if (blocks == 0) {
    diagnostics_.error("E0506", Span{0, 0}, "the policy declares no facts: add a 'facts { name: type ... }' block");
    program_.schema.records.push_back(RecordSchema{"facts", {}});
    program_.schema.facts_record = static_cast<int>(program_.schema.records.size()) - 1;
  }
  expressions_.set_facts(program_.schema.facts_record);
  if (program_.syntax.header && program_.syntax.header->evaluation_year) {
    expressions_.expect(*program_.syntax.header->evaluation_year, Type::of(TypeKind::integer), "the evaluation year");
  }
}

void Checker::declare_params() {
  for_each<ParamDecl>([&](const ParamDecl& declaration) {
    std::optional<Type> declared;
    if (declaration.type) declared = resolve_type(*declaration.type);
    Type type = declared ? *declared : expressions_.constant_type(*declaration.value);
    Value value = expressions_.constant(*declaration.value, type);
    if (!expressions_.declare_global_name(declaration.name, "parameter")) return;
    expressions_.add_param(CheckedParam{declaration.name.name, type, value, &declaration});
  });
}

void Checker::declare_tables() {
  for_each<TableDecl>([&](const TableDecl& declaration) { check_table(declaration); });
}

void Checker::check_table(const TableDecl& declaration) {
  CheckedTable table;
  table.name = declaration.name.name;
  table.declaration = &declaration;
  table.value_type = Type::of(TypeKind::money);
  if (declaration.value_type) table.value_type = resolve_type(*declaration.value_type).value_or(Type{});
  for (const Identifier& key : declaration.key_types) {
    auto enum_index = expressions_.find_enum(key.name);
    if (!enum_index) {
      diagnostics_.error("E0102", key.span, fmt::format("a table is keyed by enums; '{}' is not an enum", key.name));
      return;
    }
    table.key_enums.push_back(*enum_index);
  }
  const EnumSchema& rows = program_.schema.enums[static_cast<std::size_t>(table.key_enums[0])];
  std::vector<int> column_members = {0};
  if (table.key_enums.size() == 2) {
    const EnumSchema& columns = program_.schema.enums[static_cast<std::size_t>(table.key_enums[1])];
    column_members.clear();
    if (declaration.columns.size() != columns.members.size()) {
      diagnostics_.error("E0402", declaration.name.span,
                         fmt::format("table {} needs a header line naming the {} columns of {}: {}", table.name,
                                     columns.members.size(), columns.name, fmt::join(columns.members, " ")));
      return;
    }
    for (const Identifier& column : declaration.columns) {
      auto member = columns.find(column.name);
      if (!member) {
        std::string hint = did_you_mean(column.name, columns.members);
        diagnostics_.error("E0106", column.span, fmt::format("'{}' is not a member of {}", column.name, columns.name),
                           hint.empty() ? std::vector<DiagnosticNote>{} : std::vector<DiagnosticNote>{{Span{}, hint}});
        return;
      }
      column_members.push_back(*member);
    }
  } else if (!declaration.columns.empty()) {
    diagnostics_.error("E0402", declaration.columns.front().span, "a table with one key has no header line");
  }
  int column_count = static_cast<int>(column_members.size());
  table.row_count = rows.members.size();
  table.cells.assign(rows.members.size() * static_cast<std::size_t>(column_count), std::nullopt);
  table.cell_spans.assign(table.cells.size(), Span{});
  std::vector<bool> row_seen(rows.members.size(), false);
  for (const TableRow& row : declaration.rows) {
    auto member = rows.find(row.key.name);
    if (!member) {
      std::string hint = did_you_mean(row.key.name, rows.members);
      diagnostics_.error("E0106", row.key.span, fmt::format("'{}' is not a member of {}", row.key.name, rows.name),
                         hint.empty() ? std::vector<DiagnosticNote>{} : std::vector<DiagnosticNote>{{Span{}, hint}});
      continue;
    }
    if (row_seen[static_cast<std::size_t>(*member)]) {
      diagnostics_.error("E0402", row.key.span, fmt::format("row '{}' appears twice in table {}", row.key.name, table.name));
      continue;
    }
    row_seen[static_cast<std::size_t>(*member)] = true;
    if (static_cast<int>(row.cells.size()) != column_count) {
      diagnostics_.error("E0402", row.span,
                         fmt::format("row '{}' has {} cell{}; table {} has {} column{} (write — for a cell not covered)",
                                     row.key.name, row.cells.size(), row.cells.size() == 1 ? "" : "s", table.name,
                                     column_count, column_count == 1 ? "" : "s"));
      continue;
    }
    for (int column = 0; column < column_count; ++column) {
      const TableCell& cell = row.cells[static_cast<std::size_t>(column)];
      std::size_t index = static_cast<std::size_t>(*member * column_count + column_members[static_cast<std::size_t>(column)]);
      table.cell_spans[index] = cell.span;
      if (cell.value) table.cells[index] = expressions_.constant(*cell.value, table.value_type);
    }
  }
  for (std::size_t member = 0; member < rows.members.size(); ++member) {
    if (!row_seen[member]) {
      diagnostics_.error("E0402", declaration.name.span,
                         fmt::format("table {} has no row for '{}': write the row, with — for cells not covered",
                                     table.name, rows.members[member]));
    }
  }
  if (!expressions_.declare_global_name(declaration.name, "table")) return;
  expressions_.add_table(std::move(table));
}

void Checker::check_lets() {
  for_each<LetDecl>([&](const LetDecl& declaration) {
    Type type = expressions_.check(*declaration.value);
    int slot = expressions_.bind_global(declaration.name, type);
    if (slot >= 0) program_.lets.push_back(CheckedLet{declaration.name.name, slot, &declaration});
  });
}

std::vector<CheckedLet> Checker::check_local_lets(const std::vector<LetDecl>& lets) {
  std::vector<CheckedLet> checked;
  for (const LetDecl& let : lets) {
    Type type = expressions_.check(*let.value);
    checked.push_back(CheckedLet{let.name.name, expressions_.bind_local(let.name, type), &let});
  }
  return checked;
}

void Checker::check_conditions(const std::vector<ExprPtr>& conditions) {
  for (const ExprPtr& condition : conditions) expressions_.expect(*condition, Type::of(TypeKind::boolean), "a 'when' condition");
}

void Checker::check_validity(const std::optional<ValidityWindow>& window) {
  if (window && window->to < window->from) {
    diagnostics_.error("E0502", window->span,
                       fmt::format("the window ends ({}) before it starts ({})", window->to.to_string(), window->from.to_string()));
  }
}

void Checker::check_article_unique(const Identifier& article) {
  auto [existing, inserted] = articles_.emplace(article.name, article.span);
  if (!inserted) {
    diagnostics_.error("E0105", article.span, fmt::format("article {} is declared twice", article.name),
                       {{existing->second, "first declared here"}});
  }
}

void Checker::check_measures() {
  for_each<MeasureDecl>([&](const MeasureDecl& measure) { check_measure(measure); });
}

void Checker::check_measure(const MeasureDecl& declaration) {
  check_article_unique(declaration.article);
  CheckedMeasure measure{declaration.article.name, declaration.title, &declaration, {}, -1};
  expressions_.open_scope();
  measure.lets = check_local_lets(declaration.lets);
  check_conditions(declaration.conditions);
  check_validity(declaration.validity);
  // The `for each` variable names one item: it is in scope for the clauses applied
  // per item (where, keep highest by, project, amount), not for the caps, which
  // apply to the measure's total after every item.
  expressions_.open_scope();
  if (declaration.for_each) {
    const ForEach& loop = *declaration.for_each;
    Type list = expressions_.check(*loop.list);
    if (!list.list && list.kind != TypeKind::error) {
      diagnostics_.error("E0201", loop.list->span,
                         fmt::format("'for each' needs a list, found {}", type_name(list, program_.schema)));
    }
    measure.item_slot = expressions_.bind_local(loop.variable, list.element());
    if (loop.where) expressions_.expect(*loop.where, Type::of(TypeKind::boolean), "a 'where' condition");
    if (loop.keep_highest) {
      Type key = expressions_.check(*loop.keep_highest);
      if ((!key.is_numeric() || key.optional) && key.kind != TypeKind::error) {
        diagnostics_.error("E0201", loop.keep_highest->span,
                           fmt::format("'keep highest by' needs a number or an amount, found {}", type_name(key, program_.schema)),
                           key.optional ? std::vector<DiagnosticNote>{{Span{}, "this value may be none: test it with 'is set' first"}}
                                        : std::vector<DiagnosticNote>{});
      }
    }
  }
  if (declaration.project) expressions_.expect(*declaration.project, Type::of(TypeKind::text), "a project key");
  if (!declaration.amount) {
    diagnostics_.error("E0507", declaration.article.span, fmt::format("measure {} has no 'amount' clause", declaration.article.name));
  } else {
    expressions_.expect(*declaration.amount, Type::of(TypeKind::money), "a measure's amount");
  }
  expressions_.close_scope();
  auto check_cap_part = [&](const Expr& part, std::string_view what) {
    if (declaration.for_each) {
      const Identifier& item = declaration.for_each->variable;
      const Expr* mention = nullptr;
      walk_expression(part, [&](const Expr& node) {
        auto* name = std::get_if<NameRef>(&node.kind);
        if (!mention && name && name->name == item.name) mention = &node;
      });
      if (mention) {
        diagnostics_.error("E0101", mention->span,
                           fmt::format("'{}' names one item of 'for each', but {} applies to the measure's total", item.name, what),
                           {{item.span, "the item is named here"},
                            {Span{}, "a limit per item belongs in the amount: amount min(..., limit)"}});
        return;
      }
    }
    expressions_.expect(part, Type::of(TypeKind::money), what);
  };
  for (const Cap& cap : declaration.caps) {
    check_cap_part(*cap.limit, "a cap");
    if (cap.already_paid) check_cap_part(*cap.already_paid, "the amount already paid");
  }
  expressions_.close_scope();
  program_.measures.push_back(std::move(measure));
}

void Checker::check_benefits() {
  for_each<BenefitDecl>([&](const BenefitDecl& declaration) {
    check_article_unique(declaration.article);
    expressions_.open_scope();
    CheckedBenefit benefit{declaration.article.name, declaration.title, declaration.benefit.name, &declaration,
                           check_local_lets(declaration.lets)};
    check_conditions(declaration.conditions);
    check_validity(declaration.validity);
    expressions_.close_scope();
    program_.benefits.push_back(std::move(benefit));
  });
}

void Checker::check_stacking() {
  for_each<StackingDecl>([&](const StackingDecl& declaration) {
    check_article_unique(declaration.article);
    if (program_.stacking) {
      diagnostics_.error("E0602", declaration.span, "a policy has one 'stacking' rule; this is a second one");
      return;
    }
    CheckedStacking stacking{declaration.article.name, declaration.title, &declaration, -1};
    if (declaration.against) {
      const AgainstOther& against = *declaration.against;
      Type list = expressions_.check(*against.list);
      if (!list.list && list.kind != TypeKind::error) {
        diagnostics_.error("E0201", against.list->span,
                           fmt::format("'against' needs a list of other awards, found {}", type_name(list, program_.schema)));
      }
      expressions_.open_scope();
      stacking.against_slot = expressions_.bind_local(against.variable, list.element());
      expressions_.expect(*against.project, Type::of(TypeKind::text), "the other award's project");
      expressions_.expect(*against.amount, Type::of(TypeKind::money), "the other award's amount");
      expressions_.close_scope();
    }
    program_.stacking = std::move(stacking);
  });
}

void Checker::check_total_cap() {
  for_each<TotalCapDecl>([&](const TotalCapDecl& declaration) {
    check_article_unique(declaration.article);
    if (program_.total_cap) {
      diagnostics_.error("E0602", declaration.span, "a policy has one 'total cap'; this is a second one");
      return;
    }
    CheckedTotalCap cap{declaration.article.name, declaration.title, &declaration, {}};
    if (!declaration.limit) {
      diagnostics_.error("E0601", declaration.article.span, "a total cap needs 'limit' and the amount it caps the total at");
    } else {
      expressions_.expect(*declaration.limit, Type::of(TypeKind::money), "the total cap's limit");
    }
    if (declaration.document_order) {
      for (std::size_t i = 0; i < program_.measures.size(); ++i) cap.allocation_order.push_back(static_cast<int>(i));
    } else {
      std::vector<std::string> labels;
      for (const auto& measure : program_.measures) labels.push_back(measure.article);
      for (const Identifier& label : declaration.allocation_order) {
        auto found = std::find(labels.begin(), labels.end(), label.name);
        if (found == labels.end()) {
          std::string hint = did_you_mean(label.name, labels);
          diagnostics_.error("E0107", label.span, fmt::format("no measure has the article label {}", label.name),
                             hint.empty() ? std::vector<DiagnosticNote>{} : std::vector<DiagnosticNote>{{Span{}, hint}});
          continue;
        }
        int index = static_cast<int>(found - labels.begin());
        if (std::find(cap.allocation_order.begin(), cap.allocation_order.end(), index) != cap.allocation_order.end()) {
          diagnostics_.error("E0601", label.span, fmt::format("{} appears twice in the allocation order", label.name));
          continue;
        }
        cap.allocation_order.push_back(index);
      }
      for (std::size_t i = 0; i < labels.size(); ++i) {
        if (std::find(cap.allocation_order.begin(), cap.allocation_order.end(), static_cast<int>(i)) == cap.allocation_order.end()) {
          diagnostics_.error("E0601", declaration.article.span,
                             fmt::format("the allocation order leaves out {}: list every measure", labels[i]));
        }
      }
    }
    program_.total_cap = std::move(cap);
  });
}

// Names are compared by characters, not bytes: 门坎 is one edit from 门槛.
std::u32string code_points(std::string_view utf8) {
  std::u32string result;
  for (std::size_t at = 0; at < utf8.size();) {
    unsigned char lead = static_cast<unsigned char>(utf8[at]);
    int length = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
    char32_t code = length == 1 ? lead : length == 2 ? lead & 0x1F : length == 3 ? lead & 0x0F : lead & 0x07;
    for (int i = 1; i < length && at + static_cast<std::size_t>(i) < utf8.size(); ++i) {
      code = (code << 6) | (static_cast<unsigned char>(utf8[at + static_cast<std::size_t>(i)]) & 0x3F);
    }
    result.push_back(code);
    at += static_cast<std::size_t>(length);
  }
  return result;
}

int edit_distance(const std::u32string& a, const std::u32string& b) {
  std::vector<int> previous(b.size() + 1), current(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) previous[j] = static_cast<int>(j);
  for (std::size_t i = 1; i <= a.size(); ++i) {
    current[0] = static_cast<int>(i);
    for (std::size_t j = 1; j <= b.size(); ++j) {
      int substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
      current[j] = std::min({previous[j] + 1, current[j - 1] + 1, substitution});
    }
    std::swap(previous, current);
  }
  return previous[b.size()];
}

}  // namespace

std::string did_you_mean(std::string_view name, const std::vector<std::string>& candidates) {
  std::u32string written = code_points(name);
  std::string best;
  std::size_t best_length = 0;
  int best_distance = 0;
  for (const std::string& candidate : candidates) {
    if (candidate == name) continue;
    std::u32string other = code_points(candidate);
    int distance = edit_distance(written, other);
    // Ties go to the alphabetically first name, so the hint does not depend on
    // the order of a hash table.
    if (best.empty() || distance < best_distance || (distance == best_distance && candidate < best)) {
      best = candidate;
      best_length = other.size();
      best_distance = distance;
    }
  }
  // Close enough: at most a third of the name's characters differ (at least one edit).
  int allowed = std::max<int>(1, static_cast<int>(std::max(written.size(), best_length)) / 3);
  if (best.empty() || best_distance > allowed) return {};
  return fmt::format("did you mean '{}'?", best);
}

std::shared_ptr<CheckedProgram> check_program(std::shared_ptr<const SourceFile> source, syntax::Program syntax,
                                              Diagnostics& diagnostics) {
  auto program = std::make_shared<CheckedProgram>();
  program->source = std::move(source);
  program->syntax = std::move(syntax);
  std::size_t count = static_cast<std::size_t>(program->syntax.expression_count);
  program->expression_types.assign(count, Type{});
  program->references.assign(count, Reference{});
  program->table_of_lookup.assign(count, -1);
  program->lambda_slots.assign(count, -1);
  Checker(*program, diagnostics).run();
  check_all_brackets(*program, diagnostics);
  diagnostics.sort_by_position();
  return program;
}

std::shared_ptr<CheckedProgram> load_policy(std::shared_ptr<const SourceFile> source, Diagnostics& diagnostics) {
  syntax::Program syntax = parse_program(*source, diagnostics);
  // A syntax error (E0001) or an expression nested too deep (E0002) loses the whole
  // declaration it is in, a file that is not UTF-8 (E0008) all of them; checking what
  // is left would report their absence ("unknown name", "the policy has no header")
  // as further errors. Stop after parsing then.
  bool declarations_lost = std::any_of(diagnostics.all().begin(), diagnostics.all().end(), [](const Diagnostic& d) {
    return d.code == "E0001" || d.code == "E0002" || d.code == "E0008";
  });
  if (declarations_lost) {
    auto program = std::make_shared<CheckedProgram>();
    program->source = std::move(source);
    program->syntax = std::move(syntax);
    diagnostics.sort_by_position();
    return program;
  }
  return check_program(std::move(source), std::move(syntax), diagnostics);
}

}  // namespace clause
