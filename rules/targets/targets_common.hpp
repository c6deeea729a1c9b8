// Helpers shared by the target-name rules (NS, SRV, CNAME targets, glue, occlusion, special-use
// names) and the zone-structure rules that look names up.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "lint/rule_support.hpp"

namespace zl::targets {

// A name-valued rdata field of a record: its field index (token position) and the name it
// expanded to.
struct NameField {
  std::size_t field = 0;
  Name name;
};
// The name-valued fields of `r` (NS, CNAME, DNAME, PTR, MX, SRV, SOA MNAME and RNAME,
// SVCB/HTTPS targets, AFSDB, RT, KX, PX, RP, MINFO, MB, MG, MR, NAPTR replacement, NSEC next
// name), decoded from the wire rdata. Empty for other types or malformed rdata.
std::vector<NameField> name_fields(const Zone& z, const Record& r);
// Does a record of this type have name-valued rdata fields (name_fields can be non-empty)?
bool has_name_fields(std::uint16_t type);

// Does `n` own an in-zone A or AAAA record in `z`?
bool has_address(const Zone& z, NameView n);
// The same, told from n's records (Lookup::records, Zone::owner_records of `n`) without
// another lookup.
bool has_address(const Zone& z, NameView n, std::span<const std::uint32_t> records_of_n);
// Is one of `records` (of zone `z`) of type `type`?
bool has_type(const Zone& z, std::span<const std::uint32_t> records, std::uint16_t type);
// The types `n` owns in `z`, for messages: "TXT, MX".
std::string types_at(const Zone& z, NameView n);
// In-zone CNAME records owned by `owner`.
std::vector<std::uint32_t> cnames_at(const Zone& z, const Name& owner);

// If `target` is an alias (owns a CNAME, is covered by a wildcard CNAME, or lies below a
// DNAME) in the loaded zones, the finding of `rule` at field `field` of record `r` of zone `z`
// (field_span, lexed only for a finding): "<what> '<target>' is an alias (CNAME); <why>", with
// notes at the CNAME or DNAME.
std::optional<Diagnostic> alias_finding(const RuleContext& ctx, const Rule& rule, const Zone& z,
                                        const Record& r, std::size_t field, std::string_view what,
                                        const Name& target, std::string_view why);

// The text of field `i` of `r` as written ("" when the front end kept none, or past the last
// field).
std::string_view field_text(const RuleContext& ctx, const Zone& z, const Record& r, std::size_t i);
// Is the field written as a name that already ends with the origin (or a TLD), so that
// missing-trailing-dot reports it? Rules that would fire on the doubled name defer to it.
bool doubled_origin(const RuleContext& ctx, const Zone& z, const Record& r, std::size_t i);
// may_read_as_full_name for the text of name field `i` of `r`, told from the name in the
// rdata when `r` is written plainly (written_plainly): the text is read only for a name that
// the name cannot rule out (one that ends with the origin's last label, or a TLD, above the
// origin). False for a field past the last one.
bool field_may_read_as_full_name(const RuleContext& ctx, const Zone& z, const Record& r,
                                 std::size_t i);
// The same, for a caller that asks about many records of `z` and counts the labels of its
// origin once (`zone_origin_labels`: z.origin.label_count()).
bool field_may_read_as_full_name(const RuleContext& ctx, const Zone& z, const Record& r,
                                 std::size_t i, std::size_t zone_origin_labels);
// A cheap first test for mx::reads_as_full_name, from the text alone: false only when that
// function returns "" for `text` (a name with its final dot, a relative name whose last label
// is neither the origin's last label nor a public TLD), true when the full test must decide.
// Most targets of a large zone are of the first kinds, and the full test parses each of them
// into a Name twice: the rules that ask for every target ask this first.
bool may_read_as_full_name(const RuleContext& ctx, const Zone& z, std::string_view text);
// The layout of a type's rdata as name_fields reads it: one character per field, 'N' for a
// name ("222N" for SRV); empty for a type without name fields.
std::string_view name_field_layout(std::uint16_t type);

// The special-use domain name (RFC 6761 and the IANA Special-Use Domain Names registry, plus
// the locally served zones of RFC 6303) that `n` is at or below, if any: 'invalid.',
// 'localhost.', 'local.', 'onion.', 'test.', 'example.com.', '10.in-addr.arpa.', ...
std::optional<Name> special_use_suffix(const Name& n);
// The subset of those that can never resolve on the public Internet, for targets: invalid,
// localhost, local, onion, test, alt, home.arpa (RFC 6761 §6.2-6.4, RFC 6762, RFC 7686,
// RFC 8375, RFC 9476).
std::optional<Name> unresolvable_suffix(const Name& n);

}  // namespace zl::targets

namespace zl::targets {

// One step of alias resolution in the loaded zones: the CNAME owned by (or synthesised by a
// wildcard for) `name`, or the DNAME above it, and the name it leads to. nullopt when `name`
// is not an alias there. `from`: the zone of the record that leads to `name`, which answers
// when it is a copy of the zone that would (resolve(ctx, name, from)).
struct AliasHop {
  const Zone* zone = nullptr;
  const Record* rec = nullptr;  // the CNAME or DNAME
  Name to;
};
std::optional<AliasHop> alias_hop(const RuleContext& ctx, const Name& name,
                                  const Zone* from = nullptr);

// What one pass over the CNAMEs of a zone learns about their targets, for the rules that
// look every CNAME target up (cname-chain, cname-loop, cname-target-missing): nearly all
// targets own records and are no alias, so the rules share this pass (RuleContext::memo, key
// "targets.cname-targets") and look up only the few others themselves.
struct AliasedCname {
  std::uint32_t record = 0;  // index of the CNAME in z.records
  AliasHop first;            // the hop from its target
};
struct CnameTargets {
  // The in-zone CNAMEs whose target is itself an alias, each with that first hop
  // (alias_hop of the target), in file order.
  std::vector<AliasedCname> aliased;
  // By position in z.records_of_type(CNAME): true when the CNAME is in zone, its value known,
  // and its target owns records in the loaded zone authoritative for it (false says nothing).
  std::vector<bool> target_owns_records;
};
// Those of zone `z` (one of ctx.zones()).
const CnameTargets& cname_targets(const RuleContext& ctx, const Zone& z);

// What one pass over the SRV records of a zone learns about their targets, for the two rules
// that look every SRV target up (srv-target-cname, srv-target-no-address): nearly every target
// owns an address and no CNAME, and neither rule has anything to say about it. They share this
// pass (RuleContext::memo, key "targets.srv-targets"; a byte a record) and run their own check
// only on the records it does not settle.
struct SrvTargets {
  enum Quiet : std::uint8_t {
    kNoAlias = 1,     // srv-target-cname reports nothing on the record
    kHasAddress = 2,  // srv-target-no-address reports nothing on the record
  };
  // By position in z.records_of_type(SRV): the Quiet bits of the record (0 settles nothing).
  std::vector<std::uint8_t> quiet;
  bool settles(std::size_t k, Quiet rule) const {
    return k < quiet.size() && (quiet[k] & rule) != 0;
  }
};
// Those of zone `z` (one of ctx.zones()).
const SrvTargets& srv_targets(const RuleContext& ctx, const Zone& z);

}  // namespace zl::targets

namespace zl::targets {

// Does `target`, a name of zone `z` that does not exist there, exist spelled with the origin
// twice (`www.example.com.example.com.`)? Then an owner lost its final dot: missing-trailing-dot
// reports that owner, and rules that would call `target` missing stay quiet (one mistake, one
// finding).
bool owner_lost_dot(const Zone& z, const Name& target);

}  // namespace zl::targets

namespace zl::targets {

// Is `z` served only locally: every apex NS host is `localhost.` or the root (response policy
// zones, the locally served zones of RFC 6303 as Debian's db.empty and db.local ship them)?
bool local_only_zone(const Zone& z);

}  // namespace zl::targets

namespace zl::targets {

// Is `owner` never served from `z`: below one of its delegation points, or below a DNAME?
// occluded-data reports such records; the other rules leave them alone (one finding).
bool occluded_owner(const Zone& z, NameView owner);
// occluded_owner of the owners of records of `z` asked about in turn (a pass in file order):
// a record with the owner of the record before (in the same copy in the zone's owner store, as
// the records that follow each other in a file with one owner have it) takes that answer, so
// the several records of one owner cost one walk of its ancestors.
class OccludedOwners {
 public:
  explicit OccludedOwners(const Zone& z) : zone_(&z) {}
  bool operator()(const Record& r) {
    const NameView owner = zone_->owner(r);
    if (owner.wire().data() != last_) {
      last_ = owner.wire().data();
      answer_ = occluded_owner(*zone_, owner);
    }
    return answer_;
  }

 private:
  const Zone* zone_;
  const char* last_ = nullptr;  // the wire of the owner last asked about
  bool answer_ = false;
};

}  // namespace zl::targets
