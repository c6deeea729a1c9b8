// rules/zone/rrsets: the RRsets of two or more records that duplicate-record and
// rrset-ttl-mismatch compare.
#include <catch2/catch.hpp>

#include "lint_test_util.hpp"
#include "rules/zone/rrsets.hpp"

TEST_CASE("rrsets: only sets of two or more records, in the file order of their first record") {
  zl::ZoneSet set;
  zltest::add_zone(set, std::string(zltest::kDir) + "z.zone", "example.com.",
                   "$ORIGIN example.com.\n"
                   "b A 192.0.2.1\n"                 // record 0: b A, a set of two
                   "a A 192.0.2.1\n"                 // 1: alone
                   "a TXT \"x\"\n"                   // 2: a TXT, a set of two
                   "b AAAA 2001:db8::1\n"            // 3: alone
                   "A TXT \"y\"\n"                   // 4: a TXT (the owner in another case)
                   "b A 192.0.2.2\n"                 // 5: b A
                   "out.example.net. A 192.0.2.9\n"  // 6, 7: out of zone, never a set
                   "out.example.net. A 192.0.2.8\n"
                   "c TXT \"u\" ; [[unknown]]\n"  // 8: value unknown: left out
                   "c TXT \"v\"\n");              // 9: so c TXT has one record
  const zl::Zone& z = set.zones[0];
  const zl::rrsets::RRsets sets = zl::rrsets::compute_rrsets(z);
  REQUIRE(sets.size() == 2);
  auto index = [&](const zl::Record* r) { return r - z.records.data(); };
  REQUIRE(sets[0].size() == 2);
  CHECK(index(sets[0][0]) == 0);
  CHECK(index(sets[0][1]) == 5);
  REQUIRE(sets[1].size() == 2);
  CHECK(index(sets[1][0]) == 2);
  CHECK(index(sets[1][1]) == 4);
}
