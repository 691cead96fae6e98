#include "interpreter/test_coverage.hpp"

#include <fmt/format.h>

#include "dsl/syntax_walk.hpp"

namespace clause {
namespace {

using namespace syntax;

// Every expression a measure evaluates, each visited with its sub-expressions.
void walk_measure(const MeasureDecl& measure, const std::function<void(const Expr&)>& visit) {
  auto walk = [&](const ExprPtr& expr) {
    if (expr) walk_expression(*expr, visit);
  };
  for (const LetDecl& let : measure.lets) walk(let.value);
  for (const ExprPtr& condition : measure.conditions) walk(condition);
  if (measure.for_each) {
    walk(measure.for_each->list);
    walk(measure.for_each->where);
    walk(measure.for_each->keep_highest);
  }
  walk(measure.project);
  walk(measure.amount);
  for (const Cap& cap : measure.caps) {
    walk(cap.limit);
    walk(cap.already_paid);
  }
}

std::vector<std::string> split_keys(const std::string& keys) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (true) {
    std::size_t comma = keys.find(", ", start);
    parts.push_back(keys.substr(start, comma - start));
    if (comma == std::string::npos) return parts;
    start = comma + 2;
  }
}

int member_index(const EnumSchema& enumeration, const std::string& name) {
  for (std::size_t i = 0; i < enumeration.members.size(); ++i) {
    if (enumeration.members[i] == name) return static_cast<int>(i);
  }
  return -1;
}

}  // namespace

TestCoverage::TestCoverage(const CheckedProgram& program) : program_(program) {
  for (const CheckedMeasure& measure : program.measures) add_measure(measure);
  add_tables();
  if (program.total_cap) {
    Span span = program.total_cap->declaration->span;
    add(Kind::total_binds, span, program.total_cap->article, "the total cap bound (the measures added up to more)");
    add(Kind::total_below, span, program.total_cap->article, "the total stayed within the total cap");
  }
}

void TestCoverage::add(Kind kind, Span span, std::string article, std::string description) {
  index_.emplace(Key{kind, span.begin, span.end}, points_.size());
  points_.push_back(CoveragePoint{span, std::move(article), std::move(description), false});
}

void TestCoverage::add_measure(const CheckedMeasure& measure) {
  const MeasureDecl& declaration = *measure.declaration;
  const SourceFile& source = *program_.source;
  add(Kind::paid, declaration.span, measure.article, "paid something");
  for (const ExprPtr& condition : declaration.conditions) {
    add(Kind::holds, condition->span, measure.article, fmt::format("`when {}` held", source.slice(condition->span)));
    add(Kind::fails, condition->span, measure.article, fmt::format("`when {}` failed", source.slice(condition->span)));
  }
  walk_measure(declaration, [&](const Expr& expr) {
    if (auto* brackets = std::get_if<Brackets>(&expr.kind)) {
      for (const Bracket& bracket : brackets->brackets) {
        add(Kind::bracket, bracket.span, measure.article, fmt::format("bracket {} chosen", source.slice(bracket.range.span)));
      }
      if (brackets->otherwise) add(Kind::otherwise, brackets->otherwise->span, measure.article, "`otherwise` applied");
    } else if (auto* tiers = std::get_if<Tiers>(&expr.kind)) {
      for (const Tier& tier : tiers->tiers) {
        add(Kind::tier, tier.span, measure.article, fmt::format("tier {} applied", source.slice(tier.range.span)));
      }
    }
  });
  for (const Cap& cap : declaration.caps) {
    std::string limit(source.slice(cap.limit->span));
    add(Kind::binds, cap.span, measure.article, fmt::format("cap {} bound (cut the amount)", limit));
    add(Kind::stays_below, cap.span, measure.article, fmt::format("the amount stayed within cap {}", limit));
  }
}

void TestCoverage::add_tables() {
  for (const CheckedTable& table : program_.tables) {
    const EnumSchema& rows = program_.schema.enums[static_cast<std::size_t>(table.key_enums[0])];
    for (std::size_t row = 0; row < table.row_count && row < rows.members.size(); ++row) {
      for (int column = 0; column < table.columns(); ++column) {
        std::string keys = rows.members[row];
        if (table.key_enums.size() > 1) {
          const EnumSchema& columns = program_.schema.enums[static_cast<std::size_t>(table.key_enums[1])];
          keys += ", " + columns.members[static_cast<std::size_t>(column)];
        }
        Span span = table.cell_spans[static_cast<std::size_t>(table.cell_index(static_cast<int>(row), column))];
        add(Kind::cell, span, "", fmt::format("table cell {}[{}] read", table.name, keys));
      }
    }
  }
}

int TestCoverage::reached_count() const {
  int count = 0;
  for (const CoveragePoint& point : points_) count += point.reached ? 1 : 0;
  return count;
}

void TestCoverage::mark(Kind kind, Span span) {
  auto found = index_.find(Key{kind, span.begin, span.end});
  if (found != index_.end()) points_[found->second].reached = true;
}

void TestCoverage::record(const EvaluationResult& result) {
  bool total_bound = false;
  for (std::size_t i = 0; i < result.measures.size() && i < program_.measures.size(); ++i) {
    const MeasureResult& measure = result.measures[i];
    if (!measure.amount.is_zero()) mark(Kind::paid, program_.measures[i].declaration->span);
    for (const WhyStep& step : measure.why) {
      mark_step(step);
      total_bound = total_bound || step.kind == WhyKind::total_cap_reduced || step.kind == WhyKind::total_cap_exhausted;
    }
  }
  if (program_.total_cap) {
    mark(total_bound ? Kind::total_binds : Kind::total_below, program_.total_cap->declaration->span);
  }
}

void TestCoverage::mark_step(const WhyStep& step) {
  switch (step.kind) {
    case WhyKind::condition_met: return mark(Kind::holds, step.span);
    case WhyKind::condition_failed: return mark(Kind::fails, step.span);
    case WhyKind::bracket_chosen: return mark(Kind::bracket, step.span);
    case WhyKind::bracket_otherwise: return mark(Kind::otherwise, step.span);
    case WhyKind::tier_applied: return mark(Kind::tier, step.span);
    case WhyKind::cap_applied: return mark(Kind::binds, step.span);
    case WhyKind::cap_not_reached: return mark(Kind::stays_below, step.span);
    case WhyKind::cumulative_cap:
      // values: limit, paid before, left, before, after: it bound when it changed the amount.
      return mark(step.values.size() == 5 && step.values[3] != step.values[4] ? Kind::binds : Kind::stays_below, step.span);
    case WhyKind::table_cell:
    case WhyKind::table_not_covered: return mark_table_step(step);
    default: return;
  }
}

// A lookup's step names the table and the members of its keys, not the cell:
// find the cell they select.
void TestCoverage::mark_table_step(const WhyStep& step) {
  if (step.values.size() < 2) return;
  for (const CheckedTable& table : program_.tables) {
    if (table.name != step.values[0]) continue;
    std::vector<std::string> keys = split_keys(step.values[1]);
    if (keys.size() != table.key_enums.size()) return;
    int indices[2] = {0, 0};
    for (std::size_t i = 0; i < keys.size(); ++i) {
      indices[i] = member_index(program_.schema.enums[static_cast<std::size_t>(table.key_enums[i])], keys[i]);
      if (indices[i] < 0) return;  // a key that is none selects no cell
    }
    std::size_t cell = static_cast<std::size_t>(table.cell_index(indices[0], indices[1]));
    if (cell < table.cell_spans.size()) mark(Kind::cell, table.cell_spans[cell]);
    return;
  }
}

}  // namespace clause
