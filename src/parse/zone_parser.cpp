// BIND master-file loader: drives the PEGTL grammar (grammar/zone_grammar.hpp) entry by entry,
// resolves $ORIGIN/$TTL/$INCLUDE/$GENERATE, owner inheritance and TTL defaulting as BIND 9
// does, hands rdata tokens to encode_rdata, and recovers after each bad entry.
//
// Speed: the whole file is one buffer; tokens are byte offsets into it, kept in a vector that
// is reused from entry to entry, so lexing allocates nothing per token. A record costs one
// allocation for its owner name plus its share of the zone's arenas.
#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <limits>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include "core/ascii.hpp"
#include "core/hex.hpp"
#include "core/include_root.hpp"
#include "core/path.hpp"
#include "core/ttl.hpp"
#include "grammar/zone_errors.hpp"
#include "grammar/zone_grammar.hpp"
#include "parse/rdata.hpp"
#include "parse/zone_parser.hpp"

namespace zl {

namespace {

namespace g = grammar;
namespace pegtl = tao::pegtl;
namespace fs = std::filesystem;

using Input = pegtl::memory_input<pegtl::tracking_mode::lazy, pegtl::eol::lf_crlf, const char*>;

constexpr std::uint32_t kMaxTtl = 0x7fffffffu;  // RFC 2181 §8
// The largest rdata that fits in a DNS message (65535 bytes) with its 12-byte header, a root
// owner and the 10 bytes of type, class, TTL and length: BIND's DNS_RDATA_MAXLENGTH.
constexpr std::size_t kMaxRdata = 65512;

// ---------------------------------------------------------------------------------------------
// Lexing: the actions only record token positions.

struct Tok {
  std::uint32_t begin;  // offsets into the lexed buffer; for quoted tokens including quotes
  std::uint32_t end;
  bool quoted;
};

struct LexState {
  const char* base = nullptr;
  std::vector<Tok> tokens;
  std::vector<std::uint32_t> open_parens;  // offsets of '(' not yet closed
  std::uint32_t last_close = 0;            // end of the last ')'
  unsigned paren_depth = 0;                // maintained by grammar::control<group>
  bool had_parens = false;

  void reset(const char* b) {
    base = b;
    tokens.clear();
    open_parens.clear();
    last_close = 0;
    paren_depth = 0;
    had_parens = false;
  }
  std::uint32_t off(const char* p) const { return static_cast<std::uint32_t>(p - base); }
};

template <typename Rule>
struct lex_action : pegtl::nothing<Rule> {};

template <>
struct lex_action<g::word> {
  template <typename ActionInput>
  static void apply(const ActionInput& in, LexState& st) {
    st.tokens.push_back(Tok{st.off(in.begin()), st.off(in.end()), false});
  }
};

template <>
struct lex_action<g::quoted> {
  template <typename ActionInput>
  static void apply(const ActionInput& in, LexState& st) {
    st.tokens.push_back(Tok{st.off(in.begin()), st.off(in.end()), true});
  }
};

template <>
struct lex_action<g::paren_open> {
  template <typename ActionInput>
  static void apply(const ActionInput& in, LexState& st) {
    st.open_parens.push_back(st.off(in.begin()));
    st.had_parens = true;
  }
};

template <>
struct lex_action<g::paren_close> {
  template <typename ActionInput>
  static void apply(const ActionInput& in, LexState& st) {
    if (!st.open_parens.empty()) st.open_parens.pop_back();
    st.last_close = st.off(in.end());
  }
};

// The text of a token without its quotes.
std::string_view token_text(std::string_view buf, const Tok& t) {
  if (t.quoted) return buf.substr(t.begin + 1, t.end - t.begin - 2);
  return buf.substr(t.begin, t.end - t.begin);
}

// Where to resume after a syntax error at `pos` with `depth` parentheses open: the start of
// the next entry. Inside parentheses, a line that starts with a token in column 0 is taken as
// the next entry (a lost ')' must not swallow the rest of the file).
std::uint32_t skip_entry(std::string_view text, std::uint32_t pos, int depth) {
  const auto size = static_cast<std::uint32_t>(text.size());
  while (pos < size) {
    const char c = text[pos];
    if (c == '\n' || c == '\r') {
      pos += (c == '\r' && pos + 1 < size && text[pos + 1] == '\n') ? 2 : 1;
      if (depth <= 0) return pos;
      if (pos < size) {
        const char d = text[pos];
        if (d != ' ' && d != '\t' && d != ')' && d != ';' && d != '\n' && d != '\r') return pos;
      }
      continue;
    }
    if (c == ';') {
      while (pos < size && text[pos] != '\n' && text[pos] != '\r') ++pos;
      continue;
    }
    if (c == '"') {
      ++pos;
      while (pos < size && text[pos] != '"' && text[pos] != '\n' && text[pos] != '\r') {
        if (text[pos] == '\\' && pos + 1 < size) ++pos;
        ++pos;
      }
      if (pos < size && text[pos] == '"') ++pos;
      continue;
    }
    if (c == '\\') {
      pos += (pos + 1 < size && text[pos + 1] != '\n' && text[pos + 1] != '\r') ? 2 : 1;
      continue;
    }
    if (c == '(') ++depth;
    if (c == ')') --depth;
    ++pos;
  }
  return size;
}

// ---------------------------------------------------------------------------------------------
// Token grammars evaluated on one token.

// Text quoted for a message: at most 60 bytes, control and non-ASCII bytes as \DDD.
std::string quote(std::string_view s) {
  std::string out = "'";
  const std::size_t n = std::min<std::size_t>(s.size(), 60);
  for (std::size_t i = 0; i < n; ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x20 || c >= 0x7f) {
      char buf[6];
      std::snprintf(buf, sizeof buf, "\\%03u", static_cast<unsigned>(c));
      out += buf;
    } else {
      out.push_back(static_cast<char>(c));
    }
  }
  if (s.size() > n) out += "...";
  out += "'";
  return out;
}

// Class and type lookups on the hot path: the common spellings first, then the full tables.
std::optional<std::uint16_t> lookup_class(std::string_view t) {
  // Only IN, CH, CS, HS, ANY, NONE, CHAOS, HESIOD and CLASSnnn are classes.
  if (t.size() < 2) return std::nullopt;
  const char c = static_cast<char>(t[0] & ~0x20);
  if (t.size() == 2 && c == 'I' && (t[1] | 0x20) == 'n') return rrclass::IN;
  if (c != 'I' && c != 'C' && c != 'H' && c != 'N' && c != 'A') return std::nullopt;
  return parse_class(t);
}

std::optional<std::uint16_t> lookup_type(std::string_view t) {
  auto up = [&](std::size_t i) { return static_cast<char>(t[i] & ~0x20); };
  switch (t.size()) {
    case 1:
      if (up(0) == 'A') return rrtype::A;
      break;
    case 2:
      if (up(0) == 'M' && up(1) == 'X') return rrtype::MX;
      if (up(0) == 'N' && up(1) == 'S') return rrtype::NS;
      break;
    case 3:
      if (up(0) == 'T' && up(1) == 'X' && up(2) == 'T') return rrtype::TXT;
      if (up(0) == 'S' && up(1) == 'O' && up(2) == 'A') return rrtype::SOA;
      if (up(0) == 'S' && up(1) == 'R' && up(2) == 'V') return rrtype::SRV;
      if (up(0) == 'C' && up(1) == 'A' && up(2) == 'A') return rrtype::CAA;
      if (up(0) == 'P' && up(1) == 'T' && up(2) == 'R') return rrtype::PTR;
      break;
    case 4:
      if (up(0) == 'A' && up(1) == 'A' && up(2) == 'A' && up(3) == 'A') return rrtype::AAAA;
      break;
    case 5:
      if (up(0) == 'C' && up(1) == 'N' && up(2) == 'A' && up(3) == 'M' && up(4) == 'E')
        return rrtype::CNAME;
      break;
    default:
      break;
  }
  return parse_type(t);
}

bool is_meta_type(std::uint16_t t) {
  return t == rrtype::OPT || (t >= 128 && t <= 255);
}

// Decodes \X and \DDD (file names of $INCLUDE).
std::string unescape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  auto digit = [](char c) { return c >= '0' && c <= '9'; };
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '\\' || i + 1 >= s.size()) {
      out.push_back(s[i]);
      continue;
    }
    if (i + 3 < s.size() && digit(s[i + 1]) && digit(s[i + 2]) && digit(s[i + 3])) {
      const int v = (s[i + 1] - '0') * 100 + (s[i + 2] - '0') * 10 + (s[i + 3] - '0');
      if (v <= 255) {
        out.push_back(static_cast<char>(v));
        i += 3;
        continue;
      }
    }
    out.push_back(s[i + 1]);
    ++i;
  }
  return out;
}

// Owner names: a fast path for plain names (no escapes), else Name::parse.
std::optional<Name> parse_name(std::string_view text, const Name& origin, std::string* error) {
  if (!text.empty() && text.size() <= 200 && text != "@" && text != "." &&
      text.find('\\') == std::string_view::npos) {
    char buf[512];
    std::size_t n = 1;
    std::size_t label = 0;
    buf[0] = 0;
    bool ok = true;
    bool absolute = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
      const char c = text[i];
      if (c == '.') {
        if (n - label - 1 == 0) {
          ok = false;
          break;
        }
        if (i + 1 == text.size()) {
          absolute = true;
          break;
        }
        label = n;
        buf[n++] = 0;
        continue;
      }
      buf[n++] = c;
      const std::size_t len = n - label - 1;
      if (len > 63) {
        ok = false;
        break;
      }
      buf[label] = static_cast<char>(len);
    }
    if (ok) {
      if (absolute) {
        buf[n++] = 0;
        if (n <= 255) return Name::from_wire(std::string_view(buf, n));
      } else {
        const std::string& ow = origin.wire();
        if (n + ow.size() <= 255) {
          std::memcpy(buf + n, ow.data(), ow.size());
          return Name::from_wire(std::string_view(buf, n + ow.size()));
        }
      }
    }
  }
  return Name::parse(text, &origin, error);
}

// ---------------------------------------------------------------------------------------------
// $GENERATE templates

struct GenPiece {
  bool iterator = false;
  std::string_view literal;
  std::int64_t offset = 0;
  unsigned width = 0;
  char base = 0;  // 0: plain `$` or ${offset}; else d o x X n N
  bool has_width = false;
};

struct GenState {
  std::vector<GenPiece> pieces;
  GenPiece pending;
  bool bad_number = false;
};

template <typename Rule>
struct gen_action : pegtl::nothing<Rule> {};

template <>
struct gen_action<g::generate_literal> {
  template <typename ActionInput>
  static void apply(const ActionInput& in, GenState& st) {
    GenPiece p;
    p.literal = std::string_view(in.begin(), in.size());
    st.pieces.push_back(p);
  }
};
template <>
struct gen_action<g::generate_escape> : gen_action<g::generate_literal> {};

template <>
struct gen_action<g::generate_dollar_dollar> {
  template <typename ActionInput>
  static void apply(const ActionInput& in, GenState& st) {
    GenPiece p;
    p.literal = std::string_view(in.begin() + 1, 1);
    st.pieces.push_back(p);
  }
};

template <>
struct gen_action<g::generate_iterator> {
  template <typename ActionInput>
  static void apply(const ActionInput& /*in*/, GenState& st) {
    GenPiece p;
    p.iterator = true;
    st.pieces.push_back(p);
  }
};

template <>
struct gen_action<g::generate_offset> {
  template <typename ActionInput>
  static void apply(const ActionInput& in, GenState& st) {
    st.pending = GenPiece{};
    st.pending.iterator = true;
    std::string_view s(in.begin(), in.size());
    bool neg = false;
    if (!s.empty() && (s[0] == '-' || s[0] == '+')) {
      neg = s[0] == '-';
      s.remove_prefix(1);
    }
    std::int64_t v = 0;
    for (char c : s) {
      v = v * 10 + (c - '0');
      if (v > 0x80000000ll) {
        st.bad_number = true;
        break;
      }
    }
    v = neg ? -v : v;
    if (v > std::numeric_limits<int>::max() || v < std::numeric_limits<int>::min())
      st.bad_number = true;
    st.pending.offset = v;
  }
};

template <>
struct gen_action<g::generate_width> {
  template <typename ActionInput>
  static void apply(const ActionInput& in, GenState& st) {
    std::uint64_t v = 0;
    for (const char* p = in.begin(); p != in.end(); ++p) {
      v = v * 10 + static_cast<unsigned>(*p - '0');
      if (v > 1000) break;
    }
    if (v > 255) st.bad_number = true;  // BIND's 128-byte number buffer would overflow anyway
    st.pending.width = static_cast<unsigned>(std::min<std::uint64_t>(v, 255));
    st.pending.has_width = true;
  }
};

template <>
struct gen_action<g::generate_base> {
  template <typename ActionInput>
  static void apply(const ActionInput& in, GenState& st) {
    st.pending.base = *in.begin();
  }
};

template <>
struct gen_action<g::generate_modifier> {
  template <typename ActionInput>
  static void apply(const ActionInput& /*in*/, GenState& st) {
    if (st.pending.has_width && st.pending.base == 0) st.pending.base = 'd';
    st.pieces.push_back(st.pending);
  }
};

// BIND's nibble format: hex digits of the value, least significant first, separated by dots,
// padded with zero nibbles until `width` characters (dots included) are written.
void nibbles(std::string& out, unsigned width, char mode, std::uint32_t value) {
  do {
    out.push_back(hex_digit(value, mode == 'n' ? HexCase::lower : HexCase::upper));
    value >>= 4;
    if (width > 0) --width;
    if (width > 0 || value != 0) {
      out.push_back('.');
      if (width > 0) --width;
    }
  } while (value != 0 || width > 0);
}

// Expands a compiled template for iterator value `it`. False (and `error`) when the value
// overflows BIND's int arithmetic or a number does not fit BIND's buffer.
bool expand(const std::vector<GenPiece>& pieces, std::int64_t it, std::string& out,
            std::string* error) {
  out.clear();
  for (const auto& p : pieces) {
    if (!p.iterator) {
      out.append(p.literal);
      continue;
    }
    if (it > 0 && p.offset > std::numeric_limits<int>::max() - it) {
      *error = "iterator " + std::to_string(it) + " plus offset " + std::to_string(p.offset) +
               " is out of range (more than 2147483647)";
      return false;
    }
    const std::int64_t v = it + p.offset;
    char buf[300];
    int n = 0;
    switch (p.base) {
      case 0:
        n = std::snprintf(buf, sizeof buf, "%d", static_cast<int>(v));
        break;
      case 'd':
        n = std::snprintf(buf, sizeof buf, "%0*d", static_cast<int>(p.width), static_cast<int>(v));
        break;
      case 'o':
        n = std::snprintf(buf, sizeof buf, "%0*o", static_cast<int>(p.width),
                          static_cast<unsigned>(static_cast<std::uint32_t>(v)));
        break;
      case 'x':
        n = std::snprintf(buf, sizeof buf, "%0*x", static_cast<int>(p.width),
                          static_cast<unsigned>(static_cast<std::uint32_t>(v)));
        break;
      case 'X':
        n = std::snprintf(buf, sizeof buf, "%0*X", static_cast<int>(p.width),
                          static_cast<unsigned>(static_cast<std::uint32_t>(v)));
        break;
      default: {
        std::string nb;
        nibbles(nb, p.width, p.base, static_cast<std::uint32_t>(v));
        if (nb.size() >= 128) {
          *error = "a ${...} substitution expands to more than 127 characters";
          return false;
        }
        out += nb;
        continue;
      }
    }
    if (n < 0 || n >= 128) {
      *error = "a ${...} substitution expands to more than 127 characters";
      return false;
    }
    out.append(buf, static_cast<std::size_t>(n));
  }
  return true;
}

// ---------------------------------------------------------------------------------------------
// The loader

struct Entry {
  FileId file;
  std::string_view text;  // the whole file
  std::uint32_t begin;    // entry start (line start)
  std::uint32_t end;      // end of the last token or ')'
  bool has_owner;
  bool had_parens;
  const std::vector<Tok>* toks;

  Span span_of(const Tok& t) const { return Span{file, t.begin, t.end}; }
  std::string_view raw(const Tok& t) const { return text.substr(t.begin, t.end - t.begin); }
  std::string_view str(const Tok& t) const { return token_text(text, t); }
  std::size_t size() const { return toks->size(); }
  const Tok& operator[](std::size_t i) const { return (*toks)[i]; }
  Span span() const { return Span{file, begin, end}; }
};

// The TTL context of RFC 1035 §5.1 and RFC 2308 §4: $TTL, and without it the TTL of the last
// record that had one (BIND 9's reading).
struct TtlState {
  std::uint32_t default_ttl = 0;
  bool default_known = false;
  bool default_from_soa = false;
  std::uint32_t last_ttl = 0;
  bool last_known = false;

  // The TTL a record written without one takes; nullopt: none.
  std::optional<std::uint32_t> implicit() const {
    if (default_known) return default_ttl;
    if (last_known) return last_ttl;
    return std::nullopt;
  }
  void set_default(std::uint32_t ttl, bool from_soa) {
    default_ttl = ttl;
    default_known = true;
    default_from_soa = from_soa;
  }
  // A record was stored, with its own TTL or without one.
  void record(std::optional<std::uint32_t> explicit_ttl) {
    if (explicit_ttl) {
      last_ttl = *explicit_ttl;
      last_known = true;
    } else if (default_known) {
      last_ttl = default_ttl;
      last_known = true;
    }
  }
};

// What last set the default TTL ($TTL or the SOA minimum), for the facts of include-ttl-leak.
struct DefaultSource {
  Span span;
  bool soa_minimum = false;
};

struct Head {
  std::optional<std::uint32_t> ttl;
  Span ttl_span;
  std::optional<std::uint16_t> cls;
  std::uint16_t type = 0;
  Span type_span;
};

class Loader {
 public:
  Loader(ZoneSet& set, const ParseOptions& opt, Zone& zone)
      : set_(set),
        opt_(opt),
        zone_(zone),
        reader_(opt.reader ? opt.reader : filesystem_reader(opt.limits.max_file_bytes)) {
    origin_ = opt.origin;
    if (opt.default_ttl) {
      ttl_.set_default(*opt.default_ttl, false);
      knot_ttl_ = ttl_;
    }
  }

  // Loads the top-level file. False when nothing could be loaded (no origin).
  bool run(FileId top, const std::string& path) {
    diag_begin_ = set_.diagnostics.size();
    fallback_origin_ = opt_.origin ? opt_.origin : origin_from_file_name(path);
    if (!origin_) origin_ = fallback_origin_;
    open_files_.push_back(canonical_path(path));
    const std::string_view text = set_.sources.file(top).text();
    // Reserved, not touched: pages that stay unused cost address space, not memory, and the
    // vectors do not have to be copied as they grow.
    const std::size_t lines = count_lines(text) + 1;
    zone_.records.reserve(
        std::min<std::size_t>(lines, static_cast<std::size_t>(opt_.limits.max_records_per_zone)));
    zone_.fields.reserve(std::min<std::size_t>(lines * 3, std::size_t{1} << 28));
    zone_.rdata_arena.reserve(text.size());
    parse_file(top);
    open_files_.pop_back();
    if (fatal_) return false;
    if (!zone_origin_set_) {
      if (!origin_) {
        no_origin_error(Span{top, 0, 0});
        return false;
      }
      zone_.origin = *origin_;
    }
    finish();
    return true;
  }

 private:
  static std::size_t count_lines(std::string_view text) {
    return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
  }

  // --- diagnostics -------------------------------------------------------------------------
  void error(Span span, std::string message) {
    Diagnostic d;
    d.rule = std::string(kParseError);
    d.severity = Severity::error;
    d.message = std::move(message);
    d.span = span;
    set_.diagnostics.add(std::move(d));
  }

  void no_origin_error(Span span) {
    error(span,
          "cannot tell the zone origin of '" + set_.sources.file(span.file).path() +
              "': its name is not a domain name (as in example.com.zone, example.com.db, "
              "db.example.com or example.com) and it does not start with $ORIGIN; give it with "
              "--origin, or set this file's origin in .zonelint.yaml (origins:)");
    fatal_ = true;
  }

  // The origin for relative names; reports and stops when there is none.
  const Name* need_origin(Span at) {
    if (origin_) return &*origin_;
    if (!fatal_) no_origin_error(at);
    return nullptr;
  }

  void mark_first_record() {
    if (zone_origin_set_ || !origin_) return;
    // A leading `$ORIGIN .` (Cloudflare exports, named-compilezone output) only sets the base
    // for relative names: the zone is still the one --origin or the file name gives. Taking
    // the root as the origin would make every name "in zone" and hide out-of-zone data.
    if (origin_->is_root() && fallback_origin_ && !fallback_origin_->is_root()) {
      zone_.origin = *fallback_origin_;
    } else {
      zone_.origin = *origin_;
    }
    zone_origin_set_ = true;
  }

  // --- files -------------------------------------------------------------------------------
  void parse_file(FileId file) {
    const SourceFile& sf = set_.sources.file(file);
    const std::string_view text = sf.text();
    const auto size = static_cast<std::uint32_t>(text.size());
    const char* base = text.data();

    // Physical lines over the length limit.
    // (Local: parse_file recurses for $INCLUDE.)
    std::vector<std::pair<std::uint32_t, std::uint32_t>> long_lines;
    std::vector<std::uint32_t> long_line_len;
    for (std::uint32_t l = 1; l <= sf.line_count(); ++l) {
      const std::uint32_t b = sf.line_start(l);
      const auto len = static_cast<std::uint32_t>(sf.line_text(l).size());
      if (len > opt_.limits.max_line_bytes) {
        const std::uint32_t e = l < sf.line_count() ? sf.line_start(l + 1) : size;
        long_lines.emplace_back(b, e);
        long_line_len.push_back(len);
      }
    }
    std::size_t next_long = 0;

    std::uint32_t pos = 0;
    if (text.substr(0, 3) == "\xEF\xBB\xBF") {
      error(Span{file, 0, 3},
            "the file starts with a UTF-8 byte order mark; BIND reads it as part of the first "
            "owner name (save the file without BOM)");
      pos = 3;
    }
    while (pos < size && !stop_ && !fatal_) {
      while (next_long < long_lines.size() && long_lines[next_long].second <= pos) ++next_long;
      if (next_long < long_lines.size() && long_lines[next_long].first <= pos) {
        report_long_line(file, long_lines[next_long], long_line_len[next_long]);
        pos = long_lines[next_long].second;
        ++next_long;
        continue;
      }
      lex_.reset(base);
      Input in(base + pos, base + size, "");
      const std::uint32_t begin = pos;
      try {
        pegtl::parse<g::entry, lex_action, g::control>(in, lex_);
      } catch (const g::syntax_error& e) {
        const auto at = static_cast<std::uint32_t>(e.at - base);
        if (at < size && text[at] == '\0') {
          // Whatever rule was expected, the cause is the NUL byte.
          error(Span{file, at, at + 1},
                "NUL byte outside a quoted string; BIND rejects the entry (a binary file, or a "
                "file saved as UTF-16?)");
          pos = skip_entry(text, at, static_cast<int>(lex_.open_parens.size()));
        } else if (e.unclosed_paren && !lex_.open_parens.empty()) {
          const std::uint32_t open = lex_.open_parens.front();
          error(Span{file, lex_.open_parens.back(), lex_.open_parens.back() + 1},
                std::string(e.message) + " (the entry is skipped)");
          pos = skip_entry(text, open, 0);
        } else {
          error(Span{file, at, std::min(at + 1, size)}, found(e.message, text, at));
          pos = skip_entry(text, at, static_cast<int>(lex_.open_parens.size()));
        }
        if (pos <= begin) pos = begin + 1;
        continue;
      }
      const auto end = static_cast<std::uint32_t>(in.current() - base);
      if (next_long < long_lines.size() && long_lines[next_long].first < end) {
        report_long_line(file, long_lines[next_long], long_line_len[next_long]);
        pos = end;
        continue;
      }
      pos = end;
      if (lex_.tokens.empty()) continue;
      const char first = text[begin];
      Entry entry{file,
                  text,
                  begin,
                  std::max(lex_.tokens.back().end, lex_.last_close),
                  first != ' ' && first != '\t',
                  lex_.had_parens,
                  &lex_.tokens};
      process(entry);
    }
  }

  static std::string found(const char* message, std::string_view text, std::uint32_t at) {
    std::string m = message;
    if (at >= text.size()) return m + " (found the end of the file)";
    const char c = text[at];
    if (c == '\n' || c == '\r') return m + " (found the end of the line)";
    if (std::strstr(message, "found") == nullptr) m += " (found " + quote(text.substr(at, 1)) + ")";
    return m;
  }

  void report_long_line(FileId file, std::pair<std::uint32_t, std::uint32_t> line,
                        std::uint32_t length) {
    error(Span{file, line.first, line.first},
          "line is " + std::to_string(length) + " bytes long, over the limit of " +
              std::to_string(opt_.limits.max_line_bytes) +
              " bytes per line (--max-line-bytes); the entry is skipped");
  }

  // --- entries -----------------------------------------------------------------------------
  void process(const Entry& e) {
    if (e.has_owner && !e[0].quoted && e.raw(e[0]).front() == '$') {
      directive(e);
      return;
    }
    record_entry(e);
  }

  void directive(const Entry& e) {
    const std::string_view name = e.raw(e[0]);
    const bool known = iequals(name, "$ORIGIN") || iequals(name, "$TTL") ||
                       iequals(name, "$INCLUDE") || iequals(name, "$GENERATE");
    if (!known) {
      error(e.span_of(e[0]), "unknown directive " + quote(name) +
                                 " (expected $ORIGIN, $TTL, $INCLUDE or $GENERATE)");
      return;
    }
    if (e.had_parens) {
      error(e.span_of(e[0]), "parentheses are not allowed in " + std::string(name) +
                                 ": BIND reads a directive as one line");
      return;
    }
    if (iequals(name, "$ORIGIN")) return dir_origin(e);
    if (iequals(name, "$TTL")) return dir_ttl(e);
    if (iequals(name, "$INCLUDE")) return dir_include(e);
    dir_generate(e);
  }

  bool expect_args(const Entry& e, std::size_t min, std::size_t max, const char* usage) {
    const std::size_t args = e.size() - 1;
    if (args < min) {
      error(Span{e.file, e.end, e.end},
            "expected " + std::string(usage) + ", found the end of the line");
      return false;
    }
    if (args > max) {
      error(e.span_of(e[max + 1]),
            "unexpected " + quote(e.raw(e[max + 1])) + " after " + std::string(usage));
      return false;
    }
    return true;
  }

  void dir_origin(const Entry& e) {
    if (!expect_args(e, 1, 1, "a domain name after $ORIGIN")) return;
    const std::string_view text = e.str(e[1]);
    std::string err;
    std::optional<Name> n;
    // Absolute when it ends with a dot that is not escaped (an even run of backslashes).
    std::size_t slashes = 0;
    while (text.size() >= slashes + 2 && text[text.size() - 2 - slashes] == '\\') ++slashes;
    const bool absolute = !text.empty() && text.back() == '.' && slashes % 2 == 0;
    if (absolute) {
      n = Name::parse(text, nullptr, &err);
    } else {
      const Name* o = need_origin(e.span_of(e[1]));
      if (!o) return;
      n = parse_name(text, *o, &err);
    }
    if (!n) {
      error(e.span_of(e[1]), "bad $ORIGIN " + quote(text) + ": " + err);
      return;
    }
    origin_ = std::move(*n);
  }

  // BIND loads a TTL above 2^31-1 as 0 (RFC 2181 §8).
  std::uint32_t limit_ttl(std::uint32_t ttl, Span at, std::string_view text) {
    if (ttl <= kMaxTtl) return ttl;
    error(at, "TTL " + quote(text) + " is above the maximum of 2147483647 seconds (RFC 2181 §8); " +
                  "BIND loads it as 0");
    return 0;
  }

  void dir_ttl(const Entry& e) {
    if (!expect_args(e, 1, 1, "a TTL after $TTL")) return;
    const std::string_view text = e.str(e[1]);
    std::uint32_t v = 0;
    const TtlResult r = e[1].quoted ? TtlResult::not_ttl : parse_ttl(text, v);
    if (r == TtlResult::not_ttl) {
      error(e.span_of(e[1]),
            "bad $TTL " + quote(text) + ": expected seconds or units such as 1w2d3h4m5s");
      return;
    }
    if (r == TtlResult::too_big) {
      error(e.span_of(e[1]),
            "$TTL " + quote(text) + " is out of range (at most 4294967295 seconds)");
      return;
    }
    const std::uint32_t ttl = limit_ttl(v, e.span_of(e[1]), text);
    ttl_.set_default(ttl, false);
    knot_ttl_.set_default(ttl, false);
    default_source_ = DefaultSource{e.span_of(e[1]), false};
  }

  // --- $INCLUDE ----------------------------------------------------------------------------
  void dir_include(const Entry& e) {
    if (!expect_args(e, 1, 2, "a file name (and optionally an origin) after $INCLUDE")) return;
    const Span file_span = e.span_of(e[1]);
    const std::string raw = unescape(e.str(e[1]));
    if (raw.empty()) {
      error(file_span, "empty file name after $INCLUDE");
      return;
    }
    if (raw.find('\0') != std::string::npos) {
      // The system would read the name only up to the NUL: not the file that was checked.
      error(file_span, "$INCLUDE file name " + quote(raw) + " contains a NUL byte; it is refused");
      return;
    }
    if (!need_origin(e.span_of(e[0]))) return;

    // The origin argument, relative to the current origin.
    std::optional<Name> new_origin;
    if (e.size() == 3) {
      std::string err;
      new_origin = parse_name(e.str(e[2]), *origin_, &err);
      if (!new_origin) {
        error(e.span_of(e[2]), "bad origin " + quote(e.str(e[2])) + " after $INCLUDE: " + err);
        return;
      }
    }

    if (open_files_.size() > opt_.limits.max_include_depth) {
      error(file_span, "$INCLUDE nested more than " +
                           std::to_string(opt_.limits.max_include_depth) +
                           " files deep (--max-include-depth); " + quote(raw) + " is not read");
      return;
    }

    // Resolve: relative to the including file first, then to the include root (BIND resolves
    // from its working directory). Both must stay inside the include root.
    std::error_code ec;
    fs::path root = opt_.include_root.empty() ? fs::current_path(ec) : fs::path(opt_.include_root);
    const fs::path including = fs::path(set_.sources.file(e.file).path()).parent_path();
    const fs::path rawp(raw);
    std::vector<fs::path> candidates;
    if (rawp.is_absolute()) {
      candidates.push_back(rawp.lexically_normal());
    } else {
      candidates.push_back((including / rawp).lexically_normal());
      fs::path second = opt_.include_root.empty() ? rawp : (root / rawp);
      second = second.lexically_normal();
      if (second != candidates.front()) candidates.push_back(second);
    }

    std::string first_error;
    for (std::size_t i = 0; i < candidates.size(); ++i) {
      const fs::path& cand = candidates[i];
      const fs::path abs = fs::absolute(cand, ec);
      std::string canon_s, root_canon;
      if (!path_inside_include_root(cand.string(), opt_.include_root, &canon_s, &root_canon)) {
        if (i == 0) {
          error(file_span, "$INCLUDE " + quote(raw) + " is refused: it resolves to '" + canon_s +
                               "', outside the include root '" + root_canon +
                               "' (set the root with --include-root)");
          return;
        }
        continue;
      }
      if (std::find(open_files_.begin(), open_files_.end(), canon_s) != open_files_.end()) {
        error(file_span, "$INCLUDE " + quote(raw) + " is refused: it includes itself (cycle " +
                             "through '" + cand.string() + "')");
        return;
      }
      // Don't read files larger than the limit (nor special files) from disk at all.
      std::error_code sec;
      const auto st = fs::status(abs, sec);
      if (!sec && fs::is_regular_file(st)) {
        const auto bytes = fs::file_size(abs, sec);
        if (!sec && bytes > opt_.limits.max_file_bytes) {
          error(file_span, "$INCLUDE " + quote(raw) + " is " + std::to_string(bytes) +
                               " bytes, over the limit of " +
                               std::to_string(opt_.limits.max_file_bytes) +
                               " (--max-file-bytes); it is not read");
          return;
        }
      }
      std::string rerr;
      std::optional<std::string> content = reader_(cand.string(), &rerr);
      if (!content) {
        if (first_error.empty()) first_error = rerr;
        continue;
      }
      if (content->size() > opt_.limits.max_file_bytes || content->size() >= 0xffffffffull) {
        error(file_span, "$INCLUDE " + quote(raw) + " is " + std::to_string(content->size()) +
                             " bytes, over the limit of " +
                             std::to_string(opt_.limits.max_file_bytes) +
                             " (--max-file-bytes); it is not read");
        return;
      }
      const FileId id = set_.sources.add(cand.string(), std::move(*content));
      set_.sources.set_included_from(id, e.span());
      zone_.included_files.push_back(id);

      // The included file starts with the current owner and the given origin; both come back
      // afterwards. $TTL and the last TTL are not restored, as in BIND 9.
      mark_first_record();
      const TtlState knot_before = knot_ttl_;
      std::optional<Name> saved_origin = origin_;
      std::optional<Name> saved_owner;
      if (const Name* cur = current_owner()) saved_owner = *cur;
      if (new_origin) origin_ = std::move(new_origin);
      open_files_.push_back(canon_s);
      parse_file(id);
      open_files_.pop_back();
      origin_ = std::move(saved_origin);
      set_owner(std::move(saved_owner));
      // Knot (and the issue's reading of RFC 1035) restores the TTL context here; BIND does
      // not. Records that the difference reaches are recorded (include-ttl-leak reports them).
      knot_ttl_ = knot_before;
      const bool differ = ttl_.default_known != knot_ttl_.default_known ||
                          ttl_.default_ttl != knot_ttl_.default_ttl;
      // A later $INCLUDE that changes nothing keeps the leak of the earlier one open.
      if (differ && !(ttl_leak_ && ttl_leak_->source == default_source_.span)) {
        close_ttl_leak();
        ttl_leak_.emplace();
        ttl_leak_->include = e.span();
        ttl_leak_->source = default_source_.span;
        ttl_leak_->from_soa_minimum = default_source_.soa_minimum;
        ttl_leak_->included = id;
      }
      return;
    }
    error(file_span, "cannot read $INCLUDE file " + quote(raw) + ": " + first_error);
  }

  // --- records -----------------------------------------------------------------------------

  // [class] [TTL] [class] type, as BIND reads them. `i` is the first token after the owner.
  bool head(const Entry& e, std::size_t& i, Head& h) {
    const std::size_t n = e.size();
    if (i < n && !e[i].quoted) {
      if (auto c = lookup_class(e.raw(e[i]))) {
        h.cls = c;
        ++i;
      }
    }
    if (i < n && !e[i].quoted) {
      std::uint32_t v = 0;
      const TtlResult r = parse_ttl(e.raw(e[i]), v);
      if (r == TtlResult::too_big) {
        error(e.span_of(e[i]),
              "TTL " + quote(e.raw(e[i])) + " is out of range (at most 4294967295 seconds)");
        return false;
      }
      if (r == TtlResult::ok) {
        h.ttl = limit_ttl(v, e.span_of(e[i]), e.raw(e[i]));
        h.ttl_span = e.span_of(e[i]);
        ++i;
      }
    }
    if (i < n && !h.cls && !e[i].quoted) {
      if (auto c = lookup_class(e.raw(e[i]))) {
        h.cls = c;
        ++i;
      }
    }
    if (i >= n) {
      error(Span{e.file, e.end, e.end}, "expected an RR type, found the end of the entry");
      return false;
    }
    const Tok& t = e[i];
    h.type_span = e.span_of(t);
    if (t.quoted) {
      error(h.type_span, "expected an RR type, found the quoted string " + quote(e.raw(t)));
      return false;
    }
    const std::string_view text = e.raw(t);
    auto ty = lookup_type(text);
    if (!ty) {
      std::uint32_t v = 0;
      std::string why;
      if (parse_class(text))
        why = " (a class was already given)";
      else if (parse_ttl(text, v) == TtlResult::ok)
        why = " (a TTL was already given)";
      error(h.type_span, "unknown RR type " + quote(text) + why);
      return false;
    }
    h.type = *ty;
    ++i;
    if (is_meta_type(h.type)) {
      error(h.type_span, "type " + quote(text) +
                             " is a meta type (RFC 6895 §3.1); it cannot appear in a zone file");
      return false;
    }
    if (h.type == rrtype::MD || h.type == rrtype::MF) {
      error(h.type_span, "type " + quote(text) + " is obsolete (RFC 973); BIND refuses it, use MX");
      return false;
    }
    if (h.cls && *h.cls != opt_.default_class) {
      error(h.type_span, "class '" + class_name(*h.cls) + "' does not match the zone class '" +
                             class_name(opt_.default_class) + "'");
      return false;
    }
    return true;
  }

  // The owner that a blank owner field inherits: the last record's owner, held by that record
  // (no copy per record), or a name whose entry failed after its owner was read.
  const Name* current_owner() const {
    if (owner_rec_ != kNone) return &zone_.records[owner_rec_].owner;
    return owner_ ? &*owner_ : nullptr;
  }
  void set_owner(std::optional<Name> n) {
    owner_ = std::move(n);
    owner_rec_ = kNone;
  }

  void record_entry(const Entry& e) {
    std::size_t i = 0;
    Span owner_span{e.file, e.begin, e.begin};
    std::uint8_t flags = 0;
    std::optional<Name> fresh;
    if (e.has_owner) {
      owner_span = e.span_of(e[0]);
      const Name* o = need_origin(owner_span);
      if (!o) return;
      std::string err;
      fresh = parse_name(e.str(e[0]), *o, &err);
      if (!fresh) {
        error(owner_span, "bad owner name " + quote(e.str(e[0])) + ": " + err);
        set_owner(std::nullopt);
        owner_bad_ = true;
        return;
      }
      owner_bad_ = false;
      i = 1;
    } else {
      if (!current_owner()) {
        error(e.span_of(e[0]),
              owner_bad_ ? std::string("the previous owner name was bad, so this entry has no "
                                       "owner to inherit")
                         : std::string("this entry starts with white space but there is no "
                                       "previous owner to inherit (write an owner name in "
                                       "column 1)"));
        return;
      }
      flags |= kOwnerInherited;
    }
    if (!need_origin(owner_span)) return;
    mark_first_record();
    Head h;
    bool added = false;
    if (head(e, i, h)) {
      rtoks_.clear();
      for (std::size_t k = i; k < e.size(); ++k)
        rtoks_.push_back(RdataToken{e.str(e[k]), e.span_of(e[k]), e[k].quoted});
      if (fresh) {
        added = add_record(std::move(*fresh), owner_span, flags, h, e.span(), nullptr);
      } else {
        add_record(Name(*current_owner()), owner_span, flags, h, e.span(), nullptr);
      }
    }
    // A new owner becomes the current one even when its entry fails, as in BIND.
    if (added) {
      owner_rec_ = zone_.records.size() - 1;
      owner_.reset();
    } else if (fresh) {
      set_owner(std::move(fresh));
    }
  }

  // TTL defaulting, encoding and storage of one record. `field_texts` (for $GENERATE) gives
  // each field's text when it is not the source text of its span.
  // `owner` is moved from only when the record is stored (the function returns true).
  bool add_record(Name&& owner, Span owner_span, std::uint8_t flags, const Head& h, Span entry_span,
                  const std::vector<std::string_view>* field_texts) {
    if (zone_.records.size() >= opt_.limits.max_records_per_zone) {
      error(entry_span, "the zone has more than " +
                            std::to_string(opt_.limits.max_records_per_zone) +
                            " records (--max-records); the rest is not read");
      stop_ = true;
      return false;
    }
    std::uint32_t ttl = 0;
    TtlSource source = TtlSource::none;
    const std::optional<std::uint32_t> implicit = ttl_.implicit();
    if (h.ttl) {
      ttl = *h.ttl;
      flags |= kTtlExplicit;
      source = TtlSource::explicit_ttl;
    } else if (implicit) {
      ttl = *implicit;
      source = !ttl_.default_known     ? TtlSource::previous_record
               : ttl_.default_from_soa ? TtlSource::soa_minimum
                                       : TtlSource::directive;
      if (source == TtlSource::soa_minimum) flags |= kTtlFromSoaMin;
    } else if (h.type == rrtype::SOA) {
      source = TtlSource::own_soa_minimum;
    }
    // The context moves on even when the rdata turns out bad, as in BIND.
    const Span inherited_from = last_ttl_span_;
    ttl_.record(h.ttl);
    knot_ttl_.record(h.ttl);
    if (h.ttl) last_ttl_span_ = h.ttl_span;

    const std::size_t diag_before = set_.diagnostics.size();
    RdataContext ctx;
    ctx.origin = &*origin_;
    ctx.diags = &set_.diagnostics;
    ctx.missing_span = h.type_span;
    wire_.clear();
    const bool ok = encode_rdata(h.type, rtoks_, ctx, wire_);
    if (set_.diagnostics.size() > diag_before) {
      const std::string owner_text = owner.canonical_text();
      const std::string type_text = type_name(h.type);
      for (std::size_t k = diag_before; k < set_.diagnostics.size(); ++k) {
        auto& d = set_.diagnostics.items()[k];
        if (d.owner.empty()) d.owner = owner_text;
        if (d.type.empty()) d.type = type_text;
      }
    }
    if (!ok) return false;
    if (wire_.size() > kMaxRdata) {
      Span at = h.type_span;
      if (!rtoks_.empty() && rtoks_.front().span.file == rtoks_.back().span.file)
        at = Span{rtoks_.front().span.file, rtoks_.front().span.begin, rtoks_.back().span.end};
      Diagnostic d;
      d.rule = std::string(kParseError);
      d.message = "rdata is " + std::to_string(wire_.size()) +
                  " bytes long, over the maximum of 65512: the record must fit in a DNS message "
                  "of 65535 bytes with its header and a root owner (BIND's limit)";
      d.span = at;
      d.owner = owner.canonical_text();
      d.type = type_name(h.type);
      set_.diagnostics.add(std::move(d));
      return false;
    }

    if (source == TtlSource::own_soa_minimum) {
      if (wire_.size() >= 4) {
        const auto* w = reinterpret_cast<const unsigned char*>(wire_.data() + wire_.size() - 4);
        ttl = (std::uint32_t{w[0]} << 24) | (std::uint32_t{w[1]} << 16) |
              (std::uint32_t{w[2]} << 8) | std::uint32_t{w[3]};
      }
      ttl = std::min(ttl, kMaxTtl);
      flags |= kTtlFromSoaMin;
      ttl_.set_default(ttl, true);
      knot_ttl_.set_default(ttl, true);
      default_source_ = DefaultSource{h.type_span, true};
    }
    if (source == TtlSource::none) {
      Diagnostic d;
      d.rule = std::string(kParseError);
      d.severity = Severity::error;
      d.message =
          "no TTL for this record: there is no $TTL, no explicit TTL and no SOA before "
          "it; BIND rejects the zone (add $TTL at the top, RFC 2308 §4)";
      d.span = h.type_span;
      d.owner = owner.canonical_text();
      d.type = type_name(h.type);
      set_.diagnostics.add(std::move(d));
      flags |= kTtlFromSoaMin;
      no_ttl_records_.push_back(static_cast<std::uint32_t>(zone_.records.size()));
    }

    // Only a $TTL (or the SOA minimum standing in for it) is compared: without $TTL, Knot gives
    // records its default-ttl setting, not the last explicit TTL, include or not.
    const bool knot_differs = ttl_.default_known && (!knot_ttl_.default_known ||
                                                     knot_ttl_.default_ttl != ttl_.default_ttl);
    // No $TTL in force: the TTL of the last record that had one (RFC 1035 §5.1; BIND warns
    // "using RFC1035 TTL semantics" once, at the first such record).
    TtlFacts::Inherited& inherited = zone_.ttl_facts.inherited;
    if (source == TtlSource::previous_record && inherited.count++ == 0) {
      inherited.first = h.type_span;
      inherited.source = inherited_from;
      inherited.owner = owner;
      inherited.type = h.type;
      inherited.ttl = ttl;
    }
    if (!h.ttl && ttl_leak_ && knot_differs) {
      if (ttl_leak_->count++ == 0) {
        ttl_leak_->first = h.type_span;
        ttl_leak_->owner = owner;
        ttl_leak_->type = h.type;
        ttl_leak_->bind_ttl = ttl;
        if (knot_ttl_.default_known) ttl_leak_->knot_ttl = knot_ttl_.default_ttl;
      }
    }

    Record r;
    r.owner = std::move(owner);
    r.ttl = ttl;
    r.type = h.type;
    r.rclass = opt_.default_class;
    r.flags = flags;
    r.ttl_source = source;
    r.span = entry_span;
    r.owner_span = owner_span;
    r.type_span = h.type_span;
    zone_.records.push_back(std::move(r));
    Record& rec = zone_.records.back();
    zone_.set_rdata(rec, wire_);
    for (std::size_t k = 0; k < rtoks_.size(); ++k)
      zone_.add_field(rec, rtoks_[k].span, field_texts ? &(*field_texts)[k] : nullptr);
    return true;
  }

  // --- $GENERATE ---------------------------------------------------------------------------
  bool compile_template(std::string_view text, Span at, std::vector<GenPiece>& out,
                        const char* what) {
    GenState st;
    Input in(text.data(), text.data() + text.size(), "generate");
    try {
      if (!pegtl::parse<g::generate_template, gen_action, g::control>(in, st)) {
        error(at, std::string("malformed $GENERATE ") + what + " " + quote(text));
        return false;
      }
    } catch (const g::syntax_error& err) {
      error(at, std::string(err.message) + " (" + what + " " + quote(text) + ")");
      return false;
    }
    if (st.bad_number) {
      error(at, std::string("a number in ${offset[,width[,base]]} is out of range in the "
                            "$GENERATE ") +
                    what + " " + quote(text));
      return false;
    }
    out = std::move(st.pieces);
    return true;
  }

  void dir_generate(const Entry& e) {
    const char* usage = "range, owner, [TTL] [class], type and rdata after $GENERATE";
    if (e.size() < 5) {
      error(Span{e.file, e.end, e.end},
            std::string("expected ") + usage + ", found the end of the line");
      return;
    }
    const Tok& range_tok = e[1];
    const Tok& lhs_tok = e[2];
    const std::string_view range = e.str(range_tok);
    std::uint64_t start = 0, stop = 0, step = 1;
    {
      Input in(range.data(), range.data() + range.size(), "range");
      bool ok = !range_tok.quoted && pegtl::parse<g::generate_range>(in);
      if (ok) {
        std::size_t p = 0;
        auto num = [&](std::uint64_t& v) {
          v = 0;
          while (p < range.size() && range[p] >= '0' && range[p] <= '9') {
            v = std::min<std::uint64_t>(v * 10 + static_cast<unsigned>(range[p] - '0'),
                                        0x100000000ull);
            ++p;
          }
        };
        num(start);
        ++p;
        num(stop);
        if (p < range.size()) {
          ++p;
          num(step);
        }
        ok = start <= stop && step > 0 && stop <= 0x7fffffffu && step <= 0x7fffffffu;
      }
      if (!ok) {
        error(e.span_of(range_tok),
              "invalid $GENERATE range " + quote(range) +
                  ": expected start-stop or start-stop/step with 0 <= start <= stop <= "
                  "2147483647 and step >= 1");
        return;
      }
    }
    std::size_t i = 3;
    Head h;
    if (!need_origin(e.span_of(e[0]))) return;
    mark_first_record();
    if (!head(e, i, h)) return;
    if (i >= e.size()) {
      error(Span{e.file, e.end, e.end},
            "expected the rdata template after the type in $GENERATE, found the end of the line");
      return;
    }
    if (i + 1 < e.size()) {
      error(e.span_of(e[i + 1]),
            "unexpected " + quote(e.raw(e[i + 1])) +
                " after the $GENERATE rdata (quote rdata that contains spaces)");
      return;
    }
    const Tok& rhs_tok = e[i];
    const std::uint64_t count = (stop - start) / step + 1;
    if (count > opt_.limits.max_generate_per_directive) {
      error(e.span_of(range_tok), "$GENERATE range " + quote(range) + " makes " +
                                      std::to_string(count) + " records, over the limit of " +
                                      std::to_string(opt_.limits.max_generate_per_directive) +
                                      " per directive (--max-generate)");
      return;
    }
    if (generated_ + count > opt_.limits.max_generate_per_zone) {
      error(e.span_of(range_tok), "$GENERATE range " + quote(range) + " would bring the zone to " +
                                      std::to_string(generated_ + count) +
                                      " generated records, over the limit of " +
                                      std::to_string(opt_.limits.max_generate_per_zone) +
                                      " per zone (--max-generate-per-zone)");
      return;
    }
    std::vector<GenPiece> lhs, rhs;
    if (!compile_template(e.str(lhs_tok), e.span_of(lhs_tok), lhs, "owner")) return;
    if (!compile_template(e.str(rhs_tok), e.span_of(rhs_tok), rhs, "rdata")) return;

    // The TTL is settled once for the directive, as in BIND.
    if (!h.ttl && !ttl_.implicit()) {
      error(h.type_span,
            "no TTL for $GENERATE: there is no $TTL, no explicit TTL and no "
            "earlier record with one; BIND rejects the zone (add $TTL at the top)");
      return;
    }

    const std::size_t rec_before = zone_.records.size();
    const std::size_t fields_before = zone_.fields.size();
    const std::size_t rdata_before = zone_.rdata_arena.size();
    const std::size_t text_before = zone_.text_arena.size();
    auto rollback = [&] {
      zone_.records.resize(rec_before);
      zone_.fields.resize(fields_before);
      zone_.rdata_arena.resize(rdata_before);
      zone_.text_arena.resize(text_before);
    };

    const Span lhs_span = e.span_of(lhs_tok);
    const Span rhs_span = e.span_of(rhs_tok);
    std::string owner_text, rdata_text, err;
    std::vector<std::string_view> field_texts;
    LexState lex;
    for (std::uint64_t it = start; it <= stop; it += step) {
      if (!expand(lhs, static_cast<std::int64_t>(it), owner_text, &err)) {
        error(lhs_span, "$GENERATE owner: " + err);
        return rollback();
      }
      if (!expand(rhs, static_cast<std::int64_t>(it), rdata_text, &err)) {
        error(rhs_span, "$GENERATE rdata: " + err);
        return rollback();
      }
      auto owner = parse_name(owner_text, *origin_, &err);
      if (!owner) {
        error(lhs_span, "$GENERATE owner " + quote(owner_text) + " (iteration " +
                            std::to_string(it) + "): " + err);
        return rollback();
      }
      lex.reset(rdata_text.data());
      Input in(rdata_text.data(), rdata_text.data() + rdata_text.size(), "rdata");
      try {
        pegtl::parse<g::rdata_text, lex_action, g::control>(in, lex);
      } catch (const g::syntax_error& se) {
        error(rhs_span, std::string(se.message) + " in the $GENERATE rdata " + quote(rdata_text));
        return rollback();
      }
      rtoks_.clear();
      field_texts.clear();
      for (const Tok& t : lex.tokens) {
        rtoks_.push_back(RdataToken{token_text(rdata_text, t), rhs_span, t.quoted});
        field_texts.push_back(std::string_view(rdata_text).substr(t.begin, t.end - t.begin));
      }
      Head hh = h;
      if (!add_record(std::move(*owner), lhs_span, kGenerated, hh, e.span(), &field_texts)) {
        if (!stop_) return rollback();
        return;
      }
      ++generated_;
      if (it + step > stop) break;
    }
  }

  // --- end ---------------------------------------------------------------------------------
  // Records the open include-ttl-leak, if a record was reached by it.
  void close_ttl_leak() {
    if (!ttl_leak_) return;
    if (ttl_leak_->count > 0) zone_.ttl_facts.include_leaks.push_back(std::move(*ttl_leak_));
    ttl_leak_.reset();
  }

  void finish() {
    close_ttl_leak();
    // Records that had no TTL source at all take the SOA minimum when the zone has an SOA.
    if (!no_ttl_records_.empty()) {
      std::optional<std::uint32_t> minimum;
      for (const auto& r : zone_.records) {
        if (r.type == rrtype::SOA && r.owner == zone_.origin) {
          if (auto soa = as_soa(zone_, r)) minimum = std::min(soa->minimum, kMaxTtl);
          break;
        }
      }
      if (minimum)
        for (auto idx : no_ttl_records_) zone_.records[idx].ttl = *minimum;
    }
    // Diagnostics in included files carry the include chain.
    for (std::size_t k = diag_begin_; k < set_.diagnostics.size(); ++k) {
      auto& d = set_.diagnostics.items()[k];
      if (!d.span.valid()) continue;
      for (const Span& site : set_.sources.include_chain(d.span.file))
        d.notes.push_back(Note{site, "included from here"});
    }
    zone_.build_index();
  }

  ZoneSet& set_;
  const ParseOptions& opt_;
  Zone& zone_;
  FileReader reader_;

  std::optional<Name> origin_;
  std::optional<Name>
      fallback_origin_;  // --origin, else the file name: the zone when $ORIGIN is "."
  static constexpr std::size_t kNone = static_cast<std::size_t>(-1);
  std::optional<Name> owner_;
  std::size_t owner_rec_ = kNone;
  bool owner_bad_ = false;
  bool zone_origin_set_ = false;
  TtlState ttl_;                  // BIND's: what an $INCLUDEd file leaves in force stays
  TtlState knot_ttl_;             // the same, restored after each $INCLUDE as Knot does
  DefaultSource default_source_;  // what last set ttl_'s default ($TTL or the SOA minimum)
  std::optional<TtlFacts::IncludeLeak> ttl_leak_;  // open since the last $INCLUDE
  Span last_ttl_span_;                             // the TTL token of the last record that had one
  std::uint64_t generated_ = 0;
  bool stop_ = false;
  bool fatal_ = false;
  std::size_t diag_begin_ = 0;
  std::vector<std::string> open_files_;  // canonical paths, for cycle detection
  std::vector<std::uint32_t> no_ttl_records_;

  LexState lex_;
  std::vector<RdataToken> rtoks_;
  std::string wire_;
};

}  // namespace

std::optional<std::size_t> load_zone_text(ZoneSet& set, const std::string& path, std::string text,
                                          const ParseOptions& options) {
  if (text.size() > options.limits.max_file_bytes || text.size() >= 0xffffffffull) {
    const std::size_t bytes = text.size();
    const FileId id = set.sources.add(path, std::string());
    Diagnostic d;
    d.rule = std::string(kParseError);
    d.message = "'" + path + "' is " + std::to_string(bytes) + " bytes, over the limit of " +
                std::to_string(options.limits.max_file_bytes) +
                " bytes per file (--max-file-bytes); it is not read";
    d.span = Span{id, 0, 0};
    set.diagnostics.add(std::move(d));
    return std::nullopt;
  }
  const FileId id = set.sources.add(path, std::move(text));
  Zone zone;
  zone.file = id;
  zone.format = InputFormat::zone;
  Loader loader(set, options, zone);
  if (!loader.run(id, path)) return std::nullopt;
  set.zones.push_back(std::move(zone));
  return set.zones.size() - 1;
}

}  // namespace zl
