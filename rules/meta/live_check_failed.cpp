// live-check-failed: a live-mode query that the network could not answer; emitted by the rules
// that look names up (--resolve), documented here.
#include "rules/registry.hpp"

namespace zl::rules {

const Rule kLiveCheckFailed{
    "live-check-failed",
    Severity::info,
    {},
    RuleDoc{
        "a live check could not be made: the network gave no answer",
        "Only with `--resolve`. When a rule looks a name outside the loaded zones up (an MX "
        "exchange at a mail provider, an SPF include) and the query ends in SERVFAIL, REFUSED, "
        "a DNSSEC validation failure or no answer within `--resolve-timeout`, the rule "
        "concludes nothing about the name and this info finding says which name could not be "
        "checked, why, and which server was asked. A failure of the network is never a "
        "finding about the zone. With `--resolve=strict` such a run exits 2, for pipelines "
        "that must not pass unchecked.",
        "A check that silently did not happen looks like a check that passed.",
        "$ORIGIN example.com.\n@  MX 10 mx.provider-with-broken-dns.example.\n",
        "(nothing to fix in the zone; retry, or check the resolver given with --resolver)",
        "",
        "RFC 1035 §4.1.1 (RCODE); RFC 8914 (extended DNS errors)",
    },
    "live",
    nullptr,
};

}  // namespace zl::rules
