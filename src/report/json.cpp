// JSON format: the report contract (version 1). Field names are a promise to users' scripts:
// add fields freely, never rename or remove one. schema/zonelint-report.schema.json describes
// it and a test validates our output against it.
#include <nlohmann/json.hpp>

#include "report/common.hpp"
#include "report/formats.hpp"
#include "report/json_stream.hpp"
#include "report/ordered_chunks.hpp"

namespace zl::report {

namespace {

using Json = nlohmann::ordered_json;

Json nullable(std::string_view s) {
  return s.empty() ? Json(nullptr) : Json(valid_utf8(s));
}

void put_location(Json& j, const ReportInput& in, Span span) {
  const Position p = locate(*in.sources, span);
  if (!p.valid) {
    j["file"] = nullptr;
    j["line"] = nullptr;
    j["column"] = nullptr;
    j["end_line"] = nullptr;
    j["end_column"] = nullptr;
    return;
  }
  j["file"] = valid_utf8(report_path(in, span.file));
  j["line"] = p.line;
  j["column"] = p.column;
  j["end_line"] = p.end_line;
  j["end_column"] = p.end_column;
}

// Findings per chunk of a report made on several threads (some 1.2 KB of text a finding).
constexpr std::size_t kChunkFindings = 32;

// One element of "diagnostics". `message` and `notes`: scratch.
Json finding(const ReportInput& in, const Diagnostic& d, std::string& message,
             std::vector<NoteView>& notes) {
  Json j;
  j["rule"] = valid_utf8(d.rule);
  j["severity"] = std::string(to_string(d.severity));
  message.clear();
  d.message.append_to(message);
  j["message"] = valid_utf8(message);
  put_location(j, in, d.span);
  j["owner"] = nullable(d.owner);
  j["type"] = nullable(d.type);
  const bool known = d.span.valid() && d.span.file < in.file_formats.size() &&
                     in.file_formats[d.span.file].has_value();
  j["input_format"] =
      known ? Json(std::string(to_string(*in.file_formats[d.span.file]))) : Json(nullptr);
  j["doc_url"] = rule_doc_url(valid_utf8(d.rule));
  Json related = Json::array();
  collect_notes(*in.sources, d, notes);
  for (const NoteView& n : notes) {
    Json r;
    r["message"] = valid_utf8(n.message);
    put_location(r, in, n.span);
    related.push_back(std::move(r));
  }
  j["related"] = std::move(related);
  if (!d.fixes.empty()) {
    Json fixes = Json::array();
    for (const Edit& e : d.fixes) {
      fixes.push_back(Json{{"file", valid_utf8(report_path(in, e.span.file))},
                           {"byte_offset", e.span.begin},
                           {"byte_length", e.span.end - e.span.begin},
                           {"replacement", valid_utf8(e.replacement)}});
    }
    j["fixes"] = std::move(fixes);
  }
  return j;
}

class JsonReporter final : public Reporter {
 public:
  explicit JsonReporter(unsigned jobs) : jobs_(jobs) {}

  void write(std::ostream& out, const ReportInput& in) const override {
    Json doc;
    doc["version"] = 1;
    doc["tool"] = {{"name", "zonelint"}, {"version", ZONELINT_VERSION}};
    doc["diagnostics"] = Json::array();  // streamed below, one finding at a time
    const Counts c = count(in);
    doc["summary"] = {{"files", in.files},  {"records", in.records},
                      {"errors", c.errors}, {"warnings", c.warnings},
                      {"infos", c.infos},   {"files_with_findings", c.files_with_findings}};
    Json errors = Json::array();
    for (const std::string& e : in.errors) errors.push_back(valid_utf8(e));
    doc["errors"] = std::move(errors);
    JsonArrayStream diags(out, doc, "diagnostics", 2);
    // The findings are made in chunks on --jobs threads and written in order.
    make_ordered_chunks(
        in.diagnostics.size(), kChunkFindings, jobs_,
        [&](std::size_t begin, std::size_t end, std::string& text) {
          std::string message;  // each finding's message written out, in one buffer
          std::vector<NoteView> notes;
          for (std::size_t i = begin; i < end; ++i) {
            diags.append_element(text, finding(in, in.diagnostics[i], message, notes));
          }
        },
        [&](const std::string& text) { diags.push_text(text); });
    diags.finish();
    out << '\n';
  }

 private:
  unsigned jobs_;
};

}  // namespace

std::unique_ptr<Reporter> make_json_reporter(const ReportOptions& options) {
  return std::make_unique<JsonReporter>(options.jobs);
}

}  // namespace zl::report
