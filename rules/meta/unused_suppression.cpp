// unused-suppression: emitted by the engine; documented here.
#include "rules/registry.hpp"

namespace zl::rules {

const Rule kUnusedSuppression{
    "unused-suppression",
    Severity::info,
    {},
    RuleDoc{
        "an inline suppression matched no finding",
        "Emitted by the engine after applying inline suppressions (`zonelint: disable=...`, "
        "`disable-next-line=...`, `disable-file=...`): reports each rule id in a suppression "
        "comment that suppressed nothing, and ids that name no rule. A suppression for a rule "
        "that the configuration turns off for the file is not reported. It can itself be "
        "ignored in the config, or suppressed with `disable-file=unused-suppression`.",
        "A stale suppression hides the next real finding of that rule on the line. Removing "
        "it keeps the file honest.",
        "$ORIGIN example.com.\n@  MX 10 mx1.provider.net. ; zonelint: disable=mx-target-cname\n",
        "$ORIGIN example.com.\n@  MX 10 mx1.provider.net.\n",
        "",
        "",
    },
    "meta",
    nullptr,
};

}  // namespace zl::rules
