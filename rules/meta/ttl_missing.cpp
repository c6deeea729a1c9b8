// ttl-missing: emitted by the parser; documented here.
#include "rules/registry.hpp"

namespace zl::rules {

const Rule kTtlMissing{
    "ttl-missing",
    Severity::warning,
    {},
    RuleDoc{
        "a record has no TTL from any source and got the SOA minimum",
        "Emitted by the zone-file parser for a record with no TTL of its own, no `$TTL` "
        "before it and no earlier explicit TTL. zonelint then gives it the SOA minimum field, "
        "as BIND does, and reports it.",
        "Servers disagree on records without a TTL source: BIND uses the SOA minimum (with a "
        "warning), others refuse the record. Since RFC 2308 the SOA minimum is the negative "
        "caching TTL, usually much shorter than the TTL you want.",
        "example.com. SOA ns1.example.com. hostmaster.example.com. 1 7200 3600 1209600 300\n"
        "example.com. NS  ns1.example.com.\n",
        "$TTL 3600\nexample.com. SOA ns1.example.com. hostmaster.example.com. 1 7200 3600 "
        "1209600 300\nexample.com. NS  ns1.example.com.\n",
        "",
        "RFC 2308 §4, §5; RFC 1035 §5.1",
    },
    "ttl",
    nullptr,
};

}  // namespace zl::rules
