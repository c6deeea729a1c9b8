// baseline-entry-unused: emitted by the baseline step (lint/baseline.hpp); documented here.
#include "rules/registry.hpp"

namespace zl::rules {

const Rule kBaselineEntryUnused{
    "baseline-entry-unused",
    Severity::info,
    {},
    RuleDoc{
        "a baseline entry matched no finding",
        "Emitted after the rules when a baseline is in use (`--baseline FILE`, or `baseline:` "
        "in `.zonelint.yaml`): reports each entry of the baseline file whose fingerprint "
        "matched no finding of the run, at the entry's line in the baseline file. The "
        "finding it recorded was fixed (or the record it was on was removed), so the entry "
        "can go. Its severity is info, so it does not fail a run unless `--fail-on info` is "
        "given.",
        "A baseline is a list of known findings that a run forgives. An entry that outlived "
        "its finding forgives the next finding with the same fingerprint, a mistake that "
        "comes back would then pass unseen. Rewriting the baseline once in a while keeps it "
        "as short as the findings that are really left.",
        "; .zonelint-baseline.json records a cname-and-other-data finding on www,\n"
        "; and the zone no longer has it:\n"
        "www  CNAME host\n",
        "; zonelint --write-baseline .zonelint-baseline.json zones/\n"
        "; (the file then lists only the findings that remain)\n",
        "",
        "",
    },
    "meta,baseline",
    nullptr,
};

}  // namespace zl::rules
