#include "interpreter/facts_reader.hpp"

#include <fmt/format.h>
#include <simdjson.h>

#include <algorithm>
#include <atomic>
#include <bit>
#include <limits>
#include <memory>
#include <utility>

#include "dsl/utf8.hpp"

namespace clause {
namespace {

namespace ondemand = simdjson::ondemand;

// Facts are read into the tree of Values the previous record of the thread
// left, where nothing else holds a part of it any more: a population run would
// otherwise allocate and free every record, list and long text of every line.
// So every read_* writes its slot whatever it held before.

// Puts a scalar into its slot. Emplacing the alternative spares the variant's
// move-assignment and the destruction of a temporary, two dispatches per value.
template <class Alternative, class... Arguments>
void put(Value& slot, Arguments&&... arguments) {
  slot.data.emplace<Alternative>(std::forward<Arguments>(arguments)...);
}

// Text goes into the string the slot already holds, which keeps its capacity.
void put_text(Value& slot, std::string_view text) {
  if (auto* held = std::get_if<std::string>(&slot.data)) {
    held->assign(text);
  } else {
    slot.data.emplace<std::string>(text);
  }
}

// The record or list `slot` holds, to be written over in place, when the slot
// is its only holder; nullptr when something else (a caller keeping an earlier
// record, a default value) still reads it.
template <class Object>
Object* reusable(Value& slot) {
  auto* held = std::get_if<std::shared_ptr<const Object>>(&slot.data);
  if (held == nullptr || held->use_count() != 1) return nullptr;
  // The last other holder may have let go on another thread: its reads of the
  // object happen before the writes that follow.
  std::atomic_thread_fence(std::memory_order_acquire);
  // Every record and list of a facts tree is made non-const (make_shared<Object>).
  return const_cast<Object*>(held->get());
}

// The object of `slot` to write into: the one it holds when reusable, else a new one put there.
template <class Object>
Object& writable(Value& slot) {
  if (Object* reused = reusable<Object>(slot)) return *reused;
  auto fresh = std::make_shared<Object>();
  Object& object = *fresh;
  put<std::shared_ptr<const Object>>(slot, std::move(fresh));
  return object;
}

// One step of the path to the value being read; rendered only when reporting.
struct PathStep {
  std::string_view field;  // empty for a list position
  std::size_t index = 0;
};

enum FieldState : unsigned char { field_absent = 0, field_null = 1, field_present = 2 };

// What one thread keeps from record to record: simdjson parsers are not shared
// between threads, and reusing the buffers keeps the happy path to the
// allocations of the values it returns.
struct Workspace {
  ondemand::parser parser;
  const char* text = nullptr;                  // the record being read, with SIMDJSON_PADDING bytes after it
  std::size_t length = 0;                      // of the record
  std::size_t readable = 0;                    // bytes that may be read from `text`
  std::string padded;                          // a copy of the record with zero bytes after it, when it needs one
  // Where the value that failed lies, innermost step first: each level adds its
  // own step as the failure returns through it, so a record read without fault
  // spends nothing on its path.
  std::vector<PathStep> path;
  std::vector<unsigned char> field_states;     // a FieldState per field of each open record wider than 64
  std::vector<std::string_view> unknown_keys;  // keys outside the schema, per open object
  Value facts;                                 // the last record read(), whose storage the next one reuses
  std::vector<Value> spare_items;              // items a list had beyond a later record's count, to refill lists with
};

// What became of each field of one record being read. Up to 64 fields fit in two
// bit sets on the stack; a wider record keeps a byte per field in the workspace
// (by index, not reference: nested records grow that vector).
class FieldStates {
 public:
  FieldStates(std::vector<unsigned char>& wide_states, std::size_t count)
      : wide_states_(wide_states), base_(wide_states.size()), wide_(count > 64) {
    if (wide_) wide_states_.resize(base_ + count, field_absent);
  }
  FieldStates(const FieldStates&) = delete;
  FieldStates& operator=(const FieldStates&) = delete;
  ~FieldStates() {
    if (wide_) wide_states_.resize(base_);
  }

  FieldState operator[](std::size_t field) const {
    if (wide_) return static_cast<FieldState>(wide_states_[base_ + field]);
    const std::uint64_t bit = std::uint64_t{1} << field;
    return (present_ & bit) != 0 ? field_present : (null_ & bit) != 0 ? field_null : field_absent;
  }
  // Calls settle(field) for each field of the count not given a value, in field
  // order, until settle returns false; returns whether all were settled.
  template <class Settle>
  bool settle_unfilled(std::size_t count, Settle settle) const {
    if (wide_) {
      for (std::size_t field = 0; field < count; ++field) {
        if (wide_states_[base_ + field] != field_present && !settle(field)) return false;
      }
      return true;
    }
    const std::uint64_t all = count == 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << count) - 1;
    for (std::uint64_t unfilled = all & ~present_; unfilled != 0; unfilled &= unfilled - 1) {
      if (!settle(static_cast<std::size_t>(std::countr_zero(unfilled)))) return false;
    }
    return true;
  }
  void set(std::size_t field, FieldState state) {
    if (wide_) {
      wide_states_[base_ + field] = state;
      return;
    }
    const std::uint64_t bit = std::uint64_t{1} << field;
    (state == field_present ? present_ : null_) |= bit;
  }

 private:
  std::vector<unsigned char>& wide_states_;
  std::size_t base_;
  bool wide_;
  std::uint64_t present_ = 0;
  std::uint64_t null_ = 0;
};

Workspace& workspace() {
  thread_local Workspace instance;
  return instance;
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

std::string_view trimmed(std::string_view text) {
  constexpr std::string_view blanks = " \t\r\n";
  std::size_t first = text.find_first_not_of(blanks);
  if (first == std::string_view::npos) return {};
  return text.substr(first, text.find_last_not_of(blanks) - first + 1);
}

// A piece of the input quoted in a message.
std::string excerpt(std::string_view text) { return shortened(text, 60); }

// The number grammar of RFC 8259. simdjson's on-demand API checks a number only
// when asked for a double or a 64-bit integer, and we never ask: we value the text.
bool is_json_number(std::string_view text) {
  std::size_t at = 0;
  auto digits = [&] {
    std::size_t start = at;
    while (at < text.size() && is_digit(text[at])) ++at;
    return at > start;
  };
  if (at < text.size() && text[at] == '-') ++at;
  if (at < text.size() && text[at] == '0') {
    ++at;
  } else if (!digits()) {
    return false;
  }
  if (at < text.size() && text[at] == '.') {
    ++at;
    if (!digits()) return false;
  }
  if (at < text.size() && (text[at] == 'e' || text[at] == 'E')) {
    ++at;
    if (at < text.size() && (text[at] == '+' || text[at] == '-')) ++at;
    if (!digits()) return false;
  }
  return at == text.size();
}

// A number token as simdjson delimits it (the number, then any blanks before the
// next structural character), checked against the grammar above in the same pass
// that reads its digits. Most facts are short plain numbers, which thus need no
// second reading; the rest go through Decimal::parse.
struct ScannedNumber {
  bool well_formed = false;  // the token is one JSON number (is_json_number of the trimmed token)
  std::string_view text;     // the number without the blanks after it
  bool short_plain = false;  // no exponent and at most 18 digits: `value` is exact
  Decimal value;
  int integer_digits = 0;   // as written, before the point
  int fraction_digits = 0;  // as written, after the point
};

ScannedNumber scan_number(std::string_view token) {
  ScannedNumber number;
  std::size_t at = 0;
  const bool negative = at < token.size() && token[at] == '-';
  if (negative) ++at;
  // 18 digits fit in 64 bits whatever they are; the 19th is not taken (as in Decimal::parse).
  std::uint64_t digits_value = 0;
  int digits = 0;
  auto take_digits = [&] {
    const std::size_t start = at;
    for (; at < token.size() && is_digit(token[at]); ++at) {
      if (++digits <= 18) digits_value = digits_value * 10 + static_cast<unsigned>(token[at] - '0');
    }
    return static_cast<int>(at - start);
  };
  if (at < token.size() && token[at] == '0') {
    ++at;
    digits = 1;
    number.integer_digits = 1;
  } else if ((number.integer_digits = take_digits()) == 0) {
    return number;
  }
  if (at < token.size() && token[at] == '.') {
    ++at;
    if ((number.fraction_digits = take_digits()) == 0) return number;
  }
  bool exponent = false;
  if (at < token.size() && (token[at] == 'e' || token[at] == 'E')) {
    exponent = true;
    ++at;
    if (at < token.size() && (token[at] == '+' || token[at] == '-')) ++at;
    const std::size_t exponent_start = at;
    while (at < token.size() && is_digit(token[at])) ++at;
    if (at == exponent_start) return number;
  }
  number.text = token.substr(0, at);
  for (; at < token.size(); ++at) {
    if (!is_blank(token[at])) return number;
  }
  number.well_formed = true;
  if (!exponent && digits <= 18) {
    // At most 18 digits: the value is within both int64 and Decimal's range.
    const auto magnitude = static_cast<std::int64_t>(digits_value);
    number.value = number.fraction_digits == 0 ? Decimal::from_integer(negative ? -magnitude : magnitude)
                                                : Decimal::from_parts(negative ? -magnitude : magnitude, number.fraction_digits);
    number.short_plain = true;
  }
  return number;
}

// "350000", "350000.50": how money strings are written (plain ASCII digits).
bool is_plain_decimal(std::string_view text) {
  std::size_t point = text.find('.');
  std::string_view whole = text.substr(0, point);
  auto all_digits = [](std::string_view part) {
    if (part.empty()) return false;
    for (char c : part) {
      if (!is_digit(c)) return false;
    }
    return true;
  };
  if (!all_digits(whole)) return false;
  return point == std::string_view::npos || all_digits(text.substr(point + 1));
}

// The characters between a string token's quotes, as written (escapes and all).
// simdjson delimits a token up to the next structural character, and after a
// closing quote only blanks can come before it, so the end is found without a
// scan. nullopt for a token that does not end so (simdjson then has the say).
std::optional<std::string_view> written_string(std::string_view token) {
  std::size_t end = token.size();
  while (end > 0 && is_blank(token[end - 1])) --end;
  if (end < 2 || token[0] != '"' || token[end - 1] != '"') return std::nullopt;
  // Not substr(): its range check, just made above, would cost a call at every string read.
  return std::string_view(token.data() + 1, end - 2);
}

// The value of plain decimal text (is_plain_decimal) of at most 18 digits, which
// fit in 64 bits: what Decimal::parse gives, every written digit kept and the
// written decimals as the scale, without its general reader.
Decimal short_plain_decimal(std::string_view text) {
  std::int64_t digits_value = 0;
  for (char c : text) {
    if (c != '.') digits_value = digits_value * 10 + (c - '0');
  }
  const std::size_t point = text.find('.');
  if (point == std::string_view::npos) return Decimal::from_integer(digits_value);
  return Decimal::from_parts(digits_value, static_cast<int>(text.size() - point - 1));
}

bool looks_like_date(std::string_view text) {
  if (text.size() != 10) return false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (i == 4 || i == 7 ? text[i] != '-' : !is_digit(text[i])) return false;
  }
  return true;
}

// Text already checked against the JSON or money grammar; nullopt means the value
// is beyond Decimal's exact range (36 digits, 30 decimals).
std::optional<Decimal> exact_decimal(std::string_view text) {
  try {
    return Decimal::parse(text);
  } catch (const DecimalOverflow&) {
    return std::nullopt;
  }
}

// What was found instead of the expected value: "a number", "true", "an array".
std::string found(ondemand::json_type kind, std::string_view token) {
  switch (kind) {
    case ondemand::json_type::object: return "an object";
    case ondemand::json_type::array: return "an array";
    case ondemand::json_type::string: return "a string";
    case ondemand::json_type::number: return "a number";
    case ondemand::json_type::boolean:
    case ondemand::json_type::null: return excerpt(trimmed(token));
  }
  return "something else";
}

std::string member_list(const EnumSchema& enumeration) {
  std::string list;
  for (const std::string& member : enumeration.members) {
    if (!list.empty()) list += ", ";
    list += member;
  }
  return list;
}

using AbsentValues = std::vector<std::vector<std::optional<Value>>>;

// A key as written between its quotes, found back from where its value starts
// (simdjson has checked that key, colon and value follow each other), so the key's
// characters need no scan. It may still hold escapes: only when it equals a field
// name, which has none, is it known to be its own unescaped form.
std::optional<std::string_view> written_key(const char* key_start, const char* value_start) {
  const char* at = value_start - 1;
  while (at > key_start && is_blank(*at)) --at;
  if (at <= key_start || *at != ':') return std::nullopt;
  --at;
  while (at > key_start && is_blank(*at)) --at;
  if (*at != '"') return std::nullopt;
  return std::string_view(key_start, static_cast<std::size_t>(at - key_start));
}

// One pass over one document. Every read_* returns false after recording the
// first error; the caller then abandons the document.
class Reading {
 public:
  enum class Mode { facts, syntax_only };

  Reading(const Schema& schema, const AbsentValues& absent_values, const std::vector<NameTable>& field_tables,
          const std::vector<NameTable>& member_tables, Workspace& workspace, Mode mode)
      : schema_(schema),
        absent_values_(absent_values),
        field_tables_(field_tables),
        member_tables_(member_tables),
        workspace_(workspace),
        mode_(mode) {
    workspace_.path.clear();
    workspace_.field_states.clear();
    workspace_.unknown_keys.clear();
  }

  // Reads workspace.text (length bytes of JSON) as one record of the schema.
  bool read_document(std::size_t length, int record, Value& out) {
    return located(read_root(length, record, out));
  }
  // Checks that workspace.text is one well-formed JSON document, nothing more.
  bool validate_document(std::size_t length) { return located(validate_root(length)); }

  FactsError error;
  bool syntax_failed = false;

 private:
  bool read_root(std::size_t length, int record, Value& out);
  bool validate_root(std::size_t length);
  bool open_document(std::size_t length, ondemand::document& document, std::string_view& token,
                     ondemand::json_type& kind);
  // depth: how many steps the value lies below the document's root.
  bool read_record(ondemand::value& json, int record, Value& out, std::size_t depth);
  // A field's value, or its null; `state` says which.
  bool read_field(ondemand::value& json, const FieldSchema& field, Value& out, FieldState& state, std::size_t depth);
  // kind: json's type, already asked of simdjson by the caller.
  bool read_value(ondemand::value& json, ondemand::json_type kind, const Type& type, Value& out, std::size_t depth);
  bool read_list(ondemand::value& json, ondemand::json_type kind, const Type& type, Value& out, std::size_t depth);
  // Puts an absent field's value into its slot. A default list or record is
  // copied for each record rather than shared: one shared object would have its
  // reference count bumped by every thread at once, and that contention costs
  // more than the copy.
  void put_default(Value& slot, const Value& value) {
    if (auto* list = std::get_if<std::shared_ptr<const ListValue>>(&value.data)) {
      std::vector<Value>& items = writable<ListValue>(slot).items;
      keep_items_beyond(items, 0);
      items.insert(items.end(), (*list)->items.begin(), (*list)->items.end());
    } else if (auto* record = std::get_if<std::shared_ptr<const RecordValue>>(&value.data)) {
      writable<RecordValue>(slot).fields = (*record)->fields;
    } else {
      slot = value;
    }
  }
  // The items of a list being written over beyond its first `count` are kept
  // for a longer list to come, rather than freed and allocated again.
  void keep_items_beyond(std::vector<Value>& items, std::size_t count) {
    for (; items.size() > count; items.pop_back()) workspace_.spare_items.push_back(std::move(items.back()));
  }
  // One more item at the end of a list being read: one an earlier list let go of, when there is one.
  void add_item(std::vector<Value>& items) {
    // Facts lists are short: room for four at the first item spares the growth by 1, 2, 4.
    if (items.empty()) items.reserve(4);
    if (workspace_.spare_items.empty()) {
      items.emplace_back();
      return;
    }
    items.push_back(std::move(workspace_.spare_items.back()));
    workspace_.spare_items.pop_back();
  }
  bool read_money(ondemand::value& json, ondemand::json_type kind, Value& out);
  bool read_rate(ondemand::value& json, ondemand::json_type kind, Value& out);
  bool read_number(ondemand::value& json, ondemand::json_type kind, bool integer, Value& out);
  bool read_date(ondemand::value& json, ondemand::json_type kind, Value& out);
  bool read_enum(ondemand::value& json, ondemand::json_type kind, int declaration, Value& out);
  bool read_text(ondemand::value& json, ondemand::json_type kind, Value& out);
  // Content the schema does not describe: ignored, but it must still be JSON
  // (and, outside syntax_only mode, free of duplicate keys).
  bool validate_any(ondemand::value& json, std::size_t depth);
  bool expect_end(ondemand::document& document, std::size_t length);
  bool fail_missing(int record, std::size_t field, std::size_t depth);

  // The value being read is wrong: its path is gathered on the way out (failed_in).
  bool fail(std::string message) {
    error.message = std::move(message);
    locate_from_here();
    return false;
  }
  // The failure lies at the value being read: each level it returns through adds its step.
  void locate_from_here() {
    locating_ = true;
    workspace_.path.clear();
  }
  // A failure returning through the value at `step` of its container; false, as it passes on.
  bool failed_in(PathStep step) {
    if (locating_) workspace_.path.push_back(step);
    return false;
  }
  // A document's outcome, its error's path rendered once the failure has come all the way out.
  bool located(bool read) {
    if (!read && locating_) error.path = rendered_path();
    return read;
  }
  bool fail_syntax(std::string_view detail) {
    error.path = "$";
    locating_ = false;
    error.message = "not valid JSON: ";
    error.message += detail;
    syntax_failed = true;
    return false;
  }
  bool fail_syntax(simdjson::error_code code) {
    // simdjson says only that the text is not UTF-8; where is worth saying.
    if (code == simdjson::UTF8_ERROR) return fail_encoding();
    // Two of simdjson's texts do not say what to mend ("Problem while parsing a string").
    if (code == simdjson::STRING_ERROR) {
      return fail_syntax(
          "a string has a backslash escape JSON does not allow: after a backslash only \" \\ / b f n r t or uXXXX "
          "may follow");
    }
    if (code == simdjson::UNESCAPED_CHARS) {
      return fail_syntax("a string holds a tab, line break or other control character: write it escaped (\\t, \\n)");
    }
    return fail_syntax(simdjson::error_message(code));
  }
  bool fail_encoding() {
    std::string_view text(workspace_.text, workspace_.length);
    std::size_t at = first_invalid_utf8(text).value_or(0);
    error.path = "$";
    locating_ = false;
    error.message = fmt::format("not valid UTF-8: byte 0x{:02X} at byte offset {} of the line is not part of a UTF-8 "
                                "character (save the file as UTF-8)",
                                at < text.size() ? static_cast<unsigned char>(text[at]) : 0, at);
    syntax_failed = true;
    return false;
  }
  // A token that is not JSON where a value should be (NaN, Infinity, a cut-off
  // line) is named by the field it stands in, so the record can be mended.
  // A well-formed token reported here means the structure around it is broken
  // (a cut-off line): that belongs to the whole record, path $.
  bool fail_token(std::string_view token) {
    token = trimmed(token);
    if (token.empty()) fail_syntax("the record ends where a value should be");
    else fail_syntax("unexpected " + excerpt(token));
    bool well_formed = token == "true" || token == "false" || token == "null" || is_json_number(token);
    if (!well_formed) locate_from_here();
    return false;
  }

  std::string rendered_path() const {
    std::string path = "$";
    for (auto step_at = workspace_.path.rbegin(); step_at != workspace_.path.rend(); ++step_at) {
      const PathStep& step = *step_at;
      if (step.field.empty()) {
        path += '[';
        path += std::to_string(step.index);
        path += ']';
      } else {
        path += '.';
        path += step.field;
      }
    }
    return path;
  }

  const Schema& schema_;
  const AbsentValues& absent_values_;
  const std::vector<NameTable>& field_tables_;
  const std::vector<NameTable>& member_tables_;
  Workspace& workspace_;
  Mode mode_;
  bool locating_ = false;  // the error's path is being gathered (fail, failed_in)
};

// Starts reading workspace.text: the document, its first token and what kind of value it is.
bool Reading::open_document(std::size_t length, ondemand::document& document, std::string_view& token,
                            ondemand::json_type& kind) {
  if (auto code = workspace_.parser.iterate(workspace_.text, length, workspace_.readable).get(document)) {
    return fail_syntax(code);
  }
  if (auto code = document.raw_json_token().get(token)) return fail_syntax(code);
  if (document.type().get(kind)) return fail_token(token);
  return true;
}

bool Reading::read_root(std::size_t length, int record, Value& out) {
  ondemand::document document;
  std::string_view token;
  ondemand::json_type kind;
  if (!open_document(length, document, token, kind)) return false;
  if (kind != ondemand::json_type::object) {
    return fail("expected " + schema_.records[static_cast<std::size_t>(record)].name + " (an object), got " +
                found(kind, token));
  }
  ondemand::value root;
  if (auto code = document.get_value().get(root)) return fail_syntax(code);
  if (!read_record(root, record, out, 0)) return false;
  return expect_end(document, length);
}

bool Reading::validate_root(std::size_t length) {
  ondemand::document document;
  std::string_view token;
  ondemand::json_type kind;
  if (!open_document(length, document, token, kind)) return false;
  switch (kind) {
    case ondemand::json_type::object:
    case ondemand::json_type::array: {
      ondemand::value root;
      if (auto code = document.get_value().get(root)) return fail_syntax(code);
      if (!validate_any(root, 0)) return false;
      return expect_end(document, length);
    }
    case ondemand::json_type::string: {
      std::string_view text;
      if (auto code = document.get_string().get(text)) return fail_syntax(code);
      return true;
    }
    case ondemand::json_type::number:
      return is_json_number(trimmed(token)) || fail_token(token);
    case ondemand::json_type::boolean: {
      bool truth;
      if (document.get_bool().get(truth)) return fail_token(token);
      return true;
    }
    case ondemand::json_type::null: {
      bool is_null = false;
      if (document.is_null().get(is_null) || !is_null) return fail_token(token);
      return true;
    }
  }
  return fail_token(token);
}

// The root object is closed; anything but white space after it is not JSON Lines.
bool Reading::expect_end(ondemand::document& document, std::size_t length) {
  const char* location = nullptr;
  if (document.current_location().get(location)) return true;  // OUT_OF_BOUNDS: nothing follows
  const char* end = workspace_.text + length;
  if (location < workspace_.text || location >= end) return true;
  return fail_syntax("unexpected " + excerpt(trimmed(std::string_view(location, static_cast<std::size_t>(end - location)))) +
                     " after the object");
}

bool Reading::read_record(ondemand::value& json, int record_index, Value& out, std::size_t depth) {
  const RecordSchema& record = schema_.records[static_cast<std::size_t>(record_index)];
  ondemand::object object;
  if (auto code = json.get_object().get(object)) return fail_syntax(code);
  const std::size_t unknown_base = workspace_.unknown_keys.size();
  FieldStates field_states(workspace_.field_states, record.fields.size());
  RecordValue* values = &writable<RecordValue>(out);
  // Every field is written below, read or settled, whatever the slot held before.
  values->fields.resize(record.fields.size());

  const NameTable& field_table = field_tables_[static_cast<std::size_t>(record_index)];
  for (auto field_result : object) {
    if (auto code = field_result.error()) return fail_syntax(code);
    // Used where it lies: copied out (get), the field's parts are written as two
    // stores and read back as one wider load, which stalls on every key read.
    ondemand::field& field = field_result.value_unsafe();
    ondemand::value& json_value = field.value();
    // A key is first looked up as written, sparing simdjson an unescaped copy; one
    // that names no field may be spelled with escapes, and is unescaped to be sure.
    std::string_view key;
    std::optional<std::size_t> found_index;
    if (std::optional<std::string_view> written = written_key(field.key().raw(), json_value.raw_json_token().data())) {
      key = *written;
      found_index = field_table.find(key);
    }
    if (!found_index) {
      if (auto code = field.unescaped_key().get(key)) return fail_syntax(code);
      found_index = field_table.find(key);
    }
    if (!found_index) {
      for (std::size_t i = unknown_base; i < workspace_.unknown_keys.size(); ++i) {
        if (workspace_.unknown_keys[i] == key) return fail("duplicate key '" + excerpt(key) + "'");
      }
      workspace_.unknown_keys.push_back(key);
      if (!validate_any(json_value, depth + 1)) return failed_in({key, 0});
      continue;
    }
    const std::size_t index = *found_index;
    if (field_states[index] != field_absent) {
      return fail("duplicate key '" + excerpt(key) + "'");
    }
    const FieldSchema& schema_field = record.fields[index];
    FieldState state = field_absent;
    if (!read_field(json_value, schema_field, values->fields[index], state, depth + 1)) {
      return failed_in({schema_field.name, 0});
    }
    field_states.set(index, state);
  }

  const auto& absent_values = absent_values_[static_cast<std::size_t>(record_index)];
  const bool settled = field_states.settle_unfilled(record.fields.size(), [&](std::size_t field) {
    if (!absent_values[field]) return fail_missing(record_index, field, 0);
    put_default(values->fields[field], *absent_values[field]);
    return true;
  });
  if (!settled) return false;
  workspace_.unknown_keys.resize(unknown_base);
  return true;
}

bool Reading::read_field(ondemand::value& json, const FieldSchema& field, Value& out, FieldState& state,
                         std::size_t depth) {
  ondemand::json_type kind;
  if (json.type().get(kind)) return fail_token(json.raw_json_token());
  if (kind == ondemand::json_type::null) {
    // null means absent for an optional field, and missing for a required one:
    // both are settled with the absent fields (Reading::read_record).
    bool is_null = false;
    if (json.is_null().get(is_null) || !is_null) return fail_token(json.raw_json_token());
    state = field_null;
    return true;
  }
  state = field_present;
  return read_value(json, kind, field.type, out, depth);
}

// A field with no value to fall back on. When it is a record that would be built
// from defaults but has required fields of its own, the innermost of those is named.
bool Reading::fail_missing(int record_index, std::size_t field_index, std::size_t depth) {
  const FieldSchema& field = schema_.records[static_cast<std::size_t>(record_index)].fields[field_index];
  const Type& type = field.type;
  if (!field.required && type.kind == TypeKind::record && !type.list && !type.optional &&
      depth < schema_.records.size()) {
    const auto& inner = absent_values_[static_cast<std::size_t>(type.declaration)];
    for (std::size_t i = 0; i < inner.size(); ++i) {
      if (!inner[i]) {
        fail_missing(type.declaration, i, depth + 1);
        return failed_in({field.name, 0});
      }
    }
  }
  fail("missing required field");
  return failed_in({field.name, 0});
}

bool Reading::read_value(ondemand::value& json, ondemand::json_type kind, const Type& type, Value& out,
                         std::size_t depth) {
  if (type.list) return read_list(json, kind, type, out, depth);
  switch (type.kind) {
    case TypeKind::money: return read_money(json, kind, out);
    case TypeKind::rate: return read_rate(json, kind, out);
    case TypeKind::number: return read_number(json, kind, false, out);
    case TypeKind::integer: return read_number(json, kind, true, out);
    case TypeKind::boolean: {
      if (kind != ondemand::json_type::boolean) {
        return fail("expected bool (true or false), got " + found(kind, json.raw_json_token()));
      }
      bool truth;
      if (json.get_bool().get(truth)) return fail_token(json.raw_json_token());
      put<bool>(out, truth);
      return true;
    }
    case TypeKind::date: return read_date(json, kind, out);
    case TypeKind::text: return read_text(json, kind, out);
    case TypeKind::enumeration: return read_enum(json, kind, type.declaration, out);
    case TypeKind::record:
      if (kind != ondemand::json_type::object) {
        return fail("expected " + type_name(type.without_optional(), schema_) + " (an object), got " +
                    found(kind, json.raw_json_token()));
      }
      return read_record(json, type.declaration, out, depth);
    case TypeKind::error:
    case TypeKind::none: break;
  }
  return fail("a fact of type " + type_name(type, schema_) + " cannot be read from JSON");
}

bool Reading::read_list(ondemand::value& json, ondemand::json_type kind, const Type& type, Value& out,
                        std::size_t depth) {
  if (kind != ondemand::json_type::array) {
    return fail("expected " + type_name(type.without_optional(), schema_) + " (an array), got " +
                found(kind, json.raw_json_token()));
  }
  ondemand::array array;
  if (auto code = json.get_array().get(array)) return fail_syntax(code);
  std::vector<Value>& items = writable<ListValue>(out).items;
  const Type element_type = type.element();
  std::size_t index = 0;
  for (auto element_result : array) {
    ondemand::value element;
    if (auto code = std::move(element_result).get(element)) return fail_syntax(code);
    ondemand::json_type element_kind;
    if (element.type().get(element_kind)) {
      fail_token(element.raw_json_token());
      return failed_in({{}, index});
    }
    if (index == items.size()) add_item(items);
    if (!read_value(element, element_kind, element_type, items[index], depth + 1)) return failed_in({{}, index});
    ++index;
  }
  keep_items_beyond(items, index);
  return true;
}

// Money is valued exactly from its text. The limits apply to the value, not to
// its spelling: "1.230" and 1.230 are 1.23 and accepted, 4e4 is 40000, -0 is 0.
// The one exception the contract makes: a money string's written integer digits,
// leading zeros included, count toward the 15.
bool Reading::read_money(ondemand::value& json, ondemand::json_type kind, Value& out) {
  const std::string_view token = json.raw_json_token();
  std::optional<Decimal> amount;
  // A value has no more integer digits, nor decimals, than its spelling: a spelling
  // within the limits spares the value's (costlier) count below.
  int most_integer_digits = std::numeric_limits<int>::max();
  int most_decimals = std::numeric_limits<int>::max();
  if (kind == ondemand::json_type::number) {
    const ScannedNumber number = scan_number(token);
    if (!number.well_formed) return fail_token(trimmed(token));
    if (number.short_plain) {
      amount = number.value;
      most_integer_digits = number.integer_digits;
      most_decimals = number.fraction_digits;
    } else {
      amount = exact_decimal(number.text);
    }
  } else if (kind == ondemand::json_type::string) {
    // Digits and a point have no escaped spelling: written so, the text is the string.
    std::string_view text = written_string(token).value_or(std::string_view());
    if (!is_plain_decimal(text)) {
      if (auto code = json.get_string().get(text)) return fail_syntax(code);
    }
    if (!is_plain_decimal(text)) {
      // A minus sign before digits is a negative amount, and said so rather than a shape.
      if (text.starts_with('-') && is_plain_decimal(text.substr(1))) {
        return fail("money must not be negative, got " + excerpt(trimmed(token)));
      }
      return fail("expected money (a number or a string of digits), got " + excerpt(trimmed(token)));
    }
    most_integer_digits = static_cast<int>(std::min(text.find('.'), text.size()));
    if (most_integer_digits > 15) {
      return fail("money has at most 15 integer digits, got " + excerpt(trimmed(token)));
    }
    // In a string every written digit counts, as for the integer digits above:
    // "30000.000" has three decimals (contract, section 1).
    if (std::size_t point = text.find('.'); point != std::string_view::npos) {
      most_decimals = static_cast<int>(text.size() - point - 1);
      if (most_decimals > 2) return fail("money has at most two decimals, got " + excerpt(trimmed(token)));
    } else {
      most_decimals = 0;
    }
    amount = short_plain_decimal(text);
  } else {
    return fail("expected money (a number or a string of digits), got " + found(kind, token));
  }
  if (!amount) return fail("money has at most 15 integer digits and two decimals, got " + excerpt(trimmed(token)));
  if (amount->is_negative()) return fail("money must not be negative, got " + excerpt(trimmed(token)));
  if (most_decimals > 2 && amount->significant_scale() > 2) {
    return fail("money has at most two decimals, got " + excerpt(trimmed(token)));
  }
  if (most_integer_digits > 15 && amount->integer_digits() > 15) {
    return fail("money has at most 15 integer digits, got " + excerpt(trimmed(token)));
  }
  put<Decimal>(out, *amount);
  return true;
}

// A rate is a fraction (0.1) or a percentage string ("10%"); either way exact and >= 0.
bool Reading::read_rate(ondemand::value& json, ondemand::json_type kind, Value& out) {
  static constexpr std::string_view expected = "expected rate (a number such as 0.1 or a string such as \"10%\"), got ";
  const std::string_view token = json.raw_json_token();
  std::optional<Decimal> rate;
  if (kind == ondemand::json_type::number) {
    const ScannedNumber number = scan_number(token);
    if (!number.well_formed) return fail_token(trimmed(token));
    rate = number.short_plain ? number.value : exact_decimal(number.text);
  } else if (kind == ondemand::json_type::string) {
    auto is_percentage = [](std::string_view text) {
      return !text.empty() && text.back() == '%' && is_plain_decimal(text.substr(0, text.size() - 1));
    };
    // Digits, a point and '%' have no escaped spelling: written so, the text is the string.
    std::string_view text = written_string(token).value_or(std::string_view());
    if (!is_percentage(text)) {
      if (auto code = json.get_string().get(text)) return fail_syntax(code);
    }
    if (!is_percentage(text)) {
      if (text.starts_with('-') && is_percentage(text.substr(1))) {
        return fail("rate must not be negative, got " + excerpt(trimmed(token)));
      }
      return fail(std::string(expected) + excerpt(trimmed(token)));
    }
    std::optional<Decimal> percent = exact_decimal(text.substr(0, text.size() - 1));
    if (percent) {
      try {
        rate = Decimal::from_parts(percent->coefficient(), percent->scale() + 2);
      } catch (const DecimalOverflow&) {
        rate.reset();
      }
    }
  } else {
    return fail(std::string(expected) + found(kind, token));
  }
  if (!rate) return fail("rate is beyond the exact decimal range, got " + excerpt(trimmed(token)));
  if (rate->is_negative()) return fail("rate must not be negative, got " + excerpt(trimmed(token)));
  put<Decimal>(out, *rate);
  return true;
}

// An integer is judged by its value: 2024, 2024.0 and 2.024e3 are all 2024,
// stored with no decimals; 2024.5 is refused.
bool Reading::read_number(ondemand::value& json, ondemand::json_type kind, bool integer, Value& out) {
  const std::string_view what = integer ? "integer" : "number";
  const std::string_view token = json.raw_json_token();
  if (kind != ondemand::json_type::number) return fail("expected " + std::string(what) + ", got " + found(kind, token));
  const ScannedNumber scanned = scan_number(token);
  if (!scanned.well_formed) return fail_token(trimmed(token));
  std::optional<Decimal> number = scanned.short_plain ? scanned.value : exact_decimal(scanned.text);
  if (!number) return fail(std::string(what) + " is beyond the exact decimal range, got " + excerpt(scanned.text));
  // Written without a point or exponent, a number is an integer with no decimals already.
  const bool written_as_integer = scanned.short_plain && scanned.fraction_digits == 0;
  if (integer && !written_as_integer) {
    if (!number->is_integer()) return fail("expected " + std::string(what) + ", got " + excerpt(scanned.text));
    number = number->normalized();
  }
  put<Decimal>(out, *number);
  return true;
}

bool Reading::read_date(ondemand::value& json, ondemand::json_type kind, Value& out) {
  static constexpr std::string_view expected = "expected date (a string \"YYYY-MM-DD\"), got ";
  const std::string_view token = json.raw_json_token();
  if (kind != ondemand::json_type::string) return fail(std::string(expected) + found(kind, token));
  // A date is digits and dashes, which have no escaped spelling: a written text
  // that reads as a date is the string itself.
  std::optional<std::string_view> written = written_string(token);
  std::optional<Date> date = written ? Date::parse(*written) : std::nullopt;
  if (!date) {
    std::string_view text;
    if (auto code = json.get_string().get(text)) return fail_syntax(code);
    date = Date::parse(text);
    if (!date) {
      if (looks_like_date(text)) return fail("not a real calendar date, got " + excerpt(trimmed(token)));
      return fail(std::string(expected) + excerpt(trimmed(token)));
    }
  }
  put<Date>(out, *date);
  return true;
}

bool Reading::read_enum(ondemand::value& json, ondemand::json_type kind, int declaration, Value& out) {
  const EnumSchema& enumeration = schema_.enums[static_cast<std::size_t>(declaration)];
  if (kind != ondemand::json_type::string) {
    return fail("expected one of " + member_list(enumeration) + ", got " + found(kind, json.raw_json_token()));
  }
  // Members are names without backslashes: a written text that names one is the string itself.
  const NameTable& members = member_tables_[static_cast<std::size_t>(declaration)];
  std::optional<std::string_view> written = written_string(json.raw_json_token());
  std::optional<std::size_t> member = written ? members.find(*written) : std::nullopt;
  if (!member) {
    std::string_view text;
    if (auto code = json.get_string().get(text)) return fail_syntax(code);
    member = members.find(text);
    if (!member) return fail("unknown '" + excerpt(text) + "', expected one of " + member_list(enumeration));
  }
  put<EnumValue>(out, EnumValue{static_cast<int>(*member)});
  return true;
}

// The text of a string value: as written when it holds no backslash, else unescaped by simdjson.
bool Reading::read_text(ondemand::value& json, ondemand::json_type kind, Value& out) {
  if (kind != ondemand::json_type::string) {
    return fail("expected text (a string), got " + found(kind, json.raw_json_token()));
  }
  std::optional<std::string_view> written = written_string(json.raw_json_token());
  std::string_view text;
  if (written && written->find('\\') == std::string_view::npos) {
    text = *written;
  } else if (auto code = json.get_string().get(text)) {
    return fail_syntax(code);
  }
  put_text(out, text);
  return true;
}

bool Reading::validate_any(ondemand::value& json, std::size_t depth) {
  // Content the schema does not describe could nest without end ([[[[…); facts
  // never go deeper than a few levels, and the stack must not run out (found by fuzzing).
  constexpr std::size_t deepest = 64;
  if (depth > deepest) return fail(fmt::format("nested deeper than {} levels", deepest));
  ondemand::json_type kind;
  if (json.type().get(kind)) return fail_token(json.raw_json_token());
  switch (kind) {
    case ondemand::json_type::object: {
      ondemand::object object;
      if (auto code = json.get_object().get(object)) return fail_syntax(code);
      const std::size_t key_base = workspace_.unknown_keys.size();
      for (auto field_result : object) {
        ondemand::field field;
        if (auto code = std::move(field_result).get(field)) return fail_syntax(code);
        std::string_view key;
        if (auto code = field.unescaped_key().get(key)) return fail_syntax(code);
        if (mode_ == Mode::facts) {
          for (std::size_t i = key_base; i < workspace_.unknown_keys.size(); ++i) {
            if (workspace_.unknown_keys[i] == key) return fail("duplicate key '" + excerpt(key) + "'");
          }
          workspace_.unknown_keys.push_back(key);
        }
        if (!validate_any(field.value(), depth + 1)) return failed_in({key, 0});
      }
      workspace_.unknown_keys.resize(key_base);
      return true;
    }
    case ondemand::json_type::array: {
      ondemand::array array;
      if (auto code = json.get_array().get(array)) return fail_syntax(code);
      std::size_t index = 0;
      for (auto element_result : array) {
        ondemand::value element;
        if (auto code = std::move(element_result).get(element)) return fail_syntax(code);
        if (!validate_any(element, depth + 1)) return failed_in({{}, index});
        ++index;
      }
      return true;
    }
    case ondemand::json_type::string: {
      std::string_view text;
      if (auto code = json.get_string().get(text)) return fail_syntax(code);
      return true;
    }
    case ondemand::json_type::number: {
      std::string_view written = json.raw_json_token();
      return is_json_number(trimmed(written)) || fail_token(written);
    }
    case ondemand::json_type::boolean: {
      bool truth;
      if (json.get_bool().get(truth)) return fail_token(json.raw_json_token());
      return true;
    }
    case ondemand::json_type::null: {
      bool is_null = false;
      if (json.is_null().get(is_null) || !is_null) return fail_token(json.raw_json_token());
      return true;
    }
  }
  return fail_token(json.raw_json_token());
}

}  // namespace

std::string FactsError::to_string() const { return path + ": " + message; }

NameTable::NameTable(const std::vector<std::string>& names) {
  // At most one name in four slots: a probe rarely meets another name.
  std::size_t size = 8;
  while (size < 4 * names.size()) size *= 2;
  slots_.assign(size, Slot{});
  mask_ = size - 1;
  for (std::size_t position = 0; position < names.size(); ++position) {
    if (find(names[position])) continue;  // a repeated name keeps its first position, as a linear search would
    std::size_t slot = slot_of(names[position]) & mask_;
    while (slots_[slot].position != 0) slot = (slot + 1) & mask_;
    slots_[slot] = Slot{names[position], position + 1};
  }
}

FactsReader::FactsReader(const Schema& schema) : schema_(schema) {
  // What each field becomes when absent, worked out once: a declared default;
  // none for an optional type; an empty list; a record built from its own
  // fields' defaults. Anything else must be present.
  const Value empty_list(std::shared_ptr<const ListValue>(std::make_shared<ListValue>()));
  enum class Progress { not_started, in_progress, done };
  std::vector<Progress> progress(schema_.records.size(), Progress::not_started);
  std::vector<std::optional<Value>> record_defaults(schema_.records.size());
  absent_values_.resize(schema_.records.size());

  auto plan = [&](auto& self, std::size_t record_index) -> void {
    if (progress[record_index] != Progress::not_started) return;
    progress[record_index] = Progress::in_progress;
    const RecordSchema& record = schema_.records[record_index];
    std::vector<std::optional<Value>>& absent = absent_values_[record_index];
    absent.assign(record.fields.size(), std::nullopt);
    bool complete = true;
    for (std::size_t i = 0; i < record.fields.size(); ++i) {
      const FieldSchema& field = record.fields[i];
      const Type& type = field.type;
      if (field.required) {
        // stays nullopt
      } else if (!field.default_value.is_none()) {
        absent[i] = field.default_value;
      } else if (type.optional) {
        absent[i] = Value(NoneValue{});
      } else if (type.list) {
        absent[i] = empty_list;
      } else if (type.kind == TypeKind::record && type.declaration >= 0) {
        // A record that (through its fields) contains itself has no default.
        const auto inner = static_cast<std::size_t>(type.declaration);
        self(self, inner);
        if (progress[inner] == Progress::done) absent[i] = record_defaults[inner];
      }
      if (!absent[i]) complete = false;
    }
    if (complete) {
      auto values = std::make_shared<RecordValue>();
      values->fields.reserve(absent.size());
      for (const auto& value : absent) values->fields.push_back(*value);
      record_defaults[record_index] = Value(std::shared_ptr<const RecordValue>(std::move(values)));
    }
    progress[record_index] = Progress::done;
  };
  for (std::size_t i = 0; i < schema_.records.size(); ++i) plan(plan, i);
  for (const RecordSchema& record : schema_.records) {
    std::vector<std::string> names;
    for (const FieldSchema& field : record.fields) names.push_back(field.name);
    field_tables_.emplace_back(names);
  }
  for (const EnumSchema& enumeration : schema_.enums) member_tables_.emplace_back(enumeration.members);
}

static_assert(FactsReader::padding >= simdjson::SIMDJSON_PADDING);

FactsResult FactsReader::read(std::string_view json_text, int line) const {
  return read_text(json_text, line, false, workspace().facts);
}

FactsResult FactsReader::read_in_place(std::string_view json_text, int line, Value& tree) const {
  return read_text(json_text, line, true, tree);
}

FactsResult FactsReader::read_text(std::string_view json_text, int line, bool in_place, Value& tree) const {
  if (schema_.facts_record < 0 || static_cast<std::size_t>(schema_.facts_record) >= schema_.records.size()) {
    return FactsError{line, "$", "the policy declares no facts to read"};
  }
  // A byte order mark, which Windows tools write at the start of a file, is not
  // part of the record, at the start of any line: files joined end to end
  // (`cat 2023.jsonl 2024.jsonl`) carry one at each join, and JSON allows a
  // reader to ignore it (RFC 8259, 8.1). A line holding nothing else is not
  // blank (the contract counts white space alone as blank), so it is said.
  if (json_text.starts_with(byte_order_mark)) {
    json_text.remove_prefix(byte_order_mark.size());
    if (json_text.find_first_not_of(" \t\r\n") == std::string_view::npos) {
      return FactsError{line, "$", "the line holds nothing but a byte order mark (U+FEFF, as Windows tools write at "
                                   "the start of a file)"};
    }
  }
  if (json_text.size() > max_record_bytes) {
    return FactsError{line, "$",
                      fmt::format("the line is {} bytes long; a record may have at most {} bytes (1 MiB)",
                                  json_text.size(), max_record_bytes)};
  }
  Workspace& space = workspace();
  if (in_place) {
    space.text = json_text.data();
    space.readable = json_text.size() + padding;
  } else {
    space.padded.assign(json_text);
    space.padded.append(simdjson::SIMDJSON_PADDING, '\0');
    space.text = space.padded.data();
    space.readable = space.padded.size();
  }
  space.length = json_text.size();

  Reading reading(schema_, absent_values_, field_tables_, member_tables_, space, Reading::Mode::facts);
  // Read into the tree an earlier record left: the copy returned shares it, and
  // once the caller lets go of that, the next record read into it reuses it.
  if (reading.read_document(json_text.size(), schema_.facts_record, tree)) return tree;
  FactsError error = std::move(reading.error);
  if (!reading.syntax_failed) {
    // Errors are found in document order, but a record that is not JSON at all is
    // reported as such even when a wrong value comes before the breakage.
    Reading syntax_check(schema_, absent_values_, field_tables_, member_tables_, space, Reading::Mode::syntax_only);
    if (!syntax_check.validate_document(json_text.size())) error = std::move(syntax_check.error);
  }
  error.line = line;
  return error;
}

void for_each_json_line(std::string_view text, const std::function<void(int line, std::string_view record)>& on_line) {
  int line = 0;
  std::size_t start = 0;
  while (start < text.size()) {
    ++line;
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view record = text.substr(start, end - start);
    if (record.find_first_not_of(" \t\r") != std::string_view::npos) on_line(line, record);
    start = end + 1;
  }
}

}  // namespace clause
