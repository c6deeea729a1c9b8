// config-error: a configuration the tool refuses; reported by the CLI, documented here.
#include "rules/registry.hpp"

namespace zl::rules {

const Rule kConfigError{
    "config-error",
    Severity::error,
    {},
    RuleDoc{
        "the configuration is invalid",
        "Reported by the command line before any file is linted, when `.zonelint.yaml` (found "
        "by walking up from each linted file, or given with `--config`) or an option cannot be "
        "used: an unknown key, an unknown rule id or a glob that matches no rule, a value of "
        "the wrong type, an invalid origin, a missing `--config` file. The message names the "
        "file and the key. `select`/`ignore` can't turn it off, and the run exits 2 without "
        "linting anything. When the problem has a place in a config file, every report "
        "shows it there, as the only finding (so code scanning annotates the config line); "
        "otherwise the message goes to stderr.",
        "A configuration that is silently half-applied lints with rules nobody chose: a "
        "misspelt rule id in `ignore` would leave the rule on, one in `select` would turn "
        "every other rule off.",
        "; .zonelint.yaml\n; select: [mx-taget-cname]   (no rule has this id)\n",
        "; .zonelint.yaml\n; select: [mx-target-cname]\n",
        "",
        "",
    },
    "meta,config",
    nullptr,
    {},
    true,
};

}  // namespace zl::rules
