// Large files read in place (core/file_mapping.hpp): read_file maps them, the parse and the
// line table read them like any text, their pages leave the RSS on request, and a file
// truncated under the mapping stops the run with a message that names it.
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>
#include <catch2/catch.hpp>

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "core/file_mapping.hpp"
#include "core/source.hpp"
#include "lint/context.hpp"
#include "lint/rule.hpp"
#include "load/loader.hpp"
#include "model/zone.hpp"
#include "parse/file_read.hpp"
#include "temp_dir.hpp"

namespace {

namespace fs = std::filesystem;

using zltest::TempDir;

void write_file(const fs::path& p, const std::string& text) {
  std::ofstream out(p, std::ios::binary);
  out << text;
}

// Records "hN A 192.0.2.x" until the text is at least `size` bytes.
std::string records(std::size_t size, const std::string& prefix = "h") {
  std::string text;
  for (std::size_t i = 0; text.size() < size; ++i)
    text += prefix + std::to_string(i) + " A 192.0.2." + std::to_string(i % 250) + "\n";
  return text;
}

// A zone file of exactly `size` bytes whose last line, "last A 192.0.2.9", has no line end.
std::string zone_of_exactly(std::size_t size) {
  std::string text = "$ORIGIN example.com.\n$TTL 3600\n@ SOA ns1 host 1 2 3 4 5\n@ NS ns1\n";
  text += records(size - 4096);
  const std::string last = "last A 192.0.2.9";
  const std::size_t pad = size - text.size() - last.size() - 3;  // "; " and "\n"
  text += "; " + std::string(pad, 'p') + "\n" + last;
  return text;
}

// The resident size (kB) of the mapping that starts at `p`, from /proc/self/smaps.
long resident_kb(const void* p) {
  char start[32];
  std::snprintf(start, sizeof start, "%lx-", reinterpret_cast<unsigned long>(p));
  std::ifstream smaps("/proc/self/smaps");
  std::string line;
  bool in = false;
  while (std::getline(smaps, line)) {
    if (line.rfind(start, 0) == 0) in = true;
    if (in && line.rfind("Rss:", 0) == 0) return std::strtol(line.c_str() + 4, nullptr, 10);
  }
  return -1;
}

// Mapping is on by default (ZONELINT_MMAP=0 turns it off): on for one test case, whatever the
// environment the tests run in.
struct MappingOn {
  MappingOn() { ::setenv("ZONELINT_MMAP", "1", 1); }
  ~MappingOn() { ::unsetenv("ZONELINT_MMAP"); }
  MappingOn(const MappingOn&) = delete;
  MappingOn& operator=(const MappingOn&) = delete;
};

unsigned checksum(std::string_view text) {
  unsigned sum = 0;
  for (const char c : text) sum = sum * 31 + static_cast<unsigned char>(c);
  return sum;
}

}  // namespace

TEST_CASE("file mapping: a large file is mapped (unless ZONELINT_MMAP=0) and a small one read") {
  const MappingOn on;
  TempDir d;
  const std::string big = records(zl::kMapMinBytes);
  write_file(d.path / "big.zone", big);
  write_file(d.path / "small.zone", "www A 192.0.2.1\n");

  zl::FileRead r = zl::read_file((d.path / "big.zone").string(), UINT64_MAX, true);
  REQUIRE(r.text);
  CHECK(r.text->mapped());
  CHECK(*r.text == big);

  zl::FileRead s = zl::read_file((d.path / "small.zone").string(), UINT64_MAX, true);
  REQUIRE(s.text);
  CHECK_FALSE(s.text->mapped());
  CHECK(*s.text == "www A 192.0.2.1\n");

  // Over the limit (the reader's max_bytes): read as before, one buffer past the limit.
  zl::FileRead capped = zl::read_file((d.path / "big.zone").string(), 1000, false);
  REQUIRE(capped.text);
  CHECK_FALSE(capped.text->mapped());
  CHECK(capped.text->size() > 1000);

  ::unsetenv("ZONELINT_MMAP");  // the default: mapped
  zl::FileRead unset = zl::read_file((d.path / "big.zone").string(), UINT64_MAX, true);
  ::setenv("ZONELINT_MMAP", "0", 1);  // the off switch: read
  zl::FileRead off = zl::read_file((d.path / "big.zone").string(), UINT64_MAX, true);
  REQUIRE(unset.text);
  CHECK(unset.text->mapped());
  REQUIRE(off.text);
  CHECK_FALSE(off.text->mapped());
  CHECK(*off.text == big);
}

TEST_CASE("file mapping: a zone of exactly a page multiple and no final newline parses") {
  const MappingOn on;
  TempDir d;
  const std::size_t size = zl::kMapMinBytes;  // 256 pages of 4 KiB
  REQUIRE(size % static_cast<std::size_t>(::sysconf(_SC_PAGESIZE)) == 0);
  const std::string text = zone_of_exactly(size);
  REQUIRE(text.size() == size);
  const fs::path path = d.path / "example.com.zone";
  write_file(path, text);

  zl::ZoneSet set;
  zl::load_file(set, path.string(), zl::LoadOptions{});
  REQUIRE(set.sources.size() == 1);
  const zl::SourceFile& f = set.sources.file(0);
  CHECK(f.mapped());
  CHECK(f.text() == text);
  CHECK(set.diagnostics.items().empty());
  REQUIRE(set.zones.size() == 1);
  const zl::Zone& z = set.zones[0];
  REQUIRE_FALSE(z.records.empty());
  const zl::Record& last = z.records.back();
  CHECK(z.owner(last).text() == "last.example.com.");
  CHECK(set.sources.text(z.span(last)) == "last A 192.0.2.9");
  // The line table and the reporters' questions at the very end of the text.
  CHECK(f.line_text(f.line_count()) == "last A 192.0.2.9");
  CHECK(f.line_col(static_cast<std::uint32_t>(size)).column == 17);
  CHECK(f.find("last A 192.0.2.9") == size - 16);
  CHECK(f.find("not in the file") == std::string_view::npos);
}

TEST_CASE("file mapping: the line table and find() across the scan windows (mapped or not)") {
  const MappingOn on;
  TempDir d;
  // A \r\n across the first 4 MiB window's end, a "zonelint:" across the second's, lone \r too.
  std::string text = records((std::size_t{4} << 20) - 1);
  text.resize((std::size_t{4} << 20) - 1);
  text += "\r\nx A 192.0.2.1\rmore\n";
  text += records((std::size_t{8} << 20) - 3 - text.size(), "m");
  text.resize((std::size_t{8} << 20) - 3);
  text += "; zonelint: disable=x\n";
  text += records(100, "t");
  const fs::path path = d.path / "windows.zone";
  write_file(path, text);
  zl::FileRead r = zl::read_file(path.string(), UINT64_MAX, true);
  REQUIRE(r.text);
  REQUIRE(r.text->mapped());
  const zl::SourceFile mapped("windows.zone", std::move(*r.text));
  const zl::SourceFile owned("windows.zone", zl::SourceText(text));
  REQUIRE(mapped.line_count() == owned.line_count());
  for (std::uint32_t l = 1; l <= owned.line_count(); ++l) {
    if (mapped.line_start(l) != owned.line_start(l)) FAIL("line " << l << " starts elsewhere");
  }
  CHECK(mapped.line_text(owned.line_col((std::size_t{4} << 20) - 2).line) ==
        owned.line_text(owned.line_col((std::size_t{4} << 20) - 2).line));
  CHECK(mapped.find("zonelint:") == (std::size_t{8} << 20) - 1);
  CHECK(owned.find("zonelint:") == (std::size_t{8} << 20) - 1);
  CHECK(mapped.find("zonelint: disable=y") == std::string_view::npos);
}

TEST_CASE("file mapping: released pages leave the RSS and read back the same bytes") {
  const MappingOn on;
  TempDir d;
  const std::string text = records(std::size_t{8} << 20);
  write_file(d.path / "big.zone", text);
  zl::FileRead r = zl::read_file((d.path / "big.zone").string(), UINT64_MAX, true);
  REQUIRE(r.text);
  REQUIRE(r.text->mapped());
  const std::string_view view = r.text->view();
  CHECK(checksum(view) == checksum(text));
  CHECK(resident_kb(view.data()) >= 8L * 1024);
  r.text->release_pages();
  CHECK(resident_kb(view.data()) == 0);
  CHECK(checksum(view) == checksum(text));  // faulted back in from the page cache
  // A part only: the pages of the first 4 MiB.
  r.text->release_pages(0, std::size_t{4} << 20);
  const long rest = resident_kb(view.data());
  CHECK(rest >= 4L * 1024 - 64);
  CHECK(rest < 8L * 1024 - 1024);
}

TEST_CASE("file mapping: a mapped file truncated under the run stops it and names the file") {
  const MappingOn on;
  TempDir d;
  const fs::path path = d.path / "shrinking.zone";
  write_file(path, records(2 * zl::kMapMinBytes));
  int err[2];
  REQUIRE(::pipe(err) == 0);
  const pid_t child = ::fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    ::dup2(err[1], STDERR_FILENO);
    zl::FileRead r = zl::read_file(path.string(), UINT64_MAX, true);
    if (!r.text || !r.text->mapped()) ::_exit(3);
    if (::truncate(path.c_str(), 0) != 0) ::_exit(4);
    const volatile char last = r.text->view().back();  // the page is gone: SIGBUS
    (void)last;
    ::_exit(5);
  }
  ::close(err[1]);
  std::string message;
  char buf[512];
  for (ssize_t n; (n = ::read(err[0], buf, sizeof buf)) > 0;)
    message.append(buf, static_cast<std::size_t>(n));
  ::close(err[0]);
  int status = 0;
  REQUIRE(::waitpid(child, &status, 0) == child);
  REQUIRE(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 2);
  CHECK(message == "zonelint: error: '" + path.string() +
                       "' was truncated while zonelint was reading it (large files are read in "
                       "place, memory-mapped: change an input only by renaming a new file over "
                       "it); stopped\n");
}

TEST_CASE("file mapping: a SIGBUS that is not a mapped file's keeps its default action") {
  const MappingOn on;
  TempDir d;
  write_file(d.path / "big.zone", records(zl::kMapMinBytes));
  const pid_t child = ::fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    zl::FileRead r = zl::read_file((d.path / "big.zone").string(), UINT64_MAX, true);
    if (!r.text || !r.text->mapped()) ::_exit(3);  // the handler is installed now
    ::raise(SIGBUS);
    ::_exit(5);
  }
  int status = 0;
  REQUIRE(::waitpid(child, &status, 0) == child);
  REQUIRE(WIFSIGNALED(status));
  CHECK(WTERMSIG(status) == SIGBUS);
}

TEST_CASE("file mapping: a large $INCLUDE file is mapped too") {
  const MappingOn on;
  TempDir d;
  write_file(d.path / "example.com.zone",
             "$ORIGIN example.com.\n$TTL 3600\n@ SOA ns1 host 1 2 3 4 5\n@ NS ns1\n"
             "$INCLUDE big.inc\nafter A 192.0.2.2\n");
  write_file(d.path / "big.inc", records(zl::kMapMinBytes, "inc"));
  zl::LoadOptions opt;
  opt.parse.include_root = d.path.string();
  zl::ZoneSet set;
  zl::load_file(set, (d.path / "example.com.zone").string(), opt);
  REQUIRE(set.sources.size() == 2);
  CHECK_FALSE(set.sources.file(0).mapped());
  CHECK(set.sources.file(1).mapped());
  CHECK(set.diagnostics.items().empty());
  REQUIRE(set.zones.size() == 1);
  const zl::Zone& z = set.zones[0];
  CHECK(z.has(zl::Name::parse("inc0.example.com.", nullptr).value(), zl::rrtype::A));
  CHECK(z.owner(z.records.back()).text() == "after.example.com.");
}

TEST_CASE("file mapping: the rules leave a plainly written zone's pages out of memory") {
  // The rules answer from the values of records written plainly (kTextNotPlain), and read the
  // text only for what they report: a rule that reports nothing on a large zone of targets,
  // addresses and mail records brings none of its pages back once they are released. (A
  // finding's span reads its record's entry, whose fields are lexed from it (model/zone.hpp),
  // and the pages of the reads since the last release stay until the next one, see source.cpp:
  // what the whole pass leaves resident depends on how many reads the findings made, not on
  // which records were read, so each rule without findings is checked on its own, from no page
  // resident, and not the pass.)
  const MappingOn on;
  TempDir d;
  std::string text =
      "$ORIGIN example.com.\n$TTL 3600\n@ SOA ns1 hostmaster 1 7200 3600 1209600 300\n"
      "@ NS ns1\n@ NS ns2.example.net.\nns1 A 192.0.2.53\n@ MX 10 mx1\nmx1 A 192.0.2.25\n";
  for (std::size_t i = 0; text.size() < (std::size_t{4} << 20); ++i) {
    const std::string h = "h" + std::to_string(i);
    text += h + " A 192.0.2." + std::to_string(i % 250) + "\n";
    text += "  MX 10 mx1\n  MX 20 " + h + ".example.com.\n";
    text += "  TXT \"v=spf1 mx -all\"\n";  // findings point here, quoting nothing
    text += "c" + std::to_string(i) + " CNAME " + h + "\n";
    text += "_sip._tcp." + h + " SRV 0 5 5060 " + h + "\n";
    text += "_dmarc." + h + " TXT \"v=DMARC1; p=none\" \"; rua=mailto:d@" + h + ".example.com\"\n";
    text += "sub" + std::to_string(i) + " NS ns1\n";
  }
  write_file(d.path / "example.com.zone", text);
  zl::ZoneSet set;
  zl::load_file(set, (d.path / "example.com.zone").string(), zl::LoadOptions{});
  REQUIRE(set.zones.size() == 1);
  REQUIRE(set.sources.file(0).mapped());
  const std::string_view view = set.sources.file(0).text();
  set.sources.release_pages();
  REQUIRE(resident_kb(view.data()) == 0);
  const zl::RuleContext ctx(set, {&set.zones[0]});
  std::size_t found = 0, quiet = 0;
  for (const zl::Rule* rule : zl::all_rules()) {
    if (!rule->check) continue;
    zl::Diagnostics out;
    set.sources.release_pages();
    rule->check(ctx, out);
    found += out.size();
    if (out.size() != 0) continue;
    INFO("rule " << rule->id);
    CHECK(resident_kb(view.data()) == 0);
    ++quiet;
  }
  CHECK(found > 1000);  // dmarc-policy-none, at least, on every _dmarc record
  CHECK(quiet > 50);    // the targets, address and most mail rules among them
}
