// The catalogue of hostile and broken inputs (issue 6): each gives a located diagnostic and a
// clean refusal, never a crash. Also replays every committed fuzz regression input
// (fuzz/regressions/TARGET/*) through the same harness the fuzz target runs.
#include <catch2/catch.hpp>
#include <cstdlib>  // mkdtemp (POSIX)

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "fuzz/harness/config_loader.hpp"
#include "fuzz/harness/invariants.hpp"
#include "fuzz/harness/loader.hpp"
#include "fuzz/harness/name.hpp"
#include "fuzz/harness/pipeline.hpp"
#include "fuzz/harness/rdata.hpp"
#include "fuzz/harness/zone.hpp"
#include "load/loader.hpp"
#include "model/name.hpp"
#include "parse/file_read.hpp"
#include "parse/zone_parser.hpp"
#include "temp_dir.hpp"

namespace fs = std::filesystem;
using zl::Name;
using zl::ParseOptions;
using zl::ZoneSet;

namespace {

std::string read_all(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// Runs `harness` on every committed regression input of `target`; returns how many ran.
template <typename Harness>
std::size_t replay(const std::string& target, Harness harness) {
  const fs::path dir = fs::path(ZONELINT_SOURCE_DIR) / "fuzz" / "regressions" / target;
  std::vector<fs::path> inputs;
  if (fs::exists(dir)) {
    for (const auto& e : fs::directory_iterator(dir)) {
      if (e.is_regular_file() && e.path().extension() != ".md") inputs.push_back(e.path());
    }
  }
  std::sort(inputs.begin(), inputs.end());
  for (const auto& p : inputs) {
    INFO("regression input " << p.string());
    const std::string bytes = read_all(p);
    harness(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
  }
  return inputs.size();
}

const fs::path kHostile = fs::path(ZONELINT_FIXTURES_DIR) / "hostile";

// A freshly loaded zone file, checked against the fuzz invariants (every span inside its file,
// every diagnostic located, every record readable).
struct Loaded {
  ZoneSet set;
  std::optional<std::size_t> zone;
  const zl::Zone& z() const { return set.zones.at(zone.value()); }
  std::size_t records() const { return zone ? set.zones[*zone].records.size() : 0; }
};

ParseOptions default_options() {
  ParseOptions opt;
  opt.origin = Name::parse("example.com.", nullptr);
  return opt;
}

std::unique_ptr<Loaded> load_text(const std::string& path, std::string text,
                                  const ParseOptions& opt = default_options()) {
  auto l = std::make_unique<Loaded>();
  l->zone = zl::load_zone_text(l->set, path, std::move(text), opt);
  zl::fuzz::check_zone_set(l->set);
  return l;
}

std::unique_ptr<Loaded> load_path(const fs::path& p, const ParseOptions& opt = default_options()) {
  return load_text(p.string(), read_all(p), opt);
}

// Errors (any rule, severity error) at 1-based `line` of the file named `file_suffix` whose
// message contains `needle`.
std::size_t errors_at(const ZoneSet& set, std::uint32_t line, std::string_view needle,
                      std::string_view file_suffix = "") {
  std::size_t n = 0;
  for (const auto& d : set.diagnostics.items()) {
    if (d.severity != zl::Severity::error || !d.span.valid()) continue;
    const std::string& path = set.sources.file(d.span.file).path();
    if (!file_suffix.empty() && !path.ends_with(file_suffix)) continue;
    if (set.sources.begin_of(d.span).line == line && d.message.find(needle) != std::string::npos) {
      ++n;
    }
  }
  return n;
}

std::size_t error_count(const ZoneSet& set) {
  return static_cast<std::size_t>(
      std::count_if(set.diagnostics.items().begin(), set.diagnostics.items().end(),
                    [](const zl::Diagnostic& d) { return d.severity == zl::Severity::error; }));
}

bool has_owner(const zl::Zone& z, std::string_view name) {
  const auto n = Name::parse(name, nullptr);
  return n && z.name_exists(*n);
}

std::string dump(const ZoneSet& set) {
  std::string out;
  for (const auto& d : set.diagnostics.items()) {
    const auto lc = set.sources.begin_of(d.span);
    out += set.sources.file(d.span.file).path() + ":" + std::to_string(lc.line) + ":" +
           std::to_string(lc.column) + ": " + std::string(d.rule) + ": " + d.message + "\n";
  }
  return out;
}

}  // namespace

// --- names ------------------------------------------------------------------------------

TEST_CASE("hostile: a decimal escape above 255 in a name is refused and says why") {
  std::string err;
  CHECK_FALSE(Name::parse("a\\256.example.", nullptr, &err));
  CHECK(err.find("above 255") != std::string::npos);
  CHECK_FALSE(Name::parse("a\\999.example.", nullptr, &err));
  CHECK(Name::parse("a\\255.example.", nullptr, &err));
}

TEST_CASE("hostile: truncated escapes at the end of a name are refused") {
  std::string err;
  const Name root = Name::root();
  for (const char* text : {"a\\", "a\\1", "a\\12", "a\\1x3.", "\\"}) {
    INFO(text);
    err.clear();
    CHECK_FALSE(Name::parse(text, &root, &err));
    CHECK_FALSE(err.empty());
  }
}

TEST_CASE("hostile: label and name length caps are exact") {
  const std::string l63(63, 'a');
  const std::string l64(64, 'a');
  std::string err;
  CHECK(Name::parse(l63 + ".", nullptr, &err));
  CHECK_FALSE(Name::parse(l64 + ".", nullptr, &err));
  CHECK(err.find("63") != std::string::npos);
  // 255 octets of wire: four labels of 63 plus one of 0..; 63*3 + 61 + 5 length bytes = 255.
  const std::string max_name = l63 + "." + l63 + "." + l63 + "." + std::string(61, 'b') + ".";
  auto n = Name::parse(max_name, nullptr, &err);
  REQUIRE(n);
  CHECK(n->wire().size() == 255);
  CHECK_FALSE(Name::parse("c." + max_name, nullptr, &err));
  CHECK(err.find("255") != std::string::npos);
  // A relative name that only overflows once the origin is appended.
  auto origin = Name::parse(l63 + "." + l63 + ".", nullptr);
  REQUIRE(origin);
  CHECK_FALSE(Name::parse(l63 + "." + l63, &*origin, &err));
  CHECK(err.find("origin") != std::string::npos);
}

TEST_CASE("hostile: NUL bytes and invalid UTF-8 in a name survive a round trip, escaped") {
  const std::string raw = std::string("a\0b\xff\xc3(", 6) + ".example.";
  auto n = Name::parse(raw, nullptr);
  REQUIRE(n);
  const std::string text = n->text();
  // Non-printable and non-ASCII bytes are written as \DDD, so the text is plain ASCII.
  CHECK(std::all_of(text.begin(), text.end(), [](char c) { return c >= 0x21 && c <= 0x7e; }));
  CHECK(text == "a\\000b\\255\\195\\(.example.");
  auto back = Name::parse(text, nullptr);
  REQUIRE(back);
  CHECK(back->wire() == n->wire());
}

// --- zone files: bytes -------------------------------------------------------------------

TEST_CASE("hostile: binary garbage gives located errors and no crash") {
  // 64 KiB from a fixed generator: every byte value, no structure.
  std::string garbage(std::size_t{64} * 1024, '\0');
  std::uint32_t x = 2463534242u;
  for (char& c : garbage) {
    x ^= x << 13, x ^= x >> 17, x ^= x << 5;
    c = static_cast<char>(x & 0xff);
  }
  auto l = load_text("garbage.zone", garbage);
  INFO(dump(l->set).substr(0, 2000));
  CHECK(error_count(l->set) >= 1);
}

TEST_CASE("hostile: NUL bytes outside quotes are errors, inside quotes they are TXT octets") {
  auto l = load_path(kHostile / "nul-bytes.zone");
  INFO(dump(l->set));
  CHECK(errors_at(l->set, 8, "NUL byte") == 1);  // bad<NUL>owner: BIND says syntax error
  CHECK(errors_at(l->set, 9, "NUL byte") == 1);  // a line of NULs: one error, not three
  REQUIRE(l->zone);
  CHECK(has_owner(l->z(), "txt.example.com."));  // "a<NUL>b" is a valid character-string
  CHECK(has_owner(l->z(), "after.example.com."));
  CHECK_FALSE(has_owner(l->z(), std::string("bad\\000owner.example.com.")));
}

TEST_CASE("hostile: invalid UTF-8 in comments, strings and names is kept as octets") {
  // DNS names and character-strings are octets; BIND loads this file. The bytes must reach
  // the model unchanged (reporters escape them; see the pipeline tests below).
  auto l = load_path(kHostile / "invalid-utf8.zone");
  INFO(dump(l->set));
  CHECK(error_count(l->set) == 0);
  REQUIRE(l->zone);
  CHECK(has_owner(l->z(), "caf\\233.example.com."));
  const auto txt = l->z().records_at(*Name::parse("txt.example.com.", nullptr), zl::rrtype::TXT);
  REQUIRE(txt.size() == 1);
  const auto strings = zl::as_txt(l->z(), l->z().records[txt[0]]);
  REQUIRE(strings);
  CHECK(strings->strings.at(0) == "caf\xe9 \xf0\x9f\x98");
}

TEST_CASE("hostile: a UTF-8 byte order mark is an error at 1:1 and the rest still loads") {
  auto l = load_path(kHostile / "bom.zone");
  INFO(dump(l->set));
  CHECK(errors_at(l->set, 1, "byte order mark") == 1);
  REQUIRE(l->zone);
  CHECK(has_owner(l->z(), "www.example.com."));
}

TEST_CASE("hostile: CR-only line ends read as line ends, as BIND reads them") {
  // named-checkzone loads this file (serial 1); the records must be exactly those of the
  // same file with LF line ends.
  const std::string cr = read_all(kHostile / "cr-only.zone");
  std::string lf = cr;
  std::replace(lf.begin(), lf.end(), '\r', '\n');
  auto a = load_text("cr.example.com.zone", cr);
  auto b = load_text("lf.example.com.zone", lf);
  INFO(dump(a->set));
  REQUIRE(a->zone);
  REQUIRE(b->zone);
  CHECK(error_count(a->set) == 0);
  REQUIRE(a->records() == b->records());
  CHECK(a->records() == 5);
  for (std::size_t i = 0; i < a->records(); ++i) {
    CHECK(a->z().owner(a->z().records[i]) == b->z().owner(b->z().records[i]));
    CHECK(a->z().records[i].type == b->z().records[i].type);
    CHECK(a->z().rdata(a->z().records[i]) == b->z().rdata(b->z().records[i]));
  }
  // Positions count a lone CR as a line end: www is on line 6.
  const auto www = a->z().records_at(*Name::parse("www.example.com.", nullptr));
  REQUIRE(www.size() == 1);
  CHECK(a->set.sources.begin_of(a->z().span(a->z().records[www[0]])).line == 6);
}

TEST_CASE("hostile: unterminated quotes and parentheses are located and contained") {
  auto q = load_path(kHostile / "unterminated-quote.zone");
  INFO(dump(q->set));
  CHECK(errors_at(q->set, 6, "unterminated quoted string") == 1);
  REQUIRE(q->zone);
  CHECK(has_owner(q->z(), "www.example.com."));  // the next line is not swallowed

  auto p = load_path(kHostile / "unterminated-paren.zone");
  INFO(dump(p->set));
  CHECK(errors_at(p->set, 6, "never closed") == 1);
  REQUIRE(p->zone);
  CHECK(has_owner(p->z(), "www.example.com."));  // a line in column 0 starts a new entry

  auto s = load_path(kHostile / "stray-paren.zone");
  INFO(dump(s->set));
  CHECK(errors_at(s->set, 6, "parenthes") == 1);
}

TEST_CASE("hostile: a decimal escape above 255 in an owner and in a string is an error") {
  auto l = load_path(kHostile / "ddd-above-255.zone");
  INFO(dump(l->set));
  CHECK(errors_at(l->set, 6, "above 255") == 1);
  CHECK(errors_at(l->set, 7, "above 255") == 1);
  REQUIRE(l->zone);
  CHECK(has_owner(l->z(), "ok.example.com."));
}

TEST_CASE("hostile: TTLs above 2^31-1 are errors on records, in $TTL and through units") {
  auto l = load_path(kHostile / "ttl-overflow.zone");
  INFO(dump(l->set));
  CHECK(errors_at(l->set, 6, "2147483648") == 1);
  CHECK(errors_at(l->set, 7, "99999999999999999999") == 1);
  CHECK(errors_at(l->set, 8, "9999999w") == 1);
  REQUIRE(l->zone);
  const auto max = l->z().records_at(*Name::parse("max.example.com.", nullptr));
  REQUIRE(max.size() == 1);
  CHECK(l->z().records[max[0]].ttl == 2147483647u);

  auto d = load_path(kHostile / "ttl-directive-overflow.zone");
  INFO(dump(d->set));
  CHECK(errors_at(d->set, 2, "4294967296") == 1);
  auto d2 = load_text("t.example.com.zone",
                      "$TTL 2147483648\n@ IN SOA ns1 h 1 2 3 4 5\n@ IN NS ns1.example.net.\n");
  INFO(dump(d2->set));
  CHECK(errors_at(d2->set, 1, "2147483648") == 1);
}

TEST_CASE("hostile: 0-byte and 1-byte files load without a crash") {
  for (const char* name : {"empty.zone", "one-newline.zone"}) {
    INFO(name);
    auto l = load_path(kHostile / name);
    REQUIRE(l->zone);
    CHECK(l->records() == 0);  // the empty zone is reported by the rules (no SOA)
  }
  auto one = load_path(kHostile / "one-byte.zone");  // "@" and nothing else
  INFO(dump(one->set));
  CHECK(errors_at(one->set, 1, "") >= 1);
}

TEST_CASE("hostile: an empty quoted owner is an error, not a malformed name") {
  // Found by fuzz_zone: the fast path of the owner parser turned "" into a name with an empty
  // first label followed by the origin, which is not a valid wire name. BIND: "unexpected end
  // of input".
  auto l = load_text("q.example.com.zone",
                     "$TTL 300\n@ SOA ns1 h 1 2 3 4 5\n@ NS ns1\n\"\" IN A 192.0.2.1\n");
  INFO(dump(l->set));
  CHECK(errors_at(l->set, 4, "empty name") == 1);
  CHECK(l->records() == 2);
}

// --- zone files: limits -------------------------------------------------------------------

TEST_CASE("hostile: a 10 MB line is refused by the line cap and the lines around it load") {
  std::string text = "$ORIGIN example.com.\n$TTL 3600\n@ IN SOA ns1 h 1 2 3 4 5\n@ IN NS ns1\n";
  text += "long IN TXT ";
  for (int i = 0; i < 10 * 1024 * 1024 / 4; ++i) text += "\"x\" ";
  text += "\nafter IN A 192.0.2.1\n";
  auto l = load_text("long.example.com.zone", text);
  INFO(dump(l->set));
  CHECK(errors_at(l->set, 5, "--max-line-bytes") == 1);
  REQUIRE(l->zone);
  CHECK(has_owner(l->z(), "after.example.com."));
  CHECK_FALSE(has_owner(l->z(), "long.example.com."));
}

TEST_CASE("hostile: the file size cap refuses a file before parsing it") {
  ParseOptions opt = default_options();
  opt.limits.max_file_bytes = 64;
  auto l = load_text("big.example.com.zone", std::string(200, ';'), opt);
  INFO(dump(l->set));
  CHECK(error_count(l->set) == 1);
  CHECK(dump(l->set).find("--max-file-bytes") != std::string::npos);
  CHECK(l->records() == 0);
}

TEST_CASE("hostile: the record cap stops a zone at the limit with one error") {
  ParseOptions opt = default_options();
  opt.limits.max_records_per_zone = 3;
  auto l = load_text("cap.example.com.zone",
                     "$TTL 1\n@ SOA ns1 h 1 2 3 4 5\n@ NS ns1\nns1 A 192.0.2.1\nw A 192.0.2.2\n"
                     "x A 192.0.2.3\n",
                     opt);
  INFO(dump(l->set));
  CHECK(errors_at(l->set, 5, "--max-records") == 1);
  CHECK(error_count(l->set) == 1);
  CHECK(l->records() == 3);
}

TEST_CASE("hostile: $GENERATE caps per directive and per zone") {
  auto l = load_path(kHostile / "generate-cap.zone");
  INFO(dump(l->set));
  CHECK(errors_at(l->set, 6, "--max-generate)") == 1);
  CHECK(l->records() == 3);  // nothing of the refused directive is kept

  ParseOptions opt = default_options();
  opt.limits.max_generate_per_directive = 600;
  opt.limits.max_generate_per_zone = 1000;
  auto z = load_text("gen.example.com.zone",
                     "$TTL 1\n@ SOA ns1 h 1 2 3 4 5\n@ NS ns1\n$GENERATE 1-600 a$ A 192.0.2.1\n"
                     "$GENERATE 1-600 b$ A 192.0.2.1\n",
                     opt);
  INFO(dump(z->set));
  CHECK(errors_at(z->set, 5, "--max-generate-per-zone") == 1);
  CHECK(z->records() == 2 + 600);

  auto r = load_path(kHostile / "generate-bad-range.zone");
  INFO(dump(r->set));
  CHECK(errors_at(r->set, 6, "range") == 1);
  CHECK(errors_at(r->set, 7, "range") == 1);
  CHECK(errors_at(r->set, 8, "range") == 1);
}

// --- $INCLUDE -----------------------------------------------------------------------------

namespace {

const fs::path kIncludeRoot = kHostile / "include" / "root";

ParseOptions include_options(const fs::path& root = kIncludeRoot) {
  ParseOptions opt = default_options();
  opt.include_root = root.string();
  return opt;
}

// No text of the secret file reached the run: no source holds it, no message quotes it.
void check_secret_unread(const ZoneSet& set) {
  for (zl::FileId f = 0; f < set.sources.size(); ++f) {
    CHECK(set.sources.file(f).text().find("CANARY-7f3a9c") == std::string::npos);
    CHECK(set.sources.file(f).text().find("root:x:0:0") == std::string::npos);
  }
  for (const auto& d : set.diagnostics.items()) {
    CHECK(d.message.find("CANARY-7f3a9c") == std::string::npos);
    for (const auto& n : d.notes) CHECK(n.message.find("CANARY-7f3a9c") == std::string::npos);
  }
}

using zltest::TempDir;

void write_file(const fs::path& p, std::string_view text) {
  fs::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary) << text;
}

constexpr std::string_view kHead =
    "$ORIGIN example.com.\n$TTL 3600\n@ IN SOA ns1 hostmaster 1 7200 3600 1209600 300\n"
    "@ IN NS ns1\n";

}  // namespace

TEST_CASE("hostile: $INCLUDE escapes through .., deeper .. and absolute paths are refused") {
  for (const char* zone :
       {"escape-dotdot.zone", "escape-deep-dotdot.zone", "escape-absolute.zone"}) {
    INFO(zone);
    auto l = load_path(kIncludeRoot / zone, include_options());
    INFO(dump(l->set));
    CHECK(errors_at(l->set, 6, "outside the include root") == 1);
    REQUIRE(l->zone);
    CHECK(has_owner(l->z(), "after.example.com."));  // loading goes on after the directive
    CHECK_FALSE(has_owner(l->z(), "secret.example.com."));
    check_secret_unread(l->set);
  }
}

TEST_CASE("hostile: $INCLUDE through a symlink that leaves the root is refused") {
  TempDir tmp;
  const fs::path root = tmp.path / "root";
  write_file(tmp.path / "outside" / "secret.zone",
             read_all(kHostile / "include/outside/secret.zone"));
  write_file(root / "top.inc", "top IN A 192.0.2.11\n");
  fs::create_symlink("../outside/secret.zone", root / "link-out.inc");
  fs::create_directory_symlink("../outside", root / "dir-out");
  fs::create_symlink("top.inc", root / "link-in.inc");
  write_file(root / "a.zone", std::string(kHead) + "$INCLUDE link-out.inc\nafter A 192.0.2.2\n");
  write_file(root / "b.zone", std::string(kHead) + "$INCLUDE dir-out/secret.zone\n");
  write_file(root / "c.zone", std::string(kHead) + "ns1 A 192.0.2.1\n$INCLUDE link-in.inc\n");

  auto a = load_path(root / "a.zone", include_options(root));
  INFO(dump(a->set));
  CHECK(errors_at(a->set, 5, "outside the include root") == 1);
  CHECK(has_owner(a->z(), "after.example.com."));
  check_secret_unread(a->set);

  auto b = load_path(root / "b.zone", include_options(root));
  INFO(dump(b->set));
  CHECK(errors_at(b->set, 5, "outside the include root") == 1);
  check_secret_unread(b->set);

  // A symlink that stays inside the root is an ordinary include.
  auto c = load_path(root / "c.zone", include_options(root));
  INFO(dump(c->set));
  CHECK(error_count(c->set) == 0);
  CHECK(has_owner(c->z(), "top.example.com."));

  // The root itself may be reached through a symlink: what counts is where files really are.
  fs::create_directory_symlink(root, tmp.path / "root-link");
  auto d = load_path(tmp.path / "root-link" / "c.zone", include_options(tmp.path / "root-link"));
  INFO(dump(d->set));
  CHECK(error_count(d->set) == 0);
  CHECK(has_owner(d->z(), "top.example.com."));
}

TEST_CASE("hostile: $INCLUDE cycles are caught at the directive that closes them") {
  auto self = load_path(kIncludeRoot / "self.zone", include_options());
  INFO(dump(self->set));
  CHECK(errors_at(self->set, 6, "includes itself") == 1);

  auto ab = load_path(kIncludeRoot / "cycle-a.zone", include_options());
  INFO(dump(ab->set));
  CHECK(errors_at(ab->set, 2, "includes itself", "cycle-b.inc") == 1);
  CHECK(error_count(ab->set) == 1);
  CHECK(has_owner(ab->z(), "b.example.com."));
}

TEST_CASE("hostile: $INCLUDE depth is capped") {
  TempDir tmp;
  write_file(tmp.path / "deep.zone", std::string(kHead) + "$INCLUDE d1.inc\n");
  for (int i = 1; i <= 40; ++i) {
    write_file(
        tmp.path / ("d" + std::to_string(i) + ".inc"),
        "h" + std::to_string(i) + " A 192.0.2.1\n$INCLUDE d" + std::to_string(i + 1) + ".inc\n");
  }
  ParseOptions opt = include_options(tmp.path);
  opt.limits.max_include_depth = 5;
  auto l = load_path(tmp.path / "deep.zone", opt);
  INFO(dump(l->set));
  CHECK(error_count(l->set) == 1);
  CHECK(dump(l->set).find("--max-include-depth") != std::string::npos);
  CHECK(has_owner(l->z(), "h5.example.com."));
  CHECK_FALSE(has_owner(l->z(), "h7.example.com."));
}

TEST_CASE("hostile: $INCLUDE inside the root, through a subdirectory or a harmless .., loads") {
  auto l = load_path(kIncludeRoot / "inside.zone", include_options());
  INFO(dump(l->set));
  CHECK(error_count(l->set) == 0);
  CHECK(has_owner(l->z(), "www.example.com."));
  CHECK(has_owner(l->z(), "top.example.com."));
}

TEST_CASE("hostile: the file reader stops soon after the size limit, whatever fstat said") {
  // A file that grows while it is read is not held in memory beyond the limit: the reader
  // stops one buffer past it, and the loaders then refuse the file as too large.
  TempDir d;
  const fs::path big = d.path / "big.zone";
  write_file(big, std::string(300000, ';'));
  std::string error;
  const auto capped = zl::filesystem_reader(1000)(big.string(), &error);
  REQUIRE(capped);
  CHECK(capped->size() > 1000);
  CHECK(capped->size() <= 1000 + 65536);
  const auto whole = zl::filesystem_reader()(big.string(), &error);
  REQUIRE(whole);
  CHECK(whole->size() == 300000);
  // Through the loader: one error naming the limit.
  zl::LoadOptions opt;
  opt.parse.limits.max_file_bytes = 1000;
  opt.parse.origin = zl::Name::parse("example.com.", nullptr);
  zl::ZoneSet set;
  zl::load_file(set, big.string(), opt);
  CHECK(error_count(set) == 1);
  CHECK(dump(set).find("--max-file-bytes") != std::string::npos);
}

TEST_CASE("hostile: a file read past the size limit is called longer than the limit") {
  // The size is taken with stat before the read, but a file can grow in between, and then the
  // reader stops one buffer past the limit: what it read is no size of the file. Said of a
  // 300,000-byte file: "file is 65536 bytes" was false. A reader given in the options is not
  // preceded by the stat, as for a file that grew after it; every format says the same.
  TempDir d;
  for (const std::string name : {"big.yaml", "big.json", "big.zone"}) {
    INFO(name);
    const fs::path big = d.path / name;
    write_file(big, std::string(300000, '\n'));
    zl::LoadOptions opt;
    opt.parse.limits.max_file_bytes = 1000;
    opt.parse.origin = zl::Name::parse("example.com.", nullptr);
    opt.parse.reader = zl::filesystem_reader(1000);
    zl::ZoneSet set;
    zl::load_file(set, big.string(), opt);
    INFO(dump(set));
    REQUIRE(set.diagnostics.items().size() == 1);
    CHECK(set.diagnostics.items()[0].message ==
          "file is longer than 1000 bytes, the limit per file (--max-file-bytes); it is not read");
    CHECK(set.diagnostics.items()[0].rule == "parse-error");
  }
  // Content given whole (load_text: standard input, tests) has a known size, said as it is.
  zl::LoadOptions opt;
  opt.parse.limits.max_file_bytes = 1000;
  zl::ZoneSet set;
  zl::load_text(set, "whole.yaml", std::string(3000, '\n'), opt);
  REQUIRE(set.diagnostics.items().size() == 1);
  CHECK(set.diagnostics.items()[0].message ==
        "file is 3000 bytes, over the limit of 1000 bytes per file (--max-file-bytes); it is not "
        "read");
}

TEST_CASE("hostile: read_file reads a small file whole and refuses a large one unread") {
  TempDir d;
  const fs::path small = d.path / "small.zone";
  write_file(small, "@ IN A 192.0.2.1\n");
  // Asked for one byte more than fstat announced, the read comes back short: the whole file.
  zl::FileRead r = zl::read_file(small.string(), 1000, true);
  REQUIRE(r.text);
  CHECK(*r.text == "@ IN A 192.0.2.1\n");
  CHECK_FALSE(r.size_over);
  // Exactly at the limit: read, not over it.
  r = zl::read_file(small.string(), 17, true);
  REQUIRE(r.text);
  CHECK(r.text->size() == 17);
  // One byte over: refused by its size, nothing read.
  r = zl::read_file(small.string(), 16, true);
  CHECK_FALSE(r.text);
  REQUIRE(r.size_over);
  CHECK(*r.size_over == 17);
  // Without refuse_over_limit, read up to one byte past the limit (the caller refuses it).
  r = zl::read_file(small.string(), 10, false);
  REQUIRE(r.text);
  CHECK(r.text->size() == 11);
  // An empty file, a directory, a missing file.
  write_file(d.path / "empty.zone", "");
  r = zl::read_file((d.path / "empty.zone").string(), 1000, true);
  REQUIRE(r.text);
  CHECK(r.text->empty());
  r = zl::read_file(d.path.string(), 1000, true);
  CHECK_FALSE(r.text);
  CHECK(r.error == "is a directory, not a file");
  r = zl::read_file((d.path / "missing.zone").string(), 1000, true);
  CHECK_FALSE(r.text);
  CHECK_FALSE(r.error.empty());
}

TEST_CASE("hostile: text given whole one byte over the limit is said at its size") {
  // load_zone_text gets whole content (the loader refuses a file cut short before it): 101
  // bytes is 101 bytes, not "longer than 100".
  ParseOptions opt = default_options();
  opt.limits.max_file_bytes = 100;
  auto l = load_text("big.example.com.zone", std::string(101, ';'), opt);
  REQUIRE(l->set.diagnostics.items().size() == 1);
  CHECK(l->set.diagnostics.items()[0].message ==
        "file is 101 bytes, over the limit of 100 bytes per file (--max-file-bytes); it is not "
        "read");
}

TEST_CASE("hostile: an included file that grows past the limit before the read is longer") {
  // The size of an $INCLUDEd file is checked before the read; if the file grows in between,
  // the reader stops one buffer past the limit, and what it read is no size of the file:
  // "is 1001 bytes" was false of a file of 300,000.
  TempDir d;
  write_file(d.path / "top.zone",
             "$ORIGIN example.com.\n$INCLUDE grow.inc\nafter 300 A 192.0.2.2\n");
  write_file(d.path / "grow.inc", "www A 192.0.2.1\n");
  ParseOptions opt = include_options(d.path);
  opt.limits.max_file_bytes = 1000;
  opt.reader = [](const std::string& path, std::string* error) -> std::optional<zl::SourceText> {
    if (path.ends_with("grow.inc")) write_file(path, std::string(300000, ';'));  // grows now
    return zl::filesystem_reader(1000)(path, error);
  };
  auto l = load_path(d.path / "top.zone", opt);
  INFO(dump(l->set));
  CHECK(errors_at(l->set, 2,
                  "$INCLUDE 'grow.inc' is longer than 1000 bytes, the limit (--max-file-bytes); it "
                  "is not read") == 1);
  CHECK(error_count(l->set) == 1);
  CHECK(has_owner(l->z(), "after.example.com."));
}

TEST_CASE("hostile: an included file that is missing or vanishes before the read is an error") {
  auto l = load_path(kIncludeRoot / "missing.zone", include_options());
  INFO(dump(l->set));
  CHECK(errors_at(l->set, 6, "does-not-exist.inc") == 1);
  CHECK(has_owner(l->z(), "after.example.com."));

  // The file exists when the path is resolved but the read fails (deleted, or its permissions
  // changed in between): the reader's error becomes the diagnostic.
  ParseOptions opt = include_options();
  opt.reader = [](const std::string& path, std::string* error) -> std::optional<zl::SourceText> {
    if (path.ends_with("top.inc")) {
      *error = "Permission denied";
      return std::nullopt;
    }
    return zl::filesystem_reader()(path, error);
  };
  auto v = load_path(kIncludeRoot / "inside.zone", opt);
  INFO(dump(v->set));
  CHECK(errors_at(v->set, 7, "Permission denied") == 1);
  CHECK(has_owner(v->z(), "www.example.com."));
}

// --- DNS as code ----------------------------------------------------------------------------

TEST_CASE("hostile: an octoDNS manager config cannot point outside the include root") {
  // A pull request that adds an octoDNS config must not make zonelint read files elsewhere on
  // the machine (a CI runner's home, say), whatever the provider's `directory` says.
  TempDir tmp;
  const fs::path root = tmp.path / "repo";
  const std::string secret =
      "'':\n  type: TXT\n  value: CANARY-7f3a9c\nCANARY-7f3a9c:\n  type: A\n  value: 192.0.2.9\n";
  write_file(tmp.path / "outside" / "example.com.yaml", secret);
  write_file(root / "zones" / "example.org.yaml", "'':\n  type: A\n  value: 192.0.2.1\n");
  fs::create_symlink(tmp.path / "outside" / "example.com.yaml",
                     root / "zones" / "example.com.yaml");
  const auto config = [](const std::string& directory, const std::string& zone) {
    return "providers:\n  config:\n    class: octodns.provider.yaml.YamlProvider\n"
           "    directory: " +
           directory + "\nzones:\n  " + zone + ":\n    sources: [config]\n";
  };
  zl::LoadOptions opt;
  opt.parse.include_root = root.string();

  for (const std::string& dir : {(tmp.path / "outside").string(), std::string("../outside")}) {
    INFO("directory: " << dir);
    write_file(root / "octodns.yaml", config(dir, "example.com."));
    ZoneSet set;
    zl::load_file(set, (root / "octodns.yaml").string(), opt);
    zl::fuzz::check_zone_set(set);
    INFO(dump(set));
    CHECK(errors_at(set, 4, "outside the include root") == 1);
    check_secret_unread(set);
  }

  // A symlink inside the zone directory that leads out is refused the same way.
  write_file(root / "octodns.yaml", config("./zones", "example.com."));
  ZoneSet link;
  zl::load_file(link, (root / "octodns.yaml").string(), opt);
  INFO(dump(link));
  CHECK(errors_at(link, 4, "outside the include root") == 1);
  check_secret_unread(link);

  // The same config with a zone file inside the root loads it.
  write_file(root / "octodns.yaml", config("./zones", "example.org."));
  ZoneSet ok;
  zl::load_file(ok, (root / "octodns.yaml").string(), opt);
  INFO(dump(ok));
  CHECK(error_count(ok) == 0);
  REQUIRE(ok.zones.size() == 1);
  CHECK(ok.zones[0].records.size() == 1);
}

namespace {

ZoneSet load_as(zl::FormatChoice format, const std::string& path, std::string text) {
  ZoneSet set;
  zl::LoadOptions opt;
  opt.format = format;
  zl::load_text(set, path, std::move(text), opt);
  zl::fuzz::check_zone_set(set);
  return set;
}

}  // namespace

TEST_CASE("hostile: a billion-laughs YAML file is refused quickly, at its first line") {
  const auto start = std::chrono::steady_clock::now();
  const ZoneSet set =
      load_as(zl::FormatChoice::octodns, (kHostile / "billion-laughs.yaml").string(),
              read_all(kHostile / "billion-laughs.yaml"));
  const auto elapsed = std::chrono::steady_clock::now() - start;
  INFO(dump(set));
  CHECK(set.zones.empty());
  CHECK(error_count(set) == 1);
  CHECK(dump(set).find("expands to more than") != std::string::npos);
  CHECK(elapsed < std::chrono::seconds(5));  // 9^9 strings if expanded; about 10 ms when not
}

TEST_CASE("hostile: deep YAML nesting is refused with a located error, not a stack overflow") {
  for (const int depth : {200, 5000, 100000}) {
    INFO("depth " << depth);
    const std::string text =
        "'':\n  type: TXT\n  value: " + std::string(depth, '[') + std::string(depth, ']') + "\n";
    const ZoneSet set = load_as(zl::FormatChoice::octodns, "example.com.yaml", text);
    INFO(dump(set));
    CHECK(set.zones.empty());
    CHECK(error_count(set) == 1);
    // yaml-cpp's own guard stops deeper documents with only "bad file": the message names the
    // limit whichever of the two checks fired, on the line of the nesting.
    CHECK(dump(set).find("nesting deeper than 128 levels") != std::string::npos);
    CHECK(dump(set).find(":3:") != std::string::npos);
  }
  // Block nesting: 300 and 600 levels of indentation (below and above yaml-cpp's guard).
  for (const int levels : {300, 600}) {
    INFO("levels " << levels);
    std::string block = "'':\n";
    for (int i = 1; i <= levels; ++i)
      block += std::string(2 * static_cast<std::size_t>(i), ' ') + "k:\n";
    const ZoneSet set = load_as(zl::FormatChoice::octodns, "example.com.yaml", block);
    INFO(dump(set));
    CHECK(error_count(set) == 1);
    CHECK(dump(set).find("nesting deeper than 128 levels") != std::string::npos);
  }
}

TEST_CASE("hostile: deep JSON nesting is refused in every JSON front end") {
  for (const auto format : {zl::FormatChoice::dnscontrol, zl::FormatChoice::route53,
                            zl::FormatChoice::terraform, zl::FormatChoice::octodns}) {
    for (const bool object : {false, true}) {
      std::string text;
      for (int i = 0; i < 100000; ++i) text += object ? "{\"a\":" : "[";
      text += "1";
      for (int i = 0; i < 100000; ++i) text += object ? "}" : "]";
      const ZoneSet set = load_as(format, "deep.json", text);
      INFO(dump(set));
      CHECK(set.zones.empty());
      CHECK(error_count(set) == 1);
      CHECK(dump(set).find("nesting deeper") != std::string::npos);
    }
  }
}

TEST_CASE("hostile: NUL bytes, invalid UTF-8 and lone surrogates in JSON are located errors") {
  const std::string head = R"({"ResourceRecordSets": [{"Name": ")";
  const std::string tail =
      R"(", "Type": "A", "TTL": 300, "ResourceRecords": [{"Value": "192.0.2.1"}]}]})";
  for (const std::string& name :
       {std::string("a\0b.example.com.", 16), std::string("\xff.example.com."),
        std::string("\\ud800.example.com.")}) {
    const ZoneSet set = load_as(zl::FormatChoice::route53, "r53.json", head + name + tail);
    INFO(dump(set));
    CHECK(set.zones.empty());
    CHECK(error_count(set) >= 1);
    // The error points into the name, on line 1.
    REQUIRE_FALSE(set.diagnostics.empty());
    const auto lc = set.sources.begin_of(set.diagnostics.items().front().span);
    CHECK(lc.line == 1);
    CHECK(lc.column >= head.size() + 1);
  }
}

TEST_CASE("hostile: a YAML file that is not UTF-8 is refused where the bad byte is") {
  // PyYAML, and so octoDNS, refuses such a file; yaml-cpp would pass the bytes through.
  const ZoneSet set =
      load_as(zl::FormatChoice::octodns, "example.com.yaml",
              "'':\n  type: TXT\n  value: caf\xe9\nwww:\n  type: A\n  value: 192.0.2.1\n");
  INFO(dump(set));
  CHECK(set.zones.empty());
  CHECK(errors_at(set, 3, "invalid UTF-8 (byte 0xE9)") == 1);
}

// --- fuzz regressions -------------------------------------------------------------------

TEST_CASE("hostile: fuzz regression inputs replay cleanly") {
  // Every target's committed crash inputs run through the harness; any invariant failure
  // aborts the test binary. The exact counts keep the test honest about what it replayed: a
  // regression input added, moved or lost changes them (fuzz/regressions/TARGET/*, *.md aside).
  CHECK(replay("fuzz_name", zl::fuzz::run_name) == 4);
  CHECK(replay("fuzz_rdata", zl::fuzz::run_rdata) == 7);
  CHECK(replay("fuzz_zone", zl::fuzz::run_zone) == 2);
  CHECK(replay("fuzz_config", zl::fuzz::run_config) == 1);
  // Targets without a finding so far: none committed yet (a new one must be counted here).
  using zl::FormatChoice;
  CHECK(replay("fuzz_octodns", [](const std::uint8_t* d, std::size_t n) {
          return zl::fuzz::run_loader(FormatChoice::octodns, d, n);
        }) == 0);
  CHECK(replay("fuzz_dnscontrol", [](const std::uint8_t* d, std::size_t n) {
          return zl::fuzz::run_loader(FormatChoice::dnscontrol, d, n);
        }) == 0);
  CHECK(replay("fuzz_route53", [](const std::uint8_t* d, std::size_t n) {
          return zl::fuzz::run_loader(FormatChoice::route53, d, n);
        }) == 0);
  CHECK(replay("fuzz_terraform", [](const std::uint8_t* d, std::size_t n) {
          return zl::fuzz::run_loader(FormatChoice::terraform, d, n);
        }) == 0);
  CHECK(replay("fuzz_pipeline", zl::fuzz::run_pipeline) == 0);
  // No regression folder for a target that does not exist.
  std::size_t folders = 0;
  const fs::path root = fs::path(ZONELINT_SOURCE_DIR) / "fuzz" / "regressions";
  for (const auto& e : fs::directory_iterator(root)) folders += e.is_directory();
  CHECK(folders == 4);
}

TEST_CASE("hostile: every hostile fixture goes through every front end, rule and reporter") {
  // The pipeline harness on each file of fixtures/hostile as each input format: the loader
  // invariants, every finding located, JSON/SARIF/GitLab reports that parse as UTF-8 JSON and
  // list every finding, human and GitHub output free of raw control characters.
  std::size_t n = 0;
  for (const auto& e : fs::recursive_directory_iterator(kHostile)) {
    if (!e.is_regular_file()) continue;
    INFO(e.path().string());
    const std::string bytes = read_all(e.path());
    for (std::size_t format = 0; format < zl::fuzz::kPipelineFormats.size(); ++format) {
      std::string input(1, static_cast<char>(format));
      input += bytes;
      zl::fuzz::run_pipeline(reinterpret_cast<const std::uint8_t*>(input.data()), input.size());
      ++n;
    }
  }
  CHECK(n >= std::size_t{5} * 20);
}

TEST_CASE("hostile: config files: billion laughs, deep nesting and bad bytes are ConfigErrors") {
  // run_config aborts if anything but a ConfigError naming the file escapes.
  for (const std::string& text :
       {read_all(kHostile / "billion-laughs.yaml"),
        "select: " + std::string(100000, '[') + std::string(100000, ']') + "\n",
        std::string("select: [mx-*]\nignore: [caf\xe9]\n"), std::string("\0\0\0", 3),
        std::string("rules: {mx-no-redundancy: {single-mx-hosts: *a}}\n"),
        std::string("severity: {'*': fatal}\n")}) {
    zl::fuzz::run_config(reinterpret_cast<const std::uint8_t*>(text.data()), text.size());
  }
  zl::Config config(zl::CliPolicy{});
  CHECK_THROWS_AS(config.use_config_text("/nonexistent/.zonelint.yaml", "select: [no-such-rule]\n"),
                  zl::ConfigError);
  CHECK_THROWS_WITH(
      config.use_config_text("/nonexistent/.zonelint.yaml", "bogus: 1\n"),
      Catch::Contains("/nonexistent/.zonelint.yaml:1:1") && Catch::Contains("unknown key 'bogus'"));
}
