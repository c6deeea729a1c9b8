#include "rules/mail/mail_common.hpp"

#include <algorithm>
#include <array>
#include <span>
#include <utility>

namespace zl::mail {

namespace {

char lower(char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}
bool is_alnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

// Is `host` a host name of at least two LDH labels (RFC 1123 §2.1)?
bool is_host_name(std::string_view host) {
  if (host.empty() || host.size() > 253) return false;
  if (host.back() == '.') host.remove_suffix(1);
  std::size_t labels = 0;
  std::size_t start = 0;
  while (start <= host.size()) {
    std::size_t dot = host.find('.', start);
    if (dot == std::string_view::npos) dot = host.size();
    const std::string_view l = host.substr(start, dot - start);
    if (l.empty() || l.size() > 63 || l.front() == '-' || l.back() == '-') return false;
    for (char c : l)
      if (!is_alnum(c) && c != '-') return false;
    ++labels;
    start = dot + 1;
    if (dot == host.size()) break;
  }
  return labels >= 2;
}

bool is_hex(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

// RFC 3986 characters allowed in a mailto addr-spec part as written in a URI (unreserved,
// sub-delims other than ',' and ';' which end DMARC list entries and tags, '%' escapes).
std::string uri_chars_problem(std::string_view s, std::string_view what) {
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (c == '%') {
      if (i + 2 >= s.size() || !is_hex(s[i + 1]) || !is_hex(s[i + 2]))
        return "a '%' in the " + std::string(what) + " must start a %XX escape";
      i += 2;
      continue;
    }
    const auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u >= 0x7f)
      return "the " + std::string(what) + " holds " +
             (u == ' ' ? std::string("a space") : std::string("a character that a URI can't"));
    if (c == '<' || c == '>' || c == '"' || c == '\\' || c == '^' || c == '`' || c == '{' ||
        c == '|' || c == '}' || c == '[' || c == ']')
      return "the " + std::string(what) + " holds '" + std::string(1, c) +
             "', which a URI must escape";
  }
  return "";
}

}  // namespace

bool txt_starts_with(const Zone& z, const Record& r, std::string_view prefix) {
  const std::string_view w = z.rdata(r);
  std::size_t pos = 0, matched = 0;
  while (matched < prefix.size() && pos < w.size()) {
    const auto len = static_cast<unsigned char>(w[pos++]);
    if (pos + len > w.size()) return false;
    for (std::size_t i = 0; i < len && matched < prefix.size(); ++i, ++matched)
      if (lower(w[pos + i]) != lower(prefix[matched])) return false;
    pos += len;
  }
  return matched == prefix.size();
}

const std::vector<MxOwner>& mx_owners(const RuleContext& ctx) {
  return ctx.memo<std::vector<MxOwner>>("mail.mx-owners", [&] {
    std::vector<MxOwner> out;
    // First the owners with MX records, from the zones' indexes without reading a record.
    for (const Zone* z : ctx.zones()) {
      const auto [first_owner, end_owner] = z->in_zone_owners();
      for (std::size_t k = first_owner; k < end_owner; ++k) {
        const auto mxs = z->owner_run(k, rrtype::MX);  // in file order
        if (!mxs.empty())
          out.push_back(MxOwner{z, &z->records[mxs.front()], static_cast<std::uint32_t>(k)});
      }
    }
    // Then what their records hold. In canonical order the records and their rdata lie
    // scattered over the zones' arrays (in file order): an owner's first MX record is
    // prefetched 2 * kAhead owners ahead and its rdata kAhead ahead (from that record, fetched
    // by then), so that the waits on memory overlap, as in mx_sets. (The other MX records of an
    // owner are usually its first one's neighbours in the file.)
    constexpr std::size_t kAhead = 8;
    for (std::size_t n = 0; n < out.size(); ++n) {
      if (n + 2 * kAhead < out.size()) __builtin_prefetch(out[n + 2 * kAhead].first);
      if (n + kAhead < out.size()) {
        const MxOwner& ahead = out[n + kAhead];
        if (ahead.first->rdata_off != Record::kNoData)
          __builtin_prefetch(ahead.zone->rdata_arena.data() + ahead.first->rdata_off);
      }
      MxOwner& o = out[n];
      for (const std::uint32_t i : o.zone->owner_run(o.owner_index, rrtype::MX)) {
        const Record& r = o.zone->records[i];
        const std::string_view w = o.zone->rdata(r);
        if (r.has(kValueUnknown) || w.size() < 3)
          o.complete = false;
        else if (w.size() == 3 && w[2] == 0)
          o.has_null = true;
        else
          o.has_real = true;
      }
    }
    out.shrink_to_fit();  // kept for the whole run: not the capacity of the last doubling
    return out;
  });
}

bool has_label_below_first(NameView n, std::string_view label) {
  const std::string_view w = n.wire();
  std::size_t pos = w.empty() ? 0 : static_cast<unsigned char>(w[0]) + 1u;
  while (pos < w.size()) {
    const auto len = static_cast<unsigned char>(w[pos]);
    if (len == 0) break;
    if (len == label.size() && iequals(std::string_view(w).substr(pos + 1, len), label))
      return true;
    pos += len + 1u;
  }
  return false;
}

bool first_label_is(NameView n, std::string_view label) {
  return iequals(n.first_label(), label);
}

bool at_smtp_tls(NameView n) {
  const std::string_view w = n.wire();  // "\x05_smtp\x04_tls" then at least the root
  return w.size() > 11 && w[0] == 5 && w[6] == 4 && iequals(w.substr(1, 5), "_smtp") &&
         iequals(w.substr(7, 4), "_tls");
}

std::optional<JoinedTxt> ParsedTxt::joined() const {
  if (!zone || !rec || !sources) return std::nullopt;
  return join_txt(*zone, *rec, *sources);
}

std::optional<JoinedTxt> ParsedTxtView::joined() const {
  if (!zone || !rec || !sources) return std::nullopt;
  return join_txt(*zone, *rec, *sources);
}

std::optional<ViewOrCopy> joined_text(const Zone& z, const Record& r) {
  // The character-strings joined, straight from the wire: no per-byte map until a finding
  // needs one. A record of one string is its own text (a view of the rdata, no copy).
  const std::string_view w = z.rdata(r);
  if (!w.empty() && 1u + static_cast<unsigned char>(w[0]) == w.size())
    return ViewOrCopy::view(w.substr(1));
  std::string joined;
  joined.reserve(w.size());
  for (std::size_t pos = 0; pos < w.size();) {
    const auto len = static_cast<unsigned char>(w[pos++]);
    if (pos + len > w.size()) return std::nullopt;
    joined.append(w.substr(pos, len));
    pos += len;
  }
  return ViewOrCopy::copy(joined);
}

std::optional<ParsedTxt> parse_txt(const RuleContext& ctx, const Zone& z, const Record& r,
                                   TagSyntax syntax) {
  std::optional<ViewOrCopy> text = joined_text(z, r);
  if (!text) return std::nullopt;
  ParsedTxt p;
  p.zone = &z;
  p.rec = &r;
  p.sources = &ctx.sources();
  p.tags = parse_tag_list(std::move(*text), syntax);
  return p;
}

void ParsedTxtList::add(const Zone& z, const Record& r, ViewOrCopy text, const TagList& tags) {
  case_insensitive_ = tags.case_insensitive;
  records_.push_back(Entry{&z, &r, std::move(text), static_cast<std::uint32_t>(tags_.size()),
                           static_cast<std::uint32_t>(errors_.size())});
  tags_.insert(tags_.end(), tags.tags.begin(), tags.tags.end());
  errors_.insert(errors_.end(), tags.errors.begin(), tags.errors.end());
}

void ParsedTxtList::reserve(std::size_t records, std::size_t tags) {
  records_.reserve(records);
  tags_.reserve(tags);
}

void ParsedTxtList::shrink_to_fit() {
  records_.shrink_to_fit();
  errors_.shrink_to_fit();
  // The tags' array is the largest: moved only for room worth its copy.
  if (tags_.capacity() - tags_.size() > tags_.size() / 8) tags_.shrink_to_fit();
}

ParsedTxtView ParsedTxtList::operator[](std::size_t i) const {
  const Entry& e = records_[i];
  const bool last = i + 1 == records_.size();
  const std::size_t tag_end = last ? tags_.size() : records_[i + 1].first_tag;
  const std::size_t error_end = last ? errors_.size() : records_[i + 1].first_error;
  const std::span<const Tag> tags(tags_.data() + e.first_tag, tag_end - e.first_tag);
  const std::span<const TagListError> errors(errors_.data() + e.first_error,
                                             error_end - e.first_error);
  return {e.zone, e.rec, sources_, TagListView(tags, errors, e.text.str(), case_insensitive_)};
}

Span span_at(const ParsedTxtView& p, std::uint32_t b, std::uint32_t e) {
  // txt_span_of: no JoinedTxt for the common record of one plain string (findings of the mail
  // rules ask for one span each, tens of thousands of times on a large zone).
  const Span s = p.sources ? txt_span_of(*p.zone, *p.rec, *p.sources, b, e) : Span{};
  if (s.valid()) return s;
  return p.sources ? rdata_span(*p.sources, *p.zone, *p.rec) : anchor_span(*p.zone, *p.rec);
}

Diagnostic finding_at(const Rule& rule, const ParsedTxtView& p, std::uint32_t b, std::uint32_t e,
                      Message message) {
  return make_finding(rule, *p.zone, *p.rec, span_at(p, b, e), std::move(message));
}

Diagnostic finding_at(const Rule& rule, const RuleContext& ctx, const Zone& z, const Record& r,
                      std::uint32_t b, std::uint32_t e, Message message) {
  ParsedTxt p;  // no tags: nothing allocated
  p.zone = &z;
  p.rec = &r;
  p.sources = &ctx.sources();
  return finding_at(rule, p, b, e, std::move(message));
}

std::string shown(std::string_view s, std::size_t max) {
  std::string out;
  for (unsigned char c : s) {
    if (out.size() >= max) {
      out += "...";
      break;
    }
    if (c >= 0x20 && c < 0x7f) {
      out += static_cast<char>(c);
    } else {
      static const char* hex = "0123456789abcdef";
      out += "\\x";
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

// --- DMARC ------------------------------------------------------------------------------

bool is_dmarc_record(const TagListView& t) {
  return !t.tags.empty() && iequals(t.name(t.tags[0]), "v") && t.value(t.tags[0]) == "DMARC1";
}

bool meant_as_dmarc(const ParsedTxtView& p) {
  if (is_dmarc_record(p.tags)) return true;
  const std::string_view s = p.text();
  std::size_t i = 0;
  while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i;
  const std::string_view rest = s.substr(i);
  if (rest.size() >= 6 && iequals(rest.substr(0, 6), "v=spf1")) return false;
  if (!p.tags.tags.empty() && iequals(p.tags.name(p.tags.tags[0]), "v")) return true;
  for (std::size_t k = 0; k + 6 <= s.size(); ++k)
    if (iequals(s.substr(k, 6), "dmarc1")) return true;
  return false;
}

const ParsedTxtList& dmarc_txt(const RuleContext& ctx) {
  return ctx.memo<ParsedTxtList>("mail.dmarc-txt", [&] {
    // The records first, so that the arrays are allocated once at their size (they are kept
    // while the DMARC rules run): no moves as they grow. The TXT records from each zone's index
    // of types, not from mail_records (for_each_txt with kAtDmarc, which takes the same records
    // in the same order): the DMARC family runs after the other users of that list
    // (rules/memo_scopes.cpp), which is freed before it. The tags are counted from the wire
    // (at most one more than its ';' bytes, as parse_tag_list counts: a length byte that reads
    // as ';' only makes room for one more).
    std::vector<std::pair<const Zone*, const Record*>> found;
    std::size_t tags = 0;
    for (const Zone* z : ctx.zones()) {
      for (const std::uint32_t i : z->records_of_type(rrtype::TXT)) {
        const Record& r = z->records[i];
        if (first_label_is(z->owner(r), "_dmarc") && !r.has(kValueUnknown) && in_zone(*z, r)) {
          found.emplace_back(z, &r);
          const std::string_view w = z->rdata(r);
          tags += 1 + static_cast<std::size_t>(std::count(w.begin(), w.end(), ';'));
        }
      }
    }
    ParsedTxtList out;
    out.set_sources(&ctx.sources());
    out.reserve(found.size(), tags);
    TagList parsed;  // one list's buffers, for every record
    for (const auto& [z, r] : found) {
      std::optional<ViewOrCopy> text = joined_text(*z, *r);
      if (!text) continue;
      // `parsed` views the text's bytes, which stay where they are when `text` moves.
      parse_tag_list_into(text->str(), TagSyntax::dmarc, parsed);
      out.add(*z, *r, std::move(*text), parsed);
    }
    out.shrink_to_fit();  // when a record was malformed, or lists ended with ';'
    return out;
  });
}

bool is_dmarc_tag(std::string_view name) {
  static constexpr std::string_view kTags[] = {"v",   "p",  "sp", "np",  "adkim", "aspf", "fo",
                                               "pct", "rf", "ri", "rua", "ruf",   "psd",  "t"};
  for (auto t : kTags)
    if (iequals(t, name)) return true;
  return false;
}

std::vector<UriEntry> split_uri_list(std::string_view value, std::uint32_t value_b) {
  std::vector<UriEntry> out;
  std::size_t start = 0;
  while (true) {
    std::size_t comma = value.find(',', start);
    if (comma == std::string_view::npos) comma = value.size();
    std::size_t b = start, e = comma;
    while (b < e && (value[b] == ' ' || value[b] == '\t')) ++b;
    while (e > b && (value[e - 1] == ' ' || value[e - 1] == '\t')) --e;
    out.push_back({value.substr(b, e - b), value_b + static_cast<std::uint32_t>(b),
                   value_b + static_cast<std::uint32_t>(e)});
    if (comma == value.size()) break;
    start = comma + 1;
  }
  return out;
}

std::string dmarc_mailto_problem(std::string_view uri, std::string* host) {
  if (uri.empty()) return "the entry is empty";
  const std::size_t colon = uri.find(':');
  if (colon == std::string_view::npos) {
    if (uri.find('@') != std::string_view::npos)
      return "it is an address without the 'mailto:' scheme";
    return "it is not a URI";
  }
  if (!iequals(uri.substr(0, colon), "mailto"))
    return "reports are sent by mail: the scheme must be 'mailto:', not '" +
           shown(uri.substr(0, colon)) + ":'";
  std::string_view rest = uri.substr(colon + 1);
  // The optional size limit: "!" 1*DIGIT [ "k" / "m" / "g" / "t" ] (RFC 7489 §6.4).
  if (const std::size_t bang = rest.rfind('!'); bang != std::string_view::npos) {
    std::string_view size = rest.substr(bang + 1);
    std::size_t d = 0;
    while (d < size.size() && size[d] >= '0' && size[d] <= '9') ++d;
    const bool unit = d + 1 == size.size() &&
                      std::string_view("kmgtKMGT").find(size[d]) != std::string_view::npos;
    if (d == 0 || !(d == size.size() || unit))
      return "the size limit '!" + shown(size) +
             "' must be digits with an optional unit k, m, g or t (a '!' in the address must "
             "be written %21)";
    rest = rest.substr(0, bang);
  }
  if (rest.empty()) return "the address is empty";
  if (rest.find('?') != std::string_view::npos)
    return "the URI has a query ('?'), which DMARC report addresses don't use";
  const std::size_t at = rest.rfind('@');
  if (at == std::string_view::npos) return "the address '" + shown(rest) + "' has no '@'";
  const std::string_view local = rest.substr(0, at);
  const std::string_view domain = rest.substr(at + 1);
  if (local.empty()) return "the address '" + shown(rest) + "' has no local part";
  if (auto why = uri_chars_problem(local, "local part"); !why.empty()) return why;
  if (local.find('@') != std::string_view::npos)
    return "the address '" + shown(rest) + "' has two '@' (list addresses with ',')";
  if (!is_host_name(domain)) return "'" + shown(domain) + "' is not a domain name";
  if (host) host->assign(domain);  // into the caller's buffer (no new block when it fits)
  return "";
}

std::string tlsrpt_uri_problem(std::string_view uri) {
  if (uri.empty()) return "the entry is empty";
  const std::size_t colon = uri.find(':');
  if (colon == std::string_view::npos)
    return uri.find('@') != std::string_view::npos ? "it is an address without the 'mailto:' scheme"
                                                   : "it is not a URI";
  const std::string_view scheme = uri.substr(0, colon);
  const std::string_view rest = uri.substr(colon + 1);
  if (iequals(scheme, "mailto")) {
    const std::size_t at = rest.rfind('@');
    if (at == std::string_view::npos || at == 0)
      return "the address '" + shown(rest) + "' is not local@domain";
    if (auto why = uri_chars_problem(rest.substr(0, at), "local part"); !why.empty()) return why;
    if (!is_host_name(rest.substr(at + 1)))
      return "'" + shown(rest.substr(at + 1)) + "' is not a domain name";
    return "";
  }
  if (iequals(scheme, "https")) {
    if (rest.substr(0, 2) != "//") return "an https URI starts 'https://'";
    std::string_view auth = rest.substr(2);
    auth = auth.substr(0, std::min(auth.find('/'), auth.size()));
    if (const std::size_t at = auth.rfind('@'); at != std::string_view::npos)
      auth = auth.substr(at + 1);
    if (const std::size_t c = auth.rfind(':'); c != std::string_view::npos)
      auth = auth.substr(0, c);
    if (!is_host_name(auth)) return "'" + shown(auth) + "' is not a host name";
    if (auto why = uri_chars_problem(rest, "URI"); !why.empty()) return why;
    return "";
  }
  return "the scheme must be 'mailto:' or 'https:', not '" + shown(scheme) + ":'";
}

// --- names ------------------------------------------------------------------------------

std::size_t edit_distance(std::string_view a, std::string_view b) {
  const std::size_t n = a.size(), m = b.size();
  // Three rows of m + 1 cells, rotated rather than copied. On the stack when `b` is short (a
  // label checked against "_dmarc", a DMARC tag name): mail-label-typo asks this of tens of
  // thousands of owners, and three vectors a call were most of its cost.
  constexpr std::size_t kStackCells = std::size_t{3} * 64;
  std::array<std::size_t, kStackCells> stack{};
  std::vector<std::size_t> heap;
  std::size_t* cells = stack.data();
  if (3 * (m + 1) > kStackCells) {
    heap.assign(3 * (m + 1), 0);
    cells = heap.data();
  }
  std::size_t* prev2 = cells;
  std::size_t* prev = cells + (m + 1);
  std::size_t* cur = cells + 2 * (m + 1);
  for (std::size_t j = 0; j <= m; ++j) prev[j] = j;
  for (std::size_t i = 1; i <= n; ++i) {
    cur[0] = i;
    for (std::size_t j = 1; j <= m; ++j) {
      const std::size_t cost = lower(a[i - 1]) == lower(b[j - 1]) ? 0 : 1;
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost});
      if (i > 1 && j > 1 && lower(a[i - 1]) == lower(b[j - 2]) &&
          lower(a[i - 2]) == lower(b[j - 1]))
        cur[j] = std::min(cur[j], prev2[j - 2] + 1);
    }
    // The row two back is not read again: it becomes the next row.
    std::size_t* const oldest = prev2;
    prev2 = prev;
    prev = cur;
    cur = oldest;
  }
  return prev[m];
}

MailKind mail_kind(const Zone& z, const Record& r) {
  if (txt_starts_with(z, r, "v=DMARC1")) return MailKind::dmarc;
  if (txt_starts_with(z, r, "v=DKIM1")) return MailKind::dkim;
  if (txt_starts_with(z, r, "v=STSv1")) return MailKind::sts;
  if (txt_starts_with(z, r, "v=TLSRPTv1")) return MailKind::tlsrpt;
  return MailKind::none;
}

namespace {

// Do `a` and `b` read the same once '-' and '_' are dropped, ASCII case aside? No copy: the
// mail rules ask this of every label of every TXT and CNAME owner of a zone.
bool same_without_dashes(std::string_view a, std::string_view b) {
  std::size_t i = 0, j = 0;
  while (true) {
    while (i < a.size() && (a[i] == '_' || a[i] == '-')) ++i;
    while (j < b.size() && (b[j] == '_' || b[j] == '-')) ++j;
    if (i == a.size() || j == b.size()) return i == a.size() && j == b.size();
    if (lower(a[i++]) != lower(b[j++])) return false;
  }
}

// A label that reads as a misspelling of `want` (which starts with '_'): one edit away, or
// `want` with '-' and '_' swapped or dropped, or `want` without its underscore when the
// content says what the record is. The cheap tests come first; the edit distance is computed
// only for labels whose length allows a distance of 1.
bool near(std::string_view label, std::string_view want, bool content_matches) {
  if (label.empty() || iequals(label, want)) return false;
  const bool underscored = label.front() == '_';
  if (!underscored && !content_matches) return false;
  if (same_without_dashes(label, want)) return true;
  if (!underscored) return false;
  const auto dashes = static_cast<std::size_t>(
      std::count_if(want.begin(), want.end(), [](char c) { return c == '_' || c == '-'; }));
  if (want.size() - dashes < 5) return false;
  const std::size_t longer = std::max(label.size(), want.size());
  const std::size_t shorter = std::min(label.size(), want.size());
  if (longer - shorter > 1) return false;  // distance >= 2
  // One edit leaves the rest of both labels alike: their common prefix and suffix together
  // cover all of the shorter but one byte (a substitution; none for an insertion or deletion)
  // or two (a transposition). Most labels of this length are far from `want` (`_dmarc` against
  // `_tlsrpt`, for every DMARC record of a zone): no table of edit_distance for them.
  std::size_t prefix = 0;
  while (prefix < shorter && lower(label[prefix]) == lower(want[prefix])) ++prefix;
  std::size_t suffix = 0;
  while (suffix < shorter &&
         lower(label[label.size() - 1 - suffix]) == lower(want[want.size() - 1 - suffix]))
    ++suffix;
  if (prefix + suffix + 2 < shorter) return false;  // distance >= 2
  return edit_distance(label, want) == 1;
}

// The labels of `n`, leftmost first, written into `buf` (a name has at most 127 labels): no
// allocation, where Name::labels() makes a vector. label_typo runs on every TXT and CNAME
// record with an underscore in its owner, most of the records the mail rules read.
std::span<const std::string_view> labels_of(NameView n, std::array<std::string_view, 128>& buf) {
  const std::string_view w = n.wire();
  std::size_t count = 0;
  for (std::size_t pos = 0; pos < w.size() && w[pos] != 0 && count < buf.size();) {
    const auto len = static_cast<unsigned char>(w[pos]);
    buf[count++] = w.substr(pos + 1, len);
    pos += 1u + len;
  }
  return std::span<const std::string_view>(buf.data(), count);
}

}  // namespace

std::optional<LabelTypo> label_typo(NameView owner, MailKind kind) {
  std::array<std::string_view, 128> buf;
  const auto labels = labels_of(owner, buf);
  if (labels.empty()) return std::nullopt;
  const std::string_view l0 = labels[0];
  // _dmarc: the policy is at the first label; `<domain>._report._dmarc.<host>` is fine.
  if (near(l0, "_dmarc", kind == MailKind::dmarc)) return LabelTypo{0, 1, "_dmarc"};
  for (std::size_t i = 1; i + 1 < labels.size(); ++i)
    if (iequals(labels[i + 1], "_dmarc") && near(labels[i], "_report", false))
      return LabelTypo{i, 1, "_report"};
  // _mta-sts: the TXT; `mta-sts` without the underscore is the policy host and only counts
  // when it holds the STS record.
  if (near(l0, "_mta-sts", kind == MailKind::sts)) return LabelTypo{0, 1, "_mta-sts"};
  // _smtp._tls
  if (labels.size() >= 2 && iequals(l0, "_tls") && iequals(labels[1], "_smtp"))
    return LabelTypo{0, 2, "_smtp._tls"};
  if (near(l0, "_smtp_tls", kind == MailKind::tlsrpt) ||
      near(l0, "_tlsrpt", kind == MailKind::tlsrpt) ||
      near(l0, "_tls-rpt", kind == MailKind::tlsrpt) ||
      near(l0, "_smtp-tls", kind == MailKind::tlsrpt))
    if (!iequals(l0, "_smtp") && !iequals(l0, "_tls")) return LabelTypo{0, 1, "_smtp._tls"};
  if (labels.size() >= 2 && iequals(labels[1], "_tls") &&
      near(l0, "_smtp", kind == MailKind::tlsrpt))
    return LabelTypo{0, 1, "_smtp"};
  if (labels.size() >= 2 && iequals(l0, "_smtp") &&
      near(labels[1], "_tls", kind == MailKind::tlsrpt))
    return LabelTypo{1, 1, "_tls"};
  // _domainkey: below the selector (which may have several labels).
  for (std::size_t i = 1; i < labels.size(); ++i) {
    if (iequals(labels[i], "_domainkey")) break;
    if (near(labels[i], "_domainkey", kind == MailKind::dkim)) return LabelTypo{i, 1, "_domainkey"};
  }
  return std::nullopt;
}

Span owner_label_span(const RuleContext& ctx, const Zone& z, const Record& r, std::size_t i,
                      std::size_t count) {
  const Span os = z.owner_span(r);
  if (!os.valid() || os.end <= os.begin || r.has(kOwnerInherited)) return anchor_span(z, r);
  const std::string_view text = ctx.sources().text(os);
  // Label boundaries of the text as written (a '\.' does not split).
  std::vector<std::pair<std::uint32_t, std::uint32_t>> ls;
  std::uint32_t start = 0;
  for (std::uint32_t k = 0; k <= text.size(); ++k) {
    if (k < text.size() && text[k] == '\\') {
      ++k;
      continue;
    }
    if (k == text.size() || text[k] == '.') {
      if (k > start) ls.emplace_back(start, k);
      start = k + 1;
    }
  }
  const auto labels = z.owner(r).labels();
  if (i + count > ls.size() || i + count > labels.size()) return os;
  for (std::size_t k = i; k < i + count; ++k)
    if (!iequals(text.substr(ls[k].first, ls[k].second - ls[k].first), labels[k])) return os;
  return Span{os.file, os.begin + ls[i].first, os.begin + ls[i + count - 1].second};
}

}  // namespace zl::mail
