// io-error: emitted by the loader when an input cannot be read; documented here.
#include "rules/registry.hpp"

namespace zl::rules {

const Rule kIoError{
    "io-error",
    Severity::error,
    {},
    RuleDoc{
        "an input file could not be read",
        "Emitted by the loader, not by a check, when a file named on the command line or found "
        "by the walk cannot be read: it does not exist, is not readable, is not a regular file, "
        "or is larger than the input limit; by the walk for a directory it cannot read or a "
        "dangling symbolic link with a zone file's name; and when a file named on the command "
        "line is not DNS data in any known input format (a CI workflow YAML, `package.json`, "
        "DNSControl's `dnsconfig.js`): that is a mistake in what was asked, not a finding about "
        "DNS data (a walk skips such files silently). The finding names the file and the "
        "reason. `select`/`ignore` can't turn it off, and the run exits 2 whatever the "
        "severity.",
        "A file that was not read was not checked: reporting \"no findings\" for it would pass "
        "a CI job over a typo in a path or a zone that was never generated.",
        "; zonelint zones/exmaple.com.zone   (misspelt: no such file)\n",
        "; zonelint zones/example.com.zone\n",
        "",
        "",
    },
    "meta,io",
    nullptr,
    {},
    true,
};

}  // namespace zl::rules
