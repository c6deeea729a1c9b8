// SARIF 2.1.0 for GitHub code scanning: one run, the enabled rules with their documentation,
// results with %SRCROOT%-relative URIs, code-point columns, related locations and
// fingerprints that survive unrelated lines moving.
//
// automationDetails is left out on purpose: github/codeql-action/upload-sarif keeps an id
// that is already in the file and would ignore its own `category` input.
#include <algorithm>
#include <filesystem>
#include <functional>
#include <map>
#include <span>

#include "core/hex.hpp"
#include "lint/rule.hpp"
#include "report/common.hpp"
#include "report/formats.hpp"
#include "report/json_stream.hpp"
#include "report/ordered_chunks.hpp"

namespace zl::report {

namespace {

constexpr std::size_t kMaxDescription = 1024;  // GitHub's limit for descriptions
constexpr std::size_t kMaxTags = 20;

std::string_view level_of(Severity s) {
  switch (s) {
    case Severity::error:
      return "error";
    case Severity::warning:
      return "warning";
    case Severity::info:
      return "note";
  }
  return "error";
}

// Cuts valid UTF-8 text to at most `max` bytes on a character boundary, marking the cut.
std::string clip(std::string text, std::size_t max) {
  if (text.size() <= max) return text;
  std::size_t n = max - 3;
  while (n > 0 && (static_cast<unsigned char>(text[n]) & 0xC0) == 0x80) --n;
  text.resize(n);
  text += "...";
  return text;
}

std::string percent_encode_path(std::string_view path) {
  std::string out;
  for (unsigned char c : path) {
    const bool keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                      c == '-' || c == '.' || c == '_' || c == '~' || c == '/' || c == '!' ||
                      c == '$' || c == '&' || c == '\'' || c == '(' || c == ')' || c == '*' ||
                      c == '+' || c == ',' || c == ';' || c == '=' || c == '@';
    if (keep) {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex_digit(c >> 4);
      out += hex_digit(c);
    }
  }
  return out;
}

bool has_dotdot(std::string_view p) {
  return p == ".." || p.starts_with("../") || p.find("/../") != std::string_view::npos ||
         p.ends_with("/..");
}

// A member whose value is a SARIF message or multiformatMessageString with only its text
// (§3.11, §3.12): "key": {"text": text}.
void text_member(JsonWriter& w, std::string_view key, std::string_view text) {
  w.key(key);
  w.begin_object();
  w.key("text");
  w.string(text);
  w.end_object();
}

// artifactLocation of a file: relative to %SRCROOT% when it can be, else an absolute file URI.
void artifact_location(JsonWriter& w, const ReportInput& in, FileId file) {
  std::string path = report_path(in, file);
  if (!path.empty() && path.front() != '/' && has_dotdot(path) && !in.srcroot.empty()) {
    path = std::filesystem::path(in.srcroot + path).lexically_normal().generic_string();
    if (path.starts_with(in.srcroot)) path.erase(0, in.srcroot.size());
  }
  w.begin_object();
  w.key("uri");
  if (!path.empty() && path.front() == '/') {
    w.string("file://" + percent_encode_path(path));
  } else {
    w.string(percent_encode_path(path));
    w.key("uriBaseId");
    w.string("%SRCROOT%");
  }
  w.end_object();
}

// The files of `d`'s fix, in the order its edits name them; empty when `d` has no fix or an
// edit has no location in the sources (then the result has no "fixes").
std::vector<FileId> fix_files(const ReportInput& in, const Diagnostic& d) {
  std::vector<FileId> files;
  for (const Edit& e : d.fixes) {
    if (!e.span.valid() || e.span.file >= in.sources->size()) return {};
    if (std::find(files.begin(), files.end(), e.span.file) == files.end())
      files.push_back(e.span.file);
  }
  return files;
}

// The fix of `d` as SARIF 2.1.0 fix objects (§3.55), the value of "fixes": one fix whose
// artifactChanges hold each file's replacements (`files`: fix_files, not empty), as byte
// regions (§3.30.2: byteOffset and byteLength) and the text inserted.
void sarif_fixes(JsonWriter& w, const ReportInput& in, const Diagnostic& d,
                 const std::vector<FileId>& files) {
  // The description (every file's edits) comes first in the fix object, the edits after it.
  std::string description;
  for (const FileId f : files) {
    for (const Edit& e : d.fixes) {
      if (e.span.file != f) continue;
      if (!description.empty()) description += "; ";
      description += e.span.begin == e.span.end ? "insert '" + valid_utf8(e.replacement) + "'"
                     : e.replacement.empty()
                         ? "delete " + std::to_string(e.span.end - e.span.begin) + " bytes"
                         : "replace '" + valid_utf8(std::string(in.sources->text(e.span))) +
                               "' with '" + valid_utf8(e.replacement) + "'";
    }
  }
  w.begin_array();
  w.begin_object();
  text_member(w, "description", description);
  w.key("artifactChanges");
  w.begin_array();
  for (const FileId f : files) {
    w.begin_object();
    w.key("artifactLocation");
    artifact_location(w, in, f);
    w.key("replacements");
    w.begin_array();
    for (const Edit& e : d.fixes) {
      if (e.span.file != f) continue;
      w.begin_object();
      w.key("deletedRegion");
      w.begin_object();
      w.key("byteOffset");
      w.number(e.span.begin);
      w.key("byteLength");
      w.number(e.span.end - e.span.begin);
      w.end_object();
      if (!e.replacement.empty()) {
        text_member(w, "insertedContent", e.replacement);
      }
      w.end_object();
    }
    w.end_array();
    w.end_object();
  }
  w.end_array();
  w.end_object();
  w.end_array();
}

// The physicalLocation of `span`, at position `p` (its locate()).
void physical_location(JsonWriter& w, const ReportInput& in, Span span, const Position& p) {
  w.begin_object();
  w.key("artifactLocation");
  artifact_location(w, in, span.file);
  w.key("region");
  w.begin_object();
  w.key("startLine");
  w.number(p.line);
  w.key("startColumn");
  w.number(p.column);
  w.key("endLine");
  w.number(p.end_line);
  w.key("endColumn");
  w.number(p.end_column);
  w.end_object();
  w.end_object();
}

std::string pascal_case(std::string_view id) {
  std::string out;
  bool up = true;
  for (char c : id) {
    if (c == '-' || c == '_' || c == '.') {
      up = true;
      continue;
    }
    out += up && c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c;
    up = false;
  }
  return out;
}

void section(std::string& text, std::string& md, std::string_view title, std::string_view body,
             bool code) {
  while (!body.empty() && (body.back() == '\n' || body.back() == ' ')) body.remove_suffix(1);
  if (body.empty()) return;
  text += "\n\n";
  text += title;
  text += ":\n";
  text += body;
  md += "\n\n## ";
  md += title;
  md += "\n\n";
  if (code) {
    const std::string_view fence = body.find("```") == std::string_view::npos ? "```" : "~~~~";
    md += fence;
    md += "dns\n";
    md += body;
    md += '\n';
    md += fence;
  } else {
    md += body;
  }
}

// An element of tool.driver.rules: a reportingDescriptor (the JSON writer makes text valid
// UTF-8, as valid_utf8).
void descriptor(JsonWriter& w, std::string_view id, std::string_view short_text,
                std::string_view full_text, std::string_view help_text, std::string_view help_md,
                Severity level, std::span<const std::string_view> tags) {
  w.begin_object();
  w.key("id");
  w.string(id);
  w.key("name");
  w.string(pascal_case(valid_utf8(id)));
  text_member(w, "shortDescription", short_text);
  text_member(w, "fullDescription", full_text);
  w.key("helpUri");
  w.string(rule_doc_url(valid_utf8(id)));
  w.key("help");
  w.begin_object();
  w.key("text");
  w.string(help_text);
  w.key("markdown");
  w.string(help_md);
  w.end_object();
  w.key("defaultConfiguration");
  w.begin_object();
  w.key("level");
  w.string(level_of(level));
  w.end_object();
  w.key("properties");
  w.begin_object();
  w.key("tags");
  w.begin_array();
  for (const std::string_view tag : tags) w.string(tag);
  w.end_array();
  w.end_object();
  w.end_object();
}

// The descriptor of a rule.
void rule_descriptor(JsonWriter& w, const Rule& r) {
  const RuleDoc& doc = r.doc;
  std::string text(doc.summary), md(doc.summary);
  section(text, md, "What it does", doc.what_it_does, false);
  section(text, md, "Why it matters", doc.why_it_matters, false);
  section(text, md, "Example", doc.example, true);
  section(text, md, "Use instead", doc.use_instead, true);
  section(text, md, "Options", doc.options, false);
  section(text, md, "References", doc.references, false);
  std::vector<std::string_view> tags;
  std::string_view rest = r.tags;
  while (!rest.empty() && tags.size() < kMaxTags) {
    const std::size_t comma = rest.find(',');
    std::string_view tag = rest.substr(0, comma);
    while (!tag.empty() && tag.front() == ' ') tag.remove_prefix(1);
    while (!tag.empty() && tag.back() == ' ') tag.remove_suffix(1);
    if (!tag.empty()) tags.push_back(tag);
    rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
  }
  const std::string summary = valid_utf8(doc.summary.empty() ? r.id : doc.summary);
  const std::string full =
      valid_utf8(doc.what_it_does.empty() ? std::string_view(summary) : doc.what_it_does);
  descriptor(w, r.id, clip(summary, kMaxDescription), clip(full, kMaxDescription), text, md,
             r.default_severity, tags);
}

// The indentation of an element of tool.driver.rules (in runs[0].tool.driver).
constexpr std::size_t kRuleIndent = 12;

// The descriptor of a rule (rule_descriptor) as an element of tool.driver.rules: for a
// registered rule, text written once per process. It depends only on the rule's static id,
// severity, tags and documentation, and writing it (sections, UTF-8 checks) costs more than the
// rest of a small report (the fuzz_pipeline target writes one per input). The table is filled
// by one thread-safe static initialisation and is read-only afterwards. A rule object outside
// the registry (a test's) gets its descriptor written on the spot.
const std::map<const Rule*, std::string>& registered_descriptors() {
  static const std::map<const Rule*, std::string> kCache = [] {
    std::map<const Rule*, std::string> m;
    for (const Rule* x : all_rules()) {
      std::string text;
      JsonWriter one(text, kRuleIndent);
      rule_descriptor(one, *x);
      m.emplace(x, std::move(text));
    }
    return m;
  }();
  return kCache;
}

void put_rule_descriptor(JsonWriter& w, const Rule& r) {
  if (const std::string_view text = sarif_rule_descriptor_text(r); !text.empty()) {
    w.raw(text);
  } else {
    rule_descriptor(w, r);
  }
}

// A descriptor for a finding whose rule is not in the registry (parse errors and the like).
void builtin_descriptor(JsonWriter& w, const std::string& id, Severity severity) {
  std::string summary = "zonelint finding '" + valid_utf8(id) + "'.";
  std::string full = summary;
  if (id == kParseError) {
    summary = "The input is not valid zone data.";
    full =
        "The file could not be read as a zone: a syntax error, a value out of range, a malformed "
        "address or name, or a directive that cannot be followed. The entry is skipped, so the "
        "zone that is served differs from the file.";
  }
  const std::string_view tags[] = {"dns"};
  descriptor(w, id, summary, full, full, full, severity, tags);
}

// Findings per chunk of a report made on several threads (some 1.5 KB of text a finding).
constexpr std::size_t kChunkFindings = 32;

// The result of located finding `i` (the JSON writer makes text valid UTF-8). `fingerprint`:
// its baseline fingerprint, or nullptr. `notes`: scratch.
void result(JsonWriter& w, const ReportInput& in, std::size_t i, std::size_t rule_index,
            const std::string& line_hash, const std::string* fingerprint,
            std::vector<NoteView>& notes) {
  const Diagnostic& d = in.diagnostics[i];
  w.begin_object();
  w.key("ruleId");
  w.string(d.rule);
  w.key("ruleIndex");
  w.number(rule_index);
  w.key("level");
  w.string(level_of(d.severity));
  text_member(w, "message", d.message.str());
  w.key("locations");
  w.begin_array();
  w.begin_object();
  w.key("physicalLocation");
  physical_location(w, in, d.span, position_of(in, i));
  w.end_object();
  w.end_array();
  collect_notes(*in.sources, d, notes);
  int id = 0;
  for (const NoteView& n : notes) {
    if (!n.span.valid() || n.span.file >= in.sources->size()) continue;
    if (id == 0) {
      w.key("relatedLocations");
      w.begin_array();
    }
    w.begin_object();
    w.key("id");
    w.number(++id);
    w.key("physicalLocation");
    physical_location(w, in, n.span, locate(*in.sources, n.span));
    text_member(w, "message", n.message);
    w.end_object();
  }
  if (id != 0) w.end_array();
  if (!d.fixes.empty()) {
    if (const std::vector<FileId> files = fix_files(in, d); !files.empty()) {
      w.key("fixes");
      sarif_fixes(w, in, d, files);
    }
  }
  w.key("partialFingerprints");
  w.begin_object();
  w.key("primaryLocationLineHash");
  w.string(line_hash);
  if (fingerprint != nullptr) {
    w.key("zonelint/v1");
    w.string(*fingerprint);
  }
  w.end_object();
  if (!d.owner.empty() || !d.type.empty()) {
    w.key("properties");
    w.begin_object();
    if (!d.owner.empty()) {
      w.key("owner");
      w.string(d.owner);
    }
    if (!d.type.empty()) {
      w.key("type");
      w.string(d.type);
    }
    w.end_object();
  }
  w.end_object();
}

class SarifReporter final : public Reporter {
 public:
  explicit SarifReporter(unsigned jobs) : jobs_(jobs) {}

  void write(std::ostream& out, const ReportInput& in) const override {
    // The document up to the results, written as text (json_writer.hpp: the bytes nlohmann's
    // dump gave when it was built as an ordered_json), with "results" empty.
    std::string head;
    JsonWriter w(head);
    w.begin_object();
    w.key("$schema");
    w.string("https://json.schemastore.org/sarif-2.1.0.json");
    w.key("version");
    w.string("2.1.0");
    w.key("runs");
    w.begin_array();
    w.begin_object();
    w.key("tool");
    w.begin_object();
    w.key("driver");
    w.begin_object();
    w.key("name");
    w.string("zonelint");
    w.key("version");
    w.string(ZONELINT_VERSION);
    w.key("semanticVersion");
    w.string(ZONELINT_VERSION);
    w.key("informationUri");
    w.string(kInformationUri);
    // Rules: the listed ones in order, then any other rule a finding names, sorted by id.
    w.key("rules");
    w.begin_array();
    std::map<std::string, std::size_t, std::less<>> index;  // std::less<>: finds a rule id view
    for (const Rule* r : in.rules) {
      if (r == nullptr || index.count(std::string(r->id))) continue;
      index.emplace(std::string(r->id), index.size());
      put_rule_descriptor(w, *r);
    }
    std::map<std::string, Severity, std::less<>> extra;
    for (const Diagnostic& d : in.diagnostics) {
      if (!index.count(d.rule) && !extra.count(d.rule)) extra.emplace(d.rule, d.severity);
    }
    for (const auto& [id, sev] : extra) {
      index.emplace(id, index.size());
      builtin_descriptor(w, id, sev);
    }
    w.end_array();
    w.end_object();
    w.end_object();

    // Findings without a location are tool notifications; the located ones are results,
    // streamed once the rest of the document is written.
    w.key("invocations");
    w.begin_array();
    w.begin_object();
    w.key("executionSuccessful");
    w.boolean(in.errors.empty());
    bool notifications = false;
    const auto notification = [&](std::string_view level, const std::string& text) {
      if (!notifications) {
        w.key("toolExecutionNotifications");
        w.begin_array();
        notifications = true;
      }
      w.begin_object();
      w.key("level");
      w.string(level);
      text_member(w, "message", text);
      w.end_object();
    };
    for (const Diagnostic& d : in.diagnostics) {
      if (!d.span.valid() || d.span.file >= in.sources->size()) {
        notification(level_of(d.severity),
                     valid_utf8(d.message.str()) + " [" + valid_utf8(d.rule) + "]");
      }
    }
    for (const std::string& e : in.errors) notification("error", e);
    if (notifications) w.end_array();
    w.end_object();
    w.end_array();
    if (!in.srcroot.empty() && in.srcroot.front() == '/') {
      w.key("originalUriBaseIds");
      w.begin_object();
      w.key("%SRCROOT%");
      w.begin_object();
      w.key("uri");
      w.string("file://" + percent_encode_path(in.srcroot));
      w.end_object();
      w.end_object();
    }
    w.key("columnKind");
    w.string("unicodeCodePoints");
    w.key("results");
    w.begin_array();  // streamed below, one finding at a time
    w.end_array();
    w.end_object();
    w.end_array();
    w.end_object();
    JsonArrayStream results(out, JsonArrayStream::Text{std::move(head)}, "results", 6);
    std::vector<std::string> own_hashes;
    const std::span<const std::string> hashes = line_hashes_of(in, jobs_, own_hashes);
    // The results are made in chunks on --jobs threads and written in order.
    make_ordered_chunks(
        in.diagnostics.size(), kChunkFindings, jobs_,
        [&](std::size_t begin, std::size_t end, std::string& text) {
          std::vector<NoteView> notes;
          for (std::size_t i = begin; i < end; ++i) {
            const Diagnostic& d = in.diagnostics[i];
            if (!d.span.valid() || d.span.file >= in.sources->size()) continue;  // notification
            const std::string* fingerprint =
                i < in.fingerprints.size() ? &in.fingerprints[i] : nullptr;
            JsonWriter element = results.element(text);
            result(element, in, i, index.find(d.rule)->second, hashes[i], fingerprint, notes);
          }
        },
        [&](const std::string& text) { results.push_text(text); });
    results.finish();
    out << '\n';
  }

 private:
  unsigned jobs_;
};

}  // namespace

std::string_view sarif_rule_descriptor_text(const Rule& rule) {
  const std::map<const Rule*, std::string>& cache = registered_descriptors();
  const auto it = cache.find(&rule);
  return it != cache.end() ? std::string_view(it->second) : std::string_view();
}

std::unique_ptr<Reporter> make_sarif_reporter(const ReportOptions& options) {
  return std::make_unique<SarifReporter>(options.jobs);
}

}  // namespace zl::report
