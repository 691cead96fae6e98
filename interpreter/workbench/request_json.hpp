#pragma once
// A request body of the workbench's API: one JSON object, read with simdjson.
// Its members are kept by name, strings unescaped, objects and arrays as their
// raw JSON text (the facts of an enterprise go on to the facts reader as
// written, so no number passes through floating point), numbers and literals as
// written.

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace clause::workbench {

enum class JsonKind { string, object, array, number, boolean, null };

struct JsonMember {
  JsonKind kind = JsonKind::null;
  std::string text;  // a string unescaped; anything else its raw JSON text
};

class JsonObject {
 public:
  // The object `body` holds, or nullopt with `error` saying what is wrong
  // ("not JSON: ...", "expected a JSON object").
  static std::optional<JsonObject> parse(std::string_view body, std::string& error);

  // The first member of that name; null when absent.
  const JsonMember* find(std::string_view name) const;
  // Every member, in the order written.
  const std::vector<std::pair<std::string, JsonMember>>& members() const { return members_; }

 private:
  std::vector<std::pair<std::string, JsonMember>> members_;
};

// "a string", "an object", ...: for messages.
std::string_view kind_name(JsonKind kind);

}  // namespace clause::workbench
