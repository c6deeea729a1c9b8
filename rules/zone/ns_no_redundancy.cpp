// ns-no-redundancy: the zone is served by one name server.
#include <algorithm>
#include <set>

#include "rules/registry.hpp"
#include "rules/targets/targets_common.hpp"

namespace zl::rules {

namespace {

// The in-zone A and AAAA rdata of `host` (through a wildcard), or nullopt when it can't be
// known offline (outside the loaded zones, delegated, an alias, unknown values, none), looked up
// from zone `from` (the zone whose NS set it is).
std::optional<std::set<std::string>> address_set(const RuleContext& ctx, const Name& host,
                                                 const Zone& from) {
  const Resolution res = resolve(ctx, host, from);
  if (res.kind != Resolution::exists && res.kind != Resolution::wildcard) return std::nullopt;
  std::set<std::string> out;
  for (auto i : res.zone->records_at(res.source)) {
    const Record& r = res.zone->records[i];
    if (r.type == rrtype::CNAME) return std::nullopt;
    if (r.type != rrtype::A && r.type != rrtype::AAAA) continue;
    if (r.has(kValueUnknown)) return std::nullopt;
    out.insert(std::to_string(r.type) + ":" + std::string(res.zone->rdata(r)));
  }
  if (out.empty()) return std::nullopt;
  return out;
}

std::string addresses_text(const RuleContext& ctx, const Name& host, const Zone& from) {
  const Resolution res = resolve(ctx, host, from);
  std::string s;
  std::size_t n = 0;
  for (auto i : res.zone->records_at(res.source)) {
    const Record& r = res.zone->records[i];
    if (r.type != rrtype::A && r.type != rrtype::AAAA) continue;
    if (++n > 3) {
      s += ", ...";
      break;
    }
    const auto f = res.zone->field_text(r, 0, ctx.sources());
    s += (s.empty() ? "" : ", ") + std::string(f.empty() ? std::string_view("?") : f);
  }
  return s;
}

void check(const RuleContext& ctx, Diagnostics& out) {
  for (const Zone* z : ctx.zones()) {
    // Zone files only, as ns-missing: DNS-as-code front ends often leave the apex NS set to
    // the provider, and list none or part of it.
    if (z->format != InputFormat::zone || ctx.incomplete(*z)) continue;
    if (targets::local_only_zone(*z)) continue;  // `NS localhost.`: served locally on purpose
    std::vector<const Record*> ns;
    std::vector<Name> hosts;
    bool complete = true;
    for (auto i : z->records_at(z->origin, rrtype::NS)) {
      const Record& r = z->records[i];
      auto t = as_name_target(*z, r);
      if (r.has(kValueUnknown) || !t) {
        complete = false;
        break;
      }
      ns.push_back(&r);
      if (std::find(hosts.begin(), hosts.end(), t->target) == hosts.end())
        hosts.push_back(std::move(t->target));
    }
    if (!complete || ns.empty()) continue;  // no NS at all is ns-missing's
    const Record& first = *ns.front();
    if (hosts.size() == 1) {
      Diagnostic d = make_finding(
          kNsNoRedundancy, *z, first, field_span(ctx.sources(), *z, first, 0),
          "zone " + quoted(z->origin) + " has a single name server " + quoted(hosts.front()) +
              "; while it is unreachable the whole zone is unresolvable. Add a second name "
              "server, on another network (RFC 1034 §4.1, RFC 2182 §5)");
      for (std::size_t i = 1; i < ns.size(); ++i)
        add_note(d, field_span(ctx.sources(), *z, *ns[i], 0), "same host here");
      out.add(std::move(d));
      continue;
    }
    std::optional<std::set<std::string>> common;
    bool same = true;
    for (const auto& h : hosts) {
      auto a = address_set(ctx, h, *z);
      if (!a || (common && *common != *a)) {
        same = false;
        break;
      }
      if (!common) common = std::move(a);
    }
    if (!same) continue;
    Diagnostic d = make_finding(
        kNsNoRedundancy, *z, first, field_span(ctx.sources(), *z, first, 0),
        "the " + std::to_string(hosts.size()) + " name servers of " + quoted(z->origin) +
            " all resolve to the same address (" + addresses_text(ctx, hosts.front(), *z) +
            "), so one machine serves the whole zone; give each name server its own address, "
            "on another network (RFC 2182 §5)");
    for (std::size_t i = 1; i < ns.size(); ++i)
      add_note(d, field_span(ctx.sources(), *z, *ns[i], 0),
               "name server with the same address here");
    out.add(std::move(d));
  }
}

}  // namespace

const Rule kNsNoRedundancy{
    "ns-no-redundancy",
    Severity::warning,
    {},
    RuleDoc{
        "the zone has a single name server",
        "Looks at the NS records at the apex of a zone file (DNS-as-code front ends often leave "
        "the apex NS set to the provider). It reports a zone with a single "
        "distinct name server host, and one whose hosts all resolve, in the loaded zones, to "
        "the same A and AAAA addresses. A zone served only locally, whose every apex NS host is "
        "`localhost.` or `.` (response policy zones, RFC 6303's locally served zones), is not "
        "reported. Hosts whose addresses are not in a loaded zone are "
        "never assumed to share one. A zone without NS is ns-missing's; delegations to child "
        "zones are not looked at (the child's own apex is).",
        "RFC 1034 §4.1 requires at least two name servers for every zone and RFC 2182 §5 "
        "asks for them to be on separate networks: while the only server is down or "
        "unreachable, every name in the zone fails to resolve, mail included. Two names for "
        "one address look redundant but are not.",
        "$ORIGIN example.com.\n@    NS  ns1\nns1  A   192.0.2.53\n",
        "$ORIGIN example.com.\n@    NS  ns1\n@    NS  ns2.example.net.\nns1  A   192.0.2.53\n",
        "",
        "RFC 1034 §4.1; RFC 2182 §5",
    },
    "ns,redundancy,zone",
    &check,
};

}  // namespace zl::rules
