// spf-ptr: the `ptr` mechanism or the `%{p}` macro.
#include "rules/registry.hpp"
#include "rules/spf/spf_record.hpp"

namespace zl::rules {

namespace {

void check(const RuleContext& ctx, Diagnostics& out) {
  for (const auto& set : spf::spf_sets(ctx)) {
    for (const auto& rec : set.records) {
      if (rec.parsed.permerror()) continue;
      const std::string_view text = rec.text();
      for (const auto& t : rec.parsed.terms) {
        if (t.kind == spf::Kind::ptr) {
          out.add(make_finding(
              kSpfPtr, *rec.zone, *rec.record, rec.term_span(t),
              "'" + std::string(spf::term_text(text, t)) + "' in the SPF record of " +
                  quoted(set.owner) +
                  ": the ptr mechanism SHOULD NOT be used (RFC 7208 §5.5); it is slow, "
                  "unreliable and some receivers skip it. List the hosts with ip4:, ip6:, a "
                  "or include instead"));
          continue;
        }
        // %{p} / %{P} in an argument.
        for (std::uint32_t i = t.arg_begin; i + 2 < t.arg_end; ++i) {
          if (text[i] != '%' || text[i + 1] != '{') {
            if (text[i] == '%') ++i;  // skip "%%", "%_", "%-"
            continue;
          }
          if (text[i + 2] != 'p' && text[i + 2] != 'P') continue;
          std::uint32_t j = i + 2;
          while (j < t.arg_end && text[j] != '}') ++j;
          const std::uint32_t end = std::min<std::uint32_t>(j + 1, t.arg_end);
          out.add(make_finding(
              kSpfPtr, *rec.zone, *rec.record, rec.span(i, end),
              "macro '" + std::string(text.substr(i, end - i)) + "' in the SPF record of " +
                  quoted(set.owner) +
                  " expands to the sender's validated reverse-DNS name, which SHOULD NOT be "
                  "used (RFC 7208 §7.3, §5.5): it costs reverse and forward lookups and is "
                  "often 'unknown'"));
          break;
        }
      }
    }
  }
}

}  // namespace

const Rule kSpfPtr{
    "spf-ptr",
    Severity::warning,
    {},
    RuleDoc{
        "the `ptr` mechanism or the `%{p}` macro (do not use)",
        "Reports every `ptr` mechanism of an SPF record, and every `%{p}` macro in a term's "
        "argument.",
        "RFC 7208 §5.5: \"This mechanism SHOULD NOT be used.\" It makes receivers do a "
        "reverse lookup of the sender's address and forward lookups of the names found, which "
        "is slow, fails with broken reverse DNS, and puts load on the in-addr.arpa servers; "
        "some large receivers skip it, so the hosts it was meant to authorise fail SPF. `%{p}` "
        "has the same costs (§7.3).",
        "$ORIGIN example.com.\n@  TXT \"v=spf1 ptr -all\"\n",
        "$ORIGIN example.com.\n@  TXT \"v=spf1 ip4:192.0.2.0/24 -all\"\n",
        "",
        "RFC 7208 §5.5, §7.3",
    },
    "spf,mail",
    &check,
};

}  // namespace zl::rules
