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
  int caret_width = std::max(1, display_width(expand_tabs(marked)));
  return fmt::format(" {} | {}\n {} | {}{}\n", line_number, expand_tabs(line), gutter,
                     std::string(static_cast<std::size_t>(display_width(expand_tabs(before))), ' '),
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
