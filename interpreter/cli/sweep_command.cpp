// clause sweep POLICY FACTS --param NAME --from A --to B [--steps N] [--budget AMOUNT]
// [--svg FILE]: the budget at each value of one parameter, as a table (or JSON,
// CSV) and a chart; with --budget, the largest value whose total stays within it.

#include <fmt/format.h>

#include <iostream>
#include <iterator>

#include "dsl/parser.hpp"
#include "interpreter/cli/cli_support.hpp"
#include "interpreter/cli/commands.hpp"
#include "interpreter/output_file.hpp"
#include "interpreter/cli/what_if_options.hpp"
#include "interpreter/literal_value.hpp"
#include "interpreter/parameter_override.hpp"
#include "interpreter/result_writer.hpp"
#include "interpreter/sweep.hpp"
#include "interpreter/sweep_chart.hpp"
#include "interpreter/text_table.hpp"
#include "interpreter/value_format.hpp"

namespace clause::cli {
namespace {

struct SweepOptions {
  std::string policy;
  std::string facts;
  WhatIfOptions what_if;
  std::string param;
  std::string from;
  std::string to;
  int steps = 11;
  std::string budget;
  std::string svg;
  std::string format;  // table, json, csv
  std::string language;
  std::string output;
  int threads = 0;
};

// The option's text as a literal of `type`: diagnostics point into the option's value.
std::optional<Decimal> option_value(const std::string& option, const std::string& text, const Type& type,
                                    const Schema& schema, std::string_view what) {
  SourceFile source(option, text);
  Diagnostics diagnostics;
  std::optional<Value> value;
  if (syntax::ExprPtr literal = parse_value(source, 0, diagnostics)) {
    value = literal_value(*literal, type, schema, what, diagnostics);
  }
  for (const Diagnostic& diagnostic : diagnostics.all()) fmt::print(stderr, "{}", render(diagnostic, source));
  if (!value) return std::nullopt;
  return value->as_decimal();
}

// The articles whose budget moves across the sweep: the others would be columns of one repeated number.
std::vector<std::size_t> moving_articles(const std::vector<SweepPoint>& points) {
  std::vector<std::size_t> moving;
  const auto& first = points.front().summary.articles();
  for (std::size_t a = 0; a < first.size(); ++a) {
    for (const SweepPoint& point : points) {
      if (a < point.summary.articles().size() && point.summary.articles()[a].total != first[a].total) {
        moving.push_back(a);
        break;
      }
    }
  }
  return moving;
}

struct SweepReport {
  const CheckedProgram& program;
  const CheckedParam& param;
  const std::vector<SweepPoint>& points;
  Value current;  // the parameter's value without the sweep
  std::optional<Decimal> budget;
  std::optional<BudgetAnswer> answer;
  Language language;

  bool zh() const { return language == Language::zh; }
  std::string shown(const Decimal& value) const { return format_value(Value(value), param.type, program.schema); }
  const Summary& first() const { return points.front().summary; }
};

std::string budget_text(const SweepReport& report) {
  const BudgetAnswer& answer = *report.answer;
  bool zh = report.zh();
  std::string name = report.param.name;
  std::string out;
  switch (answer.kind) {
    case BudgetAnswer::Kind::none_within:
    {
      const SweepPoint& cheapest = answer.rising ? report.points.front() : report.points.back();
      out = zh ? fmt::format("预算 {} 元：即使 {} = {}，合计 {} 元也已超出预算。\n", format_money(*report.budget), name,
                             report.shown(cheapest.value), format_money(cheapest.summary.total()))
               : fmt::format("budget {}: even at {} = {} the total, {}, is over the budget.\n", format_money(*report.budget), name,
                             report.shown(cheapest.value), format_money(cheapest.summary.total()));
    }
      break;
    case BudgetAnswer::Kind::all_within:
      out = zh ? fmt::format("预算 {} 元：扫描到的所有取值都不超预算；{} = {} 时合计 {} 元。\n", format_money(*report.budget), name,
                             report.shown(answer.value), format_money(answer.total))
               : fmt::format("budget {}: every swept value stays within it; at {} = {} the total is {}.\n",
                             format_money(*report.budget), name, report.shown(answer.value), format_money(answer.total));
      break;
    case BudgetAnswer::Kind::found:
      out = zh ? fmt::format("预算 {} 元：{} {}可取 {}（合计 {} 元）；取 {} 时合计 {} 元，超出预算。\n", format_money(*report.budget),
                             name, answer.rising ? "最高" : "最低", report.shown(answer.value), format_money(answer.total),
                             report.shown(answer.next_value), format_money(answer.next_total))
               : fmt::format("budget {}: the {} {} within it is {} (total {}); at {} the total is {}, over the budget.\n",
                             format_money(*report.budget), answer.rising ? "largest" : "smallest", name,
                             report.shown(answer.value), format_money(answer.total), report.shown(answer.next_value),
                             format_money(answer.next_total));
      break;
  }
  if (!answer.monotonic) {
    out += zh ? "注意：合计并不随该参数单向变化，请对照上表核对。\n"
              : "note: the total does not move one way only with the parameter; check the answer against the table.\n";
  }
  return out;
}

std::string sweep_table(const SweepReport& report) {
  bool zh = report.zh();
  std::vector<std::size_t> moving = moving_articles(report.points);
  std::vector<std::string> heading = {report.param.name, zh ? "获补企业" : "recipients", zh ? "金额合计（元）" : "total"};
  for (std::size_t a : moving) heading.push_back(report.first().articles()[a].article);
  heading.push_back("");
  TextTable table(std::vector<bool>(heading.size(), true));
  table.add_row(heading);
  for (const SweepPoint& point : report.points) {
    std::vector<std::string> row = {report.shown(point.value), std::to_string(point.summary.recipients()),
                                    format_money(point.summary.total())};
    for (std::size_t a : moving) row.push_back(format_money(point.summary.articles()[a].total));
    bool current = std::holds_alternative<Decimal>(report.current.data) && report.current.as_decimal() == point.value;
    row.push_back(current ? (zh ? "← 现行" : "← current") : "");
    table.add_row(std::move(row));
  }
  std::string out = zh ? fmt::format("{}（{}，现行 {}）：{} 个取值；企业 {} 家，其中输入有误 {} 行\n", report.param.name,
                                     report.param.declaration ? report.param.declaration->description : "",
                                     format_value(report.current, report.param.type, report.program.schema),
                                     report.points.size(), report.first().records(), report.first().bad_lines())
                       : fmt::format("{} ({}; now {}): {} values; {} records, {} bad line(s)\n", report.param.name,
                                     report.param.declaration ? report.param.declaration->description : "",
                                     format_value(report.current, report.param.type, report.program.schema),
                                     report.points.size(), report.first().records(), report.first().bad_lines());
  out += "\n" + table.to_string();
  if (moving.size() < report.first().articles().size()) {
    out += zh ? "（其余条款的金额不随该参数变化，未列出）\n" : "(the other articles do not change with this parameter)\n";
  }
  if (report.answer) out += "\n" + budget_text(report);
  return out;
}

std::string sweep_json(const SweepReport& report) {
  std::string points;
  for (const SweepPoint& point : report.points) {
    std::string articles;
    for (const ArticleSummary& article : point.summary.articles()) {
      articles += fmt::format("{}{{\"article\":{},\"recipients\":{},\"total\":\"{}\"}}", articles.empty() ? "" : ",",
                              json_string(article.article), article.recipients, format_money(article.total));
    }
    points += fmt::format("{}{{\"value\":{},\"recipients\":{},\"total\":\"{}\",\"articles\":[{}]}}", points.empty() ? "" : ",",
                          json_string(report.shown(point.value)), point.summary.recipients(), format_money(point.summary.total()),
                          articles);
  }
  std::string budget = "null";
  if (report.answer) {
    const BudgetAnswer& answer = *report.answer;
    const char* kind = answer.kind == BudgetAnswer::Kind::found ? "found"
                       : answer.kind == BudgetAnswer::Kind::all_within ? "all_within" : "none_within";
    budget = fmt::format("{{\"budget\":\"{}\",\"direction\":\"{}\",\"answer\":\"{}\",\"value\":{},\"total\":{},\"next_value\":{},\"next_total\":{},\"monotonic\":{}}}",
                         format_money(*report.budget), answer.rising ? "largest" : "smallest", kind,
                         answer.kind == BudgetAnswer::Kind::none_within ? "null" : json_string(report.shown(answer.value)),
                         answer.kind == BudgetAnswer::Kind::none_within ? "null" : json_string(format_money(answer.total)),
                         answer.kind == BudgetAnswer::Kind::found ? json_string(report.shown(answer.next_value)) : "null",
                         answer.kind == BudgetAnswer::Kind::found ? json_string(format_money(answer.next_total)) : "null",
                         answer.monotonic);
  }
  return fmt::format("{{\"param\":{},\"current\":{},\"records\":{},\"bad_lines\":{},\"points\":[{}],\"budget\":{}}}\n",
                     json_string(report.param.name),
                     json_string(format_value(report.current, report.param.type, report.program.schema)), report.first().records(),
                     report.first().bad_lines(), points, budget);
}

std::string sweep_csv(const SweepReport& report) {
  std::string out = "\xEF\xBB\xBF";
  append_csv_cell(report.param.name, out);
  out += ",recipients,total";
  for (const ArticleSummary& article : report.first().articles()) {
    out += ',';
    append_csv_cell(article.article, out);
  }
  out += '\n';
  for (const SweepPoint& point : report.points) {
    out += fmt::format("{},{},{}", report.shown(point.value), point.summary.recipients(), format_money(point.summary.total()));
    for (const ArticleSummary& article : point.summary.articles()) out += "," + format_money(article.total);
    out += '\n';
  }
  return out;
}

std::string sweep_chart(const SweepReport& report) {
  bool zh = report.zh();
  std::vector<Decimal> xs;
  std::vector<std::string> labels;
  ChartSeries total{zh ? "合计" : "total", {}};
  for (const SweepPoint& point : report.points) {
    xs.push_back(point.value);
    labels.push_back(report.shown(point.value));
    total.values.push_back(point.summary.total());
  }
  std::vector<ChartSeries> series = {total};
  for (std::size_t a : moving_articles(report.points)) {
    ChartSeries article{report.first().articles()[a].article + " " + report.first().articles()[a].title, {}};
    for (const SweepPoint& point : report.points) article.values.push_back(point.summary.articles()[a].total);
    series.push_back(std::move(article));
  }
  ChartText text{zh ? fmt::format("{} 与补助总额", report.param.name) : fmt::format("{} against the budget", report.param.name),
                 report.param.name, zh ? "金额（元）" : "amount (yuan)", zh ? "预算" : "budget"};
  return sweep_chart_svg(text, xs, labels, series, report.budget);
}

std::optional<std::string> read_facts_text(const std::string& path, std::string& error) {
  if (path != "-") return read_file(path, error);
  return std::string(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
}

bool write_whole_file(const std::string& path, const std::string& text) {
  OutputFile file;
  std::string error;
  if (!file.open(path, error)) {
    fmt::print(stderr, "error: {}\n", error);
    return false;
  }
  file.write(text);
  if (file.commit(error)) return true;
  fmt::print(stderr, "error: {}\n", error);
  return false;
}

int run_sweep(const SweepOptions& options) {
  LoadedPolicy loaded = load_and_report(options.policy, stderr, false);
  if (!loaded.program || loaded.errors > 0) return loaded.failure_status();
  const CheckedProgram& program = *loaded.program;
  int status = exit_ok;
  auto scenario = load_what_if(program, options.what_if, status);
  if (!scenario) return status;
  if (!scenario->facts.empty()) {
    fmt::print(stderr, "error: scenario {} sets facts, which is for one enterprise, not a sweep over a population\n", scenario->name);
    return exit_usage;
  }
  SourceFile name_source("--param", options.param);
  Diagnostics diagnostics;
  syntax::Identifier name{options.param, Span{0, static_cast<std::uint32_t>(options.param.size())}};
  std::optional<int> index = find_parameter(program, name, diagnostics);
  if (!index) {
    for (const Diagnostic& diagnostic : diagnostics.all()) fmt::print(stderr, "{}", render(diagnostic, name_source));
    return exit_usage;
  }
  const CheckedParam& param = program.params[static_cast<std::size_t>(*index)];
  if (!param.type.is_numeric()) {
    fmt::print(stderr, "error: {} is {}: a sweep takes a parameter that is an amount, a rate or a number\n", param.name,
               type_name(param.type, program.schema));
    return exit_usage;
  }
  auto from = option_value("--from", options.from, param.type, program.schema, "parameter " + param.name);
  auto to = option_value("--to", options.to, param.type, program.schema, "parameter " + param.name);
  if (!from || !to) return exit_usage;
  if (*from >= *to) {
    fmt::print(stderr, "error: --from must be below --to\n");
    return exit_usage;
  }
  std::optional<Decimal> budget;
  if (!options.budget.empty()) {
    budget = option_value("--budget", options.budget, Type::of(TypeKind::money), program.schema, "the budget");
    if (!budget) return exit_usage;
  }
  std::string error;
  auto text = read_facts_text(options.facts, error);
  if (!text) {
    fmt::print(stderr, "error: {}\n", error);
    return exit_usage;
  }
  FactsReader reader(program.schema);
  RecordSet records = is_single_document(options.facts) ? RecordSet::from_document(*text, reader)
                                                         : RecordSet::from_json_lines(*text, reader, options.threads);
  Sweep sweep(loaded.program, scenario->parameters, *index, records, options.threads);
  std::vector<SweepPoint> points = sweep.run(sweep_values(*from, *to, options.steps, param.type));
  SweepReport report{program, param, points, scenario_parameters(program, *scenario)[static_cast<std::size_t>(*index)], budget,
                     std::nullopt, pick_language(options.language, program)};
  if (budget) report.answer = largest_within_budget(sweep, points, *budget, sweep_digits(param.type));

  std::string format = options.format.empty() ? "table" : options.format;
  std::string out = format == "json" ? sweep_json(report) : format == "csv" ? sweep_csv(report) : sweep_table(report);
  if (!options.svg.empty() && !write_whole_file(options.svg, sweep_chart(report))) return exit_usage;
  OutputFile output;
  if (!output.open(options.output, error)) {
    fmt::print(stderr, "error: {}\n", error);
    return exit_usage;
  }
  output.write(out);
  if (!output.commit(error)) {
    fmt::print(stderr, "error: {}\n", error);
    return exit_usage;
  }
  return report.first().bad_lines() > 0 ? exit_failed : exit_ok;
}

}  // namespace

void add_sweep_command(CLI::App& app, int& exit_status) {
  auto* command = app.add_subcommand("sweep", "The budget at evenly spaced values of one parameter, as a table and a chart");
  auto options = std::make_shared<SweepOptions>();
  command->add_option("POLICY", options->policy, "policy file (.clause)")->required();
  command->add_option("FACTS", options->facts, "facts: a .jsonl population (or one .json object, or - for standard input)")->required();
  command->add_option("--param", options->param, "the parameter to sweep, e.g. cloud_high_rate")->required();
  command->add_option("--from", options->from, "the first value, e.g. 10%")->required();
  command->add_option("--to", options->to, "the last value, e.g. 40%")->required();
  command->add_option("--steps", options->steps, "how many values, both ends included (default 11)")->check(CLI::Range(2, 1000));
  command->add_option("--budget", options->budget, "an amount, e.g. 500万: report the largest value whose total stays within it");
  command->add_option("--svg", options->svg, "also draw the chart into this SVG file");
  add_set_option(*command, options->what_if);
  add_scenario_options(*command, options->what_if);
  command->add_option("--format", options->format, "table (default), json or csv")->check(CLI::IsMember({"table", "json", "csv"}));
  command->add_option("--lang", options->language, "zh or en (default: the policy's language)")->check(CLI::IsMember({"zh", "en"}));
  command->add_option("-o,--output", options->output, "write to FILE: the whole output or nothing");
  command->add_option("--threads", options->threads, "worker threads (default: one per core)")->check(CLI::Range(1, 256));
  command->callback([options, &exit_status] { exit_status = run_sweep(*options); });
}

}  // namespace clause::cli
