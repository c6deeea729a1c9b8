// Fuzz harness: the whole pipeline, from bytes to every reporter. The first byte picks the
// front end (zone file, octoDNS, DNSControl, Route 53, Terraform); the rest is the input, with
// more files after `%%file NAME` lines (`%%file .zonelint.yaml` is the policy). The zones go
// through every rule (lint) and the findings through every report format.
//
// Invariants beyond the loader's: every finding is located inside its file; JSON, SARIF and
// GitLab reports parse as JSON (nlohmann rejects invalid UTF-8) and list every finding; the
// human format and GitHub workflow commands carry no raw control character; reports are
// deterministic.
#pragma once

#include <array>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "fuzz/harness/loader.hpp"
#include "lint/engine.hpp"
#include "report/reporter.hpp"

namespace zl::fuzz {

inline constexpr std::array<FormatChoice, 5> kPipelineFormats = {
    FormatChoice::zone, FormatChoice::octodns, FormatChoice::dnscontrol, FormatChoice::route53,
    FormatChoice::terraform};

inline std::string render(ReportFormat format, const ReportInput& in) {
  std::ostringstream out;
  ReportOptions ro;  // no colour
  make_reporter(format, ro)->write(out, in);
  return out.str();
}

// No C0 control but newline and tab, no DEL, no C1 control (as UTF-8 or raw).
inline bool terminal_clean(std::string_view text) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7f) return false;
    if (c == 0xc2 && i + 1 < text.size()) {
      const auto d = static_cast<unsigned char>(text[i + 1]);
      if (d >= 0x80 && d <= 0x9f) return false;
    }
  }
  return true;
}

inline void check_reports(const ZoneSet& set, const LintResult& result) {
  ReportInput in;
  in.sources = &set.sources;
  in.diagnostics = result.diagnostics;
  // Only the rules that found something: every enabled rule's SARIF descriptor carries its
  // whole documentation (static text), which would make each execution ten times slower.
  std::vector<const Rule*> rules;
  for (const Rule* r : result.enabled) {
    for (const Diagnostic& d : result.diagnostics) {
      if (d.rule == r->id) {
        rules.push_back(r);
        break;
      }
    }
  }
  in.rules = rules;
  in.files = set.sources.size();
  for (const Zone& z : set.zones) in.records += z.records.size();
  in.srcroot = std::string(kFuzzRoot) + "/";

  const std::size_t n = result.diagnostics.size();
  const std::string json = render(ReportFormat::json, in);
  ZL_FUZZ_CHECK(json == render(ReportFormat::json, in));  // deterministic
  {
    const auto doc = nlohmann::json::parse(json, nullptr, false);
    ZL_FUZZ_CHECK(!doc.is_discarded());
    ZL_FUZZ_CHECK(doc.at("diagnostics").size() == n);
  }
  {
    const auto doc = nlohmann::json::parse(render(ReportFormat::sarif, in), nullptr, false);
    ZL_FUZZ_CHECK(!doc.is_discarded());
    ZL_FUZZ_CHECK(doc.at("runs").at(0).at("results").size() == n);
  }
  {
    const auto doc = nlohmann::json::parse(render(ReportFormat::gitlab, in), nullptr, false);
    ZL_FUZZ_CHECK(!doc.is_discarded());
    ZL_FUZZ_CHECK(doc.size() == n);
  }
  ZL_FUZZ_CHECK(terminal_clean(render(ReportFormat::human, in)));
  // GitHub: one workflow command per line; input bytes cannot start a second one.
  const std::string github = render(ReportFormat::github, in);
  ZL_FUZZ_CHECK(terminal_clean(github));
  std::size_t commands = 0;
  for (std::size_t pos = 0; pos < github.size();) {
    if (github.compare(pos, 2, "::") == 0) ++commands;
    const std::size_t nl = github.find('\n', pos);
    if (nl == std::string::npos) break;
    pos = nl + 1;
  }
  ZL_FUZZ_CHECK(commands <= n);
}

inline int run_pipeline(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const FormatChoice format = kPipelineFormats[data[0] % kPipelineFormats.size()];
  const Files files = split_files(as_text(data + 1, size - 1));
  ZoneSet set;
  load_fuzz_input(set, format, files);
  check_zone_set(set);
  Config config(CliPolicy{});
  // A `%%file .zonelint.yaml` section is the policy (selection, severities, rule options).
  if (auto it = files.others.find(".zonelint.yaml"); it != files.others.end()) {
    try {
      config.use_config_text(std::string(kFuzzRoot) + "/.zonelint.yaml", it->second);
    } catch (const ConfigError&) {
      return 0;  // exit code 2 in the CLI; the config target checks these
    }
  }
  const LintResult result = lint(set, config);
  for (const Diagnostic& d : result.diagnostics) check_diagnostic(set.sources, d);
  check_reports(set, result);
  return 0;
}

}  // namespace zl::fuzz
