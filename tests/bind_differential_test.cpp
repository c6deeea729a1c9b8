// Differential test with BIND as the oracle. For zones from tools/genzone.py (several seeds and
// options) and for the corpus zones BIND accepts, our record set equals what
//   named-compilezone -i none -f text -F raw -s full -o FILE ORIGIN ZONE
// writes: the same RRsets (owner, type), the same rdata in wire form, the same TTLs.
//
// BIND's raw format carries its own wire encoding of every rdata (read_bind_raw), so the rdata
// bytes on BIND's side come from BIND's encoder alone: an encoder bug of ours cannot hide by
// appearing on both sides, as it could if BIND's text output were read back with our parser.
// Two things BIND does on loading are accounted for explicitly:
//  * it merges identical records of an RRset (we compare sets of rdata);
//  * it gives an RRset one TTL: within a run of consecutive records with the same owner
//    (spelled the same, in the same file) the first TTL of each type wins, and a later run
//    replaces the TTL of an earlier one; a $GENERATE directive is a run of its own, committed
//    when it is read (see bind_rrset_ttls).
// The oracle is required: if named-compilezone or python3 is missing, the test fails
// (scripts/setup installs bind9-utils).
#include <catch2/catch.hpp>

#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "parse/zone_parser.hpp"

using namespace zl;
namespace fs = std::filesystem;

namespace {

const std::string kCorpus = ZONELINT_CORPUS_DIR;
const std::string kSource = ZONELINT_SOURCE_DIR;

struct Run {
  int status = -1;
  std::string out;
  std::string err;
};

std::string shell_quote(const std::string& s) {
  std::string q = "'";
  for (char c : s) {
    if (c == '\'')
      q += "'\\''";
    else
      q.push_back(c);
  }
  return q + "'";
}

Run run(const std::string& command, const fs::path& errfile) {
  Run r;
  const std::string cmd = command + " 2>" + shell_quote(errfile.string());
  FILE* p = ::popen(cmd.c_str(), "r");
  REQUIRE(p != nullptr);
  std::array<char, 65536> buf{};
  std::size_t n = 0;
  while ((n = std::fread(buf.data(), 1, buf.size(), p)) > 0) r.out.append(buf.data(), n);
  const int st = ::pclose(p);
  r.status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
  std::ifstream e(errfile);
  r.err.assign(std::istreambuf_iterator<char>(e), std::istreambuf_iterator<char>());
  return r;
}

bool have_program(const std::string& name) {
  return std::system(("command -v " + name + " >/dev/null 2>&1").c_str()) == 0;
}

struct TempDir {
  fs::path path;
  TempDir() {
    path = fs::temp_directory_path() / ("zonelint-diff-" + std::to_string(::getpid()));
    fs::remove_all(path);
    fs::create_directories(path);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
};

// Canonical owner, type, and for RRSIG the type covered: BIND keeps signatures in one rdataset
// per covered type, each with its own TTL.
struct Key {
  std::string owner;
  std::uint16_t type;
  std::uint16_t covers;
  friend bool operator<(const Key& a, const Key& b) {
    return std::tie(a.owner, a.type, a.covers) < std::tie(b.owner, b.type, b.covers);
  }
};
struct RRset {
  std::uint32_t ttl = 0;
  std::set<std::string> rdata;  // wire form
};
using RecordSet = std::map<Key, RRset>;

Key key_of(const Zone& z, const Record& r) {
  std::uint16_t covers = 0;
  if ((r.type == rrtype::RRSIG || r.type == rrtype::SIG) && z.rdata(r).size() >= 2) {
    const auto w = z.rdata(r);
    covers = static_cast<std::uint16_t>((static_cast<unsigned char>(w[0]) << 8) |
                                        static_cast<unsigned char>(w[1]));
  }
  return {z.owner(r).canonical_text(), r.type, covers};
}

// The TTL BIND gives each RRset, from our records in file order (see the file comment).
std::map<Key, std::uint32_t> bind_rrset_ttls(const Zone& z) {
  std::map<Key, std::uint32_t> committed;
  std::map<Key, std::uint32_t> run_ttls;
  std::string run_owner;
  FileId run_file = kNoFile;
  auto commit = [&] {
    for (const auto& [k, ttl] : run_ttls) committed[k] = ttl;
    run_ttls.clear();
  };
  for (const Record& r : z.records) {
    const Key k = key_of(z, r);
    if (r.has(kGenerated)) {
      committed[k] = r.ttl;
      continue;
    }
    if (z.owner(r).wire() != run_owner || z.file_of(r) != run_file) {
      commit();
      run_owner = z.owner(r).wire();
      run_file = z.file_of(r);
    }
    run_ttls.emplace(k, r.ttl);  // the first TTL of the run wins
  }
  commit();
  return committed;
}

struct Side {
  RecordSet sets;
  std::size_t records = 0;
};

// Our view: records grouped into RRsets, BIND's TTL rule applied. Records outside the zone
// (BIND ignores them with a warning) are counted and left out.
Side ours(const Zone& z, std::size_t* out_of_zone) {
  Side s;
  const auto ttls = bind_rrset_ttls(z);
  for (const Record& r : z.records) {
    if (!z.owner(r).is_subdomain_of(z.origin)) {
      ++*out_of_zone;
      continue;
    }
    const Key k = key_of(z, r);
    RRset& set = s.sets[k];
    set.ttl = ttls.at(k);
    set.rdata.insert(std::string(z.rdata(r)));
    ++s.records;
  }
  return s;
}

// BIND's view, from its raw format (BIND 9.18 lib/dns/masterdump.c, dump_rdataset_raw): a
// 24-byte header (format 2 = raw, version 1, dump time, flags, source serial, last transfer),
// then one block per RRset: total length (32 bits), class, type, covered type (16 bits each),
// TTL and record count (32 bits), owner (16-bit length + uncompressed wire), then each rdata as
// a 16-bit length and BIND's wire bytes. Everything in network order.
struct RawReader {
  std::string_view in;
  std::size_t pos = 0;
  bool ok = true;
  std::uint32_t get(int bytes) {
    if (!ok || in.size() - pos < static_cast<std::size_t>(bytes)) {
      ok = false;
      return 0;
    }
    std::uint32_t v = 0;
    for (int i = 0; i < bytes; ++i) v = (v << 8) | static_cast<unsigned char>(in[pos++]);
    return v;
  }
  std::string_view take(std::size_t n) {
    if (!ok || in.size() - pos < n) {
      ok = false;
      return {};
    }
    pos += n;
    return in.substr(pos - n, n);
  }
};

Side read_bind_raw(std::string_view raw) {
  Side s;
  RawReader rd{raw};
  REQUIRE(rd.get(4) == 2);  // dns_masterformat_raw
  REQUIRE(rd.get(4) == 1);  // header version 1
  rd.take(16);
  while (rd.ok && rd.pos < raw.size()) {
    const std::size_t start = rd.pos;
    const std::uint32_t total = rd.get(4);
    const std::uint16_t rclass = static_cast<std::uint16_t>(rd.get(2));
    const std::uint16_t type = static_cast<std::uint16_t>(rd.get(2));
    const std::uint16_t covers = static_cast<std::uint16_t>(rd.get(2));
    const std::uint32_t ttl = rd.get(4);
    const std::uint32_t count = rd.get(4);
    const std::string_view owner = rd.take(rd.get(2));
    REQUIRE(rd.ok);
    REQUIRE(Name::is_valid_wire(owner));
    CHECK(rclass == 1);
    auto [it, fresh] =
        s.sets.try_emplace(Key{Name::from_wire(owner).canonical_text(), type, covers});
    CHECK(fresh);  // one block per RRset
    it->second.ttl = ttl;
    for (std::uint32_t i = 0; i < count && rd.ok; ++i) {
      it->second.rdata.insert(std::string(rd.take(rd.get(2))));
      ++s.records;
    }
    REQUIRE(rd.ok);
    INFO("raw RRset block at offset " << start);
    REQUIRE(rd.pos - start == total);
  }
  REQUIRE(rd.ok);
  return s;
}

std::string hex(std::string_view s) {
  static const char* d = "0123456789abcdef";
  std::string out;
  for (unsigned char c : s.substr(0, 24)) {
    out.push_back(d[c >> 4]);
    out.push_back(d[c & 15]);
  }
  if (s.size() > 24) out += "...";
  return out;
}

// Compares two record sets; returns a description of at most 20 differences.
std::string differences(const RecordSet& a, const RecordSet& b) {
  std::string out;
  int n = 0;
  auto note = [&](const std::string& line) {
    if (n++ < 20) out += line + "\n";
  };
  for (const auto& [k, set] : a) {
    const std::string name =
        k.owner + " " + type_name(k.type) + (k.covers ? "(" + type_name(k.covers) + ")" : "");
    auto it = b.find(k);
    if (it == b.end()) {
      note("only in zonelint: " + name);
      continue;
    }
    if (set.ttl != it->second.ttl)
      note("TTL differs for " + name + ": zonelint " + std::to_string(set.ttl) + ", BIND " +
           std::to_string(it->second.ttl));
    for (const auto& r : set.rdata)
      if (!it->second.rdata.count(r)) note("rdata only in zonelint: " + name + " " + hex(r));
    for (const auto& r : it->second.rdata)
      if (!set.rdata.count(r)) note("rdata only in BIND: " + name + " " + hex(r));
  }
  for (const auto& [k, set] : b)
    if (!a.count(k)) note("only in BIND: " + k.owner + " " + type_name(k.type));
  if (n > 20) out += "... and " + std::to_string(n - 20) + " more\n";
  return out;
}

// Loads `file` with our parser and through named-compilezone, and compares.
void compare_with_bind(const std::string& file, const std::string& origin,
                       const std::string& include_root, const fs::path& workdir,
                       const std::string& cwd) {
  INFO("zone file " << file << ", origin " << origin);
  ZoneSet mine;
  ParseOptions o;
  o.origin = Name::parse(origin, nullptr);
  o.include_root = include_root;
  std::string err;
  auto text = filesystem_reader()(file, &err);
  REQUIRE(text);
  auto idx = load_zone_text(mine, file, std::move(*text), o);
  REQUIRE(idx);
  for (const auto& d : mine.diagnostics.items()) {
    INFO(d.message);
    CHECK(d.rule != kParseError);
  }

  // BIND resolves $INCLUDE from its working directory.
  const fs::path raw_file = workdir / "bind-output.raw";
  fs::remove(raw_file);
  const std::string cmd = "cd " + shell_quote(cwd) +
                          " && named-compilezone -i none -f text -F raw -s full -o " +
                          shell_quote(raw_file.string()) + " " + shell_quote(origin) + " " +
                          shell_quote(file) + " >/dev/null";
  const Run bind = run(cmd, workdir / "bind.err");
  INFO("named-compilezone: " << bind.err);
  REQUIRE(bind.status == 0);
  std::string raw;
  {
    std::ifstream in(raw_file, std::ios::binary);
    REQUIRE(in.good());
    raw.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }

  std::size_t out_of_zone = 0;
  const Side a = ours(mine.zones[*idx], &out_of_zone);
  const Side b = read_bind_raw(raw);
  const std::string diff = differences(a.sets, b.sets);
  INFO("records: zonelint " << a.records << " (+" << out_of_zone << " out of zone), BIND "
                            << b.records << "\n"
                            << diff);
  CHECK(diff.empty());
  CHECK(a.sets.size() == b.sets.size());
  CHECK(!a.sets.empty());
}

void require_oracle() {
  if (!have_program("named-compilezone"))
    FAIL(
        "named-compilezone is not installed: the differential test needs BIND as its oracle "
        "(run scripts/setup, which installs bind9-utils)");
}

}  // namespace

TEST_CASE("differential: genzone.py zones load as BIND loads them") {
  require_oracle();
  if (!have_program("python3")) FAIL("python3 is not installed (run scripts/setup)");
  TempDir tmp;
  struct Gen {
    int seed;
    int records;
    const char* options;
  };
  const std::vector<Gen> gens = {{1, 2500, ""},
                                 {2, 2500, "--mx-heavy"},
                                 {3, 2500, "--rare-syntax"},
                                 {42, 4000, "--rare-syntax --mx-heavy"},
                                 {7, 1500, "--origin example.org."}};
  for (const auto& g : gens) {
    const fs::path zone = tmp.path / ("gen-" + std::to_string(g.seed) + ".zone");
    const std::string cmd = "python3 " + shell_quote(kSource + "/tools/genzone.py") +
                            " --records " + std::to_string(g.records) + " --seed " +
                            std::to_string(g.seed) + " " + g.options + " --out " +
                            shell_quote(zone.string());
    const Run gen = run(cmd, tmp.path / "gen.err");
    INFO(cmd << "\n" << gen.err);
    REQUIRE(gen.status == 0);
    const std::string origin = std::string(g.options).find("example.org.") != std::string::npos
                                   ? "example.org."
                                   : "example.com.";
    compare_with_bind(zone.string(), origin, tmp.path.string(), tmp.path, tmp.path.string());
  }
}

TEST_CASE("differential: a zone with every directive loads as BIND loads it") {
  require_oracle();
  TempDir tmp;
  std::ofstream(tmp.path / "sub.inc")
      << "$TTL 77\nfoo A 192.0.2.9\n$ORIGIN deeper\nbar A 192.0.2.8\n"
         "bar 20 A 192.0.2.10\n";
  std::ofstream(tmp.path / "main.zone")
      << "$TTL 1h\n"
         "@ IN SOA ns hostmaster ( 2024010101 ; serial\n 1h 15m 1w 5m )\n"
         "  IN NS ns\n"
         "ns A 192.0.2.1\n"
         "last A 192.0.2.1\n"
         "$INCLUDE sub.inc sub\n"
         "  A 192.0.2.2\n"
         "after 300 A 192.0.2.3\n"
         "  600 A 192.0.2.4\n"  // same run: the first TTL (300) wins
         "other A 192.0.2.5\n"
         "after 900 TXT \"later run\"\n"  // a later run of 'after'
         "$GENERATE 1-20 host$ A 192.0.2.$\n"
         "$GENERATE 0-3/2 ${0,3,n}.rev PTR host${1,3,d}\n"
         "$GENERATE 1-2 mx$ IN 120 MX \"10 mail$\"\n"
         "$GENERATE 1-1 h\\$$$$ TXT \"a\\$ $$ ${1,3,X}\"\n"
         "txt TXT \"quoted;semi\" ( two\n lines ) \\065\\066 \"tab\\009\"\n"
         "dup TXT same\n"
         "dup TXT same\n"  // BIND merges identical records
         "Case TXT one\n"
         "case TXT two\n"  // another spelling: another run
         "ttl 1w2d3h4m5s A 192.0.2.6\n"
         "cls IN 300 AAAA 2001:db8::1\n"
         "gen TYPE65534 \\# 3 abcdef\n"
         "mx MX 10 @\n"
         "srv._tcp SRV 0 5 443 www\n"
         "caa CAA 0 issue \"ca.example\"\n";
  compare_with_bind((tmp.path / "main.zone").string(), "example.", tmp.path.string(), tmp.path,
                    tmp.path.string());
}

TEST_CASE("differential: real-world zones BIND accepts load as BIND loads them") {
  require_oracle();
  TempDir tmp;
  const std::string dir = kCorpus + "/real-world";
  std::ifstream manifest(dir + "/MANIFEST.tsv");
  REQUIRE(manifest.good());
  std::string line;
  std::getline(manifest, line);  // header
  std::size_t compared = 0;
  while (std::getline(manifest, line)) {
    std::vector<std::string> c;
    std::size_t start = 0;
    for (;;) {
      const auto tab = line.find('\t', start);
      c.push_back(line.substr(start, tab == std::string::npos ? std::string::npos : tab - start));
      if (tab == std::string::npos) break;
      start = tab + 1;
    }
    REQUIRE(c.size() > 4);
    // Only the zones BIND loads (exit 0): the others have CNAME conflicts, check-names
    // failures or are templates (see bind_corpus_test.cpp).
    if (c[4] != "0") continue;
    const std::string file = dir + "/" + c[0];
    compare_with_bind(file, c[2], dir + "/" + c[1], tmp.path,
                      fs::path(file).parent_path().string());
    ++compared;
  }
  CHECK(compared == 21);
}

TEST_CASE("differential: the signed root zone loads as BIND loads it") {
  require_oracle();
  TempDir tmp;
  const std::string file = kCorpus + "/root-zone/root.zone";
  compare_with_bind(file, ".", kCorpus, tmp.path, kCorpus);
}
