#include "rules/targets/targets_common.hpp"

#include "rules/live/live_common.hpp"

#include <algorithm>
#include <cstring>
#include <map>

#include "lint/psl.hpp"
#include "rules/mx/mx_common.hpp"

namespace zl::targets {

namespace {

// Field layouts of the types with names in their rdata: 'N' a name, '2' a 16-bit number,
// 'S' a character-string. One character per presentation token.
std::string_view layout(std::uint16_t type) {
  switch (type) {
    case rrtype::NS:
    case rrtype::CNAME:
    case rrtype::DNAME:
    case rrtype::PTR:
    case rrtype::MB:
    case rrtype::MG:
    case rrtype::MR:
    case rrtype::MD:
    case rrtype::MF:
    case rrtype::NSEC:
      return "N";
    case rrtype::MX:
    case rrtype::AFSDB:
    case rrtype::RT:
    case rrtype::KX:
    case rrtype::SVCB:
    case rrtype::HTTPS:
      return "2N";
    case rrtype::SRV:
      return "222N";
    case rrtype::SOA:
    case rrtype::RP:
    case rrtype::MINFO:
      return "NN";
    case rrtype::PX:
      return "2NN";
    case rrtype::NAPTR:
      return "22SSSN";
    default:
      return "";
  }
}

std::vector<Name> names_of(std::initializer_list<std::string_view> texts) {
  std::vector<Name> out;
  for (auto t : texts)
    if (auto n = Name::parse(std::string(t) + ".", nullptr)) out.push_back(std::move(*n));
  return out;
}

std::optional<Name> suffix_in(const Name& n, const std::vector<Name>& list) {
  for (const Name& s : list)
    if (n.is_subdomain_of(s)) return s;
  return std::nullopt;
}

// The wire form of name field `i` of `r` in its rdata (a view), or "" when field i is no name
// or the rdata is malformed.
std::string_view name_field_wire(const Zone& z, const Record& r, std::size_t i) {
  const std::string_view lay = layout(r.type);
  if (i >= lay.size() || lay[i] != 'N') return {};
  const std::string_view w = z.rdata(r);
  std::size_t p = 0;
  for (std::size_t k = 0; k < i; ++k) {
    if (lay[k] == '2') {
      p += 2;
    } else if (lay[k] == 'S') {
      if (p >= w.size()) return {};
      p += 1 + static_cast<unsigned char>(w[p]);
    } else {  // 'N'
      while (p < w.size() && w[p] != 0) p += 1 + static_cast<unsigned char>(w[p]);
      ++p;
    }
  }
  const std::size_t begin = p;
  while (p < w.size() && w[p] != 0) p += 1 + static_cast<unsigned char>(w[p]);
  if (p >= w.size()) return {};
  return w.substr(begin, p + 1 - begin);
}

// may_read_as_full_name for a name of a record written plainly (written_plainly), from the
// name it expanded to (`wire`) and the number of labels of the origin it was written under
// (`origin_labels`): a relative name's text is its labels above those, so the last label
// written is the one before them. An absolute name's text ends with its dot and reads as no
// full name; taken as relative here, it costs at most a read of its text.
bool plain_may_read_as_full_name(const RuleContext& ctx, const Zone& z, std::string_view wire,
                                 std::size_t origin_labels, std::size_t zone_origin_labels,
                                 bool under_zone_origin) {
  const std::string_view o = z.origin.wire();
  // Under the zone's origin, a relative name ends with it: one that does not was absolute.
  if (under_zone_origin &&
      (wire.size() < o.size() || !Name::equal_ci(wire.substr(wire.size() - o.size()), o)))
    return false;
  auto next = [&](std::size_t at) { return at + 1 + static_cast<unsigned char>(wire[at]); };
  std::size_t labels = 0;
  for (std::size_t at = 0; at < wire.size() && wire[at] != 0; at = next(at)) ++labels;
  if (labels < origin_labels) return false;  // absolute
  const std::size_t written = labels - origin_labels;
  if (written <= 1) return zone_origin_labels == 1;  // a text without a dot (`@`, `mail`)
  std::size_t last = 0;                              // the last label written
  for (std::size_t k = 0; k + 1 < written; ++k) last = next(last);
  const std::string_view label = wire.substr(last + 1, static_cast<unsigned char>(wire[last]));
  std::size_t o_at = 0, o_last = 0;
  for (; o_at < o.size() && o[o_at] != 0; o_at += 1 + static_cast<unsigned char>(o[o_at]))
    o_last = o_at;
  return Name::equal_ci(label, o.substr(o_last + 1, static_cast<unsigned char>(o[o_last]))) ||
         ctx.psl().is_tld(label);
}

}  // namespace

bool has_name_fields(std::uint16_t type) {
  return !layout(type).empty();
}

std::vector<NameField> name_fields(const Zone& z, const Record& r) {
  std::vector<NameField> out;
  const std::string_view lay = layout(r.type);
  if (lay.empty()) return out;
  const std::string_view w = z.rdata(r);
  std::size_t p = 0;
  for (std::size_t i = 0; i < lay.size(); ++i) {
    switch (lay[i]) {
      case '2':
        if (p + 2 > w.size()) return {};
        p += 2;
        break;
      case 'S':
        if (p >= w.size()) return {};
        p += 1 + static_cast<unsigned char>(w[p]);
        break;
      case 'N': {
        auto n = read_wire_name(w, p);
        if (!n) return {};
        out.push_back(NameField{i, std::move(*n)});
        break;
      }
      default:
        break;
    }
  }
  return out;
}

bool has_address(const Zone& z, NameView n) {
  for (auto i : z.owner_records(n)) {  // any order will do: no sorted copy
    const Record& r = z.records[i];
    if ((r.type == rrtype::A || r.type == rrtype::AAAA) && in_zone(z, r)) return true;
  }
  return false;
}

bool has_address(const Zone& z, NameView n, std::span<const std::uint32_t> records_of_n) {
  // in_zone() of each: their owner is `n`.
  return n.is_subdomain_of(z.origin) &&
         (has_type(z, records_of_n, rrtype::A) || has_type(z, records_of_n, rrtype::AAAA));
}

bool has_type(const Zone& z, std::span<const std::uint32_t> records, std::uint16_t type) {
  return std::any_of(records.begin(), records.end(),
                     [&](std::uint32_t i) { return z.records[i].type == type; });
}

std::string types_at(const Zone& z, NameView n) {
  std::vector<std::string> types;
  for (auto i : z.records_at(n)) {
    std::string t = type_name(z.records[i].type);
    if (std::find(types.begin(), types.end(), t) == types.end()) types.push_back(t);
  }
  std::string s;
  for (const auto& t : types) s += (s.empty() ? "" : ", ") + t;
  return s;
}

std::vector<std::uint32_t> cnames_at(const Zone& z, const Name& owner) {
  std::vector<std::uint32_t> in;
  for (auto i : z.records_at(owner, rrtype::CNAME))
    if (in_zone(z, z.records[i])) in.push_back(i);
  return in;
}

std::optional<Diagnostic> alias_finding(const RuleContext& ctx, const Rule& rule, const Zone& z,
                                        const Record& r, std::size_t field, std::string_view what,
                                        const Name& target, std::string_view why) {
  // The field is lexed (a read of the entry's text) only for a finding.
  const auto span = [&] { return field_span(ctx.sources(), z, r, field); };
  // z's own copy answers when the run holds two; the answering name's records come with the
  // answer, so a target that owns no CNAME takes no other lookup.
  const Lookup res = look_up(ctx, target, z);
  const Name& source = res.other ? *res.other : target;
  if (res.kind == Resolution::below_dname) {
    Diagnostic d =
        make_finding(rule, z, r, span(),
                     std::string(what) + " " + quoted(target) + " is below the DNAME at " +
                         quoted(source) + ", so it is an alias; " + std::string(why));
    for (auto i : res.zone->records_at(source, rrtype::DNAME))
      add_note(d, anchor_span(*res.zone, res.zone->records[i]), "DNAME defined here");
    return d;
  }
  if (res.kind == Resolution::outside) {
    // Live mode only: a target at another organisation's name that the network answers with
    // a CNAME.
    const live::LiveTarget t = live::address_of(ctx, target);
    if (t.kind != live::LiveTarget::alias) return std::nullopt;
    return make_finding(rule, z, r, span(),
                        std::string(what) + " " + quoted(target) + " is an alias (CNAME to " +
                            quoted(t.canonical) + ", checked live); " + std::string(why) +
                            "; use " + quoted(t.canonical) + " instead");
  }
  if (res.kind != Resolution::exists && res.kind != Resolution::wildcard) return std::nullopt;
  if (!has_type(*res.zone, res.records, rrtype::CNAME)) return std::nullopt;
  const auto in = cnames_at(*res.zone, source);
  if (in.empty()) return std::nullopt;
  std::string msg = std::string(what) + " " + quoted(target) + " is an alias (CNAME";
  if (res.kind == Resolution::wildcard) msg += " synthesised from " + quoted(source);
  msg += "); " + std::string(why);
  const Record& c = res.zone->records[in.front()];
  if (auto t = as_name_target(*res.zone, c); t && !c.has(kValueUnknown))
    msg += "; use " + quoted(t->target) + " instead";
  Diagnostic d = make_finding(rule, z, r, span(), msg);
  for (auto i : in) add_note(d, anchor_span(*res.zone, res.zone->records[i]), "CNAME defined here");
  return d;
}

std::string_view field_text(const RuleContext& ctx, const Zone& z, const Record& r, std::size_t i) {
  return z.field_text(r, i, ctx.sources());  // empty past the last field
}

bool doubled_origin(const RuleContext& ctx, const Zone& z, const Record& r, std::size_t i) {
  return field_may_read_as_full_name(ctx, z, r, i) &&
         !mx::reads_as_full_name(ctx, z, field_text(ctx, z, r, i)).empty();
}

bool field_may_read_as_full_name(const RuleContext& ctx, const Zone& z, const Record& r,
                                 std::size_t i) {
  return field_may_read_as_full_name(ctx, z, r, i, z.origin.label_count());
}

bool field_may_read_as_full_name(const RuleContext& ctx, const Zone& z, const Record& r,
                                 std::size_t i, std::size_t zone_origin_labels) {
  if (z.names_always_absolute) return false;
  // Nearly every name of a large zone file is written plainly: the name answers, and the text
  // (which may be a mapped file's pages out of memory) is read for the few it cannot rule out.
  if (written_plainly(z, r) && mx::relative_names(z) == mx::RelativeNames::origin_appended) {
    if (z.origin.is_root()) return false;
    const std::string_view wire = name_field_wire(z, r, i);
    if (!wire.empty() &&
        !plain_may_read_as_full_name(ctx, z, wire, *written_origin_labels(z, r, zone_origin_labels),
                                     zone_origin_labels, !r.has(kOriginDeeper)))
      return false;
  }
  return may_read_as_full_name(ctx, z, field_text(ctx, z, r, i));
}

bool may_read_as_full_name(const RuleContext& ctx, const Zone& z, std::string_view text) {
  if (z.names_always_absolute || text.empty()) return false;
  // Formats that refuse a name without its dot: the full test says which.
  if (mx::relative_names(z) != mx::RelativeNames::origin_appended) return true;
  if (z.origin.is_root()) return false;
  if (text.back() == '.') {  // absolute, unless the dot is escaped (an odd run of backslashes)
    std::size_t backslashes = 0;
    for (std::size_t i = text.size() - 1; i > 0 && text[i - 1] == '\\'; --i) ++backslashes;
    return backslashes % 2 == 1;
  }
  // Only an unescaped dot separates labels, so a text without one is a single label: it can
  // only be the origin itself when the origin has one label.
  const std::size_t dot = text.rfind('.');
  if (dot == std::string_view::npos) return z.origin.label_count() == 1;
  const std::string_view last = text.substr(dot + 1);
  if ((dot > 0 && text[dot - 1] == '\\') || last.find('\\') != std::string_view::npos)
    return true;  // escapes: the labels are not the text's; let the full test parse them
  // Two or more labels: the full test reports them only when they end with the origin (so the
  // last label is the origin's last label) or when the last label is a public TLD.
  const std::string_view w = z.origin.wire();
  std::size_t at = 0, origin_last = 0;
  for (; at < w.size() && w[at] != 0; at += 1 + static_cast<unsigned char>(w[at])) origin_last = at;
  const std::string_view origin_last_label =
      w.substr(origin_last + 1, static_cast<unsigned char>(w[origin_last]));
  return Name::equal_ci(last, origin_last_label) || ctx.psl().is_tld(last);
}

std::string_view name_field_layout(std::uint16_t type) {
  return layout(type);
}

std::optional<Name> special_use_suffix(const Name& n) {
  static const std::vector<Name> kList = [] {
    auto v = names_of({
        // IANA Special-Use Domain Names registry (RFC 6761 and later).
        "6tisch.arpa",
        "10.in-addr.arpa",
        "168.192.in-addr.arpa",
        "170.0.0.192.in-addr.arpa",
        "171.0.0.192.in-addr.arpa",
        "254.169.in-addr.arpa",
        "8.e.f.ip6.arpa",
        "9.e.f.ip6.arpa",
        "a.e.f.ip6.arpa",
        "b.e.f.ip6.arpa",
        "alt",
        "eap-noob.arpa",
        "example",
        "example.com",
        "example.net",
        "example.org",
        "home.arpa",
        "invalid",
        "ipv4only.arpa",
        "local",
        "localhost",
        "onion",
        "resolver.arpa",
        "service.arpa",
        "test",
        // Locally served zones (RFC 6303 §4), and `internal.`, reserved for private use.
        "0.in-addr.arpa",
        "127.in-addr.arpa",
        "255.255.255.255.in-addr.arpa",
        "2.0.192.in-addr.arpa",
        "100.51.198.in-addr.arpa",
        "113.0.203.in-addr.arpa",
        "d.f.ip6.arpa",
        "8.b.d.0.1.0.0.2.ip6.arpa",
        "internal",
        "0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.ip6.arpa",
        "1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.ip6.arpa",
    });
    for (int i = 16; i <= 31; ++i)
      if (auto x = Name::parse(std::to_string(i) + ".172.in-addr.arpa.", nullptr)) v.push_back(*x);
    for (int i = 64; i <= 127; ++i)  // RFC 7793: shared address space 100.64.0.0/10
      if (auto x = Name::parse(std::to_string(i) + ".100.in-addr.arpa.", nullptr)) v.push_back(*x);
    return v;
  }();
  return suffix_in(n, kList);
}

std::optional<Name> unresolvable_suffix(const Name& n) {
  static const std::vector<Name> kList =
      names_of({"invalid", "localhost", "local", "onion", "test", "alt", "home.arpa", "internal"});
  return suffix_in(n, kList);
}

}  // namespace zl::targets

namespace zl::targets {

std::optional<AliasHop> alias_hop(const RuleContext& ctx, const Name& name, const Zone* from) {
  // The common case first: a name that exists and owns no CNAME, in a zone without DNAME, is
  // no alias (whether or not it lies below a delegation).
  const Zone* az = from ? authoritative_for(ctx, name, *from) : ctx.authoritative_for(name);
  if (!az) return std::nullopt;
  // One owner lookup answers both questions for a name that owns records (an empty
  // non-terminal takes the full path below, with the same answer).
  if (az->dname_owners().empty()) {
    const auto run = az->owner_records(name);
    if (!run.empty() && std::none_of(run.begin(), run.end(), [&](std::uint32_t i) {
          return az->records[i].type == rrtype::CNAME;
        }))
      return std::nullopt;
  }
  const Lookup res = from ? look_up(ctx, name, *from) : look_up(ctx, name);
  const Name& source = res.other ? *res.other : name;
  if (res.kind == Resolution::below_dname) {
    for (auto i : res.zone->records_at(source, rrtype::DNAME)) {
      const Record& d = res.zone->records[i];
      if (d.has(kValueUnknown) || !in_zone(*res.zone, d)) continue;
      auto t = as_name_target(*res.zone, d);
      if (!t) continue;
      const std::string_view w = name.wire();
      const std::size_t keep = w.size() - source.wire().size();
      auto to = Name::concat(w.substr(0, keep), t->target);
      if (!to) return std::nullopt;  // RFC 6672 §2.2: YXDOMAIN, not an alias
      return AliasHop{res.zone, &d, std::move(*to)};
    }
    return std::nullopt;
  }
  if (res.kind != Resolution::exists && res.kind != Resolution::wildcard) return std::nullopt;
  // The first in-zone CNAME of the answering name (cnames_at), from the records the lookup
  // found: ordered by type, then file order. in_zone() of each: their owner is `source`.
  if (!source.is_subdomain_of(res.zone->origin)) return std::nullopt;
  for (const std::uint32_t i : res.records) {
    const Record& c = res.zone->records[i];
    if (c.type != rrtype::CNAME) continue;
    if (c.has(kValueUnknown)) return std::nullopt;
    auto t = as_name_target(*res.zone, c);
    if (!t) return std::nullopt;
    return AliasHop{res.zone, &c, std::move(t->target)};
  }
  return std::nullopt;
}

const CnameTargets& cname_targets(const RuleContext& ctx, const Zone& z) {
  using PerZone = std::map<const Zone*, CnameTargets>;
  const PerZone& all = ctx.memo<PerZone>("targets.cname-targets", [&] {
    PerZone m;
    for (const Zone* zone : ctx.zones()) {
      CnameTargets& found = m[zone];
      const auto cnames = zone->records_of_type(rrtype::CNAME);
      found.target_owns_records.assign(cnames.size(), false);
      std::size_t k = 0;
      for (auto cname = cnames.begin(); cname != cnames.end(); ++cname, ++k) {
        const Record& r = zone->records[*cname];
        if (r.has(kValueUnknown) || !in_zone(*zone, r)) continue;
        auto t = as_name_target(*zone, r);
        if (!t) continue;
        const Zone* tz = authoritative_for(ctx, t->target, *zone);
        if (!tz) continue;  // outside the loaded zones: owns nothing here, and no hop (alias_hop)
        const auto run = tz->owner_records(t->target);
        found.target_owns_records[k] = !run.empty();
        // alias_hop's common case, answered from this lookup instead of a second one: a
        // target that owns records and no CNAME, in a zone without DNAME, is no alias.
        if (tz->dname_owners().empty() && !run.empty() &&
            std::none_of(run.begin(), run.end(),
                         [&](std::uint32_t i) { return tz->records[i].type == rrtype::CNAME; }))
          continue;
        if (auto hop = alias_hop(ctx, t->target, zone))
          found.aliased.push_back(AliasedCname{*cname, std::move(*hop)});
      }
    }
    return m;
  });
  if (auto it = all.find(&z); it != all.end()) return it->second;
  static const CnameTargets kNone;  // a zone that is not linted
  return kNone;
}

namespace {

// The quiet bits (SrvTargets) of SRV record `r` of zone `z`, which is in zone, of known value
// and not occluded. `offline`: no live mode.
std::uint8_t srv_quiet(const RuleContext& ctx, const Zone& z, const Record& r, bool offline) {
  constexpr std::uint8_t kNoAlias = SrvTargets::kNoAlias, kHasAddress = SrvTargets::kHasAddress;
  constexpr std::uint8_t kBoth = kNoAlias | kHasAddress;
  // The target, read in place (as_srv's, without a Name made of it): priority, weight and
  // port, then a well-formed wire name that ends the rdata. The rules decide a malformed one.
  const std::string_view w = z.rdata(r);
  if (w.size() < 7 || !Name::is_valid_wire(w.substr(6))) return 0;
  const std::string_view wire = w.substr(6);
  if (wire.size() == 1) return kBoth;  // `.`: service not available
  unsigned char prefixed[1 + 255];     // NameView's layout: the wire's length, then the wire
  prefixed[0] = static_cast<unsigned char>(wire.size());
  std::memcpy(prefixed + 1, wire.data(), wire.size());
  const NameView target = NameView::from_prefixed(prefixed);
  const Lookup res = look_up(ctx, target, z);
  switch (res.kind) {
    case Resolution::outside:  // in live mode the rules ask the network
      return offline ? kBoth : 0;
    case Resolution::delegated:
      return kBoth;
    case Resolution::below_dname:  // an alias: srv-target-cname's finding
      return kHasAddress;
    case Resolution::nxdomain:  // srv-target-no-address's, unless an owner lost its dot
      return ctx.incomplete(*res.zone) ? kBoth : kNoAlias;
    case Resolution::exists:
    case Resolution::wildcard: {
      if (has_type(*res.zone, res.records, rrtype::CNAME)) return kHasAddress;
      const NameView source = res.other ? NameView(*res.other) : target;
      if (ctx.incomplete(*res.zone) || has_address(*res.zone, source, res.records)) return kBoth;
      return kNoAlias;
    }
  }
  return 0;
}

}  // namespace

const SrvTargets& srv_targets(const RuleContext& ctx, const Zone& z) {
  using PerZone = std::map<const Zone*, SrvTargets>;
  const PerZone& all = ctx.memo<PerZone>("targets.srv-targets", [&] {
    PerZone m;
    const bool offline = ctx.external() == nullptr;
    for (const Zone* zone : ctx.zones()) {
      SrvTargets& found = m[zone];
      const auto srvs = zone->records_of_type(rrtype::SRV);
      found.quiet.assign(srvs.size(), 0);
      OccludedOwners occluded(*zone);
      std::size_t k = 0;
      for (auto srv = srvs.begin(); srv != srvs.end(); ++srv, ++k) {
        const Record& r = zone->records[*srv];
        // The records both rules skip: out of zone, of unknown value, occluded (occluded-data).
        if (r.has(kValueUnknown) || !in_zone(*zone, r) || occluded(r))
          found.quiet[k] = SrvTargets::kNoAlias | SrvTargets::kHasAddress;
        else
          found.quiet[k] = srv_quiet(ctx, *zone, r, offline);
      }
    }
    return m;
  });
  if (auto it = all.find(&z); it != all.end()) return it->second;
  static const SrvTargets kNone;  // a zone that is not linted: settles nothing
  return kNone;
}

}  // namespace zl::targets

namespace zl::targets {

bool owner_lost_dot(const Zone& z, const Name& target) {
  if (!z.contains(target) || z.origin.is_root()) return false;
  const std::string_view w = target.wire();
  auto doubled = Name::concat(w.substr(0, w.size() - 1), z.origin);
  return doubled && z.name_exists(*doubled);
}

}  // namespace zl::targets

namespace zl::targets {

bool local_only_zone(const Zone& z) {
  static const Name kLocalhost = *Name::parse("localhost.", nullptr);
  bool any = false;
  for (auto i : z.records_at(z.origin, rrtype::NS)) {
    auto t = as_name_target(z, z.records[i]);
    if (!t) return false;
    if (!t->target.is_root() && !t->target.is_subdomain_of(kLocalhost)) return false;
    any = true;
  }
  return any;
}

}  // namespace zl::targets

namespace zl::targets {

bool occluded_owner(const Zone& z, NameView owner) {
  if (!z.contains(owner) || owner == z.origin) return false;
  if (auto cut = z.delegation_above(owner); cut && !(*cut == owner)) return true;
  return z.dname_above(owner).has_value();
}

}  // namespace zl::targets
