// ttl-inherited: without $TTL, records took the TTL of the record before them (RFC 1035 §5.1).
// The parser records them (TtlFacts::inherited); this rule reports the first, once per zone.
#include "lint/context.hpp"
#include "rules/meta/ttl_common.hpp"
#include "rules/registry.hpp"

namespace zl::rules {

namespace {

void check(const RuleContext& ctx, Diagnostics& out) {
  for (const Zone* z : ctx.zones()) {
    const TtlFacts::Inherited& in = z->ttl_facts.inherited;
    if (in.count == 0) continue;
    const std::size_t more = in.count - 1;
    Diagnostic d;
    d.rule = kTtlInherited.id;
    d.severity = kTtlInherited.default_severity;
    d.message =
        "no $TTL is in force, so this record takes the TTL of the last record that had one (" +
        std::to_string(in.ttl) + ")" + (more ? ", " + and_so_more(more) : std::string()) +
        ": RFC 1035 §5.1 semantics, which BIND follows with a warning while Knot gives such "
        "records its default-ttl setting; add $TTL at the top (RFC 2308 §4)";
    d.span = in.first;
    d.owner = in.owner.canonical_text();
    d.type = type_name(in.type);
    if (in.source.valid()) d.notes.push_back(Note{in.source, "the TTL it takes, set here"});
    out.add(std::move(d));
  }
}

}  // namespace

const Rule kTtlInherited{
    "ttl-inherited",
    Severity::warning,
    {},
    RuleDoc{
        "without $TTL, a record takes the TTL of the record before it",
        "Reported once per zone (the parser records the fact) at the first record that has no TTL "
        "of "
        "its own while no `$TTL` is in force, so that it takes the TTL of the last record that "
        "had one. The finding counts the records concerned and points at the TTL the first "
        "one takes. (A zone whose SOA has no TTL either is `ttl-missing`.)",
        "That inheritance is RFC 1035 §5.1's rule, which BIND still follows with a warning "
        "(\"using RFC1035 TTL semantics\"). Since RFC 2308 a zone sets `$TTL`, and other "
        "servers do not inherit: Knot gives such records its `default-ttl` setting. One "
        "short-lived record written with an explicit TTL then silently shortens every record "
        "after it, on BIND only.",
        "$ORIGIN example.com.\n@    3600 SOA ns1 hostmaster 1 7200 3600 1209600 300\n"
        "@         NS  ns1\nmail  300 A   192.0.2.25\nwww       A   192.0.2.80\n",
        "$ORIGIN example.com.\n$TTL 3600\n@         SOA ns1 hostmaster 1 7200 3600 1209600 300\n"
        "@         NS  ns1\nmail  300 A   192.0.2.25\nwww       A   192.0.2.80\n",
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
