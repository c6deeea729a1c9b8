// Helpers shared by the mail-authentication rules (DMARC, DKIM, MTA-STS, TLS-RPT and the
// cross-record rules): which TXT records they look at, the records parsed as tag lists with a
// way back to the file, report URIs, and the well-known labels and their misspellings.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lint/rule_support.hpp"
#include "model/txt.hpp"
#include "rules/mail/mail_records.hpp"
#include "rules/mail/tag_list.hpp"

namespace zl::mail {

// Does the joined text of TXT record `r` start with `prefix` (ASCII case-insensitive)? Reads
// the wire form: no allocation, so a rule can sift every TXT record of a large zone.
bool txt_starts_with(const Zone& z, const Record& r, std::string_view prefix);
// Is one of the labels of `n` after the first equal to `label` (ASCII case-insensitive)? Reads
// the wire form: no allocation.
bool has_label_below_first(NameView n, std::string_view label);
// Does the first label of `n` equal `label` (ASCII case-insensitive)?
bool first_label_is(NameView n, std::string_view label);

// Are the first two labels of `n` `_smtp` and `_tls` (ASCII case-insensitive)? Reads the wire
// form: no allocation.
bool at_smtp_tls(NameView n);

// Calls f(zone, record) for every TXT record of the linted zones that has one of the TxtMark
// bits `marks` (mail_records: the record itself is not read unless it has), is in its zone, and
// whose value is known (not a Terraform value unknown until apply). In file order, zones in run
// order. SPF-type records (99) are not TXT and are not visited.
template <class F>
void for_each_txt(const RuleContext& ctx, std::uint8_t marks, F&& f) {
  for (const RecordRef& ref : mail_records(ctx)) {
    if (ref.type != rrtype::TXT || (ref.marks & marks) == 0) continue;
    const Record& r = ref.record();
    if (!r.has(kValueUnknown) && in_zone(*ref.zone, r)) f(*ref.zone, r);
  }
}

// The owners of MX records in the linted zones, grouped without decoding each exchange (the
// cross-record rules run over every MX owner of a large zone). Owners in canonical order.
struct MxOwner {
  const Zone* zone = nullptr;
  const Record* first = nullptr;  // the first MX record of the owner, in file order
  // The owner's number in its zone (Zone::owner_run): its records of a type without another
  // lookup of the name.
  std::uint32_t owner_index = 0;
  bool has_null = false;  // an MX whose exchange is the root (RFC 7505)
  bool has_real = false;  // an MX with another exchange
  bool complete = true;   // false when a value is unknown until apply or malformed
};
// Computed once per run (RuleContext::memo).
const std::vector<MxOwner>& mx_owners(const RuleContext& ctx);

// A TXT record parsed as a tag list. The text is the record's character-strings joined with no
// separator (as JoinedTxt::text() gives it), kept by the tag list (TagList::text, a
// ViewOrCopy): for a record of one string (most), a view of that string in the zone's rdata,
// which lives as long as the zone; for several, a joined copy. The map back to the file (a
// JoinedTxt, several bytes per byte of text) is not kept: parsed records are shared by the rules
// for the whole run (and by threads), so they keep nothing per finding, and a finding's span is
// found when it is made (span_at).
struct ParsedTxt {
  const Zone* zone = nullptr;
  const Record* rec = nullptr;
  const SourceSet* sources = nullptr;
  TagList tags;

  std::string_view text() const { return tags.text.str(); }
  // The record's strings with their source positions (nullopt when the rdata is malformed).
  std::optional<JoinedTxt> joined() const;
  // Is byte offset `at` a join between two character-strings?
  bool is_join(std::uint32_t at) const {
    const auto j = joined();
    return j && j->is_join(at);
  }
};
std::optional<ParsedTxt> parse_txt(const RuleContext& ctx, const Zone& z, const Record& r,
                                   TagSyntax syntax);
// The joined text of TXT record `r` as parse_txt takes it: a view of the rdata for a record of
// one string, else a joined copy (nullopt when the rdata is malformed).
std::optional<ViewOrCopy> joined_text(const Zone& z, const Record& r);

// A parsed TXT record read in place: a ParsedTxt, or a record of the DMARC memo (dmarc_txt),
// whose tags are in arrays shared by all its records. The functions that read parsed records
// take this; what it views must outlive it.
struct ParsedTxtView {
  const Zone* zone = nullptr;
  const Record* rec = nullptr;
  const SourceSet* sources = nullptr;
  TagListView tags;

  ParsedTxtView() = default;
  ParsedTxtView(const Zone* z, const Record* r, const SourceSet* s, TagListView t)
      : zone(z), rec(r), sources(s), tags(t) {}
  // Implicit: the readers of a view take a ParsedTxt too.
  ParsedTxtView(const ParsedTxt& p)  // NOLINT(google-explicit-constructor)
      : zone(p.zone), rec(p.rec), sources(p.sources), tags(p.tags) {}

  std::string_view text() const { return tags.text; }
  // As ParsedTxt's.
  std::optional<JoinedTxt> joined() const;
  bool is_join(std::uint32_t at) const {
    const auto j = joined();
    return j && j->is_join(at);
  }
};

// A finding about bytes [b, e) of the record's joined text: the span of those bytes in the
// file, or the record's rdata when the front end kept no positions.
Diagnostic finding_at(const Rule& rule, const ParsedTxtView& p, std::uint32_t b, std::uint32_t e,
                      Message message);
// The same for record `r` of `z`, not kept parsed (its joined text is the one of parse_txt).
Diagnostic finding_at(const Rule& rule, const RuleContext& ctx, const Zone& z, const Record& r,
                      std::uint32_t b, std::uint32_t e, Message message);
// The span of bytes [b, e) (same fallback).
Span span_at(const ParsedTxtView& p, std::uint32_t b, std::uint32_t e);

// Text for messages: at most `max` bytes, non-printable bytes escaped.
std::string shown(std::string_view s, std::size_t max = 60);

// --- DMARC ------------------------------------------------------------------------------
// Is the first tag `v=DMARC1` (name in any case; the value exactly, as RFC 7489 §6.4 spells
// it)?
bool is_dmarc_record(const TagListView& t);
// A TXT at a `_dmarc` name that is meant as DMARC: it is a DMARC record, its first tag is `v`
// (any value other than `spf1`), or it mentions "DMARC1". Other TXT records there (an
// unrelated token) are ignored by receivers (RFC 7489 §6.6.3) and by the rules.
bool meant_as_dmarc(const ParsedTxtView& p);

// TXT records parsed as tag lists, kept together: the DMARC memo holds every DMARC record of
// the run while the DMARC rules run (63,000 on the 1M-record bench zone, the peak of its rules
// phase). As ParsedTxts (96 bytes each, and a heap block for its tags) they took 10.6 MiB
// there; here a record is 40 bytes, and the tags of all the records are in one array (8 bytes a
// tag), as are the (rare) syntax errors: 4.3 MiB. Reads as a list of ParsedTxtView, in the
// order the records were added.
class ParsedTxtList {
 public:
  // Adds record `r` of `z`, its joined text (joined_text) parsed as `tags` (which view it).
  void add(const Zone& z, const Record& r, ViewOrCopy text, const TagList& tags);
  // Room for `records` records and `tags` tags, so that the arrays are allocated once.
  void reserve(std::size_t records, std::size_t tags);
  // Gives back the room that reserve took and no record used.
  void shrink_to_fit();
  void set_sources(const SourceSet* sources) { sources_ = sources; }

  std::size_t size() const { return records_.size(); }
  bool empty() const { return records_.empty(); }
  ParsedTxtView operator[](std::size_t i) const;

  // A pass over the list reads each record's Record, text and owner name, which lie scattered
  // over the zones' arrays (in file order): a miss on memory each, which the DMARC rules waited
  // for one after the other (a fifth of dmarc-report-unauthorized's time on the 1M-record bench
  // zone). Such a pass asks for the Record and text of record i + 2 * kPrefetchAhead with
  // prefetch_record and for the owner name of record i + kPrefetchAhead (its Record fetched by
  // then) with prefetch_owner, so that the waits overlap. Past the end, they do nothing.
  static constexpr std::size_t kPrefetchAhead = 8;
  void prefetch_record(std::size_t i) const {
    if (i >= records_.size()) return;
    __builtin_prefetch(records_[i].rec);
    __builtin_prefetch(records_[i].text.str().data());
  }
  void prefetch_owner(std::size_t i) const {
    if (i < records_.size())
      __builtin_prefetch(records_[i].zone->owner(*records_[i].rec).prefixed());
  }

  class Iterator {
   public:
    Iterator(const ParsedTxtList* list, std::size_t i) : list_(list), i_(i) {}
    ParsedTxtView operator*() const { return (*list_)[i_]; }
    Iterator& operator++() {
      ++i_;
      return *this;
    }
    friend bool operator==(const Iterator& a, const Iterator& b) { return a.i_ == b.i_; }

   private:
    const ParsedTxtList* list_;
    std::size_t i_;
  };
  Iterator begin() const { return {this, 0}; }
  Iterator end() const { return {this, size()}; }

 private:
  struct Entry {
    const Zone* zone = nullptr;
    const Record* rec = nullptr;
    ViewOrCopy text;
    // The record's tags are tags_[first_tag, the next record's first_tag), and its errors
    // errors_[first_error, the next record's first_error).
    std::uint32_t first_tag = 0, first_error = 0;
  };
  std::vector<Entry> records_;
  std::vector<Tag> tags_;
  std::vector<TagListError> errors_;
  const SourceSet* sources_ = nullptr;
  bool case_insensitive_ = false;
};

// Every TXT record at a name whose first label is `_dmarc`, parsed with the DMARC syntax.
// Parsed once per run (RuleContext::memo) and shared by the DMARC rules.
const ParsedTxtList& dmarc_txt(const RuleContext& ctx);
// The tags DMARC defines: RFC 7489 §6.3 and its successor (np, psd, t).
bool is_dmarc_tag(std::string_view name);

// One entry of a comma-separated URI list (rua, ruf), with its bytes in the parsed text.
struct UriEntry {
  std::string_view text;
  std::uint32_t b = 0, e = 0;
};
std::vector<UriEntry> split_uri_list(std::string_view value, std::uint32_t value_b);
// Why `uri` is not a well-formed DMARC report URI `mailto:addr[!size]` ("" when it is); the
// host part of the address goes to `host` when well formed.
std::string dmarc_mailto_problem(std::string_view uri, std::string* host = nullptr);
// Why `uri` is not a well-formed TLS-RPT `mailto:` or `https:` URI ("" when it is).
std::string tlsrpt_uri_problem(std::string_view uri);

// --- names ------------------------------------------------------------------------------
// Optimal string alignment distance (insertions, deletions, substitutions, adjacent
// transpositions), ASCII case-insensitive.
std::size_t edit_distance(std::string_view a, std::string_view b);

// What TXT record `r` says it is, from its first tag (MailKind, mail_records.hpp; a RecordRef of
// mail_records() has it at hand).
MailKind mail_kind(const Zone& z, const Record& r);

// A misspelt mail label in `owner`: which label (0 = leftmost) and the intended spelling
// ("_dmarc", "_domainkey", "_mta-sts", "_smtp._tls"). `kind` is what the record holds: a label
// without the underscore (`dmarc`) only counts when the content matches.
struct LabelTypo {
  std::size_t label = 0;
  std::size_t count = 1;  // labels concerned (2 for `_tls._smtp`)
  std::string_view intended;
};
std::optional<LabelTypo> label_typo(NameView owner, MailKind kind);

// The span of label `i` (count labels) of the record's owner when it is written in the file,
// else the owner's span.
Span owner_label_span(const RuleContext& ctx, const Zone& z, const Record& r, std::size_t i,
                      std::size_t count);

}  // namespace zl::mail
