// BIND master-file loading: the plain C++ API of the parse unit. Only src/parse/*.cpp include
// PEGTL.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>

#include "model/zone.hpp"

namespace zl {

// Resource limits for untrusted input. Each is documented in the README; going over one is a
// parse-error diagnostic at the offending token, never a crash or a silent truncation.
struct Limits {
  std::uint32_t max_include_depth = 16;
  std::uint64_t max_generate_per_directive = 65536;
  std::uint64_t max_generate_per_zone = 1000000;
  std::uint64_t max_file_bytes = 1ull << 30;  // 1 GiB
  std::uint32_t max_line_bytes = 1u << 20;    // 1 MiB per physical line
  std::uint64_t max_records_per_zone = 50000000;
};

// Reads files for $INCLUDE (and the top-level file). Injected so tests and fuzzers can serve
// files from memory. Returns nullopt and sets `error` on failure.
// A large file may come back mapped rather than read (SourceText).
using FileReader =
    std::function<std::optional<SourceText>(const std::string& path, std::string* error)>;
// Reads regular files only, without blocking on FIFOs or devices. Stops after `max_bytes` + 1
// bytes, so a file that grows while it is read costs no more memory than the limit: the caller
// sees it is over the limit and refuses it.
FileReader filesystem_reader(std::uint64_t max_bytes = UINT64_MAX);

struct ParseOptions {
  std::optional<Name>
      origin;                // --origin or config; else $ORIGIN before first record, else file name
  std::string include_root;  // $INCLUDE may not leave this directory ("" = current directory)
  std::uint16_t default_class = rrclass::IN;
  // A $TTL in force before the first line (knot-zscanner's tests use 0). nullopt: none, as in
  // BIND, so the TTL comes from $TTL, an explicit TTL, or the SOA minimum.
  std::optional<std::uint32_t> default_ttl;
  Limits limits;
  FileReader reader;  // defaults to filesystem_reader()

  // Threads for the parse of one large file (--jobs). A file of at least `parallel_min_bytes`
  // is cut at entry starts into stretches of about `parallel_chunk_bytes`, each parsed on its
  // own from an assumed start state, and joined in order; a stretch whose assumption turns out
  // wrong is parsed again. The zone and the diagnostics are the serial parse's, byte for byte
  // (zone_parallel.cpp).
  unsigned threads = 1;
  std::size_t parallel_min_bytes = std::size_t{8} << 20;
  std::size_t parallel_chunk_bytes = std::size_t{1} << 20;
  // Tests: how the stretches went (not set in production).
  struct ParallelStats {
    std::size_t chunks = 0;    // stretches parsed in parallel
    std::size_t adopted = 0;   // of them, kept as they were parsed
    std::size_t reparsed = 0;  // of them, parsed again in order
  };
  ParallelStats* stats = nullptr;
  // Tests: keep every record's fields stored, as the front ends do, instead of lexing them
  // again from the entry when asked (model/zone.hpp, NearField), to compare the two.
  bool store_fields = false;
  // Tests and the fuzz harness: called for each record the parse stores from an entry, with its
  // index in the zone and the spans of its fields as the parse read them (what Zone::fields_of
  // must find again), so that one parse can be checked against them. A record that a failed
  // $GENERATE takes back was reported, and its index comes again. Set, the parse of a large
  // file stays serial (the indices are the zone's, not a stretch's).
  std::function<void(std::size_t record, std::span<const Span> fields)> on_fields;
};

// Guesses the origin from a zone file name: example.com.zone, example.com.db, db.example.com,
// example.com. nullopt when the name gives none.
std::optional<Name> origin_from_file_name(const std::string& path);

// Parses `text` (the content of `path`) into a new Zone appended to `set.zones`; diagnostics go
// to `set.diagnostics`. Returns the index of the new zone, or nullopt when nothing could be
// loaded at all (for example, no origin could be determined; that too is a diagnostic).
std::optional<std::size_t> load_zone_text(ZoneSet& set, const std::string& path, SourceText text,
                                          const ParseOptions& options);

}  // namespace zl
