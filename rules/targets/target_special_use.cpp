// target-special-use: a target under a special-use name that never resolves on the Internet.
#include "core/ascii.hpp"
#include "rules/registry.hpp"
#include "rules/targets/targets_common.hpp"

namespace zl::rules {

namespace {

// The field holding the target of the record types whose targets are looked up (PTR targets
// are not: nothing resolves them), or -1.
int target_field(std::uint16_t type) {
  switch (type) {
    case rrtype::NS:
    case rrtype::CNAME:
    case rrtype::DNAME:
      return 0;
    case rrtype::MX:
    case rrtype::SVCB:
    case rrtype::HTTPS:
      return 1;
    case rrtype::SRV:
      return 3;
    default:
      return -1;
  }
}

std::string why(const Name& suffix) {
  const std::string s = suffix.canonical_text();
  if (s == "invalid.") return "'.invalid' is guaranteed never to exist (RFC 6761 §6.4)";
  if (s == "localhost.") return "'localhost.' names the querier's own loopback (RFC 6761 §6.3)";
  if (s == "local.") return "'.local' is resolved only by multicast DNS on a link (RFC 6762)";
  if (s == "onion.") return "'.onion' names are reachable only through Tor (RFC 7686)";
  if (s == "test.") return "'.test' is reserved for testing and never delegated (RFC 6761 §6.2)";
  if (s == "alt.") return "'.alt' is reserved for non-DNS name systems (RFC 9476)";
  if (s == "home.arpa.") return "'home.arpa.' exists only inside home networks (RFC 8375)";
  return "'" + s + "' is reserved for private use and never delegated";
}

// Can the target of `r` (field `f`, after 2 * f octets of 16-bit numbers in each type that
// target_field knows) be below an unresolvable suffix? Every one of them ends in one of these
// labels, so a target whose last label is another is skipped without decoding the record's
// names (name_fields builds a vector of Names): most targets of a zone end in `com` or the
// like. Malformed rdata is skipped too (name_fields finds no name in it either); anything
// unusual (a compression pointer) gets the full look.
bool may_be_unresolvable(const Zone& z, const Record& r, int f) {
  const std::string_view w = z.rdata(r);
  std::size_t p = 2 * static_cast<std::size_t>(f), last = std::string_view::npos;
  while (p < w.size()) {
    const auto len = static_cast<unsigned char>(w[p]);
    if (len == 0) break;
    if (len > 63) return true;
    last = p;
    p += 1 + len;
  }
  if (p >= w.size()) return false;                   // runs past the rdata: malformed
  if (last == std::string_view::npos) return false;  // the root
  const std::string_view label = w.substr(last + 1, static_cast<unsigned char>(w[last]));
  for (const std::string_view tld :
       {"invalid", "localhost", "local", "onion", "test", "alt", "arpa", "internal"})
    if (iequals(label, tld)) return true;
  return false;
}

void check(const RuleContext& ctx, Diagnostics& out) {
  for (const Zone* z : ctx.zones()) {
    const auto zone_suffix = targets::unresolvable_suffix(z->origin);
    const bool local_only = targets::local_only_zone(*z);
    // The types target_field knows (the records of those types only, not the whole zone).
    for (const std::uint32_t i :
         records_of_types(*z, {rrtype::NS, rrtype::CNAME, rrtype::DNAME, rrtype::MX, rrtype::SVCB,
                               rrtype::HTTPS, rrtype::SRV})) {
      const Record& r = z->records[i];
      const int f = target_field(r.type);
      if (f < 0 || r.has(kValueUnknown)) continue;
      // The rdata first, which nearly every target's last label settles: the owner (another
      // array) is read for the few left.
      if (!may_be_unresolvable(*z, r, f) || !in_zone(*z, r)) continue;
      // A zone served only locally (a response policy zone, RFC 6303's locally served zones)
      // names `localhost.` as its name server on purpose.
      if (local_only && r.type == rrtype::NS && z->owner(r) == z->origin) continue;
      for (const auto& nf : targets::name_fields(*z, r)) {
        if (static_cast<int>(nf.field) != f || nf.name.is_root()) continue;
        const auto suffix = targets::unresolvable_suffix(nf.name);
        if (!suffix) continue;
        // A zone under that name (a `.local` or `home.arpa` zone) may point inside it.
        if (zone_suffix && *zone_suffix == *suffix) continue;
        out.add(make_finding(kTargetSpecialUse, *z, r, field_span(ctx.sources(), *z, r, nf.field),
                             type_name(r.type) + " target " + quoted(nf.name) +
                                 " can never resolve on the Internet: " + why(*suffix)));
      }
    }
  }
}

}  // namespace

const Rule kTargetSpecialUse{
    "target-special-use",
    Severity::warning,
    {},
    RuleDoc{
        "a target lies under a special-use name that never resolves on the Internet",
        "Reports NS, CNAME, DNAME, MX, SRV, SVCB and HTTPS targets under `.invalid`, "
        "`localhost.`, `.local`, `.onion`, `.test`, `.alt`, `home.arpa.` or `.internal`: "
        "names that the global DNS will never answer (RFC 6761 §6, RFC 6762, RFC 7686, "
        "RFC 8375, RFC 9476, and ICANN's reservation of `.internal`). A zone that is itself "
        "under the same name (a `corp.internal.` zone pointing at `ldap.corp.internal.`) is "
        "not reported, and nor is the apex NS `localhost.` of a zone served only locally (every "
        "apex NS host `localhost.` or `.`: response policy zones, RFC 6303). PTR targets are "
        "not looked up by anyone and are not checked.",
        "Such a target is a placeholder that was never replaced (`msv1.invalid.`), or an "
        "internal name leaked into a public zone. Resolvers on the Internet get NXDOMAIN or "
        "no answer for it, so the mail exchange, name server or service never works, and a "
        "`.local` target makes clients send multicast queries on their own network.",
        "$ORIGIN example.com.\n@  MX  10 mx1.example.net.\n@  MX  20 msv1.invalid.\n",
        "$ORIGIN example.com.\n@  MX  10 mx1.example.net.\n@  MX  20 mx2.example.net.\n",
        "",
        "RFC 6761 §6; RFC 6762 §3; RFC 7686 §2; RFC 8375; RFC 9476",
    },
    "names,special-use",
    &check,
};

}  // namespace zl::rules
