// The zone-file loader: drives the PEGTL grammar (grammar/zone_grammar.hpp) entry by entry,
// resolves $ORIGIN/$TTL/$INCLUDE/$GENERATE, owner inheritance and TTL defaulting as BIND 9
// does, hands rdata tokens to encode_rdata, and recovers after each bad entry. Internal to the
// parse unit (load_zone_text in zone_parser.hpp is the API); its members are defined by seam:
//   zone_loader.cpp    files, entries, $ORIGIN/$TTL, records and their TTLs, the end of a zone
//   zone_include.cpp   $INCLUDE: resolving, confinement (core/include_root), reading, nesting
//   zone_generate.cpp  $GENERATE
//   zone_parallel.cpp  a large top-level file parsed in stretches on several threads
// with the lexer in zone_lexer.hpp and TTL tracking in zone_ttl.hpp.
//
// Speed: the whole file is one buffer; tokens are byte offsets into it, kept in a vector that
// is reused from entry to entry, so lexing allocates nothing per token. A record costs one
// allocation for its owner name plus its share of the zone's arenas.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "parse/rdata.hpp"
#include "parse/zone_generate.hpp"
#include "parse/zone_lexer.hpp"
#include "parse/zone_parser.hpp"
#include "parse/zone_ttl.hpp"

namespace zl::zone_detail {

// One entry (a logical line) of a file, as its tokens.
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

// [class] [TTL] [class] type of a record entry.
struct Head {
  std::optional<std::uint32_t> ttl;
  Span ttl_span;
  std::optional<std::uint16_t> cls;
  Span cls_span;  // the class token, when cls is set
  std::uint16_t type = 0;
  Span type_span;
};

// A file that an $INCLUDE resolved to and read.
struct IncludedFile {
  std::string path;       // as it was found (relative to the including file or the root)
  std::string canonical;  // for cycle detection
  SourceText content;
};

// A $GENERATE directive, checked and compiled.
struct Generate {
  GenerateRange range;
  Head head;
  Span lhs_span, rhs_span;  // the owner and rdata templates
  std::vector<GenPiece> lhs, rhs;
};

struct GenerateScratch;  // buffers reused across the iterations of a $GENERATE

// What a zone's rdata arena (its records' rdata, and the fields of $GENERATEd records,
// model/zone.hpp) is reserved for, from the bytes of text it is read from: half as long again as
// the text, more than a zone file needs (a record with a 4-byte address takes 6 bytes of arena,
// its line about 20 of text; a 300-byte TXT line about as many); past it, the arena grows.
inline std::size_t rdata_reserve(std::size_t text_bytes) {
  return text_bytes + text_bytes / 2;
}

// A physical line over the length limit: [begin, end), and its length without the line end.
struct LongLine {
  std::uint32_t begin, end, length;
};

class Loader {
 public:
  Loader(ZoneSet& set, const ParseOptions& opt, Zone& zone);
  // A loader into a zone and diagnostics of its own (one stretch of the parallel parse).
  Loader(SourceSet& sources, Diagnostics& diags, const ParseOptions& opt, Zone& zone);

  // Loads the top-level file. False when nothing could be loaded (no origin).
  bool run(FileId top, const std::string& path);

 private:
  // --- diagnostics (zone_loader.cpp) -------------------------------------------------------
  void error(Span span, std::string_view message);
  void no_origin_error(Span span);
  // The origin for relative names; reports and stops when there is none.
  const Name* need_origin(Span at);
  void mark_first_record();

  // --- files and entries (zone_loader.cpp) -------------------------------------------------
  void parse_file(FileId file, bool top);
  // Reads the entries that start in [pos, stop) (the last one may go on past `stop`); `pos`
  // ends at the start of the first entry at or after `stop`, or where the loader stopped.
  void parse_entries(FileId file, const std::vector<LongLine>& too_long, std::uint32_t& pos,
                     std::uint32_t stop);
  // Lexes the entry at `pos`: true with the tokens in lex_, else reports the syntax error and
  // sets `pos` to where the next entry starts.
  bool lex_entry(FileId file, std::uint32_t& pos);
  void report_long_line(FileId file, std::uint32_t begin, std::uint32_t length);
  void process(const Entry& e);
  void directive(const Entry& e);
  bool expect_args(const Entry& e, std::size_t min, std::size_t max, const char* usage);
  void dir_origin(const Entry& e);
  void dir_ttl(const Entry& e);
  // BIND loads a TTL above 2^31-1 as 0 (RFC 2181 §8).
  std::uint32_t limit_ttl(std::uint32_t ttl, Span at, std::string_view text);

  // --- records (zone_loader.cpp) -----------------------------------------------------------
  // [class] [TTL] [class] type, as BIND reads them. `i` is the first token after the owner.
  bool head(const Entry& e, std::size_t& i, Head& h);
  bool head_type(const Entry& e, std::size_t& i, Head& h);
  // The owner that a blank owner field inherits: the last record's owner, in the zone's owner
  // store (no copy per record), or a name whose entry failed after its owner was read.
  std::optional<NameView> current_owner() const;
  void set_owner(std::optional<Name> n);
  void record_entry(const Entry& e);
  // TTL defaulting, encoding and storage of one record (its rdata tokens in rtoks_).
  // `field_texts` (for $GENERATE) gives each field's text when it is not the source text of its
  // span. `owner` is copied into the zone's owner store when the record is stored.
  bool add_record(NameView owner, Span owner_span, std::uint8_t flags, const Head& h,
                  Span entry_span, const std::vector<std::string_view>* field_texts);
  // Encodes rtoks_ into wire_; false when the rdata is bad (reported).
  bool encode(NameView owner, const Head& h);
  void finish();

  // --- $INCLUDE (zone_include.cpp) ---------------------------------------------------------
  void dir_include(const Entry& e);
  // Resolves and reads the file named `raw`; nullopt when it is refused or unreadable
  // (reported at `at`).
  std::optional<IncludedFile> open_include(const Entry& e, const std::string& raw, Span at);
  // Loads the included file with the given origin; owner and origin come back afterwards.
  void load_included(const Entry& e, IncludedFile file, std::optional<Name> origin);

  // --- $GENERATE (zone_generate.cpp) -------------------------------------------------------
  void dir_generate(const Entry& e);
  bool prepare_generate(const Entry& e, Generate& g);
  bool check_generate_count(const Entry& e, const Generate& g, std::string_view range);
  // Adds the record of iteration `it`; false when the directive stops.
  bool generate_one(const Entry& e, const Generate& g, std::uint64_t it, GenerateScratch& tmp);

  // --- the parallel parse (zone_parallel.cpp) ----------------------------------------------
  struct Scratch;
  struct Chunk;
  struct StartState;
  // Whether the top file is parsed in stretches: large enough, and more than one thread.
  bool parallel_wanted(std::string_view text) const;
  // Parses the top file from `pos` to its end in stretches (see zone_parallel.cpp).
  // Also scans the whole file into `*index` (its stretches on the threads that parse them)
  // when `index` is not null (parse_file says when).
  void parse_parallel(FileId file, const std::vector<LongLine>& too_long, std::uint32_t pos,
                      LineIndex* index);
  // Starts a stretch's loader (`this`) from `from`, the zone's state after the prefix; with
  // `exact` (the first stretch, which starts there) from its current owner too.
  void start_chunk(const StartState& from, bool exact);
  // Whether the stretch `c` read nothing that differs from what this loader, standing at the
  // stretch's start, would have given it (Chunk::from is the state it was parsed from).
  bool chunk_fits(const Chunk& c) const;
  // Whether the state that the parsed stretch `c` read of its start state is that of `at`.
  static bool state_fits(const Chunk& c, const StartState& at);
  // This loader's state now, as a stretch after it would start from (not the owner).
  std::shared_ptr<const StartState> state() const;
  // Takes the records, diagnostics and end state of a stretch that fits.
  void adopt(Chunk& c);

  // The source file `id`, without indexing the SourceSet for the top file. In a parallel parse
  // the joining thread may add an $INCLUDEd file to the set (its vector of files reallocates)
  // while the stretches' loaders read the top file on other threads; the SourceFile itself
  // never moves, so they read it through this pointer and never touch the set's vector.
  const SourceFile& source(FileId id) const {
    return id == top_id_ && top_file_ != nullptr ? *top_file_ : sources_.file(id);
  }

  SourceSet& sources_;
  const SourceFile* top_file_ = nullptr;  // set by run() and, for a stretch, by parse_parallel
  FileId top_id_ = kNoFile;
  Diagnostics& diags_;
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
  TtlTracker ttl_;
  std::uint64_t generated_ = 0;
  bool stop_ = false;
  bool fatal_ = false;
  std::size_t diag_begin_ = 0;
  // Canonical paths of the files being read, outermost first, for cycle detection; the first
  // (the top file) stays empty until top_canonical() is asked.
  std::vector<std::string> open_files_;
  std::string top_path_;  // the top file's path as given
  const std::string& top_canonical();
  std::vector<std::uint32_t> no_ttl_records_;

  LexState lex_;
  std::vector<RdataToken> rtoks_;
  std::string wire_;
  // What the three buffers above are reserved for (the constructor).
  static constexpr std::size_t kEntryTokens = 32;
  static constexpr std::size_t kEntryWire = 512;
  std::vector<Span> field_spans_;  // rtoks_'s spans, for ParseOptions::on_fields only

  // A stretch's loader (start_chunk): what it read of the state it started from. It stops
  // (chunk_failed_) where it would need what it cannot assume: the owner before the stretch,
  // $INCLUDE, $GENERATE, or the record limit.
  bool chunk_ = false;
  bool chunk_failed_ = false;
  bool origin_read_ = false;  // read the origin before any $ORIGIN of its own
  bool origin_set_ = false;   // an $ORIGIN of its own
  bool owner_set_ = false;    // the owner state is its own (else the zone's before it stays)
};

}  // namespace zl::zone_detail
