// dmarc-report-unauthorized: reports sent to another organisation that has not agreed to take
// them.
#include "lint/psl.hpp"
#include "rules/live/live_common.hpp"
#include "rules/mail/mail_common.hpp"
#include "rules/registry.hpp"

namespace zl::rules {

namespace {

// The first TXT at `owner` of `z` that starts `v=DMARC1`, else nullptr.
const Record* authorisation(const Zone& z, const Name& owner) {
  for (auto i : z.records_at(owner, rrtype::TXT)) {
    const Record& r = z.records[i];
    if (r.has(kValueUnknown) || mail::txt_starts_with(z, r, "v=DMARC1")) return &r;
  }
  return nullptr;
}

// Does `host` (a host name as dmarc_mailto_problem gives it, with the final dot added: LDH
// labels and dots) name the domain whose wire form is `wire`? Label by label, ASCII case aside,
// as Name's == compares: the same answer as parsing `host` into a Name, which most addresses
// (a policy's reports sent to its own domain) do not need.
bool host_is(std::string_view host, std::string_view wire) {
  for (std::size_t pos = 0; pos < wire.size();) {
    const auto len = static_cast<unsigned char>(wire[pos]);
    if (len == 0) return host.empty();
    if (host.size() <= len || host[len] != '.' ||
        !mail::iequals(host.substr(0, len), wire.substr(pos + 1, len)))
      return false;
    host.remove_prefix(len + 1u);
    pos += 1u + len;
  }
  return false;
}

std::string unauthorized_message(std::string_view tag, const Name& host, const Name& domain,
                                 const Name& query, std::string_view live) {
  return std::string(tag) + " address at '" + host.text() + "' is outside " + quoted(domain) +
         "'s organisational domain and " + quoted(query) + " has no 'v=DMARC1' TXT record" +
         std::string(live) +
         ", so receivers send no reports there (RFC 7489 §7.1); publish that record (or "
         "'*._report._dmarc." +
         host.text() + "') in the receiving zone";
}

// Live mode (--resolve): the authorisation record of a receiving zone outside the loaded
// zones, from the network. The answer is a note at the address; a failure of the network is
// live-check-failed.
std::optional<Diagnostic> check_live(const RuleContext& ctx, const mail::ParsedTxtView& p,
                                     std::string_view tag, std::uint32_t b, std::uint32_t e,
                                     const Name& domain, const Name& host, const Name& query) {
  const ExternalDns* dns = ctx.external();
  if (!dns) return std::nullopt;
  const ExternalAnswer* a = dns->lookup(query, rrtype::TXT);
  if (!a) return std::nullopt;  // asked; the answer comes in the next pass
  const Span span = mail::span_at(p, b, e);
  if (a->status == ExternalAnswer::failed)
    return live::check_failed(ctx, *p.zone, *p.rec, span, query, a->reason);
  if (a->status == ExternalAnswer::ok)
    for (const std::string& rd : a->rdata) {
      const auto text = live::txt_text(rd);
      // RFC 7489 §7.1: a record starting `v=DMARC1` authorises the reports (as offline).
      if (text && mail::iequals(std::string_view(*text).substr(0, 8), "v=DMARC1"))
        return std::nullopt;
    }
  Diagnostic d = make_finding(kDmarcReportUnauthorized, *p.zone, *p.rec, span,
                              unauthorized_message(tag, host, domain, query, " (checked live)"));
  add_note(d, span,
           "live answer for " + quoted(query) + " TXT: " + live::describe_txt_answer(*a) +
               " (from " + dns->source() + ")");
  return d;
}

void check(const RuleContext& ctx, Diagnostics& out) {
  const auto& psl = ctx.psl();
  const mail::ParsedTxtList& list = mail::dmarc_txt(ctx);
  std::string host;  // an address's host, in a buffer kept from one address to the next
  for (std::size_t i = 0; i < list.size(); ++i) {
    list.prefetch_record(i + 2 * mail::ParsedTxtList::kPrefetchAhead);
    list.prefetch_owner(i + mail::ParsedTxtList::kPrefetchAhead);
    const mail::ParsedTxtView p = list[i];
    if (!mail::is_dmarc_record(p.tags)) continue;
    // The policy's domain is the owner's parent: its wire form is the owner's after the
    // `_dmarc` label. The Name is made only for an address at another name, as is the
    // organisational domain: most records send reports to their own domain, and a look-up in
    // the suffix list costs one query per label.
    const NameView owner = p.zone->owner(*p.rec);
    const std::string_view domain_wire = owner.wire().substr(1 + owner.first_label().size());
    std::optional<Name> parent;
    std::optional<std::string> org;
    for (const auto& t : p.tags.tags) {
      const std::string_view name = p.tags.name(t);
      if (!mail::iequals(name, "rua") && !mail::iequals(name, "ruf")) continue;
      for (const auto& u : mail::split_uri_list(p.tags.value(t), t.value_b)) {
        if (!mail::dmarc_mailto_problem(u.text, &host).empty()) continue;
        if (host.back() != '.') host += '.';
        if (host_is(host, domain_wire)) continue;  // the same organisational domain
        const auto host_name = Name::parse(host, nullptr);
        if (!host_name) continue;
        if (!parent) parent = owner.parent();
        const Name& domain = *parent;
        if (!org) org = psl.registrable_domain(domain);
        if (psl.registrable_domain(*host_name) == *org) continue;
        std::string dtext = domain.text();
        const auto query = Name::parse(dtext + "_report._dmarc." + host, nullptr);
        if (!query) continue;
        const Resolution res = resolve(ctx, *query, *p.zone);
        if (res.kind == Resolution::outside) {
          // Live mode only: the receiving zone is not loaded, so ask the network.
          if (auto d = check_live(ctx, p, name, u.b, u.e, domain, *host_name, *query))
            out.add(std::move(*d));
          continue;
        }
        if (res.kind != Resolution::exists && res.kind != Resolution::wildcard &&
            res.kind != Resolution::nxdomain)
          continue;  // delegated or below a DNAME: can't be known offline
        if (ctx.incomplete(*res.zone)) continue;
        if (res.kind != Resolution::nxdomain) {
          if (res.zone->has(res.source, rrtype::CNAME)) continue;  // an alias: not followed
          if (authorisation(*res.zone, res.source)) continue;
        }
        Diagnostic d = mail::finding_at(kDmarcReportUnauthorized, p, u.b, u.e,
                                        unauthorized_message(name, *host_name, domain, *query, ""));
        if (!res.zone->records.empty())
          add_note(d, anchor_span(*res.zone, res.zone->records.front()),
                   "zone " + quoted(res.zone->origin) + " is loaded from here");
        out.add(std::move(d));
      }
    }
  }
}

}  // namespace

const Rule kDmarcReportUnauthorized{
    "dmarc-report-unauthorized",
    Severity::warning,
    {},
    RuleDoc{
        "DMARC reports go to another organisation's domain that has not authorised them",
        "For each `mailto:` address in `rua` and `ruf` whose domain has another "
        "organisational domain (Public Suffix List) than the policy's domain, looks up "
        "`<policy-domain>._report._dmarc.<address-domain>` in the loaded zones. It reports "
        "the address when the zone of that name is loaded and the name has no TXT record "
        "starting `v=DMARC1`, directly or through a wildcard (`*._report._dmarc...`, the "
        "usual way a report service authorises all its customers). When the receiving zone "
        "is not loaded nothing is said offline: the authorisation can't be known. With "
        "`--resolve` (live mode), the TXT record of that name is looked up when the receiving "
        "zone is not loaded, and the address is reported when the answer is NXDOMAIN or has "
        "no TXT record starting `v=DMARC1`, saying \"checked live\", with the answer "
        "as a note.",
        "RFC 7489 §7.1: before sending reports to a domain other than the policy's own, a "
        "receiver checks that the destination agreed, and sends nothing when it did not. "
        "The reports are lost without any error visible to either side.",
        "; example.com.zone\n_dmarc TXT \"v=DMARC1; p=reject; rua=mailto:d@reports.example.net\"\n"
        "; example.net.zone has no example.com._report._dmarc.reports\n",
        "; example.net.zone\nexample.com._report._dmarc.reports TXT \"v=DMARC1\"\n",
        "",
        "RFC 7489 §7.1; RFC 4592 (wildcards)",
    },
    "mail,dmarc",
    &check,
};

}  // namespace zl::rules
