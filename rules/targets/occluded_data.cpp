// occluded-data: records below a delegation point (other than glue) or below a DNAME.
#include <algorithm>

#include "rules/registry.hpp"
#include "rules/targets/targets_common.hpp"

namespace zl::rules {

namespace {

// Types that belong at a delegation point in the parent zone (RFC 4035 §2.4, RFC 4034 §4.1).
bool parent_side(std::uint16_t t) {
  return t == rrtype::NS || t == rrtype::DS || t == rrtype::RRSIG || t == rrtype::NSEC;
}

void check(const RuleContext& ctx, Diagnostics& out) {
  for (const Zone* z : ctx.zones()) {
    const auto& idx = z->sorted();
    // The NS hosts of the zone, sorted: address records at them are glue.
    std::vector<Name> hosts;
    for (const Record& r : z->records)
      if (r.type == rrtype::NS && !r.has(kValueUnknown) && in_zone(*z, r))
        if (auto t = as_name_target(*z, r); t && z->contains(t->target))
          hosts.push_back(std::move(t->target));
    std::sort(hosts.begin(), hosts.end());
    auto is_glue_host = [&](const Name& n) {
      return std::binary_search(hosts.begin(), hosts.end(), n);
    };

    // Walk the canonical order: a sub-tree is one contiguous run after its top name.
    std::optional<Name> cut, dname;
    const Record* cut_rec = nullptr;
    const Record* dname_rec = nullptr;
    std::size_t k = 0;
    while (k < idx.size()) {
      const Name& owner = z->records[idx[k]].owner;
      std::size_t e = k + 1;
      while (e < idx.size() && z->records[idx[e]].owner == owner) ++e;
      const std::size_t lo = k;
      k = e;
      if (!z->contains(owner)) continue;
      const bool below_cut = cut && owner.is_subdomain_of(*cut);
      const bool below_dname = !below_cut && dname && owner.is_subdomain_of(*dname);
      if (!below_cut) cut.reset();
      if (!below_dname) dname.reset();
      bool at_cut = false;
      if (!below_cut && !below_dname && !(owner == z->origin)) {
        for (std::size_t j = lo; j < e; ++j) {
          const Record& r = z->records[idx[j]];
          if (r.type == rrtype::NS) {
            at_cut = true;
            cut = owner;
            cut_rec = &r;
            break;
          }
        }
      }
      if (!below_cut && !below_dname && !at_cut) {
        for (std::size_t j = lo; j < e; ++j) {
          const Record& r = z->records[idx[j]];
          if (r.type == rrtype::DNAME) {
            dname = owner;
            dname_rec = &r;
            break;
          }
        }
        continue;
      }
      // Which records of this owner are never served?
      const bool glue_name = !below_dname && is_glue_host(owner);
      std::vector<const Record*> hidden;
      for (std::size_t j = lo; j < e; ++j) {
        const Record& r = z->records[idx[j]];
        if (at_cut && parent_side(r.type)) continue;
        if (glue_name && (r.type == rrtype::A || r.type == rrtype::AAAA)) continue;
        hidden.push_back(&r);
      }
      if (hidden.empty()) continue;
      std::sort(hidden.begin(), hidden.end());  // file order
      std::string types;
      for (const Record* r : hidden) {
        const std::string t = type_name(r->type);
        if (types.find(t) == std::string::npos) types += (types.empty() ? "" : ", ") + t;
      }
      std::string msg;
      if (below_dname) {
        msg = "records (" + types + ") at " + quoted(owner) + " are below the DNAME at " +
              quoted(*dname) +
              ", which redirects every name below it; they are never served (RFC 6672 §2.3)";
      } else if (at_cut) {
        msg = "records (" + types + ") at the delegation point " + quoted(owner) +
              " are not authoritative: the child zone answers for this name, and the parent "
              "serves only NS, DS and glue (RFC 1034 §4.2.1)";
      } else {
        msg = "records (" + types + ") at " + quoted(owner) + " are below the delegation to " +
              quoted(*cut) +
              " and are not glue: the child zone answers for them, so they are never served "
              "(RFC 1034 §4.2.1)";
      }
      const Record& first = *hidden.front();
      Diagnostic d = make_finding(kOccludedData, *z, first, anchor_span(first), msg);
      if (below_dname)
        add_note(d, anchor_span(*dname_rec), "DNAME defined here");
      else if (!at_cut)
        add_note(d, anchor_span(*cut_rec), "delegation (NS) defined here");
      out.add(std::move(d));
    }
  }
}

}  // namespace

const Rule kOccludedData{
    "occluded-data",
    Severity::warning,
    {},
    RuleDoc{
        "records below a delegation (other than glue) or below a DNAME are never served",
        "Walks each zone in canonical order. At a delegation point (an NS owner other than the "
        "apex), only NS, DS, RRSIG, NSEC and glue belong to the parent zone; below it, only "
        "glue: A and AAAA records of names that an NS record of the zone names as its host. "
        "Below a DNAME owner nothing belongs. Everything else is reported, one finding per "
        "owner name listing its types, with a note at the NS or DNAME that hides it.",
        "Servers never answer from occluded data: a query below a delegation gets a referral "
        "to the child, and a query below a DNAME gets the synthesised CNAME. The records look "
        "live in the zone file but are not, usually after a sub-domain was delegated and its "
        "old records were left behind. Knot refuses a zone with records below a DNAME.",
        "$ORIGIN example.com.\nsub      NS  ns1.example.net.\nwww.sub  A   192.0.2.80\n",
        "$ORIGIN example.com.\nsub      NS  ns.sub\nns.sub   A   192.0.2.53\n",
        "",
        "RFC 1034 §4.2.1; RFC 2181 §6.1; RFC 6672 §2.3; RFC 9471",
    },
    "delegation,dname,zone",
    &check,
};

}  // namespace zl::rules
