#pragma once
// Diagnostics: what the parser and checker tell a policy writer.
//
// Every diagnostic has a stable code (documented in docs/diagnostics.md), a
// severity, a primary span, and optional notes with spans of their own. They are
// collected, never thrown, so one run reports every problem it can find.

#include <string>
#include <vector>

#include "dsl/source.hpp"

namespace clause {

enum class Severity { error, warning, note };

struct DiagnosticNote {
  Span span;
  std::string message;
};

struct Diagnostic {
  Severity severity = Severity::error;
  std::string code;  // "E0101"
  Span span;
  std::string message;
  std::vector<DiagnosticNote> notes;
};

class Diagnostics {
 public:
  void error(std::string code, Span span, std::string message, std::vector<DiagnosticNote> notes = {});
  void warning(std::string code, Span span, std::string message, std::vector<DiagnosticNote> notes = {});
  void note(std::string code, Span span, std::string message, std::vector<DiagnosticNote> notes = {});

  const std::vector<Diagnostic>& all() const { return diagnostics_; }
  // Takes out the diagnostics `drop` holds for (warnings a policy expects); returns how many.
  template <typename Drop>
  std::size_t remove_if(Drop drop) {
    return std::erase_if(diagnostics_, drop);
  }
  bool has_errors() const;
  int count(Severity severity) const;
  // Orders diagnostics by position, so output follows the file top to bottom.
  void sort_by_position();

 private:
  std::vector<Diagnostic> diagnostics_;
};

// Renders as
//   policy.clause:12:5: error[E0201]: unknown name 'info_rat'
//      12 |   amount S * info_rat
//         |              ^^^^^^^^
//   help: did you mean 'info_rate'?
std::string render(const Diagnostic& diagnostic, const SourceFile& source, bool color = false);

}  // namespace clause
