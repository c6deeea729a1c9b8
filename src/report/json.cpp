// JSON format: the report contract (version 1). Field names are a promise to users' scripts:
// add fields freely, never rename or remove one. schema/zonelint-report.schema.json describes
// it and a test validates our output against it.
#include "report/common.hpp"
#include "report/formats.hpp"
#include "report/json_stream.hpp"
#include "report/ordered_chunks.hpp"

namespace zl::report {

namespace {

void nullable(JsonWriter& w, std::string_view s) {
  if (s.empty()) {
    w.null();
  } else {
    w.string(s);
  }
}

// The location members of `span`, at position `p` (its locate()).
void put_location(JsonWriter& w, const ReportInput& in, Span span, const Position& p) {
  if (!p.valid) {
    for (const std::string_view key : {"file", "line", "column", "end_line", "end_column"}) {
      w.key(key);
      w.null();
    }
    return;
  }
  w.key("file");
  w.string(report_path(in, span.file));
  w.key("line");
  w.number(p.line);
  w.key("column");
  w.number(p.column);
  w.key("end_line");
  w.number(p.end_line);
  w.key("end_column");
  w.number(p.end_column);
}

// Findings per chunk of a report made on several threads (some 1.2 KB of text a finding).
constexpr std::size_t kChunkFindings = 32;

// One element of "diagnostics": finding `i` (the JSON writer makes text valid UTF-8).
// `message` and `notes`: scratch.
void finding(JsonWriter& w, const ReportInput& in, std::size_t i, std::string& message,
             std::vector<NoteView>& notes) {
  const Diagnostic& d = in.diagnostics[i];
  w.begin_object();
  w.key("rule");
  w.string(d.rule);
  w.key("severity");
  w.string(to_string(d.severity));
  message.clear();
  d.message.append_to(message);
  w.key("message");
  w.string(message);
  put_location(w, in, d.span, position_of(in, i));
  w.key("owner");
  nullable(w, d.owner);
  w.key("type");
  nullable(w, d.type);
  w.key("input_format");
  const bool known = d.span.valid() && d.span.file < in.file_formats.size() &&
                     in.file_formats[d.span.file].has_value();
  if (known) {
    w.string(to_string(*in.file_formats[d.span.file]));
  } else {
    w.null();
  }
  w.key("doc_url");
  w.string(rule_doc_url(valid_utf8(d.rule)));
  w.key("related");
  w.begin_array();
  collect_notes(*in.sources, d, notes);
  for (const NoteView& n : notes) {
    w.begin_object();
    w.key("message");
    w.string(n.message);
    put_location(w, in, n.span, locate(*in.sources, n.span));
    w.end_object();
  }
  w.end_array();
  if (!d.fixes.empty()) {
    w.key("fixes");
    w.begin_array();
    for (const Edit& e : d.fixes) {
      w.begin_object();
      w.key("file");
      w.string(report_path(in, e.span.file));
      w.key("byte_offset");
      w.number(e.span.begin);
      w.key("byte_length");
      w.number(e.span.end - e.span.begin);
      w.key("replacement");
      w.string(e.replacement);
      w.end_object();
    }
    w.end_array();
  }
  w.end_object();
}

class JsonReporter final : public Reporter {
 public:
  explicit JsonReporter(unsigned jobs) : jobs_(jobs) {}

  void write(std::ostream& out, const ReportInput& in) const override {
    // The document around the findings, written as text (json_writer.hpp: the bytes nlohmann's
    // dump gave when it was built as an ordered_json), with "diagnostics" empty.
    std::string head;
    JsonWriter w(head);
    w.begin_object();
    w.key("version");
    w.number(1);
    w.key("tool");
    w.begin_object();
    w.key("name");
    w.string("zonelint");
    w.key("version");
    w.string(ZONELINT_VERSION);
    w.end_object();
    w.key("diagnostics");
    w.begin_array();  // streamed below, one finding at a time
    w.end_array();
    const Counts c = count(in);
    w.key("summary");
    w.begin_object();
    w.key("files");
    w.number(in.files);
    w.key("records");
    w.number(in.records);
    w.key("errors");
    w.number(c.errors);
    w.key("warnings");
    w.number(c.warnings);
    w.key("infos");
    w.number(c.infos);
    w.key("files_with_findings");
    w.number(c.files_with_findings);
    w.end_object();
    w.key("errors");
    w.begin_array();
    for (const std::string& e : in.errors) w.string(e);
    w.end_array();
    w.end_object();
    JsonArrayStream diags(out, JsonArrayStream::Text{std::move(head)}, "diagnostics", 2);
    // The findings are made in chunks on --jobs threads and written in order.
    make_ordered_chunks(
        in.diagnostics.size(), kChunkFindings, jobs_,
        [&](std::size_t begin, std::size_t end, std::string& text) {
          std::string message;  // each finding's message written out, in one buffer
          std::vector<NoteView> notes;
          for (std::size_t i = begin; i < end; ++i) {
            JsonWriter element = diags.element(text);
            finding(element, in, i, message, notes);
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
