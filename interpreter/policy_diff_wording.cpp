// The policy diff of what does not change a rule: quotes outside any measure,
// comments, and layout (spacing, line breaks, the order of declarations).

#include <algorithm>
#include <fmt/format.h>
#include <fmt/ranges.h>

#include "dsl/source_text.hpp"
#include "dsl/syntax_printer.hpp"
#include "dsl/syntax_walk.hpp"
#include "interpreter/policy_differ.hpp"
#include "interpreter/value_format.hpp"

namespace clause::differ {

void Differ::compare_free_quotes() {
  auto notes = [](const Version& version) {
    Written written;
    for (const syntax::Declaration& declaration : version.program.syntax.declarations) {
      if (const auto* note = std::get_if<syntax::NoteDecl>(&declaration)) {
        if (written.line == 0) written.line = version.line(note->quote.span);
        written.meaning += (written.meaning.empty() ? "" : "\n") + quote_text(note->quote);
      }
    }
    written.text = written.meaning;
    return written;
  };
  compare_wording("the file", "quotes of the law between declarations", notes(old_), notes(new_));
}

void Differ::compare_comments() {
  std::map<std::string, Written> before = comments_by_declaration(old_.program);
  std::map<std::string, Written> after = comments_by_declaration(new_.program);
  // A renamed measure's comments are compared under its new label.
  for (const RuleChange& change : diff_.rules) {
    if (change.kind != RuleChangeKind::measure_renamed) continue;
    auto renamed = before.extract("measure " + change.old_text);
    if (renamed.empty()) continue;
    renamed.key() = "measure " + change.new_text;
    before.insert(std::move(renamed));
  }
  std::vector<std::string> places;
  for (const auto& [place, comment] : before) places.push_back(place);
  for (const auto& [place, comment] : after) {
    if (!before.contains(place)) places.push_back(place);
  }
  std::stable_sort(places.begin(), places.end(), [&](const std::string& a, const std::string& b) {
    return first_line(after, before, a) < first_line(after, before, b);
  });
  for (const std::string& place : places) {
    Written old_comments = before.contains(place) ? before.at(place) : Written{};
    Written new_comments = after.contains(place) ? after.at(place) : Written{};
    if (old_comments.meaning == new_comments.meaning) continue;
    wording(place, "comments", old_comments, new_comments);
  }
}

// Each comment belongs to the declaration that holds it, or else to the next one
// (a comment above a declaration is about it).
std::map<std::string, Written> Differ::comments_by_declaration(const CheckedProgram& program) {
  std::vector<std::pair<std::string, Span>> places;
  if (program.syntax.header) places.emplace_back("policy header", program.syntax.header->span);
  for (const syntax::Declaration& declaration : program.syntax.declarations) places.push_back(place_of(declaration));
  std::sort(places.begin(), places.end(), [](const auto& a, const auto& b) { return a.second.begin < b.second.begin; });
  std::map<std::string, Written> comments;
  for (const SourceComment& comment : comments_in(*program.source)) {
    auto place = std::find_if(places.begin(), places.end(), [&](const auto& candidate) { return comment.offset < candidate.second.end; });
    Written& written = comments[place == places.end() ? "the end of the file" : place->first];
    if (written.line == 0) written.line = comment.line;
    written.meaning += (written.meaning.empty() ? "# " : "\n# ") + comment.text;
    written.text = written.meaning;
  }
  return comments;
}

// "measure 一(二)", "param cloud_step": how a report names the declaration.
std::pair<std::string, Span> Differ::place_of(const syntax::Declaration& declaration) {
  return std::visit(
      [](const auto& typed) -> std::pair<std::string, Span> {
        using Kind = std::decay_t<decltype(typed)>;
        if constexpr (std::is_same_v<Kind, syntax::NoteDecl>) {
          return {"the quotes between declarations", typed.quote.span};
        } else if constexpr (std::is_same_v<Kind, syntax::FactsDecl>) {
          return {"facts", typed.span};
        } else if constexpr (requires { typed.article; }) {
          return {std::string(declaration_word<Kind>()) + " " + typed.article.name, typed.span};
        } else {
          return {std::string(declaration_word<Kind>()) + " " + typed.name.name, typed.span};
        }
      },
      declaration);
}

// Keeps only the lines that differ: the longest run of lines both texts share,
// in order, is dropped from each (the lines a line diff would not mark).
void Differ::drop_common_lines(std::string& before, std::string& after) {
  auto split = [](const std::string& text) {
    std::vector<std::string> lines;
    std::size_t start = 0;
    while (start <= text.size()) {
      std::size_t end = std::min(text.find('\n', start), text.size());
      lines.push_back(text.substr(start, end - start));
      start = end + 1;
    }
    return lines;
  };
  std::vector<std::string> old_lines = split(before);
  std::vector<std::string> new_lines = split(after);
  std::size_t rows = old_lines.size();
  std::size_t columns = new_lines.size();
  // shared[i][j]: the longest common subsequence of old_lines[i..] and new_lines[j..].
  std::vector<std::vector<int>> shared(rows + 1, std::vector<int>(columns + 1, 0));
  for (std::size_t i = rows; i-- > 0;) {
    for (std::size_t j = columns; j-- > 0;) {
      shared[i][j] = old_lines[i] == new_lines[j] ? shared[i + 1][j + 1] + 1 : std::max(shared[i + 1][j], shared[i][j + 1]);
    }
  }
  std::string old_kept;
  std::string new_kept;
  auto keep = [](std::string& kept, const std::string& line) { kept += (kept.empty() ? "" : "\n") + line; };
  std::size_t i = 0;
  std::size_t j = 0;
  while (i < rows || j < columns) {
    if (i < rows && j < columns && old_lines[i] == new_lines[j]) {
      ++i;
      ++j;
    } else if (j == columns || (i < rows && shared[i + 1][j] >= shared[i][j + 1])) {
      keep(old_kept, old_lines[i++]);
    } else {
      keep(new_kept, new_lines[j++]);
    }
  }
  before = old_kept;
  after = new_kept;
}

int Differ::first_line(const std::map<std::string, Written>& preferred, const std::map<std::string, Written>& other,
                      const std::string& place) {
  if (auto found = preferred.find(place); found != preferred.end()) return found->second.line;
  return other.at(place).line;
}

// Declarations whose code differs only in blanks and line breaks, and
// declarations written in another order: one wording entry naming them.
void Differ::compare_layout() {
  std::vector<std::pair<std::string, Span>> old_places = places_of(old_.program);
  std::vector<std::pair<std::string, Span>> new_places = places_of(new_.program);
  std::map<std::string, Span> old_spans(old_places.begin(), old_places.end());
  std::map<std::string, std::string> old_comments;
  for (const auto& [place, comment] : comments_by_declaration(old_.program)) old_comments[place] = comment.meaning;
  std::map<std::string, std::string> new_comments;
  for (const auto& [place, comment] : comments_by_declaration(new_.program)) new_comments[place] = comment.meaning;
  std::vector<std::string> respaced;
  std::vector<std::string> shared_old_order;
  std::vector<std::string> shared_new_order;
  for (const auto& [place, new_span] : new_places) {
    auto old_span = old_spans.find(place);
    if (old_span == old_spans.end()) continue;
    shared_new_order.push_back(place);
    std::string old_code = one_line_text(*old_.program.source, old_span->second);
    std::string new_code = one_line_text(*new_.program.source, new_span);
    if (without_blanks(old_code) != without_blanks(new_code)) continue;
    bool raw_differs = old_.program.source->slice(old_span->second) != new_.program.source->slice(new_span);
    if (old_code != new_code || (raw_differs && old_comments[place] == new_comments[place])) respaced.push_back(place);
  }
  for (const auto& [place, span] : old_places) {
    if (std::find(shared_new_order.begin(), shared_new_order.end(), place) != shared_new_order.end()) shared_old_order.push_back(place);
  }
  if (!respaced.empty()) {
    std::string places = fmt::format("{}", fmt::join(respaced, ", "));
    wording("the file", "layout (blanks and line breaks) of " + places, Written{}, Written{});
  }
  if (shared_old_order != shared_new_order) wording("the file", "the order of declarations", Written{}, Written{});
}

std::vector<std::pair<std::string, Span>> Differ::places_of(const CheckedProgram& program) {
  std::vector<std::pair<std::string, Span>> places;
  if (program.syntax.header) places.emplace_back("policy header", program.syntax.header->span);
  for (const syntax::Declaration& declaration : program.syntax.declarations) {
    if (!std::holds_alternative<syntax::NoteDecl>(declaration)) places.push_back(place_of(declaration));
  }
  return places;
}

std::string Differ::without_blanks(const std::string& text) {
  std::string result;
  for (char c : text) {
    if (c != ' ') result += c;
  }
  return result;
}

void Differ::note_layout_when_nothing_else_differs() {
  if (diff_.texts_identical || !diff_.rules.empty() || !diff_.wording.empty()) return;
  wording("the file", "layout (spacing, line breaks, the order of declarations)", Written{}, Written{});
}

}  // namespace clause::differ
