// $GENERATE: the template grammar's actions, range parsing and expansion (zone_generate.hpp),
// and the loader's $GENERATE directive.
#include <algorithm>
#include <cstdio>
#include <limits>

#include "core/hex.hpp"
#include "parse/zone_generate.hpp"
#include "parse/zone_lexer.hpp"
#include "parse/zone_loader.hpp"

namespace zl::zone_detail {

namespace {

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

}  // namespace

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

std::optional<GenerateRange> parse_generate_range(std::string_view text) {
  Input in(text.data(), text.data() + text.size(), "range");
  if (!pegtl::parse<g::generate_range>(in)) return std::nullopt;
  GenerateRange r;
  std::size_t p = 0;
  auto num = [&](std::uint64_t& v) {
    v = 0;
    while (p < text.size() && text[p] >= '0' && text[p] <= '9') {
      v = std::min<std::uint64_t>(v * 10 + static_cast<unsigned>(text[p] - '0'), 0x100000000ull);
      ++p;
    }
  };
  num(r.start);
  ++p;
  num(r.stop);
  if (p < text.size()) {
    ++p;
    num(r.step);
  }
  if (r.start > r.stop || r.step == 0 || r.stop > 0x7fffffffu || r.step > 0x7fffffffu)
    return std::nullopt;
  return r;
}

bool compile_template(std::string_view text, const char* what, std::vector<GenPiece>& out,
                      std::string* error) {
  GenState st;
  Input in(text.data(), text.data() + text.size(), "generate");
  try {
    if (!pegtl::parse<g::generate_template, gen_action, g::control>(in, st)) {
      *error = std::string("malformed $GENERATE ") + what + " " + quote(text);
      return false;
    }
  } catch (const g::syntax_error& err) {
    *error = std::string(err.message) + " (" + what + " " + quote(text) + ")";
    return false;
  }
  if (st.bad_number) {
    *error = std::string("a number in ${offset[,width[,base]]} is out of range in the $GENERATE ") +
             what + " " + quote(text);
    return false;
  }
  out = std::move(st.pieces);
  return true;
}

// --- the directive -------------------------------------------------------------------------

struct GenerateScratch {
  std::string owner_text, rdata_text, err;
  std::vector<std::string_view> field_texts;
  LexState lex;
};

void Loader::dir_generate(const Entry& e) {
  Generate g;
  if (!prepare_generate(e, g)) return;
  const std::size_t rec_before = zone_.records.size();
  const std::size_t extras_before = zone_.field_extras.size();
  const std::size_t rdata_before = zone_.rdata_arena.size();
  const std::size_t text_before = zone_.text_arena.size();
  GenerateScratch tmp;
  for (std::uint64_t it = g.range.start; it <= g.range.stop; it += g.range.step) {
    if (!generate_one(e, g, it, tmp)) {
      // A bad iteration takes the directive's records back; the record limit keeps them.
      if (!stop_) {
        zone_.records.resize(rec_before);
        zone_.field_extras.resize(extras_before);
        zone_.rdata_arena.resize(rdata_before);
        zone_.text_arena.resize(text_before);
      }
      return;
    }
    ++generated_;
    if (it + g.range.step > g.range.stop) break;
  }
}

// Checks the directive and compiles its templates; false when it is reported.
bool Loader::prepare_generate(const Entry& e, Generate& g) {
  if (e.size() < 5) {
    error(Span{e.file, e.end, e.end},
          "expected range, owner, [TTL] [class], type and rdata after $GENERATE, found the end "
          "of the line");
    return false;
  }
  const std::string_view range = e.str(e[1]);
  std::optional<GenerateRange> r = e[1].quoted ? std::nullopt : parse_generate_range(range);
  if (!r) {
    error(e.span_of(e[1]), "invalid $GENERATE range " + quote(range) +
                               ": expected start-stop or start-stop/step with 0 <= start <= "
                               "stop <= 2147483647 and step >= 1");
    return false;
  }
  g.range = *r;
  std::size_t i = 3;
  if (!need_origin(e.span_of(e[0]))) return false;
  mark_first_record();
  if (!head(e, i, g.head)) return false;
  if (i >= e.size()) {
    error(Span{e.file, e.end, e.end},
          "expected the rdata template after the type in $GENERATE, found the end of the line");
    return false;
  }
  if (i + 1 < e.size()) {
    error(e.span_of(e[i + 1]), "unexpected " + quote(e.raw(e[i + 1])) +
                                   " after the $GENERATE rdata (quote rdata that contains spaces)");
    return false;
  }
  if (!check_generate_count(e, g, range)) return false;
  g.lhs_span = e.span_of(e[2]);
  g.rhs_span = e.span_of(e[i]);
  std::string err;
  if (!compile_template(e.str(e[2]), "owner", g.lhs, &err)) {
    error(g.lhs_span, err);
    return false;
  }
  if (!compile_template(e.str(e[i]), "rdata", g.rhs, &err)) {
    error(g.rhs_span, err);
    return false;
  }
  // The TTL is settled once for the directive, as in BIND.
  if (!g.head.ttl && !ttl_.implicit()) {
    error(g.head.type_span,
          "no TTL for $GENERATE: there is no $TTL, no explicit TTL and no "
          "earlier record with one; BIND rejects the zone (add $TTL at the top)");
    return false;
  }
  return true;
}

// The directive's records against the limits per directive and per zone.
bool Loader::check_generate_count(const Entry& e, const Generate& g, std::string_view range) {
  const std::uint64_t count = g.range.count();
  if (count > opt_.limits.max_generate_per_directive) {
    error(e.span_of(e[1]), "$GENERATE range " + quote(range) + " makes " + std::to_string(count) +
                               " records, over the limit of " +
                               std::to_string(opt_.limits.max_generate_per_directive) +
                               " per directive (--max-generate)");
    return false;
  }
  if (generated_ + count > opt_.limits.max_generate_per_zone) {
    error(e.span_of(e[1]), "$GENERATE range " + quote(range) + " would bring the zone to " +
                               std::to_string(generated_ + count) +
                               " generated records, over the limit of " +
                               std::to_string(opt_.limits.max_generate_per_zone) +
                               " per zone (--max-generate-per-zone)");
    return false;
  }
  return true;
}

bool Loader::generate_one(const Entry& e, const Generate& g, std::uint64_t it,
                          GenerateScratch& tmp) {
  if (!expand(g.lhs, static_cast<std::int64_t>(it), tmp.owner_text, &tmp.err)) {
    error(g.lhs_span, "$GENERATE owner: " + tmp.err);
    return false;
  }
  if (!expand(g.rhs, static_cast<std::int64_t>(it), tmp.rdata_text, &tmp.err)) {
    error(g.rhs_span, "$GENERATE rdata: " + tmp.err);
    return false;
  }
  auto owner = parse_name(tmp.owner_text, *origin_, &tmp.err);
  if (!owner) {
    error(g.lhs_span, "$GENERATE owner " + quote(tmp.owner_text) + " (iteration " +
                          std::to_string(it) + "): " + tmp.err);
    return false;
  }
  const std::string& text = tmp.rdata_text;
  tmp.lex.reset(text.data());
  Input in(text.data(), text.data() + text.size(), "rdata");
  try {
    pegtl::parse<g::rdata_text, lex_action, g::control>(in, tmp.lex);
  } catch (const g::syntax_error& se) {
    error(g.rhs_span, std::string(se.message) + " in the $GENERATE rdata " + quote(text));
    return false;
  }
  rtoks_.clear();
  tmp.field_texts.clear();
  for (const Tok& t : tmp.lex.tokens) {
    rtoks_.push_back(RdataToken{token_text(text, t), g.rhs_span, t.quoted});
    tmp.field_texts.push_back(std::string_view(text).substr(t.begin, t.end - t.begin));
  }
  return add_record(*owner, g.lhs_span, kGenerated, g.head, e.span(), &tmp.field_texts);
}

}  // namespace zl::zone_detail
