// include-ttl-leak: emitted by the parser; documented here.
#include "rules/registry.hpp"

namespace zl::rules {

const Rule kIncludeTtlLeak{
    "include-ttl-leak",
    Severity::warning,
    {},
    RuleDoc{
        "a TTL set inside an $INCLUDEd file reaches records after the $INCLUDE",
        "Emitted by the zone-file parser for the first record after an `$INCLUDE` that has no "
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
    nullptr,
};

}  // namespace zl::rules
