#include <catch2/catch.hpp>

#include "core/source.hpp"
#include "model/name.hpp"

using zl::Name;

TEST_CASE("name: relative names get the origin appended") {
  auto origin = Name::parse("example.com.", nullptr);
  REQUIRE(origin);
  bool rel = false;
  std::string err;
  auto n = Name::parse("mail", &*origin, &rel, &err);
  REQUIRE(n);
  CHECK(rel);
  CHECK(n->text() == "mail.example.com.");
  CHECK(Name::parse("@", &*origin)->text() == "example.com.");
}

TEST_CASE("name: comparison ignores case but the spelling is kept") {
  auto a = Name::parse("Mail.Example.COM.", nullptr);
  auto b = Name::parse("mail.example.com.", nullptr);
  REQUIRE(a);
  REQUIRE(b);
  CHECK(*a == *b);
  CHECK(a->text() == "Mail.Example.COM.");
  CHECK(a->canonical_text() == "mail.example.com.");
  CHECK(zl::NameHash{}(*a) == zl::NameHash{}(*b));
}

TEST_CASE("name: escapes and length limits") {
  std::string err;
  auto n = Name::parse("a\\.b.example.", nullptr, &err);
  REQUIRE(n);
  CHECK(n->label_count() == 2);
  CHECK(n->text() == "a\\.b.example.");
  CHECK(Name::parse("\\065bc.", nullptr)->text() == "Abc.");
  CHECK_FALSE(Name::parse("\\256.", nullptr, &err));
  CHECK(err.find("255") != std::string::npos);
  CHECK_FALSE(Name::parse(std::string(64, 'a') + ".", nullptr, &err));
  CHECK(err.find("63") != std::string::npos);
  std::string long_name;
  for (int i = 0; i < 5; ++i) long_name += std::string(60, 'a') + ".";
  CHECK_FALSE(Name::parse(long_name, nullptr, &err));
  CHECK_FALSE(Name::parse("a..b.", nullptr, &err));
  CHECK_FALSE(Name::parse("relative", nullptr, &err));
}

TEST_CASE("name: canonical order and subdomains") {
  auto p = [](const char* s) { return *Name::parse(s, nullptr); };
  CHECK(p("example.") < p("a.example."));
  CHECK(p("a.example.") < p("Z.a.example."));
  CHECK(p("z.a.example.") < p("b.example."));
  CHECK(p("mail.example.com.").is_subdomain_of(p("example.com.")));
  CHECK(p("example.com.").is_subdomain_of(p("example.com.")));
  CHECK_FALSE(p("badexample.com.").is_subdomain_of(p("example.com.")));
  CHECK(p("x.example.com.").relative_text(p("example.com.")) == "x");
  CHECK(p("*.example.com.").is_wildcard());
}

TEST_CASE("source: line and column in code points, CRLF and lone CR") {
  zl::SourceFile f("t", "ab\r\ncd\ref\n\xc3\xa9x");
  CHECK(f.line_count() == 4);
  CHECK(f.line_col(0).line == 1);
  CHECK(f.line_col(4).line == 2);
  CHECK(f.line_col(7).line == 3);
  CHECK(f.line_text(2) == "cd");
  auto lc = f.line_col(12);  // 'x' after a 2-byte e-acute
  CHECK(lc.line == 4);
  CHECK(lc.column == 2);
  CHECK(f.offset_of(4, 2) == 12);
}
