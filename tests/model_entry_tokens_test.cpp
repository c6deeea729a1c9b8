// A zone-file record's fields are not kept: Zone::fields_of lexes them again from the entry's
// text (model/entry_tokens.hpp). These tests parse the same text twice, once with the fields
// stored as the parse's lexer found them (ParseOptions::store_fields, the form they were kept
// in before) and once as the tool runs, and compare every field of every record: on entries
// made to be hard, and on every file of the fixtures and the test corpus read as a zone file.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <map>
#include <span>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "model/entry_tokens.hpp"
#include "model/txt.hpp"
#include "parse/zone_parser.hpp"

using namespace zl;
namespace fs = std::filesystem;

namespace {

struct Parsed {
  ZoneSet set;
  bool loaded = false;
};

// Parses `text` as `path` with $INCLUDEd files served from `files`, or from the file system
// under `include_root` when `files` is empty.
Parsed parse(const std::string& path, const std::string& text, bool store_fields,
             const std::map<std::string, std::string>& files = {},
             const std::string& include_root = "") {
  ParseOptions opt;
  opt.origin = Name::parse("example.com.", nullptr);
  opt.default_ttl = 3600;
  opt.store_fields = store_fields;
  opt.include_root = include_root;
  if (!files.empty()) {
    opt.reader = [&files](const std::string& p, std::string* error) -> std::optional<std::string> {
      const auto it = files.find(fs::path(p).filename().string());
      if (it != files.end()) return it->second;
      if (error) *error = "No such file or directory";
      return std::nullopt;
    };
  }
  Parsed p;
  p.loaded = load_zone_text(p.set, path, text, opt).has_value();
  return p;
}

// Every record's fields, lexed and stored, are the same spans; the lexed parse keeps none in
// its arena. Returns the number of records compared.
std::size_t check_same_fields(const Parsed& lexed, const Parsed& stored) {
  REQUIRE(lexed.loaded == stored.loaded);
  REQUIRE(lexed.set.zones.size() == stored.set.zones.size());
  std::size_t n = 0;
  for (std::size_t z = 0; z < lexed.set.zones.size(); ++z) {
    const Zone& a = lexed.set.zones[z];
    const Zone& b = stored.set.zones[z];
    REQUIRE(a.records.size() == b.records.size());
    for (std::size_t i = 0; i < a.records.size(); ++i) {
      const Record& ra = a.records[i];
      const Record& rb = b.records[i];
      INFO("record " << i << " at " << a.span(ra).begin << " in file " << a.file_of(ra) << ": "
                     << lexed.set.sources.text(a.span(ra)));
      CHECK(a.fields_lexed(ra) == !ra.has(kGenerated));
      CHECK_FALSE(b.fields_lexed(rb));
      CHECK(a.rdata(ra) == b.rdata(rb));
      const FieldList fa = a.fields_of(ra, lexed.set.sources);
      const FieldList fb = b.fields_of(rb, stored.set.sources);
      REQUIRE(fa.size() == fb.size());
      for (std::size_t k = 0; k < fa.size(); ++k) {
        CHECK(fa[k].span == fb[k].span);
        CHECK(a.field_text(ra, k, lexed.set.sources) == b.field_text(rb, k, stored.set.sources));
      }
      CHECK(a.field_text(ra, fa.size(), lexed.set.sources).empty());
      ++n;
    }
  }
  return n;
}

// The texts of a record's fields, lexed.
std::vector<std::string> texts(const Parsed& p, std::size_t record) {
  const Zone& z = p.set.zones.at(0);
  const Record& r = z.records.at(record);
  std::vector<std::string> out;
  for (const Field& f : z.fields_of(r, p.set.sources)) out.emplace_back(p.set.sources.text(f.span));
  return out;
}

}  // namespace

TEST_CASE("entry tokens: hard entries lex again into the fields the parse read") {
  // Parentheses over lines with comments in them (holding quotes and parentheses), quoted
  // strings with blanks, semicolons, escaped quotes and backslashes and escaped line ends,
  // words with escaped separators, tokens that touch without a blank, CRLF line ends, many
  // strings, an entry of 64 KiB or more, a type token far from the entry's start, an
  // $INCLUDEd file and $GENERATE (whose fields stay stored).
  std::string long_entry = "long TXT (\n";
  for (int i = 0; i < 300; ++i)
    long_entry += "  \"s" + std::to_string(i) + "\" ; " + std::string(250, 'c') + "\n";
  long_entry += ")\n";
  std::string many = "many TXT";
  for (int i = 0; i < 40; ++i) many += " \"part " + std::to_string(i) + "\"";
  many += "\n";
  const std::string text =
      "@ IN SOA ns hostmaster ( 2024010101 ; serial ( not \"a quote\n"
      "   1h ; refresh )\n"
      "   15m 1w\n"
      "   5m ) ; trailing comment\n"
      "@ NS ns\n"
      "ns A 192.0.2.1\n"
      "txt TXT \"a b\" \"c;d\" \"e\\\"f\" \"g\\\\\" \"h\\010i\" plain\\ word \"\" x\"y\"z\n"
      "txt2 TXT ( \"one\"\n"
      "  \"two\" ; comment \"x\n"
      "  \"three\" )\n"
      "esc TXT \"line1\\\nline2\"\n"
      "esc2 TXT \"crlf\\\r\nmore\" after\r\n"
      "crlf 300 IN MX 10 mail ; comment\r\n"
      "  MX ( 20\r\n  mail2 ) ; done\r\n"
      "paren MX (10)(mail)\n"
      "word TXT a\\(b\\)c\\;d\\\"e\n"
      "tabs\tTXT\t\"x\"\t( y )\tz\n"
      "far ( ; " +
      std::string(300, 'p') +
      "\n"
      "  300 IN TXT \"far type\" x )\n" +
      many + long_entry +
      "$INCLUDE sub.db sub\n"
      "$GENERATE 1-3 gen$ MX \"10 mail$\"\n"
      "last TXT \"end\"";
  const std::map<std::string, std::string> files{
      {"sub.db", "a TXT ( \"in\" \"cluded\" ) ; note\nb MX 5 ( mx ) \n"}};
  const std::string root = "/nonexistent-zonelint-test-root";
  const Parsed lexed = parse(root + "/example.com.zone", text, false, files, root);
  const Parsed stored = parse(root + "/example.com.zone", text, true, files, root);
  INFO(lexed.set.diagnostics.size() << " diagnostics");
  for (const Diagnostic& d : lexed.set.diagnostics.items()) INFO(d.message);
  REQUIRE(lexed.loaded);
  CHECK(lexed.set.diagnostics.empty());
  CHECK(check_same_fields(lexed, stored) == 21);

  CHECK(texts(lexed, 0) ==
        std::vector<std::string>{"ns", "hostmaster", "2024010101", "1h", "15m", "1w", "5m"});
  CHECK(texts(lexed, 3) == std::vector<std::string>{"\"a b\"", "\"c;d\"", "\"e\\\"f\"", "\"g\\\\\"",
                                                    "\"h\\010i\"", "plain\\ word", "\"\"", "x",
                                                    "\"y\"", "z"});
  CHECK(texts(lexed, 4) == std::vector<std::string>{"\"one\"", "\"two\"", "\"three\""});
  CHECK(texts(lexed, 5) == std::vector<std::string>{"\"line1\\\nline2\""});
  CHECK(texts(lexed, 6) == std::vector<std::string>{"\"crlf\\\r\nmore\"", "after"});
  CHECK(texts(lexed, 7) == std::vector<std::string>{"10", "mail"});
  CHECK(texts(lexed, 8) == std::vector<std::string>{"20", "mail2"});
  CHECK(texts(lexed, 9) == std::vector<std::string>{"10", "mail"});
  CHECK(texts(lexed, 10) == std::vector<std::string>{"a\\(b\\)c\\;d\\\"e"});
  CHECK(texts(lexed, 11) == std::vector<std::string>{"\"x\"", "y", "z"});
  CHECK(texts(lexed, 12) == std::vector<std::string>{"\"far type\"", "x"});
  CHECK(texts(lexed, 13).size() == 40);  // more than a FieldList holds in place
  CHECK(texts(lexed, 14).size() == 300);
  CHECK(texts(lexed, 14).back() == "\"s299\"");
  CHECK(lexed.set.zones[0].span(lexed.set.zones[0].records[14]).end -
            lexed.set.zones[0].span(lexed.set.zones[0].records[14]).begin >
        0xffff);  // a far entry
  CHECK(texts(lexed, 15) == std::vector<std::string>{"\"in\"", "\"cluded\""});
  CHECK(lexed.set.zones[0].file_of(lexed.set.zones[0].records[15]) == 1);  // the $INCLUDEd file
  CHECK(texts(lexed, 16) == std::vector<std::string>{"5", "mx"});
  CHECK(lexed.set.zones[0].field_text(lexed.set.zones[0].records[17], 1, lexed.set.sources) ==
        "mail1");  // $GENERATE: stored, with texts of their own
  CHECK(texts(lexed, 20) == std::vector<std::string>{"\"end\""});

  // The lexed fields keep nothing after the rdata: the arena is each record's rdata after its
  // length (none for an A or AAAA rdata of 4 or 16 octets, a byte below 255, else 3), the
  // $GENERATEd records' fields aside.
  const Zone& z = lexed.set.zones[0];
  std::size_t rdata = 0;
  for (const Record& r : z.records) {
    const std::size_t n = z.rdata(r).size();
    const bool fixed = (r.type == rrtype::A && n == 4) || (r.type == rrtype::AAAA && n == 16);
    rdata += (fixed ? 0 : n < 255 ? 1 : 3) + n;
  }
  CHECK(stored.set.zones[0].rdata_arena.size() > z.rdata_arena.size());
  std::size_t generated = 0;
  for (const Record& r : z.records)
    if (r.has(kGenerated)) generated += 1 + 8 * z.fields_of(r, lexed.set.sources).size();
  CHECK(z.rdata_arena.size() == rdata + generated);

  // The joined text of a TXT record maps to the same source bytes either way.
  for (const std::size_t i : {std::size_t{3}, std::size_t{4}, std::size_t{13}}) {
    const auto a = join_txt_per_byte(z, z.records[i], lexed.set.sources);
    const auto b =
        join_txt_per_byte(stored.set.zones[0], stored.set.zones[0].records[i], stored.set.sources);
    REQUIRE(a);
    REQUIRE(b);
    CHECK(a->text() == b->text());
    for (std::uint32_t k = 0; k < a->text().size(); ++k)
      CHECK(a->span_of(k, k + 1) == b->span_of(k, k + 1));
  }
}

TEST_CASE("entry tokens: the parse reports the fields it read so that one parse can be checked") {
  // ParseOptions::on_fields (the fuzz harness's check of fields_of): each stored record, with
  // the spans of the tokens the parse read; the records of a $GENERATE that fails are taken
  // back, and the next record reports their index again.
  const std::string text =
      "@ IN SOA ns hostmaster ( 1 1h ; refresh\n"
      "  15m 1w 5m )\n"
      "txt TXT ( \"one\" ; c\n  \"two\" ) x\"y\"\n"
      "$GENERATE 1-2 gen$ MX \"10 mail$\"\n"
      "$GENERATE 1-3 bad$ A 192.0.2.${253}\n"
      "after TXT z\n";
  ParseOptions opt;
  opt.origin = Name::parse("example.com.", nullptr);
  opt.default_ttl = 3600;
  std::vector<std::pair<std::size_t, std::vector<Span>>> calls;
  opt.on_fields = [&calls](std::size_t record, std::span<const Span> fields) {
    calls.emplace_back(record, std::vector<Span>(fields.begin(), fields.end()));
  };
  ZoneSet set;
  REQUIRE(load_zone_text(set, "example.com.zone", text, opt).has_value());
  const Zone& z = set.zones[0];
  REQUIRE(z.records.size() == 5);  // SOA, TXT, two MX, after
  CHECK(calls.size() == 7);        // and the two A records taken back
  CHECK(calls[4].first == 4);
  CHECK(calls[6].first == 4);
  std::vector<std::vector<Span>> last(z.records.size());
  for (const auto& [record, fields] : calls)
    if (record < last.size()) last[record] = fields;
  for (std::size_t i = 0; i < z.records.size(); ++i) {
    const FieldList lexed = z.fields_of(z.records[i], set.sources);
    REQUIRE(lexed.size() == last[i].size());
    for (std::size_t k = 0; k < lexed.size(); ++k) CHECK(lexed[k].span == last[i][k]);
  }
  CHECK(last[0].size() == 7);
  CHECK(last[1].size() == 4);  // "one" "two" x "y"
}

TEST_CASE("entry tokens: the lexer stops within its stretch on any text") {
  // Text the grammar did not match (a file changed since the parse): tokens stay in bounds.
  for (const std::string_view text :
       {"\"open", "a\\", "\"a\\", "; comment", "\"\\\r", "x\"y", "( ) ;", "\\", "\""}) {
    CAPTURE(text);
    std::size_t n = 0;
    for_each_entry_token(text, 0, static_cast<std::uint32_t>(text.size()),
                         [&](std::uint32_t begin, std::uint32_t end) {
                           CHECK(begin < end);
                           CHECK(end <= text.size());
                           ++n;
                           return true;
                         });
    CHECK(n <= text.size());
  }
  // A stop when the callback says so, and a stretch shorter than the text.
  std::vector<std::string_view> seen;
  const std::string_view text = "a b c d";
  CHECK(for_each_entry_token(text, 2, 5, [&](std::uint32_t b, std::uint32_t e) {
          seen.push_back(text.substr(b, e - b));
          return true;
        }) == 2);
  CHECK(seen == std::vector<std::string_view>{"b", "c"});
  CHECK(for_each_entry_token(text, 0, 7, [](std::uint32_t, std::uint32_t) { return false; }) == 1);
}

TEST_CASE("entry tokens: every record of the fixtures and the corpus lexes again the same") {
  // Every file, read as a zone file (the other formats too: whatever entries they make), from
  // its folder as the include root so that $INCLUDE reads the corpus' included files.
  std::size_t records = 0, files = 0, included = 0;
  for (const char* root : {ZONELINT_FIXTURES_DIR, ZONELINT_CORPUS_DIR}) {
    for (const auto& entry : fs::recursive_directory_iterator(root)) {
      if (!entry.is_regular_file() || entry.file_size() > (std::uintmax_t{8} << 20)) continue;
      const std::string path = entry.path().string();
      std::ifstream in(path, std::ios::binary);
      std::stringstream buffer;
      buffer << in.rdbuf();
      const std::string text = buffer.str();
      INFO(path);
      const std::string include_root = entry.path().parent_path().string();
      const Parsed lexed = parse(path, text, false, {}, include_root);
      const Parsed stored = parse(path, text, true, {}, include_root);
      records += check_same_fields(lexed, stored);
      ++files;
      for (const Zone& z : lexed.set.zones)
        for (const Record& r : z.records) included += z.file_of(r) != z.file;
    }
  }
  CHECK(files > 1000);
  CHECK(records > 10000);
  CHECK(included > 0);
}
