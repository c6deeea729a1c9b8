// The SPF family helper (RFC 7208): finding SPF records in the loaded zones, parsing them into
// terms with byte ranges in the joined text, and walking the include/redirect tree.
//
// Used by the spf-* rules and by the mail rules that look at SPF (mail-null-mx-spf,
// mail-provider-spf-missing, mail-auth-missing). Every position is a byte range in the joined
// text (JoinedTxt::text()); JoinedTxt::span_of turns it into a span in the file, so a finding
// points at the term in zone files, YAML and JSON alike.
//
// The tree walk sees names outside the loaded zones through an ExternalResolver. The offline
// one (the default) answers "unknown" for everything; a live mode can plug in a resolver that
// asks the DNS, and the counts become exact.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/view_or_copy.hpp"
#include "lint/rule_support.hpp"
#include "model/txt.hpp"

namespace zl::spf {

// ---- Record selection (§4.5) ------------------------------------------------------------------

// Does `text` (the joined strings) select as an SPF record: "v=spf1" in any case, then a space
// or the end?
bool is_spf_text(std::string_view text);
// The same test on a TXT record's wire rdata, without joining the whole record (the fast path
// used to scan every TXT of a zone).
bool wire_is_spf(std::string_view txt_rdata);

// ---- Terms (§4.6.1, §5, §6, §7) ----------------------------------------------------------------

enum class Kind : std::uint8_t {
  all,
  include,
  a,
  mx,
  ptr,
  ip4,
  ip6,
  exists,
  redirect,          // modifier
  exp,               // modifier
  unknown_modifier,  // name=value with a name RFC 7208 does not define (legal, §6)
  invalid,           // neither a mechanism nor a modifier
};
std::string_view kind_name(Kind k);  // "include", "redirect", ...

// The SPF sets keep every term of every SPF record of the linted zones while the SPF rules run
// (214,000 on the 1M-record bench zone), so a term is 16 bytes: its byte offsets are 16 bits, as
// an SPF record's text is at most 65,535 bytes (the text of a TXT record's rdata, whose length
// is 16 bits; parse() reads no further). They were 32 bits, a term 48 bytes: 4 MiB more there.
// The flags are bits of one byte and the IPv4 prefix length 8 bits (28 bytes: 0.8 MiB more).
// What can be derived is not kept: where the name starts (after the qualifier) and where a
// prefix length starts (at the end of the argument); nor the bytes of a syntax error (few terms
// have one), which are in the record's SyntaxError with its message (ParsedSpf::errors), or in
// parse_term's `error` (24 bytes a term with those three: 1.6 MiB more there).
struct Term {
  Kind kind = Kind::invalid;
  char qualifier = 0;  // '+', '-', '~', '?' as written; 0 when absent (it then means '+')
  // The argument contains a macro-expand (`%{...}`, `%%`, `%_`, `%-`).
  bool has_macro : 1 = false;
  // The error breaks a MUST of RFC 7208 that receivers do not agree to enforce (a zero digit
  // transformer `%{d0}`): reported, but not a permerror.
  bool soft : 1 = false;
  // The term has a syntax error: its message and the bytes at fault are in ParsedSpf::errors
  // (or parse_term's `error`).
  bool invalid : 1 = false;
  // The prefix length of ip4 and of a/mx for IPv4 (at most 32; see cidr6 below).
  std::int8_t cidr4 = -1;
  // Byte ranges in the joined text: the whole term, its name (from name_begin(), after the
  // qualifier), and its argument (the domain-spec, network or modifier value, after ':' or '=';
  // empty when absent).
  std::uint16_t begin = 0, end = 0;
  std::uint16_t name_end = 0;
  std::uint16_t arg_begin = 0, arg_end = 0;
  // Prefix lengths (a, mx: dual-cidr-length; ip4, ip6: cidr-length, at most 128; cidr4 above);
  // -1 when absent. In a valid term, the suffix `/n` or `//n` is [arg_end, end) (arg_end is
  // name_end without argument).
  std::int16_t cidr6 = -1;

  std::uint16_t name_begin() const { return begin + (qualifier != 0 ? 1 : 0); }
  bool valid() const { return !invalid; }
  bool is_mechanism() const { return kind <= Kind::exists; }
  bool is_modifier() const { return kind >= Kind::redirect && kind <= Kind::unknown_modifier; }
  // Does evaluating the term cost one of the 10 DNS-querying terms (§4.6.4)? include, a, mx,
  // ptr, exists, redirect; not exp.
  bool counts_lookup() const;
  // The result when the mechanism matches: the qualifier, '+' when absent.
  char result() const { return qualifier ? qualifier : '+'; }
  bool has_arg() const { return arg_end > arg_begin; }
};
// Kept per term of every SPF record of the run (see above): keep it at 16 bytes.
static_assert(sizeof(Term) <= 16);
// The longest text parse() reads: Term's offsets are 16 bits.
inline constexpr std::size_t kMaxSpfText = 0xFFFF;

// A syntax problem of the record (each invalid term, a duplicate modifier), or a term glued to
// the next at a join between two character-strings.
struct SyntaxError {
  std::uint32_t begin = 0, end = 0;  // the bytes at fault in the joined text
  std::string message;
  std::size_t term = 0;  // index in ParsedSpf::terms
  // When the problem is a missing space where two character-strings were joined (§3.3): the
  // index k of the string that starts at the join (JoinedTxt::join_span(k)), else 0. (parse()
  // gives 1 + the index in `join_starts`; records_at() maps it to the string index.)
  std::size_t join = 0;
  // True when the text is a permerror by syntax; false for a term that parses but reads as two
  // terms glued at a join (`include:a.example` `include:b.example`).
  bool permerror = true;
  // The other location of the problem (the first `redirect=` of a duplicate), when any.
  std::optional<std::size_t> related_term;
};

// A list that is empty in nearly every walk or record: one pointer (8 bytes) while empty, where a
// std::vector takes 24. The run keeps one Walk for every SPF record of the linted zones (63,000
// on the 1M-record bench zone), and three such lists were 72 of a Walk's 128 bytes. Only what
// the walk and the rules use of a vector: push_back, size, empty, [], iteration.
template <class T>
class RareList {
 public:
  RareList() = default;
  RareList(const RareList& o)
      : items_(o.items_ ? std::make_unique<std::vector<T>>(*o.items_) : nullptr) {}
  RareList& operator=(const RareList& o) {
    if (this != &o) items_ = o.items_ ? std::make_unique<std::vector<T>>(*o.items_) : nullptr;
    return *this;
  }
  RareList(RareList&&) noexcept = default;
  RareList& operator=(RareList&&) noexcept = default;
  ~RareList() = default;

  // Takes `items` (nothing allocated when it is empty).
  explicit RareList(std::vector<T> items)
      : items_(items.empty() ? nullptr : std::make_unique<std::vector<T>>(std::move(items))) {}

  void push_back(T item) {
    if (!items_) items_ = std::make_unique<std::vector<T>>();
    items_->push_back(std::move(item));
  }
  std::size_t size() const { return items_ ? items_->size() : 0; }
  bool empty() const { return size() == 0; }
  const T& operator[](std::size_t i) const { return (*items_)[i]; }
  const T& front() const { return (*items_)[0]; }
  const T* begin() const { return items_ ? items_->data() : nullptr; }
  const T* end() const { return items_ ? items_->data() + items_->size() : nullptr; }
  T* begin() { return items_ ? items_->data() : nullptr; }
  T* end() { return items_ ? items_->data() + items_->size() : nullptr; }

 private:
  std::unique_ptr<std::vector<T>> items_;
};

// The terms of a record: an array of its own, of exactly their count (parse), or a view of an
// array that holds the terms of many records (spf_sets: one array for the terms of every SPF
// record of the run, 214,000 on the 1M-record bench zone, where an array each cost 1 MiB more in
// heap blocks' headers and a std::vector 8 bytes more a record). A copy owns its terms (it may
// outlive the shared array); a move keeps them as they were (a view stays a view). 16 bytes.
class TermList {
 public:
  TermList() = default;
  // A copy of `terms`, of its own.
  static TermList copy(std::span<const Term> terms);
  // A view of `terms`, which must outlive the list (and not move).
  static TermList view(std::span<const Term> terms);

  TermList(const TermList& o) : TermList(copy(o.span())) {}
  TermList(TermList&& o) noexcept
      : data_(std::exchange(o.data_, nullptr)),
        size_(std::exchange(o.size_, 0)),
        owned_(std::exchange(o.owned_, false)) {}
  TermList& operator=(TermList o) noexcept {
    std::swap(data_, o.data_);
    std::swap(size_, o.size_);
    std::swap(owned_, o.owned_);
    return *this;
  }
  ~TermList() {
    if (owned_) delete[] data_;
  }

  std::size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  const Term& operator[](std::size_t i) const { return data_[i]; }
  const Term* begin() const { return data_; }
  const Term* end() const { return data_ + size_; }
  std::span<const Term> span() const { return {data_, size_}; }

 private:
  const Term* data_ = nullptr;
  std::uint32_t size_ = 0;
  bool owned_ = false;  // data_ is an array of its own
};

// Kept for every SPF record of the run (spf_sets): 32 bytes besides the terms. The syntax errors
// are a RareList (most records have none), the indices 16 bits (a text of at most kMaxSpfText
// bytes has fewer terms): 64 bytes before, 1.5 MB on the 1M-record bench zone.
struct ParsedSpf {
  TermList terms;  // in record order, without the version
  RareList<SyntaxError> errors;
  // Index of the first `all` mechanism, of the `redirect` and `exp` modifiers (the first of
  // each); -1 when absent.
  std::int16_t first_all = -1;
  std::int16_t redirect = -1;
  std::int16_t exp = -1;
  // A record with a syntax error is a permerror as a whole (§4.6). Inline: the walks and
  // several rules ask it of every SPF record of the run.
  bool permerror() const { return any_permerror; }
  bool any_permerror = false;  // what permerror() says, set by parse()
};
static_assert(sizeof(ParsedSpf) <= 32);

// Parses the joined text of a record that is_spf_text accepts. `join_starts` are the offsets
// where character-strings 1..n-1 start (for the join diagnosis); pass {} when unknown. Reads
// the first kMaxSpfText bytes: no longer text comes from DNS data.
ParsedSpf parse(std::string_view text, const std::vector<std::uint32_t>& join_starts = {});
// Valid terms parsed before, found again by their text: the SPF records of a large zone share
// most of their terms (`include:_spf.provider.example`, `-all`, `mx` in tens of thousands of
// records on the 1M-record bench zone), and a term is parsed and checked in full each time
// otherwise. At most kMaxTerms of them, and no ip4 or ip6 term (nearly each record has
// addresses of its own): its memory stays small whatever the zone.
class TermCache {
 public:
  static constexpr std::size_t kMaxTerms = 256;
  // The term `text` (as split from a record) parsed, at offset `at` of its record, if known.
  std::optional<Term> find(std::string_view text, std::uint32_t at) const;
  // Keeps `t`, parsed from `text` at offset `at` of its record, if it is worth keeping.
  void add(std::string_view text, const Term& t, std::uint32_t at);

 private:
  // Looked up by a view of the record's text, without a string made.
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  // By text: the term, its offsets counted from its start.
  std::unordered_map<std::string, Term, Hash, std::equal_to<>> known_;
};

// The same, but the terms go to the end of `terms`, and the result's are left empty: for the
// records of an array of terms that they share (spf_sets), which views it once it is complete.
// With `cache`, the terms found there are not parsed again.
ParsedSpf parse_into(std::string_view text, const std::vector<std::uint32_t>& join_starts,
                     std::vector<Term>& terms, TermCache* cache = nullptr);
// The syntax error of a term, as parse_term gives it: its message (empty for a valid term) and
// the narrowest bytes at fault in the text.
struct TermError {
  std::string message;
  std::uint32_t begin = 0, end = 0;
};
// Parses one term [b, e) of `text` (no spaces inside; e <= kMaxSpfText). When the term is invalid,
// its syntax error goes to `error` (if given); the message is left empty for a valid term.
Term parse_term(std::string_view text, std::uint32_t b, std::uint32_t e,
                TermError* error = nullptr);

// Checks a macro-string (§7.1) [b, e) of `text`; returns "" when valid, else the message, with
// the offending bytes in err_b/err_e. `domain_spec` adds the domain-end rule (a final
// `.toplabel` or macro) and forbids the exp-only letters c, r, t (§7.2).
std::string check_macro_string(std::string_view text, std::uint32_t b, std::uint32_t e,
                               bool domain_spec, std::uint32_t& err_b, std::uint32_t& err_e);

// The domain a domain-spec names, when it can be known without the sender: no macros, or only
// `%{d}` (the domain being evaluated, with transformers) and `%%`/`%_`/`%-`. nullopt when it
// depends on the sender (`%{i}`, `%{s}`, ...), or is not a valid DNS name (see `malformed`).
std::optional<Name> static_domain(std::string_view domain_spec, const Name& current,
                                  bool* malformed = nullptr);
// The fixed part of a domain-spec after its last sender-dependent macro (`_spf.%{d}` in
// `%{i}._spf.%{d}`), expanded; nullopt when there is none or the spec is static.
std::optional<Name> fixed_suffix(std::string_view domain_spec, const Name& current);
// The target of a term: its static domain-spec, or `current` for a/mx/ptr without argument.
// nullopt for ip4/ip6/all/unknown modifiers and for sender-dependent targets.
std::optional<Name> term_target(std::string_view text, const Term& t, const Name& current,
                                bool* malformed = nullptr);

// ---- Records in the loaded zones
// -----------------------------------------------------------------

// The records are kept for the whole run (spf_sets) and shared by the rules, so they keep the
// joined text but not its map back to the file (a JoinedTxt, several bytes per byte of text):
// the span functions find the bytes of a finding when it is made. The joined text of a record
// of one character-string (most) is a view of that string in the zone's rdata, which lives as
// long as the zone; a record of several strings owns a joined copy (a ViewOrCopy: copies and
// moves of the record keep a valid text).
struct SpfRecord {
  const Zone* zone = nullptr;
  const Record* record = nullptr;
  const SourceSet* sources = nullptr;
  ParsedSpf parsed;
  std::string_view text() const { return text_.str(); }  // JoinedTxt::text()
  // Sets the text: a view of bytes that outlive the record (the zone's rdata)...
  void set_text_view(std::string_view text) { text_ = ViewOrCopy::view(text); }
  // ... or a copy of its own.
  void set_text_copy(std::string_view text) { text_ = ViewOrCopy::copy(text); }
  // The record's strings with their source positions.
  std::optional<JoinedTxt> joined() const {
    if (!zone || !record || !sources) return std::nullopt;
    return join_txt(*zone, *record, *sources);
  }
  // The span of bytes [b, e) of the joined text in the file (txt_span_of: no JoinedTxt for a
  // record of one plain string).
  Span span(std::uint32_t b, std::uint32_t e) const {
    if (!zone || !record || !sources) return Span{};
    return txt_span_of(*zone, *record, *sources, b, e);
  }
  Span term_span(const Term& t) const { return span(t.begin, t.end); }
  // JoinedTxt::join_span(k): the join before character-string k.
  Span join_span(std::size_t k) const {
    const auto j = joined();
    return j ? j->join_span(k) : Span{};
  }

 private:
  ViewOrCopy text_;
};

// The SPF records (TXT whose joined text selects, §4.5) at `owner` in zone `z`: in-zone records
// with known values, in file order. `type` may be rrtype::SPF to get type-99 records instead.
std::vector<SpfRecord> records_at(const Zone& z, NameView owner, const SourceSet& sources,
                                  std::uint16_t type = rrtype::TXT);

// The SPF records of the linted zones, grouped by (zone, owner); zones in run order, owners in
// the file order of their first record, records in file order.
struct SpfSet {
  NameView owner;  // in the zone's owner store
  // In file order; one at least. A view: the run's sets share one array of records, set after
  // set (one allocation, not one per owner: a large zone has tens of thousands of SPF owners,
  // most with one record), which lives as long as the sets (the memo of spf_sets).
  std::span<const SpfRecord> records;
  // The zone: that of its records. (Not a field: 65,000 sets on the 1M-record bench zone.)
  const Zone& zone() const { return *records.front().zone; }
};
// Computed once per run (RuleContext::memo) and shared by every rule that asks.
const std::vector<SpfSet>& spf_sets(const RuleContext& ctx, std::uint16_t type = rrtype::TXT);

// ---- DNS answers, from the loaded zones or from outside
// ------------------------------------------

// What a query returns. Offline, names outside the loaded zones (and below delegations, and in
// zones whose load reported errors) are `unknown`.
struct Answer {
  enum Status : std::uint8_t { unknown, nxdomain, nodata, records };
  Status status = unknown;
  // From the loaded zones: the answering records (after CNAMEs), as (zone, record index).
  std::vector<std::pair<const Zone*, std::uint32_t>> loaded;
  // From an external resolver: the rdata as text (TXT: each record's strings joined; MX: the
  // exchange names; A/AAAA: addresses).
  std::vector<std::string> external;
  bool is_void() const { return status == nxdomain || status == nodata; }
  std::size_t size() const { return loaded.size() + external.size(); }
};

// Answers queries for names outside the loaded zones. Implementations must be deterministic
// within a run.
class ExternalResolver {
 public:
  virtual ~ExternalResolver() = default;
  virtual Answer lookup(const Name& name, std::uint16_t type) const = 0;
};

// The offline resolver: everything outside the loaded zones is unknown.
class OfflineResolver final : public ExternalResolver {
 public:
  Answer lookup(const Name&, std::uint16_t) const override { return {}; }
};
const ExternalResolver& offline_resolver();

// Looks `name`/`type` up in the loaded zones (following CNAMEs within them, wildcards
// included), asking `ext` for names outside them. `from`, when given, is the zone of the record
// that asks: a copy of the zone that would answer (the run can hold two copies of one zone)
// answers in its place, as resolve(ctx, name, from) does; each CNAME is followed from its zone.
Answer query(const RuleContext& ctx, const ExternalResolver& ext, const Name& name,
             std::uint16_t type, const Zone* from = nullptr);

// The SPF record published at `name`, as an include or redirect target (or a mail rule) sees it:
// the TXT answer (through CNAMEs and wildcards within the loaded zones, or from `ext` outside
// them) filtered by §4.5 selection.
struct SpfAt {
  enum Status : std::uint8_t {
    unknown,   // outside the loaded zones (offline), delegated, or the zone had load errors
    none,      // the name has no SPF record (no TXT, NXDOMAIN, or only other TXT)
    one,       // exactly one SPF record
    multiple,  // more than one: a permerror (§4.5)
  };
  Status status = unknown;
  Answer answer;                      // the TXT answer
  std::vector<SpfRecord> loaded;      // SPF records from the loaded zones
  std::vector<std::string> external;  // SPF texts from the external resolver
  const Zone* zone = nullptr;         // the loaded zone authoritative for the name, if any
};
// `from`: the zone of the record that asks, as for query().
SpfAt spf_at(const RuleContext& ctx, const Name& name,
             const ExternalResolver& ext = offline_resolver(), const Zone* from = nullptr);

// The names that the SPF records of the linted zones include or redirect to (static targets
// only). A record at one of these names is evaluated as part of another; rules that judge a
// record as a domain's own policy (a missing `all`, the lookup limit) look at the top-level
// records only.
const std::vector<Name>& include_targets(const RuleContext& ctx);  // once per run
// Is `name` in a sorted include_targets() list?
bool is_include_target(const std::vector<Name>& targets, NameView name);
// For each set of spf_sets(ctx), by index: is its owner one of include_targets(ctx)? Once per
// run: spf-permissive-all (twice), spf-void-lookups and spf-lookup-limit asked it of every
// set, a binary search of Names each (250,000 on the 1M-record bench zone).
const std::vector<bool>& included_sets(const RuleContext& ctx);

// ---- The include/redirect tree (§4.6.4, §5.2, §6.1) ---------------------------------------------

// One record evaluated during the walk.
struct Node {
  Name domain;
  // From a loaded zone (with spans). Shared with the run's caches; the root is the record given
  // to walk(), which must outlive the Walk.
  std::shared_ptr<const SpfRecord> loaded;
  // A record from the external resolver (live mode; no spans): its text and terms. Held apart,
  // so that the nodes of the offline walks, kept for the run (one walk for every SPF record of
  // the linted zones), do not each carry an empty string and term list.
  struct External {
    std::string text;
    ParsedSpf parsed;
  };
  std::shared_ptr<const External> external;
  std::size_t parent = kNone;  // the node whose include/redirect led here
  std::size_t via_term = 0;    // that term's index in the parent
  std::size_t depth = 0;
  static constexpr std::size_t kNone = static_cast<std::size_t>(-1);
  const ParsedSpf& parsed() const;
  std::string_view text() const;
};

// One DNS-querying term evaluated during the walk (in evaluation order).
struct Lookup {
  std::size_t node = 0;
  std::size_t term = 0;
  // An include/redirect whose target record is not known (outside the loaded zones, or
  // depending on the sender): it costs this one lookup at least, its own terms are unknown.
  bool outside = false;
  // The term's query returned nothing (NXDOMAIN or no records) in the loaded zones, for IPv4
  // and for IPv6 senders (`a` asks A or AAAA by the sender's address family; the others ask the
  // same type for both).
  bool void4 = false, void6 = false;
  std::optional<Name> target;  // the queried name, when known
};

// An include or redirect whose target, inside a loaded zone, has no SPF record (or whose name
// is malformed); or, with `multiple`, more than one.
struct MissingTarget {
  std::size_t node = 0, term = 0;
  Name target;
  bool multiple = false;
  bool malformed = false;
  const Zone* zone = nullptr;  // the zone of the target (nullptr when malformed)
  // The target depends on the sender (`include:%{l}._spf.%{d}`), and `target` is its fixed
  // suffix, which does not exist in its loaded zone: no expansion can have a record.
  bool below = false;
};

// An include/redirect back to a domain already being evaluated on the path.
struct LoopStep {
  std::size_t node = 0, term = 0;
  std::size_t back_to = 0;  // the node on the path with the same domain
};

// An `mx` term whose target has more than 10 MX records (§4.6.4).
struct MxOver {
  std::size_t node = 0, term = 0;
  Name target;
  Answer answer;
};

struct Walk {
  std::vector<Node> nodes;  // nodes[0] is the root
  std::vector<Lookup> lookups;
  RareList<MissingTarget> missing;
  RareList<LoopStep> loops;
  RareList<MxOver> mx_over;
  bool truncated = false;  // stopped after kMaxWalkLookups lookups or kMaxDepth levels

  std::size_t known_lookups() const;    // lookups not `outside`
  std::size_t outside_lookups() const;  // lookups `outside`
  std::size_t void_lookups(bool ipv6) const;
  // The chain of include/redirect terms from the root to `node`, as "a.example. -> include:b
  // -> ...".
  std::vector<std::pair<std::size_t, std::size_t>> chain(std::size_t node) const;
};
// Kept for the SPF records of the run whose walk is not quiet (offline_walks): keep it at 80
// bytes.
static_assert(sizeof(Walk) <= 80);

inline constexpr std::size_t kMaxWalkLookups = 100;
inline constexpr std::size_t kMaxDepth = 20;

// Evaluates `root` (a record at `domain`) the way check_host() does for a sender that no
// mechanism matches: terms up to and including the first `all`, the includes depth-first, then
// `redirect` when the record has no `all`. An included record that passes every sender (all
// its mechanisms before a `+all` are pass-qualified) ends the evaluation of the including
// record, as it would for every sender. An `exists` of a fixed name ends the evaluation too
// when the name has an address (every sender matches) or is outside the loaded zones (it may
// match). Records with syntax errors are not walked into (their evaluation is a permerror
// already).
Walk walk(const RuleContext& ctx, const SpfRecord& root, const Name& domain,
          const ExternalResolver& ext = offline_resolver());

// The term of the root record (node 0) through which term `term` of `node` is evaluated: the
// term itself for the root, else the root's include or redirect that leads to it.
std::size_t root_term(const Walk& w, std::size_t node, std::size_t term);
// The narrowest span for a term of a node: the term itself in a loaded record, else the
// include/redirect that led into the record from outside the loaded zones.
Span nearest_span(const Walk& w, std::size_t node, std::size_t term);
// For messages: "'a:mail.example.com'" for the root's terms, "'a' in the SPF record of
// '_spf.example.com.'" for the others.
std::string describe_term(const Walk& w, std::size_t node, std::size_t term);

// RFC 7208 §4.6.4: an evaluation may make at most 10 DNS-querying lookups, and at most 2 of
// them may be void (spf-lookup-limit, spf-void-lookups).
inline constexpr std::size_t kLookupLimit = 10;
inline constexpr std::size_t kVoidLookupLimit = 2;

// Is walk `w` quiet: not truncated, fewer than kLookupLimit lookups (spf-lookup-limit also
// reports exactly 10 when one of them is outside the loaded zones), at most kVoidLookupLimit
// void ones for each address family, and no missing target, loop or `mx` term over its limit?
// Offline, the rules that read the offline walks report only walks beyond one of these limits,
// so a quiet walk gives no finding.
bool is_quiet(const Walk& w);

// The offline walk of every SPF record of spf_sets(ctx), computed once per run, with the run's
// live answers for names outside the loaded zones in live mode (--resolve). Offline, only the
// walks that are not quiet are kept: nearly every record's walk is quiet, and a walk is ~240
// bytes (its nodes, its lookups and their names): keeping all 63,000 of the 1M-record bench
// zone took 15 MiB at the peak of its rules phase. In live mode every walk is kept
// (spf-lookup-limit reports each include whose target could not be fetched).
struct OfflineWalks {
  std::vector<Walk> walks;           // the walks kept, in the order of the records
  std::vector<std::uint32_t> first;  // the records of set i are [first[i], first[i + 1])
  // By record, set after set as the sets list them: its walk's index in `walks`, or kQuiet.
  std::vector<std::uint32_t> kept;
  static constexpr std::uint32_t kQuiet = static_cast<std::uint32_t>(-1);
  // walk(ctx, spf_sets(ctx)[set].records[record], spf_sets(ctx)[set].owner), or nullptr when
  // that walk is quiet.
  const Walk* find(std::size_t set, std::size_t record) const {
    const std::uint32_t k = kept[first[set] + record];
    return k == kQuiet ? nullptr : &walks[k];
  }
};
const OfflineWalks& offline_walks(const RuleContext& ctx);

// ---- Small helpers for messages
// -------------------------------------------------------------------

// The term's text, for quoting in messages.
inline std::string_view term_text(std::string_view text, const Term& t) {
  return text.substr(t.begin, t.end - t.begin);
}
// The span of a term of a walk node (invalid span for external nodes).
Span node_term_span(const Node& n, std::size_t term);

}  // namespace zl::spf
