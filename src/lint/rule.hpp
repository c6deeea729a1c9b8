// Rules: metadata, documentation and a pure check function. One rule per file under rules/,
// listed once in rules/all_rules.cpp.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "lint/diagnostic.hpp"
#include "model/zone.hpp"

namespace YAML {
class Node;
}

namespace zl {

struct RuleOptions;  // per-rule options from the config (see lint/rule_options.hpp)

struct RuleDoc {
  std::string_view summary;         // one line: `zonelint rules`, README table, SARIF shortDescription
  std::string_view what_it_does;
  std::string_view why_it_matters;
  std::string_view example;         // zone text that triggers the rule
  std::string_view use_instead;     // the fixed zone text
  std::string_view options;         // "" when the rule has none
  std::string_view references;      // "RFC 2181 §10.3; RFC 1912 §2.4"
};

class RuleContext;  // what a rule may read besides the zones (options); see lint/engine.hpp

struct Rule {
  std::string_view id;              // permanent kebab-case id
  Severity default_severity;
  std::span<const std::string_view> aliases;  // former ids
  RuleDoc doc;
  std::string_view tags;            // comma separated, for SARIF properties.tags ("mx,mail")
  void (*check)(const ZoneSet&, const RuleContext&, Diagnostics&);
};

// The sorted registry (rules/all_rules.cpp).
std::span<const Rule* const> all_rules();
const Rule* find_rule(std::string_view id_or_alias);

// Markdown documentation of a rule, as `zonelint explain` prints it and SARIF help carries it.
std::string rule_markdown(const Rule& r);

}  // namespace zl
