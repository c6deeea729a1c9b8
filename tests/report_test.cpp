// Reporter tests: golden files for every format on hand-built diagnostics (so they don't depend
// on the parser or the rules), plus the properties each format promises. Update the goldens
// with ZONELINT_UPDATE_GOLDEN=1 and review the diff.
#include <catch2/catch.hpp>

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <limits>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "report/common.hpp"
#include "report/json_stream.hpp"
#include "report/json_writer.hpp"
#include "report/reporter.hpp"

using namespace zl;
using namespace std::string_literals;

namespace {

const std::string kGoldenDir = std::string(ZONELINT_FIXTURES_DIR) + "/report/";

void check_golden(const std::string& name, const std::string& actual) {
  const std::string path = kGoldenDir + name;
  const char* update = std::getenv("ZONELINT_UPDATE_GOLDEN");
  if (update != nullptr && std::string(update) == "1") {
    std::ofstream(path, std::ios::binary) << actual;
    WARN("updated golden " << path);
    return;
  }
  std::ifstream f(path, std::ios::binary);
  INFO("golden " << path << " (run with ZONELINT_UPDATE_GOLDEN=1 to create or update it)");
  REQUIRE(f.good());
  std::stringstream ss;
  ss << f.rdbuf();
  CHECK(ss.str() == actual);
}

// A span covering the `nth` (0-based) occurrence of `needle` in file `id`.
Span span_of(const SourceSet& s, FileId id, std::string_view needle, int nth = 0) {
  const std::string_view text = s.file(id).text();
  std::size_t at = text.find(needle);
  while (nth-- > 0 && at != std::string::npos) at = text.find(needle, at + 1);
  REQUIRE(at != std::string::npos);
  return Span{id, static_cast<std::uint32_t>(at), static_cast<std::uint32_t>(at + needle.size())};
}

constexpr std::array<std::string_view, 1> kAliases{"mx-cname"};

// Built field by field: fields the reporters don't read (options, check) stay empty, so the
// test does not depend on every member of Rule.
Rule make_rule(std::string_view id, Severity severity, RuleDoc doc, std::string_view tags,
               std::span<const std::string_view> aliases = {}) {
  Rule r{};
  r.id = id;
  r.default_severity = severity;
  r.aliases = aliases;
  r.doc = doc;
  r.tags = tags;
  return r;
}

const Rule kMxTargetCname =
    make_rule("mx-target-cname", Severity::error,
              {"MX exchange is an alias (CNAME)",
               "Flags an MX record whose exchange is the owner of a CNAME record.",
               "RFC 2181 section 10.3 forbids it; mail servers may refuse or loop.",
               "@ MX 10 mail\nmail CNAME mailhost\n", "@ MX 10 mailhost\n", "",
               "RFC 2181 §10.3; RFC 5321 §5.1"},
              "mx,mail,correctness", kAliases);

const Rule kSoaSerial =
    make_rule("soa-serial-date", Severity::warning,
              {"SOA serial looks like a date but is not a valid one", "Checks YYYYMMDDnn serials.",
               "A bad date serial hides mistakes.", "@ SOA ns1 host 2024133101 1 1 1 1\n",
               "@ SOA ns1 host 2024123101 1 1 1 1\n", "", "RFC 1912 §2.2"},
              "soa");

const Rule kTtlShort =
    make_rule("ttl-short", Severity::info,
              {"TTL is very short", "Flags TTLs under 60 seconds.", "", "", "", "", ""}, "ttl");

const std::array<const Rule*, 3> kRules{&kMxTargetCname, &kSoaSerial, &kTtlShort};

// The sample run: a zone with tabs, a multi-line SOA, an IDN, invalid UTF-8 and a control
// character, an included file, and a long line.
struct Sample {
  SourceSet sources;
  std::vector<Diagnostic> diags;
  ReportInput input() const {
    ReportInput in;
    in.sources = &sources;
    in.diagnostics = diags;
    in.rules = kRules;
    in.file_formats = {InputFormat::zone, InputFormat::zone};
    in.files = 1;  // the zone file; hosts.inc is part of it ($INCLUDE), no input of its own
    in.records = 9;
    in.srcroot = "/work/project/";
    return in;
  }
};

Sample make_sample(const std::string& prefix = "") {
  Sample s;
  const FileId zone =
      s.sources.add("zones/example.com.zone",
                    prefix +
                        "$ORIGIN example.com.\n"
                        "$TTL 3600\n"
                        "@\tIN\tSOA\tns1 hostmaster (\n"
                        "\t\t2024133101 ; serial\n"
                        "\t\t7200 900 1209600 300 )\n"
                        "@\tIN\tMX\t10 mail\n"
                        "mail\tIN\tCNAME\tmailhost\n"
                        "b\xC3\xBC\x63her IN TXT \"caf\xC3\xA9 \xFF\xFE odd\" ; \x1B[31mred\n"
                        "fast 5 IN A 192.0.2.1\n"
                        "$INCLUDE inc/hosts.inc\n");
  const FileId inc = s.sources.add("/work/project/zones/inc/hosts.inc",
                                   "host1 IN A 192.0.2.10\n"
                                   "host1 IN MX 20 mail.example.com.\n"s);
  s.sources.set_included_from(inc, span_of(s.sources, zone, "$INCLUDE inc/hosts.inc"));

  Diagnostic mx;
  mx.rule = "mx-target-cname";
  mx.severity = Severity::error;
  mx.message =
      "MX exchange 'mail.example.com.' is an alias (CNAME); mail servers may refuse it "
      "(RFC 2181 §10.3)";
  mx.span = span_of(s.sources, zone, "mail\n");
  mx.span.end -= 1;
  mx.notes.push_back(Note{span_of(s.sources, zone, "mail\tIN\tCNAME"), "CNAME defined here"});
  mx.notes.back().span.end = mx.notes.back().span.begin + 4;
  mx.owner = "example.com.";
  mx.type = "MX";

  Diagnostic serial;
  serial.rule = "soa-serial-date";
  serial.severity = Severity::warning;
  serial.message = "SOA serial '2024133101' looks like YYYYMMDDnn but month 13 does not exist";
  serial.span = span_of(s.sources, zone, "2024133101");
  serial.owner = "example.com.";
  serial.type = "SOA";

  Diagnostic soa_entry;  // a finding on the whole multi-line entry
  soa_entry.rule = "soa-serial-date";
  soa_entry.severity = Severity::warning;
  soa_entry.message = "multi-line entry, 100% covered";
  soa_entry.span = span_of(s.sources, zone, "@\tIN\tSOA");
  soa_entry.span.end = span_of(s.sources, zone, "300 )\n").end;
  soa_entry.owner = "example.com.";
  soa_entry.type = "SOA";

  Diagnostic txt;  // invalid UTF-8 and a control character in the message and the line
  txt.rule = kParseError.data();
  txt.severity = Severity::error;
  txt.message = "odd bytes \xFF\xFE and an escape \x1B[31m in 'b\xC3\xBC\x63her.example.com.'";
  txt.span = span_of(s.sources, zone, "\xFF\xFE");
  txt.owner = "b\xC3\xBC\x63her.example.com.";
  txt.type = "TXT";

  Diagnostic ttl;
  ttl.rule = "ttl-short";
  ttl.severity = Severity::info;
  ttl.message = "TTL 5 is very short, commas, and: colons";
  ttl.span = span_of(s.sources, zone, "5");
  ttl.span = span_of(s.sources, zone, "fast 5");
  ttl.span.begin += 5;
  ttl.owner = "fast.example.com.";
  ttl.type = "A";

  Diagnostic inc_mx;  // in the included file: gets an "included from here" note
  inc_mx.rule = "mx-target-cname";
  inc_mx.severity = Severity::error;
  inc_mx.message = "MX exchange 'mail.example.com.' is an alias (CNAME)";
  inc_mx.span = span_of(s.sources, inc, "mail.example.com.");
  inc_mx.owner = "host1.example.com.";
  inc_mx.type = "MX";

  s.diags = {soa_entry, serial, mx, txt, ttl, inc_mx};
  return s;
}

std::string render(ReportFormat f, const ReportInput& in, ReportOptions o = {}) {
  std::ostringstream out;
  make_reporter(f, o)->write(out, in);
  return out.str();
}

bool is_valid_utf8(const std::string& s) {
  return report::valid_utf8(s) == s;
}

}  // namespace

TEST_CASE("report: golden output of every format on the sample run") {
  const Sample s = make_sample();
  const ReportInput in = s.input();
  check_golden("sample.human.txt", render(ReportFormat::human, in));
  ReportOptions color;
  color.color = true;
  check_golden("sample.color.human.txt", render(ReportFormat::human, in, color));
  ReportOptions quiet;
  quiet.quiet = true;
  check_golden("sample.quiet.human.txt", render(ReportFormat::human, in, quiet));
  check_golden("sample.json", render(ReportFormat::json, in));
  check_golden("sample.sarif", render(ReportFormat::sarif, in));
  std::ostringstream summary;
  ReportOptions gh;
  gh.step_summary = &summary;
  check_golden("sample.github.txt", render(ReportFormat::github, in, gh));
  check_golden("sample.github-summary.md", summary.str());
  check_golden("sample.gitlab.json", render(ReportFormat::gitlab, in));
}

TEST_CASE("report: golden output of a clean run") {
  SourceSet sources;
  sources.add("zones/clean.zone", "@ IN SOA ns1 host 1 2 3 4 5\n"s);
  ReportInput in;
  in.sources = &sources;
  in.rules = kRules;
  in.files = 1;
  in.records = 1;
  check_golden("clean.human.txt", render(ReportFormat::human, in));
  check_golden("clean.json", render(ReportFormat::json, in));
  check_golden("clean.sarif", render(ReportFormat::sarif, in));
  check_golden("clean.github.txt", render(ReportFormat::github, in));
  check_golden("clean.gitlab.json", render(ReportFormat::gitlab, in));
  const auto sarif = nlohmann::json::parse(render(ReportFormat::sarif, in));
  CHECK(sarif["runs"][0]["results"].is_array());
  CHECK(sarif["runs"][0]["results"].empty());
  CHECK(sarif["runs"][0]["invocations"][0]["executionSuccessful"] == true);
  CHECK(sarif["runs"][0]["tool"]["driver"]["rules"].size() == kRules.size());
}

TEST_CASE("report: output is deterministic byte for byte") {
  const Sample a = make_sample();
  const Sample b = make_sample();
  for (ReportFormat f : {ReportFormat::human, ReportFormat::json, ReportFormat::sarif,
                         ReportFormat::github, ReportFormat::gitlab}) {
    CHECK(render(f, a.input()) == render(f, b.input()));
  }
}

TEST_CASE("report: JSON formats stay valid UTF-8 JSON whatever bytes the input had") {
  Sample s = make_sample();
  // A path with invalid UTF-8, a quote, a backslash and a control character.
  const FileId odd = s.sources.add("zones/\xFF\"odd\\\x01.zone", "x IN A 1.2.3.4\n"s);
  Diagnostic d;
  d.rule = "parse-error";
  d.message = "bad \xC0\xAF overlong and \xED\xA0\x80 surrogate";
  d.span = Span{odd, 0, 1};
  s.diags.push_back(d);
  const ReportInput in = s.input();
  for (ReportFormat f : {ReportFormat::json, ReportFormat::sarif, ReportFormat::gitlab}) {
    const std::string out = render(f, in);
    CHECK(is_valid_utf8(out));
    CHECK_NOTHROW(nlohmann::json::parse(out));
  }
  const auto j = nlohmann::json::parse(render(ReportFormat::json, in));
  CHECK(j["diagnostics"].back()["file"] == "zones/\xEF\xBF\xBD\"odd\\\x01.zone");
  // SARIF URIs are percent-encoded bytes.
  const auto sarif = nlohmann::json::parse(render(ReportFormat::sarif, in));
  CHECK(sarif["runs"][0]["results"].back()["locations"][0]["physicalLocation"]["artifactLocation"]
                                          ["uri"] == "zones/%FF%22odd%5C%01.zone");
}

TEST_CASE("report: the terminal never gets raw control characters or invalid UTF-8") {
  const Sample s = make_sample();
  const std::string out = render(ReportFormat::human, s.input());
  CHECK(is_valid_utf8(out));
  CHECK(out.find('\x1B') == std::string::npos);
  CHECK(out.find("\\xFF\\xFE") != std::string::npos);
  CHECK(out.find("<U+001B>[31mred") != std::string::npos);
  ReportOptions color;
  color.color = true;
  CHECK(render(ReportFormat::human, s.input(), color).find("\033[1;31merror:") !=
        std::string::npos);
}

TEST_CASE("report: human carets sit under the span with tabs and escapes expanded") {
  const Sample s = make_sample();
  const std::string out = render(ReportFormat::human, s.input());
  // `@<TAB>IN<TAB>MX<TAB>10 mail`: tabs to 8 columns, so "mail" starts at display column 27.
  CHECK(out.find(" 6 | @       IN      MX      10 mail\n"
                 "   |                            ^~~~\n") != std::string::npos);
  // After two escaped bytes the caret still lines up under them.
  CHECK(out.find("\\xFF\\xFE") != std::string::npos);
  CHECK(out.find("zones/example.com.zone:8:21: error:") != std::string::npos);
}

TEST_CASE("report: a long line is cut around the span") {
  SourceSet sources;
  std::string line = "txt IN TXT \"" + std::string(300, 'a') + "BAD" + std::string(300, 'b') + "\"";
  sources.add("long.zone", line + "\n");
  Diagnostic d;
  d.rule = "parse-error";
  d.message = "bad";
  d.span = Span{0, 312, 315};
  std::vector<Diagnostic> diags{d};
  ReportInput in;
  in.sources = &sources;
  in.diagnostics = diags;
  in.files = 1;
  const std::string out = render(ReportFormat::human, in);
  INFO(out);
  CHECK(out.find("long.zone:1:313: error: bad [parse-error]") != std::string::npos);
  std::istringstream lines(out);
  std::string l1, l2, l3;
  std::getline(lines, l1);
  std::getline(lines, l2);
  std::getline(lines, l3);
  CHECK(l2.size() < 140);
  CHECK(l2.find("...") != std::string::npos);
  CHECK(l2.find("BAD") != std::string::npos);
  CHECK(l3.find('^') == l2.find("BAD"));
  CHECK(l3.substr(l3.find('^')) == "^~~");
}

TEST_CASE("report: SARIF fingerprints survive unrelated lines moving") {
  const Sample before = make_sample();
  const Sample after = make_sample("; a new comment\n; and another\n");
  const auto a = nlohmann::json::parse(render(ReportFormat::sarif, before.input()));
  const auto b = nlohmann::json::parse(render(ReportFormat::sarif, after.input()));
  const auto& ra = a["runs"][0]["results"];
  const auto& rb = b["runs"][0]["results"];
  REQUIRE(ra.size() == rb.size());
  for (std::size_t i = 0; i < ra.size(); ++i) {
    CHECK(ra[i]["partialFingerprints"] == rb[i]["partialFingerprints"]);
  }
  // The zone's findings moved down two lines; the included file's did not move.
  CHECK(rb[0]["locations"][0]["physicalLocation"]["region"]["startLine"] ==
        ra[0]["locations"][0]["physicalLocation"]["region"]["startLine"].get<int>() + 2);
  // Different findings get different fingerprints.
  std::set<std::string> all;
  for (const auto& r : ra) all.insert(r["partialFingerprints"]["primaryLocationLineHash"]);
  CHECK(all.size() == ra.size());
  // GitLab fingerprints are stable too, and unique.
  const auto ga = nlohmann::json::parse(render(ReportFormat::gitlab, before.input()));
  const auto gb = nlohmann::json::parse(render(ReportFormat::gitlab, after.input()));
  std::set<std::string> fps;
  for (std::size_t i = 0; i < ga.size(); ++i) {
    CHECK(ga[i]["fingerprint"] == gb[i]["fingerprint"]);
    fps.insert(ga[i]["fingerprint"].get<std::string>());
  }
  CHECK(fps.size() == ga.size());
}

TEST_CASE("report: SARIF paths are %SRCROOT%-relative, with absolute file URIs outside it") {
  Sample s = make_sample();
  const FileId outside = s.sources.add("/elsewhere/db.example.org", "@ IN A 192.0.2.1\n"s);
  const FileId up = s.sources.add("../sibling/example.net.zone", "@ IN A 192.0.2.1\n"s);
  for (FileId f : {outside, up}) {
    Diagnostic d;
    d.rule = "parse-error";
    d.message = "x";
    d.span = Span{f, 0, 1};
    s.diags.push_back(d);
  }
  const auto j = nlohmann::json::parse(render(ReportFormat::sarif, s.input()));
  const auto& results = j["runs"][0]["results"];
  const auto loc = [&](std::size_t i) {
    return results[i]["locations"][0]["physicalLocation"]["artifactLocation"];
  };
  CHECK(loc(0)["uri"] == "zones/example.com.zone");
  CHECK(loc(0)["uriBaseId"] == "%SRCROOT%");
  CHECK(loc(5)["uri"] == "zones/inc/hosts.inc");  // absolute below srcroot: made relative
  CHECK(loc(6)["uri"] == "file:///elsewhere/db.example.org");
  CHECK_FALSE(loc(6).contains("uriBaseId"));
  CHECK(loc(7)["uri"] == "file:///work/sibling/example.net.zone");
  CHECK(j["runs"][0]["originalUriBaseIds"]["%SRCROOT%"]["uri"] == "file:///work/project/");
  CHECK(j["runs"][0]["columnKind"] == "unicodeCodePoints");
  // Related locations: the CNAME note, and the $INCLUDE site for the included file's finding.
  CHECK(results[2]["relatedLocations"][0]["message"]["text"] == "CNAME defined here");
  CHECK(results[5]["relatedLocations"][0]["message"]["text"] == "included from here");
  CHECK(results[5]["relatedLocations"][0]["physicalLocation"]["region"]["startLine"] == 10);
}

TEST_CASE("report: SARIF columns count code points and end after the last character") {
  const Sample s = make_sample();
  const auto j = nlohmann::json::parse(render(ReportFormat::sarif, s.input()));
  // Line 8 is `bücher IN TXT "café <FF><FE> odd"`: the bad bytes are code points 21 and 22.
  const auto& region = j["runs"][0]["results"][3]["locations"][0]["physicalLocation"]["region"];
  CHECK(region["startLine"] == 8);
  CHECK(region["startColumn"] == 21);
  CHECK(region["endColumn"] == 23);
  // The multi-line SOA entry ends on line 5, not at the start of line 6.
  const auto& soa = j["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"];
  CHECK(soa["startLine"] == 3);
  CHECK(soa["endLine"] == 5);
}

TEST_CASE("report: github escapes data and properties as the toolkit does") {
  SourceSet sources;
  sources.add("zones/a,b:c%.zone", "@ IN A 192.0.2.1\n"s);
  Diagnostic d;
  d.rule = "parse-error";
  d.message = "100% bad\nsecond line\r, with: colon";
  d.span = Span{0, 0, 1};
  std::vector<Diagnostic> diags{d};
  ReportInput in;
  in.sources = &sources;
  in.diagnostics = diags;
  in.files = 1;
  const std::string out = render(ReportFormat::github, in);
  CHECK(out.find("::error file=zones/a%2Cb%3Ac%25.zone,line=1,col=1,endLine=1,endColumn=2,"
                 "title=zonelint (parse-error)::100%25 bad%0Asecond line%0D, with: colon "
                 "[parse-error]\n") == 0);
}

TEST_CASE("report: github annotates 10 findings per level and lists the rest") {
  SourceSet sources;
  std::string text;
  for (int i = 0; i < 15; ++i) text += "h" + std::to_string(i) + " IN A 192.0.2.1\n";
  sources.add("zones/many.zone", text);
  std::vector<Diagnostic> diags;
  for (int i = 0; i < 15; ++i) {
    Diagnostic d;
    d.rule = i < 12 ? "mx-target-cname" : "soa-serial-date";
    d.severity = i < 12 ? Severity::error : Severity::warning;
    d.message = "finding " + std::to_string(i);
    d.span = Span{0, sources.file(0).line_start(i + 1), sources.file(0).line_start(i + 1) + 2};
    diags.push_back(d);
  }
  ReportInput in;
  in.sources = &sources;
  in.diagnostics = diags;
  in.rules = kRules;
  in.files = 1;
  std::ostringstream summary;
  ReportOptions o;
  o.step_summary = &summary;
  const std::string out = render(ReportFormat::github, in, o);
  std::istringstream lines(out);
  std::string line;
  int errors = 0, warnings = 0, plain = 0;
  while (std::getline(lines, line)) {
    if (line.starts_with("::error "))
      ++errors;
    else if (line.starts_with("::warning "))
      ++warnings;
    else if (line.starts_with("zones/many.zone:"))
      ++plain;
  }
  CHECK(errors == 10);
  CHECK(warnings == 3);
  CHECK(plain == 2);
  CHECK(out.find("zones/many.zone:11:1: error: finding 10 [mx-target-cname]") != std::string::npos);
  CHECK(out.find("2 not shown as annotations") != std::string::npos);
  const std::string md = summary.str();
  CHECK(md.find("12 errors, 3 warnings in 1 file") != std::string::npos);
  CHECK(md.find("| error | zones/many.zone:12:1 | mx-target-cname | finding 11 |") !=
        std::string::npos);
  CHECK(md.find("2 of these findings have no annotation") != std::string::npos);
}

TEST_CASE("report: summary line counts severities and files") {
  const Sample s = make_sample();
  // The finding in the $INCLUDEd file counts for the zone file that includes it.
  CHECK(report::summary_line(s.input()) == "3 errors, 2 warnings, 1 info in 1 file");
  // Only the input files count: not a config or baseline file a finding points at.
  ReportInput two = s.input();
  two.files = 2;
  two.inputs = std::vector<FileId>{0, 1};
  CHECK(report::summary_line(two) == "3 errors, 2 warnings, 1 info in 1 of 2 files");
  ReportInput none_read = s.input();
  none_read.files = 0;
  none_read.inputs = std::vector<FileId>{};
  CHECK(report::summary_line(none_read) == "3 errors, 2 warnings, 1 info");
  SourceSet none;
  ReportInput clean;
  clean.sources = &none;
  clean.files = 3;
  clean.records = 1;
  CHECK(report::summary_line(clean) == "no findings in 3 files (1 record)");
  clean.files = 0;
  clean.records = 0;
  CHECK(report::summary_line(clean) == "no findings: no file was read");
  clean.skipped = 2;
  CHECK(report::summary_line(clean) ==
        "no findings: no file was read; 2 files skipped (not DNS data)");
}

// The SARIF reporter builds the descriptors of the registered rules once per process
// (src/report/sarif.cpp); a rule object outside the registry gets its descriptor built on the
// spot. Both paths give the same descriptor for the same rule.
TEST_CASE("report: SARIF descriptors of registered rules match ones built from the rule") {
  const SourceSet sources;
  REQUIRE(!all_rules().empty());
  for (const Rule* registered : all_rules()) {
    const Rule copy = *registered;  // same fields, not in the registry
    const std::array<const Rule*, 1> from_registry{registered};
    const std::array<const Rule*, 1> from_copy{&copy};
    ReportInput a;
    a.sources = &sources;
    a.rules = from_registry;
    ReportInput b = a;
    b.rules = from_copy;
    const auto ja = nlohmann::json::parse(render(ReportFormat::sarif, a));
    const auto jb = nlohmann::json::parse(render(ReportFormat::sarif, b));
    INFO("rule " << registered->id);
    const auto& da = ja.at("runs").at(0).at("tool").at("driver").at("rules");
    REQUIRE(da.size() == 1);
    CHECK(da.at(0).at("id") == std::string(registered->id));
    CHECK(da == jb.at("runs").at(0).at("tool").at("driver").at("rules"));
  }
}

namespace {

// Writes an nlohmann value with the report's JSON writer, member by member.
template <class J>
void write_json(report::JsonWriter& w, const J& j) {
  if (j.is_object()) {
    w.begin_object();
    for (const auto& [k, v] : j.items()) {
      w.key(k);
      write_json(w, v);
    }
    w.end_object();
  } else if (j.is_array()) {
    w.begin_array();
    for (const auto& v : j) write_json(w, v);
    w.end_array();
  } else if (j.is_string()) {
    w.string(j.template get_ref<const std::string&>());
  } else if (j.is_boolean()) {
    w.boolean(j.template get<bool>());
  } else if (j.is_null()) {
    w.null();
  } else if (j.is_number_unsigned()) {
    w.number(j.template get<std::uint64_t>());
  } else {
    w.number(j.template get<std::int64_t>());
  }
}

}  // namespace

TEST_CASE("report: the JSON writer gives the bytes of nlohmann's dump") {
  using Json = nlohmann::ordered_json;
  const auto dump = [](const Json& j) {
    return j.dump(2, ' ', false, Json::error_handler_t::replace);
  };
  const auto written = [](const Json& j, std::size_t indent) {
    std::string out;
    report::JsonWriter w(out, indent);
    write_json(w, j);
    return out;
  };
  // Every byte value in a string (controls, quote, backslash, DEL, UTF-8 lead and continuation
  // bytes, alone: invalid), valid multi-byte characters, and invalid sequences. The writer makes
  // a text valid UTF-8 as valid_utf8 does, which the reports did before they handed it to
  // nlohmann.
  // (Octal escapes: at most three digits, so a letter after one is a letter.)
  std::vector<std::string> strings = {"",
                                      "plain",
                                      "\"q\" and \\",
                                      "tab\tnl\nff\fcr\rbs\b",
                                      "\177 del",
                                      "caf\303\251 \342\202\254 \360\237\230\200",
                                      "\303",
                                      "\342\202A",
                                      "\355\240\200",
                                      "\300\257",
                                      "\364\220\200\200",
                                      "x\377y\376",
                                      std::string("a\037b\001c\000d", 7)};
  for (int b = 0; b < 256; ++b) strings.push_back(std::string(1, static_cast<char>(b)) + "z");
  for (const std::string& text : strings) {
    INFO("string of " << text.size() << " bytes");
    std::string value;
    report::JsonWriter(value).string(text);
    CHECK(value == dump(Json(report::valid_utf8(text))));
    std::string object;  // the text as a key
    report::JsonWriter w(object);
    w.begin_object();
    w.key(text);
    w.number(1);
    w.end_object();
    CHECK(object == dump(Json{{report::valid_utf8(text), 1}}));
  }
  // Nesting, empty containers, numbers at their limits, booleans, null.
  const Json nested{
      {"a", 1},
      {"neg", -42},
      {"max", std::numeric_limits<std::uint64_t>::max()},
      {"min", std::numeric_limits<std::int64_t>::min()},
      {"flags", {true, false, nullptr}},
      {"empty_object", Json::object()},
      {"empty_array", Json::array()},
      {"deep", {{"list", {1, Json::array({Json::object(), Json::array({2})}), "s"}}}},
  };
  CHECK(written(nested, 0) == dump(nested));
  CHECK(written(Json::array(), 0) == "[]");
  CHECK(written(Json::object(), 0) == "{}");
  // At an indentation: every line after the first moves right by it.
  std::string shifted = dump(nested);
  for (std::size_t at = shifted.find('\n'); at != std::string::npos;
       at = shifted.find('\n', at + 1))
    shifted.insert(at + 1, 6, ' ');
  CHECK(written(nested, 6) == shifted);
}

TEST_CASE("report: a streamed JSON array gives the bytes of the whole document's dump") {
  using Json = nlohmann::ordered_json;
  // Elements with nested values, strings holding escaped newlines and text that looks like
  // the member being searched for.
  const std::vector<Json> elements = {
      Json{{"a", 1}, {"nested", {{"list", {1, 2, Json::object()}}, {"empty", Json::array()}}}},
      Json{{"text", "line\nbreak \"items\": []"}},
      Json("plain"),
  };
  // Every count of elements, with the array at top level, as a member in the middle of an
  // object, and as the last member of a nested object.
  for (std::size_t count = 0; count <= elements.size(); ++count) {
    const std::vector<Json> some(elements.begin(), elements.begin() + count);
    const auto stream = [&](const Json& doc, std::string_view key, std::size_t column) {
      std::ostringstream out;
      report::JsonArrayStream array(
          out,
          report::JsonArrayStream::Text{doc.dump(2, ' ', false, Json::error_handler_t::replace)},
          key, column);
      for (const Json& e : some) {
        std::string text;
        report::JsonWriter w = array.element(text);
        write_json(w, e);
        array.push_text(text);
      }
      array.finish();
      return out.str();
    };
    const auto whole = [](const Json& doc) {
      return doc.dump(2, ' ', false, Json::error_handler_t::replace);
    };

    Json top = Json::array();
    for (const Json& e : some) top.push_back(e);
    CHECK(stream(Json::array(), "", 0) == whole(top));

    Json middle{{"before", "\"items\": []"}, {"items", Json::array()}, {"after", {{"x", 1}}}};
    const std::string streamed_middle = stream(middle, "items", 2);
    middle["items"] = top;
    CHECK(streamed_middle == whole(middle));

    Json deep{{"runs", Json::array({Json{{"tool", "t"}, {"items", Json::array()}}})}};
    const std::string streamed_deep = stream(deep, "items", 6);
    deep["runs"][0]["items"] = top;
    CHECK(streamed_deep == whole(deep));
  }
}

TEST_CASE("report: a report made on several threads has the bytes of one made on one") {
  // Enough findings for many chunks of every format, and a few without a location (SARIF
  // notifications, which leave a chunk without results) among them.
  const Sample s = make_sample();
  std::vector<Diagnostic> many;
  for (int copy = 0; copy < 700; ++copy) {
    for (const Diagnostic& d : s.diags) many.push_back(d);
    if (copy % 97 == 0) {
      Diagnostic bare;
      bare.rule = "config-error";
      bare.message = "no location " + std::to_string(copy);
      many.push_back(bare);
    }
  }
  ReportInput in = s.input();
  in.diagnostics = many;
  std::vector<std::string> fingerprints;
  for (std::size_t i = 0; i < many.size(); ++i) fingerprints.push_back(std::to_string(i));
  in.fingerprints = fingerprints;
  for (ReportFormat f :
       {ReportFormat::human, ReportFormat::json, ReportFormat::sarif, ReportFormat::gitlab}) {
    for (const bool quiet : {false, true}) {
      for (const bool color : {false, true}) {
        ReportOptions one;
        one.quiet = quiet;
        one.color = color;
        const std::string expected = render(f, in, one);
        for (const unsigned jobs : {2u, 3u}) {
          ReportOptions several = one;
          several.jobs = jobs;
          INFO("format " << to_string(f) << " quiet " << quiet << " color " << color << " jobs "
                         << jobs);
          CHECK(render(f, in, several) == expected);
        }
      }
    }
  }
}

TEST_CASE("report: line hashes are FNV-1a of the fingerprint keys, numbered per file") {
  const Sample s = make_sample();
  std::vector<Diagnostic> diags = s.diags;
  for (const Diagnostic& d : s.diags) diags.push_back(d);  // each key twice
  Diagnostic bare;  // no location: the key ends with the message
  bare.rule = "config-error";
  bare.message = "no location";
  diags.push_back(bare);
  ReportInput in = s.input();
  in.diagnostics = diags;
  std::map<std::pair<FileId, std::string>, unsigned> seen;
  std::vector<std::string> expected;
  for (const Diagnostic& d : diags) {
    const std::string hash = report::hex64(report::fnv1a(report::fingerprint_key(s.sources, d)));
    const unsigned n = ++seen[{d.span.valid() ? d.span.file : kNoFile, hash}];
    expected.push_back(hash + ":" + std::to_string(n));
  }
  CHECK(report::line_hashes(in) == expected);
  CHECK(report::line_hashes(in, 2) == expected);
  CHECK(std::find(expected.begin(), expected.end(), expected[0].substr(0, 16) + ":2") !=
        expected.end());
}
