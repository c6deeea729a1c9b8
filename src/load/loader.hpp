// Input dispatch: detects the format of a file (zone file, octoDNS YAML or JSON, DNSControl IR,
// Route 53, Terraform plan) and loads it into the ZoneSet.
#pragma once

#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "model/zone.hpp"
#include "parse/zone_parser.hpp"

namespace zl {

enum class FormatChoice { auto_detect, zone, octodns, dnscontrol, route53, terraform };
std::optional<FormatChoice> parse_format_choice(std::string_view text);

struct LoadOptions {
  FormatChoice format = FormatChoice::auto_detect;  // --input-format
  ParseOptions parse;                               // origin, include root, limits
  std::optional<std::uint32_t> default_ttl;         // octoDNS default TTL
  // Set for files found by a directory walk (not named by the user): a .yaml/.json file in no
  // known format (package.json, a CI workflow) is skipped silently instead of being an error.
  bool skip_unknown_format = false;
  // Counts walked candidates skipped because they do not look like DNS data (when set).
  std::size_t* skipped = nullptr;
};

// Reads `path` and loads the zone(s) it defines into `set` (an octoDNS manager config loads
// every zone it points at). Problems are diagnostics in `set.diagnostics`. Returns false on
// an input problem (a missing or unreadable file, or a named file in no known format): exit
// code 2. A file that another input of the run already read (an octoDNS manager config that
// names it, another part of its split zone) is not loaded again.
bool load_file(ZoneSet& set, const std::string& path, const LoadOptions& options);

// One file for load_files: its path and how to load it, as load_file takes them.
struct FileToLoad {
  std::string path;
  LoadOptions options;
};

// Loads files into `set` exactly as load_file(set, path, options) one after the other, in the
// order they are added, would: the same FileIds, zones and diagnostics in the same order, the
// same `skipped` counts; only faster: whether an earlier file was read is looked up in an
// index (load_file scans the set), and with `jobs` > 1, zone files are read and parsed by a
// pool of `jobs` - 1 threads (and by the calling thread when it waits) while the caller goes
// on adding files: the directory walk and the parse overlap (with one thread, the files are
// loaded in finish()). Each pool thread parses a file into a set of its own; only the calling
// thread appends those sets to `set`, in the order the files were added (their FileIds
// shifted), as soon as each one's turn comes. Files of the
// other formats (octoDNS YAML reads, and takes over, files already in the set; DNSControl and
// Terraform JSON are checked against the zones in it) are loaded on the calling thread in
// their turn, as is a file that an earlier one turns out to have read. `loaded(i, ok)` is
// called on the calling thread right after file i (counted from 0 in the order of add) is in
// `set`, with what load_file would have returned; some files may be in `set` before finish().
// All members are called from one thread (the one that made the loader).
// LoadOptions::parse.reader, if set, must be safe to call from several threads at once.
//
// With `build_lookups` (a lint will follow), each zone's owner lookups (Zone::has and the
// other lookups build them on first use) are built right after its file is parsed, on the
// thread that parsed it: its records are still in that thread's cache then, where the rules
// would build them later from memory (over 10,000 small zones: ~35 ms of CPU in the rules phase,
// ~15 here), and with --jobs they are built on the pool's threads as the walk goes on.
// Without it (--parse-only), they are never built.
class FileLoader {
 public:
  FileLoader(ZoneSet& set, unsigned jobs, std::function<void(std::size_t, bool)> loaded,
             bool build_lookups = false);
  ~FileLoader();  // stops the pool; files not loaded by finish() are not loaded
  FileLoader(const FileLoader&) = delete;
  FileLoader& operator=(const FileLoader&) = delete;

  // Queues a file (the pool may start parsing it at once), and appends to `set` the files
  // whose turn has come and that are ready.
  void add(FileToLoad file);
  // Loads every file added so far into `set`; returns when they all are. More files may be
  // added afterwards.
  void finish();

  // A file that may be added soon (a file a directory walk read, before the walk sorts the
  // directory's entries and they come to add()): with a pool, a thread may start parsing it
  // now, and add() with the same path later takes the parse over (its options must be these;
  // the file is loaded in its turn all the same: only its parse is early). Why: the listing of
  // a large directory (~2.5 ms for 10,000 entries) kept the pool waiting. A file never added is
  // parsed for nothing. Does nothing without a pool.
  void prefetch(FileToLoad file);
  // Whether prefetch() is worth calling now: there is a pool, and few files wait for it there
  // (the files prefetched are those the pool can parse while the listing goes on, not all).
  bool wants_prefetch() const;

  // While `loaded(i, ok)` runs: the FileId of the first file that file i added to `set` under
  // its own path, when the loader knows it without reading the paths in `set` (a zone file a
  // pool thread loaded: that thread compared them); kNoFile otherwise (none, or look it up).
  // Why: the paths of a file that another thread loaded are not in this thread's cache.
  FileId own_file() const { return own_file_; }

 private:
  struct Task;
  struct Pool;
  class ReadBefore;
  void append_front(std::unique_lock<std::mutex>& lock, std::size_t count);
  // Queues the files of waiting_ for the pool (and appends those whose turn has come).
  void publish();
  static constexpr std::size_t kPublished = 8;  // files add() collects before it publishes
  void append(Task& task, std::size_t i);

  // Loads a file on this thread, as load_file does after its read-before check.
  bool load_here(const FileToLoad& file);

  ZoneSet& set_;
  std::function<void(std::size_t, bool)> loaded_;
  bool build_lookups_ = false;
  std::unique_ptr<Pool> pool_;  // null with jobs <= 1
  // The files added since the last finish() (jobs <= 1), or not yet queued (publish).
  std::vector<FileToLoad> waiting_;
  std::size_t added_ = 0;  // files added
  std::unique_ptr<ReadBefore> read_before_;
  FileId own_file_ = kNoFile;  // see own_file()
};

// The files of `files`, through a FileLoader: load_file on each in that order, on `jobs`
// threads.
void load_files(ZoneSet& set, std::span<const FileToLoad> files, unsigned jobs,
                const std::function<void(std::size_t, bool)>& loaded);

// Loads already-read content (standard input, fuzzers and tests). Returns false when the
// content is an input problem rather than DNS data (a file in no known format that was not
// found by a walk): an io-error diagnostic, exit code 2.
bool load_text(ZoneSet& set, const std::string& path, SourceText text, const LoadOptions& options);

// Whether a directory walk should pick up this path by its name: *.zone, *.db, db.* (not
// db.py and other source code), *.hosts, YAML/JSON, a name like a domain or reverse zone
// (example.org, 2.0.192.in-addr.arpa), or an extensionless file under a directory named zones,
// zonefiles, bind, nsd, knot, dns, master, primary, secondary or named.
bool looks_like_input(const std::string& path);

// Whether zone-file text looks like DNS data by its first significant lines: a $ directive, or
// a record with a known type. Text with no significant line counts as DNS data.
bool looks_like_zone_text(std::string_view text);

// Adds, to every diagnostic that lies within a record of a generated input (DNSControl IR,
// Terraform plan), that record's declaration as a note: "declared in dnsconfig.js at 2:5",
// "resource module.dns.aws_route53_record.mx". The primary location stays the value in the
// file that was linted; the note is the related location. Call after the rules ran.
//
// A declaration of the zone as a whole (record == kWholeZone: the entry under `zones:` of the
// octoDNS manager config that brought the zone in) goes to the findings about the zone rather
// than one record: those in one of the zone's files that lie on none of its records (a YAML
// syntax error; an empty span at the file start always counts) or exactly on its apex name
// token (where mx-missing, ns-missing, soa-missing and mail-auth-missing point).
void add_declaration_notes(const ZoneSet& set, std::vector<Diagnostic>& diagnostics);
inline constexpr std::uint32_t kWholeZone = 0xffffffff;

// The format names --input-format accepts, for help texts: "auto, zone, octodns, ...".
std::string_view format_choices();

}  // namespace zl
