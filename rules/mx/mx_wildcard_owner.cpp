// mx-wildcard-owner: an MX set owned by a wildcard.
#include "rules/mx/mx_common.hpp"
#include "rules/registry.hpp"

namespace zl::rules {

namespace {

void check(const RuleContext& ctx, Diagnostics& out) {
  for (const auto& set : mx::mx_sets(ctx)) {
    if (!set.owner.is_wildcard() || set.records().empty()) continue;
    const mx::MxRecord& first = set.records().front();
    Diagnostic d = make_finding(
        kMxWildcardOwner, *set.zone, *first.rec, anchor_span(*set.zone, *first.rec),
        "MX set is owned by the wildcard " + quoted(set.owner) + ": every name below " +
            quoted(set.owner.parent()) +
            " that does not exist gets these MX records, and a name that exists gets none "
            "of them (RFC 4592, RFC 1912 §2.7)");
    out.add(std::move(d));
  }
}

}  // namespace

const Rule kMxWildcardOwner{
    "mx-wildcard-owner",
    Severity::info,
    {},
    RuleDoc{
        "an MX set is owned by a wildcard name",
        "Reports each MX set whose owner is a wildcard (`*.example.com.`), once per owner, at "
        "the first record.",
        "A wildcard MX answers only for names that do not exist (RFC 4592): any name with "
        "records of its own, even just an A record, gets no MX from it, which surprises "
        "people (RFC 1912 §2.7). It also makes every typo'd sub-domain accept mail. It is "
        "sometimes deliberate, hence info.",
        "$ORIGIN example.com.\n*  MX 10 mail\n",
        "$ORIGIN example.com.\nwww  MX 10 mail\nlists MX 10 mail\n",
        "",
        "RFC 4592 §2.1, §4; RFC 1912 §2.7",
    },
    "mx,mail,wildcard",
    &check,
};

}  // namespace zl::rules
