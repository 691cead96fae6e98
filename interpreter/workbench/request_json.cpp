#include "interpreter/workbench/request_json.hpp"

#include <fmt/format.h>
#include <simdjson.h>

#include "dsl/utf8.hpp"

namespace clause::workbench {
namespace {

namespace ondemand = simdjson::ondemand;

// The member's value as kept: strings unescaped, everything else as written.
simdjson::error_code read_member(ondemand::value value, JsonMember& member) {
  ondemand::json_type type;
  if (auto error = value.type().get(type)) return error;
  std::string_view text;
  simdjson::error_code error = simdjson::SUCCESS;
  switch (type) {
    case ondemand::json_type::string:
      member.kind = JsonKind::string;
      error = value.get_string().get(text);
      break;
    case ondemand::json_type::object: {
      member.kind = JsonKind::object;
      ondemand::object object;
      error = value.get_object().get(object);
      if (!error) error = object.raw_json().get(text);
      break;
    }
    case ondemand::json_type::array: {
      member.kind = JsonKind::array;
      ondemand::array array;
      error = value.get_array().get(array);
      if (!error) error = array.raw_json().get(text);
      break;
    }
    case ondemand::json_type::number:
      member.kind = JsonKind::number;
      text = value.raw_json_token();
      break;
    case ondemand::json_type::boolean: {
      member.kind = JsonKind::boolean;
      bool flag = false;
      error = value.get_bool().get(flag);
      text = flag ? "true" : "false";
      break;
    }
    case ondemand::json_type::null: {
      member.kind = JsonKind::null;
      text = "null";
      // A token that starts like null but is not ("nul", "name"): is_null() then
      // reports an error, which must not be converted to bool (that throws).
      // The token is kept, for the message to quote it.
      bool is_null = false;
      if (value.is_null().get(is_null) || !is_null) {
        text = value.raw_json_token();
        error = simdjson::INCORRECT_TYPE;
      }
      break;
    }
  }
  member.text.assign(text);
  return error;
}

std::string_view trimmed(std::string_view text) {
  const std::size_t end = text.find_last_not_of(" \t\r\n");
  return end == std::string_view::npos ? std::string_view() : text.substr(0, end + 1);
}

}  // namespace

std::optional<JsonObject> JsonObject::parse(std::string_view body, std::string& error) {
  // One parser per call: requests arrive on several threads.
  ondemand::parser parser;
  simdjson::padded_string padded(body);
  ondemand::document document;
  ondemand::object object;
  JsonObject result;
  auto fail = [&](simdjson::error_code code) {
    error = fmt::format("the request body is not JSON: {}", simdjson::error_message(code));
    return std::nullopt;
  };
  if (auto code = parser.iterate(padded).get(document)) return fail(code);
  ondemand::json_type type;
  if (auto code = document.type().get(type)) return fail(code);
  if (type != ondemand::json_type::object) {
    error = "the request body must be a JSON object";
    return std::nullopt;
  }
  if (auto code = document.get_object().get(object)) return fail(code);
  for (auto field : object) {
    std::string_view key;
    if (auto code = field.unescaped_key().get(key)) return fail(code);
    JsonMember member;
    if (auto code = read_member(field.value(), member)) {
      if (member.kind != JsonKind::null) return fail(code);
      // simdjson would say only that the element lacks the requested type.
      error = fmt::format("the request body is not JSON: unexpected {} as the value of \"{}\"",
                          shortened(trimmed(member.text), 40), shortened(key, 40));
      return std::nullopt;
    }
    result.members_.emplace_back(std::string(key), std::move(member));
  }
  // Past the object's last token there is no location left, unless more follows.
  const char* after = nullptr;
  if (document.current_location().get(after) == simdjson::SUCCESS) {
    error = "the request body is not JSON: more after the object";
    return std::nullopt;
  }
  return result;
}

const JsonMember* JsonObject::find(std::string_view name) const {
  for (const auto& [key, member] : members_) {
    if (key == name) return &member;
  }
  return nullptr;
}

std::string_view kind_name(JsonKind kind) {
  switch (kind) {
    case JsonKind::string: return "a string";
    case JsonKind::object: return "an object";
    case JsonKind::array: return "an array";
    case JsonKind::number: return "a number";
    case JsonKind::boolean: return "true or false";
    case JsonKind::null: return "null";
  }
  return "a value";
}

}  // namespace clause::workbench
