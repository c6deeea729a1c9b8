// The text of a TXT (or SPF-type) record as a resolver sees it, with a way back to the source.
//
// Mail-authentication records (SPF, DMARC, DKIM, MTA-STS, TLS-RPT) are TXT records whose
// character-strings are joined with no separator (RFC 7208 §3.3, RFC 6376 §3.6.2.2) before
// they are parsed. A finding about one term of such a record must point at that term in the
// file: inside a quoted zone-file string (escapes included), inside a YAML or JSON value, or,
// where the value was transformed on the way (a YAML escape, an octoDNS `\;`), at the whole
// field. JoinedTxt keeps, for every byte of the joined text, the source bytes it came from.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/source.hpp"
#include "model/zone.hpp"

namespace zl {

class JoinedTxt {
 public:
  // The character-strings joined with no separator: the bytes on the wire, without the
  // length octets.
  const std::string& text() const { return text_; }
  // Offset in text() where character-string k starts (k < string_count()).
  std::uint32_t string_start(std::size_t k) const { return starts_[k]; }
  std::size_t string_count() const { return starts_.size(); }
  // True when string boundary `offset` (0 < offset < text().size()) is a join between two
  // character-strings.
  bool is_join(std::uint32_t offset) const;

  // The source bytes of text()[b, e). Each byte maps to the bytes that wrote it (an escape
  // `\065` maps to its four characters); a byte whose origin is unknown maps to the whole
  // field. An empty range (b == e) gives an empty span where byte b starts (or after the last
  // byte). Invalid span when the record had no source positions.
  Span span_of(std::uint32_t b, std::uint32_t e) const;
  // The span that covers the join before character-string k (k >= 1): from the end of the
  // previous string's last byte to the start of string k's first byte, so a caret sits on the
  // `" "` between them.
  Span join_span(std::size_t k) const;
  // Does every byte map to its own source bytes (no fallback to a whole field)?
  bool exact() const { return exact_; }

 private:
  friend std::optional<JoinedTxt> join_txt_impl(const Zone&, const Record&, const SourceSet&, bool);
  // Where byte i of text_ came from: [src_begin(i), src_end(i)).
  std::uint32_t src_begin(std::size_t i) const {
    return linear_ ? linear_base_ + static_cast<std::uint32_t>(i) : src_begin_[i];
  }
  std::uint32_t src_end(std::size_t i) const {
    return linear_ ? linear_base_ + static_cast<std::uint32_t>(i) + 1 : src_end_[i];
  }
  std::string text_;
  std::vector<std::uint32_t> starts_;
  // The common case, one character-string written without escapes (`"v=spf1 -all"`), maps
  // byte i to the one source byte linear_base_ + i: no per-byte vectors then. Findings of the
  // mail rules ask for this map once each, tens of thousands of times on a large zone.
  bool linear_ = false;
  std::uint32_t linear_base_ = 0;
  std::vector<std::uint32_t> src_begin_;  // per byte of text_, unless linear_
  std::vector<std::uint32_t> src_end_;    // per byte of text_, unless linear_
  FileId file_ = kNoFile;
  Span whole_;  // every field together: the fallback
  bool exact_ = true;
};

// nullopt when `r` is not a TXT or SPF record or its rdata is malformed.
std::optional<JoinedTxt> join_txt(const Zone& zone, const Record& r, const SourceSet& sources);
// join_txt(zone, r, sources)->span_of(b, e), or an invalid span when join_txt gives nothing;
// for a record of one character-string written without escapes (most), without building the
// JoinedTxt (no decoding, no copy): a finding asks for one span.
Span txt_span_of(const Zone& zone, const Record& r, const SourceSet& sources, std::uint32_t b,
                 std::uint32_t e);
// The same, always with per-byte vectors (no single-string fast path): for the tests that
// check the fast path gives the same spans.
std::optional<JoinedTxt> join_txt_per_byte(const Zone& zone, const Record& r,
                                           const SourceSet& sources);

// Appends the character-strings of TXT (or SPF) wire rdata to `out`, joined with no separator
// (join_txt's text, without the places in the file). False when the rdata is malformed (a
// length past its end); `out` then holds the strings before it.
bool append_txt_strings(std::string_view rdata, std::string& out);

// Decodes one character-string in zone-file presentation form (the content of a quoted
// string, or an unquoted token: `\DDD` and `\X` escapes), recording for each decoded byte the
// offset of its first character and one past its last within `presentation`. Returns false on
// a malformed escape.
bool decode_character_string(std::string_view presentation, std::string& bytes,
                             std::vector<std::uint32_t>& begin, std::vector<std::uint32_t>& end);

}  // namespace zl
