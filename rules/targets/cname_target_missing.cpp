// cname-target-missing: a dangling alias into a loaded zone.
#include "rules/live/live_common.hpp"
#include "rules/registry.hpp"
#include "rules/targets/targets_common.hpp"

namespace zl::rules {

namespace {

// The tail of a dangling-alias message: what answers the alias's queries.
std::string consequence(const Zone& z, const Record& r) {
  return r.type == rrtype::DNAME ? ", nor does any name below it; every name below " +
                                       quoted(z.owner(r)) + " is answered with NXDOMAIN"
                                 : "; the alias " + quoted(z.owner(r)) + " answers with NXDOMAIN";
}

// Live mode (--resolve): a target outside the loaded zones that the network answers with
// NXDOMAIN (RFC 8020: nor does any name below it exist). A name that exists with other data
// than an address is a valid target, and a failure of the network is live-check-failed.
void check_live(const RuleContext& ctx, const Zone& z, const Record& r, const Name& target,
                Diagnostics& out) {
  if (targets::unresolvable_suffix(target)) return;  // target-special-use
  const live::LiveTarget lt = live::address_of(ctx, target);
  if (lt.kind == live::LiveTarget::failed) {
    out.add(live::check_failed(ctx, z, r, field_span(ctx.sources(), z, r, 0), target, lt.reason));
    return;
  }
  if (lt.kind != live::LiveTarget::nxdomain) return;
  std::string what = " does not exist (NXDOMAIN, checked live)";
  if (!(lt.canonical == target))
    what = " is an alias (CNAME to " + quoted(lt.canonical) +
           ") and that name does not exist (NXDOMAIN, checked live)";
  out.add(make_finding(kCnameTargetMissing, z, r, field_span(ctx.sources(), z, r, 0),
                       type_name(r.type) + " target " + quoted(target) + what + consequence(z, r) +
                           " (RFC 1034 §3.6.2)"));
}

void check(const RuleContext& ctx, Diagnostics& out) {
  for (const Zone* z : ctx.zones()) {
    targets::OccludedOwners occluded(*z);
    // The shared CNAME pass has looked most CNAME targets up already: one that owns records
    // is no finding. Its answers are by position in records_of_type(CNAME); `k` walks that
    // list beside this one (both in file order) and is used only where the two agree on the
    // record, so a CNAME it does not match just takes the full test below.
    const targets::CnameTargets& known = targets::cname_targets(ctx, *z);
    const TypeRecords cnames = z->records_of_type(rrtype::CNAME);
    auto cname = cnames.begin();
    std::size_t k = 0;
    for (const std::uint32_t i : records_of_types(*z, {rrtype::CNAME, rrtype::DNAME})) {
      const Record& r = z->records[i];
      if (cname != cnames.end() && *cname == i) {
        const bool owns = k < known.target_owns_records.size() && known.target_owns_records[k];
        ++cname;
        ++k;
        if (owns) continue;
      }
      if (r.has(kValueUnknown) || !in_zone(*z, r)) continue;
      if (occluded(r)) continue;  // occluded-data
      auto t = as_name_target(*z, r);
      if (!t) continue;
      if (targets::doubled_origin(ctx, *z, r, 0)) continue;  // missing-trailing-dot
      const Zone* tz = authoritative_for(ctx, t->target, *z);
      if (!tz) {
        check_live(ctx, *z, r, t->target, out);  // outside the loaded zones: live mode only
        continue;
      }
      // The common case first: a target that exists (below a delegation or not) is no finding.
      if (tz->name_exists(t->target)) continue;
      const Resolution res = resolve(ctx, t->target, *z);
      if (res.kind != Resolution::nxdomain || ctx.incomplete(*res.zone)) continue;
      if (targets::owner_lost_dot(*res.zone, t->target)) continue;  // missing-trailing-dot
      out.add(make_finding(kCnameTargetMissing, *z, r, field_span(ctx.sources(), *z, r, 0),
                           type_name(r.type) + " target " + quoted(t->target) +
                               " does not exist in zone " + quoted(res.zone->origin) +
                               consequence(*z, r) + " (RFC 1034 §3.6.2)"));
    }
  }
}

}  // namespace

const Rule kCnameTargetMissing{
    "cname-target-missing",
    Severity::warning,
    {},
    RuleDoc{
        "CNAME or DNAME target in a loaded zone does not exist (dangling alias)",
        "For every CNAME and DNAME whose target falls inside a loaded zone (the authoritative "
        "one, the longest matching origin), checks that the target exists there: it owns "
        "records, is an empty non-terminal (names below it exist), or is covered by a "
        "wildcard (RFC 4592). Targets below a delegation are the child zone's business, "
        "targets outside every loaded zone are not looked up offline, a target that lost its final "
        "dot is missing-trailing-dot's, and a zone with parse errors is not judged. A record that "
        "is itself below a delegation or a DNAME is occluded-data's: it is "
        "never served. With `--resolve` (live mode), a target outside every loaded zone is "
        "looked up too, and reported when the network answers NXDOMAIN (directly or at the "
        "end of its own aliases), saying \"checked live\"; a target that exists with other "
        "data than an address is a valid alias target.",
        "A CNAME to a name that does not exist answers every query for the alias with "
        "NXDOMAIN: the alias is broken, usually after the target was renamed or removed. A "
        "dangling alias into a zone you control is also how sub-domain takeovers begin once "
        "the target name is re-registered elsewhere.",
        "$ORIGIN example.com.\nwww  CNAME web\n",
        "$ORIGIN example.com.\nwww  CNAME web\nweb  A     192.0.2.80\n",
        "",
        "RFC 1034 §3.6.2; RFC 6672 §2 (DNAME); RFC 4592",
    },
    "cname,alias",
    &check,
};

}  // namespace zl::rules
