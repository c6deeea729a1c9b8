// missing-trailing-dot: a target that reads as a full name but has no final dot.
#include "rules/mx/mx_common.hpp"
#include "rules/registry.hpp"

namespace zl::rules {

namespace {

// Field index of the target name, and the name it was expanded to.
std::optional<std::pair<std::size_t, Name>> target_of(const Zone& z, const Record& r) {
  switch (r.type) {
    case rrtype::MX:
      if (auto mx = as_mx(z, r)) return std::make_pair(std::size_t{1}, mx->exchange);
      break;
    case rrtype::SRV:
      if (auto srv = as_srv(z, r)) return std::make_pair(std::size_t{3}, srv->target);
      break;
    case rrtype::NS:
    case rrtype::CNAME:
    case rrtype::DNAME:
    case rrtype::PTR:
      if (auto t = as_name_target(z, r)) return std::make_pair(std::size_t{0}, t->target);
      break;
    default:
      break;
  }
  return std::nullopt;
}

void check(const RuleContext& ctx, Diagnostics& out) {
  for (const Zone* z : ctx.zones()) {
    if (z->names_always_absolute) continue;
    for (const Record& r : z->records) {
      if (r.has(kValueUnknown) || !in_zone(*z, r)) continue;
      auto t = target_of(*z, r);
      if (!t || r.fields_len <= t->first) continue;
      const std::string_view text = z->field_text(r, t->first, ctx.sources());
      const std::string why = mx::reads_as_full_name(ctx, *z, text);
      if (why.empty()) continue;
      out.add(make_finding(kMissingTrailingDot, *z, r, field_span(*z, r, t->first),
                           type_name(r.type) + " target '" + std::string(text) +
                               "' has no final dot, so the origin is appended and it expands "
                               "to " +
                               quoted(t->second) + "; " + why + ": write '" + std::string(text) +
                               ".' (RFC 1035 §5.1)"));
    }
  }
}

}  // namespace

const Rule kMissingTrailingDot{
    "missing-trailing-dot",
    Severity::warning,
    {},
    RuleDoc{
        "a target name that is already a full name lacks its final dot",
        "Looks at the target names of MX, NS, CNAME, DNAME, SRV and PTR records as written. "
        "A name without a final dot is relative: the origin is appended. The rule reports one "
        "that already reads as a full name, so the origin ends up in it twice: either its text "
        "ends with the origin (`mx2.example.com` in zone `example.com.` becomes "
        "`mx2.example.com.example.com.`), or it has two or more labels and its last label is "
        "a public top-level domain from the Public Suffix List (`mail.example.net` in "
        "`example.com.`). A relative name whose last label names something in the zone "
        "(`host.dev` where `dev.example.com.` exists) is a real relative name and is not "
        "reported. Never fires for formats whose names are always absolute (Route 53), nor "
        "in the root zone.",
        "The record points at a name that does not exist (or, worse, at one you did not "
        "mean). BIND accepts it silently and at best reports the doubled name as having no "
        "address. It is the classic zone-file typo (RFC 1035 §5.1: names not ending in a dot "
        "are relative to the origin).",
        "$ORIGIN example.com.\n@  MX 10 mail.example.net\n",
        "$ORIGIN example.com.\n@  MX 10 mail.example.net.\n",
        "",
        "RFC 1035 §5.1",
    },
    "names,mx,syntax",
    &check,
};

}  // namespace zl::rules
