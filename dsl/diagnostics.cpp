#include "dsl/diagnostics.hpp"

#include <algorithm>
#include <fmt/format.h>

namespace clause {

void Diagnostics::error(std::string code, Span span, std::string message, std::vector<DiagnosticNote> notes) {
  diagnostics_.push_back({Severity::error, std::move(code), span, std::move(message), std::move(notes)});
}

void Diagnostics::warning(std::string code, Span span, std::string message, std::vector<DiagnosticNote> notes) {
  diagnostics_.push_back({Severity::warning, std::move(code), span, std::move(message), std::move(notes)});
}

void Diagnostics::note(std::string code, Span span, std::string message, std::vector<DiagnosticNote> notes) {
  diagnostics_.push_back({Severity::note, std::move(code), span, std::move(message), std::move(notes)});
}

bool Diagnostics::has_errors() const { return count(Severity::error) > 0; }

int Diagnostics::count(Severity severity) const {
  return static_cast<int>(std::count_if(diagnostics_.begin(), diagnostics_.end(),
                                        [&](const Diagnostic& d) { return d.severity == severity; }));
}

void Diagnostics::sort_by_position() {
  std::stable_sort(diagnostics_.begin(), diagnostics_.end(),
                   [](const Diagnostic& a, const Diagnostic& b) { return a.span.begin < b.span.begin; });
}

namespace {

std::string_view severity_name(Severity severity) {
  switch (severity) {
    case Severity::error: return "error";
    case Severity::warning: return "warning";
    case Severity::note: return "note";
  }
  return "error";
}

// A tab is shown as four spaces, so the caret line (spaces) lines up under it.
std::string expand_tabs(std::string_view text) {
  std::string result;
  for (char c : text) {
    if (c == '\t') result += "    ";
    else result += c;
  }
  return result;
}

bool is_continuation_byte(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

// The first `count` characters of `text` (never cutting a UTF-8 sequence).
std::string_view first_characters(std::string_view text, int count) {
  std::size_t at = 0;
  for (int taken = 0; at < text.size() && taken < count; ++taken) {
    ++at;
    while (at < text.size() && is_continuation_byte(text[at])) ++at;
  }
  return text.substr(0, at);
}

// The last `count` characters of `text`.
std::string_view last_characters(std::string_view text, int count) {
  std::size_t at = text.size();
  for (int taken = 0; at > 0 && taken < count; ++taken) {
    --at;
    while (at > 0 && is_continuation_byte(text[at])) --at;
  }
  return text.substr(at);
}

// The parts of a source line around a span, clipped with "…" when the line is
// too long to print whole (a generated file, a runaway paste): the caret must
// still be on screen.
struct LineParts {
  std::string before;
  std::string marked;
  std::string after;
};

LineParts clip_line(std::string_view before, std::string_view marked, std::string_view after) {
  constexpr int shown_before = 60, shown_marked = 80, shown_after = 40;
  if (character_count(before) + character_count(marked) + character_count(after) <=
      shown_before + shown_marked + shown_after) {
    return {std::string(before), std::string(marked), std::string(after)};
  }
  LineParts parts;
  std::string_view kept_before = last_characters(before, shown_before);
  parts.before = (kept_before.size() < before.size() ? "…" : "") + std::string(kept_before);
  parts.marked = first_characters(marked, shown_marked);
  if (parts.marked.size() < marked.size()) {  // the span itself runs on: nothing after it is shown
    parts.after = "…";
    return parts;
  }
  std::string_view kept_after = first_characters(after, shown_after);
  parts.after = std::string(kept_after) + (kept_after.size() < after.size() ? "…" : "");
  return parts;
}

// The source line under a span, and a caret line marking the span on it.
std::string excerpt(const SourceFile& source, Span span) {
  Position start = source.position(span.begin);
  std::string_view line = source.line_text(start.line);
  std::string line_number = std::to_string(start.line);
  std::string gutter(line_number.size(), ' ');
  // The caret runs to the span's end or the end of its first line, whichever comes first.
  std::size_t line_begin = static_cast<std::size_t>(line.data() - source.text().data());
  std::size_t offset_in_line = std::min<std::size_t>(span.begin - line_begin, line.size());
  std::string_view before = line.substr(0, offset_in_line);
  std::string_view marked = line.substr(offset_in_line, std::min<std::size_t>(span.end - span.begin, line.size() - offset_in_line));
  LineParts parts = clip_line(before, marked, line.substr(offset_in_line + marked.size()));
  int caret_width = std::max(1, display_width(expand_tabs(parts.marked)));
  return fmt::format(" {} | {}\n {} | {}{}\n", line_number, expand_tabs(parts.before + parts.marked + parts.after),
                     gutter, std::string(static_cast<std::size_t>(display_width(expand_tabs(parts.before))), ' '),
                     std::string(static_cast<std::size_t>(caret_width), '^'));
}

}  // namespace

std::string render(const Diagnostic& diagnostic, const SourceFile& source, bool color) {
  Position start = source.position(diagnostic.span.begin);
  std::string_view severity = severity_name(diagnostic.severity);
  std::string label = color ? fmt::format("\x1b[1;{}m{}\x1b[0m", diagnostic.severity == Severity::error ? 31 : diagnostic.severity == Severity::warning ? 33 : 36, severity)
                            : std::string(severity);
  std::string text = fmt::format("{}:{}:{}: {}[{}]: {}\n", source.name(), start.line, start.column, label,
                                 diagnostic.code, diagnostic.message);
  text += excerpt(source, diagnostic.span);
  for (const DiagnosticNote& note : diagnostic.notes) {
    if (note.span.end == 0 && note.span.begin == 0) {
      text += fmt::format("  = {}\n", note.message);
      continue;
    }
    Position at = source.position(note.span.begin);
    text += fmt::format("{}:{}:{}: note: {}\n", source.name(), at.line, at.column, note.message);
    text += excerpt(source, note.span);
  }
  return text;
}

}  // namespace clause
