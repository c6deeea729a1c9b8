#include <algorithm>
#include <atomic>
#include <compare>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

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

namespace {
// A well-formed wire name of exactly `size` octets (3..255), labels of up to 63 letters; the
// letters follow `first` so that two names of one size can differ, or differ only in case.
std::string wire_of_size(std::size_t size, char first = 'a') {
  std::string w;
  std::size_t left = size - 1;  // octets before the root label
  char c = first;
  while (left > 0) {
    std::size_t len = std::min<std::size_t>(63, left - 1);
    if (left - (len + 1) == 1) --len;  // one octet left could only be an empty label
    w.push_back(static_cast<char>(len));
    for (std::size_t i = 0; i < len; ++i) w.push_back(c);
    c = static_cast<char>(c == 'z' ? 'a' : c == 'Z' ? 'A' : c + 1);
    left -= len + 1;
  }
  w.push_back('\0');
  REQUIRE(Name::is_valid_wire(w));
  REQUIRE(w.size() == size);
  return w;
}
}  // namespace

// Name keeps wire forms of up to 31 octets inline and longer ones on the heap: these cases sit
// on both sides of that boundary.
TEST_CASE("name: wire forms on both sides of the inline limit round-trip") {
  for (const std::size_t size : {3u, 30u, 31u, 32u, 33u, 64u, 66u, 254u, 255u}) {
    INFO("wire size " << size);
    const std::string w = wire_of_size(size);
    const Name n = Name::from_wire(w);
    CHECK(n.wire() == w);
    CHECK_FALSE(n.is_root());
    CHECK(Name::parse(n.text(), nullptr)->wire() == w);
    CHECK(n.label_count() == n.labels().size());
  }
  CHECK(Name().wire() == std::string_view("\0", 1));
  CHECK(Name::root().is_root());
}

TEST_CASE("name: copies and moves across the inline limit") {
  for (const std::size_t size : {30u, 31u, 32u, 255u}) {
    INFO("wire size " << size);
    const std::string w = wire_of_size(size);
    Name a = Name::from_wire(w);
    Name copy(a);  // NOLINT(performance-unnecessary-copy-initialization): copying is the test
    CHECK(copy.wire() == w);
    CHECK(a.wire() == w);
    // An inline name's bytes are the copy's own; a heap name's block is shared by its copies.
    if (size <= 31)
      CHECK(copy.wire().data() != a.wire().data());
    else
      CHECK(copy.wire().data() == a.wire().data());

    Name moved(std::move(a));
    CHECK(moved.wire() == w);
    CHECK(a.is_root());  // NOLINT(bugprone-use-after-move): a moved-from Name is the root

    // Assignments between inline and heap names, both ways, release the old bytes.
    for (const std::size_t other : {3u, 31u, 32u, 200u}) {
      INFO("assigned over a name of size " << other);
      Name target = Name::from_wire(wire_of_size(other, 'q'));
      target = copy;
      CHECK(target.wire() == w);
      Name target2 = Name::from_wire(wire_of_size(other, 'q'));
      Name source = copy;
      target2 = std::move(source);
      CHECK(target2.wire() == w);
      CHECK(source.is_root());  // NOLINT(bugprone-use-after-move)
    }

    Name& alias = copy;
    copy = alias;  // self-assignment keeps the name
    CHECK(copy.wire() == w);
    copy = std::move(alias);  // NOLINT: self-move also keeps it
    CHECK(copy.wire() == w);
  }
  // A vector that grows moves its names: inline and heap ones must survive the moves.
  std::vector<Name> v;
  std::vector<std::string> wires;
  for (std::size_t i = 0; i < 100; ++i) {
    wires.push_back(wire_of_size(3 + (i * 7) % 253, static_cast<char>('a' + i % 26)));
    v.push_back(Name::from_wire(wires.back()));
  }
  for (std::size_t i = 0; i < v.size(); ++i) CHECK(v[i].wire() == wires[i]);
}

TEST_CASE("name: copies of a heap name share its block, which lives as long as one of them") {
  const std::string w = wire_of_size(200);
  std::vector<Name> copies;
  {
    const Name original = Name::from_wire(w);
    for (int i = 0; i < 10; ++i) copies.push_back(original);
    Name assigned = Name::from_wire(wire_of_size(100, 'q'));
    assigned = original;  // releases its own block, takes a reference to the original's
    CHECK(assigned.wire().data() == original.wire().data());
  }  // the original and `assigned` are gone: the copies keep the block
  for (const Name& c : copies) CHECK(c.wire() == w);
  copies.resize(1);
  CHECK(copies[0].wire() == w);

  // Threads copying and dropping the same names at once (the rules of a zone run in parallel):
  // the reference count is atomic (a sanitizer build checks the races).
  std::vector<Name> shared;
  for (std::size_t i = 0; i < 8; ++i) shared.push_back(Name::from_wire(wire_of_size(40 + i)));
  std::atomic<int> wrong{0};
  const auto churn = [&shared, &wrong] {
    for (std::size_t round = 0; round < 2000; ++round) {
      std::vector<Name> local(shared.begin(), shared.end());
      const std::size_t k = round % local.size();
      const Name one = local[k];
      local.clear();  // drops the vector's references while the other thread takes its own
      if (one.wire() != wire_of_size(40 + k)) ++wrong;
    }
  };
  std::thread t1(churn), t2(churn);
  t1.join();
  t2.join();
  CHECK(wrong.load() == 0);
  for (std::size_t i = 0; i < shared.size(); ++i) CHECK(shared[i].wire() == wire_of_size(40 + i));
}

TEST_CASE("name: comparison, hashing and ancestry across the inline limit") {
  // Same name in two cases: equal, same hash, on either side of the limit.
  for (const std::size_t size : {31u, 32u, 255u}) {
    const Name lower = Name::from_wire(wire_of_size(size, 'a'));
    const Name upper = Name::from_wire(wire_of_size(size, 'A'));
    CHECK(lower == upper);
    CHECK(std::is_eq(lower <=> upper));
    CHECK(zl::NameHash{}(lower) == zl::NameHash{}(upper));
    CHECK(upper.text() != lower.text());  // the spelling is kept
  }
  // A heap name below an inline one: ordered after it, and a subdomain of it.
  const Name origin = *Name::parse("a-rather-long-origin1.example.", nullptr);  // 31 octets
  REQUIRE(origin.wire().size() == 31);
  const Name child = *Name::parse("x", &origin);  // 33 octets: on the heap
  REQUIRE(child.wire().size() == 33);
  CHECK(child.is_subdomain_of(origin));
  CHECK_FALSE(origin.is_subdomain_of(child));
  CHECK(origin < child);
  CHECK_FALSE(origin == child);
  CHECK(child.parent() == origin);
  CHECK(child.relative_text(origin) == "x");
  const Name sibling = *Name::parse("y", &origin);
  CHECK(child < sibling);
  CHECK(Name::concat(std::string_view("\1y", 2), origin) == sibling);
  // concat refuses more than 255 octets.
  const Name longest = Name::from_wire(wire_of_size(255));
  CHECK_FALSE(Name::concat(std::string_view("\1y", 2), longest));
  CHECK(Name::concat(std::string_view(), longest) == longest);
}

TEST_CASE("source: line and column in code points, CRLF and lone CR") {
  zl::SourceFile f("t", std::string("ab\r\ncd\ref\n\xc3\xa9x"));
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
