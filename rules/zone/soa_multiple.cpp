// soa-multiple: more than one SOA in a zone file.
#include "rules/registry.hpp"
#include "rules/zone/rrsets.hpp"

namespace zl::rules {

namespace {

void check(const RuleContext& ctx, Diagnostics& out) {
  for (const Zone* z : ctx.zones()) {
    if (z->format != InputFormat::zone) continue;
    // Distinct SOA records (an exact copy is duplicate-record's), at the apex or below it.
    std::vector<std::pair<std::string, const Record*>> soas;
    for (const std::uint32_t i : z->records_of_type(rrtype::SOA)) {
      const Record& r = z->records[i];
      if (!in_zone(*z, r)) continue;
      std::string key = z->owner(r).canonical_wire() + rrsets::canonical_rdata(*z, r);
      bool seen = false;
      for (const auto& [k, rec] : soas) seen = seen || k == key;
      if (!seen) soas.emplace_back(std::move(key), &r);
    }
    for (std::size_t i = 1; i < soas.size(); ++i) {
      const Record& r = *soas[i].second;
      std::string msg = "zone " + quoted(z->origin) + " has more than one SOA record";
      if (!(z->owner(r) == z->origin))
        msg += " (this one is at " + quoted(z->owner(r)) + ", not the apex)";
      msg +=
          "; a zone has exactly one, at its apex (RFC 1035 §5.2), and servers refuse "
          "to load it";
      Diagnostic d = make_finding(kSoaMultiple, *z, r, anchor_span(*z, r), msg);
      add_note(d, anchor_span(*z, *soas[0].second), "first SOA here");
      out.add(std::move(d));
    }
  }
}

}  // namespace

const Rule kSoaMultiple{
    "soa-multiple",
    Severity::error,
    {},
    RuleDoc{
        "a zone file has more than one SOA record",
        "Reports every SOA record of a zone file after the first, at the apex or anywhere "
        "below it (exact copies are left to duplicate-record). The first SOA is the related "
        "location. Only BIND master-file input is checked.",
        "The SOA is a singleton at the apex (RFC 1035 §5.2); a second one, or one below the "
        "apex, usually means two zone files were concatenated or `$ORIGIN` went wrong. BIND "
        "and Knot refuse the zone.",
        "$ORIGIN example.com.\n@  SOA ns1 hostmaster 1 7200 3600 1209600 300\n"
        "@  SOA ns1 hostmaster 2 7200 3600 1209600 300\n",
        "$ORIGIN example.com.\n@  SOA ns1 hostmaster 2 7200 3600 1209600 300\n",
        "",
        "RFC 1035 §5.2; RFC 1034 §4.2.1",
    },
    "zone,soa",
    &check,
};

}  // namespace zl::rules
