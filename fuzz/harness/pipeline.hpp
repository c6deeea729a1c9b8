// Fuzz harness: the whole pipeline, from bytes to every reporter. The first byte picks the
// front end (zone file, octoDNS, DNSControl, Route 53, Terraform); the rest is the input, with
// more files after `%%file NAME` lines (`%%file .zonelint.yaml` is the policy). The zones go
// through every rule (lint) and the findings through every report format.
//
// Invariants beyond the loader's: every finding is located inside its file; JSON, SARIF and
// GitLab reports parse as strict JSON (JsonScan, and nlohmann's parser unless
// ZL_FUZZ_JSON_CROSSCHECK is 0: both reject invalid UTF-8) and list every finding; the
// human format and GitHub workflow commands carry no raw control character; reports are
// deterministic. The five reports share each finding's position and line hash
// (share_report_facts), and the builds that cross-check JSON with nlohmann also check that
// every report has the same bytes without them. The files of an input are in memory only: no
// config file is looked for on the disk.
#pragma once

#include <array>
#include <charconv>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <initializer_list>
#include <nlohmann/json.hpp>
#include <optional>
#include <ostream>
#include <span>
#include <streambuf>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <variant>
#include <vector>

#include "fuzz/harness/loader.hpp"
#include "lint/engine.hpp"
#include "report/formats.hpp"
#include "report/reporter.hpp"

namespace zl::fuzz {

inline constexpr std::array<FormatChoice, 5> kPipelineFormats = {
    FormatChoice::zone, FormatChoice::octodns, FormatChoice::dnscontrol, FormatChoice::route53,
    FormatChoice::terraform};

// An output stream that appends to a string: render() writes each report into a buffer kept
// between executions, without an ostringstream's growth and the copy of its text.
class StringSink : public std::streambuf {
 public:
  explicit StringSink(std::string& out) : out_(out) {}

 protected:
  int_type overflow(int_type c) override {
    if (!traits_type::eq_int_type(c, traits_type::eof())) out_ += traits_type::to_char_type(c);
    return traits_type::not_eof(c);
  }
  std::streamsize xsputn(const char* s, std::streamsize n) override {
    out_.append(s, static_cast<std::size_t>(n));
    return n;
  }

 private:
  std::string& out_;
};

// The report in `format`, in `out` (emptied first).
inline const std::string& render(ReportFormat format, const ReportInput& in, std::string& out) {
  out.clear();
  StringSink sink(out);
  std::ostream stream(&sink);
  ReportOptions ro;  // no colour
  make_reporter(format, ro)->write(stream, in);
  return out;
}

// No C0 control but newline and tab, no DEL, no C1 control (as UTF-8 or raw).
inline bool terminal_clean(std::string_view text) {
  constexpr std::uint64_t kOnes = 0x0101010101010101ULL;
  constexpr std::uint64_t kHigh = 0x8080808080808080ULL;
  for (std::size_t i = 0; i < text.size(); ++i) {
    // Eight printable ASCII bytes (0x20 to 0x7E) at once: none below 0x20, none above 0x7E.
    while (text.size() - i >= 8) {
      std::uint64_t w = 0;
      std::memcpy(&w, text.data() + i, sizeof w);
      if ((((w - kOnes * 0x20) & ~w) | (w + kOnes) | w) & kHigh) break;
      i += 8;
    }
    if (i == text.size()) break;
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

// Where a JSON parse is relative to `path`, and the count at its end: the bookkeeping that
// ArrayCounter (over nlohmann's SAX events) and JsonScan (its own scanner) share. Told each
// container's start and end, each scalar, and each object key.
class JsonPathCount {
 public:
  explicit JsonPathCount(std::span<const JsonStep> path) : path_(path) {}

  void open(bool array) {
    const bool on_path = child_on_path();
    stack_.push_back(Frame{array, on_path, false, 0});
  }
  void close() {
    const Frame f = stack_.back();
    stack_.pop_back();
    if (f.on_path && stack_.size() == path_.size()) {  // the value at the path
      count_ = f.array ? std::optional<std::size_t>(f.elements) : std::nullopt;
    }
  }
  void scalar() {
    if (child_on_path() && stack_.size() == path_.size()) count_.reset();  // not an array
  }
  // Whether the path goes on inside the value that starts next (is below it), without
  // counting that value: when it does not, a container there counts as a scalar() would.
  bool path_below_next() const {
    if (stack_.empty()) return !path_.empty();
    const Frame& f = stack_.back();
    if (!f.on_path || stack_.size() >= path_.size()) return false;
    const JsonStep& step = path_[stack_.size() - 1];
    if (f.array) {
      const auto* want = std::get_if<std::size_t>(&step);
      return want != nullptr && *want == f.elements;
    }
    return f.key_matches;
  }
  // The innermost object's next key has to be compared with the path: the key it must be, or
  // nullptr when it cannot be on the path (then key_is need not be called).
  const JsonStep* key_step() const {
    const Frame& f = stack_.back();
    return f.on_path && stack_.size() <= path_.size() ? &path_[stack_.size() - 1] : nullptr;
  }
  void key_is(std::string_view k) {
    const JsonStep* step = key_step();
    const auto* want = step != nullptr ? std::get_if<std::string_view>(step) : nullptr;
    stack_.back().key_matches = want != nullptr && *want == k;
  }
  void key_off_path() { stack_.back().key_matches = false; }

  bool at_top() const { return stack_.empty(); }
  bool in_array() const { return stack_.back().array; }
  // The count, if the path named an array.
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

  std::span<const JsonStep> path_;
  std::vector<Frame> stack_;
  std::optional<std::size_t> count_;
};

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
    path_.key_is(k);
    return true;
  }
  bool end_object() { return close(); }
  bool end_array() { return close(); }
  bool parse_error(std::size_t /*unused*/, const std::string& /*unused*/,
                   const nlohmann::detail::exception& /*unused*/) {
    return false;
  }

  // After a successful sax_parse: the count, if the path named an array.
  std::optional<std::size_t> count() const { return path_.count(); }

 private:
  bool value() {
    path_.scalar();
    return true;
  }
  bool open(bool array) {
    path_.open(array);
    return true;
  }
  bool close() {
    path_.close();
    return true;
  }

  JsonPathCount path_;
};

// The same answers as a strict nlohmann parse through ArrayCounter, without nlohmann: whether
// the text is one JSON value (RFC 8259, as nlohmann's lexer and parser take it: a UTF-8 byte
// order mark skipped at the start; strings valid UTF-8 without raw control characters, escapes
// and surrogate pairs checked; numbers as the grammar has them, a float that overflows
// rejected; only whitespace after the value) and the number of elements of the array at
// `path`, as ArrayCounter counts it. nlohmann's lexer takes each byte through an input adapter
// and copies it into its token buffers: the reports parsed back that way were a tenth of a
// fuzz_pipeline execution in the throughput build (README.md, "Throughput", eighth pass).
// One difference, where this is stricter: nlohmann takes a NUL byte after the value as the end
// of the input, and ignores what follows.
// `known`: JSON values, each checked by the caller (a JsonScan of its own: valid), that the
// text holds in this order as elements of arrays off the path (fuzz_pipeline: the SARIF
// descriptors of the rules, static text written once per process and copied into every
// report). Where an array element starts with the next of them, byte for byte, it is taken as
// that value without being scanned again: a JSON value ends where its own bytes end it, so the
// text is valid exactly when it would be with the value scanned, and a value the path does not
// go into counts for nothing but its place in its array. A known value found elsewhere, or not
// found, is scanned as any text. check_json_array compares the two answers unless
// ZL_FUZZ_JSON_CROSSCHECK is 0 (the throughput build, fuzz_pipeline.cpp): the ASan build and
// the regression tests check this scanner against nlohmann on every input (and it agreed with
// ArrayCounter on 15 million generated and mutated texts, 600,000 of them JSON).
class JsonScan {
 public:
  struct Result {
    bool valid = false;
    std::optional<std::size_t> count;
  };

  static Result run(std::string_view text, std::span<const JsonStep> path,
                    std::span<const std::string_view> known = {}) {
    JsonScan scan(text, path, known);
    Result r;
    r.valid = scan.document();
    if (r.valid) r.count = scan.path_.count();
    return r;
  }

 private:
  JsonScan(std::string_view text, std::span<const JsonStep> path,
           std::span<const std::string_view> known)
      : p_(text.data()), end_(text.data() + text.size()), path_(path), known_(known) {}

  static bool is_ws(char c) { return c == ' ' || c == '\n' || c == '\t' || c == '\r'; }
  // Eight bytes at a time where they can be (SWAR): the reports are mostly indentation and
  // plain text.
  static constexpr std::uint64_t kOnes = 0x0101010101010101ULL;
  static constexpr std::uint64_t kHigh = 0x8080808080808080ULL;
  static std::uint64_t load8(const char* p) {
    std::uint64_t w = 0;
    std::memcpy(&w, p, sizeof w);
    return w;
  }
  // Whether a byte of `w` is zero (exact as a whole, though not which byte).
  static bool any_zero(std::uint64_t w) { return ((w - kOnes) & ~w & kHigh) != 0; }
  // Whether a byte of `w` ends a run of plain string bytes: below 0x20, 0x80 or above, '"', '\'.
  static bool any_special(std::uint64_t w) {
    return (((w - kOnes * 0x20) & ~w & kHigh) | (w & kHigh)) != 0 || any_zero(w ^ (kOnes * '"')) ||
           any_zero(w ^ (kOnes * '\\'));
  }
  // Whether the text at p_ starts with `k` (compared here, not by memcmp: libFuzzer's memcmp
  // hook would take the report's bytes of a mismatch for its comparison table).
  bool starts_with(std::string_view k) const {
    if (static_cast<std::size_t>(end_ - p_) < k.size()) return false;
    std::size_t i = 0;
    for (; k.size() - i >= 8; i += 8)
      if (load8(p_ + i) != load8(k.data() + i)) return false;
    for (; i < k.size(); ++i)
      if (p_[i] != k[i]) return false;
    return true;
  }
  // At the start of an array element: the next known value, if it is there and off the path.
  bool skip_known() {
    if (next_known_ == known_.size() || path_.at_top() || !path_.in_array() ||
        path_.path_below_next() || !starts_with(known_[next_known_]))
      return false;
    p_ += known_[next_known_].size();
    ++next_known_;
    return true;
  }
  void skip_ws() {
    while (p_ != end_ && is_ws(*p_)) {
      if (*p_++ != '\n') continue;
      while (end_ - p_ >= 8 && load8(p_) == kOnes * ' ') p_ += 8;  // a line's indentation
    }
  }
  static int hex(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  }
  bool hex4(unsigned& v) {
    if (end_ - p_ < 4) return false;
    v = 0;
    for (int i = 0; i < 4; ++i) {
      const int h = hex(p_[i]);
      if (h < 0) return false;
      v = v * 16 + static_cast<unsigned>(h);
    }
    p_ += 4;
    return true;
  }
  static void put_utf8(std::string& out, unsigned cp) {
    if (cp < 0x80) {
      out += static_cast<char>(cp);
    } else if (cp < 0x800) {
      out += static_cast<char>(0xC0 | (cp >> 6));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
      out += static_cast<char>(0xE0 | (cp >> 12));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
      out += static_cast<char>(0xF0 | (cp >> 18));
      out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    }
  }
  // The continuation bytes of a UTF-8 sequence (nlohmann's lexer, RFC 3629's table): the first
  // within [lo, hi], the others within [0x80, 0xBF].
  bool continuation(unsigned char lo, unsigned char hi, int more) {
    for (int i = 0; i < more; ++i) {
      if (p_ == end_) return false;
      const auto c = static_cast<unsigned char>(*p_);
      if (i == 0 ? (c < lo || c > hi) : (c < 0x80 || c > 0xBF)) return false;
      ++p_;
    }
    return true;
  }
  // A string, after its opening quote; its decoded text into `out` when given.
  bool string(std::string* out) {
    for (;;) {
      const char* start = p_;
      while (end_ - p_ >= 8 && !any_special(load8(p_))) p_ += 8;
      while (p_ != end_) {
        const auto c = static_cast<unsigned char>(*p_);
        if (c < 0x20 || c >= 0x80 || c == '"' || c == '\\') break;
        ++p_;
      }
      if (out != nullptr) out->append(start, p_);
      if (p_ == end_) return false;
      const auto c = static_cast<unsigned char>(*p_);
      const char* at = p_;
      ++p_;
      if (c == '"') return true;
      if (c < 0x20) return false;  // a raw control character
      if (c == '\\') {
        if (p_ == end_) return false;
        const char e = *p_++;
        unsigned cp = 0;
        switch (e) {
          case '"':
            cp = '"';
            break;
          case '\\':
            cp = '\\';
            break;
          case '/':
            cp = '/';
            break;
          case 'b':
            cp = '\b';
            break;
          case 'f':
            cp = '\f';
            break;
          case 'n':
            cp = '\n';
            break;
          case 'r':
            cp = '\r';
            break;
          case 't':
            cp = '\t';
            break;
          case 'u': {
            if (!hex4(cp)) return false;
            if (cp >= 0xDC00 && cp <= 0xDFFF) return false;  // a low surrogate first
            if (cp >= 0xD800 && cp <= 0xDBFF) {              // needs its low surrogate
              unsigned lo = 0;
              if (end_ - p_ < 2 || p_[0] != '\\' || p_[1] != 'u') return false;
              p_ += 2;
              if (!hex4(lo) || lo < 0xDC00 || lo > 0xDFFF) return false;
              cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
            }
            break;
          }
          default:
            return false;
        }
        if (out != nullptr) put_utf8(*out, cp);
        continue;
      }
      // c >= 0x80: one UTF-8 sequence.
      bool ok = false;
      if (c >= 0xC2 && c <= 0xDF) {
        ok = continuation(0x80, 0xBF, 1);
      } else if (c == 0xE0) {
        ok = continuation(0xA0, 0xBF, 2);
      } else if ((c >= 0xE1 && c <= 0xEC) || c == 0xEE || c == 0xEF) {
        ok = continuation(0x80, 0xBF, 2);
      } else if (c == 0xED) {
        ok = continuation(0x80, 0x9F, 2);
      } else if (c == 0xF0) {
        ok = continuation(0x90, 0xBF, 3);
      } else if (c >= 0xF1 && c <= 0xF3) {
        ok = continuation(0x80, 0xBF, 3);
      } else if (c == 0xF4) {
        ok = continuation(0x80, 0x8F, 3);
      }
      if (!ok) return false;
      if (out != nullptr) out->append(at, p_);
    }
  }
  bool digits() {
    const char* start = p_;
    while (p_ != end_ && *p_ >= '0' && *p_ <= '9') ++p_;
    return p_ != start;
  }
  // A number, from its first character: the grammar's, and (as nlohmann) a float (a fraction,
  // an exponent, or an integer too long for 64 bits) must be finite.
  bool number() {
    const char* start = p_;
    if (*p_ == '-') ++p_;
    if (p_ == end_) return false;
    if (*p_ == '0') {
      ++p_;
    } else if (!digits()) {
      return false;
    }
    bool is_float = false;
    if (p_ != end_ && *p_ == '.') {
      ++p_;
      if (!digits()) return false;
      is_float = true;
    }
    if (p_ != end_ && (*p_ == 'e' || *p_ == 'E')) {
      ++p_;
      if (p_ != end_ && (*p_ == '+' || *p_ == '-')) ++p_;
      if (!digits()) return false;
      is_float = true;
    }
    if (is_float || p_ - start > 18) {
      const std::string token(start, p_);
      if (!is_float) {  // an integer nlohmann keeps as one is finite
        std::uint64_t u = 0;
        std::int64_t i = 0;
        const char* b = token.data();
        const char* e = b + token.size();
        if (token[0] == '-'
                ? std::from_chars(b, e, i).ec == std::errc() && std::from_chars(b, e, i).ptr == e
                : std::from_chars(b, e, u).ec == std::errc() && std::from_chars(b, e, u).ptr == e)
          return true;
      }
      if (!std::isfinite(std::strtod(token.c_str(), nullptr))) return false;
    }
    return true;
  }
  bool literal(std::string_view word) {
    if (static_cast<std::size_t>(end_ - p_) < word.size() ||
        std::string_view(p_, word.size()) != word)
      return false;
    p_ += word.size();
    return true;
  }

  void scalar() { path_.scalar(); }
  void open(bool array) { path_.open(array); }
  void close() { path_.close(); }
  // An object's key, after its opening quote: collected only when the path needs it compared.
  bool key() {
    const JsonStep* step = path_.key_step();
    if (step == nullptr) return string(nullptr);
    if (std::get_if<std::string_view>(step) == nullptr) {
      path_.key_off_path();
      return string(nullptr);
    }
    key_.clear();
    if (!string(&key_)) return false;
    path_.key_is(key_);
    return true;
  }

  // The whole text: one value and whitespace. Containers on path_'s stack, no recursion.
  bool document() {
    if (end_ - p_ >= 1 && static_cast<unsigned char>(*p_) == 0xEF) {  // a byte order mark
      if (end_ - p_ < 3 || static_cast<unsigned char>(p_[1]) != 0xBB ||
          static_cast<unsigned char>(p_[2]) != 0xBF)
        return false;
      p_ += 3;
    }
    for (;;) {
      // A value is expected.
      skip_ws();
      if (p_ == end_) return false;
      const char c = *p_;
      if (c == '{' && skip_known()) {
        scalar();
      } else if (c == '{' || c == '[') {
        ++p_;
        open(c == '[');
        skip_ws();
        if (p_ == end_) return false;
        if (*p_ == (c == '[' ? ']' : '}')) {
          ++p_;
          close();
        } else if (c == '{') {
          if (*p_ != '"') return false;
          ++p_;
          if (!key()) return false;
          skip_ws();
          if (p_ == end_ || *p_ != ':') return false;
          ++p_;
          continue;  // the member's value
        } else {
          continue;  // the first element
        }
      } else if (c == '"') {
        ++p_;
        if (!string(nullptr)) return false;
        scalar();
      } else if (c == '-' || (c >= '0' && c <= '9')) {
        if (!number()) return false;
        scalar();
      } else if (c == 't' || c == 'f' || c == 'n') {
        if (!literal(c == 't' ? "true" : c == 'f' ? "false" : "null")) return false;
        scalar();
      } else {
        return false;
      }
      // After a value: the next element or member, or the containers' ends.
      for (;;) {
        skip_ws();
        if (path_.at_top()) return p_ == end_;
        if (p_ == end_) return false;
        const bool array = path_.in_array();
        if (*p_ == ',') {
          ++p_;
          if (!array) {
            skip_ws();
            if (p_ == end_ || *p_ != '"') return false;
            ++p_;
            if (!key()) return false;
            skip_ws();
            if (p_ == end_ || *p_ != ':') return false;
            ++p_;
          }
          break;  // the next value
        }
        if (*p_ != (array ? ']' : '}')) return false;
        ++p_;
        close();
      }
    }
  }

  const char* p_;
  const char* end_;
  JsonPathCount path_;
  std::span<const std::string_view> known_;
  std::size_t next_known_ = 0;  // the known value looked for next
  std::string key_;             // the key being compared with the path
};

#ifndef ZL_FUZZ_JSON_CROSSCHECK
#define ZL_FUZZ_JSON_CROSSCHECK 1
#endif

// The JSON text parses, and the array at `path` has `n` elements. `known`: valid JSON values
// the text holds in this order, off the path (JsonScan).
inline void check_json_array(const std::string& text, std::initializer_list<JsonStep> path,
                             std::size_t n, std::span<const std::string_view> known = {}) {
  const std::span<const JsonStep> steps(path.begin(), path.size());
  const JsonScan::Result scanned = JsonScan::run(text, steps, known);
#if ZL_FUZZ_JSON_CROSSCHECK
  ArrayCounter counter(steps);
  const bool parsed = nlohmann::json::sax_parse(text, &counter);
  ZL_FUZZ_CHECK(scanned.valid == parsed);
  ZL_FUZZ_CHECK(!parsed || scanned.count == counter.count());
#endif
  ZL_FUZZ_CHECK(scanned.valid);
  ZL_FUZZ_CHECK(scanned.count == n);
}

// Whether the SARIF descriptor of every registered rule (report::sarif_rule_descriptor_text:
// written once per process) is valid JSON, checked once.
inline bool sarif_descriptors_valid() {
  static const bool valid = [] {
    for (const Rule* r : all_rules()) {
      const std::string_view text = report::sarif_rule_descriptor_text(*r);
      if (text.empty() || text.front() != '{' || !JsonScan::run(text, {}).valid) return false;
#if ZL_FUZZ_JSON_CROSSCHECK
      if (!nlohmann::json::accept(text)) return false;
#endif
    }
    return true;
  }();
  return valid;
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
  // Each finding located and its line hash made once for the five reports, as a caller that
  // writes several reports of one run does (the bytes are the same: report_test compares).
  static thread_local std::vector<report::Position> positions;
  static thread_local std::vector<std::string> line_hashes;
  share_report_facts(in, positions, line_hashes);
#if ZL_FUZZ_JSON_CROSSCHECK
  {  // the same bytes as each reporter working them out itself
    ReportInput own = in;
    own.positions = {};
    own.line_hashes = {};
    std::string shared_text, own_text;
    for (const ReportFormat f : {ReportFormat::human, ReportFormat::json, ReportFormat::sarif,
                                 ReportFormat::github, ReportFormat::gitlab})
      ZL_FUZZ_CHECK(render(f, in, shared_text) == render(f, own, own_text));
  }
#endif

  const std::size_t n = result.diagnostics.size();
  // The reports' text, in buffers kept between executions.
  static thread_local std::string text, again;
  const std::string& json = render(ReportFormat::json, in, text);
  ZL_FUZZ_CHECK(json == render(ReportFormat::json, in, again));  // deterministic
  check_json_array(json, {"diagnostics"}, n);
  // SARIF: the rules' descriptors, checked once, are compared where they are, not scanned
  // again (two thirds of the report's bytes on the seeds).
  ZL_FUZZ_CHECK(sarif_descriptors_valid());
  static thread_local std::vector<std::string_view> descriptors;
  descriptors.clear();
  for (const Rule* r : rules) descriptors.push_back(report::sarif_rule_descriptor_text(*r));
  check_json_array(render(ReportFormat::sarif, in, text), {"runs", std::size_t{0}, "results"}, n,
                   descriptors);
  check_json_array(render(ReportFormat::gitlab, in, text), {}, n);
  ZL_FUZZ_CHECK(terminal_clean(render(ReportFormat::human, in, text)));
  // GitHub: one workflow command per line; input bytes cannot start a second one.
  const std::string& github = render(ReportFormat::github, in, text);
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

// 2026-01-01T00:00:00Z, the time every fuzz_pipeline execution lints at (run_pipeline).
inline constexpr std::int64_t kFuzzCheckTime = 1767225600;

inline int run_pipeline(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const FormatChoice format = kPipelineFormats[data[0] % kPipelineFormats.size()];
  const Files files = split_files(as_text(data + 1, size - 1));
  ZoneSet set;
  load_fuzz_input(set, format, files);
  check_zone_set(set);
  // The check time is fixed, as `--time` fixes it: the RRSIG validity rules compare with it,
  // and an input must give the same execution next year as the day it was found.
  CliPolicy policy;
  policy.check_time = kFuzzCheckTime;
  Config config(std::move(policy));
  // The input's files are in memory, under a root that is not on the disk: no
  // `.zonelint.yaml` there or above it is looked for on the disk (its walk up `stat`ed two
  // names in each directory on every execution, and a config file in `/` of the machine would
  // have changed what every input does).
  config.use_no_config_files();
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
