#include "rules/live/live_common.hpp"

#include "model/txt.hpp"
#include "rules/mail/mail_common.hpp"
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
  const bool a_ok = a->status == ExternalAnswer::ok && !a->rdata.empty();
  const bool aaaa_ok = aaaa->status == ExternalAnswer::ok && !aaaa->rdata.empty();
  t.address = a_ok || aaaa_ok;
  if ((a->status == ExternalAnswer::ok && a->alias) ||
      (aaaa->status == ExternalAnswer::ok && aaaa->alias)) {
    t.kind = LiveTarget::alias;
    if (!a->alias) t.canonical = aaaa->canonical;
    return t;
  }
  if (t.address) {
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

Diagnostic could_not_check(const RuleContext& ctx, const Zone& z, const Record& r, Span span,
                           std::string_view what, const std::string& reason,
                           std::string_view after) {
  return make_finding(rules::kLiveCheckFailed, z, r, span,
                      "could not check " + std::string(what) + " live: " + reason + " (from " +
                          ctx.external()->source() + ")" + std::string(after));
}

std::optional<std::string> txt_text(std::string_view rdata) {
  std::string text;
  if (!append_txt_strings(rdata, text)) return std::nullopt;
  return text;
}

std::string describe_txt_answer(const ExternalAnswer& a) {
  std::string out;
  switch (a.status) {
    case ExternalAnswer::failed:
      return a.reason;
    case ExternalAnswer::nxdomain:
      out = "NXDOMAIN";
      break;
    case ExternalAnswer::ok:
      if (a.rdata.empty()) {
        out = "no TXT record (the name exists)";
        break;
      }
      for (const std::string& rd : a.rdata) {
        if (!out.empty()) out += ", ";
        const auto text = txt_text(rd);
        out += text ? "TXT \"" + mail::shown(*text) + "\"" : std::string("a malformed TXT record");
      }
      break;
  }
  if (a.alias) out += " (through the alias to " + quoted(a.canonical) + ")";
  return out;
}

Diagnostic check_failed(const RuleContext& ctx, const Zone& z, const Record& r, Span span,
                        const Name& name, const std::string& reason) {
  return make_finding(rules::kLiveCheckFailed, z, r, span,
                      "could not check " + quoted(name) + " live: " + reason + " (from " +
                          ctx.external()->source() + ")");
}

}  // namespace zl::live
