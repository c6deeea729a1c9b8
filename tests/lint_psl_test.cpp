#include <algorithm>
#include <fstream>
#include <string>
#include <string_view>

#include <catch2/catch.hpp>

#include "lint/psl.hpp"
#include "model/name.hpp"

using zl::Name;
using zl::PublicSuffixList;

namespace {

Name name_of(std::string_view text) {
  auto n = Name::parse(text, nullptr);
  REQUIRE(n);
  return *n;
}

std::string registrable(std::string_view text) {
  return PublicSuffixList::instance().registrable_domain(name_of(text));
}

// The definition, one Name per suffix: the longest suffix that is_public_suffix() accepts,
// plus one label (the whole name when it is itself a public suffix). registrable_domain must
// give the same answer with its single lower-case copy of the name.
std::string registrable_by_definition(std::string_view text) {
  const auto& psl = PublicSuffixList::instance();
  const Name name = name_of(text);
  const std::size_t n = name.label_count();
  std::size_t ps_labels = 1;
  for (std::size_t k = n; k >= 1; --k) {
    Name suffix = name;
    while (suffix.label_count() > k) suffix = suffix.parent();
    if (psl.is_public_suffix(suffix)) {
      ps_labels = k;
      break;
    }
  }
  Name out = name;
  while (out.label_count() > std::min(n, ps_labels + 1)) out = out.parent();
  std::string t = out.canonical_text();
  t.pop_back();
  return t;
}

}  // namespace

TEST_CASE("psl: the registrable domain is the ICANN public suffix plus one label") {
  CHECK(registrable("www.example.com.") == "example.com");
  CHECK(registrable("example.com.") == "example.com");
  CHECK(registrable("a.b.c.example.co.uk.") == "example.co.uk");
  // Case is folded, and the result has no final dot.
  CHECK(registrable("WWW.Example.CO.UK.") == "example.co.uk");
  // A public suffix is its own registrable domain.
  CHECK(registrable("com.") == "com");
  CHECK(registrable("co.uk.") == "co.uk");
  // The implicit "*" rule: an unlisted TLD is a public suffix.
  CHECK(registrable("example.") == "example");
  CHECK(registrable("a.b.example.") == "b.example");
  // The private section does not count: blogspot.com is a private-section suffix.
  CHECK(registrable("foo.blogspot.com.") == "blogspot.com");
  // Wildcard and exception rules: *.kawasaki.jp with !city.kawasaki.jp, *.ck with !www.ck.
  CHECK(registrable("a.b.kawasaki.jp.") == "a.b.kawasaki.jp");
  CHECK(registrable("x.a.b.kawasaki.jp.") == "a.b.kawasaki.jp");
  CHECK(registrable("www.city.kawasaki.jp.") == "city.kawasaki.jp");
  CHECK(registrable("x.y.ck.") == "x.y.ck");
  CHECK(registrable("x.www.ck.") == "www.ck");
  // The root has none; a label with a dot inside makes the name opaque (its canonical text).
  CHECK(registrable(".").empty());
  CHECK(registrable("A\\.b.Example.com.") ==
        Name::parse("a\\.b.example.com.", nullptr)->canonical_text());
}

TEST_CASE("psl: registrable_domain agrees with the suffix-by-suffix definition") {
  for (const char* text : {"www.example.com.",
                           "MAIL.EXAMPLE.NET.",
                           "x.y.z.example.org.",
                           "example.co.uk.",
                           "a.example.co.uk.",
                           "deep.a.b.c.d.example.com.au.",
                           "foo.blogspot.com.",
                           "foo.bar.github.io.",
                           "a.b.kawasaki.jp.",
                           "www.city.kawasaki.jp.",
                           "city.kawasaki.jp.",
                           "kawasaki.jp.",
                           "x.www.ck.",
                           "www.ck.",
                           "ck.",
                           "a.b.c.ck.",
                           "localhost.",
                           "a.invalid.",
                           "_dmarc.example.com.",
                           "_domainkey.sel.example.com.",
                           "*.example.com.",
                           "k12.ma.us.",
                           "school.pvt.k12.ma.us.",
                           "x.school.pvt.k12.ma.us.",
                           "xn--bcher-kva.example.",
                           "a.b.xn--p1ai.",
                           "uk.",
                           "gov.uk.",
                           "service.gov.uk.",
                           "a.service.gov.uk."}) {
    INFO(text);
    CHECK(registrable(text) == registrable_by_definition(text));
  }
}

TEST_CASE("psl: is_public_suffix folds case and follows the ICANN rules") {
  const auto& psl = PublicSuffixList::instance();
  CHECK(psl.is_public_suffix(Name::root()));
  CHECK(psl.is_public_suffix(name_of("com.")));
  CHECK(psl.is_public_suffix(name_of("co.uk.")));
  CHECK(psl.is_public_suffix(name_of("CO.Uk.")));
  CHECK(psl.is_public_suffix(name_of("example.")));  // the implicit "*" rule
  CHECK_FALSE(psl.is_public_suffix(name_of("example.co.uk.")));
  CHECK_FALSE(psl.is_public_suffix(name_of("Example.COM.")));
  CHECK(psl.is_public_suffix(name_of("b.kawasaki.jp.")));           // *.kawasaki.jp
  CHECK_FALSE(psl.is_public_suffix(name_of("city.kawasaki.jp.")));  // !city.kawasaki.jp
  CHECK_FALSE(psl.is_public_suffix(name_of("a.b.kawasaki.jp.")));
  // The private section does not count (blogspot.com is a private-section suffix).
  CHECK_FALSE(psl.is_public_suffix(name_of("blogspot.com.")));
  // A label with a byte that the name's text escapes is looked up as that text, as before.
  CHECK_FALSE(psl.is_public_suffix(name_of("a\\.b.example.com.")));
}

TEST_CASE("psl: is_tld answers for listed top-level domains only") {
  const auto& psl = PublicSuffixList::instance();
  CHECK(psl.is_tld("com"));
  CHECK(psl.is_tld("UK"));
  CHECK(psl.is_tld("xn--p1ai"));  // .рф as an A-label
  CHECK(psl.is_tld("XN--P1AI"));
  CHECK_FALSE(psl.is_tld("example"));  // not listed: the implicit "*" rule does not count
  CHECK_FALSE(psl.is_tld("co.uk"));
  CHECK_FALSE(psl.is_tld(""));
  // Labels with a digit or a sign, the last labels of a large zone's relative names, are
  // answered without libpsl: no top-level domain has one, unless it is an A-label.
  CHECK_FALSE(psl.is_tld("api3"));
  CHECK_FALSE(psl.is_tld("cart-4"));
  CHECK_FALSE(psl.is_tld("web96770"));
  CHECK_FALSE(psl.is_tld("c_m"));
  CHECK_FALSE(psl.is_tld("xn--"));
}

// is_tld answers "no" without libpsl for an ASCII label that is not letters only and not an
// A-label: that holds only if no single-label ICANN rule of the list is such a label. Checked
// against the list's text where the `publicsuffix` package installs it (the source of libpsl's
// built-in list on Debian); every such rule must also be a TLD for is_tld.
TEST_CASE("psl: every top-level domain of the list is letters only or an IDN") {
  std::ifstream in("/usr/share/publicsuffix/public_suffix_list.dat");
  if (!in) {
    WARN("public_suffix_list.dat not installed: nothing to check");
    return;
  }
  const auto& psl = PublicSuffixList::instance();
  bool icann = false;
  std::size_t tlds = 0;
  for (std::string line; std::getline(in, line);) {
    if (line.find("===BEGIN ICANN DOMAINS===") != std::string::npos) icann = true;
    if (line.find("===END ICANN DOMAINS===") != std::string::npos) icann = false;
    if (!icann || line.empty() || line.rfind("//", 0) == 0) continue;
    line = line.substr(0, line.find_first_of(" \t"));
    if (line.find_first_of(".!*") != std::string::npos) continue;  // not a plain TLD rule
    INFO(line);
    bool letters = true, non_ascii = false;
    for (const char c : line) {
      const auto u = static_cast<unsigned char>(c);
      non_ascii = non_ascii || u >= 0x80;
      letters = letters && (u >= 0x80 || (u >= 'a' && u <= 'z'));
    }
    CHECK((letters || non_ascii || line.rfind("xn--", 0) == 0));
    if (!non_ascii) CHECK(psl.is_tld(line));
    ++tlds;
  }
  CHECK(tlds > 1000);
}
