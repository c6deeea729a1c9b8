#include "model/txt.hpp"

#include <algorithm>
#include <array>
#include <limits>

namespace zl {

namespace {
bool is_digit(char c) {
  return c >= '0' && c <= '9';
}
}  // namespace

bool decode_character_string(std::string_view p, std::string& bytes,
                             std::vector<std::uint32_t>& begin, std::vector<std::uint32_t>& end) {
  for (std::size_t i = 0; i < p.size();) {
    const auto at = static_cast<std::uint32_t>(i);
    if (p[i] != '\\') {
      bytes += p[i];
      begin.push_back(at);
      end.push_back(at + 1);
      ++i;
      continue;
    }
    if (i + 1 >= p.size()) return false;
    if (is_digit(p[i + 1])) {
      if (i + 3 >= p.size()) return false;
      if (!is_digit(p[i + 2]) || !is_digit(p[i + 3])) return false;
      const int v = (p[i + 1] - '0') * 100 + (p[i + 2] - '0') * 10 + (p[i + 3] - '0');
      if (v > 255) return false;
      bytes += static_cast<char>(v);
      begin.push_back(at);
      end.push_back(at + 4);
      i += 4;
      continue;
    }
    bytes += p[i + 1];
    begin.push_back(at);
    end.push_back(at + 2);
    i += 2;
  }
  return true;
}

bool JoinedTxt::is_join(std::uint32_t offset) const {
  return offset > 0 && std::binary_search(starts_.begin() + 1, starts_.end(), offset);
}

Span JoinedTxt::span_of(std::uint32_t b, std::uint32_t e) const {
  if (file_ == kNoFile) return {};
  const auto n = static_cast<std::uint32_t>(text_.size());
  if (n == 0) return Span{file_, whole_.begin, whole_.begin};
  b = std::min(b, n);
  e = std::min(std::max(e, b), n);
  if (b == e) {
    if (b < n) return Span{file_, src_begin(b), src_begin(b)};
    return Span{file_, src_end(n - 1), src_end(n - 1)};
  }
  std::uint32_t lo = src_begin(b);
  std::uint32_t hi = src_end(e - 1);
  for (std::uint32_t i = b; i < e; ++i) {  // a byte mapped to a whole field widens the span
    lo = std::min(lo, src_begin(i));
    hi = std::max(hi, src_end(i));
  }
  return Span{file_, lo, hi};
}

Span JoinedTxt::join_span(std::size_t k) const {
  if (file_ == kNoFile || k == 0 || k >= starts_.size()) return {};
  const std::uint32_t at = starts_[k];
  if (at == 0 || at >= text_.size()) return span_of(at, at);
  const std::uint32_t from = src_end(at - 1);
  const std::uint32_t to = src_begin(at);
  if (from <= to) return Span{file_, from, to};
  return Span{file_, to, from};
}

std::optional<JoinedTxt> join_txt_impl(const Zone& zone, const Record& r, const SourceSet& sources,
                                       bool allow_linear) {
  const auto txt = as_txt(zone, r);
  if (!txt) return std::nullopt;
  JoinedTxt j;
  const auto fields = zone.fields_of(r, sources);
  // A lexed field's text is its span's (Zone::field_text would lex the entry again).
  const bool lexed = zone.fields_lexed(r);
  for (const Field& f : fields) {
    if (!f.span.valid()) continue;
    if (j.file_ == kNoFile) {
      j.file_ = f.span.file;
      j.whole_ = f.span;
    } else if (f.span.file == j.file_) {
      j.whole_.begin = std::min(j.whole_.begin, f.span.begin);
      j.whole_.end = std::max(j.whole_.end, f.span.end);
    }
  }
  if (const Span rs = zone.span(r); j.file_ == kNoFile && rs.valid()) {
    j.file_ = rs.file;
    j.whole_ = rs;
  }
  // Where the raw bytes of each field were last found in a shared span (chunked values give
  // every chunk the same span): the search for the next chunk starts there.
  Span last_span{};
  std::uint32_t last_pos = 0;
  const bool per_field = fields.size() == txt->strings.size();
  std::size_t total = 0;
  for (const auto& str : txt->strings) total += str.size();
  j.text_.reserve(total);
  if (!allow_linear || txt->strings.size() != 1) {  // else the fast path below may need none
    j.src_begin_.reserve(total);
    j.src_end_.reserve(total);
  }
  j.starts_.reserve(txt->strings.size());
  for (std::size_t k = 0; k < txt->strings.size(); ++k) {
    const std::string& s = txt->strings[k];
    j.starts_.push_back(static_cast<std::uint32_t>(j.text_.size()));
    j.text_ += s;
    bool mapped = false;
    if (per_field && j.file_ != kNoFile) {
      const Field f = fields[k];
      if (f.span.valid() && f.span.file == j.file_ && f.span.file < sources.size()) {
        const std::string_view src = sources.text(f.span);
        std::string_view pt = lexed ? src : zone.field_text(r, k, sources);
        std::string bytes;
        std::vector<std::uint32_t> b, e;
        // 1. The field is written in presentation form in the file (a zone file, a Route 53
        //    or Terraform rdata string): map through the escapes, inside the quotes if any.
        std::uint32_t shift = 0;
        bool same = src == pt;
        if (same && pt.size() >= 2 && pt.front() == '"' && pt.back() == '"') {
          pt = pt.substr(1, pt.size() - 2);
          shift = 1;
        } else if (!same && src.size() == pt.size() + 2 && src.front() == '"' &&
                   src.back() == '"' && src.substr(1, pt.size()) == pt) {
          same = true;
          shift = 1;
        }
        if (allow_linear && same && txt->strings.size() == 1 &&
            pt.find('\\') == std::string_view::npos && pt == s) {
          // The fast path: no escapes, so byte i came from source byte i (see linear_).
          j.linear_ = true;
          j.linear_base_ = f.span.begin + shift;
          mapped = true;
        } else if (same && decode_character_string(pt, bytes, b, e) && bytes == s) {
          for (std::size_t i = 0; i < s.size(); ++i) {
            j.src_begin_.push_back(f.span.begin + shift + b[i]);
            j.src_end_.push_back(f.span.begin + shift + e[i]);
          }
          mapped = true;
        } else {
          // 2. The raw bytes stand in the file as they are (a plain YAML scalar, a JSON string
          //    without escapes), possibly as one chunk of a longer value.
          std::uint32_t from = f.span == last_span ? last_pos : 0;
          const std::size_t pos = s.empty() ? std::string_view::npos : src.find(s, from);
          if (pos != std::string_view::npos) {
            for (std::size_t i = 0; i < s.size(); ++i) {
              j.src_begin_.push_back(f.span.begin + static_cast<std::uint32_t>(pos + i));
              j.src_end_.push_back(f.span.begin + static_cast<std::uint32_t>(pos + i + 1));
            }
            last_span = f.span;
            last_pos = static_cast<std::uint32_t>(pos + s.size());
            mapped = true;
          }
        }
        if (!mapped) {
          // 3. Transformed on the way: the whole field.
          for (std::size_t i = 0; i < s.size(); ++i) {
            j.src_begin_.push_back(f.span.begin);
            j.src_end_.push_back(f.span.end);
          }
          mapped = true;
          if (!s.empty()) j.exact_ = false;
        }
      }
    }
    if (!mapped) {
      for (std::size_t i = 0; i < s.size(); ++i) {
        j.src_begin_.push_back(j.whole_.begin);
        j.src_end_.push_back(j.whole_.end);
      }
      if (!s.empty()) j.exact_ = false;
    }
  }
  return j;
}

std::optional<JoinedTxt> join_txt(const Zone& zone, const Record& r, const SourceSet& sources) {
  return join_txt_impl(zone, r, sources, true);
}

namespace {

// Where character-string `s` of `r` (field k, span `f`) starts in the file when it is written as
// its own bytes, quoted or not, without escapes: join_txt_impl's presentation-form mapping with
// nothing to decode (byte i came from source byte base + i). nullopt otherwise.
std::optional<std::uint32_t> plain_base(const Zone& zone, const Record& r, std::size_t k,
                                        const Span& f, std::string_view s,
                                        const SourceSet& sources) {
  // A zone-file record with no escape in its tokens, not $GENERATEd (kTextNotPlain): the
  // token is the string's bytes, or the same between quotes, and its length tells which. The
  // text is not read then: a mapped file's pages may be out of memory, and findings of the
  // mail rules ask for tens of thousands of spans on a large zone.
  if (zone.format == InputFormat::zone && !r.has(kTextNotPlain) && !r.has(kGenerated) &&
      f.file == zone.file_of(r)) {
    if (f.end - f.begin == s.size()) return f.begin;
    if (f.end - f.begin == s.size() + 2) return f.begin + 1;
    return std::nullopt;
  }
  const std::string_view src = sources.text(f);
  // A lexed field's text is its span's (Zone::field_text would lex the entry again).
  std::string_view pt = zone.fields_lexed(r) ? src : zone.field_text(r, k, sources);
  std::uint32_t shift = 0;
  bool same = src == pt;
  if (same && pt.size() >= 2 && pt.front() == '"' && pt.back() == '"') {
    pt = pt.substr(1, pt.size() - 2);
    shift = 1;
  } else if (!same && src.size() == pt.size() + 2 && src.front() == '"' && src.back() == '"' &&
             src.substr(1, pt.size()) == pt) {
    same = true;
    shift = 1;
  }
  if (!same || pt.find('\\') != std::string_view::npos || pt != s) return std::nullopt;
  return f.begin + shift;
}

}  // namespace

Span txt_span_of(const Zone& zone, const Record& r, const SourceSet& sources, std::uint32_t b,
                 std::uint32_t e) {
  // The common records (`"v=spf1 -all"`, a DKIM key split into quoted strings) write every
  // character-string plainly, one field each, in one file: string k's bytes then stand at
  // base_k + i, and span_of's min and max over the bytes [b, e) is one over the strings they
  // touch. Anything else (escapes, values from YAML or JSON, fields elsewhere) takes the
  // JoinedTxt.
  struct Piece {
    std::uint32_t start = 0, size = 0, base = 0;  // in the joined text; in the file
  };
  constexpr std::size_t kMaxPieces = 16;
  const std::string_view w = zone.rdata(r);
  const auto fields = zone.fields_of(r, sources);
  if ((r.type == rrtype::TXT || r.type == rrtype::SPF) && !fields.empty() &&
      fields.size() <= kMaxPieces && fields[0].span.valid() &&
      fields[0].span.file < sources.size()) {
    const FileId file = fields[0].span.file;
    std::array<Piece, kMaxPieces> pieces{};
    std::uint32_t n = 0, whole_begin = fields[0].span.begin;
    std::size_t pos = 0, k = 0;
    for (; k < fields.size(); ++k) {
      const Span f = fields[k].span;
      if (pos >= w.size() || !f.valid() || f.file != file) break;
      const auto len = static_cast<unsigned char>(w[pos]);
      if (pos + 1 + len > w.size()) break;
      const auto base = plain_base(zone, r, k, f, w.substr(pos + 1, len), sources);
      if (!base) break;
      pieces[k] = Piece{n, len, *base};
      n += len;
      pos += 1 + len;
      whole_begin = std::min(whole_begin, f.begin);
    }
    if (k == fields.size() && pos == w.size()) {
      if (n == 0) return Span{file, whole_begin, whole_begin};
      b = std::min(b, n);
      e = std::min(std::max(e, b), n);
      if (b == e) {  // where byte b starts, or after the last byte
        for (std::size_t i = 0; i < k; ++i) {
          const Piece& p = pieces[i];
          if (b < n ? b >= p.start && b < p.start + p.size : p.size > 0 && p.start + p.size == n) {
            const std::uint32_t at = p.base + (b - p.start);
            return Span{file, at, at};
          }
        }
      }
      std::uint32_t lo = std::numeric_limits<std::uint32_t>::max(), hi = 0;
      for (std::size_t i = 0; i < k; ++i) {
        const Piece& p = pieces[i];
        if (p.size == 0 || p.start >= e || p.start + p.size <= b) continue;
        lo = std::min(lo, p.base + (std::max(b, p.start) - p.start));
        hi = std::max(hi, p.base + (std::min(e, p.start + p.size) - p.start));
      }
      return Span{file, lo, hi};
    }
  }
  const auto j = join_txt(zone, r, sources);
  return j ? j->span_of(b, e) : Span{};
}

std::optional<JoinedTxt> join_txt_per_byte(const Zone& zone, const Record& r,
                                           const SourceSet& sources) {
  return join_txt_impl(zone, r, sources, false);
}

bool append_txt_strings(std::string_view rdata, std::string& out) {
  for (std::size_t p = 0; p < rdata.size();) {
    const auto len = static_cast<unsigned char>(rdata[p]);
    if (p + 1 + len > rdata.size()) return false;
    out.append(rdata.substr(p + 1, len));
    p += 1 + len;
  }
  return true;
}

}  // namespace zl
