// Zone's lookups (owner_records, records_at, has, name_exists, records_of_type, owner_run,
// in_zone_owners, delegation_above, dname_above) on hand-built zones, each checked against a
// plain scan of the records; and records_of_types, the rules' helper built on them.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstring>
#include <initializer_list>
#include <iterator>
#include <stdexcept>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "lint/rule_support.hpp"
#include "model/zone.hpp"

using namespace zl;

namespace {

Name N(const char* text) {
  return *Name::parse(text, nullptr);
}

void add(Zone& z, const char* owner, std::uint16_t type) {
  Record r;
  z.set_entry(r, Span{}, N(owner), Span{}, Span{});
  r.type = type;
  z.records.push_back(r);
}

// A zone whose records come in no useful order: owners split over several runs (and written
// in another case), types out of order within a run, out-of-zone owners, an empty
// non-terminal (b.example.com.), a delegation and a DNAME.
Zone mixed_zone() {
  Zone z;
  z.origin = N("example.com.");
  add(z, "www.example.com.", rrtype::TXT);
  add(z, "www.example.com.", rrtype::A);
  add(z, "example.com.", rrtype::SOA);
  add(z, "mail.example.com.", rrtype::MX);
  add(z, "WWW.Example.COM.", rrtype::AAAA);
  add(z, "a.b.example.com.", rrtype::CNAME);
  add(z, "other.test.", rrtype::A);
  add(z, "example.com.", rrtype::NS);
  add(z, "sub.example.com.", rrtype::NS);
  add(z, "ns.sub.example.com.", rrtype::A);
  add(z, "www.example.com.", rrtype::A);
  add(z, "alias.example.com.", rrtype::DNAME);
  add(z, "x.y.alias.example.com.", rrtype::A);
  add(z, "mail.example.com.", rrtype::CNAME);
  add(z, "t.example.com.", 65280);  // a private type, above the directly counted ones
  add(z, "t.example.com.", rrtype::CAA);
  z.build_index();
  return z;
}

// What the lookups must answer, from a scan of all records.
std::vector<std::uint32_t> scan(const Zone& z, NameView owner, int type) {
  std::vector<std::uint32_t> out;
  for (std::uint32_t i = 0; i < z.records.size(); ++i)
    if (z.owner(z.records[i]) == owner && (type < 0 || z.records[i].type == type)) out.push_back(i);
  return out;
}
std::vector<std::uint32_t> scan_type(const Zone& z, std::uint16_t type) {
  std::vector<std::uint32_t> out;
  for (std::uint32_t i = 0; i < z.records.size(); ++i)
    if (z.records[i].type == type) out.push_back(i);
  return out;
}
std::vector<std::uint32_t> vec(std::span<const std::uint32_t> s) {
  return {s.begin(), s.end()};
}
std::vector<std::uint32_t> vec(const zl::RecordsOfTypes& s) {
  return {s.begin(), s.end()};
}
std::vector<std::uint32_t> vec(const zl::TypeRecords& s) {
  std::vector<std::uint32_t> out(s.begin(), s.end());
  CHECK(out.size() == s.size());
  return out;
}

const char* const kNames[] = {"www.example.com.",
                              "WWW.EXAMPLE.COM.",
                              "example.com.",
                              "mail.example.com.",
                              "a.b.example.com.",
                              "b.example.com.",
                              "other.test.",
                              "test.",
                              "com.",
                              ".",
                              "sub.example.com.",
                              "ns.sub.example.com.",
                              "x.example.com.",
                              "alias.example.com.",
                              "x.y.alias.example.com.",
                              "y.alias.example.com.",
                              "t.example.com.",
                              "zzz.example.com.",
                              "a.example.com.",
                              "c.b.example.com."};
const std::uint16_t kTypes[] = {rrtype::A,     rrtype::AAAA, rrtype::TXT, rrtype::MX,
                                rrtype::CNAME, rrtype::NS,   rrtype::SOA, rrtype::DNAME,
                                rrtype::CAA,   rrtype::SRV,  65280,       65281};

void check_against_scan(const Zone& z) {
  for (const char* text : kNames) {
    const Name n = N(text);
    INFO(text);
    CHECK(z.records_at(n) == scan(z, n, -1));
    std::vector<std::uint32_t> any = vec(z.owner_records(n));
    std::sort(any.begin(), any.end());
    CHECK(any == scan(z, n, -1));
    for (const std::uint16_t t : kTypes) {
      INFO(t);
      CHECK(vec(z.records_at(n, t)) == scan(z, n, t));
      CHECK(z.has(n, t) == !scan(z, n, t).empty());
    }
    // Exists: owns records, or some owner is below it.
    bool exists = false;
    for (const Record& r : z.records) exists = exists || z.owner(r).is_subdomain_of(n);
    CHECK(z.name_exists(n) == exists);
  }
  for (const std::uint16_t t : kTypes) {
    INFO(t);
    CHECK(vec(z.records_of_type(t)) == scan_type(z, t));
  }
  for (std::size_t k = 0; k < z.owner_count(); ++k) {
    const NameView owner = z.owner(z.records[z.owner_run(k).front()]);
    for (const std::uint16_t t : kTypes) CHECK(vec(z.owner_run(k, t)) == scan(z, owner, t));
  }
}

}  // namespace

TEST_CASE("zone: lookups of a zone built out of order agree with a scan of its records") {
  const Zone z = mixed_zone();
  check_against_scan(z);
  CHECK(z.records_at(N("www.example.com.")) == std::vector<std::uint32_t>{0, 1, 4, 10});
  CHECK(vec(z.records_at(N("Www.Example.Com."), rrtype::A)) == std::vector<std::uint32_t>{1, 10});
  CHECK(z.name_exists(N("b.example.com.")));  // an empty non-terminal
  CHECK_FALSE(z.name_exists(N("c.b.example.com.")));
  CHECK(vec(z.records_of_type(rrtype::NS)) == std::vector<std::uint32_t>{7, 8});
  CHECK(vec(z.records_of_type(65280)) == std::vector<std::uint32_t>{14});
  CHECK(z.records_of_type(rrtype::SRV).empty());
  // The in-zone owners are those at or below the origin: all but other.test.
  const auto [lo, hi] = z.in_zone_owners();
  CHECK(hi - lo == z.owner_count() - 1);
  for (std::size_t k = lo; k < hi; ++k)
    CHECK(z.owner(z.records[z.owner_run(k).front()]).is_subdomain_of(z.origin));
}

TEST_CASE("zone: delegation_above and dname_above find the closest cut and DNAME above") {
  const Zone z = mixed_zone();
  CHECK(z.delegation_above(N("sub.example.com.")) == N("sub.example.com."));
  CHECK(z.delegation_above(N("a.b.ns.SUB.example.com.")) == N("sub.example.com."));
  CHECK_FALSE(z.delegation_above(N("www.example.com.")));
  CHECK_FALSE(z.delegation_above(N("example.com.")));  // the apex NS is no cut
  CHECK_FALSE(z.delegation_above(N("sub.other.test.")));
  CHECK(z.dname_above(N("x.y.alias.example.com.")) == N("alias.example.com."));
  CHECK(z.dname_above(N("q.Alias.example.com.")) == N("alias.example.com."));
  CHECK_FALSE(z.dname_above(N("alias.example.com.")));  // strictly above only
  CHECK_FALSE(z.dname_above(N("www.example.com.")));

  // Cuts at several depths, the topmost wins; a DNAME at the origin.
  Zone deep;
  deep.origin = N("example.com.");
  add(deep, "example.com.", rrtype::SOA);
  add(deep, "example.com.", rrtype::DNAME);
  add(deep, "c.b.a.example.com.", rrtype::NS);
  add(deep, "a.example.com.", rrtype::NS);
  deep.build_index();
  CHECK(deep.delegation_above(N("x.c.b.a.example.com.")) == N("a.example.com."));
  CHECK(deep.delegation_above(N("x.c.b.example.com.")) == std::nullopt);
  CHECK(deep.dname_above(N("q.r.example.com.")) == N("example.com."));
  CHECK_FALSE(deep.dname_above(N("example.com.")));
}

TEST_CASE("zone: lookups of an empty zone, a one-record zone and a zone without an index") {
  Zone empty;
  empty.origin = N("example.com.");
  empty.build_index();
  CHECK(empty.records_at(N("example.com.")).empty());
  CHECK_FALSE(empty.has(N("example.com."), rrtype::SOA));
  CHECK_FALSE(empty.name_exists(N("example.com.")));
  CHECK(empty.records_of_type(rrtype::SOA).empty());
  CHECK(empty.in_zone_owners() == std::pair<std::size_t, std::size_t>{0, 0});

  Zone one;
  one.origin = N("example.com.");
  add(one, "example.com.", rrtype::SOA);
  one.build_index();
  check_against_scan(one);

  // Records added after build_index: the index answers for those it holds, and the type
  // index for all of them.
  Zone later = mixed_zone();
  add(later, "new.example.com.", rrtype::A);
  CHECK(later.has(N("www.example.com."), rrtype::A));
  CHECK_FALSE(later.has(N("new.example.com."), rrtype::A));
  CHECK(vec(later.records_of_type(rrtype::A)).back() == later.records.size() - 1);
  // build_index again: all of them.
  later.build_index();
  check_against_scan(later);
  CHECK(later.has(N("new.example.com."), rrtype::A));
}

TEST_CASE("zone: a copied or moved zone answers lookups from its own index") {
  const Zone original = mixed_zone();
  (void)original.has(original.origin, rrtype::SOA);  // the original's index is built
  Zone copy = original;
  check_against_scan(copy);
  const Zone moved = std::move(copy);
  check_against_scan(moved);
  Zone assigned;
  assigned = original;
  check_against_scan(assigned);
}

TEST_CASE("zone: the lookup index is built once when threads look names up together") {
  Zone z;
  z.origin = N("example.com.");
  add(z, "example.com.", rrtype::SOA);
  for (int i = 0; i < 2000; ++i) {
    const std::string owner = "h" + std::to_string(i * 7919 % 2000) + ".example.com.";
    add(z, owner.c_str(), i % 3 == 0 ? rrtype::CNAME : rrtype::A);
  }
  z.build_index();
  std::vector<int> found(4, 0);
  std::vector<std::thread> threads;
  threads.reserve(4);
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&z, &found, t] {
      for (int i = 0; i < 2000; ++i) {
        const std::string owner = "h" + std::to_string(i) + ".example.com.";
        found[t] += static_cast<int>(z.records_at(N(owner.c_str()), rrtype::A).size());
      }
      found[t] += static_cast<int>(z.records_of_type(rrtype::CNAME).size());
    });
  for (std::thread& t : threads) t.join();
  for (int t = 0; t < 4; ++t) CHECK(found[t] == 2000);
}

TEST_CASE("zone: records_of_types merges the records of several types in file order") {
  const Zone z = mixed_zone();
  const auto scan_types = [&z](std::initializer_list<std::uint16_t> types) {
    std::vector<std::uint32_t> out;
    for (std::uint32_t i = 0; i < z.records.size(); ++i)
      if (std::find(types.begin(), types.end(), z.records[i].type) != types.end()) out.push_back(i);
    return out;
  };
  CHECK(vec(records_of_types(z, {rrtype::A, rrtype::AAAA})) ==
        scan_types({rrtype::A, rrtype::AAAA}));
  CHECK(vec(records_of_types(z, {rrtype::AAAA, rrtype::A})) ==
        scan_types({rrtype::A, rrtype::AAAA}));
  CHECK(vec(records_of_types(z, {rrtype::CNAME, rrtype::DNAME, rrtype::NS, rrtype::MX, 65280})) ==
        scan_types({rrtype::CNAME, rrtype::DNAME, rrtype::NS, rrtype::MX, 65280}));
  CHECK(records_of_types(z, {rrtype::SRV}).empty());
  CHECK(vec(records_of_types(z, {rrtype::SRV})).empty());
  CHECK(records_of_types(z, {}).empty());
  CHECK(vec(records_of_types(z, {rrtype::SOA})) == std::vector<std::uint32_t>{2});
  // A type given twice: its records twice (as the merged list of it twice).
  CHECK(vec(records_of_types(z, {rrtype::SOA, rrtype::SOA})) == std::vector<std::uint32_t>{2, 2});
}

TEST_CASE("zone: records_of_type gives the records of a type, dense or sparse, in file order") {
  // Types that a part of the records have (kept as a bit a record) and rare ones (a list of
  // indices), below and above the directly counted types, over many words of bits, with the
  // last word partly used.
  Zone z;
  z.origin = N("example.com.");
  for (std::size_t i = 0; i < 5003; ++i) {
    const std::string owner = "h" + std::to_string(i / 3) + ".example.com.";
    const std::uint16_t type = i % 97 == 0   ? rrtype::SRV
                               : i % 89 == 0 ? std::uint16_t{65281}
                               : i % 7 == 0  ? std::uint16_t{65280}
                               : i % 2 == 0  ? rrtype::A
                               : i == 5001   ? rrtype::SOA
                                             : rrtype::TXT;
    add(z, owner.c_str(), type);
  }
  z.build_index();
  for (const std::uint16_t t : {rrtype::A, rrtype::TXT, rrtype::SRV, rrtype::SOA, rrtype::MX,
                                std::uint16_t{65280}, std::uint16_t{65281}, std::uint16_t{65282}}) {
    INFO(t);
    CHECK(vec(z.records_of_type(t)) == scan_type(z, t));
    CHECK(z.records_of_type(t).empty() == scan_type(z, t).empty());
  }
  CHECK(vec(records_of_types(z, {rrtype::A, rrtype::SRV, rrtype::SOA})) == [&] {
    std::vector<std::uint32_t> all;
    for (std::uint32_t i = 0; i < z.records.size(); ++i)
      if (z.records[i].type == rrtype::A || z.records[i].type == rrtype::SRV ||
          z.records[i].type == rrtype::SOA)
        all.push_back(i);
    return all;
  }());
}

TEST_CASE("zone: records_of_type reads dense types from the type codes, to the last record") {
  // From 1,024 records on, a type that more than one record in 32 has is read from the type
  // codes, 64 records a word: the first type seen (code 0) and another, around the sizes where
  // the codes start being kept and where a word of 64 records ends; then a copy of the zone.
  for (const std::size_t n : {std::size_t{1023}, std::size_t{1024}, std::size_t{1025},
                              std::size_t{1087}, std::size_t{1088}, std::size_t{1089}}) {
    CAPTURE(n);
    Zone z;
    z.origin = N("example.com.");
    for (std::size_t i = 0; i < n; ++i) {
      const std::string owner = "h" + std::to_string(i / 2) + ".example.com.";
      add(z, owner.c_str(), i % 3 == 2 ? rrtype::TXT : i == 70 ? rrtype::MX : rrtype::A);
    }
    add(z, "last.example.com.", rrtype::A);  // the last record: of code 0
    z.build_index();
    const Zone copy = z;
    for (const Zone* of : std::initializer_list<const Zone*>{&z, &copy}) {
      for (const std::uint16_t t : {rrtype::A, rrtype::TXT, rrtype::MX, rrtype::AAAA}) {
        INFO(t);
        CHECK(vec(of->records_of_type(t)) == scan_type(*of, t));
      }
    }
  }
}

TEST_CASE("zone: an rdata length is kept in a byte below 255, in three from there, or not at all") {
  Zone z;
  const std::size_t lengths[] = {0, 1, 254, 255, 256, 65535, 3};
  for (const std::size_t n : lengths) {
    Record r;
    z.set_entry(r, Span{}, N("www.example.com."), Span{}, Span{});
    z.set_rdata(r, std::string(n, static_cast<char>(n % 251)));
    z.add_field(r, Span{}, nullptr);
    z.records.push_back(r);
  }
  SourceSet sources;
  for (std::size_t k = 0; k < std::size(lengths); ++k) {
    CAPTURE(lengths[k]);
    const Record& r = z.records[k];
    CHECK(z.rdata(r) == std::string(lengths[k], static_cast<char>(lengths[k] % 251)));
    CHECK(z.fields_of(r, sources).size() == 1);
  }
  // Each length (1 byte, or 3 for the three of 255 and more), the rdata, the byte before the
  // fields and the field (an extra: 8 bytes); nothing else.
  CHECK(z.rdata_arena.size() ==
        4 * 1 + 3 * 3 + (0 + 1 + 254 + 255 + 256 + 65535 + 3) + 7 * (1 + sizeof(StoredField)));

  // An A record's rdata of 4 octets and an AAAA record's of 16 keep no length; other lengths
  // of those types do.
  Zone fixed;
  const std::pair<std::uint16_t, std::size_t> typed[] = {
      {rrtype::A, 4}, {rrtype::A, 3},   {rrtype::AAAA, 16}, {rrtype::AAAA, 4},
      {rrtype::A, 0}, {rrtype::TXT, 4}, {rrtype::AAAA, 16}};
  for (const auto& [type, n] : typed) {
    Record r;
    fixed.set_entry(r, Span{}, N("www.example.com."), Span{}, Span{});
    r.type = type;
    fixed.set_rdata(r, std::string(n, 'x'), Zone::FieldForm::stored);
    fixed.records.push_back(r);
  }
  std::size_t want = 0;
  for (std::size_t k = 0; k < std::size(typed); ++k) {
    CAPTURE(k);
    CHECK(fixed.rdata(fixed.records[k]) == std::string(typed[k].second, 'x'));
    CHECK(fixed.fields_of(fixed.records[k], sources).empty());
    const bool kept = k != 0 && k != 2 && k != 6;
    want += (kept ? 1 : 0) + typed[k].second + 1;  // the length, the rdata, no fields
  }
  CHECK(fixed.rdata_arena.size() == want);
}

TEST_CASE("zone: the owner index built on several threads is the one built on one") {
  // Large enough to be sorted in buckets, on the threads (tens of thousands of runs): owners
  // in a scrambled order, runs of several records with types out of order, a run longer than
  // 255 records, owners found in several places; then the same with out-of-zone owners, whose
  // keys are all made again.
  for (const bool out_of_zone : {false, true}) {
    INFO("out-of-zone owners: " << out_of_zone);
    Zone z;
    z.origin = N("example.com.");
    constexpr std::size_t kRecords = 150000;
    const std::uint16_t types[] = {rrtype::TXT, rrtype::A, rrtype::MX, rrtype::AAAA};
    std::vector<Name> owners;
    for (std::size_t i = 0; i < 20000; ++i) {
      const std::size_t k = (i * 7919) % 20000;  // scrambled
      const std::string label = (k % 3 == 0 ? "w" : k % 3 == 1 ? "_m" : "Mail") + std::to_string(k);
      const std::string zone = out_of_zone && k % 50 == 0 ? "example.net." : "example.com.";
      owners.push_back(N((label + "." + (k % 5 == 0 ? "sub." : "") + zone).c_str()));
    }
    for (std::size_t i = 0; z.records.size() < kRecords; ++i) {
      const Name& owner = owners[(i * 31) % owners.size()];
      const std::size_t run = i == kRecords / 10 ? 400 : 1 + i % 9;  // one longer than 255
      for (std::size_t r = 0; r < run && z.records.size() < kRecords; ++r) {
        Record rec;
        z.set_entry(rec, Span{}, owner, Span{}, Span{});
        rec.type = types[(i + 3 * r) % 4];
        z.records.push_back(rec);
      }
    }
    Zone one = z;
    one.build_index(1);
    REQUIRE(one.owner_count() > 1000);
    for (const unsigned threads : {2u, 3u}) {
      INFO(threads << " threads");
      Zone many = z;
      many.build_index(threads);
      CHECK(many.sorted() == one.sorted());
      REQUIRE(many.owner_count() == one.owner_count());
      for (std::size_t k = 0; k <= one.owner_count(); ++k)
        CHECK(many.owner_start(k) == one.owner_start(k));
    }
  }
}

TEST_CASE("zone: a large zone's keys and read index built on two threads answer as on one") {
  // Enough records for the key pass on two threads and owners for the read index on two
  // threads: owners in a scrambled order and written in two cases, many with keys longer than a
  // sort item's 16 bytes (kept as remainders on each thread, then joined), runs split over the
  // file, a dense and a sparse type, an NS below the origin and an out-of-zone owner.
  Zone z;
  z.origin = N("example.com.");
  constexpr std::size_t kOwners = 140000;
  std::vector<Name> owners;
  for (std::size_t i = 0; i < kOwners; ++i) {
    const std::size_t k = (i * 7919) % kOwners;
    const std::string label = k % 4 == 0   ? "a-host-with-a-longer-name-" + std::to_string(k)
                              : k % 4 == 1 ? "H" + std::to_string(k)
                                           : "h" + std::to_string(k);
    owners.push_back(N((label + (k % 3 == 0 ? ".deeper.sub." : ".") + "example.com.").c_str()));
  }
  owners.push_back(N("elsewhere.test."));
  for (std::size_t i = 0; z.records.size() < 280000; ++i) {
    const Name& owner = owners[(i * 31) % owners.size()];
    for (std::size_t r = 0; r < 1 + i % 3; ++r) {
      Record rec;
      z.set_entry(rec, Span{}, owner, Span{}, Span{});
      rec.type = i % 1000 == 7 ? rrtype::NS : r == 1 ? rrtype::AAAA : rrtype::A;
      z.records.push_back(rec);
    }
  }
  Zone one = z;
  one.build_index(1);
  Zone two = z;
  two.build_index(2);
  REQUIRE(one.owner_count() > 131072);  // the read index is built on two threads from there
  CHECK(two.sorted() == one.sorted());
  REQUIRE(two.owner_count() == one.owner_count());
  for (std::size_t k = 0; k <= one.owner_count(); ++k)
    CHECK(two.owner_start(k) == one.owner_start(k));
  CHECK(two.in_zone_owners() == one.in_zone_owners());
  for (const std::uint16_t t : {rrtype::A, rrtype::AAAA, rrtype::NS, rrtype::MX})
    CHECK(vec(two.records_of_type(t)) == vec(one.records_of_type(t)));
  for (const Name& owner : owners) {
    CHECK(vec(two.owner_records(owner)) == vec(one.owner_records(owner)));
    CHECK(vec(two.records_at(owner, rrtype::AAAA)) == vec(one.records_at(owner, rrtype::AAAA)));
  }
  for (const char* absent : {"absent.example.com.", "deeper.sub.example.com.", "test."}) {
    CHECK(two.owner_records(N(absent)).empty());
    CHECK(two.name_exists(N(absent)) == one.name_exists(N(absent)));
  }
}

TEST_CASE("zone: an owner of 65535 records or more is found whole") {
  // The owner table keeps a run's length in 16 bits; a longer run ends where the next owner's
  // starts.
  for (const std::size_t run : {std::size_t{65534}, std::size_t{65535}, std::size_t{70000}}) {
    INFO(run);
    Zone z;
    z.origin = N("example.com.");
    add(z, "a.example.com.", rrtype::A);
    for (std::size_t i = 0; i < run; ++i) add(z, "big.example.com.", i == 5 ? rrtype::TXT : 99);
    add(z, "z.example.com.", rrtype::A);
    z.build_index();
    CHECK(z.owner_records(N("BIG.example.com.")).size() == run);
    CHECK(vec(z.records_at(N("big.example.com."), rrtype::TXT)) == std::vector<std::uint32_t>{6});
    CHECK(z.records_at(N("big.example.com."), 99).size() == run - 1);
    CHECK(z.owner_records(N("z.example.com.")).size() == 1);
    CHECK(z.owner_records(N("a.example.com.")).size() == 1);
    CHECK_FALSE(z.has(N("big.example.com."), rrtype::A));
  }
}

TEST_CASE("zone: a field keeps its span and text, stored in its offsets or kept apart") {
  SourceSet sources;
  const FileId file = sources.add("zone.db", std::string("www 300 IN TXT \"v=spf1 -all\" 10 mail"));
  const FileId other = sources.add("other.db", std::string("elsewhere"));
  Zone z;
  z.file = file;
  Record r;
  r.type = rrtype::TXT;
  z.set_entry(r, Span{file, 0, 37}, N("www.example.com."), Span{}, Span{});
  z.set_rdata(r, "\x0bv=spf1 -all");
  const std::string_view rewritten = "\"rewritten\"";
  z.add_field(r, Span{file, 15, 28}, nullptr);     // in the record's file: its offsets
  z.add_field(r, Span{file, 29, 31}, &rewritten);  // text of its own
  z.add_field(r, Span{other, 0, 9}, nullptr);      // in another file
  z.add_field(r, Span{}, nullptr);                 // nowhere
  z.records.push_back(r);
  Record empty;  // no fields
  z.set_entry(empty, Span{file, 0, 3}, N("www.example.com."), Span{}, Span{});
  z.records.push_back(empty);

  CHECK(z.fields_of(r, sources).size() == 4);
  CHECK(z.field_extras.size() == 3);  // only the first is stored in its offsets alone
  const FieldList f = z.fields_of(z.records[0], sources);
  REQUIRE(f.size() == 4);
  CHECK(f[0].span == Span{file, 15, 28});
  CHECK(f.front().span == Span{file, 15, 28});
  CHECK(f[1].span == Span{file, 29, 31});
  CHECK(f[2].span == Span{other, 0, 9});
  CHECK_FALSE(f[3].span.valid());
  CHECK_FALSE(f.back().span.valid());
  CHECK(z.field_text(r, 0, sources) == "\"v=spf1 -all\"");
  CHECK(z.field_text(r, 1, sources) == "\"rewritten\"");
  CHECK(z.field_text(r, 2, sources) == "elsewhere");
  CHECK(z.field_text(r, 3, sources).empty());
  CHECK(z.field_text(r, 4, sources).empty());  // past the last field
  std::vector<Span> iterated;
  for (const Field& field : f) iterated.push_back(field.span);
  REQUIRE(iterated.size() == 4);
  CHECK(iterated[2] == Span{other, 0, 9});
  CHECK(z.fields_of(z.records[1], sources).empty());
}

TEST_CASE("zone: many fields, near the entry or not, follow the rdata they belong to") {
  // A record's fields follow its rdata in the arena: 4 bytes each while all are near the entry
  // start, 8 once one is not, with the count in the byte before them up to 126, after it
  // beyond. Each record's rdata and fields stay its own, and joined extras are renumbered.
  SourceSet sources;
  std::string text(200000, 'x');
  const FileId file = sources.add("zone.db", text);
  for (const bool far_last : {false, true}) {
    for (const std::size_t n : {std::size_t{0}, std::size_t{1}, std::size_t{126}, std::size_t{127},
                                std::size_t{128}, std::size_t{300}}) {
      CAPTURE(far_last, n);
      Zone z;
      z.file = file;
      std::vector<std::vector<Span>> want;
      for (std::uint32_t k = 0; k < 3; ++k) {  // three records, the middle one with n fields
        Record r;
        z.set_entry(r, Span{file, 1000 * k, 1000 * k + 900}, N("www.example.com."), Span{}, Span{});
        z.set_rdata(r, std::string(k + 2, static_cast<char>('a' + k)));
        std::vector<Span> spans;
        const std::size_t fields = k == 1 ? n : 2;
        for (std::size_t i = 0; i < fields; ++i) {
          const auto at = static_cast<std::uint32_t>(z.span(r).begin + i % 800);
          spans.push_back(Span{file, at, at + 1 + static_cast<std::uint32_t>(i % 5)});
        }
        if (k == 1 && far_last) spans.push_back(Span{file, 150000, 150003});  // 8 bytes each
        if (k == 2) spans.push_back(Span{});                                  // an extra
        for (const Span& s : spans) z.add_field(r, s, nullptr);
        z.records.push_back(r);
        want.push_back(spans);
      }
      z.shift_field_extras(5);  // as a parallel join does before it appends 5 extras' worth
      std::vector<FieldExtra> extras(5);
      extras.insert(extras.end(), z.field_extras.begin(), z.field_extras.end());
      z.field_extras = extras;
      for (std::size_t k = 0; k < 3; ++k) {
        const Record& r = z.records[k];
        CHECK(z.rdata(r) == std::string(k + 2, static_cast<char>('a' + k)));
        const FieldList f = z.fields_of(r, sources);
        REQUIRE(f.size() == want[k].size());
        for (std::size_t i = 0; i < f.size(); ++i) CHECK(f[i].span == want[k][i]);
      }
    }
  }
}

TEST_CASE("zone: a record's fields are added before the next record's rdata, or refused") {
  // Fields live after their record's rdata in the arena: adding one to a record whose rdata
  // another record's already follows would write over that record's bytes, so it throws.
  SourceSet sources;
  const FileId file = sources.add("zone.db", std::string(100, 'x'));
  Zone z;
  Record a, b;
  z.set_entry(a, Span{file, 0, 40}, N("a.example."), Span{}, Span{});
  z.set_rdata(a, "aa");
  z.add_field(a, Span{file, 10, 12}, nullptr);
  z.set_entry(b, Span{file, 50, 90}, N("b.example."), Span{}, Span{});
  z.set_rdata(b, "bbb");
  CHECK_THROWS_AS(z.add_field(a, Span{file, 20, 22}, nullptr), std::logic_error);
  z.add_field(b, Span{file, 60, 63}, nullptr);
  CHECK(z.rdata(a) == "aa");
  CHECK(z.rdata(b) == "bbb");
  REQUIRE(z.fields_of(a, sources).size() == 1);
  CHECK(z.fields_of(a, sources)[0].span == (Span{file, 10, 12}));
  REQUIRE(z.fields_of(b, sources).size() == 1);
  CHECK(z.fields_of(b, sources)[0].span == (Span{file, 60, 63}));
}

TEST_CASE("zone: each record's entry is in its file, through $INCLUDEs, joins and shifts") {
  // A record keeps no file: the zone's runs of records of one file tell it (Zone::file_of).
  // A run starts where the file changes, even for an owner the record before has; joined
  // zones bring their runs, and a set appended to another shifts them.
  const FileId top = 0, inc = 1, other = 2;
  const Name www = N("www.example.com.");
  struct Want {
    Span span;
    std::string rdata;
  };
  std::vector<Want> want;
  const auto add = [&](Zone& z, Span span, const Name& owner, std::uint32_t field_at) {
    Record r;
    z.set_entry(r, span, owner, Span{span.file, span.begin, span.begin + 3},
                Span{span.file, span.begin + 8, span.begin + 9});
    const std::string rdata(1 + want.size() % 7, static_cast<char>('a' + want.size() % 26));
    z.set_rdata(r, rdata);
    z.add_field(r, Span{span.file, field_at, field_at + 2}, nullptr);
    z.records.push_back(r);
    want.push_back(Want{span, rdata});
  };
  Zone z;
  add(z, Span{top, 0, 20}, www, 12);
  add(z, Span{top, 21, 40}, www, 33);
  add(z, Span{inc, 0, 20}, www, 12);       // the same owner, in an $INCLUDEd file
  add(z, Span{inc, 21, 100000}, www, 33);  // far: 64 KiB or more
  add(z, Span{top, 41, 60}, www, 50);      // back in the including file
  add(z, Span{}, N("x.example.com."), 0);  // a file not known
  Zone part;                               // a stretch parsed apart, joined after z's records
  add(part, Span{top, 61, 80}, www, 70);
  add(part, Span{other, 0, 20}, N("y.example.com."), 10);
  add(part, Span{other, 21, 40}, N("y.example.com."), 30);
  const SourceSet no_sources;  // the fields are stored: no text is read
  const auto check = [&](const Zone& zone, FileId by) {
    REQUIRE(zone.records.size() == want.size());
    for (std::size_t i = 0; i < want.size(); ++i) {
      INFO("record " << i);
      const Record& r = zone.records[i];
      Span s = want[i].span;
      if (s.valid()) s.file += by;
      CHECK(zone.span(r) == s);
      CHECK(zone.file_of(r) == s.file);
      CHECK(zone.owner_span(r).file == s.file);
      CHECK(zone.rdata(r) == want[i].rdata);
      REQUIRE(zone.fields_of(r, no_sources).size() == 1);
      CHECK(zone.fields_of(r, no_sources)[0].span.file == s.file);
    }
  };
  Zone joined = z;
  joined.take_records(part);
  CHECK(part.records.empty());
  check(joined, 0);
  Zone shifted = joined;
  shifted.shift_files(5);
  check(shifted, 5);
  check(joined, 0);  // a copy keeps its own runs
}

TEST_CASE("zone: a zone of one file keeps its run in place, through copies, moves and joins") {
  const auto add = [](Zone& z, Span span, const Name& owner) {
    Record r;
    z.set_entry(r, span, owner, Span{span.file, span.begin, span.begin + 3}, Span{});
    z.set_rdata(r, "x");
    z.records.push_back(r);
  };
  const Name www = N("www.example.com.");
  Zone z;
  add(z, Span{4, 0, 10}, www);
  add(z, Span{4, 11, 20}, www);
  const auto files = [](const Zone& zone) {
    std::vector<FileId> out;
    for (const Record& r : zone.records) out.push_back(zone.file_of(r));
    return out;
  };
  CHECK(files(z) == std::vector<FileId>{4, 4});
  Zone copy = z;
  Zone moved = std::move(copy);
  CHECK(files(moved) == std::vector<FileId>{4, 4});
  moved.shift_files(3);
  CHECK(files(moved) == std::vector<FileId>{7, 7});
  CHECK(files(z) == std::vector<FileId>{4, 4});
  Zone empty;
  empty.take_records(z);  // into a zone with no run: the one run, in place
  CHECK(files(empty) == std::vector<FileId>{4, 4});
  add(moved, Span{9, 0, 10}, www);  // a second run: both go to the heap
  CHECK(files(moved) == std::vector<FileId>{7, 7, 9});
  Zone again = moved;
  again.clear_records();
  add(again, Span{2, 0, 10}, www);  // cleared: one run again
  CHECK(files(again) == std::vector<FileId>{2});
  CHECK(files(moved) == std::vector<FileId>{7, 7, 9});
}

TEST_CASE("zone: type codes give each record's type, past the 255th distinct type too") {
  // Codes in the order first seen; past 255 distinct types a record's code is kOther (its type
  // is read from the record), types below 512 and above alike.
  TypeCodes::Builder builder(2000);
  std::vector<std::uint16_t> added;
  for (std::size_t i = 0; i < 2000; ++i) {
    const auto type = static_cast<std::uint16_t>(i % 3 == 0 ? rrtype::A : 1 + (i * 37) % 700);
    builder.add(type);
    added.push_back(type);
  }
  const TypeCodes codes = std::move(builder).finish();
  REQUIRE(codes.size() == added.size());
  CHECK(codes.distinct() == 255);
  std::vector<std::uint16_t> coded;
  std::size_t others = 0;
  for (std::size_t i = 0; i < added.size(); ++i) {
    INFO(i << " type " << added[i]);
    const std::uint8_t c = codes.code(i);
    if (c == TypeCodes::kOther) {
      ++others;
      CHECK(std::find(coded.begin(), coded.end(), added[i]) == coded.end());
      CHECK(codes.code_of(added[i]) == TypeCodes::kOther);
      continue;
    }
    REQUIRE(c < codes.distinct());
    CHECK(codes.type_of_code(c) == added[i]);
    CHECK(codes.code_of(added[i]) == c);
    if (c == coded.size()) coded.push_back(added[i]);  // first seen
    CHECK(coded[c] == added[i]);
  }
  CHECK(coded.size() == 255);
  CHECK(others > 0);
  CHECK(codes.code_of(65000) == TypeCodes::kOther);
  const TypeCodes none = std::move(TypeCodes::Builder(0)).finish();
  CHECK(none.size() == 0);
  CHECK(none.distinct() == 0);
  CHECK(none.code_of(rrtype::A) == TypeCodes::kOther);
}

TEST_CASE("zone: lookups of a zone of more than 255 distinct types agree with a scan") {
  // The types past the 255th have no code: the index reads them from the records, and
  // records_of_type still finds each type's records, the rare types below 512 included.
  Zone z;
  z.origin = N("example.com.");
  for (std::size_t i = 0; i < 3000; ++i) {
    const std::string owner = "h" + std::to_string((i * 13) % 400) + ".example.com.";
    const auto type = static_cast<std::uint16_t>(i % 4 == 0   ? rrtype::TXT
                                                 : i % 4 == 1 ? 600 - i % 290
                                                              : 1 + i % 300);
    add(z, owner.c_str(), type);
  }
  for (const char* text : kNames) add(z, text, static_cast<std::uint16_t>(300 + std::strlen(text)));
  z.build_index();
  check_against_scan(z);
  for (std::uint16_t t = 0; t < 700; ++t) {
    INFO(t);
    CHECK(vec(z.records_of_type(t)) == scan_type(z, t));
  }
  for (std::size_t k = 0; k < z.owner_count(); ++k) {
    const NameView owner = z.owner(z.records[z.owner_run(k).front()]);
    for (std::uint16_t t = 0; t < 700; t = static_cast<std::uint16_t>(t + 7))
      CHECK(vec(z.owner_run(k, t)) == scan(z, owner, t));
  }
}

TEST_CASE("zone: owner starts keep a group's distances in bytes, or its starts whole") {
  // Groups of 32 entries: one whose entries are within 255 of its first keeps distances, one
  // that spans more (an owner of many records) its starts; a last group partly used; starts up
  // to the largest a record position may have.
  const auto check = [](const std::vector<std::uint32_t>& starts) {
    INFO(starts.size() << " entries");
    OwnerStarts table;
    OwnerStarts::Writer writer(table, starts.size());
    for (std::size_t k = starts.size(); k-- > 0;) writer.set(k, starts[k]);
    REQUIRE(table.size() == starts.size());
    for (std::size_t k = 0; k < starts.size(); ++k) {
      INFO(k);
      CHECK(table[k] == starts[k]);
    }
  };
  check({0});
  check({0, 1});
  std::vector<std::uint32_t> starts;
  std::uint32_t at = 0;
  for (std::size_t k = 0; k < 1000; ++k) {
    starts.push_back(at);
    at += k == 40 ? 300 : k == 100 ? 255 : k == 200 ? 70000 : k % 64 == 63 ? 9 : 1 + k % 3;
    if (starts.size() == 32 || starts.size() == 33 || starts.size() == 64) check(starts);
  }
  check(starts);
  for (std::uint32_t& s : starts) s += 0x7ff00000u;  // near the largest
  check(starts);
  std::vector<std::uint32_t> same(70, 5);  // owners cannot be empty, but the table does not care
  check(same);
  OwnerStarts empty;
  CHECK(empty.empty());
  CHECK(empty.size() == 0);
}
