// spf-syntax: the record is a permerror by its syntax.
#include "rules/registry.hpp"
#include "rules/spf/spf_record.hpp"

namespace zl::rules {

namespace {

void check(const RuleContext& ctx, Diagnostics& out) {
  for (const auto& set : spf::spf_sets(ctx)) {
    for (const auto& r : set.records) {
      for (const auto& e : r.parsed.errors) {
        const Span span = e.join ? r.join_span(e.join) : r.span(e.begin, e.end);
        std::string msg = "SPF record of " + quoted(set.owner) + ": " + e.message;
        if (e.permerror)
          msg +=
              "; receivers treat the whole record as a permerror (RFC 7208 §4.6) and mail "
              "from the domain fails SPF";
        Diagnostic d = make_finding(kSpfSyntax, *r.zone, *r.record, span, msg);
        if (!e.permerror) d.severity = Severity::warning;
        if (e.related_term)
          add_note(d, r.term_span(r.parsed.terms[*e.related_term]), "first one here");
        out.add(std::move(d));
      }
    }
  }
}

}  // namespace

const Rule kSpfSyntax{
    "spf-syntax",
    Severity::error,
    {},
    RuleDoc{
        "SPF record with a syntax error (a permerror for every receiver)",
        "Parses every SPF record (a TXT record whose strings, joined with no separator, start "
        "with `v=spf1` followed by a space or the end) with the grammar of RFC 7208 §4.6.1, §5, "
        "§6 and §7 and reports each term that does not conform: an unknown mechanism, a bad "
        "qualifier, a missing or empty argument, `all` with an argument, an invalid `ip4`/`ip6` "
        "address or prefix length, a domain-spec that does not end in a top-level label or a "
        "macro, a malformed macro (unknown letter, zero digit transformer, `c`/`r`/`t` outside "
        "explanation text), a second `redirect=` or `exp=`, and non-ASCII or control "
        "characters (an en dash pasted for `-all`, a tab between terms). The finding points at "
        "the bytes at fault inside the value. When the term is two terms glued together where "
        "two strings of the record were joined (`\"... ip4:192.0.2.1\" \"ip4:192.0.2.2 ...\"`), "
        "the finding points at the join and says so; when such a glued term happens to be "
        "valid (`include:a.example.cominclude:b.example.com`), it is reported as a warning. "
        "Unknown modifiers (`name=value`) are legal and not reported.",
        "A syntax error anywhere in the record, even after `all`, makes SPF evaluation end "
        "with permerror (RFC 7208 §4.6): the record is as good as absent, and DMARC sees an "
        "SPF failure for all your mail. Strings of a TXT record are joined with no space "
        "(RFC 7208 §3.3), so a long record split into strings must carry the spaces itself.",
        "$ORIGIN example.com.\n@  TXT  \"v=spf1 ip4:192.0.2.0/24\" \"include:_spf.google.com "
        "~all\"\n",
        "$ORIGIN example.com.\n@  TXT  \"v=spf1 ip4:192.0.2.0/24 \" \"include:_spf.google.com "
        "~all\"\n",
        "",
        "RFC 7208 §3.1, §3.3, §4.6, §4.6.1, §5, §6, §7.1",
    },
    "spf,mail,syntax",
    &check,
};

}  // namespace zl::rules
