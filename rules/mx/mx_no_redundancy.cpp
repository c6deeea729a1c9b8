// mx-no-redundancy: one machine takes all the mail.
#include <algorithm>
#include <set>

#include "rules/mx/mx_common.hpp"
#include "rules/mx/mx_providers.hpp"
#include "rules/registry.hpp"

namespace zl::rules {

namespace {

constexpr std::string_view kOption = "single-mx-hosts";

// The in-zone A and AAAA rdata of `name` (through a wildcard), or nullopt when it can't be
// known offline (outside the loaded zones, delegated, an alias, unknown values).
std::optional<std::set<std::string>> address_set(const RuleContext& ctx, const Name& name) {
  const Resolution res = resolve(ctx, name);
  if (res.kind != Resolution::exists && res.kind != Resolution::wildcard) return std::nullopt;
  std::set<std::string> out;
  for (auto i : res.zone->records_at(res.source)) {
    const Record& r = res.zone->records[i];
    if (r.type != rrtype::A && r.type != rrtype::AAAA) continue;
    if (r.has(kValueUnknown)) return std::nullopt;
    out.insert(std::to_string(r.type) + ":" + std::string(res.zone->rdata(r)));
  }
  if (out.empty()) return std::nullopt;
  return out;
}

std::string addresses_text(const RuleContext& ctx, const Name& name) {
  const Resolution res = resolve(ctx, name);
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

void check(const RuleContext& ctx, Diagnostics& out) {
  for (const auto& set : mx::mx_sets(ctx)) {
    if (!set.complete) continue;
    std::vector<const mx::MxRecord*> real;
    std::vector<Name> distinct;
    bool has_null = false;
    for (const auto& m : set.records) has_null = has_null || m.data.is_null();
    if (has_null) continue;  // a null MX with company is mx-null-mixed's finding
    for (const auto& m : set.records) {
      real.push_back(&m);
      if (std::find(distinct.begin(), distinct.end(), m.data.exchange) == distinct.end())
        distinct.push_back(m.data.exchange);
    }
    if (real.empty()) continue;
    const mx::MxRecord& first = *real.front();
    if (distinct.size() == 1) {
      const auto& extra = ctx.option(*set.zone, kMxNoRedundancy.id, kOption);
      if (!mx::single_mx_provider(distinct.front(), extra).empty()) continue;
      Diagnostic d = make_finding(
          kMxNoRedundancy, *set.zone, *first.rec, mx::exchange_span(first),
          "MX set of " + quoted(set.owner) + " has a single exchange " + quoted(distinct.front()) +
              "; while it is down, mail waits in senders' queues and bounces after days. Add "
              "a second exchange on another machine, or list a provider host that fails over "
              "by itself in `" +
              std::string(kOption) + "`");
      for (std::size_t i = 1; i < real.size(); ++i)
        add_note(d, mx::exchange_span(*real[i]), "same exchange here");
      out.add(std::move(d));
      continue;
    }
    std::optional<std::set<std::string>> common;
    bool same = true;
    for (const auto& ex : distinct) {
      auto a = address_set(ctx, ex);
      if (!a) {
        same = false;
        break;
      }
      if (!common)
        common = std::move(a);
      else if (*common != *a)
        same = false;
      if (!same) break;
    }
    if (!same) continue;
    Diagnostic d = make_finding(
        kMxNoRedundancy, *set.zone, *first.rec, mx::exchange_span(first),
        "the " + std::to_string(distinct.size()) + " exchanges of " + quoted(set.owner) +
            " all resolve to the same address (" + addresses_text(ctx, distinct.front()) +
            "), so one machine takes all the mail; give the backup exchange its own address");
    for (std::size_t i = 1; i < real.size(); ++i)
      add_note(d, mx::exchange_span(*real[i]), "exchange with the same address here");
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
        "(`feedback-smtp.<region>.amazonses.com`), Postmark inbound, SendGrid Inbound Parse and "
        "Yandex 360 (the table is rules/mx/providers.inc, with the providers' documentation). "
        "Exchanges outside the loaded zones are never assumed to share an address. An owner "
        "with a null MX is left to mx-null-mixed.",
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
