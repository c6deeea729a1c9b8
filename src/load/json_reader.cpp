#include "load/json_reader.hpp"

#include <charconv>
#include <cstdio>
#include <tao/pegtl.hpp>
#include <tao/pegtl/contrib/limit_depth.hpp>
#include <tao/pegtl/contrib/unescape.hpp>
#include <vector>

#include "grammar/json.hpp"
#include "grammar/json_errors.hpp"

namespace zl::json {

std::string_view kind_name(Kind k) {
  switch (k) {
    case Kind::null:
      return "null";
    case Kind::boolean:
      return "a boolean";
    case Kind::number:
      return "a number";
    case Kind::string:
      return "a string";
    case Kind::array:
      return "an array";
    case Kind::object:
      return "an object";
  }
  return "a value";
}

const Member* Value::find_member(std::string_view key) const {
  if (kind != Kind::object) return nullptr;
  for (const Member& m : members) {
    if (m.key == key) return &m;
  }
  return nullptr;
}

const Value* Value::find(std::string_view key) const {
  const Member* m = find_member(key);
  return m ? &m->value : nullptr;
}

std::optional<std::int64_t> Value::as_integer() const {
  if (kind != Kind::number) return std::nullopt;
  if (text.find_first_of(".eE") != std::string::npos) return std::nullopt;
  std::int64_t v = 0;
  const char* b = text.data();
  const char* e = b + text.size();
  auto [p, ec] = std::from_chars(b, e, v);
  if (ec != std::errc() || p != e) return std::nullopt;
  return v;
}

namespace {

namespace pegtl = tao::pegtl;
namespace g = zl::grammar::json;

// The tree under construction. Arrays and objects being read are on `open`, innermost last; a
// value that has been read completely waits in `result` until its array or member takes it.
struct Builder {
  const char* base = nullptr;
  std::vector<Value> open;
  Value result;
  // The string (or key) being read: its opening quote, and whether it has an escape so far.
  // Until the first escape the text is the source bytes, so nothing is copied; from there on
  // `text` holds the decoded text.
  const char* string_open = nullptr;
  std::string text;
  bool escaped = false;

  // Called at each escape, `backslash` pointing at it: the first one copies the plain text
  // before it.
  void start_escape(const char* backslash) {
    if (escaped) return;
    text.assign(string_open + 1, backslash);
    escaped = true;
  }
  // The text of the string that ended at `close` (its closing quote).
  void take_text(std::string& out, const char* close) const {
    if (escaped) {
      out.assign(text);
    } else {
      out.assign(string_open + 1, close);
    }
  }

  std::uint32_t offset(const char* p) const { return static_cast<std::uint32_t>(p - base); }
  // Starts a new `result` of kind `k` spanning the action's input.
  template <typename ActionInput>
  Value& fresh(Kind k, const ActionInput& in) {
    result = Value{};
    result.kind = k;
    result.begin = offset(in.begin());
    result.end = offset(in.end());
    return result;
  }
};

template <typename Rule>
struct action : pegtl::nothing<Rule> {};

// The depth guard counts only `value`, so the depth is the JSON nesting: the document's value
// is level 1 for the guard, level 0 for kMaxDepth.
template <>
struct action<g::value> : pegtl::limit_depth<kMaxDepth + 1> {};

template <>
struct action<g::null> {
  template <typename ActionInput>
  static void apply(const ActionInput& in, Builder& b) {
    b.fresh(Kind::null, in);
  }
};

template <>
struct action<g::true_> {
  template <typename ActionInput>
  static void apply(const ActionInput& in, Builder& b) {
    b.fresh(Kind::boolean, in).boolean = true;
  }
};

template <>
struct action<g::false_> {
  template <typename ActionInput>
  static void apply(const ActionInput& in, Builder& b) {
    b.fresh(Kind::boolean, in);
  }
};

template <>
struct action<g::number> {
  template <typename ActionInput>
  static void apply(const ActionInput& in, Builder& b) {
    b.fresh(Kind::number, in).text.assign(in.begin(), in.size());
  }
};

// Strings: once an escape is seen, plain runs are copied and escapes decoded into the text.
struct string_open_action {
  template <typename ActionInput>
  static void apply(const ActionInput& in, Builder& b) {
    b.string_open = in.begin();
    b.escaped = false;
  }
};
template <>
struct action<g::string_open> : string_open_action {};
template <>
struct action<g::key_open> : string_open_action {};

template <>
struct action<g::plain_run> {
  template <typename ActionInput>
  static void apply(const ActionInput& in, Builder& b) {
    if (b.escaped) b.text.append(in.begin(), in.size());
  }
};

template <>
struct action<g::escaped_char> {
  template <typename ActionInput>
  static void apply(const ActionInput& in, Builder& b) {
    b.start_escape(in.begin() - 1);
    pegtl::unescape::unescape_c<g::escaped_char, '"', '\\', '/', '\b', '\f', '\n', '\r',
                                '\t'>::apply(in, b.text);
  }
};

// "uXXXX", or a surrogate pair "uD83D\uDE00" (the grammar has checked the pairing).
template <>
struct action<g::unicode_escape> {
  template <typename ActionInput>
  static void apply(const ActionInput& in, Builder& b) {
    b.start_escape(in.begin() - 1);
    (void)pegtl::unescape::unescape_j::apply(in, b.text);
  }
};

template <>
struct action<g::string> {
  template <typename ActionInput>
  static void apply(const ActionInput& in, Builder& b) {
    Value& v = b.fresh(Kind::string, in);
    b.take_text(v.text, in.end() - 1);
    v.quoted = true;
    v.verbatim = !b.escaped;
    if (v.verbatim) {
      v.content_begin = v.begin + 1;
      v.content_end = v.end - 1;
    }
  }
};

template <>
struct action<g::key> {
  template <typename ActionInput>
  static void apply(const ActionInput& in, Builder& b) {
    Member& m = b.open.back().members.emplace_back();
    b.take_text(m.key, in.end() - 1);
    m.key_begin = b.offset(in.begin());
    m.key_end = b.offset(in.end());
  }
};

template <>
struct action<g::member_value> {
  static void apply0(Builder& b) { b.open.back().members.back().value = std::move(b.result); }
};

template <>
struct action<g::array_element> {
  static void apply0(Builder& b) { b.open.back().items.push_back(std::move(b.result)); }
};

// '[' and '{' open a container (the action's input starts at the bracket), ']' and '}' close
// the innermost one, which becomes the result.
struct open_action {
  template <typename ActionInput>
  static void apply(const ActionInput& in, Builder& b, Kind k) {
    Value& v = b.open.emplace_back();
    v.kind = k;
    v.begin = b.offset(in.begin());
  }
};
template <>
struct action<g::begin_array> {
  template <typename ActionInput>
  static void apply(const ActionInput& in, Builder& b) {
    open_action::apply(in, b, Kind::array);
  }
};
template <>
struct action<g::begin_object> {
  template <typename ActionInput>
  static void apply(const ActionInput& in, Builder& b) {
    open_action::apply(in, b, Kind::object);
  }
};

struct close_action {
  template <typename ActionInput>
  static void apply(const ActionInput& in, Builder& b) {
    Value& v = b.open.back();
    v.end = b.offset(in.end());
    b.result = std::move(v);
    b.open.pop_back();
  }
};
template <>
struct action<g::end_array> : close_action {};
template <>
struct action<g::end_object> : close_action {};

// The offending byte, as the messages quote it.
std::string describe(std::string_view s, std::size_t at) {
  if (at >= s.size()) return "end of input";
  const unsigned char c = static_cast<unsigned char>(s[at]);
  if (c >= 0x20 && c < 0x7f) return std::string("'") + static_cast<char>(c) + "'";
  char buf[16];
  std::snprintf(buf, sizeof buf, "byte 0x%02x", c);
  return buf;
}

// The grammar's message with "{}" replaced by the offending byte.
std::string format_message(std::string_view message, std::string_view s, std::size_t at) {
  std::string out(message);
  const std::size_t hole = out.find("{}");
  if (hole != std::string::npos) out.replace(hole, 2, describe(s, at));
  return out;
}

}  // namespace

std::optional<Value> parse(std::string_view text, ParseError* error) {
  const auto fail = [&](std::size_t offset, std::string message) {
    if (error) *error = ParseError{static_cast<std::uint32_t>(offset), std::move(message)};
    return std::nullopt;
  };
  if (text.size() >= 0xffffffffu) return fail(0, "JSON document larger than 4 GiB");
  Builder b;
  b.base = text.data();
  pegtl::memory_input<pegtl::tracking_mode::lazy, pegtl::eol::lf_crlf> in(
      text.data(), text.data() + text.size(), "json");
  try {
    // The grammar either matches the whole text or raises: every failure is a must<> point.
    if (!pegtl::parse<g::text, action, g::control>(in, b)) {
      return fail(0, format_message(g::error_message<g::value>, text, 0));
    }
  } catch (const g::syntax_error& e) {
    const char* at = e.at_string_open ? b.string_open : e.at;
    const auto offset = static_cast<std::size_t>(at - text.data());
    return fail(offset,
                format_message(e.message, text, static_cast<std::size_t>(e.at - text.data())));
  } catch (const pegtl::parse_error& e) {
    // limit_depth raises a parse_error at the first value too deep. (unescape_j would raise one
    // for a lone surrogate, but the grammar refuses those before the action runs.)
    const std::size_t offset = e.positions().empty() ? 0 : e.positions().front().byte;
    if (e.message() != "maximum parser rule nesting depth exceeded") {
      return fail(offset, std::string(e.message()));
    }
    return fail(offset, "JSON nesting deeper than " + std::to_string(kMaxDepth) + " levels");
  }
  return std::move(b.result);
}

}  // namespace zl::json
