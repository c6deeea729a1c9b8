// parse-error: emitted by the parser and the front ends; documented here.
#include "rules/registry.hpp"

namespace zl::rules {

const Rule kParseError{
    "parse-error",
    Severity::error,
    {},
    RuleDoc{
        "the input could not be read as written",
        "Emitted by the zone-file parser and the DNS-as-code front ends, not by a check: a "
        "syntax error, a value out of range (an MX preference of 70000), a malformed address, "
        "a name or label too long, an unknown type, a failed `$INCLUDE`. The finding points "
        "at the offending token and says what was expected. The parser goes on with the next "
        "entry, so one run shows every bad line. `select`/`ignore` can't turn it off; an "
        "inline suppression can.",
        "A record that does not parse is not in the zone at all: a server refuses the whole "
        "zone (BIND, Knot) or, worse, some servers silently change the value (NSD and ldns "
        "wrap preference 70000 to 4464).",
        "$ORIGIN example.com.\n@  MX 70000 mail\n",
        "$ORIGIN example.com.\n@  MX 10 mail\n",
        "",
        "RFC 1035 §5.1, §3.3.9",
    },
    "syntax",
    nullptr,
    {},
    true,
};

}  // namespace zl::rules
