// Input dispatch: reads a file, decides which front end reads it, and hands it over.
//
// Detection order: an explicit --input-format wins; else a `.json` file (or content that
// starts with `{`) is one of the JSON formats, decided by its top-level keys (Route 53:
// ResourceRecordSets; Terraform plan: resource_changes; DNSControl IR: domains; octoDNS as
// JSON: record names mapping to records); a `.yaml`/`.yml` file is octoDNS (zone file or
// manager config); anything else is a zone file.
#include "load/loader.hpp"

#include "load/frontend.hpp"
#include "load/json_reader.hpp"
#include "parse/file_read.hpp"

#ifdef __linux__
#include <sched.h>
#endif

// ThreadSanitizer (see use_own_file_table).
#if defined(__SANITIZE_THREAD__)
#define ZL_TSAN_FD_TABLE 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define ZL_TSAN_FD_TABLE 1
#endif
#endif

#include <algorithm>
#include <array>
#include <atomic>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <optional>
#include <thread>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/ascii.hpp"
#include "core/heap.hpp"
#include "core/path.hpp"
#include "model/rrtype.hpp"

namespace zl {

namespace {

// First byte that is not whitespace (or a UTF-8 byte order mark).
char first_significant(std::string_view text) {
  std::size_t i = 0;
  if (text.substr(0, 3) == "\xEF\xBB\xBF") i = 3;
  for (; i < text.size(); ++i) {
    const char c = text[i];
    if (c != ' ' && c != '\t' && c != '\r' && c != '\n') return c;
  }
  return '\0';
}

}  // namespace

std::optional<FormatChoice> parse_format_choice(std::string_view text) {
  const std::string t = ascii_lowercase(text);
  if (t == "auto") return FormatChoice::auto_detect;
  if (t == "zone" || t == "bind") return FormatChoice::zone;
  if (t == "octodns") return FormatChoice::octodns;
  if (t == "dnscontrol") return FormatChoice::dnscontrol;
  if (t == "route53") return FormatChoice::route53;
  if (t == "terraform") return FormatChoice::terraform;
  return std::nullopt;
}

namespace {

bool is_alpha(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
bool is_alnum(char c) {
  return is_alpha(c) || (c >= '0' && c <= '9');
}

// Extensions of source code, configuration and documents: `db.py`, `setup.py`, `main.go`
// (.py and .go are also TLDs) are not zone files, whatever their name looks like.
bool is_source_extension(std::string_view ext) {
  static constexpr std::array<std::string_view, 74> kExt = {
      "py",     "pyc",     "pyi",  "ts",   "tsx", "js",    "jsx",    "mjs",  "cjs",        "go",
      "rs",     "rb",      "php",  "java", "kt",  "kts",   "scala",  "c",    "h",          "cc",
      "cpp",    "cxx",     "hpp",  "hh",   "cs",  "swift", "m",      "mm",   "sh",         "bash",
      "zsh",    "fish",    "ps1",  "bat",  "cmd", "pl",    "pm",     "lua",  "r",          "sql",
      "sqlite", "sqlite3", "toml", "ini",  "cfg", "conf",  "config", "env",  "properties", "xml",
      "html",   "htm",     "css",  "scss", "md",  "rst",   "txt",    "adoc", "lock",       "log",
      "csv",    "tsv",     "tmpl", "j2",   "erb", "tf",    "tfvars", "hcl",  "nix",        "yaml",
      "yml",    "json",    "mod",  "sum"};
  return std::find(kExt.begin(), kExt.end(), ext) != kExt.end();
}

// A file named like a domain or a reverse zone: `example.org`, `2.0.192.in-addr.arpa`.
bool looks_like_domain(std::string_view name) {
  if (name.find('.') == std::string_view::npos || name.front() == '.' || name.back() == '.') {
    return false;
  }
  for (char c : name) {
    if (!is_alnum(c) && c != '-' && c != '_' && c != '.') return false;
  }
  const std::string_view tld = name.substr(name.rfind('.') + 1);
  if (tld.size() < 2 || is_source_extension(tld)) return false;
  return std::all_of(tld.begin(), tld.end(), [](char c) { return is_alpha(c); });
}

// A file name with A-Z turned into a-z, in a buffer of its own when it is short (no
// allocation: the walk asks looks_like_input about every entry of a directory, on the thread
// that also hands the files to the --jobs pool and appends what it parsed).
class LowercaseName {
 public:
  explicit LowercaseName(std::string_view name) {
    if (name.size() <= sizeof short_) {
      for (std::size_t i = 0; i < name.size(); ++i) short_[i] = ascii_lower(name[i]);
      view_ = std::string_view(short_.data(), name.size());
    } else {
      long_ = ascii_lowercase(name);
      view_ = long_;
    }
  }
  LowercaseName(const LowercaseName&) = delete;
  LowercaseName& operator=(const LowercaseName&) = delete;
  std::string_view view() const { return view_; }

 private:
  std::array<char, 128> short_{};
  std::string long_;
  std::string_view view_;
};

// Directory names under which an extensionless file is taken as a zone file.
bool is_zone_directory(std::string_view dir) {
  static constexpr std::array<std::string_view, 10> kDirs = {
      "zones", "zonefiles", "bind",    "nsd",       "knot",
      "dns",   "master",    "primary", "secondary", "named"};
  return std::find(kDirs.begin(), kDirs.end(), dir) != kDirs.end();
}

}  // namespace

bool looks_like_input(const std::string& path) {
  const LowercaseName lowercase(base_name(path));
  const std::string_view name = lowercase.view();
  if (name.empty() || name == ".zonelint.yaml" || name == ".zonelint.yml") return false;
  static constexpr std::array<std::string_view, 6> kSuffixes = {".zone", ".db",   ".yaml",
                                                                ".yml",  ".json", ".hosts"};
  for (auto s : kSuffixes) {
    if (name.ends_with(s) && name.size() > s.size()) return true;
  }
  if (name.starts_with("db.") && name.size() > 3) {
    // db.example.com, db.192.0.2: yes; db.py, db.ts: source code.
    return !is_source_extension(name.substr(name.rfind('.') + 1));
  }
  if (looks_like_domain(name)) return true;
  if (name.find('.') == std::string_view::npos) {
    // An extensionless file under zones/, bind/, ... (at any depth of the given path).
    const std::string lower = ascii_lowercase(path);
    std::size_t end = lower.size() - name.size();
    std::string_view dirs(lower.data(), end);
    while (!dirs.empty()) {
      if (dirs.back() == '/') dirs.remove_suffix(1);
      const std::size_t slash = dirs.rfind('/');
      const std::string_view component =
          slash == std::string_view::npos ? dirs : dirs.substr(slash + 1);
      if (is_zone_directory(component)) return true;
      if (slash == std::string_view::npos) break;
      dirs = dirs.substr(0, slash);
    }
  }
  return false;
}

// The first tokens of a line (at most six), kept in place: a vector grown token by token cost
// up to four allocations a line, several a file over a directory of small zones.
class FirstTokens {
 public:
  void push_back(std::string_view t) { tokens_[size_++] = t; }
  std::size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  std::string_view operator[](std::size_t i) const { return tokens_[i]; }

 private:
  std::array<std::string_view, 6> tokens_{};
  std::size_t size_ = 0;
};

// The first six blank-separated tokens of the next line of `text` (which is advanced past
// it), its comment cut off, and whether the line starts with blank space (an owner inherited).
// With `split_paren`, '(' also ends a token and is dropped ("SOA(" is "SOA").
struct LineTokens {
  bool indented = false;
  FirstTokens tokens;
};

LineTokens next_line_tokens(std::string_view& text, bool split_paren) {
  const std::size_t nl = text.find('\n');
  std::string_view line = text.substr(0, nl);
  text = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
  if (const std::size_t semi = line.find(';'); semi != std::string_view::npos)
    line = line.substr(0, semi);
  LineTokens out;
  out.indented = !line.empty() && (line.front() == ' ' || line.front() == '\t');
  const auto blank = [](char c) { return c == ' ' || c == '\t' || c == '\r'; };
  std::size_t i = 0;
  while (i < line.size() && out.tokens.size() < 6) {
    while (i < line.size() && blank(line[i])) ++i;
    const std::size_t b = i;
    while (i < line.size() && !blank(line[i]) && !(split_paren && line[i] == '(')) ++i;
    if (i > b) out.tokens.push_back(line.substr(b, i - b));
    if (split_paren && i < line.size() && line[i] == '(') ++i;
  }
  return out;
}

bool looks_like_zone_text(std::string_view text) {
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  int significant = 0;
  bool any = false;
  while (!text.empty() && significant < 20) {
    const auto [indented, tokens] = next_line_tokens(text, false);
    if (tokens.empty()) continue;
    any = true;
    ++significant;
    if (!indented && tokens[0].front() == '$') {
      const std::string d = ascii_lowercase(tokens[0]);
      if (d == "$origin" || d == "$ttl" || d == "$include" || d == "$generate") return true;
      continue;
    }
    // [owner] [ttl] [class] type rdata: the type is after the owner (unless the line is
    // indented), with only TTLs and classes between.
    for (std::size_t t = indented ? 0 : 1; t + 1 < tokens.size(); ++t) {
      const std::string tok = ascii_lowercase(tokens[t]);
      if (parse_type(tokens[t]) && !tok.starts_with("type")) return true;
      const bool is_class = tok == "in" || tok == "ch" || tok == "hs" || tok == "cs";
      const bool is_ttl = std::all_of(tok.begin(), tok.end(),
                                      [](char c) {
                                        return (c >= '0' && c <= '9') || c == 's' || c == 'm' ||
                                               c == 'h' || c == 'd' || c == 'w';
                                      }) &&
                          tok.front() >= '0' && tok.front() <= '9';
      if (!is_class && !is_ttl) break;
    }
  }
  return !any;  // an empty file (or only comments) is read: it is not some other format
}

namespace {

// Spans are 32-bit byte offsets: the size cap also keeps every offset representable.
constexpr std::uint64_t kMaxSpanBytes = 0xfffffffeull;

// A file over Limits::max_file_bytes: registered empty, with one finding; never read (or not
// kept). `bytes`: its size, when known (stat, or content given whole); nullopt when all that is
// known is that a read went past the limit (the reader stops there, not at the end).
void refuse_large_file(ZoneSet& set, const std::string& path, std::optional<std::uint64_t> bytes,
                       std::uint64_t limit) {
  const FileId file = set.sources.add(path, std::string());
  load::report(
      set, Span{file, 0, 0},
      (bytes ? "file is " + std::to_string(*bytes) + " bytes, over the limit of " +
                   std::to_string(limit) + " bytes per file"
             : "file is longer than " + std::to_string(limit) + " bytes, the limit per file") +
          " (--max-file-bytes); it is not read");
}

}  // namespace

namespace load {

FileId file_read_before(const ZoneSet& set, const std::string& path) {
  std::string want;  // computed on the first file with the same base name
  const std::string_view base = base_name(path);
  for (FileId f = 0; f < set.sources.size(); ++f) {
    const std::string& p = set.sources.file(f).path();
    if (base_name(p) != base || !set.sources.include_chain(f).empty()) continue;
    if (want.empty()) want = canonical_path(path);
    if (canonical_path(p) == want) return f;
  }
  return kNoFile;
}

}  // namespace load

namespace {

enum class Syntax { zone, json, yaml };
Syntax syntax_of(const std::string& path, std::string_view text, FormatChoice choice);

// load_file, without its first step (whether an earlier input read the file) when the
// caller has made it; with `zone_only`, only for a file that turns out to be a zone file: for
// another, nothing is loaded and `*deferred` is set (the parallel load).
bool load_path(ZoneSet& set, const std::string& path, const LoadOptions& options,
               bool checked_read_before, bool zone_only = false, bool* deferred = nullptr) {
  // Each file is read once: one that another input of the run already read (an octoDNS
  // manager config that names it, another part of its split zone) is not loaded again.
  if (!checked_read_before && load::file_read_before(set, path) != kNoFile) return true;
  std::string error;
  std::optional<SourceText> text;
  if (options.parse.reader) {
    text = options.parse.reader(path, &error);
  } else {
    // A file over the limit by its size is refused before it is read, so that a huge file
    // costs no memory (read_file's fstat gives the size: no stat of its own).
    FileRead read = read_file(path, options.parse.limits.max_file_bytes, true);
    if (read.size_over) {
      refuse_large_file(set, path, *read.size_over, options.parse.limits.max_file_bytes);
      return true;
    }
    text = std::move(read.text);
    error = std::move(read.error);
  }
  if (!text) {
    // Registered as an empty source so the diagnostic has a location every reporter can show.
    const FileId file = set.sources.add(path, std::string());
    Diagnostic d;
    d.rule = "io-error";
    d.severity = Severity::error;
    d.message = "cannot read '" + path + "': " + error;
    d.span = Span{file, 0, 0};
    set.diagnostics.add(std::move(d));
    return false;
  }
  if (zone_only && syntax_of(path, *text, options.format) != Syntax::zone) {
    *deferred = true;
    return true;
  }
  // The reader stops soon past the limit (filesystem_reader: one buffer past it), so a text over
  // the limit says only that the file is longer than it: the file grew after the stat above, or
  // a reader other than the file system's gave it. Its length is no size of the file, so it is
  // refused here, before load_text (which would give that length as the size), in every format.
  if (const std::uint64_t limit =
          std::min<std::uint64_t>(options.parse.limits.max_file_bytes, kMaxSpanBytes);
      text->size() > limit) {
    refuse_large_file(set, path, std::nullopt, limit);
    return true;
  }
  return load_text(set, path, std::move(*text), options);
}

}  // namespace

bool load_file(ZoneSet& set, const std::string& path, const LoadOptions& options) {
  return load_path(set, path, options, false);
}

namespace {

Syntax syntax_of(const std::string& path, std::string_view text, FormatChoice choice) {
  const std::string_view name = base_name(path);
  const bool json_ext = iends_with(name, ".json");
  const bool yaml_ext = iends_with(name, ".yaml") || iends_with(name, ".yml");
  const char first = first_significant(text);
  switch (choice) {
    case FormatChoice::zone:
      return Syntax::zone;
    case FormatChoice::dnscontrol:
    case FormatChoice::route53:
    case FormatChoice::terraform:
      return Syntax::json;
    case FormatChoice::octodns:
      return json_ext || (!yaml_ext && first == '{') ? Syntax::json : Syntax::yaml;
    case FormatChoice::auto_detect:
      break;
  }
  if (json_ext) return Syntax::json;
  if (yaml_ext) return Syntax::yaml;
  return first == '{' ? Syntax::json : Syntax::zone;
}

// Does a YAML document look like octoDNS data at all (a manager config, or a mapping with at
// least one record-shaped value)? Used only when the format was not given.
bool looks_like_octodns_yaml(std::string_view text) {
  // A cheap structural sniff before the full parse: octoDNS files have `type:` keys or the
  // manager's top-level keys.
  return text.find("type:") != std::string_view::npos ||
         text.find("zones:") != std::string_view::npos ||
         text.find("providers:") != std::string_view::npos;
}

// A file named on the command line that is in no known format: an input problem, like a file
// that cannot be read (io-error, exit code 2), not a finding about DNS data.
void unknown_format(ZoneSet& set, FileId file, const std::string& tried) {
  Diagnostic d;
  d.rule = "io-error";
  d.severity = Severity::error;
  d.message = "'" + set.sources.file(file).path() +
              "' is not DNS data in a known input format; tried " + tried +
              " (use --input-format to choose one of: " + std::string(format_choices()) + ")";
  d.span = Span{file, 0, 0};
  set.diagnostics.add(std::move(d));
}

}  // namespace

std::string_view format_choices() {
  return "auto, zone, octodns, dnscontrol, route53, terraform";
}

namespace {

// What the first lines of a zone file say about its origin when neither --origin nor a
// `$ORIGIN` other than `.` gives one: the owner of an SOA that is the first record, written
// as an absolute name (or relative to `$ORIGIN .`). nullopt when the file sets its origin,
// starts otherwise, or its SOA is at the origin the file name gives anyway.
struct SoaOrigin {
  Name soa_owner;
  std::optional<Name> from_name;  // the origin the file name gives, if any
};

std::optional<SoaOrigin> origin_from_soa(std::string_view text, const std::string& path) {
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  bool origin_root = false;  // a `$ORIGIN .` came first
  for (int lines = 0; !text.empty() && lines < 200; ++lines) {
    const auto [indented, tokens] = next_line_tokens(text, true);
    if (tokens.empty()) continue;
    if (!indented && tokens[0].front() == '$') {
      const std::string d = ascii_lowercase(tokens[0]);
      if (d == "$ttl") continue;
      if (d == "$origin" && tokens.size() >= 2 && tokens[1] == ".") {
        origin_root = true;
        continue;
      }
      return std::nullopt;  // an origin of its own, $INCLUDE, $GENERATE: the file decides
    }
    // The first record: [owner] [ttl] [class] SOA.
    if (indented || tokens.size() < 2) return std::nullopt;
    bool soa = false;
    for (std::size_t t = 1; t < tokens.size() && !soa; ++t) {
      const std::string tok = ascii_lowercase(tokens[t]);
      if (tok == "soa") {
        soa = true;
        break;
      }
      const bool is_class = tok == "in" || tok == "ch" || tok == "hs" || tok == "cs";
      const bool is_ttl = tok.front() >= '0' && tok.front() <= '9';
      if (!is_class && !is_ttl) break;
    }
    if (!soa) return std::nullopt;
    std::string owner(tokens[0]);
    if (owner == "@" || owner.find('\\') != std::string::npos) return std::nullopt;
    if (owner.back() != '.') {
      if (!origin_root) return std::nullopt;  // relative to the origin the name gives
      owner += '.';
    }
    const Name root;
    auto soa_owner = Name::parse(owner, &root);
    if (!soa_owner || soa_owner->is_root()) return std::nullopt;
    std::optional<Name> from_name = origin_from_file_name(path);
    if (from_name && *from_name == *soa_owner) return std::nullopt;
    return SoaOrigin{*soa_owner, from_name};
  }
  return std::nullopt;
}

}  // namespace

bool load_text(ZoneSet& set, const std::string& path, SourceText text, const LoadOptions& options) {
  const FormatChoice choice = options.format;
  if ((choice == FormatChoice::auto_detect || choice == FormatChoice::dnscontrol) &&
      iends_with(base_name(path), ".js")) {
    // dnsconfig.js named on the command line: JavaScript, not DNS data.
    const FileId file = set.sources.add(path, std::string());
    Diagnostic d;
    d.rule = "io-error";
    d.severity = Severity::error;
    d.message = "'" + path +
                "' is JavaScript (DNSControl's dnsconfig.js?); zonelint reads DNSControl input as "
                "the JSON that `dnscontrol print-ir` writes: run `dnscontrol print-ir --out "
                "ir.json` and lint ir.json";
    d.span = Span{file, 0, 0};
    set.diagnostics.add(std::move(d));
    return false;
  }
  const Syntax syntax = syntax_of(path, text, choice);
  if (syntax == Syntax::zone) {
    if (choice == FormatChoice::auto_detect && options.skip_unknown_format &&
        !looks_like_zone_text(text)) {
      if (options.skipped) ++*options.skipped;
      return true;
    }
    // No --origin and no $ORIGIN: the origin comes from the file name, unless the SOA says
    // otherwise (`$ORIGIN .` and an SOA at `upr.example.` in `db.tele4.upr.example`). Then
    // the SOA's owner is the origin, as `named-checkzone upr.example FILE` reads the file, and
    // an info finding says so, instead of soa-missing, ns-missing and out-of-zone findings
    // that this one choice explains.
    ParseOptions parse = options.parse;
    std::optional<SoaOrigin> from_soa;
    if (!parse.origin) from_soa = origin_from_soa(text, path);
    if (from_soa) parse.origin = from_soa->soa_owner;
    const auto file = static_cast<FileId>(set.sources.size());
    const auto index = load_zone_text(set, path, std::move(text), parse);  // checks the size
    // The parse has read the file (and its $INCLUDEs) through: their mapped pages leave the
    // RSS until something reads them again (core/file_mapping.hpp).
    for (FileId f = file; f < set.sources.size(); ++f) set.sources.file(f).release_pages();
    if (from_soa && index) {
      const Zone& z = set.zones[*index];
      Span at{file, 0, 0};
      for (const Record& r : z.records) {
        if (r.type == rrtype::SOA && z.file_of(r) == file && z.owner(r) == from_soa->soa_owner) {
          const Span owner = z.owner_span(r);
          at = owner.valid() && owner.end > owner.begin ? owner : z.span(r);
          break;
        }
      }
      const std::string soa = from_soa->soa_owner.text();
      load::report(set, at,
                   "the zone origin is '" + soa + "', the owner of the SOA record: " +
                       (from_soa->from_name
                            ? "the file name suggests '" + from_soa->from_name->text() + "', but "
                            : std::string("the file name gives no origin, and ")) +
                       "the file sets no $ORIGIN before its SOA (`$ORIGIN .` only sets the base "
                       "of relative names), so it is read as zone '" +
                       soa + "', as `named-checkzone " + soa.substr(0, soa.size() - 1) +
                       " FILE` reads it; give --origin (or `origins:` in .zonelint.yaml) to "
                       "choose another",
                   soa, "SOA", Severity::info, "origin-from-soa");
    }
    return true;
  }
  const std::uint64_t limit =
      std::min<std::uint64_t>(options.parse.limits.max_file_bytes, kMaxSpanBytes);
  if (text.size() > limit) {
    refuse_large_file(set, path, text.size(), limit);
    return true;
  }
  if (syntax == Syntax::yaml) {
    const bool empty = first_significant(text) == '\0' ||
                       text.view().find_first_not_of("-\r\n \t") == std::string::npos;
    if (choice == FormatChoice::auto_detect && !empty && !looks_like_octodns_yaml(text)) {
      if (options.skip_unknown_format) {
        if (options.skipped) ++*options.skipped;
        return true;
      }
      const FileId file = set.sources.add(path, std::move(text));
      unknown_format(set, file,
                     "octoDNS zone file (record names mapping to {type, value}) and "
                     "octoDNS manager config (providers:, zones:)");
      return false;
    }
    const FileId file = set.sources.add(path, std::move(text));
    load::load_octodns_yaml(set, file, options);
    return true;
  }
  // JSON: parse once with positions, then pick the front end.
  const FileId file = set.sources.add(path, std::move(text));
  json::ParseError err;
  std::optional<json::Value> doc = json::parse(set.sources.file(file).text(), &err);
  if (!doc) {
    if (choice == FormatChoice::auto_detect && options.skip_unknown_format) return true;
    Diagnostic d;
    d.rule = kParseError;
    d.message = "invalid JSON: " + err.message;
    if (choice == FormatChoice::dnscontrol)
      d.message +=
          "; DNSControl input is the JSON that `dnscontrol print-ir` writes (run "
          "`dnscontrol print-ir --out ir.json` and lint ir.json), not dnsconfig.js";
    d.span = Span{file, err.offset, err.offset};
    set.diagnostics.add(std::move(d));
    return true;
  }
  FormatChoice format = choice;
  if (format == FormatChoice::auto_detect) {
    if (load::is_route53(*doc)) {
      format = FormatChoice::route53;
    } else if (load::is_terraform_plan(*doc)) {
      format = FormatChoice::terraform;
    } else if (load::is_dnscontrol_ir(*doc)) {
      format = FormatChoice::dnscontrol;
    } else if (load::is_octodns_json(*doc)) {
      format = FormatChoice::octodns;
    } else {
      if (options.skip_unknown_format) return true;
      unknown_format(set, file,
                     "Route 53 (ResourceRecordSets), Terraform plan (resource_changes), DNSControl "
                     "`dnscontrol print-ir` JSON (domains) and octoDNS zone as JSON (record names "
                     "mapping to {type, value})");
      return false;
    }
  }
  switch (format) {
    case FormatChoice::route53:
      load::load_route53(set, file, *doc, options);
      break;
    case FormatChoice::terraform:
      load::load_terraform(set, file, *doc, options);
      break;
    case FormatChoice::dnscontrol:
      load::load_dnscontrol(set, file, *doc, options);
      break;
    case FormatChoice::octodns:
      load::load_octodns_json(set, file, *doc, options);
      break;
    case FormatChoice::zone:
    case FormatChoice::auto_detect:
      break;
  }
  return true;
}

namespace {

void add_note_once(Diagnostic& d, const Note& note) {
  const bool present = std::any_of(d.notes.begin(), d.notes.end(), [&](const Note& n) {
    return n.message == note.message && n.span == note.span;
  });
  if (!present) d.notes.push_back(note);
}

// Notes of a zone as a whole (kWholeZone) go to its findings about the zone rather than one
// record: those in one of its files that lie on none of its records or on its apex name (where
// rules put what the zone lacks: no SOA, NS or MX, no mail authentication for the domain).
void add_whole_zone_notes(const Zone& z, std::vector<Diagnostic>& diagnostics) {
  std::vector<const Note*> notes;
  for (const Zone::Declaration& d : z.declarations)
    if (d.record == kWholeZone) notes.push_back(&d.note);
  if (notes.empty()) return;
  std::vector<Span> records;  // sorted by file, then begin
  std::vector<Span> apex;     // the apex name tokens
  std::vector<FileId> files{z.file};
  for (const Record& r : z.records) {
    const Span rs = z.span(r);
    if (!rs.valid()) continue;
    records.push_back(rs);
    if (z.owner_span(r).valid() && z.owner(r) == z.origin) apex.push_back(z.owner_span(r));
    if (std::find(files.begin(), files.end(), rs.file) == files.end()) files.push_back(rs.file);
  }
  std::sort(records.begin(), records.end(), [](const Span& a, const Span& b) {
    return a.file != b.file ? a.file < b.file : a.begin < b.begin;
  });
  const auto on_a_record = [&](const Span& s) {
    if (s.begin == 0 && s.end == 0) return false;  // the file start: the zone as a whole
    auto it = std::upper_bound(records.begin(), records.end(), s, [](const Span& x, const Span& r) {
      return x.file != r.file ? x.file < r.file : x.begin < r.begin;
    });
    for (int steps = 0; it != records.begin() && steps < 64; ++steps) {
      --it;
      if (it->file != s.file) break;
      if (it->begin <= s.begin && s.end <= it->end) return true;
    }
    return false;
  };
  for (Diagnostic& d : diagnostics) {
    if (!d.span.valid() || std::find(files.begin(), files.end(), d.span.file) == files.end())
      continue;
    if (on_a_record(d.span) && std::find(apex.begin(), apex.end(), d.span) == apex.end()) continue;
    for (const Note* n : notes) add_note_once(d, *n);
  }
}

}  // namespace

void add_declaration_notes(const ZoneSet& set, std::vector<Diagnostic>& diagnostics) {
  struct Entry {
    Span span;
    const Note* note;
  };
  std::vector<Entry> entries;
  for (const Zone& z : set.zones) {
    add_whole_zone_notes(z, diagnostics);
    for (const Zone::Declaration& d : z.declarations) {
      if (d.record < z.records.size())
        entries.push_back(Entry{z.span(z.records[d.record]), &d.note});
    }
  }
  if (entries.empty()) return;
  std::sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) {
    if (a.span.file != b.span.file) return a.span.file < b.span.file;
    if (a.span.begin != b.span.begin) return a.span.begin < b.span.begin;
    return a.span.end > b.span.end;
  });
  for (Diagnostic& d : diagnostics) {
    if (!d.span.valid()) continue;
    auto it =
        std::upper_bound(entries.begin(), entries.end(), d.span, [](const Span& s, const Entry& e) {
          if (s.file != e.span.file) return s.file < e.span.file;
          return s.begin < e.span.begin;
        });
    // The innermost record starting at or before the finding that contains it.
    for (int steps = 0; it != entries.begin() && steps < 64; ++steps) {
      --it;
      if (it->span.file != d.span.file) break;
      if (it->span.begin <= d.span.begin && d.span.end <= it->span.end) {
        add_note_once(d, *it->note);
        break;
      }
    }
  }
}

// --- the parallel load ---------------------------------------------------------------------
//
// Only zone files are loaded ahead, by several threads. Why no thread can see another's data:
// each thread loads its files into a ZoneSet of its own (loading a zone file reads nothing
// else that is mutable: the options are copies, the reader is the filesystem, $INCLUDEd files
// go to the same set of its own), and only the loader's thread appends those sets to the run's
// set, one file after the other in the order they were added, each once the thread that
// parsed it has said so under the pool's mutex. What a sequential load decides from the files
// already in the set is decided at that point, in order: whether an earlier input read the
// file (then the thread's result is dropped, as load_file would not have loaded it), and
// every other format, which is loaded then, on the loader's thread, as load_file loads it.
// The caller goes on listing files (the directory walk, the config lookups) while the pool
// parses the first ones: on a directory of many small zones, the walk is no longer a
// sequential phase before the parse.

namespace {

void shift(FileId& f, FileId by) {
  if (f != kNoFile) f += by;
}

void shift(Span& s, FileId by) {
  if (s.valid()) s.file += by;
}

void shift(Diagnostic& d, FileId by) {
  shift(d.span, by);
  for (Note& n : d.notes) shift(n.span, by);
  for (Edit& e : d.fixes) shift(e.span, by);
}

// Every FileId a loaded zone holds (model/zone.hpp): its file, the files it includes, the
// spans of its records and fields, its declarations and the TTL facts of the parser.
void shift(Zone& z, FileId by) {
  shift(z.file, by);
  for (FileId& f : z.included_files) shift(f, by);
  for (Zone::Declaration& d : z.declarations) shift(d.note.span, by);
  TtlFacts::Inherited& in = z.ttl_facts.inherited;
  shift(in.first, by);
  shift(in.source, by);
  for (TtlFacts::IncludeLeak& l : z.ttl_facts.include_leaks) {
    shift(l.include, by);
    shift(l.included, by);
    shift(l.source, by);
    shift(l.first, by);
  }
  z.shift_files(by);  // of its records' entries (their owner and type tokens are in them)
  // A field's offsets are in its record's file; only those kept apart name a file of their own.
  for (FieldExtra& x : z.field_extras) shift(x.span, by);
}

// Appends `part` (loaded into a set of its own) to `set`, as if it had been loaded there.
// Returns the FileId that `part`'s first file has in `set`.
FileId append_set(ZoneSet& set, ZoneSet&& part) {
  const FileId by = set.sources.append(std::move(part.sources));
  for (Zone& z : part.zones) {
    if (by != 0) shift(z, by);
    set.zones.push_back(std::move(z));
  }
  for (Diagnostic& d : part.diagnostics.items()) {
    if (by != 0) shift(d, by);
    set.diagnostics.add(std::move(d));
  }
  return by;
}

// May the file be a zone file (syntax_of, from the name and the chosen format alone)? Only
// zone files are loaded ahead: an octoDNS manager config or a part of a split zone reads, and
// takes over, files already in the set, and a DNSControl or Terraform zone is checked against
// the zones already in it (zone-described-twice).
bool may_be_zone_file(const FileToLoad& f) {
  switch (f.options.format) {
    case FormatChoice::zone:
      return true;
    case FormatChoice::auto_detect: {
      const std::string_view name = base_name(f.path);
      return !iends_with(name, ".json") && !iends_with(name, ".yaml") && !iends_with(name, ".yml");
    }
    default:
      return false;
  }
}

// Gives the calling thread a file descriptor table of its own (a copy of the process's), for
// a pool thread that opens, reads and closes its files within one task and keeps no descriptor
// past it. Why: threads that share a table take its lock for every open and close (to find a
// free descriptor, to clear it), and count references to each open file on every read, on
// cache lines both cores write; over 10,000 small zones with --jobs 2 that was ~4 ms of system
// time that --jobs 1 has not (perf: alloc_fd, _raw_spin_lock and its slow path, init_file).
// With a table of its own each thread takes the single-user fast paths, and so does the main
// thread, whose table is then no longer shared either. A descriptor opened by the thread is
// not seen by the others (none is handed over), and its table goes away with the thread,
// closing what it left open (nothing). Elsewhere than Linux, or when unshare fails, nothing
// changes: the shared table is only slower. Nor under ThreadSanitizer, which tracks file
// descriptors as if every thread shared one table: two threads' descriptor 3, each in a table
// of its own, read as one descriptor opened and closed by two threads without synchronization
// (scripts/tsan reported it as a race).
void use_own_file_table() {
#if defined(__linux__) && !defined(ZL_TSAN_FD_TABLE)
  (void)::unshare(CLONE_FILES);
#endif
}

// Builds the owner lookups of zones [from, end) of `set` (FileLoader's build_lookups).
void build_lookups(const ZoneSet& set, std::size_t from) {
  for (std::size_t i = from; i < set.zones.size(); ++i) {
    const Zone& z = set.zones[i];
    (void)z.has(z.origin, rrtype::SOA);  // the first lookup builds them
  }
}

}  // namespace

// load::file_read_before over a set that only grows, with an index by base name, so that
// checking every one of many files stays linear.
//
// The index is a hash table with open addressing in one vector: slots of (hash of a root
// file's base name, its FileId), found by probing from hash % size to the next empty slot.
// A collision only costs a comparison of base names. Why not an unordered_map of strings:
// over 10,000 files, allocating and freeing a node, a string and a vector per file cost more
// than all the lookups (this runs on the loader's thread, which appends every file in turn).
class FileLoader::ReadBefore {
 public:
  explicit ReadBefore(const ZoneSet& set) : set_(set) {}
  bool operator()(const std::string& path) {
    for (; indexed_ < set_.sources.size(); ++indexed_) {
      if (set_.sources.include_chain(indexed_).empty()) {
        insert(hash(base_name(set_.sources.file(indexed_).path())), indexed_);
      }
    }
    const std::string_view base = base_name(path);
    const std::size_t h = hash(base);
    last_hash_ = h;
    last_indexed_ = indexed_;
    if (used_ == 0) return false;
    std::string want;  // computed on the first file with the same base name
    for (std::size_t i = h & mask(); slots_[i].file != kNoFile; i = (i + 1) & mask()) {
      if (slots_[i].hash != h) continue;
      const std::string& p = set_.sources.file(slots_[i].file).path();
      if (base_name(p) != base) continue;
      if (want.empty()) want = canonical_path(path);
      if (canonical_path(p) == want) return true;
    }
    return false;
  }

  // File `f` of the set, the first added since the last call of operator(), is a root file
  // added under the path that call asked about: it is indexed by that path's hash, without
  // reading its path from the set. Why: a file a --jobs thread loaded is in that thread's
  // cache, not this one's, and reading its path was a cache miss or two for each file (the
  // SourceFile, then the string). Does nothing when `f` is not that file (the next call
  // indexes it as any other).
  void add_asked(FileId f) {
    if (f != indexed_ || f != last_indexed_ || f >= set_.sources.size()) return;
    if (set_.sources.include_chain(f).empty()) insert(last_hash_, f);
    ++indexed_;
  }

 private:
  struct Slot {
    std::size_t hash = 0;
    FileId file = kNoFile;  // kNoFile: empty
  };
  static std::size_t hash(std::string_view base) { return std::hash<std::string_view>{}(base); }
  std::size_t mask() const { return slots_.size() - 1; }

  void insert(std::size_t h, FileId f) {
    if (2 * (used_ + 1) > slots_.size()) {  // at most half full: probes stay short
      std::vector<Slot> old(std::max<std::size_t>(64, 2 * slots_.size()));
      old.swap(slots_);
      used_ = 0;
      for (const Slot& s : old)
        if (s.file != kNoFile) insert(s.hash, s.file);
    }
    std::size_t i = h & mask();
    while (slots_[i].file != kNoFile) i = (i + 1) & mask();
    slots_[i] = Slot{h, f};
    ++used_;
  }

  const ZoneSet& set_;
  FileId indexed_ = 0;
  std::vector<Slot> slots_;  // a power of two in size, or empty
  std::size_t used_ = 0;
  // The hash of the base name operator() was last asked about, and indexed_ then.
  std::size_t last_hash_ = 0;
  FileId last_indexed_ = kNoFile;
};

// One added file. `file` and `zone` are set when it is queued; the rest is written by the one
// thread that parses it, and read by the loader's thread only once `done` is set (both under
// Pool::mutex), which orders the writes before the reads.
struct FileLoader::Task {
  FileToLoad file;
  bool zone = false;   // may be a zone file (may_be_zone_file): the pool parses it ahead
  bool done = false;   // parsed (guarded by Pool::mutex)
  bool ahead = false;  // loaded into `set` (else: not a zone file after all, or it threw)
  bool ok = true;
  // The first file of `set` is the one added under the task's path (set by the thread that
  // loaded it, where the file is in the cache): see FileLoader::append.
  bool own_first = false;
  std::size_t skipped = 0;
  int parser = -1;  // the pool thread that parsed it (its index), or -1: the loader's thread
  ZoneSet set;
  // A file prefetch() gave, then add(): the prefetched task (Pool::early) that parses it, whose
  // results this one takes over when its turn comes (Pool::adopt). Null otherwise.
  Task* early = nullptr;
};

// The threads that parse zone files ahead, and the queue of added files not yet appended.
struct FileLoader::Pool {
  std::mutex mutex;
  std::condition_variable queued;  // a zone file was queued, or the pool stops
  std::condition_variable parsed;  // a task is done
  // The files added and not yet appended, file `first` at the front. A deque, because a
  // thread keeps a reference to the task it parses while more are added at the back and the
  // appended ones leave at the front, and neither invalidates it.
  std::deque<Task> tasks;
  std::size_t first = 0;  // index (order of add) of tasks.front()
  std::size_t next = 0;   // the next file to consider for parsing
  bool stopping = false;
  unsigned jobs = 1;           // --jobs: also the threads a large zone file is parsed on
  bool build_lookups = false;  // FileLoader's
  // What the appended tasks left, by the pool thread that parsed them (see append).
  std::vector<std::vector<ZoneSet>> spent;
  // By pool thread: the shells of the sets it parsed, appended and handed back (spent), emptied
  // and kept for its next files. A set appended to the run's keeps the room of its vectors (the
  // zones, the sources' files and include sites; append_set moves their contents out): taken
  // again, a file's parse allocates none of them, and the thread frees none (over 10,000 small
  // zones, ~15,000 blocks allocated and ~15,000 freed under the pool thread's malloc lock).
  std::vector<std::vector<ZoneSet>> shells;
  static constexpr std::size_t kShells = 64;  // the most a thread keeps

  // Keeps `set`, appended and handed back, in `kept` (emptied), if it is an appended set's
  // shell and there is room; else it is freed.
  static void keep_shell(ZoneSet&& set, std::vector<ZoneSet>& kept) {
    if (set.sources.size() != 0 || kept.size() >= kShells) return;  // not appended: freed
    set.zones.clear();
    set.diagnostics.items().clear();
    kept.push_back(std::move(set));
  }

  // The files prefetch() gave, in that order (FileLoader::prefetch), and the first of them not
  // yet taken to parse nor passed over. A deque for the reason of `tasks`; it keeps them while
  // the pool lives (a task added later may point at one: Task::early), and they are few.
  std::deque<Task> early;
  std::atomic<std::size_t> early_next{0};  // written under the mutex; wants_prefetch reads it
  // Those of `early` taken to parse and not yet added, by path (the loader's thread alone).
  std::unordered_map<std::string_view, Task*> early_by_path;
  std::vector<std::jthread> threads;  // declared last: joined first, while the rest lives

  // How many files at the front of the queue can be appended now: parsed ones, and those the
  // loader's thread loads itself. Called with the mutex held.
  std::size_t ready_front() const {
    std::size_t n = 0;
    while (n < tasks.size() &&
           (!tasks[n].zone || (tasks[n].early != nullptr ? tasks[n].early->done : tasks[n].done)))
      ++n;
    return n;
  }

  // A task added for a file that a thread parsed after prefetch() gave it (Task::early), in its
  // turn: takes the parse's results over. Why the early task can be read unlocked: it is
  // parsed (ready_front saw it done, under the mutex), and no thread writes it again. (`early`
  // stays set: the pool's threads, which may not have passed the task yet, skip it for that.)
  static void adopt(Task& t) {
    if (t.early == nullptr) return;
    Task& e = *t.early;
    t.set = std::move(e.set);
    t.ahead = e.ahead;
    t.ok = e.ok;
    t.own_first = e.own_first;
    t.skipped = e.skipped;
    t.parser = e.parser;
  }

  // The files prefetched that no thread has taken are parsed in their turn, as any other:
  // files are queued from now on (in their order), and the pool takes those first anyway.
  // Called with the mutex held.
  void pass_over_early() {
    for (std::size_t k = early_next.load(std::memory_order_relaxed); k < early.size(); ++k)
      early_by_path.erase(early[k].file.path);
    early_next.store(early.size(), std::memory_order_relaxed);
  }
  // The most prefetched files left to take: enough for the pool to go on while the walk sorts
  // the listing (~0.4 ms for 10,000 names; a small zone parses in ~10 microseconds).
  static constexpr std::size_t kPrefetched = 64;

  // Takes the next queued zone files not yet taken (a few at once while many wait), and parses
  // them with `lock` released; false when there is none. Called with `lock` held, by the
  // pool's threads (`parser` is the thread's index) and by the loader's thread while it waits
  // for a file's turn (-1).
  //
  // Why a few at once: a small zone parses in about 10 microseconds, and taking the lock for
  // each file, with the loader's thread taking it as often to add and append files, had the
  // two threads contend for it (over 10,000 small zones with --jobs 2, some 650 futex calls,
  // and the lock's cache line moving between the cores several times a file). As the queue
  // runs short, each thread takes fewer, down to one, so that the threads end together.
  bool parse_next(std::unique_lock<std::mutex>& lock, int parser) {
    next = std::max(next, first);
    const std::size_t end = first + tasks.size();
    const std::size_t want =
        std::clamp<std::size_t>((end - next) / (std::size_t{2} * jobs), 1, kBatch);
    std::array<Task*, kBatch> taken{};
    std::size_t n = 0;
    for (; n < want && next < end; ++next) {
      Task& t = tasks[next - first];
      if (!t.zone || t.early != nullptr) continue;  // (an early one is parsed, or being parsed)
      t.parser = parser;
      taken[n++] = &t;
    }
    if (n == 0) {
      // Nothing queued: files prefetched (while the loader's thread lists a directory).
      const std::size_t from = early_next.load(std::memory_order_relaxed);
      const std::size_t left = early.size() - from;
      const std::size_t count = std::min(left, std::clamp<std::size_t>(left / 2, 1, kBatch));
      for (std::size_t k = from; k < from + count; ++k) {
        early[k].parser = parser;
        taken[n++] = &early[k];
      }
      early_next.store(from + count, std::memory_order_relaxed);
    }
    if (n == 0) return false;
    lock.unlock();
    for (std::size_t k = 0; k < n; ++k) parse(*taken[k], parser);
    lock.lock();
    for (std::size_t k = 0; k < n; ++k) taken[k]->done = true;
    parsed.notify_all();
    return true;
  }
  static constexpr std::size_t kBatch = 8;  // the most files parse_next takes at once

  // The shells `parser` keeps (see work): a pool thread's, or the loader's thread's (-1), which
  // parses ahead while it waits and appends what it parsed itself (append_front).
  std::vector<ZoneSet>& shells_of(int parser) {
    return parser >= 0 ? shells[static_cast<std::size_t>(parser)] : loader_shells;
  }
  std::vector<ZoneSet> loader_shells;

  void parse(Task& t, int parser) {
    // Into the shell of a set this thread parsed before, when it has one (see work).
    if (std::vector<ZoneSet>& kept = shells_of(parser); !kept.empty()) {
      t.set = std::move(kept.back());
      kept.pop_back();
    }
    // The files it skips are counted in the task, and added to the caller's count when the
    // task is appended. The task's own options say so while it is parsed (a copy of the
    // options, with the origin's name and the reader in them, took allocations every file).
    std::size_t* const skipped = std::exchange(t.file.options.skipped, &t.skipped);
    try {
      bool deferred = false;
      t.ok = load_path(t.set, t.file.path, t.file.options, true, true, &deferred);
      t.ahead = !deferred;
      t.own_first =
          t.ahead && t.set.sources.size() != 0 && t.set.sources.file(0).path() == t.file.path;
      if (build_lookups && t.ahead) zl::build_lookups(t.set, 0);
    } catch (...) {
      // Loaded again in its turn, on the loader's thread, where it throws as it would have
      // in a sequential load (unless an earlier file read it: then it is not loaded at all).
      t.set = ZoneSet{};
      t.ahead = false;
      t.own_first = false;
    }
    t.file.options.skipped = skipped;
  }

  // Pool thread `index`: parses queued zone files, and frees what is left of those it parsed
  // once they are appended, until the pool stops.
  void work(int index) {
    // The lists of spent sets go back and forth between spent[index] and `done`, and keep
    // their room: the loader's thread allocates them as it fills them (from its malloc arena),
    // and freeing one here, in the other thread, took that arena's lock while the loader's
    // thread allocated from it (~100 futex calls over 10,000 small zones).
    std::vector<ZoneSet> done;
    std::unique_lock<std::mutex> lock(mutex);
    while (!stopping) {
      if (!spent[index].empty()) {
        done.swap(spent[index]);
        lock.unlock();
        for (ZoneSet& set : done)
          keep_shell(std::move(set), shells[static_cast<std::size_t>(index)]);
        done.clear();
        lock.lock();
      } else if (!parse_next(lock, index)) {
        queued.wait(lock);
      }
    }
  }
};

FileLoader::FileLoader(ZoneSet& set, unsigned jobs, std::function<void(std::size_t, bool)> loaded,
                       bool build_lookups)
    : set_(set),
      loaded_(std::move(loaded)),
      build_lookups_(build_lookups),
      read_before_(std::make_unique<ReadBefore>(set)) {
  if (jobs <= 1) return;
  pool_ = std::make_unique<Pool>();
  pool_->jobs = jobs;
  pool_->build_lookups = build_lookups;
  pool_->spent.resize(jobs - 1);
  pool_->shells.resize(jobs - 1);
  pool_->threads.reserve(jobs - 1);
  for (unsigned t = 0; t + 1 < jobs; ++t)
    pool_->threads.emplace_back([p = pool_.get(), t] {
      reserve_thread_heap();  // the zones it parses stay to the end: huge pages (core/heap.hpp)
      use_own_file_table();
      p->work(static_cast<int>(t));
    });
}

FileLoader::~FileLoader() {
  if (!pool_) return;
  {
    const std::lock_guard<std::mutex> lock(pool_->mutex);
    pool_->stopping = true;
  }
  pool_->queued.notify_all();
  pool_->threads.clear();  // joins: a thread finishes the file it parses, then stops
}

void FileLoader::add(FileToLoad file) {
  ++added_;
  // One thread: the files are loaded in finish(), after the listing, as before the pool
  // existed. Loading each file as it is listed would interleave the walk's config lookups
  // with the parse, which evicts them from the caches: measured 5% slower on 10,000 zones.
  // With the pool, the files go to its queue a few at a time (publish), for the reason
  // Pool::parse_next takes a few at a time; the first at once, so that a pool thread starts on
  // it (a single large zone is parsed as before: its load begins on a pool thread while this
  // one returns to finish()).
  waiting_.push_back(std::move(file));
  if (pool_ && (added_ == 1 || waiting_.size() >= kPublished)) publish();
}

void FileLoader::publish() {
  if (waiting_.empty()) return;
  bool zones = false;
  std::unique_lock<std::mutex> lock(pool_->mutex);
  pool_->pass_over_early();
  for (FileToLoad& file : waiting_) {
    Task& t = pool_->tasks.emplace_back();
    t.zone = may_be_zone_file(file);
    zones = zones || t.zone;
    t.file = std::move(file);
    // Parsed already, or being parsed, after prefetch() gave it (with these options).
    if (t.zone && !pool_->early_by_path.empty()) {
      if (const auto it = pool_->early_by_path.find(t.file.path);
          it != pool_->early_by_path.end()) {
        t.early = it->second;
        pool_->early_by_path.erase(it);
      }
    }
    // A large zone file is parsed on all the threads (ParseOptions::threads); if others are
    // busy with other files meanwhile, the stretches wait their turn on the cores.
    t.file.options.parse.threads = pool_->jobs;
  }
  waiting_.clear();
  if (zones) pool_->queued.notify_all();
  // The files at the front that need no waiting (parsed ones, and those this thread loads).
  append_front(lock, pool_->ready_front());
}

void FileLoader::prefetch(FileToLoad file) {
  if (!pool_ || !may_be_zone_file(file)) return;  // only zone files are parsed ahead (above)
  {
    const std::lock_guard<std::mutex> lock(pool_->mutex);
    Task& t = pool_->early.emplace_back();
    t.zone = true;
    t.file = std::move(file);
    t.file.options.parse.threads = pool_->jobs;  // as publish() queues a file
    pool_->early_by_path.emplace(t.file.path, &t);
  }
  pool_->queued.notify_all();
}

bool FileLoader::wants_prefetch() const {
  // (`early` grows on this thread alone.)
  return pool_ && pool_->early.size() - pool_->early_next.load(std::memory_order_relaxed) <
                      Pool::kPrefetched;
}

void FileLoader::finish() {
  if (!pool_) {
    // Room for a zone per file at once (most files hold one): the vector would otherwise
    // double its way up, moving every Zone each time, and the blocks it leaves behind
    // (~7 MB over 10,000 small zones) raised the peak.
    set_.zones.reserve(set_.zones.size() + waiting_.size());
    for (std::size_t k = 0; k < waiting_.size(); ++k) {
      const FileToLoad& file = waiting_[k];
      bool ok = true;
      if (!(*read_before_)(file.path)) ok = load_here(file);
      if (loaded_) loaded_(added_ - waiting_.size() + k, ok);
    }
    waiting_.clear();
    return;
  }
  publish();
  std::unique_lock<std::mutex> lock(pool_->mutex);
  pool_->pass_over_early();  // (none to parse now: those not added are not)
  while (!pool_->tasks.empty()) {
    if (const std::size_t ready = pool_->ready_front(); ready > 0) {
      append_front(lock, ready);
      continue;
    }
    // The first file's turn has come but it is not parsed yet: parse a queued file meanwhile
    // (perhaps that one), or wait for a thread to finish one.
    if (!pool_->parse_next(lock, -1)) pool_->parsed.wait(lock);
  }
}

// Appends the first `count` files of the queue (ready: Pool::ready_front) with `lock`
// released, then takes them off the queue. The lock is taken twice for them all: taken for
// each file (to look at the front, to take it off, to hand its set's remains back), the pool's
// mutex went back and forth between the threads several times a file, measured as ~3 ms of
// lock and wake-up CPU over 10,000 small zones. Why the tasks can be read unlocked: only this
// thread adds or removes tasks, and the pool's threads write only the tasks they took, which
// these (parsed, or never queued for parsing) no longer are.
void FileLoader::append_front(std::unique_lock<std::mutex>& lock, std::size_t count) {
  if (count == 0) return;
  const std::size_t first = pool_->first;
  lock.unlock();
  for (std::size_t k = 0; k < count; ++k) {
    Pool::adopt(pool_->tasks[k]);
    append(pool_->tasks[k], first + k);
  }
  lock.lock();
  bool spent = false;
  for (std::size_t k = 0; k < count; ++k) {
    Task& t = pool_->tasks.front();
    if (t.parser >= 0) {
      // What is left of a set a pool thread loaded (the shells of its vectors, or a file an
      // earlier input made redundant) was allocated by that thread, from its malloc arena:
      // freeing it here, while that thread allocates for the next files, makes the two
      // threads take turns on that arena's lock (futex waits and wakes on every file, measured
      // as the largest extra cost of the parallel load). That thread frees it, between two
      // files. (Freeing them all at the end of finish(), once the pool was idle, was a serial
      // step of ~10 ms of CPU over 10,000 zones.) A set this thread loaded stays here.
      pool_->spent[static_cast<std::size_t>(t.parser)].push_back(std::move(t.set));
      spent = true;
    } else if (t.ahead) {
      // A set this thread parsed ahead (Pool::parse_next while it waits): its shell is kept for
      // the next one it parses (no fresh vectors for it).
      Pool::keep_shell(std::move(t.set), pool_->loader_shells);
    }
    pool_->tasks.pop_front();
    ++pool_->first;
  }
  if (spent) pool_->queued.notify_all();  // wakes a thread that waits for files to free them
}

// File i in its turn: load_file's first step (was it read before?), then its load, or the
// set a thread loaded it into.
void FileLoader::append(Task& t, std::size_t i) {
  bool ok = true;
  if (!(*read_before_)(t.file.path)) {
    if (t.ahead) {
      // Room for the zones of the files added so far, at once: moving every Zone again
      // each time the vector doubles would cost more than the append itself.
      if (set_.zones.size() + t.set.zones.size() > set_.zones.capacity())
        set_.zones.reserve(std::max(2 * set_.zones.capacity(),
                                    std::max(added_, set_.zones.size() + t.set.zones.size())));
      const FileId by = append_set(set_, std::move(t.set));
      if (t.own_first) {
        read_before_->add_asked(by);
        own_file_ = by;
      }
      if (t.file.options.skipped) *t.file.options.skipped += t.skipped;
      ok = t.ok;
    } else {
      ok = load_here(t.file);
    }
  }
  if (loaded_) loaded_(i, ok);
  own_file_ = kNoFile;
}

bool FileLoader::load_here(const FileToLoad& file) {
  const std::size_t from = set_.zones.size();
  const bool ok = load_path(set_, file.path, file.options, true);
  if (build_lookups_) build_lookups(set_, from);
  return ok;
}

void load_files(ZoneSet& set, std::span<const FileToLoad> files, unsigned jobs,
                const std::function<void(std::size_t, bool)>& loaded) {
  FileLoader loader(set, jobs, loaded);
  for (const FileToLoad& f : files) loader.add(f);
  loader.finish();
}

}  // namespace zl
