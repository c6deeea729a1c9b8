// cname-and-other-data: a CNAME with company.
#include <algorithm>
#include <set>

#include "rules/registry.hpp"
#include "rules/zone/rrsets.hpp"

namespace zl::rules {

namespace {

// DNSSEC records that RFC 4035 §2.5 (and RFC 2535 before it) allow beside a CNAME.
bool allowed_beside_cname(std::uint16_t t) {
  return t == rrtype::RRSIG || t == rrtype::NSEC || t == rrtype::SIG || t == rrtype::NXT;
}

void check(const RuleContext& ctx, Diagnostics& out) {
  for (const Zone* z : ctx.zones()) {
    // The zone's index groups each owner's records (canonical owner order, then type, then
    // file order): one pass over it finds the owners with a CNAME and what else they hold.
    std::vector<const Record*> list, others;
    for (std::size_t n = 0; n < z->owner_count(); ++n) {
      // An owner with a single record (most of them) has nothing to report, CNAME or not: it is
      // skipped from where the owners' runs start alone, before its types are read (each a
      // cache miss or two: 604k owners in the 1M-record bench zone), and without reading its
      // record (scattered over a large zone's records by owner order).
      const auto run = z->owner_run(n);
      if (run.size() < 2) continue;
      if (z->owner_run(n, rrtype::CNAME).empty()) continue;
      const NameView owner = z->owner(z->records[run.front()]);
      if (!in_zone(*z, z->records[run.front()])) continue;
      list.clear();
      others.clear();
      for (const std::uint32_t i : run) {
        const Record& r = z->records[i];
        if (r.type == rrtype::CNAME)
          list.push_back(&r);
        else if (!allowed_beside_cname(r.type))
          others.push_back(&r);
      }
      if (list.empty()) continue;
      std::sort(others.begin(), others.end());  // file order, as written
      const Record* cname = list.front();
      if (!others.empty()) {
        std::string types;
        for (const Record* o : others) {
          const std::string t = type_name(o->type);
          if (types.find(t) == std::string::npos) types += (types.empty() ? "" : ", ") + t;
        }
        Diagnostic d = make_finding(
            kCnameAndOtherData, *z, *cname, anchor_span(*z, *cname),
            quoted(owner) + " owns a CNAME and other data (" + types +
                "); a CNAME must be the only record at its name (RFC 1034 §3.6.2, RFC 2181 "
                "§10.1), and servers refuse to load the zone");
        for (const Record* o : others)
          add_note(d, anchor_span(*z, *o), type_name(o->type) + " record here");
        out.add(std::move(d));
      }
      // Two CNAMEs with different targets (exact copies are duplicate-record). Most owners
      // have one CNAME: no need to compare (or build) the keys.
      if (list.size() < 2) continue;
      std::vector<std::pair<std::string, const Record*>> distinct;
      std::set<std::string> keys;
      for (const Record* c : list) {
        if (c->has(kValueUnknown)) continue;
        std::string k = rrsets::canonical_rdata(*z, *c);
        if (keys.insert(k).second) distinct.emplace_back(std::move(k), c);
      }
      for (std::size_t i = 1; i < distinct.size(); ++i) {
        Diagnostic d = make_finding(kCnameAndOtherData, *z, *distinct[i].second,
                                    anchor_span(*z, *distinct[i].second),
                                    quoted(owner) +
                                        " owns more than one CNAME; a name can be "
                                        "an alias of one name only (RFC 2181 §10.1)");
        add_note(d, anchor_span(*z, *distinct[0].second), "first CNAME here");
        out.add(std::move(d));
      }
    }
  }
}

}  // namespace

const Rule kCnameAndOtherData{
    "cname-and-other-data",
    Severity::error,
    {},
    RuleDoc{
        "a name owns a CNAME and other data, or two CNAMEs",
        "Reports a name that owns a CNAME and any other record (RRSIG and NSEC aside, which "
        "DNSSEC puts beside a CNAME; also SIG and NXT from RFC 2535), and a name that owns "
        "two CNAMEs with different targets. The finding points at the CNAME's owner, the "
        "other records are related locations.",
        "A CNAME says the name is an alias: all its data lives at the target (RFC 1034 §3.6.2, "
        "RFC 2181 §10.1). BIND, Knot and NSD refuse to load such a zone. A CNAME at a name "
        "that also has MX (a common copy-paste of a provider's instructions) breaks mail.",
        "$ORIGIN example.com.\nmail  CNAME mail.provider.net.\nmail  MX    10 mx.provider.net.\n",
        "$ORIGIN example.com.\nmail  MX    10 mx.provider.net.\nmail  A     192.0.2.25\n",
        "",
        "RFC 1034 §3.6.2; RFC 2181 §10.1; RFC 4035 §2.5",
    },
    "records,alias",
    &check,
};

}  // namespace zl::rules
