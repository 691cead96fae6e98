#include "interpreter/witnesses.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <map>
#include <set>

#include "dsl/syntax_walk.hpp"
#include "interpreter/facts_reader.hpp"
#include "interpreter/population.hpp"
#include "interpreter/result_writer.hpp"
#include "interpreter/value_format.hpp"

namespace clause {
namespace {

// Pairs of changes are tried only for articles that single changes leave without
// a witness, and only this many, so a diff stays fast on any policy.
constexpr std::size_t pair_budget = 40000;
// A record's enum fields are combined member by member up to this many combinations.
constexpr std::size_t enum_combination_limit = 128;
// Each pair of facts gets at most this many combinations, so one pair of long
// candidate lists cannot use the whole budget.
constexpr std::size_t pairs_per_two_facts = 2500;

// The values the two policies are written with, from which candidate facts are drawn.
struct Constants {
  std::set<Decimal> numbers;  // every number: literals, parameters, table cells
  std::set<Decimal> rates;
  std::set<Date> dates;       // literals and validity limits
  std::set<std::string> texts;
  Decimal large = Decimal::from_integer(1000000);  // above every money constant: "plenty"
};

void add_value(const Value& value, const Type& type, Constants& constants) {
  if (const auto* number = std::get_if<Decimal>(&value.data)) {
    (type.kind == TypeKind::rate ? constants.rates : constants.numbers).insert(*number);
  } else if (const auto* date = std::get_if<Date>(&value.data)) {
    constants.dates.insert(*date);
  } else if (const auto* text = std::get_if<std::string>(&value.data)) {
    constants.texts.insert(*text);
  }
}

void add_window(Date from, Date to, Constants& constants) {
  constants.dates.insert(from);
  constants.dates.insert(to);
}

void collect_constants(const CheckedProgram& program, Constants& constants) {
  syntax::walk_program(program.syntax, [&](const syntax::Expr& expr) {
    if (const auto* number = std::get_if<syntax::NumberLiteral>(&expr.kind)) {
      (number->unit == syntax::NumberUnit::rate ? constants.rates : constants.numbers).insert(number->value);
    } else if (const auto* date = std::get_if<syntax::DateLiteral>(&expr.kind)) {
      constants.dates.insert(date->value);
    } else if (const auto* text = std::get_if<syntax::TextLiteral>(&expr.kind)) {
      constants.texts.insert(text->value);
    }
  });
  for (const CheckedParam& param : program.params) add_value(param.value, param.type, constants);
  for (const CheckedTable& table : program.tables) {
    for (const std::optional<Value>& cell : table.cells) {
      if (cell) add_value(*cell, table.value_type, constants);
    }
  }
  add_window(program.policy.valid_from, program.policy.valid_to, constants);
  for (const CheckedMeasure& measure : program.measures) {
    if (measure.declaration->validity) add_window(measure.declaration->validity->from, measure.declaration->validity->to, constants);
  }
}

Date next_day(Date date) {
  if (auto next = Date::from_ymd(date.year(), date.month(), date.day() + 1)) return *next;
  if (auto next = Date::from_ymd(date.year(), date.month() + 1, 1)) return *next;
  return Date::from_ymd(date.year() + 1, 1, 1).value_or(date);
}

Date previous_day(Date date) {
  if (auto previous = Date::from_ymd(date.year(), date.month(), date.day() - 1)) return *previous;
  int month = date.month() == 1 ? 12 : date.month() - 1;
  int year = date.month() == 1 ? date.year() - 1 : date.year();
  for (int day = 31; day >= 28; --day) {
    if (auto previous = Date::from_ymd(year, month, day)) return *previous;
  }
  return date;
}

// A value a fact can take in a candidate: its JSON text and how a report shows it.
struct FactValue {
  std::string json;
  std::string shown;
  Decimal size;  // how large the change is, to put the smallest witnesses first
};

std::string quoted(std::string_view text) { return json_string(text); }

// One schema at a time: the two versions may describe the same fact differently.
class CandidateValues {
 public:
  CandidateValues(const Schema& schema, const Constants& constants, Date base_date, std::string year_field)
      : schema_(schema), constants_(constants), base_date_(base_date), year_field_(std::move(year_field)) {}

  // The value a required fact takes in the base enterprise.
  FactValue base(const std::string& field, const Type& type) const {
    if (type.list) return FactValue{"[]", "[]", Decimal()};
    switch (type.kind) {
      case TypeKind::money: return money(constants_.large);
      case TypeKind::integer:
        if (field == year_field_) return FactValue{std::to_string(base_date_.year()), std::to_string(base_date_.year()), Decimal()};
        return FactValue{"0", "0", Decimal()};
      case TypeKind::number:
      case TypeKind::rate: return FactValue{"0", "0", Decimal()};
      case TypeKind::boolean: return FactValue{"true", "true", Decimal()};
      case TypeKind::date: return FactValue{quoted(base_date_.to_string()), base_date_.to_string(), Decimal()};
      case TypeKind::text: return FactValue{"\"\"", "\"\"", Decimal()};
      case TypeKind::enumeration: {
        const std::string& member = schema_.enums[static_cast<std::size_t>(type.declaration)].members.front();
        return FactValue{quoted(member), member, Decimal()};
      }
      case TypeKind::record: return base_record(type.declaration);
      case TypeKind::error:
      case TypeKind::none: break;
    }
    return FactValue{"null", "none", Decimal()};
  }

  // Every value worth trying for a fact of this type, the base value excluded.
  std::vector<FactValue> candidates(const std::string& field, const Type& type) const {
    std::vector<FactValue> values;
    if (type.list) {
      for (FactValue& item : candidates_of_item(type.element())) {
        values.push_back(FactValue{"[" + item.json + "]", "[" + item.shown + "]", item.size});
      }
    } else {
      values = scalar_candidates(field, type);
      if (type.optional) values.insert(values.begin(), FactValue{"null", "none", Decimal()});
    }
    return values;
  }

 private:
  FactValue money(const Decimal& amount) const {
    std::string text = format_money(amount);
    return FactValue{quoted(text), text, amount};
  }

  std::vector<FactValue> scalar_candidates(const std::string& field, const Type& type) const {
    std::vector<FactValue> values;
    switch (type.kind) {
      case TypeKind::money: {
        Decimal fen = Decimal::from_parts(1, 2);
        std::set<Decimal> amounts{Decimal(), constants_.large};
        for (const Decimal& number : constants_.numbers) {
          if (number.is_negative() || number.significant_scale() > 2 || number >= constants_.large) continue;
          amounts.insert(number);
          amounts.insert(number + fen);
          if (number > fen) amounts.insert(number - fen);
        }
        for (const Decimal& amount : amounts) values.push_back(money(amount));
        break;
      }
      case TypeKind::rate:
        for (const Decimal& rate : constants_.rates) values.push_back(FactValue{rate.to_string(), format_rate(rate), rate});
        break;
      case TypeKind::integer:
      case TypeKind::number: whole_numbers(field, type, values); break;
      case TypeKind::boolean:
        values.push_back(FactValue{"true", "true", Decimal()});
        values.push_back(FactValue{"false", "false", Decimal()});
        break;
      case TypeKind::date:
        for (Date date : around(constants_.dates)) values.push_back(FactValue{quoted(date.to_string()), date.to_string(), Decimal()});
        break;
      case TypeKind::text:
        for (const std::string& text : constants_.texts) values.push_back(FactValue{quoted(text), quoted(text), Decimal()});
        break;
      case TypeKind::enumeration:
        for (const std::string& member : schema_.enums[static_cast<std::size_t>(type.declaration)].members) {
          values.push_back(FactValue{quoted(member), member, Decimal()});
        }
        break;
      case TypeKind::record: {
        // A nested record: one of its fields changed at a time.
        const RecordSchema& record = schema_.records[static_cast<std::size_t>(type.declaration)];
        for (const FieldSchema& nested : record.fields) {
          for (const FactValue& value : candidates(nested.name, nested.type)) {
            values.push_back(FactValue{fmt::format("{{{}:{}}}", quoted(nested.name), value.json),
                                       fmt::format("{{{} = {}}}", nested.name, value.shown), value.size});
          }
        }
        break;
      }
      case TypeKind::error:
      case TypeKind::none: break;
    }
    return values;
  }

  void whole_numbers(const std::string& field, const Type& type, std::vector<FactValue>& values) const {
    std::set<Decimal> numbers{Decimal()};
    if (field == year_field_) {
      for (Date date : constants_.dates) {
        for (int year = date.year() - 1; year <= date.year() + 1; ++year) numbers.insert(Decimal::from_integer(year));
      }
    } else {
      Decimal one = Decimal::from_integer(1);
      for (const Decimal& number : constants_.numbers) {
        if (type.kind == TypeKind::integer && !number.is_integer()) continue;
        numbers.insert(number);
        numbers.insert(number + one);
        numbers.insert(number - one);
      }
    }
    for (const Decimal& number : numbers) {
      std::string text = number.normalized().to_string();
      values.push_back(FactValue{text, text, number});
    }
  }

  static std::set<Date> around(const std::set<Date>& dates) {
    std::set<Date> result;
    for (Date date : dates) {
      result.insert(previous_day(date));
      result.insert(date);
      result.insert(next_day(date));
    }
    return result;
  }

  FactValue base_record(int declaration) const {
    const RecordSchema& record = schema_.records[static_cast<std::size_t>(declaration)];
    std::vector<std::string> json;
    std::vector<std::string> shown;
    for (const FieldSchema& field : record.fields) {
      if (!field.required) continue;
      FactValue value = base(field.name, field.type);
      json.push_back(quoted(field.name) + ":" + value.json);
      shown.push_back(field.name + " = " + value.shown);
    }
    return FactValue{"{" + fmt::format("{}", fmt::join(json, ",")) + "}", "{" + fmt::format("{}", fmt::join(shown, ", ")) + "}",
                     Decimal()};
  }

  // Items of a list: every combination of the item's enum fields, each alone and
  // with one other field changed.
  std::vector<FactValue> candidates_of_item(const Type& item_type) const {
    if (item_type.kind != TypeKind::record) return scalar_candidates("", item_type);
    const RecordSchema& record = schema_.records[static_cast<std::size_t>(item_type.declaration)];
    std::vector<std::map<std::string, FactValue>> combinations{{}};
    for (const FieldSchema& field : record.fields) {
      if (field.type.kind != TypeKind::enumeration || field.type.list) continue;
      std::vector<std::map<std::string, FactValue>> extended;
      for (const auto& combination : combinations) {
        for (const FactValue& member : scalar_candidates(field.name, field.type.without_optional())) {
          if (extended.size() >= enum_combination_limit) break;
          auto with_member = combination;
          with_member[field.name] = member;
          extended.push_back(std::move(with_member));
        }
      }
      combinations = std::move(extended);
    }
    std::vector<FactValue> items;
    for (const auto& combination : combinations) {
      items.push_back(item(record, combination, "", nullptr));
      for (const FieldSchema& field : record.fields) {
        if (field.type.kind == TypeKind::enumeration && !field.type.list) continue;
        std::string base_json = field.required ? base(field.name, field.type).json : "";
        for (const FactValue& value : candidates(field.name, field.type)) {
          if (value.json != base_json) items.push_back(item(record, combination, field.name, &value));
        }
      }
    }
    return items;
  }

  FactValue item(const RecordSchema& record, const std::map<std::string, FactValue>& chosen, const std::string& changed_field,
                 const FactValue* changed_value) const {
    std::vector<std::string> json;
    std::vector<std::string> shown;
    Decimal size;
    for (const FieldSchema& field : record.fields) {
      std::optional<FactValue> value;
      if (field.name == changed_field) {
        value = *changed_value;
        size = changed_value->size;
      } else if (auto found = chosen.find(field.name); found != chosen.end()) {
        value = found->second;
      } else if (field.required) {
        value = base(field.name, field.type);
      }
      if (!value) continue;
      json.push_back(quoted(field.name) + ":" + value->json);
      shown.push_back(field.name + " " + value->shown);
    }
    return FactValue{"{" + fmt::format("{}", fmt::join(json, ",")) + "}", "{" + fmt::format("{}", fmt::join(shown, ", ")) + "}",
                     size};
  }

  const Schema& schema_;
  const Constants& constants_;
  Date base_date_;
  std::string year_field_;
};

// The facts field the evaluation year is read from, when it is one.
std::string year_field(const CheckedProgram& program) {
  const syntax::ExprPtr& year = program.syntax.header->evaluation_year;
  if (!year) return "";
  const Reference& reference = program.reference_of(*year);
  if (reference.kind != ReferenceKind::fact) return "";
  return program.schema.facts().fields[static_cast<std::size_t>(reference.index)].name;
}

// A fact as one of the versions declares it; the new version's declaration wins.
struct Fact {
  std::string name;
  bool required = false;
  std::vector<FactValue> candidates;
  FactValue base;
};

struct Change {
  const Fact* fact;
  const FactValue* value;
};

struct Candidate {
  std::vector<Change> changes;
  Decimal size;
};

class Search {
 public:
  Search(const Evaluator& old_version, const Evaluator& new_version)
      : old_(old_version), new_(new_version), old_reader_(old_version.program().schema), new_reader_(new_version.program().schema) {
    collect_constants(old_.program(), constants_);
    collect_constants(new_.program(), constants_);
    Decimal largest;
    for (const Decimal& number : constants_.numbers) largest = max(largest, number);
    // Facts money has at most 15 integer digits: "plenty" must still be readable.
    Decimal most_readable = Decimal::parse("999999999999999").value();
    if (largest >= most_readable) {
      constants_.large = most_readable;
    } else {
      constants_.large = min(most_readable, max(constants_.large, (largest * Decimal::from_integer(10)).rounded(0, RoundingMode::up)));
    }
    describe_facts();
  }

  WitnessSearch run(const std::vector<std::string>& articles, int per_article) {
    WitnessSearch search;
    for (const Fact& fact : facts_) {
      if (fact.required && fact.name != "id") search.base.push_back(fact.name + " = " + fact.base.shown);
    }
    std::vector<std::pair<Candidate, std::vector<ArticleOutcome>>> found;
    for (const Fact& fact : facts_) {
      for (const FactValue& value : fact.candidates) try_candidate(Candidate{{Change{&fact, &value}}, value.size}, found, search);
    }
    std::vector<std::string> missing = articles_without_witness(articles, found);
    for (std::size_t first = 0; first < facts_.size() && !missing.empty() && pairs_tried_ < pair_budget; ++first) {
      for (std::size_t second = first + 1; second < facts_.size() && pairs_tried_ < pair_budget; ++second) {
        try_pairs(facts_[first], facts_[second], found, search);
      }
      missing = articles_without_witness(articles, found);
    }
    choose(articles, per_article, found, search);
    return search;
  }

 private:
  void describe_facts() {
    Date base_date = max_date(old_.program().policy.valid_from, new_.program().policy.valid_from);
    if (base_date > min_date(old_.program().policy.valid_to, new_.program().policy.valid_to)) base_date = new_.program().policy.valid_from;
    std::set<std::string> seen;
    for (const Evaluator* version : {&new_, &old_}) {
      const CheckedProgram& program = version->program();
      CandidateValues values(program.schema, constants_, base_date, year_field(program));
      for (const FieldSchema& field : program.schema.facts().fields) {
        if (!seen.insert(field.name).second) {
          if (field.required) mark_required(field.name, values.base(field.name, field.type));
          continue;
        }
        facts_.push_back(Fact{field.name, field.required, values.candidates(field.name, field.type), values.base(field.name, field.type)});
        // A required fact's base value is the base enterprise itself; a defaulted fact's base is its absence.
        if (field.required) std::erase_if(facts_.back().candidates, [&](const FactValue& value) { return value.json == facts_.back().base.json; });
      }
    }
  }

  static Date max_date(Date a, Date b) { return a < b ? b : a; }
  static Date min_date(Date a, Date b) { return a < b ? a : b; }

  void mark_required(const std::string& name, FactValue base) {
    for (Fact& fact : facts_) {
      if (fact.name == name && !fact.required) {
        fact.required = true;
        fact.base = std::move(base);
      }
    }
  }

  std::string facts_json(const Candidate& candidate, const std::string& id) const {
    std::string json = "{";
    bool first = true;
    auto add = [&](const std::string& name, const std::string& value) {
      json += (first ? "" : ",") + quoted(name) + ":" + value;
      first = false;
    };
    bool has_id = std::any_of(facts_.begin(), facts_.end(), [](const Fact& fact) { return fact.name == "id"; });
    if (has_id) add("id", quoted(id));
    for (const Fact& fact : facts_) {
      if (fact.name == "id" && has_id) continue;
      auto change = std::find_if(candidate.changes.begin(), candidate.changes.end(), [&](const Change& c) { return c.fact == &fact; });
      if (change != candidate.changes.end()) {
        add(fact.name, change->value->json);
      } else if (fact.required) {
        add(fact.name, fact.base.json);
      }
    }
    return json + "}";
  }

  // Each article's result under one version, by article; benefits as granted or not.
  static std::map<std::string, std::string> results_by_article(const CheckedProgram& program, const EvaluationResult& result) {
    std::map<std::string, std::string> results;
    for (const MeasureResult& measure : result.measures) results[measure.article] = format_money(measure.amount);
    for (const CheckedBenefit& benefit : program.benefits) {
      bool granted = std::find(result.benefits.begin(), result.benefits.end(), benefit.benefit) != result.benefits.end();
      results[benefit.article] = granted ? "granted" : "not granted";
    }
    results["total"] = format_money(result.total);
    return results;
  }

  // The articles whose results differ; empty when they agree or a version cannot evaluate the record.
  std::vector<ArticleOutcome> differences(const std::string& json) {
    ++tried_;
    RecordOutcome before = evaluate_record(old_, old_reader_, 1, json, false);
    RecordOutcome after = evaluate_record(new_, new_reader_, 1, json, false);
    if (!before.ok || !after.ok) return {};
    std::map<std::string, std::string> old_results = results_by_article(old_.program(), before.result);
    std::map<std::string, std::string> new_results = results_by_article(new_.program(), after.result);
    std::vector<ArticleOutcome> outcomes;
    for (const std::string& article : article_order()) {
      // An article a version does not have pays nothing there: "—" differs from "0.00" only in how it reads.
      std::string old_result = old_results.contains(article) ? old_results[article] : "—";
      std::string new_result = new_results.contains(article) ? new_results[article] : "—";
      if (pays_nothing(old_result) && pays_nothing(new_result)) continue;
      if (old_result != new_result) outcomes.push_back(ArticleOutcome{article, old_result, new_result});
    }
    return outcomes;
  }

  static bool pays_nothing(const std::string& result) { return result == "—" || result == "0.00" || result == "not granted"; }

  const std::vector<std::string>& article_order() {
    if (!article_order_.empty()) return article_order_;
    for (const Evaluator* version : {&new_, &old_}) {
      const CheckedProgram& program = version->program();
      auto add = [&](const std::string& article) {
        if (std::find(article_order_.begin(), article_order_.end(), article) == article_order_.end()) article_order_.push_back(article);
      };
      for (const CheckedMeasure& measure : program.measures) add(measure.article);
      for (const CheckedBenefit& benefit : program.benefits) add(benefit.article);
    }
    article_order_.push_back("total");
    return article_order_;
  }

  void try_candidate(Candidate candidate, std::vector<std::pair<Candidate, std::vector<ArticleOutcome>>>& found,
                     WitnessSearch& search) {
    std::string json = facts_json(candidate, "W");
    if (!tried_records_.insert(json).second) return;  // the same record reached by another change
    std::vector<ArticleOutcome> outcomes = differences(json);
    search.candidates_tried = tried_;
    if (!outcomes.empty()) found.emplace_back(std::move(candidate), std::move(outcomes));
  }

  void try_pairs(const Fact& first, const Fact& second, std::vector<std::pair<Candidate, std::vector<ArticleOutcome>>>& found,
                 WitnessSearch& search) {
    std::size_t tried_here = 0;
    for (const FactValue& first_value : first.candidates) {
      for (const FactValue& second_value : second.candidates) {
        if (++pairs_tried_ > pair_budget || ++tried_here > pairs_per_two_facts) return;
        try_candidate(Candidate{{Change{&first, &first_value}, Change{&second, &second_value}}, max(first_value.size, second_value.size)},
                      found, search);
      }
    }
  }

  static std::vector<std::string> articles_without_witness(const std::vector<std::string>& articles,
                                                           const std::vector<std::pair<Candidate, std::vector<ArticleOutcome>>>& found) {
    std::vector<std::string> missing;
    for (const std::string& article : articles) {
      bool witnessed = std::any_of(found.begin(), found.end(), [&](const auto& entry) {
        return std::any_of(entry.second.begin(), entry.second.end(), [&](const ArticleOutcome& o) { return o.article == article; });
      });
      if (!witnessed) missing.push_back(article);
    }
    return missing;
  }

  // The smallest witnesses first (fewest changes, then the smallest amount), at
  // most one per fact changed, so an article's handful shows different causes.
  void choose(const std::vector<std::string>& articles, int per_article,
              std::vector<std::pair<Candidate, std::vector<ArticleOutcome>>>& found, WitnessSearch& search) {
    std::stable_sort(found.begin(), found.end(), [](const auto& a, const auto& b) {
      if (a.first.changes.size() != b.first.changes.size()) return a.first.changes.size() < b.first.changes.size();
      return a.first.size < b.first.size;
    });
    std::vector<std::string> asked = articles;
    for (const auto& entry : found) {
      for (const ArticleOutcome& outcome : entry.second) {
        if (outcome.article != "total" && std::find(asked.begin(), asked.end(), outcome.article) == asked.end()) asked.push_back(outcome.article);
      }
    }
    std::map<const Candidate*, std::string> ids;
    for (const std::string& article : asked) {
      std::vector<std::string> chosen;
      std::set<std::string> facts_used;
      // A pair of changes is shown only where no single change shows the article:
      // otherwise one of the two changes is beside the point.
      bool single_shows = std::any_of(found.begin(), found.end(), [&](const auto& entry) {
        return entry.first.changes.size() == 1 && shows_article(entry.second, article);
      });
      // Round 0 takes one witness per way the result changes (so a changed rate
      // and a changed cap of one article both show), round 1 one per fact
      // changed, round 2 the rest, each round the smallest first.
      std::set<std::string> shapes_used;
      std::vector<std::size_t> picked;  // indices into found, which is smallest first
      for (int round = 0; round < 3 && static_cast<int>(picked.size()) < per_article; ++round) {
        for (std::size_t index = 0; index < found.size() && static_cast<int>(picked.size()) < per_article; ++index) {
          const auto& [candidate, outcomes] = found[index];
          if (!shows_article(outcomes, article) || (single_shows && candidate.changes.size() > 1)) continue;
          if (std::find(picked.begin(), picked.end(), index) != picked.end()) continue;
          std::string key = changed_facts(candidate);
          std::string shape = change_shape(outcomes, article);
          if (round == 0 && shapes_used.contains(shape)) continue;
          if (round == 1 && facts_used.contains(key)) continue;
          shapes_used.insert(shape);
          facts_used.insert(key);
          picked.push_back(index);
        }
      }
      std::sort(picked.begin(), picked.end());
      for (std::size_t index : picked) chosen.push_back(witness_id(found[index].first, found[index].second, ids, search));
      search.by_article.emplace_back(article, std::move(chosen));
    }
  }

  // How an article's result changes: from nothing, to nothing, or by which
  // factor (to the hundredth), so two witnesses of one rate share a shape and a
  // witness of a changed cap has another.
  static std::string change_shape(const std::vector<ArticleOutcome>& outcomes, const std::string& article) {
    for (const ArticleOutcome& outcome : outcomes) {
      if (outcome.article != article) continue;
      auto old_amount = Decimal::parse(outcome.old_result);
      auto new_amount = Decimal::parse(outcome.new_result);
      if (!old_amount || !new_amount) return outcome.old_result + "→" + outcome.new_result;
      if (old_amount->is_zero()) return "from nothing";
      if (new_amount->is_zero()) return "to nothing";
      return "factor " + Decimal::divide(*new_amount, *old_amount).rounded(2, RoundingMode::half_up).normalized().to_string();
    }
    return "";
  }

  static bool shows_article(const std::vector<ArticleOutcome>& outcomes, const std::string& article) {
    return std::any_of(outcomes.begin(), outcomes.end(), [&](const ArticleOutcome& outcome) { return outcome.article == article; });
  }

  static std::string changed_facts(const Candidate& candidate) {
    std::string key;
    for (const Change& change : candidate.changes) key += change.fact->name + ";";
    return key;
  }

  std::string witness_id(const Candidate& candidate, const std::vector<ArticleOutcome>& outcomes,
                         std::map<const Candidate*, std::string>& ids, WitnessSearch& search) const {
    if (auto known = ids.find(&candidate); known != ids.end()) return known->second;
    std::string id = fmt::format("W{}", search.witnesses.size() + 1);
    Witness witness{id, {}, facts_json(candidate, id), outcomes};
    for (const Change& change : candidate.changes) witness.changes.push_back(change.fact->name + " = " + change.value->shown);
    search.witnesses.push_back(std::move(witness));
    ids[&candidate] = id;
    return id;
  }

  const Evaluator& old_;
  const Evaluator& new_;
  FactsReader old_reader_;
  FactsReader new_reader_;
  Constants constants_;
  std::vector<Fact> facts_;
  std::vector<std::string> article_order_;
  std::set<std::string> tried_records_;
  int tried_ = 0;
  std::size_t pairs_tried_ = 0;
};

}  // namespace

WitnessSearch find_witnesses(const Evaluator& old_version, const Evaluator& new_version, const std::vector<std::string>& articles,
                             int per_article) {
  return Search(old_version, new_version).run(articles, per_article);
}

}  // namespace clause
