// mail-provider-spf-missing: the MX points at a mail provider whose SPF domain the SPF record
// does not include.
#include <unordered_map>

#include "rules/mail/mail_common.hpp"
#include "rules/mx/mx_common.hpp"
#include "rules/mx/mx_providers.hpp"
#include "rules/registry.hpp"
#include "rules/spf/spf_record.hpp"

namespace zl::rules {

namespace {

constexpr std::string_view kOption = "provider-spf";

// Views: into the provider table, or into the configured option values and `names` below,
// which outlive the providers of an owner.
struct Provider {
  std::string_view host;  // configured providers: the MX host pattern
  std::string_view name;
  std::string_view spf;  // space-separated patterns
  const mx::MxRecord* mx = nullptr;
};

// "<mx host pattern> <spf domain pattern>..." from the config.
bool split_option(std::string_view v, std::string_view& host, std::string_view& spf) {
  const std::size_t sp = v.find(' ');
  if (sp == std::string_view::npos) return false;
  host = v.substr(0, sp);
  spf = v.substr(sp + 1);
  while (!spf.empty() && spf.front() == ' ') spf.remove_prefix(1);
  return !host.empty() && !spf.empty();
}

std::string validate(std::string_view v) {
  std::string_view host, spf;
  if (!split_option(v, host, spf))
    return "expected '<MX host pattern> <SPF domain>' (more SPF domains may follow, separated "
           "by spaces)";
  if (!mx::host_pattern_valid(host)) return "'" + std::string(host) + "' is not a host pattern";
  std::size_t start = 0;
  while (start < spf.size()) {
    std::size_t e = spf.find(' ', start);
    if (e == std::string_view::npos) e = spf.size();
    if (e > start && !mx::host_pattern_valid(spf.substr(start, e - start)))
      return "'" + std::string(spf.substr(start, e - start)) + "' is not a domain pattern";
    start = e + 1;
  }
  return "";
}

// Does the record send nothing (only `-all`/`~all`, no include or redirect)?
bool sends_nothing(const spf::ParsedSpf& p) {
  for (const auto& t : p.terms) {
    if (t.kind == spf::Kind::exp || t.kind == spf::Kind::unknown_modifier) continue;
    if (t.kind == spf::Kind::all && (t.qualifier == '-' || t.qualifier == '~')) continue;
    return false;
  }
  return true;
}

bool is_known_provider_spf(const Name& n, const std::vector<Provider>& extra) {
  for (const auto& h : mx::provider_hosts())
    if (!h.spf.empty() && mx::any_pattern_matches(h.spf, n)) return true;
  for (const auto& p : extra)
    if (mx::any_pattern_matches(p.spf, n)) return true;
  return false;
}

// Every domain that the terms of `parsed` (the record at `domain`, joined text `text`) name as
// an include, redirect, a or exists target, added to `targets`; true when an include or
// redirect target depends on the sender.
bool add_targets(const spf::ParsedSpf& parsed, std::string_view text, const Name& domain,
                 std::vector<Name>& targets) {
  bool unknown = false;
  for (const auto& t : parsed.terms) {
    if (t.kind != spf::Kind::include && t.kind != spf::Kind::redirect && t.kind != spf::Kind::a &&
        t.kind != spf::Kind::exists)
      continue;
    if (!t.has_arg()) continue;
    auto n = spf::term_target(text, t, domain);
    if (!n) {
      unknown = unknown || t.kind == spf::Kind::include || t.kind == spf::Kind::redirect;
      continue;
    }
    targets.push_back(std::move(*n));
  }
  return unknown;
}

bool covered(const Provider& p, const std::vector<Name>& targets) {
  for (const auto& t : targets)
    if (mx::any_pattern_matches(p.spf, t)) return true;
  return false;
}

void check(const RuleContext& ctx, Diagnostics& out) {
  // The provider row with an SPF domain that an exchange (its wire form, a view into the
  // zone's rdata) points at, or nullptr: a row without one is no candidate either. Most
  // exchanges are turned down by their tail; the others repeat across a zone's MX sets (a
  // provider's hosts), so each distinct one is matched against the table once.
  std::unordered_map<std::string_view, const mx::ProviderHost*> known;
  auto sender_of_wire = [&](std::string_view exchange_wire) -> const mx::ProviderHost* {
    if (!mx::spf_sender_may_match_wire(exchange_wire)) return nullptr;
    auto [it, fresh] = known.try_emplace(exchange_wire, nullptr);
    if (fresh) {
      const mx::ProviderHost* h = mx::provider_of_wire(exchange_wire);
      it->second = h && !h->spf.empty() ? h : nullptr;
    }
    return it->second;
  };
  std::vector<mx::MxRecord> records;  // of one owner; reused
  std::vector<MxData> decoded;        // the values `records` view; reused
  std::vector<std::string> names;     // of the configured providers of one zone
  std::vector<Provider> extra, providers;
  std::vector<Name> targets;
  // The option of the zone of the owners at hand: looked up when the zone changes, not for
  // each of its (many) MX owners.
  const Zone* options_zone = nullptr;
  const std::vector<std::string>* zone_options = nullptr;
  const std::vector<mail::MxOwner>& owners = mail::mx_owners(ctx);
  // The owners come in canonical order, their MX records and rdata lie scattered over their
  // zones' arrays (in file order): each owner's first MX record is prefetched 2 * kAhead owners
  // ahead and its rdata kAhead ahead, so that the waits on memory overlap (as in mx_owners).
  constexpr std::size_t kAhead = 8;
  for (std::size_t o = 0; o < owners.size(); ++o) {
    if (o + 2 * kAhead < owners.size()) __builtin_prefetch(owners[o + 2 * kAhead].first);
    if (o + kAhead < owners.size()) {
      const mail::MxOwner& ahead = owners[o + kAhead];
      if (ahead.first->rdata_off != Record::kNoData)
        __builtin_prefetch(ahead.zone->rdata_arena.data() + ahead.first->rdata_off);
    }
    const mail::MxOwner& mo = owners[o];
    if (!mo.complete || !mo.has_real || ctx.incomplete(*mo.zone)) continue;
    if (mo.zone != options_zone) {
      options_zone = mo.zone;
      zone_options = &ctx.option(*mo.zone, kMailProviderSpfMissing.id, kOption);
    }
    const auto& options = *zone_options;
    const auto idx = mo.zone->owner_run(mo.owner_index, rrtype::MX);
    bool candidate = !options.empty();
    for (std::size_t k = 0; k < idx.size() && !candidate; ++k) {
      candidate = sender_of_wire(mo.zone->rdata(mo.zone->records[idx[k]]).substr(2)) != nullptr;
    }
    if (!candidate) continue;
    const Name owner(mo.zone->owner(*mo.first));  // spf_at and walk take a Name
    records.clear();
    decoded.clear();
    for (auto i : idx) {
      const Record& r = mo.zone->records[i];
      if (auto m = as_mx(*mo.zone, r)) {
        decoded.push_back(std::move(*m));
        records.push_back(mx::MxRecord{mo.zone, &r, {}});
      }
    }
    // The views once `decoded` no longer moves (a short Name's octets are inside it).
    for (std::size_t k = 0; k < records.size(); ++k)
      records[k].data = mx::MxValue{decoded[k].preference, decoded[k].exchange};
    extra.clear();
    names.clear();
    names.reserve(options.size());  // no reallocation: `extra` views these strings
    for (const auto& v : options) {
      std::string_view host, spf;
      if (split_option(v, host, spf)) {
        names.push_back("configured provider '" + std::string(host) + "'");
        extra.push_back({host, names.back(), spf});
      }
    }
    providers.clear();
    for (const auto& m : records) {
      if (m.data.is_null()) continue;
      Provider p;
      for (const auto& e : extra) {
        if (mx::host_pattern_matches(e.host, m.data.exchange)) {
          p = e;
          break;
        }
      }
      if (p.name.empty()) {
        // The exchange's wire form, as the candidate test above looked it up.
        const mx::ProviderHost* h = sender_of_wire(m.zone->rdata(*m.rec).substr(2));
        if (!h) continue;
        p.name = h->provider;
        p.spf = h->spf;
      }
      p.mx = &m;
      bool dup = false;
      for (const auto& q : providers) dup = dup || q.spf == p.spf;
      if (!dup) providers.push_back(p);
    }
    if (providers.empty()) continue;
    const spf::SpfAt at = spf::spf_at(ctx, owner, spf::offline_resolver(), mo.zone);
    if (at.status != spf::SpfAt::one || at.loaded.size() != 1) continue;
    const spf::SpfRecord& rec = at.loaded.front();
    if (rec.parsed.permerror() || sends_nothing(rec.parsed)) continue;
    // Every domain the evaluation names; stay quiet when some can't be known offline. The
    // record's own terms first: most records include their providers' SPF domains themselves,
    // and then no walk of the includes can find one missing.
    targets.clear();
    bool unknown = add_targets(rec.parsed, rec.text(), owner, targets);
    bool all_covered = true;
    for (const auto& p : providers) all_covered = all_covered && covered(p, targets);
    if (all_covered) continue;
    const spf::Walk w = spf::walk(ctx, rec, owner);
    if (w.truncated) continue;
    for (std::size_t n = 1; n < w.nodes.size(); ++n)  // node 0 is `rec`, done above
      unknown = add_targets(w.nodes[n].parsed(), w.nodes[n].text(), w.nodes[n].domain, targets) ||
                unknown;
    for (const auto& l : w.lookups)
      if (l.outside && (!l.target || !is_known_provider_spf(*l.target, extra))) unknown = true;
    if (unknown) continue;
    for (const auto& p : providers) {
      if (covered(p, targets)) continue;
      const std::string first(p.spf.substr(0, p.spf.find(' ')));
      Span span = rec.span(0, 6);
      if (!span.valid()) span = rdata_span(ctx.sources(), *rec.zone, *rec.record);
      const std::string name(p.name);
      Diagnostic d = make_finding(
          kMailProviderSpfMissing, *rec.zone, *rec.record, span,
          "MX of " + quoted(owner) + " points at " + name + " (" + quoted(p.mx->data.exchange) +
              "), but its SPF record does not include '" + first + "', so mail " + name +
              " sends for the domain fails SPF; add 'include:" + first + "' before the 'all'");
      add_note(d, mx::exchange_span(ctx, *p.mx), "MX to " + name + " here");
      out.add(std::move(d));
    }
  }
}

constexpr RuleOptionSpec kOptions[] = {
    {kOption,
     "Mail providers of your own, as '<MX host pattern> <SPF domain>' (more SPF domains may "
     "follow, any one of them counts): `mx.mail.example.net spf.mail.example.net`.",
     &validate},
};

}  // namespace

const Rule kMailProviderSpfMissing{
    "mail-provider-spf-missing",
    Severity::warning,
    {},
    RuleDoc{
        "the MX points at a mail provider whose SPF domain the SPF record does not include",
        "For each owner whose MX points at a known mail provider that also sends the "
        "domain's mail (Google Workspace, Microsoft 365, Zoho, Fastmail, Proton, Mimecast, "
        "Proofpoint Essentials, Mailgun, iCloud, Yandex 360, Amazon SES's MAIL FROM hosts: "
        "rules/mx/providers.inc, with the providers' documentation) and that publishes one "
        "SPF record, walks the record's include/redirect tree through the loaded zones and "
        "reports the record (at `v=spf1`, the MX as a related location) when no `include`, "
        "`redirect`, `a` or `exists` names the provider's SPF domain. Nothing is said when "
        "the tree reaches a domain outside the loaded zones that is not a known provider's "
        "(it may include the provider), when a target depends on the sender (macros), when "
        "the record sends nothing (`v=spf1 -all`), or when the record is a permerror "
        "(spf-syntax). Inbound-only services (Amazon SES inbound, Postmark inbound, SendGrid "
        "Inbound Parse) are not expected in SPF.",
        "Mail that the provider sends for the domain is checked against the domain's SPF. "
        "Without the provider's include it fails SPF, and with DMARC at quarantine or reject "
        "it is junked or refused unless DKIM passes; the usual cause is a move to a new "
        "provider that updated the MX but not the SPF.",
        "$ORIGIN example.com.\n@  MX  1 smtp.google.com.\n@  TXT \"v=spf1 "
        "include:spf.protection.outlook.com -all\"\n",
        "$ORIGIN example.com.\n@  MX  1 smtp.google.com.\n@  TXT \"v=spf1 include:_spf.google.com "
        "-all\"\n",
        "`provider-spf`: providers of your own, each '<MX host pattern> <SPF domain>...'. "
        "Example:\n\n    rules:\n      mail-provider-spf-missing:\n"
        "        provider-spf: [\"*.mx.example.net spf.example.net\"]\n",
        "RFC 7208 §5.2, §2.3; RFC 7489 §4.2",
    },
    "mail,spf,mx",
    &check,
    kOptions,
};

}  // namespace zl::rules
