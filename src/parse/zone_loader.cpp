// The zone-file loader (zone_loader.hpp): files, entries, $ORIGIN and $TTL, records with their
// TTLs, and the end of a zone. $INCLUDE is in zone_include.cpp, $GENERATE in zone_generate.cpp.
#include "parse/zone_loader.hpp"

#include <algorithm>
#include <cstring>

#include "core/ascii.hpp"
#include "core/file_mapping.hpp"
#include "core/huge_pages.hpp"
#include "core/ttl.hpp"

namespace zl::zone_detail {

namespace {

// The largest rdata that fits in a DNS message (65535 bytes) with its 12-byte header, a root
// owner and the 10 bytes of type, class, TTL and length: BIND's DNS_RDATA_MAXLENGTH.
constexpr std::size_t kMaxRdata = 65512;

// The physical lines of `text` over `max_bytes` (without their terminator), as SourceFile
// splits lines: at \n, \r\n and a lone \r. Only the stretches between two \n that are over
// the limit are split further, so a file of short lines needs no line table. Nor does it need
// to find each \n: when the `max_bytes + 1` bytes from `pos` hold a \n, no stretch that ends
// in them is over the limit, and the scan goes on after the last of them (one memrchr for
// about `max_bytes` of text).
std::vector<LongLine> long_lines(std::string_view text, std::uint32_t max_bytes) {
  std::vector<LongLine> out;
  const std::size_t size = text.size();
  std::size_t pos = 0;
  while (pos < size) {
    const std::size_t window = std::min<std::size_t>(size - pos, std::size_t{max_bytes} + 1);
    if (const void* last = memrchr(text.data() + pos, '\n', window)) {
      pos = static_cast<std::size_t>(static_cast<const char*>(last) - text.data()) + 1;
      continue;
    }
    if (window == size - pos && window <= max_bytes) break;  // a last line within the limit
    const void* hit = std::memchr(text.data() + pos, '\n', size - pos);
    const std::size_t nl =
        hit ? static_cast<std::size_t>(static_cast<const char*>(hit) - text.data()) : size;
    if (nl - pos > max_bytes) {
      std::size_t start = pos;
      for (std::size_t i = pos; i <= nl; ++i) {
        if (i < nl && text[i] != '\r') continue;
        const bool crlf = i + 1 == nl && text[i] == '\r';  // \r\n ends this line
        const std::size_t next = std::min(size, crlf ? nl + 1 : i + 1);
        if (i - start > max_bytes)
          out.push_back(LongLine{static_cast<std::uint32_t>(start),
                                 static_cast<std::uint32_t>(next),
                                 static_cast<std::uint32_t>(i - start)});
        if (crlf) break;
        start = next;
      }
    }
    pos = nl + 1;
  }
  return out;
}

// A syntax error's message with what was found at `at`.
std::string found(const char* message, std::string_view text, std::uint32_t at) {
  std::string m = message;
  if (at >= text.size()) return m + " (found the end of the file)";
  const char c = text[at];
  if (c == '\n' || c == '\r') return m + " (found the end of the line)";
  if (std::strstr(message, "found") == nullptr) m += " (found " + quote(text.substr(at, 1)) + ")";
  return m;
}

// The TTL of an SOA record's minimum field (the last 4 octets of its rdata), at most 2^31-1.
std::uint32_t soa_minimum_of(std::string_view wire) {
  std::uint32_t ttl = 0;
  if (wire.size() >= 4) {
    const auto* w = reinterpret_cast<const unsigned char*>(wire.data() + wire.size() - 4);
    ttl = (std::uint32_t{w[0]} << 24) | (std::uint32_t{w[1]} << 16) | (std::uint32_t{w[2]} << 8) |
          std::uint32_t{w[3]};
  }
  return std::min(ttl, kMaxTtl);
}

// How an entry was written, beyond its values (kTextNotPlain and kOriginDeeper, model/zone.hpp).
// The tokens are in the CPU's caches here, where a rule that asked the text later would bring
// the pages of a mapped file back into memory.
std::uint8_t written_flags(std::string_view owner_text, const std::vector<RdataToken>& rdata,
                           const Name& origin, const Name& zone_origin) {
  const bool escaped = owner_text.find('\\') != std::string_view::npos ||
                       std::any_of(rdata.begin(), rdata.end(), [](const RdataToken& t) {
                         return t.text.find('\\') != std::string_view::npos;
                       });
  const std::size_t labels = origin.label_count(), zone_labels = zone_origin.label_count();
  if (labels == zone_labels) return escaped ? kTextNotPlain : 0;
  if (labels == zone_labels + 1) return escaped ? kTextNotPlain | kOriginDeeper : kOriginDeeper;
  return kTextNotPlain | kOriginDeeper;
}

}  // namespace

Loader::Loader(ZoneSet& set, const ParseOptions& opt, Zone& zone)
    : Loader(set.sources, set.diagnostics, opt, zone) {}

Loader::Loader(SourceSet& sources, Diagnostics& diags, const ParseOptions& opt, Zone& zone)
    : sources_(sources),
      diags_(diags),
      opt_(opt),
      zone_(zone),
      reader_(opt.reader ? opt.reader : filesystem_reader(opt.limits.max_file_bytes)),
      origin_(opt.origin),
      ttl_(zone.ttl_facts, opt.default_ttl) {
  // Room for an entry's tokens and its rdata at once: grown from empty, these buffers took
  // about ten allocations a file (an SOA entry alone has eleven tokens), which over a directory
  // of small zones are a share of the load that a second thread makes dearer (malloc takes
  // its arena's lock once a process has threads).
  lex_.tokens.reserve(kEntryTokens);
  lex_.open_parens.reserve(4);
  rtoks_.reserve(kEntryTokens);
  wire_.reserve(kEntryWire);
}

bool Loader::run(FileId top, const std::string& path) {
  diag_begin_ = diags_.size();
  fallback_origin_ = opt_.origin ? opt_.origin : origin_from_file_name(path);
  if (!origin_) origin_ = fallback_origin_;
  // The top file's canonical path is needed only to refuse an $INCLUDE cycle back to it, and
  // finding it costs a stat and a readlink per path component: over a directory of small
  // zones that was ~40% of the run's system calls, for files that include nothing. It is
  // filled in at the first $INCLUDE (top_canonical).
  top_path_ = path;
  open_files_.emplace_back();
  top_file_ = &source(top);
  top_id_ = top;
  const std::string_view text = top_file_->text();
  // Reserved, not touched: pages that stay unused cost address space, not memory, and the
  // vectors do not have to be copied as they grow.
  const std::size_t lines = estimate_line_count(text);
  zone_.records.reserve(
      std::min<std::size_t>(lines, static_cast<std::size_t>(opt_.limits.max_records_per_zone)));
  zone_.rdata_arena.reserve(rdata_reserve(text.size()));
  // The owner names: most zones' take a third of the text or less (relative names gain the
  // origin, but a run of records shares its owner's).
  zone_.owner_names.reserve(text.size());
  zone_.rclass = opt_.default_class;
  advise_huge_pages(zone_.records.data(), zone_.records.capacity() * sizeof(Record));
  advise_huge_pages(zone_.rdata_arena.data(), zone_.rdata_arena.capacity());
  parse_file(top, true);
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

// --- diagnostics ---------------------------------------------------------------------------

void Loader::error(Span span, std::string_view message) {
  Diagnostic d;
  d.rule = kParseError;
  d.severity = Severity::error;
  d.message = message;
  d.span = span;
  diags_.add(std::move(d));
}

void Loader::no_origin_error(Span span) {
  error(span, "cannot tell the zone origin of '" + source(span.file).path() +
                  "': its name is not a domain name (as in example.com.zone, example.com.db, "
                  "db.example.com or example.com) and it does not start with $ORIGIN; give it with "
                  "--origin, or set this file's origin in .zonelint.yaml (origins:)");
  fatal_ = true;
}

const Name* Loader::need_origin(Span at) {
  if (!origin_set_) origin_read_ = true;
  if (origin_) return &*origin_;
  if (!fatal_) no_origin_error(at);
  return nullptr;
}

void Loader::mark_first_record() {
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

// --- files ---------------------------------------------------------------------------------

void Loader::parse_file(FileId file, bool top) {
  const std::string_view text = source(file).text();
  const auto size = static_cast<std::uint32_t>(text.size());
  // Local: parse_file recurses for $INCLUDE.
  const std::vector<LongLine> too_long = long_lines(text, opt_.limits.max_line_bytes);

  std::uint32_t pos = 0;
  if (text.substr(0, 3) == "\xEF\xBB\xBF") {
    error(Span{file, 0, 3},
          "the file starts with a UTF-8 byte order mark; BIND reads it as part of the first "
          "owner name (save the file without BOM)");
    pos = 3;
  }
  // A mapped file's pages leave the RSS after the parse (load_text): what reporting needs to
  // know of its text (line starts, wide lines, suppression tags: core/source.hpp LineIndex) is
  // found now, while they are in memory, instead of faulting them back in later. A file read
  // into memory keeps the lazy line table (small files: most are never asked a line).
  LineIndex lines;
  LineIndex* const scan = source(file).mapped() ? &lines : nullptr;
  if (scan) {
    lines.starts.reserve(estimate_line_count(text));
    lines.starts.push_back(0);
  }
  if (top && parallel_wanted(text)) {
    parse_parallel(file, too_long, pos, scan);
  } else if (scan) {
    // Window by window: the window's pages entered at once, scanned, parsed (an entry that
    // starts in it is read to its end), then dropped from the RSS with the pages behind the
    // parse, so that only a window or two of the file are in memory at a time. The parse of the
    // entries from `pos` does not depend on where the previous call stopped (parse_entries).
    constexpr std::uint32_t kWindow = std::uint32_t{4} << 20;
    std::uint32_t scanned = 0, dropped = 0;
    while (scanned < size) {
      const std::uint32_t end = size - scanned > kWindow ? scanned + kWindow : size;
      populate_mapped(text.data() + scanned, end - scanned);
      scan_lines(text, scanned, end, lines, true);
      scanned = end;
      if (pos < end) parse_entries(file, too_long, pos, end);
      const std::uint32_t behind = std::min(pos, end);
      drop_mapped(text.data() + dropped, behind - dropped);
      dropped = behind;
    }
  } else {
    parse_entries(file, too_long, pos, size);
  }
  if (scan) {
    finish_line_index(text, lines);
    source(file).set_line_index(std::move(lines));
  }
}

void Loader::parse_entries(FileId file, const std::vector<LongLine>& too_long, std::uint32_t& pos,
                           std::uint32_t stop) {
  const std::string_view text = source(file).text();
  // The first long line not before `pos`: how far the loop below has gone is a function of
  // `pos` alone, so a stretch started at an entry start reads what the serial loop reads.
  std::size_t next_long = 0;
  while (pos < stop && !stop_ && !fatal_) {
    while (next_long < too_long.size() && too_long[next_long].end <= pos) ++next_long;
    if (next_long < too_long.size() && too_long[next_long].begin <= pos) {
      report_long_line(file, too_long[next_long].begin, too_long[next_long].length);
      pos = too_long[next_long].end;
      ++next_long;
      continue;
    }
    const std::uint32_t begin = pos;
    if (!lex_entry(file, pos)) continue;
    if (next_long < too_long.size() && too_long[next_long].begin < pos) {
      report_long_line(file, too_long[next_long].begin, too_long[next_long].length);
      continue;
    }
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

bool Loader::lex_entry(FileId file, std::uint32_t& pos) {
  const std::string_view text = source(file).text();
  const auto size = static_cast<std::uint32_t>(text.size());
  const char* base = text.data();
  const std::uint32_t begin = pos;
  lex_.reset(base);
  Input in(base + pos, base + size, "");
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
    return false;
  }
  pos = static_cast<std::uint32_t>(in.current() - base);
  return true;
}

void Loader::report_long_line(FileId file, std::uint32_t begin, std::uint32_t length) {
  error(Span{file, begin, begin}, "line is " + std::to_string(length) +
                                      " bytes long, over the limit of " +
                                      std::to_string(opt_.limits.max_line_bytes) +
                                      " bytes per line (--max-line-bytes); the entry is skipped");
}

// --- entries -------------------------------------------------------------------------------

void Loader::process(const Entry& e) {
  if (e.has_owner && !e[0].quoted && e.raw(e[0]).front() == '$') {
    directive(e);
    return;
  }
  record_entry(e);
}

void Loader::directive(const Entry& e) {
  const std::string_view name = e.raw(e[0]);
  const bool known = iequals(name, "$ORIGIN") || iequals(name, "$TTL") ||
                     iequals(name, "$INCLUDE") || iequals(name, "$GENERATE");
  if (!known) {
    error(e.span_of(e[0]),
          "unknown directive " + quote(name) + " (expected $ORIGIN, $TTL, $INCLUDE or $GENERATE)");
    return;
  }
  if (e.had_parens) {
    error(e.span_of(e[0]), "parentheses are not allowed in " + std::string(name) +
                               ": BIND reads a directive as one line");
    return;
  }
  if (iequals(name, "$ORIGIN")) return dir_origin(e);
  if (iequals(name, "$TTL")) return dir_ttl(e);
  if (chunk_) {
    // A stretch cannot take in another file or expand a range: the zone reads it again.
    chunk_failed_ = stop_ = true;
    return;
  }
  if (iequals(name, "$INCLUDE")) return dir_include(e);
  dir_generate(e);
}

bool Loader::expect_args(const Entry& e, std::size_t min, std::size_t max, const char* usage) {
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

void Loader::dir_origin(const Entry& e) {
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
  origin_set_ = true;
}

std::uint32_t Loader::limit_ttl(std::uint32_t ttl, Span at, std::string_view text) {
  if (ttl <= kMaxTtl) return ttl;
  error(at, "TTL " + quote(text) + " is above the maximum of 2147483647 seconds (RFC 2181 §8); " +
                "BIND loads it as 0");
  return 0;
}

void Loader::dir_ttl(const Entry& e) {
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
    error(e.span_of(e[1]), "$TTL " + quote(text) + " is out of range (at most 4294967295 seconds)");
    return;
  }
  ttl_.set_directive(limit_ttl(v, e.span_of(e[1]), text), e.span_of(e[1]));
}

// --- records -------------------------------------------------------------------------------

bool Loader::head(const Entry& e, std::size_t& i, Head& h) {
  const std::size_t n = e.size();
  if (i < n && !e[i].quoted) {
    if (auto c = lookup_class(e.raw(e[i]))) {
      h.cls = c;
      h.cls_span = e.span_of(e[i]);
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
      h.cls_span = e.span_of(e[i]);
      ++i;
    }
  }
  if (!head_type(e, i, h)) return false;
  if (h.cls && *h.cls != opt_.default_class) {
    error(h.cls_span, "class '" + class_name(*h.cls) + "' does not match the zone class '" +
                          class_name(opt_.default_class) + "'");
    return false;
  }
  return true;
}

// The type token of a head, at `i`.
bool Loader::head_type(const Entry& e, std::size_t& i, Head& h) {
  if (i >= e.size()) {
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
  return true;
}

std::optional<NameView> Loader::current_owner() const {
  if (owner_rec_ != kNone) return zone_.owner(zone_.records[owner_rec_]);
  if (owner_) return NameView(*owner_);
  return std::nullopt;
}

void Loader::set_owner(std::optional<Name> n) {
  owner_ = std::move(n);
  owner_rec_ = kNone;
  owner_set_ = true;
}

void Loader::record_entry(const Entry& e) {
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
    if (chunk_ && !owner_set_) {
      // The owner to inherit is the one before the stretch: the zone reads it again.
      chunk_failed_ = stop_ = true;
      return;
    }
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
      added = add_record(*fresh, owner_span, flags, h, e.span(), nullptr);
    } else {
      add_record(*current_owner(), owner_span, flags, h, e.span(), nullptr);
    }
  }
  // A new owner becomes the current one even when its entry fails, as in BIND.
  if (added) {
    owner_rec_ = zone_.records.size() - 1;
    owner_.reset();
    owner_set_ = true;
  } else if (fresh) {
    set_owner(std::move(fresh));
  }
}

bool Loader::add_record(NameView owner, Span owner_span, std::uint8_t flags, const Head& h,
                        Span entry_span, const std::vector<std::string_view>* field_texts) {
  if (zone_.records.size() >= opt_.limits.max_records_per_zone) {
    if (chunk_) {
      // Only the zone knows how many records come before the stretch.
      chunk_failed_ = stop_ = true;
      return false;
    }
    error(entry_span, "the zone has more than " + std::to_string(opt_.limits.max_records_per_zone) +
                          " records (--max-records); the rest is not read");
    stop_ = true;
    return false;
  }
  SettledTtl settled = ttl_.settle(h.ttl, h.ttl_span, h.type);
  if (!encode(owner, h)) return false;
  switch (settled.source) {
    case TtlSource::explicit_ttl:
      flags |= kTtlExplicit;
      break;
    case TtlSource::own_soa_minimum:
      settled.ttl = soa_minimum_of(wire_);
      ttl_.soa_minimum(settled.ttl, h.type_span);
      flags |= kTtlFromSoaMin;
      break;
    case TtlSource::none: {
      Diagnostic d;
      d.rule = kParseError;
      d.severity = Severity::error;
      d.message =
          "no TTL for this record: there is no $TTL, no explicit TTL and no SOA before "
          "it; BIND rejects the zone (add $TTL at the top, RFC 2308 §4)";
      d.span = h.type_span;
      d.owner = owner.canonical_text();
      d.type = type_name(h.type);
      diags_.add(std::move(d));
      flags |= kTtlFromSoaMin;
      no_ttl_records_.push_back(static_cast<std::uint32_t>(zone_.records.size()));
      break;
    }
    case TtlSource::soa_minimum:
      flags |= kTtlFromSoaMin;
      break;
    default:
      break;
  }
  ttl_.stored(settled, h.type_span, owner, h.type);
  // The owner's text straight from the file's text: not SourceSet::text, whose SourceFile::slice
  // counts reads of a mapped text and every 512 of them drops all its pages (for the rules'
  // reads after the parse): once per 512 records of the parse, which then faulted them all back
  // in. Nor the set's vector of files, which the joining thread may grow meanwhile (source()).
  std::string_view owner_text;
  if (owner_span.valid()) {
    const std::string_view text = source(owner_span.file).text();
    owner_text = text.substr(std::min<std::size_t>(owner_span.begin, text.size()),
                             owner_span.end - owner_span.begin);
  }
  flags |= written_flags(owner_text, rtoks_, *origin_, zone_.origin);

  Record r;
  r.ttl = settled.ttl;
  r.type = h.type;
  r.flags = flags;
  r.ttl_source = settled.source;
  zone_.set_entry(r, entry_span, owner, owner_span, h.type_span);
  zone_.records.push_back(r);
  Record& rec = zone_.records.back();
  if (opt_.on_fields) {
    field_spans_.clear();
    for (const RdataToken& t : rtoks_) field_spans_.push_back(t.span);
    opt_.on_fields(zone_.records.size() - 1, field_spans_);
  }
  // The fields of an entry are its tokens after the type: Zone::fields_of lexes them again when
  // asked, nothing is kept (model/zone.hpp, NearField). A $GENERATEd record's are texts of their
  // own, kept.
  if (!field_texts && !opt_.store_fields) {
    zone_.set_rdata(rec, wire_, Zone::FieldForm::lexed);
    return true;
  }
  zone_.set_rdata(rec, wire_);
  for (std::size_t k = 0; k < rtoks_.size(); ++k)
    zone_.add_field(rec, rtoks_[k].span, field_texts ? &(*field_texts)[k] : nullptr);
  return true;
}

bool Loader::encode(NameView owner, const Head& h) {
  const std::size_t diag_before = diags_.size();
  RdataContext ctx;
  ctx.origin = &*origin_;
  ctx.diags = &diags_;
  ctx.missing_span = h.type_span;
  wire_.clear();
  const bool ok = encode_rdata(h.type, rtoks_, ctx, wire_);
  if (diags_.size() > diag_before) {
    const std::string owner_text = owner.canonical_text();
    const std::string type_text = type_name(h.type);
    for (std::size_t k = diag_before; k < diags_.size(); ++k) {
      auto& d = diags_.items()[k];
      if (d.owner.empty()) d.owner = owner_text;
      if (d.type.empty()) d.type = type_text;
    }
  }
  if (!ok) return false;
  if (wire_.size() <= kMaxRdata) return true;
  Span at = h.type_span;
  if (!rtoks_.empty() && rtoks_.front().span.file == rtoks_.back().span.file)
    at = Span{rtoks_.front().span.file, rtoks_.front().span.begin, rtoks_.back().span.end};
  Diagnostic d;
  d.rule = kParseError;
  d.message = "rdata is " + std::to_string(wire_.size()) +
              " bytes long, over the maximum of 65512: the record must fit in a DNS message "
              "of 65535 bytes with its header and a root owner (BIND's limit)";
  d.span = at;
  d.owner = owner.canonical_text();
  d.type = type_name(h.type);
  diags_.add(std::move(d));
  return false;
}

// --- end -----------------------------------------------------------------------------------

void Loader::finish() {
  ttl_.finish();
  // Records that had no TTL source at all take the SOA minimum when the zone has an SOA.
  if (!no_ttl_records_.empty()) {
    std::optional<std::uint32_t> minimum;
    for (const auto& r : zone_.records) {
      if (r.type == rrtype::SOA && zone_.owner(r) == zone_.origin) {
        if (auto soa = as_soa(zone_, r)) minimum = std::min(soa->minimum, kMaxTtl);
        break;
      }
    }
    if (minimum)
      for (auto idx : no_ttl_records_) zone_.records[idx].ttl = *minimum;
  }
  // Diagnostics in included files carry the include chain.
  for (std::size_t k = diag_begin_; k < diags_.size(); ++k) {
    auto& d = diags_.items()[k];
    if (!d.span.valid()) continue;
    for (const Span& site : sources_.include_chain(d.span.file))
      d.notes.push_back(Note{site, "included from here"});
  }
  // run() reserved for the most the text could hold (a record a line, rdata and fields half as
  // long again as the text): address space only for a large zone, but a small zone's
  // blocks lie amid the heap's other data, and all of it is memory the kernel zeroes. Over a
  // directory of 10,000 small zones the slack was ~10 MB of an ~80 MB peak. Copied to fit,
  // they leave the slack free for the next zone's reserve; a large block is not copied.
  constexpr std::size_t kShrinkBelow = std::size_t{64} << 10;  // bytes reserved
  const auto shrink = [](auto& v) {
    if (v.capacity() * sizeof(v[0]) < kShrinkBelow) v.shrink_to_fit();
  };
  shrink(zone_.records);
  shrink(zone_.rdata_arena);
  if (zone_.owner_names.capacity() < kShrinkBelow) zone_.owner_names.shrink_to_fit();
  zone_.build_index(opt_.threads);
}

}  // namespace zl::zone_detail
