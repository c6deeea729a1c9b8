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
#include <cstddef>
#include <initializer_list>
#include <nlohmann/json.hpp>
#include <optional>
#include <span>
#include <sstream>
#include <string>
#include <string_view>
#include <variant>
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

// The number of elements of the array at `path` (object keys and array indexes from the top)
// of a JSON text, or nullopt when the text is not JSON (nlohmann's parser and lexer, strict, as
// json::parse) or there is no array at that path (the last one when a key repeats, as
// json::parse keeps). Parsing through this SAX handler instead of into a document is the same
// check without building and freeing the document: that was about a fifth of a fuzz_pipeline
// execution (README.md, "Throughput", fifth pass).
using JsonStep = std::variant<std::string_view, std::size_t>;

class ArrayCounter {
 public:
  using json = nlohmann::json;
  explicit ArrayCounter(std::span<const JsonStep> path) : path_(path) {}

  bool null() { return value(); }
  bool boolean(bool /*unused*/) { return value(); }
  bool number_integer(json::number_integer_t /*unused*/) { return value(); }
  bool number_unsigned(json::number_unsigned_t /*unused*/) { return value(); }
  bool number_float(json::number_float_t /*unused*/, const json::string_t& /*unused*/) {
    return value();
  }
  bool string(json::string_t& /*unused*/) { return value(); }
  bool binary(json::binary_t& /*unused*/) { return value(); }
  bool start_object(std::size_t /*unused*/) { return open(false); }
  bool start_array(std::size_t /*unused*/) { return open(true); }
  bool key(json::string_t& k) {
    Frame& f = stack_.back();
    if (f.on_path && stack_.size() <= path_.size()) {
      const auto* want = std::get_if<std::string_view>(&path_[stack_.size() - 1]);
      f.key_matches = want != nullptr && *want == k;
    }
    return true;
  }
  bool end_object() { return close(); }
  bool end_array() { return close(); }
  bool parse_error(std::size_t /*unused*/, const std::string& /*unused*/,
                   const nlohmann::detail::exception& /*unused*/) {
    return false;
  }

  // After a successful sax_parse: the count, if the path named an array.
  std::optional<std::size_t> count() const { return count_; }

 private:
  struct Frame {
    bool array;
    bool on_path;      // this container is at path_[0, depth)
    bool key_matches;  // (object) the current key is the next step of the path
    std::size_t elements;
  };

  // A value starts inside the innermost container (or at the top): is it on the path?
  bool child_on_path() {
    if (stack_.empty()) return true;  // the top value: the empty path's prefix
    Frame& f = stack_.back();
    const std::size_t index = f.elements++;
    if (!f.on_path || stack_.size() > path_.size()) return false;
    const JsonStep& step = path_[stack_.size() - 1];
    if (f.array) {
      const auto* want = std::get_if<std::size_t>(&step);
      return want != nullptr && *want == index;
    }
    return f.key_matches;
  }
  bool value() {
    if (child_on_path() && stack_.size() == path_.size()) count_.reset();  // not an array
    return true;
  }
  bool open(bool array) {
    const bool on_path = child_on_path();
    stack_.push_back(Frame{array, on_path, false, 0});
    return true;
  }
  bool close() {
    const Frame f = stack_.back();
    stack_.pop_back();
    if (f.on_path && stack_.size() == path_.size()) {  // the value at the path
      count_ = f.array ? std::optional<std::size_t>(f.elements) : std::nullopt;
    }
    return true;
  }

  std::span<const JsonStep> path_;
  std::vector<Frame> stack_;
  std::optional<std::size_t> count_;
};

// The JSON text parses, and the array at `path` has `n` elements.
inline void check_json_array(const std::string& text, std::initializer_list<JsonStep> path,
                             std::size_t n) {
  ArrayCounter counter(std::span<const JsonStep>(path.begin(), path.size()));
  ZL_FUZZ_CHECK(nlohmann::json::sax_parse(text, &counter));
  ZL_FUZZ_CHECK(counter.count() == n);
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
  check_json_array(json, {"diagnostics"}, n);
  check_json_array(render(ReportFormat::sarif, in), {"runs", std::size_t{0}, "results"}, n);
  check_json_array(render(ReportFormat::gitlab, in), {}, n);
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
