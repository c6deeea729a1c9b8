// spf-target-missing: an include or redirect target without an SPF record.
#include "rules/registry.hpp"
#include "rules/spf/spf_record.hpp"

namespace zl::rules {

namespace {

void check(const RuleContext& ctx, Diagnostics& out) {
  const auto& sets = spf::spf_sets(ctx);
  const auto& walks = spf::offline_walks(ctx);
  for (std::size_t si = 0; si < sets.size(); ++si) {
    const auto& set = sets[si];
    for (std::size_t ri = 0; ri < set.records.size(); ++ri) {
      const auto& rec = set.records[ri];
      if (rec.parsed.permerror()) continue;
      // The walk knows which includes are evaluated: those before `all` and before a term that
      // matches every sender, and `redirect` only without them.
      const spf::Walk* found = walks.find(si, ri);
      if (!found) continue;  // quiet: no target missing
      const spf::Walk& w = *found;
      for (const auto& m : w.missing) {
        if (m.node != 0 || m.multiple) continue;  // others: their own record's walk
        const auto& t = rec.parsed.terms[m.term];
        const std::string term(spf::term_text(rec.text(), t));
        const Span arg = rec.span(t.arg_begin, t.arg_end);
        const char* section = t.kind == spf::Kind::include ? "§5.2)" : "§6.1)";
        if (m.malformed) {
          out.add(make_finding(
              kSpfTargetMissing, *rec.zone, *rec.record, arg,
              "'" + term + "' in the SPF record of " + quoted(set.owner) +
                  " names a domain that is not a valid DNS name (an empty label or a label "
                  "over 63 octets), which has no SPF record: a permerror (RFC 7208 §4.3, " +
                  section));
          continue;
        }
        if (m.below) {
          out.add(make_finding(
              kSpfTargetMissing, *rec.zone, *rec.record, arg,
              "'" + term + "' in the SPF record of " + quoted(set.owner) +
                  ": the target depends on the sender, but every name it can expand to is "
                  "below " +
                  quoted(m.target) + ", which does not exist" +
                  (m.zone ? " in zone " + quoted(m.zone->origin) : std::string()) +
                  ", so no expansion has an SPF record: a permerror (RFC 7208 " + section));
          continue;
        }
        // The walk found it missing from the zone m.zone: ask that zone again (the run can hold
        // two copies of one zone).
        const spf::SpfAt at = spf::spf_at(ctx, m.target, spf::offline_resolver(), m.zone);
        std::string why;
        switch (at.answer.status) {
          case spf::Answer::nxdomain:
            why = "does not exist";
            break;
          case spf::Answer::nodata:
            why = "has no TXT record";
            break;
          default:
            why = "has TXT records, but none of them is an SPF record";
            break;
        }
        // Live mode: a target outside the loaded zones is missing by the network's answer.
        const ExternalAnswer* live = nullptr;
        if (!at.zone && ctx.external()) live = ctx.external()->lookup(m.target, rrtype::TXT);
        if (live && live->status == ExternalAnswer::nxdomain)
          why = "does not exist (NXDOMAIN, checked live)";
        else if (live)
          why = live->rdata.empty() ? "has no TXT record (checked live)"
                                    : "has TXT records, but none of them is an SPF record "
                                      "(checked live)";
        std::string msg = "'" + term + "' in the SPF record of " + quoted(set.owner) +
                          ": the target " + quoted(m.target) + " " + why +
                          (at.zone ? " in zone " + quoted(at.zone->origin) : std::string()) + ". ";
        msg += t.kind == spf::Kind::include
                   ? "An include of a domain without SPF is a permerror (RFC 7208 §5.2)"
                   : "A redirect to a domain without SPF is a permerror (RFC 7208 §6.1)";
        Diagnostic d = make_finding(kSpfTargetMissing, *rec.zone, *rec.record, arg, msg);
        for (const auto& [z, idx] : at.answer.loaded)
          add_note(d, rdata_span(ctx.sources(), *z, z->records[idx]),
                   "TXT record at the target, not SPF");
        out.add(std::move(d));
      }
    }
  }
}

}  // namespace

const Rule kSpfTargetMissing{
    "spf-target-missing",
    Severity::error,
    {},
    RuleDoc{
        "include or redirect target publishes no SPF record",
        "For each `include:` evaluated by an SPF record (those before `all` or another term "
        "that matches every sender) and its `redirect=` (when evaluation gets there), looks the "
        "target up in the loaded zones "
        "(through CNAMEs and wildcards) and reports it when the name does not exist, has no "
        "TXT record, or has only TXT records that are not SPF. The finding points at the "
        "target inside the term. A target built from the sender's macros "
        "(`include:%{l}._spf.%{d}`) is reported when its fixed part does not exist in its "
        "loaded zone (nothing below it can exist either). Targets outside the loaded zones or "
        "below a delegation are not judged offline; a target that is not a valid DNS name is "
        "always reported. With `--resolve` (live mode), a target outside the loaded zones is "
        "looked up and judged the same way, saying \"checked live\" (the record's own "
        "terms only, not those of included records outside the loaded zones).",
        "An include whose target has no SPF record is a permerror (RFC 7208 §5.2), and so is "
        "a redirect to one (§6.1): every message from the domain fails SPF, not only those "
        "the include was meant for. It usually comes from a typo in the target, or from "
        "removing the included record but not the include.",
        "$ORIGIN example.com.\n@     TXT \"v=spf1 include:_spf.example.com -all\"\n"
        "_spf1 TXT \"v=spf1 ip4:192.0.2.0/24 -all\"\n",
        "$ORIGIN example.com.\n@     TXT \"v=spf1 include:_spf1.example.com -all\"\n"
        "_spf1 TXT \"v=spf1 ip4:192.0.2.0/24 -all\"\n",
        "",
        "RFC 7208 §5.2, §6.1, §4.3",
    },
    "spf,mail",
    &check,
};

}  // namespace zl::rules
