// include-ttl-leak: a $TTL set inside an $INCLUDEd file reached records after the $INCLUDE.
// The parser records each such leak (TtlFacts::include_leaks); this rule reports them.
#include "lint/context.hpp"
#include "rules/meta/ttl_common.hpp"
#include "rules/registry.hpp"

namespace zl::rules {

namespace {

Diagnostic leak_finding(const SourceSet& src, const TtlFacts::IncludeLeak& leak) {
  // The file that holds the $TTL (an $INCLUDE within the included file may hold it).
  const FileId holder = leak.source.valid() ? leak.source.file : leak.included;
  const std::string file = src.file(holder).path();
  Diagnostic d;
  d.rule = kIncludeTtlLeak.id;
  d.severity = kIncludeTtlLeak.default_severity;
  d.message =
      "this record takes TTL " + std::to_string(leak.bind_ttl) + " from " +
      (leak.from_soa_minimum ? "the SOA minimum" : "the $TTL") + " in the included file '" + file +
      "'" + (leak.count > 1 ? " (" + and_so_more(leak.count - 1) + " after it)" : "") +
      ": BIND keeps a $TTL of an included file in force after the $INCLUDE, Knot " +
      (leak.knot_ttl ? "goes back to the $TTL before it (" + std::to_string(*leak.knot_ttl) + ")"
                     : "goes back to its default-ttl setting (there was no $TTL before it)") +
      "; give the record an explicit TTL or repeat $TTL after the $INCLUDE";
  d.span = leak.first;
  d.owner = leak.owner.canonical_text();
  d.type = type_name(leak.type);
  d.notes.push_back(Note{leak.include, "$INCLUDE here"});
  if (leak.source.valid())
    d.notes.push_back(Note{leak.source, "TTL set here, inside the included file"});
  return d;
}

void check(const RuleContext& ctx, Diagnostics& out) {
  for (const Zone* z : ctx.zones())
    for (const TtlFacts::IncludeLeak& leak : z->ttl_facts.include_leaks)
      out.add(leak_finding(ctx.sources(), leak));
}

}  // namespace

const Rule kIncludeTtlLeak{
    "include-ttl-leak",
    Severity::warning,
    {},
    RuleDoc{
        "a TTL set inside an $INCLUDEd file reaches records after the $INCLUDE",
        "Reported (from what the parser records) at the first record after an `$INCLUDE` that has "
        "no "
        "TTL of its own and takes it from a `$TTL` set inside the included file (or from the "
        "SOA minimum there, standing in for a missing `$TTL`). The finding counts the records "
        "concerned, and carries the `$INCLUDE` and the `$TTL` as related locations. Files "
        "without any `$TTL` are left to other checks: there Knot uses its `default-ttl` "
        "setting and BIND the last explicit TTL, include or not.",
        "Servers disagree on what an included file leaves behind. BIND 9 keeps a `$TTL` of the "
        "included file in force after the `$INCLUDE`; Knot restores the `$TTL` of the "
        "including file, as both do for the origin (RFC 1035 §5.1 only says that `$INCLUDE` "
        "does not change the including file's origin). The same zone then gets different TTLs "
        "on a BIND primary and a Knot secondary, or after a migration. A common layout trips "
        "on it: `$TTL` and the SOA kept in one file that every zone includes first; on Knot "
        "the records of the including file then get the `default-ttl` setting (3600) instead "
        "(reported on the knot-dns-users list in July 2024).",
        "; zone file\n$TTL 3600\n$INCLUDE hosts.inc\nwww  A  192.0.2.80\n"
        "; hosts.inc\n$TTL 300\nmail  A  192.0.2.25\n",
        "; zone file\n$TTL 3600\n$INCLUDE hosts.inc\n$TTL 3600\nwww  A  192.0.2.80\n",
        "",
        "RFC 1035 §5.1; RFC 2308 §4",
    },
    "ttl",
    &check,
    {},
    false,
    true,
};

}  // namespace zl::rules
