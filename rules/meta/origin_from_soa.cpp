// origin-from-soa: emitted by the loader; documented here.
#include "rules/registry.hpp"

namespace zl::rules {

const Rule kOriginFromSoa{
    "origin-from-soa",
    Severity::info,
    {},
    RuleDoc{
        "the zone origin was taken from the SOA, not from the file name",
        "Emitted by the loader when a zone file has neither `--origin` (nor `origins:` in the "
        "configuration) nor an `$ORIGIN` other than `$ORIGIN .` before its first record, that "
        "first record is an SOA written with an absolute owner (or relative to `$ORIGIN .`), "
        "and that owner is not the origin the file name gives (`db.tele4.upr.example` with "
        "its SOA at `upr.example.`), or the name gives none. The SOA's owner is then the "
        "zone's origin, as `named-checkzone upr.example db.tele4.upr.example` reads the file, "
        "and this finding says so, once, at the SOA. Without it the file would be read as "
        "zone `tele4.upr.example.` and give soa-missing, ns-missing and an out-of-zone error "
        "for every record, all explained by that one choice. `$ORIGIN .` with absolute names "
        "is a valid layout (named-compilezone writes it), so this is information, not a "
        "warning.",
        "The file name is only a guess at the zone; the SOA is where the zone really starts "
        "(RFC 1035 §5.2). Saying which origin was used lets you check that it is the zone you "
        "meant, and give `--origin` if it is not.",
        "; db.tele4.upr.example\n$ORIGIN .\n$TTL 3600\nupr.example. SOA ns1.upr.example. "
        "hostmaster.upr.example. 1 7200 3600 1209600 300\n",
        "; zonelint --origin upr.example db.tele4.upr.example   (or rename the file "
        "db.upr.example, or start it with $ORIGIN upr.example.)\n",
        "",
        "RFC 1035 §5.1, §5.2",
    },
    "zone,origin",
    nullptr,
};

}  // namespace zl::rules
