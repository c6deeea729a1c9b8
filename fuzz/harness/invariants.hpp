// Invariants of a loaded ZoneSet that hold for every input, whatever its bytes: every span
// lies inside its file, every diagnostic is located and says something, every record is
// well formed and readable through the model's API. The fuzz harnesses call check_zone_set
// after loading; a violation aborts (see check.hpp).
#pragma once

#include <algorithm>
#include <cstddef>
#include <span>
#include <string>
#include <vector>

#include "fuzz/harness/check.hpp"
#include "model/zone.hpp"

namespace zl::fuzz {

// A span lies inside its file: a known file, ordered ends, both within the text. Cheap (no
// search): checked for every span of every record and field.
inline void check_span_bounds(const SourceSet& sources, const Span& s) {
  if (!s.valid()) return;
  ZL_FUZZ_CHECK(s.file < sources.size());
  ZL_FUZZ_CHECK(s.begin <= s.end);
  ZL_FUZZ_CHECK(s.end <= sources.file(s.file).text().size());
}

// The bounds, and the line/column conversion of both ends, which a report prints. The
// conversion is a binary search in the file's line index, so it depends only on the offset,
// not on what the span belongs to: it is checked on every span a report can show
// (diagnostics, notes, include chains), every record's span and a sample of the others.
inline void check_span(const SourceSet& sources, const Span& s) {
  if (!s.valid()) return;
  check_span_bounds(sources, s);
  const SourceFile& f = sources.file(s.file);
  // Line and column conversion works at both ends and orders them.
  const LineCol b = f.line_col(s.begin);
  const LineCol e = f.line_col(s.end);
  ZL_FUZZ_CHECK(b.line >= 1 && b.column >= 1);
  ZL_FUZZ_CHECK(b.line <= f.line_count() && e.line <= f.line_count());
  ZL_FUZZ_CHECK(b.line < e.line || (b.line == e.line && b.column <= e.column));
  (void)f.line_text(b.line);
}

inline void check_diagnostic(const SourceSet& sources, const Diagnostic& d) {
  ZL_FUZZ_CHECK(!d.rule.empty());
  ZL_FUZZ_CHECK(!d.message.empty());
  // A finding about input data points into that input.
  ZL_FUZZ_CHECK(d.span.valid());
  check_span(sources, d.span);
  for (const Note& n : d.notes) {
    ZL_FUZZ_CHECK(!n.message.empty());
    check_span(sources, n.span);
  }
}

// The fields a parse reported for each record of its zone (ParseOptions::on_fields: the tokens
// it read after the type), which the record's fields_of must give again, span for span. The
// zone harness collects them and check_zone compares them with the fields it reads for its own
// checks, so that a record's fields are lexed once for both (fields_of of a zone file's record
// lexes its entry again).
class ReportedFields {
 public:
  // Record `record`'s fields; a later report of the same record replaces the earlier one (a
  // $GENERATE takes records back and reports them again).
  void report(std::size_t record, std::span<const Span> fields) {
    if (at_.size() <= record) at_.resize(record + 1);
    at_[record] = At{spans_.size(), fields.size(), true};
    spans_.insert(spans_.end(), fields.begin(), fields.end());
  }
  std::size_t size() const { return at_.size(); }  // one past the last record reported
  bool reported(std::size_t record) const { return record < at_.size() && at_[record].reported; }
  std::span<const Span> fields(std::size_t record) const {
    const At& a = at_[record];
    return std::span<const Span>(spans_).subspan(a.begin, a.count);
  }

 private:
  struct At {
    std::size_t begin = 0, count = 0;
    bool reported = false;
  };
  std::vector<At> at_;
  std::vector<Span> spans_;  // every report's fields, one after the other
};

// `reported`: the fields the parse reported for the zone's records (see ReportedFields), or
// nullptr when the loader has no such report.
inline void check_zone(const ZoneSet& set, const Zone& z, const ReportedFields* reported) {
  const SourceSet& src = set.sources;
  // Every record was reported, a record without fields too.
  if (reported) ZL_FUZZ_CHECK(reported->size() >= z.records.size());
  ZL_FUZZ_CHECK(Name::is_valid_wire(z.origin.wire()));
  if (z.file != kNoFile) ZL_FUZZ_CHECK(z.file < src.size());
  for (FileId f : z.included_files) ZL_FUZZ_CHECK(f < src.size());
  // The records' spans: bounds for all of them; the line/column conversion for each record's
  // own span and, on every kConvertStride-th record, for its owner, type and field spans too.
  // (The conversion depends only on the offset; every span a finding points at is converted
  // again by check_diagnostic.) Converting every span cost about 5% of an execution.
  constexpr std::size_t kConvertStride = 8;
  for (std::size_t i = 0; i < z.records.size(); ++i) {
    const Record& r = z.records[i];
    ZL_FUZZ_CHECK(Name::is_valid_wire(z.owner(r).wire()));
    const auto span_check = i % kConvertStride == 0 ? check_span : check_span_bounds;
    check_span(src, z.span(r));
    span_check(src, z.owner_span(r));
    span_check(src, z.type_span(r));
    // The rdata's length, the rdata, then (stored fields) the byte before the fields, within
    // the arena.
    ZL_FUZZ_CHECK(r.rdata_off <= z.rdata_arena.size());
    ZL_FUZZ_CHECK(std::size_t{r.rdata_off} + z.rdata(r).size() + (z.fields_lexed(r) ? 0 : 1) <=
                  z.rdata_arena.size());
    const FieldList fields = z.fields_of(r, src);
    if (reported) {
      // The fields lexed again from the entry are the tokens the parse read there.
      ZL_FUZZ_CHECK(reported->reported(i));
      const std::span<const Span> read = reported->fields(i);
      ZL_FUZZ_CHECK(fields.size() == read.size());
      for (std::size_t k = 0; k < read.size(); ++k) ZL_FUZZ_CHECK(fields[k].span == read[k]);
    }
    // field_text of a lexed record lexes the entry again up to field k, so asking for every
    // field costs the square of the field count: every field on every kConvertStride-th
    // record, the first and the last on the others (the last lexes the whole entry).
    const bool every_text = i % kConvertStride == 0;
    for (std::size_t k = 0; k < fields.size(); ++k) {
      span_check(src, fields[k].span);
      const StoredField stored = fields.stored(k);
      if (stored.end == StoredField::kExtra) {
        ZL_FUZZ_CHECK(stored.begin < z.field_extras.size());
        const FieldExtra& x = z.field_extras[stored.begin];
        if (x.text_off != FieldExtra::kFromSpan) {
          // Its length (4 bytes) and then the text, within the arena.
          ZL_FUZZ_CHECK(std::size_t{x.text_off} + 4 <= z.text_arena.size());
          const std::string_view text = z.field_text(r, k, src);
          ZL_FUZZ_CHECK(text.data() == z.text_arena.data() + x.text_off + 4);
          ZL_FUZZ_CHECK(std::size_t{x.text_off} + 4 + text.size() <= z.text_arena.size());
        }
      } else {
        ZL_FUZZ_CHECK(fields[k].span.file == z.file_of(r));  // kept in the record's file
      }
      if (every_text || k == 0 || k + 1 == fields.size()) {
        const std::string_view text = z.field_text(r, k, src);
        // Lexed up to field k, the entry gives the same field as lexed whole.
        if (z.fields_lexed(r)) ZL_FUZZ_CHECK(text == src.text(fields[k].span));
      }
    }
    // Typed views never read out of bounds, and what they decode is well formed.
    if (auto mx = as_mx(z, r)) ZL_FUZZ_CHECK(Name::is_valid_wire(mx->exchange.wire()));
    if (auto t = as_name_target(z, r)) ZL_FUZZ_CHECK(Name::is_valid_wire(t->target.wire()));
    if (auto soa = as_soa(z, r)) {
      ZL_FUZZ_CHECK(Name::is_valid_wire(soa->mname.wire()));
      ZL_FUZZ_CHECK(Name::is_valid_wire(soa->rname.wire()));
    }
    if (auto srv = as_srv(z, r)) ZL_FUZZ_CHECK(Name::is_valid_wire(srv->target.wire()));
    if (auto txt = as_txt(z, r)) {
      for (const auto& s : txt->strings) ZL_FUZZ_CHECK(s.size() <= 255);
    }
    (void)as_a(z, r);
    (void)as_aaaa(z, r);
    (void)as_caa(z, r);
  }
  // The owner index finds each record under its owner.
  ZL_FUZZ_CHECK(z.sorted().size() == z.records.size());
  const std::size_t probe = std::min<std::size_t>(z.records.size(), 64);
  for (std::size_t i = 0; i < probe; ++i) {
    const auto at = z.records_at(z.owner(z.records[i]));
    ZL_FUZZ_CHECK(std::find(at.begin(), at.end(), static_cast<std::uint32_t>(i)) != at.end());
    ZL_FUZZ_CHECK(z.name_exists(z.owner(z.records[i])));
  }
}

// `reported`: for a set loaded from one zone file (the zone harness), the fields the parse
// reported for its zone's records (see ReportedFields); the set then holds one zone at most.
inline void check_zone_set(const ZoneSet& set, const ReportedFields* reported = nullptr) {
  for (const Diagnostic& d : set.diagnostics.items()) check_diagnostic(set.sources, d);
  if (reported) ZL_FUZZ_CHECK(set.zones.size() <= 1);
  for (const Zone& z : set.zones) check_zone(set, z, reported);
  // Include chains end (no loop in the included-from links).
  for (FileId f = 0; f < set.sources.size(); ++f) {
    const auto chain = set.sources.include_chain(f);
    ZL_FUZZ_CHECK(chain.size() <= set.sources.size());
    for (const Span& s : chain) check_span(set.sources, s);
  }
}

}  // namespace zl::fuzz
