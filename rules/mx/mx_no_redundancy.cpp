// mx-no-redundancy: one machine takes all the mail.
#include <algorithm>
#include <iterator>
#include <utility>

#include "rules/live/live_common.hpp"
#include "rules/mx/mx_common.hpp"
#include "rules/mx/mx_providers.hpp"
#include "rules/registry.hpp"
#include "rules/targets/targets_common.hpp"

namespace zl::rules {

namespace {

constexpr std::string_view kOption = "single-mx-hosts";

std::string addresses_text(const RuleContext& ctx, NameView name, const Zone& from) {
  const Resolution res = resolve(ctx, Name(name), from);
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

std::string validate_pattern(std::string_view v) {
  return mx::host_pattern_valid(v) ? ""
                                   : "not a host pattern (labels, optionally starting with "
                                     "'*.'; '*' and '?' match within a label)";
}

// Would a target rule (mx-target-ip, missing-trailing-dot, mx-target-no-address,
// mx-target-cname) report this record's exchange? Then the exchange is a mistake of its own,
// and mx-no-redundancy says nothing about it: one finding per mistake. Mirrors those rules'
// tests, live mode included.
bool target_rule_reports(const RuleContext& ctx, const mx::ExchangeResolutions& resolutions,
                         const mx::MxRecord& m) {
  if (mx::exchange_is_ip(ctx, m)) return true;
  if (targets::doubled_origin(ctx, *m.zone, *m.rec, 1)) return true;  // missing-trailing-dot
  const NameView ex = m.data.exchange;
  const mx::ExchangeResolution res = resolutions.of(m);
  switch (res.kind) {
    case Resolution::nxdomain:
      return !ctx.incomplete(*res.zone);  // mx-target-no-address (unless records may be missing)
    case Resolution::below_dname:         // an alias: mx-target-cname
      return true;
    case Resolution::exists:
    case Resolution::wildcard:
      if (res.in_zone_cname()) return true;  // mx-target-cname
      if (ctx.incomplete(*res.zone)) return false;
      return !res.has_address();  // mx-target-no-address
    case Resolution::outside: {
      const live::LiveTarget t = live::address_of(ctx, Name(ex));
      return t.kind == live::LiveTarget::nxdomain || t.kind == live::LiveTarget::no_address ||
             t.kind == live::LiveTarget::alias;
    }
    case Resolution::delegated:
      return false;
  }
  return false;
}

// One finding per zone and exchange set: the first owner (canonical order, so the apex before
// its subdomains and wildcards) carries it, the other owners are notes.
struct Group {
  const Zone* zone = nullptr;
  std::vector<NameView> exchanges;  // sorted, distinct; views of the MX memo's names
  bool same_address = false;        // several exchanges, one address set
  std::vector<const mx::MxSet*> sets;
};

constexpr std::size_t kMaxOwnerNotes = 10;

void check(const RuleContext& ctx, Diagnostics& out) {
  const auto& sets = mx::mx_sets(ctx);
  const mx::ExchangeResolutions& resolutions = mx::exchange_resolutions(ctx);
  std::vector<Group> groups;
  std::vector<const mx::MxRecord*> distinct;  // a record of each distinct exchange
  for (const auto& set : sets) {
    if (!set.complete) continue;
    // A parse error may have dropped an MX of this owner: conclude nothing from the rest.
    if (ctx.incomplete(*set.zone)) continue;
    // The distinct exchanges, as pointers into the set: copies are made only for a set that
    // joins a group.
    distinct.clear();
    bool has_null = false;
    bool target_mistake = false;
    for (const auto& m : set.records()) {
      has_null = has_null || m.data.is_null();
      if (std::none_of(distinct.begin(), distinct.end(),
                       [&](const mx::MxRecord* d) { return d->data.exchange == m.data.exchange; }))
        distinct.push_back(&m);
    }
    if (has_null) continue;  // a null MX with company is mx-null-mixed's finding
    if (set.records().empty()) continue;
    bool same_address = false;
    if (distinct.size() == 1) {
      for (const auto& m : set.records())
        target_mistake = target_mistake || target_rule_reports(ctx, resolutions, m);
      if (target_mistake) continue;  // the target rules report the exchange
      const auto& extra = ctx.option(*set.zone, kMxNoRedundancy.id, kOption);
      if (!mx::single_mx_provider(distinct.front()->data.exchange, extra).empty()) continue;
    } else {
      // Every distinct exchange has the A and AAAA addresses of the first, all of known value
      // (ExchangeResolution::same_addresses; none are known of a name outside the loaded
      // zones, delegated or below a DNAME), looked up from the set's zone.
      if (!std::all_of(distinct.begin(), distinct.end(),
                       [&](const mx::MxRecord* d) { return resolutions.of(*d).same_addresses; }))
        continue;
      same_address = true;
    }
    std::vector<NameView> key;
    key.reserve(distinct.size());
    for (const mx::MxRecord* d : distinct) key.push_back(d->data.exchange);
    std::sort(key.begin(), key.end());
    auto g = std::find_if(groups.begin(), groups.end(),
                          [&](const Group& x) { return x.zone == set.zone && x.exchanges == key; });
    if (g == groups.end()) {
      groups.push_back(Group{set.zone, std::move(key), same_address, {}});
      g = std::prev(groups.end());
    }
    g->sets.push_back(&set);
  }

  for (const auto& g : groups) {
    const mx::MxSet& set = *g.sets.front();
    const mx::MxRecord& first = set.records().front();
    std::string others;
    if (g.sets.size() > 1)
      others = " (" + std::to_string(g.sets.size() - 1) + " other owner" +
               (g.sets.size() == 2 ? " has" : "s have") + " the same MX set)";
    std::string message;
    if (!g.same_address) {
      message = "MX set of " + quoted(set.owner) + " has a single exchange " +
                quoted(first.data.exchange) + others +
                "; while it is down, mail waits in senders' queues and bounces after days. Add "
                "a second exchange on another machine, or list a provider host that fails over "
                "by itself in `" +
                std::string(kOption) + "`";
    } else {
      message = "the " + std::to_string(g.exchanges.size()) + " exchanges of " + quoted(set.owner) +
                " all resolve to the same address (" +
                addresses_text(ctx, first.data.exchange, *set.zone) + ")" + others +
                ", so one machine takes all the mail; give the backup exchange its own address";
    }
    Diagnostic d = make_finding(kMxNoRedundancy, *set.zone, *first.rec,
                                mx::exchange_span(ctx, first), message);
    for (std::size_t i = 1; i < set.records().size(); ++i)
      add_note(d, mx::exchange_span(ctx, set.records()[i]),
               g.same_address ? "exchange with the same address here" : "same exchange here");
    for (std::size_t i = 1; i < g.sets.size(); ++i) {
      const mx::MxSet& o = *g.sets[i];
      if (i > kMaxOwnerNotes) {
        add_note(d, mx::exchange_span(ctx, o.records().front()),
                 "and " + std::to_string(g.sets.size() - 1 - kMaxOwnerNotes) + " more");
        break;
      }
      add_note(d, mx::exchange_span(ctx, o.records().front()),
               "the same MX set at " + quoted(o.owner));
    }
    out.add(std::move(d));
  }
}

constexpr RuleOptionSpec kOptions[] = {
    {kOption,
     "Extra host patterns that fail over by themselves, so that a single MX pointing at them "
     "is fine: `mx.example.net`, or `*.mx.example.net` for any name below it (`*` and `?` "
     "inside a label match within it).",
     &validate_pattern},
};

}  // namespace

const Rule kMxNoRedundancy{
    "mx-no-redundancy",
    Severity::warning,
    {},
    RuleDoc{
        "all mail for a name goes to one machine",
        "Looks at each owner's MX set. It reports a set with a single "
        "distinct exchange (however many preferences point at it), and a set whose exchanges "
        "all resolve, in the loaded zones, to the same A and AAAA addresses. There is no "
        "finding when the single exchange is a provider host that fails over by itself: "
        "Microsoft 365 (`*.mail.protection.outlook.com`, `*.mx.microsoft`), Google "
        "Workspace's single `smtp.google.com`, Amazon SES inbound "
        "(`inbound-smtp.<region>.amazonaws.com`) and custom MAIL FROM domains "
        "(`feedback-smtp.<region>.amazonses.com`), Postmark inbound, SendGrid Inbound Parse, "
        "Yandex 360, Tucows/OpenSRS Hosted Email (`mx.<domain>.cust.<cluster>.hostedemail.com`) "
        "and HyperOffice (the table is rules/mx/providers.inc, with the providers' "
        "documentation). Exchanges outside the loaded zones are never assumed to share an "
        "address. An owner with a null MX is left to mx-null-mixed.\n\n"
        "One finding per mistake: an exchange that mx-target-no-address, mx-target-cname, "
        "mx-target-ip or missing-trailing-dot reports (a name that does not exist, has no "
        "address, is an alias, an address or lost its final dot) gives no mx-no-redundancy "
        "finding. Owners of one zone with the same exchange set share one finding, at the "
        "first owner in canonical order (the apex before its subdomains), with the other "
        "owners as notes (the first ten, then a count); so subdomains, a wildcard MX and a "
        "host's own `host MX 10 host` that repeat the apex's exchange fold into the apex's "
        "finding. No finding in a zone with parse errors: an MX of the owner may have been "
        "lost, and the parse-error comes first.",
        "While the only exchange is down or unreachable, senders queue the mail and retry; "
        "after some days (RFC 5321 §4.5.4.1) it bounces. A second exchange on another machine "
        "keeps mail flowing. Two names for one address look redundant but are not.",
        "$ORIGIN example.com.\n@     MX 10 mail\nmail  A  192.0.2.25\n",
        "$ORIGIN example.com.\n@     MX 10 mail\n@     MX 20 backup\nmail  A  192.0.2.25\n"
        "backup A 198.51.100.25\n",
        "`single-mx-hosts`: a list of host patterns to accept as a single MX, added to the "
        "built-in providers. Example:\n\n    rules:\n      mx-no-redundancy:\n"
        "        single-mx-hosts: [\"mx.example.net\", \"*.mx.example.org\"]\n",
        "RFC 5321 §5.1, §4.5.4.1",
    },
    "mx,mail,redundancy",
    &check,
    kOptions,
};

}  // namespace zl::rules
