#include <catch2/catch.hpp>

#include <string>

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
