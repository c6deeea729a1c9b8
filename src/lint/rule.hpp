// Rules: metadata, documentation and a pure check function. One rule per file under rules/;
// the build lists them (rules/registry.hpp, rules/all_rules.cpp).
#pragma once

#include <iosfwd>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/diagnostic.hpp"
#include "model/zone.hpp"

namespace zl {

struct RuleDoc {
  std::string_view summary;  // one line: `zonelint rules`, README table, SARIF shortDescription
  std::string_view what_it_does;
  std::string_view why_it_matters;
  std::string_view example;      // zone text that triggers the rule
  std::string_view use_instead;  // the fixed zone text
  std::string_view options;      // "" when the rule has none
  std::string_view references;   // "RFC 2181 §10.3; RFC 1912 §2.4"
};

// A rule option, set in the config under `rules: { <id>: { <name>: [...] } }`. Every option
// is a list of strings; the rule's documentation says what the strings mean.
struct RuleOptionSpec {
  std::string_view name;
  std::string_view description;
  // Checks one value; returns "" when valid, else what is wrong (the config error says where).
  std::string (*validate)(std::string_view value) = nullptr;
};

class RuleContext;  // what a rule may read besides the zones (lint/context.hpp)

struct Rule {
  std::string_view id;  // permanent kebab-case id
  Severity default_severity;
  std::span<const std::string_view> aliases;  // former ids
  RuleDoc doc;
  std::string_view tags;  // comma separated, for SARIF properties.tags ("mx,mail")
  // Pure: reads the zones through the context, appends findings. Rules that the parser, the
  // front ends or the engine emit themselves (parse-error, io-error, unused-suppression) have
  // no check.
  void (*check)(const RuleContext&, Diagnostics&);
  std::span<const RuleOptionSpec> options = {};
  // Problems with the run itself (parse-error, io-error, config-error): `select` and `ignore`
  // cannot turn the rule off (Settings::enabled).
  bool always_enabled = false;
  // The check only reports facts that loading recorded on the model (how a zone file was read:
  // ttl-missing, ttl-inherited, include-ttl-leak), so --parse-only runs it too
  // (load_findings in lint/engine.hpp).
  bool reports_load_facts = false;
};

// Every rule, sorted by id (rules/all_rules.cpp).
std::span<const Rule* const> all_rules();
// By id, or by a former id (alias). nullptr when unknown.
const Rule* find_rule(std::string_view id_or_alias);

// Markdown documentation of a rule, as `zonelint explain` prints it and SARIF help carries it.
std::string rule_markdown(const Rule& r);

// `zonelint rules`: one line per rule: id, default severity, summary.
void print_rules(std::ostream& out);
// `zonelint explain <id>`: prints rule_markdown; false (nothing printed) for an unknown id.
bool explain_rule(std::string_view id, std::ostream& out);

// The README "Rules" table (between the generated-section markers), from the registry.
std::string rules_table_markdown();

// A well-formed rule id: lower-case letters and digits in dash-separated words.
bool is_well_formed_rule_id(std::string_view id);

}  // namespace zl
