// mail-auth-missing: a domain that receives mail without SPF or DMARC.
#include <algorithm>
#include <cstdint>
#include <unordered_map>
#include <vector>

#include "core/ascii.hpp"
#include "lint/psl.hpp"
#include "rules/mail/mail_common.hpp"
#include "rules/mx/mx_common.hpp"
#include "rules/registry.hpp"
#include "rules/spf/spf_record.hpp"

namespace zl::rules {

namespace {

enum class Found { yes, no, unknown };

// Is there a DMARC record at `_dmarc.<d>` (a CNAME there counts: hosted DMARC), as seen from
// zone `from` (the MX owner's: its own copy answers when the run holds two of one zone)?
Found dmarc_at(const RuleContext& ctx, const Name& d, const Zone& from) {
  const auto q = Name::concat(std::string_view("\x06_dmarc", 7), d);
  if (!q) return Found::no;
  const Resolution res = resolve(ctx, *q, from);
  switch (res.kind) {
    case Resolution::exists:
    case Resolution::wildcard:
      if (ctx.incomplete(*res.zone)) return Found::unknown;
      for (auto i : res.zone->records_at(res.source)) {
        const Record& r = res.zone->records[i];
        if (r.type == rrtype::CNAME || r.has(kValueUnknown)) return Found::yes;
        if (r.type == rrtype::TXT && mail::txt_starts_with(*res.zone, r, "v=DMARC1"))
          return Found::yes;
      }
      return Found::no;
    case Resolution::nxdomain:
      return ctx.incomplete(*res.zone) ? Found::unknown : Found::no;
    default:
      return Found::unknown;
  }
}

// "yes" if either says yes, else "unknown" if either can't be known, else "no".
Found either(Found a, Found b) {
  if (a == Found::yes || b == Found::yes) return Found::yes;
  return a == Found::unknown || b == Found::unknown ? Found::unknown : Found::no;
}

// Does every label of `n` hold only letters, digits, '-' and '_'? Then its canonical text is
// the lower-case bytes that the Public Suffix List reads, whichever PublicSuffixList call asks.
// Read on the wire, skipping the length octets (labels() made a vector for each MX owner).
bool plain_labels(NameView n) {
  const std::string_view w = n.wire();
  for (std::size_t pos = 0; pos < w.size() && w[pos] != 0;) {
    const std::size_t end = pos + 1 + static_cast<unsigned char>(w[pos]);
    for (std::size_t i = pos + 1; i < end; ++i) {
      const char c = w[i];
      if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
            c == '-' || c == '_'))
        return false;
    }
    pos = end;
  }
  return true;
}

// What the rule keeps across the MX owners of a run.
struct Memo {
  std::unordered_map<std::string, Found> at;  // dmarc_at of each name above an owner
  // For each parent of MX owners (most MX owners of a zone are siblings): the DMARC answer of
  // the parent and its ancestors down to the organisational domain of its children.
  std::unordered_map<std::string, Found> above;
  // The key being looked up: kept from one lookup to the next, so that asking about a name
  // already known (most lookups: siblings share their parent) allocates nothing.
  std::string key;
  // The parent of the last owner asked about (its wire as written, and the zone asked from)
  // and its answer in `above`: the owners come in canonical order, where siblings follow each
  // other, so most owners find their parent's answer here, without a key made and hashed.
  const Zone* last_zone = nullptr;
  std::string last_parent;
  Found last_above = Found::no;
};

// `key` = `prefix` and the canonical (lower-case) form of wire name `wire`, as canonical_wire()
// gives it. Lowering every byte lowers the labels only: a length octet is at most 63, below 'A'.
const std::string& key_of(std::string& key, std::string_view prefix, std::string_view wire) {
  key.assign(prefix);
  key += wire;
  for (std::size_t i = prefix.size(); i < key.size(); ++i)
    key[i] = static_cast<char>(ascii_lower(static_cast<unsigned char>(key[i])));
  return key;
}

// A DMARC record at `_dmarc.<d>` for d from `owner` up to its organisational domain (RFC 7489
// §6.6.3; DMARCbis walks the same names), looked up from zone `from`. `memo` keeps the answers
// of the names above the owners: the owners of a zone share their ancestors.
Found dmarc_for(const RuleContext& ctx, const Name& owner, const Zone& from, Memo& memo) {
  // A second copy of a zone already in the run (split-horizon views, a zone file and its
  // YAML) may answer otherwise than the first: its answers are kept apart, under keys that
  // start with 0xff (never the first byte of a wire name: a label is at most 63 octets) and
  // the copy's address. The first copy, like a zone without copies, answers as the run does.
  std::string prefix;
  if (ctx.authoritative_for(from.origin) != &from) {
    const auto address = reinterpret_cast<std::uintptr_t>(&from);
    prefix = '\xff';
    prefix.append(reinterpret_cast<const char*>(&address), sizeof address);
  }
  // The answer for `start` and its ancestors of at least `org_labels` labels (at least one),
  // from the top down: the organisational domain's answer is shared by every name below it.
  const auto down_to = [&](const Name& start, std::size_t org_labels) {
    std::vector<Name> chain{start};
    while (chain.back().label_count() > std::max<std::size_t>(org_labels, 1))
      chain.push_back(chain.back().parent());
    Found found = Found::no;
    for (std::size_t i = chain.size(); i-- > 0 && found != Found::yes;) {
      auto [it, fresh] = memo.at.try_emplace(key_of(memo.key, prefix, chain[i].wire()), Found::no);
      if (fresh) it->second = dmarc_at(ctx, chain[i], from);
      found = either(found, it->second);
    }
    return found;
  };
  const PublicSuffixList& psl = ctx.psl();
  const std::size_t n = owner.label_count();
  if (n < 2 || !plain_labels(owner)) {
    const std::string org = psl.registrable_domain(owner);
    return down_to(owner, static_cast<std::size_t>(std::count(org.begin(), org.end(), '.')) + 1);
  }
  // The organisational domain is the owner's public suffix plus one label, or the owner when
  // it is a public suffix itself. Its longest public suffix is the owner, or else its parent's
  // (a suffix of the parent): so the names above the owner, and their answer, are the
  // parent's, asked once for all its children. A registrable_domain() for each MX owner of a
  // large zone, three libpsl queries for a name of three labels, was half the rule's time.
  if (psl.is_public_suffix(owner)) return dmarc_at(ctx, owner, from);
  // The parent's wire is the owner's after its first label: the Name is made only for a parent
  // not seen before.
  const std::string_view parent_wire =
      owner.wire().substr(1 + static_cast<unsigned char>(owner.wire()[0]));
  if (&from != memo.last_zone || parent_wire != memo.last_parent) {
    memo.last_zone = &from;
    memo.last_parent.assign(parent_wire);
    auto [it, fresh] = memo.above.try_emplace(key_of(memo.key, prefix, parent_wire), Found::no);
    if (fresh) {
      const Name parent = Name::from_wire(parent_wire);
      // The parent's longest public suffix, in labels, from its registrable domain: that suffix
      // plus one label, unless the parent is that domain (then the suffix is one label shorter)
      // or a public suffix itself.
      const std::size_t m = n - 1;
      const std::string org = psl.registrable_domain(parent);
      const auto take = static_cast<std::size_t>(std::count(org.begin(), org.end(), '.')) + 1;
      const std::size_t suffix = take < m ? take - 1 : psl.is_public_suffix(parent) ? m : m - 1;
      // The owner's organisational domain has suffix + 1 labels: the parent's names down to it.
      if (suffix < m) it->second = down_to(parent, suffix + 1);
    }
    memo.last_above = it->second;
  }
  if (memo.last_above == Found::yes) return Found::yes;
  return either(dmarc_at(ctx, owner, from), memo.last_above);
}

void check(const RuleContext& ctx, Diagnostics& out) {
  Memo memo;
  const std::vector<mail::MxOwner>& owners = mail::mx_owners(ctx);
  // The owners come in canonical order, their records and names lie scattered over their
  // zones' arrays (in file order): each owner's first MX record is prefetched 3 * kAhead owners
  // ahead, its name and first TXT record 2 * kAhead ahead (from that record, fetched by then),
  // and that TXT record's rdata, which the SPF test below reads, kAhead ahead, so that the
  // waits on memory overlap, as in mx_sets. (Read without the prefetch of its rdata, the TXT
  // record's rdata was a sixth of the rule's time on the 1M-record bench zone.)
  constexpr std::size_t kAhead = 8;
  for (std::size_t n = 0; n < owners.size(); ++n) {
    if (n + 3 * kAhead < owners.size()) __builtin_prefetch(owners[n + 3 * kAhead].first);
    if (n + 2 * kAhead < owners.size()) {
      const mail::MxOwner& ahead = owners[n + 2 * kAhead];
      __builtin_prefetch(ahead.zone->owner(*ahead.first).prefixed());
      if (const auto txt = ahead.zone->owner_run(ahead.owner_index, rrtype::TXT); !txt.empty())
        __builtin_prefetch(&ahead.zone->records[txt.front()]);
    }
    if (n + kAhead < owners.size()) {
      const mail::MxOwner& ahead = owners[n + kAhead];
      if (const auto txt = ahead.zone->owner_run(ahead.owner_index, rrtype::TXT); !txt.empty()) {
        const Record& r = ahead.zone->records[txt.front()];
        if (r.rdata_off != Record::kNoData)
          __builtin_prefetch(ahead.zone->rdata_arena.data() + r.rdata_off);
      }
    }
    const mail::MxOwner& mo = owners[n];
    if (!mo.complete || !mo.has_real || ctx.incomplete(*mo.zone)) continue;
    struct {
      const Zone* zone;
      const Name owner;
    } set{mo.zone, Name(mo.zone->owner(*mo.first))};
    if (set.owner.is_wildcard()) continue;
    // Fast path: an SPF TXT at the owner itself (an MX owner is no alias); else the full
    // lookup, which knows wildcards and names outside the loaded zones.
    bool no_spf = true;
    for (auto i : set.zone->owner_run(mo.owner_index, rrtype::TXT)) {
      const Record& r = set.zone->records[i];
      if (r.has(kValueUnknown) || spf::wire_is_spf(set.zone->rdata(r))) {
        no_spf = false;
        break;
      }
    }
    if (no_spf)
      no_spf =
          spf::spf_at(ctx, set.owner, spf::offline_resolver(), set.zone).status == spf::SpfAt::none;
    const Found dmarc = dmarc_for(ctx, set.owner, *set.zone, memo);
    const bool no_dmarc = dmarc == Found::no;
    if (!no_spf && !no_dmarc) continue;
    const std::string org = ctx.psl().registrable_domain(set.owner);
    std::string own = set.owner.canonical_text();
    own.pop_back();
    std::string what;
    if (no_spf) what = "no SPF record";
    if (no_dmarc)
      what += std::string(no_spf ? " and " : "") + "no DMARC record at '_dmarc." + own + ".'" +
              (org != own ? " or '_dmarc." + org + ".'" : "");
    out.add(make_finding(kMailAuthMissing, *set.zone, *mo.first, anchor_span(*set.zone, *mo.first),
                         quoted(set.owner) + " receives mail (MX) but has " + what +
                             "; large mailbox providers junk or reject mail from domains "
                             "without SPF and DMARC, and anyone can send mail in its name"));
  }
}

}  // namespace

const Rule kMailAuthMissing{
    "mail-auth-missing",
    Severity::info,
    {},
    RuleDoc{
        "a domain that receives mail publishes no SPF or no DMARC record",
        "For each owner with a non-null MX set, looks in the loaded zones for an SPF record "
        "at the owner and for a DMARC record at `_dmarc.<owner>` or at the `_dmarc` of any "
        "parent up to its organisational domain (Public Suffix List), where receivers find a "
        "policy that covers sub-domains. A CNAME at a `_dmarc` name (a hosted DMARC service) "
        "counts as a record. When a name can't be known offline (outside the loaded zones, "
        "delegated), nothing is said about it. Null-MX domains are mail-null-mx-spf's.",
        "Since 2024 the large mailbox providers require SPF (or DKIM) and DMARC from "
        "senders, and a domain that receives mail usually sends it too. Without SPF and "
        "DMARC anyone can send mail in the domain's name and receivers can't tell.",
        "$ORIGIN example.com.\n@  MX  10 mx1.example.net.\n@  MX  20 mx2.example.net.\n",
        "$ORIGIN example.com.\n@       MX  10 mx1.example.net.\n@       MX  20 mx2.example.net.\n"
        "@       TXT \"v=spf1 mx -all\"\n_dmarc  TXT \"v=DMARC1; p=reject; "
        "rua=mailto:dmarc@example.com\"\n",
        "",
        "RFC 7208 §2.3; RFC 7489 §6.1, §6.6.3",
    },
    "mail,spf,dmarc",
    &check,
};

}  // namespace zl::rules
