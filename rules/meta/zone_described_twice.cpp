// zone-described-twice: emitted by the DNS-as-code front ends; documented here.
#include "rules/registry.hpp"

namespace zl::rules {

const Rule kZoneDescribedTwice{
    "zone-described-twice",
    Severity::warning,
    {},
    RuleDoc{
        "generated DNS-as-code input describes one zone twice",
        "Emitted by the DNSControl and Terraform front ends when the inputs of one run describe "
        "the same zone twice: two `dnscontrol print-ir` files with the same domain, one IR "
        "that lists a domain twice, or two Terraform plans of the same zone (with the same "
        "provider kind). The finding is reported once, at the second description, with the "
        "first as a related location; the second description is not linted, so none of its "
        "findings repeats those of the first. (An octoDNS zone that a manager config and the "
        "walk both reach, and a file pulled in by `$INCLUDE`, are read once and are not this "
        "rule's concern.)",
        "Two descriptions of one zone are either a stale copy (an old IR or plan file left in "
        "the repository) or two sources that fight over the same records at deploy time. "
        "Linting both would report every finding twice.",
        "; zonelint ir.json ir-old.json   (both describe example.com)\n",
        "; zonelint ir.json\n",
        "",
        "",
    },
    "meta,io",
    nullptr,
};

}  // namespace zl::rules
