#include <catch2/catch.hpp>

#include <string>
#include <tao/pegtl.hpp>
#include <tao/pegtl/contrib/analyze.hpp>

#include "grammar/json.hpp"
#include "load/json_reader.hpp"

using namespace zl;

TEST_CASE("json reader: every value and key keeps its byte span", "[load][json]") {
  const std::string text = R"({"a": [1, "x y", true, null], "b": {"c": -2.5e3}})";
  json::ParseError err;
  auto doc = json::parse(text, &err);
  REQUIRE(doc);
  REQUIRE(doc->is_object());
  const json::Member* a = doc->find_member("a");
  REQUIRE(a);
  CHECK(text.substr(a->key_begin, a->key_end - a->key_begin) == "\"a\"");
  const json::Value& arr = a->value;
  REQUIRE(arr.items.size() == 4);
  CHECK(text.substr(arr.items[1].begin, arr.items[1].end - arr.items[1].begin) == "\"x y\"");
  CHECK(arr.items[1].verbatim);
  CHECK(text.substr(arr.items[1].content_begin,
                    arr.items[1].content_end - arr.items[1].content_begin) == "x y");
  CHECK(arr.items[0].as_integer() == 1);
  CHECK(arr.items[2].kind == json::Kind::boolean);
  CHECK(arr.items[3].is_null());
  const json::Value* c = doc->find("b")->find("c");
  REQUIRE(c);
  CHECK(c->text == "-2.5e3");
  CHECK_FALSE(c->as_integer());
}

TEST_CASE("json reader: escapes decode and clear the verbatim flag", "[load][json]") {
  json::ParseError err;
  auto doc = json::parse(R"(["a\"b\u00e9\ud83d\ude00", "plain"])", &err);
  REQUIRE(doc);
  CHECK(doc->items[0].text == "a\"b\xC3\xA9\xF0\x9F\x98\x80");
  CHECK_FALSE(doc->items[0].verbatim);
  CHECK(doc->items[1].verbatim);
}

TEST_CASE("json reader: malformed input is a located error", "[load][json]") {
  struct Case {
    std::string text;
    std::uint32_t offset;
    std::string message_part;
  };
  const Case cases[] = {
      {R"({"a": 1,})", 8, "expected a string key"},
      {R"({"a" 1})", 5, "expected ':'"},
      {R"(["abc)", 1, "unterminated string"},
      {R"([1 2])", 3, "expected ',' or ']'"},
      {"[\"a\tb\"]", 3, "control character"},
      {R"([01])", 2, "expected ',' or ']'"},
      {R"([1.])", 3, "expected a digit after '.'"},
      {R"("\ud800")", 7, "unpaired UTF-16 surrogate"},
      {R"({"a": tru})", 6, "expected a JSON value"},
      {R"({} x)", 3, "after the JSON value"},
      {"", 0, "expected a JSON value"},
  };
  for (const Case& c : cases) {
    INFO(c.text);
    json::ParseError err;
    CHECK_FALSE(json::parse(c.text, &err));
    CHECK(err.offset == c.offset);
    CHECK_THAT(err.message, Catch::Contains(c.message_part));
  }
}

TEST_CASE("json reader: nesting is bounded instead of overflowing the stack", "[load][json]") {
  const std::string deep(100000, '[');
  json::ParseError err;
  CHECK_FALSE(json::parse(deep, &err));
  CHECK_THAT(err.message, Catch::Contains("nesting deeper than 256"));
  std::string ok = std::string(200, '[') + std::string(200, ']');
  CHECK(json::parse(ok, &err));
}

TEST_CASE("json reader: the grammar has no rule that can loop without consuming input",
          "[load][json]") {
  CHECK(tao::pegtl::analyze<zl::grammar::json::text>() == 0);
}

TEST_CASE("json reader: accepts what RFC 8259 allows", "[load][json]") {
  struct Case {
    std::string text;
    std::string first_text;  // text of the document or its first item, "" = not checked
  };
  const Case cases[] = {
      {"[]", ""},
      {"{}", ""},
      {" \t\r\n[ \n] \n", ""},
      {"\xEF\xBB\xBF{}", ""},  // a UTF-8 BOM before the value is skipped
      {"-0", "-0"},
      {"[0.5e-3]", "0.5e-3"},
      {"[1E+2]", "1E+2"},
      {"[-12.0E2]", "-12.0E2"},
      {R"(["\/\b\f\n\r\t\\\""])", "/\b\f\n\r\t\\\""},
      {R"(["\u0000"])", std::string(1, '\0')},
      {R"(["\u00E9\u20AC"])", "\xC3\xA9\xE2\x82\xAC"},
      {R"(["\uD83D\uDE00"])", "\xF0\x9F\x98\x80"},
      {"[\"caf\xC3\xA9 \xF0\x9F\x98\x80 \x7F\"]", "caf\xC3\xA9 \xF0\x9F\x98\x80 \x7F"},
      {"[\"\xF4\x8F\xBF\xBF\"]", "\xF4\x8F\xBF\xBF"},  // U+10FFFF
      {"\"top\"", "top"},
      {"true", ""},
  };
  for (const Case& c : cases) {
    INFO(c.text);
    json::ParseError err;
    auto doc = json::parse(c.text, &err);
    REQUIRE(doc);
    if (c.first_text.empty()) continue;
    const json::Value& v = doc->is_array() ? doc->items.at(0) : *doc;
    CHECK(v.text == c.first_text);
  }
}

TEST_CASE("json reader: refuses malformed input at the offending byte", "[load][json]") {
  struct Case {
    std::string text;
    std::uint32_t offset;
    std::string message;  // the whole message
  };
  const std::string bad_utf8 =
      "invalid UTF-8 in string (JSON text must be UTF-8, RFC 8259 \xC2\xA7"
      "8.1), found ";
  const std::string unpaired_high =
      "unpaired UTF-16 surrogate in string: a high surrogate (\\uD800-\\uDBFF) must be followed "
      "by an escaped low surrogate (\\uDC00-\\uDFFF), found ";
  const Case cases[] = {
      {"[-]", 2, "expected a digit in number, found ']'"},
      {"[-01]", 3, "expected ',' or ']' in array, found '1'"},
      {"[1e]", 3, "expected a digit in exponent, found ']'"},
      {"[1e+]", 4, "expected a digit in exponent, found ']'"},
      {"[.5]", 1, "expected a JSON value, found '.'"},
      {"[+1]", 1, "expected a JSON value, found '+'"},
      {"[1,]", 3, "expected a JSON value, found ']'"},
      {"[,1]", 1, "expected a JSON value, found ','"},
      {R"({"a":1 "b":2})", 7, "expected ',' or '}' in object, found '\"'"},
      {"{1:2}", 1, "expected a string key in object, found '1'"},
      {"{'a':2}", 1, "expected a string key in object, found '''"},
      {R"({"a":})", 5, "expected a JSON value, found '}'"},
      {R"({"ab)", 1, "unterminated string"},
      {R"(["\x"])", 3, "invalid escape in string: 'x'"},
      {R"(["\u12G4"])", 6, "expected 4 hex digits after '\\u', found 'G'"},
      {R"(["\u12"])", 6, "expected 4 hex digits after '\\u', found '\"'"},
      {R"(["\udc00"])", 4,
       "unpaired UTF-16 surrogate in string: a low surrogate (\\uDC00-\\uDFFF) must follow an "
       "escaped high surrogate (\\uD800-\\uDBFF)"},
      {R"(["\ud800\u0041"])", 8, unpaired_high + "'\\'"},
      {R"(["\ud800\ud800"])", 8, unpaired_high + "'\\'"},
      {R"(["\ud800x"])", 8, unpaired_high + "'x'"},
      {std::string("[\"a\0\"]", 6), 3,
       "control character in string (escape it as \\u00XX), found byte 0x00"},
      {"[\"a\nb\"]", 3, "control character in string (escape it as \\u00XX), found byte 0x0a"},
      {"[\"a\xFF\"]", 3, bad_utf8 + "byte 0xff"},
      {"[\"\xC0\xAF\"]", 2, bad_utf8 + "byte 0xc0"},                    // overlong '/'
      {"[\"\xED\xA0\x80\"]", 2, bad_utf8 + "byte 0xed"},                // an encoded surrogate
      {"[\"\xF4\x90\x80\x80\"]", 2, bad_utf8 + "byte 0xf4"},            // above U+10FFFF
      {"[\"ab\xE2\x82\"]", 4, bad_utf8 + "byte 0xe2"},                  // truncated sequence
      {"[\xEF\xBB\xBF]", 1, "expected a JSON value, found byte 0xef"},  // BOM only at the start
      {"\xEF\xBB\xBF\xEF\xBB\xBF[]", 3, "expected a JSON value, found byte 0xef"},
      {"[1]]", 3, "unexpected ']' after the JSON value"},
      {"{}\n\n  x", 6, "unexpected 'x' after the JSON value"},
      {"nul", 0, "expected a JSON value, found 'n'"},
      {"   ", 3, "expected a JSON value, found end of input"},
      {"[1", 2, "expected ',' or ']' in array, found end of input"},
  };
  for (const Case& c : cases) {
    INFO(c.text);
    json::ParseError err;
    CHECK_FALSE(json::parse(c.text, &err));
    CHECK(err.offset == c.offset);
    CHECK(err.message == c.message);
  }
}

TEST_CASE("json reader: the depth limit counts nesting levels exactly", "[load][json]") {
  const auto nested = [](std::uint32_t levels) {
    return std::string(levels, '[') + std::string(levels, ']');
  };
  json::ParseError err;
  // The document's value is level 0: kMaxDepth + 1 arrays fit, one more does not.
  CHECK(json::parse(nested(json::kMaxDepth + 1), &err));
  CHECK_FALSE(json::parse(nested(json::kMaxDepth + 2), &err));
  CHECK(err.offset == json::kMaxDepth + 1);  // at the first '[' too deep
  CHECK(err.message == "JSON nesting deeper than 256 levels");
  // Objects count the same way, and the error stands at the value after the key.
  std::string objects;
  for (std::uint32_t i = 0; i < json::kMaxDepth + 2; ++i) objects += "{\"k\": ";
  CHECK_FALSE(json::parse(objects, &err));
  CHECK(err.offset == (json::kMaxDepth + 1) * 6);
  CHECK(err.message == "JSON nesting deeper than 256 levels");
}

TEST_CASE("json reader: duplicate keys are kept in order and find returns the first",
          "[load][json]") {
  const std::string text = R"({"a": 1, "b": 2, "a": 3})";
  json::ParseError err;
  auto doc = json::parse(text, &err);
  REQUIRE(doc);
  REQUIRE(doc->members.size() == 3);
  CHECK(doc->members[2].key == "a");
  CHECK(doc->members[2].key_begin == 17);
  CHECK(doc->find("a")->as_integer() == 1);
}

TEST_CASE("json reader: spans of containers, escaped keys and big numbers", "[load][json]") {
  const std::string text =
      "\xEF\xBB\xBF {\"k\\u0041\" : [ {}, [1] ] , \"n\": 12345678901234567890}";
  json::ParseError err;
  auto doc = json::parse(text, &err);
  REQUIRE(doc);
  CHECK(doc->begin == 4);
  CHECK(doc->end == text.size());
  const json::Member& k = doc->members.at(0);
  CHECK(k.key == "kA");
  CHECK(text.substr(k.key_begin, k.key_end - k.key_begin) == "\"k\\u0041\"");
  const json::Value& arr = k.value;
  CHECK(text.substr(arr.begin, arr.end - arr.begin) == "[ {}, [1] ]");
  CHECK(text.substr(arr.items.at(0).begin, arr.items[0].end - arr.items[0].begin) == "{}");
  CHECK(text.substr(arr.items.at(1).begin, arr.items[1].end - arr.items[1].begin) == "[1]");
  const json::Value* n = doc->find("n");
  REQUIRE(n);
  CHECK(n->text == "12345678901234567890");
  CHECK_FALSE(n->as_integer());  // does not fit in int64
  // An escaped string is not verbatim.
  auto esc = json::parse(R"(["a\/b"])", &err);
  REQUIRE(esc);
  CHECK(esc->items[0].text == "a/b");
  CHECK_FALSE(esc->items[0].verbatim);
  CHECK(esc->items[0].quoted);
}
