// NameView (a Name's read-only API on a pointer), NameStore (where a zone keeps its records'
// owners) and Zone::set_entry (a record's entry, owner and its owner and type tokens, near or far):
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

TEST_CASE("name store: one copy per run of the same name, handles valid as the store grows") {
  NameStore store;
  const Name a = N("host1.example.com."), b = N("Host1.example.com.");
  const NameStore::Handle a1 = store.add(a);
  CHECK(store.view(a1).prefixed() != a.prefixed());  // a copy
  CHECK(store.view(a1).wire() == a.wire());
  CHECK(store.add(a) == a1);                  // the same as the last: shared
  CHECK(store.add(store.view(a1)) == a1);     // a view into the store itself
  const NameStore::Handle b1 = store.add(b);  // same name, another spelling: its own
  CHECK(b1 != a1);
  CHECK(store.view(b1).text() == "Host1.example.com.");
  CHECK(store.add(a) != a1);  // not the last any more: a new copy
  CHECK(store.bytes() == 3 * (1 + a.wire().size()));

  // Enough names for the buffer to move many times, long and short, some of them added from a
  // view into the store itself (read before the buffer moves: a sanitizer build checks); then
  // the store moves and is copied, and the original dropped: every handle still reads its name.
  std::vector<std::pair<NameStore::Handle, std::string>> kept;
  for (std::size_t i = 0; i < 20000; ++i) {
    const std::string w = wire_of_size(2 + i % 254, static_cast<char>('a' + i % 26));
    kept.emplace_back(store.add(Name::from_wire(w)), w);
    if (i % 7 == 0) {
      const auto& [h, again] = kept[i / 2];
      kept.emplace_back(store.add(store.view(h)), again);
    }
  }
  NameStore moved = std::move(store);
  NameStore copy = moved;
  moved = NameStore();
  for (const auto& [h, w] : kept) REQUIRE(copy.view(h).wire() == w);
  CHECK(copy.view(a1).wire() == a.wire());
  const NameStore::Handle more = copy.add(N("more.example."));
  CHECK(copy.view(more).text() == "more.example.");
  // A header before a name of its own, even one added from a view into the store.
  const NameStore::Handle with = copy.add_with_header(copy.view(more), "12345");
  CHECK(with != more);
  CHECK(copy.view(with).text() == "more.example.");
  CHECK(std::string(reinterpret_cast<const char*>(copy.data()) + with - 5, 5) == "12345");
  CHECK(copy.add(N("more.example.")) == with);  // the last added
}

// The last entry is compared with the next name before it is stored: a short last entry that
// ends the buffer must not be read past (a sanitizer build catches an overread; CI runs one).
TEST_CASE("name store: a longer name after a short one that ends the buffer") {
  NameStore store;
  const std::string filler = wire_of_size(255 - 3 - 1);  // 1 + 251 octets
  REQUIRE(store.view(store.add(Name::from_wire(filler))).wire() == filler);
  const NameStore::Handle shorter = store.add(N("a."));  // 1 + 3 octets, the last 4 bytes
  REQUIRE(store.bytes() == 256);
  store.shrink_to_fit();
  const std::string longer = wire_of_size(255);
  const NameStore::Handle h = store.add(Name::from_wire(longer));
  CHECK(store.view(h).wire() == longer);
  CHECK(h != shorter);
  CHECK(store.add(N("a.")) != shorter);  // not the last any more
  CHECK(store.view(store.add(Name::from_wire(std::string(1, '\0')))).is_root());
}

TEST_CASE("name store: append() copies the other store's names after its own") {
  NameStore zone, stretch;
  const NameStore::Handle first = zone.add(N("a.example."));
  std::vector<std::pair<NameStore::Handle, std::string>> kept;
  for (std::size_t i = 0; i < 5000; ++i) {
    const Name n = N("h" + std::to_string(i) + ".example.");
    kept.emplace_back(stretch.add(n), n.text());
  }
  const std::size_t bytes = zone.bytes() + stretch.bytes();
  const NameStore::Handle by = zone.append(stretch);
  CHECK(by == 1 + N("a.example.").wire().size());
  stretch.clear();
  CHECK(stretch.bytes() == 0);
  CHECK(zone.bytes() == bytes);
  for (const auto& [h, text] : kept) REQUIRE(zone.view(h + by).text() == text);
  CHECK(zone.view(first).text() == "a.example.");
  // The next name after the appended ones is compared with the last of them.
  CHECK(zone.add(zone.view(kept.back().first + by)) == kept.back().first + by);
  const NameStore::Handle after = zone.add(N("b.example."));
  CHECK(zone.view(after).text() == "b.example.");
}

TEST_CASE("record: 24 bytes, its owner and type tokens near the entry start or far") {
  STATIC_REQUIRE(sizeof(Record) == 24);
  Zone z;
  const FileId f = 3;
  const auto record = [&](Span span, const Name& owner, Span owner_token, Span type_token) {
    Record r;
    z.set_entry(r, span, owner, owner_token, type_token);
    z.records.push_back(r);
    return z.records.size() - 1;
  };
  const Name www = N("www.example.com.");
  const Name long_owner = Name::from_wire(wire_of_size(250));
  std::vector<std::tuple<std::size_t, Span, Span, Span>> want;
  const auto add = [&](Span span, const Name& owner, Span owner_token, Span type_token) {
    // What owner_span and type_span give: the token's offsets in the record's file.
    const auto in_file = [&](Span t) {
      return t.valid() ? Span{span.file, t.begin, t.end} : Span{};
    };
    want.emplace_back(record(span, owner, owner_token, type_token), span, in_file(owner_token),
                      in_file(type_token));
  };
  // Near: the owner token starts the entry (an inherited owner's is empty), the type a few
  // bytes on; the records of one owner share its copy.
  add(Span{f, 100, 130}, www, Span{f, 100, 103}, Span{f, 108, 110});
  add(Span{f, 131, 150}, www, Span{f, 131, 131}, Span{f, 140, 142});
  CHECK(z.owner(z.records[0]).prefixed() == z.owner(z.records[1]).prefixed());
  add(Span{f, 200, 700}, www, Span{}, Span{f, 200 + 255, 200 + 255 + 30});  // at the limits
  add(Span{f, 0, 10}, www, Span{f, 0, 253}, Span{});  // the longest near owner token
  add(Span{f, 300, 300 + 65535}, www, Span{f, 300, 303}, Span{f, 310, 312});  // longest entry
  // Far: an owner token that does not start the entry ($GENERATE's template, a front end's
  // name value), one of 254 bytes or more, a type token too far on, too long or before the
  // entry, a token in another file (read in the record's, as ever).
  add(Span{f, 100, 130}, www, Span{f, 110, 113}, Span{f, 120, 122});
  add(Span{f, 0, 1000}, long_owner, Span{f, 0, 254}, Span{f, 300, 302});
  add(Span{f, 0, 80000}, www, Span{f, 0, 3}, Span{f, 65536, 65538});
  add(Span{f, 0, 1000}, www, Span{f, 0, 3}, Span{f, 10, 265});
  add(Span{f, 0, 1000}, www, Span{f, 0, 3}, Span{f, 256, 258});
  add(Span{f, 0, 1000}, www, Span{f, 0, 3}, Span{f, 10, 41});
  add(Span{f, 50, 60}, www, Span{f, 50, 53}, Span{f, 40, 42});
  add(Span{f, 0, 10}, www, Span{f + 1, 0, 3}, Span{f + 2, 5, 6});
  add(Span{f, 300, 300 + 65536}, www, Span{f, 300, 303}, Span{f, 310, 312});  // entries of
  add(Span{f, 500, 400}, www, Span{f, 500, 503}, Span{f, 510, 512});  // 64 KiB, or backwards
  add(Span{}, www, Span{}, Span{});                                   // nothing known
  // A far token keeps the cap on its length (a token that long is never read).
  const std::size_t capped = record(Span{f, 0, 90000}, www, Span{f, 10, 70010}, Span{});
  const auto check = [&](const Zone& zone) {
    for (const auto& [i, span, owner_span, type_span] : want) {
      INFO("record " << i);
      const Record& r = zone.records[i];
      CHECK(zone.span(r) == span);
      CHECK(zone.owner_span(r) == owner_span);
      CHECK(zone.type_span(r) == type_span);
      CHECK(zone.owner(r).wire() == (i == 6 ? long_owner : www).wire());
    }
    CHECK(zone.span(zone.records[capped]) == Span{f, 0, 90000});  // an entry of 64 KiB or more
    CHECK(zone.owner_span(zone.records[capped]) == Span{f, 10, 10 + 65534});
    CHECK_FALSE(zone.type_span(zone.records[capped]).valid());
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
