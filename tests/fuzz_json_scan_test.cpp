// fuzz_pipeline's JSON scanner (fuzz/harness/pipeline.hpp, JsonScan) against nlohmann's strict
// parser through ArrayCounter: the throughput fuzz build trusts the scanner alone, so it must
// give the same answers (is the text JSON; how many elements the array at the path has) on
// valid and broken texts alike. Hand-written cases, then seeded mutations of report-shaped
// documents (deterministic: the same cases on every run).
#include <catch2/catch.hpp>

#include <array>
#include <cstddef>
#include <nlohmann/json.hpp>
#include <optional>
#include <random>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz/harness/pipeline.hpp"

namespace {

using zl::fuzz::ArrayCounter;
using zl::fuzz::JsonScan;
using zl::fuzz::JsonStep;

struct Answer {
  bool valid;
  std::optional<std::size_t> count;
};

Answer by_nlohmann(const std::string& text, std::span<const JsonStep> path) {
  ArrayCounter counter(path);
  const bool valid = nlohmann::json::sax_parse(text, &counter);
  return {valid, valid ? counter.count() : std::nullopt};
}

Answer by_scan(const std::string& text, std::span<const JsonStep> path) {
  const JsonScan::Result r = JsonScan::run(text, path);
  return {r.valid, r.valid ? r.count : std::nullopt};
}

// The one known difference: nlohmann ends the input at a NUL byte after the value.
// Up to `max_edits` random edits of `text` with characters of `alphabet`, each of the first
// `kinds` kinds: a byte replaced, one inserted, one erased, the text cut there.
void mutate(std::string& text, std::mt19937& rng, std::string_view alphabet, int max_edits,
            unsigned kinds) {
  const int edits = 1 + static_cast<int>(rng() % static_cast<unsigned>(max_edits));
  for (int e = 0; e < edits && !text.empty(); ++e) {
    const std::size_t at = rng() % text.size();
    const char c = alphabet[rng() % alphabet.size()];
    switch (rng() % kinds) {
      case 0:
        text[at] = c;
        break;
      case 1:
        text.insert(at, 1, c);
        break;
      case 2:
        text.erase(at, 1);
        break;
      default:
        text.resize(at);
        break;
    }
  }
}

bool has_nul(const std::string& text) {
  return text.find('\0') != std::string::npos;
}

// Whether the text is JSON (by nlohmann).
bool check_same(const std::string& text, std::span<const JsonStep> path) {
  if (has_nul(text)) return false;
  const Answer a = by_nlohmann(text, path);
  const Answer b = by_scan(text, path);
  INFO("text: " << text);
  CHECK(a.valid == b.valid);
  CHECK(a.count == b.count);
  return a.valid;
}

const std::array<JsonStep, 1> kDiagnostics = {JsonStep{std::string_view("diagnostics")}};
const std::array<JsonStep, 3> kResults = {JsonStep{std::string_view("runs")},
                                          JsonStep{std::size_t{0}},
                                          JsonStep{std::string_view("results")}};

}  // namespace

TEST_CASE("fuzz JSON scan: the answers of nlohmann's parser on hand-written texts") {
  const std::vector<std::string> texts = {
      R"({"diagnostics": [1, 2, 3]})",
      R"({"diagnostics": []})",
      R"({"diagnostics": [], "diagnostics": [1]})",  // the last one counts
      R"({"diagnostics": {"a": 1}})",                // not an array
      R"({"other": [1], "diagnostics": [{"x": [1, 2]}, null]})",
      R"([{"diagnostics": [1]}])",
      R"({"runs": [{"results": [{}, {}, {}]}, {"results": [1]}]})",
      R"({"runs": [{"results": 1}]})",
      R"({"runs": [{"x": 1}]})",
      "\xEF\xBB\xBF{\"diagnostics\": [1]}",  // a byte order mark
      "\xEF\xBB{\"diagnostics\": [1]}",      // half of one
      R"({"diagnostics": [1,]})",
      R"({"diagnostics": [1] )",
      R"({"diagnostics" [1]})",
      R"({"diagnostics": [1]} x)",
      R"({"diagnostics": [1]}   )",
      "{\"diagnostics\": [\"\x01\"]}",      // a raw control character
      "{\"diagnostics\": [\"\xC3\x28\"]}",  // invalid UTF-8
      "{\"diagnostics\": [\"\xF0\x9F\x98\x80\"]}",
      R"({"diagnostics": ["\ud83d\ude00", "\u00e9", "\n\t\"\\\/"]})",
      R"({"diagnostics": ["\ud83d"]})",  // a lone surrogate
      R"({"diagnostics": ["\x"]})",
      R"({"diagnostics": [0, -0, 1.5e10, -2E-3, 1e400]})",
      R"({"diagnostics": [01]})",
      R"({"diagnostics": [1.]})",
      R"({"diagnostics": [-]})",
      R"({"diagnostics": [true, false, null, nul]})",
      R"({"di\u0061gnostics": [1, 2]})",  // an escaped key is the same key
      "",
      "   ",
      "[]",
      "1",
      R"("diagnostics")",
  };
  for (const std::string& t : texts) {
    check_same(t, kDiagnostics);
    check_same(t, kResults);
    check_same(t, {});
  }
}

TEST_CASE("fuzz JSON scan: the answers of nlohmann's parser on mutated reports") {
  const std::vector<std::string> seeds = {
      R"({
  "version": 1,
  "diagnostics": [
    {"rule": "mx-target-cname", "severity": "warning", "message": "MX 'mail.' \u00e9",
     "location": {"file": "a.zone", "line": 3, "column": 1, "end_line": 3, "end_column": 9}},
    {"rule": "parse-error", "severity": "error", "message": "expected \"IN\"", "location": null}
  ],
  "summary": {"files": 1, "records": 12, "errors": 1, "warnings": 1, "infos": 0},
  "errors": []
})",
      R"({"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "zonelint", "rules": []}},
  "results": [{"ruleId": "a", "level": "warning", "message": {"text": "x\ty"},
  "locations": [{"physicalLocation": {"region": {"startLine": 1, "startColumn": 2}}}]}]}]})",
  };
  const std::string alphabet =
      "{}[],:\"\\/ \n\t0123456789-+.eEtrufalsn\x01\x7f\xC3\xA9\xEF\xBB\xBFu";
  std::mt19937 rng(20261207);
  std::size_t valid = 0;
  for (int round = 0; round < 4000; ++round) {
    std::string text = seeds[static_cast<std::size_t>(round) % seeds.size()];
    mutate(text, rng, alphabet, 3, 4);
    if (check_same(text, kDiagnostics)) ++valid;
    check_same(text, kResults);
  }
  // The mutations give both kinds (about a tenth stay JSON: a space or digit edited in).
  CHECK(valid > 100);
  CHECK(valid < 3900);
}

TEST_CASE("fuzz JSON scan: known values are taken as scanned, wherever the text differs") {
  // Two valid objects, as SARIF holds its rule descriptors: elements of an array off the path.
  const std::string k1 = "{\n  \"id\": \"a\",\n  \"help\": {\"text\": \"x \\u00e9 \\\"y\\\"\"}\n}";
  const std::string k2 = R"({"id": "b", "tags": ["dns", 1, null, {"x": []}]})";
  const std::array<std::string_view, 2> known = {k1, k2};
  const std::string doc = R"({"runs": [{"tool": {"driver": {"rules": [)" + k1 + ", " + k2 +
                          R"(]}}, "results": [{"a": 1}, {}, )" + k2 + R"(]}]})";
  // The path going into a known value: it is scanned, its array counted.
  const std::string into = R"({"runs": [)" + k2 + "]}";
  const std::array<JsonStep, 3> tags = {
      JsonStep{std::size_t{0}}, JsonStep{std::string_view("tags")}, JsonStep{std::size_t{3}}};
  const std::array<JsonStep, 3> runs_tags = {JsonStep{std::string_view("runs")},
                                             JsonStep{std::size_t{0}},
                                             JsonStep{std::string_view("tags")}};
  for (const std::string_view k : known) REQUIRE(JsonScan::run(k, {}).valid);
  {
    const JsonScan::Result r = JsonScan::run(doc, kResults, known);
    CHECK(r.valid);
    CHECK(r.count == std::optional<std::size_t>(3));
    const JsonScan::Result t = JsonScan::run(into, runs_tags, known);
    CHECK(t.valid);
    CHECK(t.count == std::optional<std::size_t>(4));
    CHECK(JsonScan::run("[" + k2 + "]", tags, known).count == std::nullopt);  // an object there
  }
  const std::string alphabet = "{}[],:\"\\ \n0123456789-.etrufalsn\x01\xC3\xA9u";
  std::mt19937 rng(20261208);
  std::size_t valid = 0;
  for (int round = 0; round < 4000; ++round) {
    std::string text = round % 2 == 0 ? doc : into;
    mutate(text, rng, alphabet, 2, 3);
    INFO("text: " << text);
    for (const std::span<const JsonStep> path :
         {std::span<const JsonStep>(kResults), std::span<const JsonStep>(runs_tags),
          std::span<const JsonStep>()}) {
      const JsonScan::Result with = JsonScan::run(text, path, known);
      const JsonScan::Result without = JsonScan::run(text, path);
      CHECK(with.valid == without.valid);
      CHECK(with.count == without.count);
      if (with.valid) ++valid;
    }
    check_same(text, kResults);
  }
  CHECK(valid > 300);
}
