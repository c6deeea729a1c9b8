// Inline fixture expectations (fixtures/README.md): parsing and comparison, shared by the
// fixture runner.
#pragma once

#include <algorithm>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "core/diagnostic.hpp"
#include "core/source.hpp"

namespace zltest {

// "path:line: rule(severity)" or "path:line: rule": one expected or actual finding.
struct Finding {
  std::string path;
  std::uint32_t line = 0;
  std::string rule;
  std::optional<zl::Severity> severity;
  std::string text() const {
    std::string s = path + ":" + std::to_string(line) + ": " + rule;
    if (severity) s += "(" + std::string(zl::to_string(*severity)) + ")";
    return s;
  }
};

inline std::string trim(std::string s) {
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.pop_back();
  std::size_t i = 0;
  while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i;
  return s.substr(i);
}

// Parses "id, id(sev), ..." into findings at `line`; false on a malformed item.
inline bool parse_ids(const std::string& list, const std::string& path, std::uint32_t line,
                      std::vector<Finding>& out, std::string& error) {
  std::stringstream ss(list);
  std::string item;
  while (std::getline(ss, item, ',')) {
    item = trim(item);
    if (item.empty()) continue;
    Finding f{path, line, item, std::nullopt};
    const auto p = item.find('(');
    if (p != std::string::npos) {
      if (item.back() != ')') {
        error = "malformed expectation '" + item + "'";
        return false;
      }
      zl::Severity s{};
      if (!zl::parse_severity(item.substr(p + 1, item.size() - p - 2), &s)) {
        error = "unknown severity in '" + item + "'";
        return false;
      }
      f.rule = item.substr(0, p);
      f.severity = s;
    }
    out.push_back(f);
  }
  return true;
}

// Inline expectations of a zone or YAML file.
inline bool inline_expectations(const std::string& path, const std::string& text, char marker,
                                std::vector<Finding>& out, std::string& error) {
  std::stringstream ss(text);
  std::string line;
  std::uint32_t n = 0;
  while (std::getline(ss, line)) {
    ++n;
    const auto m = line.find(marker);
    if (m == std::string::npos) continue;
    for (const std::string key : {"expect-next-line:", "expect:"}) {
      auto k = line.find(key, m);
      // `expect:` must not match inside `expect-next-line:`.
      while (k != std::string::npos && k > 0 && line[k - 1] != ' ' && line[k - 1] != marker)
        k = line.find(key, k + 1);
      if (k == std::string::npos) continue;
      std::string rest = line.substr(k + key.size());
      const auto stop = rest.find_first_of(";#");
      if (stop != std::string::npos) rest = rest.substr(0, stop);
      if (!parse_ids(rest, path, key == "expect:" ? n : n + 1, out, error)) return false;
      break;
    }
  }
  return true;
}

// Sidecar expectations of a JSON file: "<line>: ids".
inline bool sidecar_expectations(const std::string& path, const std::string& text,
                                 std::vector<Finding>& out, std::string& error) {
  std::stringstream ss(text);
  std::string line;
  while (std::getline(ss, line)) {
    line = trim(line);
    if (line.empty() || line[0] == '#') continue;
    const auto c = line.find(':');
    if (c == std::string::npos || c == 0 ||
        !std::all_of(line.begin(), line.begin() + static_cast<std::ptrdiff_t>(c),
                     [](char ch) { return ch >= '0' && ch <= '9'; })) {
      error = "malformed sidecar line '" + line + "' (expected '<line>: rule-id')";
      return false;
    }
    if (!parse_ids(line.substr(c + 1), path,
                   static_cast<std::uint32_t>(std::stoul(line.substr(0, c))), out, error))
      return false;
  }
  return true;
}

// Compares; returns human-readable mismatches (empty when equal). An expectation without a
// severity matches a finding of any severity.
inline std::vector<std::string> compare(std::vector<Finding> expected,
                                        std::vector<Finding> actual) {
  std::vector<std::string> problems;
  for (auto& a : actual) {
    auto it = std::find_if(expected.begin(), expected.end(), [&](const Finding& e) {
      return e.path == a.path && e.line == a.line && e.rule == a.rule &&
             (!e.severity || e.severity == a.severity);
    });
    if (it == expected.end())
      problems.push_back("unexpected: " + a.text());
    else
      expected.erase(it);
  }
  for (auto& e : expected) problems.push_back("missing:    " + e.text());
  return problems;
}

}  // namespace zltest
