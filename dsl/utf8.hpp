#pragma once
// UTF-8 validation, for policy files and facts that come from other systems:
// a file saved as GBK must be refused with where it goes wrong, not misread.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace clause {

// U+FEFF in UTF-8, which Windows tools write at the start of a file: not part of
// the text that follows (a policy file, a line of facts).
inline constexpr std::string_view byte_order_mark = "\xEF\xBB\xBF";

// The byte offset of the first byte that does not belong to well-formed UTF-8
// (RFC 3629: no overlong forms, no surrogates, nothing above U+10FFFF);
// nullopt when the whole text is valid.
std::optional<std::size_t> first_invalid_utf8(std::string_view text);

// `text` as a message quotes it: whole when at most `limit` bytes, else cut at
// the last character boundary within them and followed by "...", so that one
// huge value cannot flood a report.
std::string shortened(std::string_view text, std::size_t limit);

}  // namespace clause
