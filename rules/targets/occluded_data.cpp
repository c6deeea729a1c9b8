// occluded-data: records below a delegation point (other than glue) or below a DNAME.
#include <algorithm>
#include <compare>
#include <unordered_set>
#include <vector>

#include "rules/registry.hpp"
#include "rules/targets/targets_common.hpp"

namespace zl::rules {

namespace {

// Types that belong at a delegation point in the parent zone (RFC 4035 §2.4, RFC 4034 §4.1).
bool parent_side(std::uint16_t t) {
  return t == rrtype::NS || t == rrtype::DS || t == rrtype::RRSIG || t == rrtype::NSEC;
}

// The NS hosts of a zone (their names as NS records give them), to tell glue by its owner.
using Hosts = std::unordered_set<NameView, NameHash>;

void report(const Zone& z, NameView owner, const std::vector<const Record*>& group, const Name& top,
            bool top_is_cut, const Hosts& hosts, Diagnostics& out) {
  const bool at_top = owner == top;
  if (at_top && !top_is_cut) return;  // beside a DNAME is fine (CNAME aside: another rule)
  const bool glue_name = top_is_cut && hosts.contains(owner);
  std::vector<const Record*> hidden;
  for (const Record* r : group) {
    if (at_top && parent_side(r->type)) continue;
    if (glue_name && (r->type == rrtype::A || r->type == rrtype::AAAA)) continue;
    hidden.push_back(r);
  }
  if (hidden.empty()) return;
  std::sort(hidden.begin(), hidden.end());  // file order
  std::string types;
  for (const Record* r : hidden) {
    const std::string t = type_name(r->type);
    if (types.find(t) == std::string::npos) types += (types.empty() ? "" : ", ") + t;
  }
  std::string msg;
  if (!top_is_cut) {
    msg = "records (" + types + ") at " + quoted(owner) + " are below the DNAME at " + quoted(top) +
          ", which redirects every name below it; they are never served (RFC 6672 §2.3)";
  } else if (at_top) {
    msg = "records (" + types + ") at the delegation point " + quoted(owner) +
          " are not authoritative: the child zone answers for this name, and the parent "
          "serves only NS, DS and glue (RFC 1034 §4.2.1)";
  } else {
    msg = "records (" + types + ") at " + quoted(owner) + " are below the delegation to " +
          quoted(top) +
          " and are not glue: the child zone answers for them, so they are never served "
          "(RFC 1034 §4.2.1)";
  }
  const Record& first = *hidden.front();
  Diagnostic d = make_finding(kOccludedData, z, first, anchor_span(z, first), msg);
  if (!at_top) {
    const auto at = z.records_at(top, top_is_cut ? rrtype::NS : rrtype::DNAME);
    if (!at.empty())
      add_note(d, anchor_span(z, z.records[at.front()]),
               top_is_cut ? "delegation (NS) defined here" : "DNAME defined here");
  }
  out.add(std::move(d));
}

void check(const RuleContext& ctx, Diagnostics& out) {
  for (const Zone* z : ctx.zones()) {
    // The tops that hide what is below them: delegation points and DNAME owners, in canonical
    // order (an ancestor before its descendants). Only their sub-trees are walked.
    std::vector<std::pair<Name, bool>> tops;  // name, is a delegation point
    for (const Name& c : z->delegation_points()) tops.emplace_back(c, true);
    for (const Name& d : z->dname_owners())
      if (!std::binary_search(z->delegation_points().begin(), z->delegation_points().end(), d))
        tops.emplace_back(d, false);
    if (tops.empty()) continue;
    // (Without DNAME owners, the delegation points alone are in canonical order already.)
    if (!z->dname_owners().empty())
      std::sort(tops.begin(), tops.end(),
                [](const auto& a, const auto& b) { return a.first < b.first; });
    // The NS hosts of the zone: address records at them are glue. In a hash set (of views of
    // the names), asked about each owner below a delegation point: a sorted list cost a sort
    // and a binary search each, of canonical comparisons (thousands of delegations in the
    // 1M-record bench zone).
    std::vector<Name> host_names;
    for (const std::uint32_t i : z->records_of_type(rrtype::NS)) {
      const Record& r = z->records[i];
      if (!r.has(kValueUnknown) && in_zone(*z, r))
        if (auto t = as_name_target(*z, r); t && z->contains(t->target))
          host_names.push_back(std::move(t->target));
    }
    const Hosts hosts(host_names.begin(), host_names.end());  // views of host_names, now fixed

    const auto& idx = z->sorted();
    const Name* last = nullptr;
    for (const auto& [top, is_cut] : tops) {
      if (last && top.is_subdomain_of(*last)) continue;  // inside a sub-tree already walked
      last = &top;
      // Where the sub-tree starts in canonical order: at the top's own records (a delegation
      // point or DNAME owner owns some), a view into sorted() found by one owner lookup instead
      // of a binary search of the whole index (some 20 probes, each a record and a name far
      // apart in memory).
      const auto run = z->owner_records(top);
      auto k = static_cast<std::size_t>(
          !run.empty()
              ? run.data() - idx.data()
              : std::lower_bound(idx.begin(), idx.end(), top, [z](std::uint32_t i, const Name& n) {
                  return std::is_lt(
                      Name::canonical_compare(z->owner(z->records[i]).wire(), n.wire()));
                }) - idx.begin());
      while (k < idx.size() && z->owner(z->records[idx[k]]).is_subdomain_of(top)) {
        const NameView owner = z->owner(z->records[idx[k]]);
        std::vector<const Record*> group;
        while (k < idx.size() && z->owner(z->records[idx[k]]) == owner)
          group.push_back(&z->records[idx[k++]]);
        report(*z, owner, group, top, is_cut, hosts, out);
      }
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
