#include "rules/live/live_common.hpp"

#include "rules/registry.hpp"

namespace zl::live {

LiveTarget address_of(const RuleContext& ctx, const Name& name) {
  LiveTarget t;
  const ExternalDns* dns = ctx.external();
  if (!dns) return t;
  const ExternalAnswer* a = dns->lookup(name, rrtype::A);
  const ExternalAnswer* aaaa = dns->lookup(name, rrtype::AAAA);
  if (!a || !aaaa) {
    t.kind = LiveTarget::pending;
    return t;
  }
  t.canonical = a->canonical;
  if ((a->status == ExternalAnswer::ok && a->alias) ||
      (aaaa->status == ExternalAnswer::ok && aaaa->alias)) {
    t.kind = LiveTarget::alias;
    if (!a->alias) t.canonical = aaaa->canonical;
    return t;
  }
  const bool a_ok = a->status == ExternalAnswer::ok && !a->rdata.empty();
  const bool aaaa_ok = aaaa->status == ExternalAnswer::ok && !aaaa->rdata.empty();
  if (a_ok || aaaa_ok) {
    t.kind = LiveTarget::has_address;
    return t;
  }
  for (const ExternalAnswer* x : {a, aaaa})
    if (x->status == ExternalAnswer::failed) {
      t.kind = LiveTarget::failed;
      t.reason = x->reason;
      return t;
    }
  t.kind = a->status == ExternalAnswer::nxdomain || aaaa->status == ExternalAnswer::nxdomain
               ? LiveTarget::nxdomain
               : LiveTarget::no_address;
  return t;
}

Diagnostic check_failed(const RuleContext& ctx, const Zone& z, const Record& r, Span span,
                        const Name& name, const std::string& reason) {
  return make_finding(rules::kLiveCheckFailed, z, r, span,
                      "could not check " + quoted(name) + " live: " + reason + " (from " +
                          ctx.external()->source() + ")");
}

}  // namespace zl::live
