// mx-duplicate-preference: distinct exchanges share a preference.
#include <map>
#include <set>

#include "lint/psl.hpp"
#include "rules/mx/mx_common.hpp"
#include "rules/mx/mx_providers.hpp"
#include "rules/registry.hpp"

namespace zl::rules {

namespace {

void check(const RuleContext& ctx, Diagnostics& out) {
  for (const auto& set : mx::mx_sets(ctx)) {
    std::map<std::uint16_t, std::vector<const mx::MxRecord*>> by_pref;
    for (const auto& m : set.records())
      if (!m.data.is_null()) by_pref[m.data.preference].push_back(&m);
    for (const auto& [pref, group] : by_pref) {
      // Distinct exchanges, first occurrence of each in file order.
      std::vector<const mx::MxRecord*> distinct;
      for (const auto* m : group) {
        bool seen = false;
        for (const auto* d : distinct) seen = seen || d->data.exchange == m->data.exchange;
        if (!seen) distinct.push_back(m);
      }
      if (distinct.size() < 2) continue;
      // A provider's own multi-MX set: equal preferences are its design.
      const std::string_view provider = mx::mx_set_provider(distinct.front()->data.exchange);
      bool known = !provider.empty();
      for (const auto* d : distinct)
        known = known && mx::mx_set_provider(d->data.exchange) == provider;
      if (known) continue;

      std::set<std::string> domains;
      for (const auto* d : distinct) domains.insert(ctx.psl().registrable_domain(d->data.exchange));
      std::string names;
      for (std::size_t i = 0; i < distinct.size(); ++i)
        names += (i ? ", " : "") + quoted(distinct[i]->data.exchange);
      // An exchange that shares its registrable domain with a provider's published host but
      // is not one of them is most likely a typo of it (`atl1.aspmx.l.google.com`).
      const mx::MxRecord* suspect = nullptr;
      std::string_view suspect_provider;
      for (const auto* d : distinct) {
        if (!mx::mx_set_provider(d->data.exchange).empty()) continue;
        const std::string dom = ctx.psl().registrable_domain(d->data.exchange);
        for (const auto* k : distinct) {
          const std::string_view p = mx::mx_set_provider(k->data.exchange);
          if (!p.empty() && ctx.psl().registrable_domain(k->data.exchange) == dom) {
            suspect = d;
            suspect_provider = p;
            break;
          }
        }
        if (suspect) break;
      }
      const mx::MxRecord& at = suspect ? *suspect : *distinct[1];
      Diagnostic d =
          make_finding(kMxDuplicatePreference, *set.zone, *at.rec, mx::exchange_span(ctx, at), "");
      if (suspect) {
        d.message = "exchanges " + names + " of " + quoted(set.owner) + " share preference " +
                    std::to_string(pref) + ", and " + quoted(suspect->data.exchange) +
                    " is not one of " + std::string(suspect_provider) +
                    "'s published MX hosts though it is in the same domain: check it for a "
                    "typo (rules/mx/providers.inc lists the hosts)";
      } else if (domains.size() == 1) {
        d.severity = Severity::info;
        d.message = "exchanges " + names + " of " + quoted(set.owner) + " share preference " +
                    std::to_string(pref) + " within one registrable domain ('" + *domains.begin() +
                    "'): senders split the mail between them at random, which is load "
                    "balancing inside one operator (RFC 5321 §5.1)";
      } else {
        std::string doms;
        for (const auto& s : domains) doms += (doms.empty() ? "'" : ", '") + s + "'";
        d.message = "exchanges " + names + " of " + quoted(set.owner) + " share preference " +
                    std::to_string(pref) + " but belong to different registrable domains (" + doms +
                    "): senders split the mail between them at random, so a backup or a "
                    "second provider takes part of the primary traffic; give the backup a "
                    "higher preference (RFC 5321 §5.1)";
      }
      for (const auto* o : group)
        if (o != &at) add_note(d, mx::exchange_span(ctx, *o), "same preference here");
      out.add(std::move(d));
    }
  }
}

}  // namespace

const Rule kMxDuplicatePreference{
    "mx-duplicate-preference",
    Severity::warning,
    {},
    RuleDoc{
        "distinct exchanges share one preference (warning across operators, info within one)",
        "Groups each owner's MX records by preference and reports a preference shared by two "
        "or more distinct exchanges. Severity depends on who runs them: a warning when the "
        "exchanges belong to different registrable domains (the Public Suffix List's ICANN "
        "rules via libpsl: `mx.example.net` and `backup.example.org`), info when they share "
        "one (`mx1.example.net` and `mx2.example.net`: load balancing inside one operator). "
        "No finding when all the exchanges belong to one provider's documented multi-MX set "
        "(Google Workspace's five records, Mailgun, iCloud, Mimecast, Proofpoint Essentials: "
        "rules/mx/providers.inc). When an exchange shares its registrable domain with such a "
        "provider host but is not one of the published hosts (`atl1.aspmx.l.google.com` "
        "next to `alt2.aspmx.l.google.com`), the finding is a warning that points at it as a "
        "likely typo. Otherwise the finding points at the second exchange; the others are "
        "related locations.",
        "Senders pick at random among exchanges of equal preference (RFC 5321 §5.1). A "
        "backup server or a second provider listed at the primary's preference receives part "
        "of the everyday traffic, which it may only be set up to queue, or to reject. Within "
        "one operator this is often deliberate, hence info.",
        "$ORIGIN example.com.\n@  MX 10 mx.provider.net.\n@  MX 10 backup.isp.example.\n",
        "$ORIGIN example.com.\n@  MX 10 mx.provider.net.\n@  MX 20 backup.isp.example.\n",
        "",
        "RFC 5321 §5.1",
    },
    "mx,mail,preference",
    &check,
};

}  // namespace zl::rules
