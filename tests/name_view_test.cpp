// NameView (a Name's read-only API on a pointer), NameStore (where a zone keeps its records'
// owners) and Zone::set_owner (a record's owner and its owner and type tokens, near or far):
// views stay valid across moves and copies of the store and of the zone.
#include <catch2/catch.hpp>

#include <compare>
#include <memory>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "model/name_store.hpp"
#include "model/zone.hpp"

using namespace zl;

namespace {

Name N(const std::string& text) {
  return *Name::parse(text, nullptr);
}

// A wire name of `size` octets (labels of up to 63 `c`), as in name_test.cpp.
std::string wire_of_size(std::size_t size, char c = 'a') {
  std::string w;
  while (size - w.size() > 1) {
    const std::size_t len = std::min<std::size_t>(63, size - w.size() - 2);
    w += static_cast<char>(len);
    w.append(len, c);
  }
  w += '\0';
  return w;
}

}  // namespace

TEST_CASE("name view: reads as the Name it views, on both sides of the inline limit") {
  const Name origin = N("Example.COM.");
  for (const std::size_t size : {1u, 2u, 31u, 32u, 100u, 255u}) {
    INFO(size);
    const Name n = Name::from_wire(wire_of_size(size));
    const NameView v = n;
    CHECK(v.prefixed() == n.prefixed());  // no copy
    CHECK(v.wire() == n.wire());
    CHECK(v.wire().size() == size);
    CHECK(v.is_root() == (size == 1));
    CHECK(v.label_count() == n.label_count());
    CHECK(v.labels() == n.labels());
    CHECK(v.first_label() == n.first_label());
    CHECK(v.text() == n.text());
    CHECK(v.canonical_text() == n.canonical_text());
    CHECK(v.canonical_wire() == n.canonical_wire());
    CHECK(v.parent().wire() == n.parent().wire());
    CHECK(v == n);
    CHECK(std::is_eq(v <=> n));
    CHECK(NameHash{}(v) == NameHash{}(n));
    CHECK(Name(v).wire() == n.wire());  // an explicit copy
  }
  const Name www = N("WWW.example.com.");
  const NameView v = www;
  CHECK(v == N("www.EXAMPLE.com."));      // case-insensitive
  CHECK(v.text() == "WWW.example.com.");  // the spelling is kept
  CHECK(v.is_subdomain_of(origin));
  CHECK_FALSE(NameView(origin).is_subdomain_of(v));
  CHECK(v.relative_text(origin) == "WWW");
  CHECK(NameView(origin) < v);
  CHECK(N("*.example.com.").view().is_wildcard());
  CHECK_FALSE(v.is_wildcard());
  CHECK(NameView().is_root());
  CHECK(NameView() == Name::root());
}

TEST_CASE("name store: one copy per run of the same name, views valid as the store moves") {
  NameStore store;
  const Name a = N("host1.example.com."), b = N("Host1.example.com.");
  const NameView a1 = store.add(a);
  CHECK(a1.prefixed() != a.prefixed());  // a copy
  CHECK(a1.wire() == a.wire());
  CHECK(store.add(a).prefixed() == a1.prefixed());   // the same as the last: shared
  CHECK(store.add(a1).prefixed() == a1.prefixed());  // a view into the store itself
  const NameView b1 = store.add(b);                  // same name, another spelling: its own
  CHECK(b1.prefixed() != a1.prefixed());
  CHECK(b1.text() == "Host1.example.com.");
  CHECK(store.add(a).prefixed() != a1.prefixed());  // not the last any more: a new copy
  CHECK(store.bytes() == 3 * (1 + a.wire().size()));

  // Enough names for many chunks, long and short; then the store moves, is copied and the
  // original dropped: every view still reads its name (a sanitizer build checks the reads).
  std::vector<std::pair<NameView, std::string>> kept;
  for (std::size_t i = 0; i < 20000; ++i) {
    const std::string w = wire_of_size(2 + i % 254, static_cast<char>('a' + i % 26));
    kept.emplace_back(store.add(Name::from_wire(w)), w);
  }
  NameStore moved = std::move(store);
  NameStore copy = moved;
  moved = NameStore();
  for (const auto& [v, w] : kept) REQUIRE(v.wire() == w);
  CHECK(a1.wire() == a.wire());
  // A copy writes what is added to it in chunks of its own.
  const NameView more = copy.add(N("more.example."));
  for (const auto& [v, w] : kept) REQUIRE(v.wire() == w);
  CHECK(more.text() == "more.example.");
}

// The last entry is compared with the next name before it is stored: a short last entry that
// ends its chunk must not be read past (a sanitizer build catches an overread; CI runs one).
TEST_CASE("name store: a longer name after a short one that ends its chunk") {
  NameStore store;
  // Fill the first chunk (256 bytes) exactly, the last entry being a short name.
  const std::string filler = wire_of_size(255 - 3 - 1);  // 1 + 251 octets
  REQUIRE(store.add(Name::from_wire(filler)).wire() == filler);
  const NameView shorter = store.add(N("a."));  // 1 + 3 octets: the chunk's last 4 bytes
  REQUIRE(store.bytes() == 256);
  const std::string longer = wire_of_size(255);
  const NameView v = store.add(Name::from_wire(longer));
  CHECK(v.wire() == longer);
  CHECK(v.prefixed() != shorter.prefixed());
  CHECK(store.add(N("a.")).prefixed() != shorter.prefixed());  // not the last any more
  CHECK(store.add(Name::from_wire(std::string(1, '\0'))).is_root());
}

TEST_CASE("name store: take() keeps the views into the other store") {
  NameStore zone, stretch;
  const NameView first = zone.add(N("a.example."));
  std::vector<std::pair<NameView, std::string>> kept;
  for (std::size_t i = 0; i < 5000; ++i) {
    const Name n = N("h" + std::to_string(i) + ".example.");
    kept.emplace_back(stretch.add(n), n.text());
  }
  const std::size_t bytes = zone.bytes() + stretch.bytes();
  zone.take(stretch);
  stretch = NameStore();  // empty now, and freed: the views are the zone's
  CHECK(stretch.bytes() == 0);
  CHECK(zone.bytes() == bytes);
  for (const auto& [v, text] : kept) REQUIRE(v.text() == text);
  CHECK(first.text() == "a.example.");
  // The next name after the taken ones is compared with the last of them.
  CHECK(zone.add(kept.back().first).prefixed() == kept.back().first.prefixed());
  const NameView after = zone.add(N("b.example."));
  CHECK(after.text() == "b.example.");
  for (const auto& [v, text] : kept) REQUIRE(v.text() == text);
}

TEST_CASE("record: 40 bytes, its owner and type tokens near the entry start or far") {
  STATIC_REQUIRE(sizeof(Record) == 40);
  Zone z;
  const FileId f = 3;
  const auto record = [&](Span span, const Name& owner, Span owner_token, Span type_token) {
    Record r;
    r.span = span;
    z.set_owner(r, owner, owner_token, type_token);
    z.records.push_back(r);
    return z.records.size() - 1;
  };
  const Name www = N("www.example.com.");
  const Name long_owner = Name::from_wire(wire_of_size(250));
  std::vector<std::tuple<std::size_t, Span, Span>> want;
  const auto add = [&](Span span, const Name& owner, Span owner_token, Span type_token) {
    // What owner_span and type_span give: the token's offsets in the record's file.
    const auto in_file = [&](Span t) {
      return t.valid() ? Span{span.file, t.begin, t.end} : Span{};
    };
    want.emplace_back(record(span, owner, owner_token, type_token), in_file(owner_token),
                      in_file(type_token));
  };
  // Near: the owner token starts the entry (an inherited owner's is empty), the type a few
  // bytes on; the records of one owner share its copy.
  add(Span{f, 100, 130}, www, Span{f, 100, 103}, Span{f, 108, 110});
  add(Span{f, 131, 150}, www, Span{f, 131, 131}, Span{f, 140, 142});
  CHECK(z.records[0].owner.prefixed() == z.records[1].owner.prefixed());
  add(Span{f, 200, 70000}, www, Span{}, Span{f, 200 + 65535, 200 + 65535 + 254});  // at the limits
  add(Span{f, 0, 10}, www, Span{f, 0, 253}, Span{});  // the longest near owner token
  // Far: an owner token that does not start the entry ($GENERATE's template, a front end's
  // name value), one of 254 bytes or more, a type token too far on, too long or before the
  // entry, a token in another file (read in the record's, as ever).
  add(Span{f, 100, 130}, www, Span{f, 110, 113}, Span{f, 120, 122});
  add(Span{f, 0, 1000}, long_owner, Span{f, 0, 254}, Span{f, 300, 302});
  add(Span{f, 0, 80000}, www, Span{f, 0, 3}, Span{f, 65536, 65538});
  add(Span{f, 0, 1000}, www, Span{f, 0, 3}, Span{f, 10, 265});
  add(Span{f, 50, 60}, www, Span{f, 50, 53}, Span{f, 40, 42});
  add(Span{f, 0, 10}, www, Span{f + 1, 0, 3}, Span{f + 2, 5, 6});
  add(Span{}, www, Span{}, Span{});  // nothing known
  // A far token keeps the cap on its length (a token that long is never read).
  const std::size_t capped = record(Span{f, 0, 90000}, www, Span{f, 10, 70010}, Span{});
  const auto check = [&](const Zone& zone) {
    for (const auto& [i, owner_span, type_span] : want) {
      INFO("record " << i);
      const Record& r = zone.records[i];
      CHECK(r.owner_span() == owner_span);
      CHECK(r.type_span() == type_span);
      CHECK(r.owner.wire() == (i == 5 ? long_owner : www).wire());
    }
    CHECK(zone.records[capped].owner_span() == Span{f, 10, 10 + 65534});
    CHECK_FALSE(zone.records[capped].type_span().valid());
  };
  check(z);
  // The owners (and the far tokens kept with them) stay with the records when the zone is
  // copied and the original dropped, and when it moves.
  auto original = std::make_unique<Zone>(z);
  Zone copy = *original;
  original.reset();
  z = Zone();
  check(copy);
  std::vector<Zone> zones;
  zones.push_back(std::move(copy));
  for (int i = 0; i < 10; ++i) zones.emplace_back();  // the vector moves its zones
  check(zones.front());
}
