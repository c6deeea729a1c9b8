// The tag-list parser shared by the DMARC, DKIM, MTA-STS and TLS-RPT rules.
#include <catch2/catch.hpp>

#include "rules/mail/tag_list.hpp"

using zl::mail::parse_tag_list;
using zl::mail::TagSyntax;

namespace {
std::string_view slice(std::string_view text, std::uint32_t b, std::uint32_t e) {
  return text.substr(b, e - b);
}
}  // namespace

TEST_CASE("tag-list: names and values keep their byte ranges, white space trimmed") {
  const std::string_view t = "v=DKIM1;  k = rsa ;p=MIIB IjAN\r\n\tBgkq";
  const auto l = parse_tag_list(t, TagSyntax::dkim);
  CHECK(l.ok());
  REQUIRE(l.tags.size() == 3);
  CHECK(l.name(l.tags[1]) == "k");
  CHECK(slice(t, l.tags[1].name_b, l.tags[1].name_e) == "k");
  CHECK(l.value(l.tags[1]) == "rsa");
  CHECK(slice(t, l.tags[1].value_b, l.tags[1].value_e) == "rsa");
  CHECK(l.value(l.tags[2]) == "MIIB IjAN\r\n\tBgkq");
}

TEST_CASE("tag-list: empty specs and a final separator are accepted, an empty value is kept") {
  const auto l = parse_tag_list("v=DKIM1;; p=;", TagSyntax::dkim);
  CHECK(l.ok());
  REQUIRE(l.tags.size() == 2);
  CHECK(l.value(l.tags[1]).empty());
  CHECK(l.tags[1].value_b == l.tags[1].value_e);
  CHECK(parse_tag_list("", TagSyntax::dkim).tags.empty());
}

TEST_CASE("tag-list: a spec without '=' is an error at that spec") {
  const std::string_view t = "v=DMARC1; p=reject; oops";
  const auto l = parse_tag_list(t, TagSyntax::dmarc);
  REQUIRE(l.errors.size() == 1);
  CHECK(slice(t, l.errors[0].b, l.errors[0].e) == "oops");
}

TEST_CASE("tag-list: each error's message quotes the bytes from the parsed text") {
  const std::string_view t = "v=DMARC1; oops; =x; 1a=b; p=re\x01ject; P=none";
  const auto l = parse_tag_list(t, TagSyntax::dmarc);
  REQUIRE(l.errors.size() == 5);
  CHECK(l.errors[0].message(t) ==
        "'oops' is not a tag: a tag is 'name=value', and tags are separated by ';'");
  CHECK(l.errors[1].message(t) == "tag '=x' has no name before '='");
  CHECK(l.errors[2].message(t) == "tag name '1a' must start with a letter");
  CHECK(l.errors[3].message(t) == "character '\\x01' is not allowed in the value of tag 'p'");
  CHECK(l.errors[4].message(t) ==
        "tag 'P' appears twice; a tag list with a duplicate tag is invalid as a whole");
  const std::string_view s = "v = STSv1";
  const auto sts = parse_tag_list(s, TagSyntax::sts);
  REQUIRE(sts.errors.size() == 1);
  CHECK(sts.errors[0].message(s) == "white space around '=' in tag 'v' is not allowed");
}

TEST_CASE("tag-list: a message quotes at most 60 bytes of what is at fault") {
  const std::string spec(100, 'x');
  const std::string t = "v=DMARC1; " + spec;
  const auto l = parse_tag_list(t, TagSyntax::dmarc);
  REQUIRE(l.errors.size() == 1);
  CHECK(slice(t, l.errors[0].b, l.errors[0].e) == spec);  // the span still covers it all
  CHECK(l.errors[0].message(t) == "'" + std::string(60, 'x') +
                                      "...' is not a tag: a tag is 'name=value', and tags are "
                                      "separated by ';'");
  const std::string exact(60, 'y');
  const std::string u = "v=DMARC1; " + exact;
  CHECK(parse_tag_list(u, TagSyntax::dmarc).errors.at(0).message(u) ==
        "'" + exact + "' is not a tag: a tag is 'name=value', and tags are separated by ';'");
}

TEST_CASE("tag-list: a DKIM key written without 'p=' is named as such") {
  const std::string key = "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAej+bQ8f80YMM3t207GMHzrNf";
  const std::string t = "v=DKIM1; k=rsa; " + key;
  const auto l = parse_tag_list(t, TagSyntax::dkim);
  REQUIRE(l.errors.size() == 1);
  CHECK(l.errors[0].message(t) ==
        "'" + key.substr(0, 60) +
            "...' is not a tag: it looks like the public key without its 'p=' (a tag is "
            "'name=value', and tags are separated by ';')");
  // Not in DMARC, and not for a short word.
  const std::string d = "v=DMARC1; " + key;
  CHECK(parse_tag_list(d, TagSyntax::dmarc).errors.at(0).message(d).find("public key") ==
        std::string::npos);
  const std::string_view w = "v=DKIM1; oops; p=abc";
  CHECK(parse_tag_list(w, TagSyntax::dkim).errors.at(0).message(w) ==
        "'oops' is not a tag: a tag is 'name=value', and tags are separated by ';'");
}

TEST_CASE("tag-list: a missing separator glues two tags into one value") {
  const auto l = parse_tag_list("v=DMARC1 p=reject", TagSyntax::dmarc);
  CHECK(l.ok());  // '=' is a VALCHAR: the list is well formed, v's value is not DMARC1
  REQUIRE(l.tags.size() == 1);
  CHECK(l.value(l.tags[0]) == "DMARC1 p=reject");
}

TEST_CASE("tag-list: names follow each syntax") {
  CHECK_FALSE(parse_tag_list("1p=x", TagSyntax::dkim).ok());
  CHECK_FALSE(parse_tag_list("r-a=x", TagSyntax::dmarc).ok());
  CHECK_FALSE(parse_tag_list("r ua=x", TagSyntax::dmarc).ok());
  CHECK_FALSE(parse_tag_list("=x", TagSyntax::dmarc).ok());
  CHECK(parse_tag_list("x_y=1", TagSyntax::dkim).ok());
  CHECK(parse_tag_list("v=STSv1; 9ext.a-b_c=1", TagSyntax::sts).ok());
  CHECK_FALSE(parse_tag_list("v=STSv1; -ext=1", TagSyntax::sts).ok());
  CHECK_FALSE(parse_tag_list("v=STSv1; " + std::string(33, 'a') + "=1", TagSyntax::sts).ok());
}

TEST_CASE("tag-list: duplicate tags make the list invalid, case-insensitively for DMARC") {
  const std::string_view t = "v=DMARC1; p=none; P=reject";
  const auto l = parse_tag_list(t, TagSyntax::dmarc);
  REQUIRE(l.errors.size() == 1);
  CHECK(slice(t, l.errors[0].b, l.errors[0].e) == "P");
  CHECK(parse_tag_list("t=y; T=s", TagSyntax::dkim).ok());  // DKIM names are case-sensitive
  CHECK_FALSE(parse_tag_list("t=y; t=s", TagSyntax::dkim).ok());
}

TEST_CASE("tag-list: STS allows no white space around '=' nor folding white space") {
  CHECK(parse_tag_list("v=STSv1;  id=20240101 ;", TagSyntax::sts).ok());
  const std::string_view t = "v=STSv1; id = 1";
  const auto l = parse_tag_list(t, TagSyntax::sts);
  REQUIRE(l.errors.size() == 1);
  CHECK(slice(t, l.errors[0].b, l.errors[0].e) == " = ");
  CHECK(parse_tag_list("v=TLSRPTv1; rua=https://r.example/x?a=b", TagSyntax::sts).ok());
  CHECK_FALSE(parse_tag_list("v=STSv1;\r\nid=1", TagSyntax::sts).ok());
}

TEST_CASE("tag-list: control and non-ASCII bytes in a value are errors at the byte") {
  const std::string_view t =
      "v=spf1 \xe2\x80\x93"
      "all";
  const auto l = parse_tag_list(t, TagSyntax::dkim);
  REQUIRE(l.errors.size() == 1);
  CHECK(l.errors[0].b == 7);
  CHECK(parse_tag_list("p=a\tb", TagSyntax::dkim).ok());
  CHECK_FALSE(parse_tag_list("p=a\x01"
                             "b",
                             TagSyntax::dkim)
                  .ok());
}

TEST_CASE("tag-list: find honours the syntax's case rule") {
  CHECK(parse_tag_list("V=DMARC1; P=none", TagSyntax::dmarc).find("p"));
  CHECK_FALSE(parse_tag_list("V=DKIM1; P=abc", TagSyntax::dkim).find("p"));
}

TEST_CASE("tag-list: parsing into a used list gives what a fresh parse gives") {
  using zl::mail::TagSyntax;
  zl::mail::TagList reused;
  zl::mail::parse_tag_list_into("v=DKIM1; k=rsa; p=abc; t=y; bad; x=1", TagSyntax::dkim, reused);
  for (const std::string_view text : {"v=DKIM1; p=", "v=DKIM1; v=DKIM1", "p=abc"}) {
    zl::mail::parse_tag_list_into(text, TagSyntax::dkim, reused);
    const zl::mail::TagList fresh = zl::mail::parse_tag_list(text, TagSyntax::dkim);
    CHECK(reused.text.str() == text);
    REQUIRE(reused.tags.size() == fresh.tags.size());
    for (std::size_t i = 0; i < fresh.tags.size(); ++i) {
      CHECK(reused.name(reused.tags[i]) == fresh.name(fresh.tags[i]));
      CHECK(reused.value(reused.tags[i]) == fresh.value(fresh.tags[i]));
    }
    REQUIRE(reused.errors.size() == fresh.errors.size());
    for (std::size_t i = 0; i < fresh.errors.size(); ++i)
      CHECK(reused.errors[i].message(text) == fresh.errors[i].message(text));
  }
}
