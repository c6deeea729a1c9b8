// JSON format: the report contract (version 1). Field names are a promise to users' scripts:
// add fields freely, never rename or remove one. schema/zonelint-report.schema.json describes
// it and a test validates our output against it.
#include <nlohmann/json.hpp>

#include "report/common.hpp"
#include "report/formats.hpp"
#include "report/json_stream.hpp"

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

class JsonReporter final : public Reporter {
 public:
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
    std::string message;  // each finding's message written out, in one buffer
    for (const Diagnostic& d : in.diagnostics) {
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
      for (const Note& n : notes_with_includes(*in.sources, d)) {
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
      diags.push(j);
    }
    diags.finish();
    out << '\n';
  }
};

}  // namespace

std::unique_ptr<Reporter> make_json_reporter() {
  return std::make_unique<JsonReporter>();
}

}  // namespace zl::report
