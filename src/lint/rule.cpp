#include "lint/rule.hpp"

#include <algorithm>
#include <ostream>
#include <utility>
#include <vector>

namespace zl {

namespace {

// Every id and alias with its rule, sorted by name; of two equal names, the one of the rule
// first in all_rules() (whose id comes first) first.
std::vector<std::pair<std::string_view, const Rule*>> rule_names() {
  std::vector<std::pair<std::string_view, const Rule*>> names;
  for (const Rule* r : all_rules()) {
    names.emplace_back(r->id, r);
    for (const std::string_view a : r->aliases) names.emplace_back(a, r);
  }
  std::stable_sort(names.begin(), names.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  return names;
}

}  // namespace

// The first rule in all_rules() whose id or an alias is `id`. A binary search: the policy asks
// for every finding (Settings::enabled), and a scan of the 85 rules and their aliases took
// ~0.5 ms of the main thread to choose the rules of a run, between its load and its rules.
const Rule* find_rule(std::string_view id) {
  static const std::vector<std::pair<std::string_view, const Rule*>> kNames = rule_names();
  const auto it = std::lower_bound(kNames.begin(), kNames.end(), id,
                                   [](const auto& n, std::string_view v) { return n.first < v; });
  return it != kNames.end() && it->first == id ? it->second : nullptr;
}

bool is_well_formed_rule_id(std::string_view id) {
  if (id.empty() || id.front() == '-' || id.back() == '-') return false;
  char prev = 0;
  for (char c : id) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
    if (!ok || (c == '-' && prev == '-')) return false;
    prev = c;
  }
  return id.front() >= 'a' && id.front() <= 'z';
}

namespace {
void section(std::string& out, std::string_view title, std::string_view body) {
  if (body.empty()) return;
  out += "\n## ";
  out += title;
  out += "\n\n";
  out += body;
  if (out.back() != '\n') out += '\n';
}

void code_section(std::string& out, std::string_view title, std::string_view body) {
  if (body.empty()) return;
  out += "\n## ";
  out += title;
  out += "\n\n```dns\n";
  out += body;
  if (out.back() != '\n') out += '\n';
  out += "```\n";
}
}  // namespace

std::string rule_markdown(const Rule& r) {
  std::string out = "# ";
  out += r.id;
  out += "\n\n";
  out += r.doc.summary;
  out += "\n\nDefault severity: ";
  out += to_string(r.default_severity);
  out += ".";
  if (!r.aliases.empty()) {
    out += " Former ids:";
    for (auto a : r.aliases) {
      out += " `";
      out += a;
      out += "`";
    }
    out += ".";
  }
  out += "\n";
  section(out, "What it does", r.doc.what_it_does);
  section(out, "Why it matters", r.doc.why_it_matters);
  code_section(out, "Example", r.doc.example);
  code_section(out, "Use instead", r.doc.use_instead);
  section(out, "Options", r.doc.options.empty() ? std::string_view("None.") : r.doc.options);
  section(out, "References", r.doc.references);
  return out;
}

void print_rules(std::ostream& out) {
  std::size_t width = 0;
  for (const Rule* r : all_rules()) width = std::max(width, r->id.size());
  for (const Rule* r : all_rules()) {
    out << r->id << std::string(width + 2 - r->id.size(), ' ');
    const std::string_view sev = to_string(r->default_severity);
    out << sev << std::string(9 - sev.size(), ' ') << r->doc.summary << '\n';
  }
}

bool explain_rule(std::string_view id, std::ostream& out) {
  const Rule* r = find_rule(id);
  if (!r) return false;
  out << rule_markdown(*r);
  return true;
}

std::string rules_table_markdown() {
  std::string out = "| id | default severity | what it reports | references |\n|---|---|---|---|\n";
  for (const Rule* r : all_rules()) {
    // The anchor is what reports link to (doc_url, SARIF helpUri): README.md#rule-<id>.
    out += "| <a id=\"rule-";
    out += r->id;
    out += "\"></a>`";
    out += r->id;
    out += "` | ";
    out += to_string(r->default_severity);
    out += " | ";
    for (char c : r->doc.summary) {
      if (c == '|')
        out += "\\|";
      else
        out += c;
    }
    out += " | ";
    out += r->doc.references.empty() ? std::string_view("-") : r->doc.references;
    out += " |\n";
  }
  return out;
}

}  // namespace zl
