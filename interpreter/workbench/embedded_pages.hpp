#pragma once
// The workbench's pages (interpreter/workbench/pages/), compiled into the
// executable at build time (embed_pages.cmake writes their bytes into a
// generated source file), so `clause serve` reads nothing from disk for them and
// fetches nothing from the internet.

#include <span>
#include <string_view>

namespace clause::workbench {

struct EmbeddedPage {
  std::string_view path;   // relative to pages/: "index.html", "editor.js"
  std::string_view bytes;
};

// Every page, in path order (defined in the generated source).
std::span<const EmbeddedPage> embedded_pages();

// The page at that path; null when there is none.
const EmbeddedPage* find_page(std::string_view path);

// "text/html; charset=utf-8", ... by the extension; "application/octet-stream" when unknown.
std::string_view content_type(std::string_view path);

}  // namespace clause::workbench
