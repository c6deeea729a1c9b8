// soa-rname-invalid: the SOA mailbox is not a mailbox written as a name.
#include "rules/registry.hpp"
#include "rules/targets/targets_common.hpp"

namespace zl::rules {

namespace {

void check(const RuleContext& ctx, Diagnostics& out) {
  for (const Zone* z : ctx.zones()) {
    for (auto i : z->records_at(z->origin, rrtype::SOA)) {
      const Record& r = z->records[i];
      if (r.has(kValueUnknown)) continue;
      auto soa = as_soa(*z, r);
      if (!soa) continue;
      const Name& rn = soa->rname;
      const auto labels = rn.labels();
      std::string why;
      for (std::size_t k = 0; k < labels.size() && why.empty(); ++k) {
        const auto at = labels[k].find('@');
        if (at == std::string_view::npos) continue;
        // Suggest the mailbox with the '@' turned into a label separator.
        std::string local(labels[k].substr(0, at));
        std::string fixed;
        for (char c : local) {
          if (c == '.') fixed += '\\';
          fixed += c;
        }
        fixed += "." + std::string(labels[k].substr(at + 1));
        for (std::size_t j = k + 1; j < labels.size(); ++j) fixed += "." + std::string(labels[j]);
        fixed += ".";
        why =
            "contains '@'; the mailbox is written as a name, its '@' replaced by a dot: "
            "write '" +
            fixed + "'";
      }
      const bool at_sign = !why.empty();
      // The root alone is the usual "no mailbox given" (as RFC 1183 §2.2 has it for RP); a
      // single label is a mailbox without a mail domain.
      if (!at_sign && labels.size() == 1)
        why = "has a single label, so it names no mailbox (a local part, then a mail domain)";
      if (why.empty()) continue;
      out.add(make_finding(kSoaRnameInvalid, *z, r, field_span(ctx.sources(), *z, r, 1),
                           "SOA mailbox (RNAME) " + quoted(rn) + " " + why +
                               " (RFC 1035 §3.3.13, §8)" +
                               (at_sign ? "; Knot refuses the zone" : "")));
    }
  }
}

}  // namespace

const Rule kSoaRnameInvalid{
    "soa-rname-invalid",
    Severity::error,
    {},
    RuleDoc{
        "SOA RNAME is not a mailbox written as a name (an '@', or a single label)",
        "Checks the SOA's responsible-person field (RNAME): the mailbox `local@domain` must be "
        "written as a domain name, its first label the local part (`hostmaster.example.com.`; "
        "a dot inside the local part is escaped: `john\\.doe.example.com.`). It reports an "
        "RNAME with an `@` in it, and one of a single label, which names no mailbox; the root "
        "alone (`.`) is accepted as \"no mailbox given\". "
        "An RNAME that lost its final dot is missing-trailing-dot's.",
        "RFC 1035 §8 encodes the mailbox as a name; an `@` becomes part of a label, so the "
        "mailbox published is `dnsmaster@example.nl@...` or similar nonsense and mail about "
        "the zone goes nowhere. Knot refuses to load such a zone, BIND loads it.",
        "$ORIGIN example.nl.\n@  SOA  ns1 dnsmaster@example.nl. 1 14400 3600 1209600 300\n",
        "$ORIGIN example.nl.\n@  SOA  ns1 dnsmaster.example.nl. 1 14400 3600 1209600 300\n",
        "",
        "RFC 1035 §3.3.13, §8; RFC 2142 §7",
    },
    "soa,zone,syntax",
    &check,
};

}  // namespace zl::rules
