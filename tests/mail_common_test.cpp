// The mail family helper: report URIs (RFC 7489 §6.4, RFC 8460 §3) and misspelt mail labels.
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "lint/context.hpp"
#include "load_test_util.hpp"
#include "rules/mail/dkim_key.hpp"
#include "rules/mail/mail_common.hpp"

using zl::mail::dmarc_mailto_problem;
using zl::mail::label_typo;
using zl::mail::MailKind;
using zl::mail::tlsrpt_uri_problem;

namespace {
zl::Name n(const char* text) {
  return *zl::Name::parse(text, nullptr);
}
}  // namespace

TEST_CASE("mail: DMARC report URIs follow dmarc-uri (mailto, optional size limit)") {
  std::string host;
  CHECK(dmarc_mailto_problem("mailto:dmarc@example.com", &host).empty());
  CHECK(host == "example.com");
  CHECK(dmarc_mailto_problem("MAILTO:dmarc@example.com").empty());
  CHECK(dmarc_mailto_problem("mailto:dmarc@example.com!10m").empty());
  CHECK(dmarc_mailto_problem("mailto:dmarc@example.com!500").empty());
  CHECK(dmarc_mailto_problem("mailto:first%2Blast@example.com").empty());
  CHECK(dmarc_mailto_problem("mailto:d@example.com.").empty());
  CHECK_FALSE(dmarc_mailto_problem("dmarc@example.com").empty());
  CHECK_FALSE(dmarc_mailto_problem("https://example.com/r").empty());
  CHECK_FALSE(dmarc_mailto_problem("mailto:dmarc@example.com!10x").empty());
  CHECK_FALSE(dmarc_mailto_problem("mailto:dmarc@example.com!").empty());
  CHECK_FALSE(dmarc_mailto_problem("mailto:dmarc@example").empty());
  CHECK_FALSE(dmarc_mailto_problem("mailto:@example.com").empty());
  CHECK_FALSE(dmarc_mailto_problem("mailto:a b@example.com").empty());
  CHECK_FALSE(dmarc_mailto_problem("mailto:a%2@example.com").empty());
  CHECK_FALSE(dmarc_mailto_problem("mailto:dmarc@exa_mple.com").empty());
  CHECK_FALSE(dmarc_mailto_problem("").empty());
}

TEST_CASE("mail: TLS-RPT report URIs are mailto or https") {
  CHECK(tlsrpt_uri_problem("mailto:tls@example.com").empty());
  CHECK(tlsrpt_uri_problem("https://reports.example.net/v1/tlsrpt?id=1").empty());
  CHECK(tlsrpt_uri_problem("https://reports.example.net:8443/x").empty());
  CHECK_FALSE(tlsrpt_uri_problem("tls@example.com").empty());
  CHECK_FALSE(tlsrpt_uri_problem("http://reports.example.net/").empty());
  CHECK_FALSE(tlsrpt_uri_problem("https:reports.example.net").empty());
  CHECK_FALSE(tlsrpt_uri_problem("ftp://example.com/x").empty());
}

TEST_CASE("mail: misspelt mail labels are found, legitimate labels are not") {
  CHECK(label_typo(n("_dmark.example.com."), MailKind::none)->intended == "_dmarc");
  CHECK(label_typo(n("dmarc.example.com."), MailKind::dmarc)->intended == "_dmarc");
  CHECK_FALSE(label_typo(n("dmarc.example.com."), MailKind::none));
  CHECK(label_typo(n("g._domainkeys.example.com."), MailKind::none)->intended == "_domainkey");
  CHECK(label_typo(n("g._domainkeys.example.com."), MailKind::none)->label == 1);
  CHECK(label_typo(n("_mta_sts.example.com."), MailKind::none)->intended == "_mta-sts");
  CHECK_FALSE(label_typo(n("mta-sts.example.com."), MailKind::none));
  CHECK(label_typo(n("mta-sts.example.com."), MailKind::sts));
  CHECK(label_typo(n("_tls._smtp.example.com."), MailKind::none)->count == 2);
  CHECK(label_typo(n("_smtp_tls.example.com."), MailKind::none));
  CHECK(label_typo(n("a.example._reports._dmarc.example.net."), MailKind::dmarc)->label == 2);
  for (const char* ok :
       {"_dmarc.example.com.", "g._domainkey.example.com.", "_mta-sts.example.com.",
        "_smtp._tls.example.com.", "_smtp._tcp.example.com.", "_acme-challenge.example.com.",
        "_amazonses.example.com.", "_domainkey.example.com.",
        "a.example._report._dmarc.example.net.", "_domainconnect.example.com.",
        "_github-challenge-x.example.com."}) {
    INFO(ok);
    CHECK_FALSE(label_typo(n(ok), MailKind::none));
  }
}

TEST_CASE("mail: edit distance counts a transposition as one edit, ignoring case") {
  CHECK(zl::mail::edit_distance("_dmacr", "_dmarc") == 1);
  CHECK(zl::mail::edit_distance("_DMARC", "_dmarc") == 0);
  CHECK(zl::mail::edit_distance("rue", "rua") == 1);
  CHECK(zl::mail::edit_distance("", "abc") == 3);
  CHECK(zl::mail::edit_distance("abc", "") == 3);
  CHECK(zl::mail::edit_distance("kitten", "sitting") == 3);
  // Rows longer than the stack buffer (63 cells) take the heap path, with the same answers.
  const std::string long_a(100, 'a');
  CHECK(zl::mail::edit_distance(long_a, long_a) == 0);
  CHECK(zl::mail::edit_distance(long_a, std::string(99, 'a') + "b") == 1);
  CHECK(zl::mail::edit_distance(std::string(98, 'a') + "ba", std::string(98, 'a') + "ab") == 1);
  CHECK(zl::mail::edit_distance("x" + long_a, long_a) == 1);
}

TEST_CASE("mail: a parsed TXT record reads as its joined strings, and copies keep their tags") {
  const zl::ZoneSet set = zl::test::load(
      "example.com.zone",
      "$ORIGIN example.com.\n$TTL 300\n@ SOA ns hostmaster 1 7200 3600 1209600 300\n@ NS ns\n"
      "ns A 192.0.2.1\n"
      "_dmarc TXT \"v=DMARC1; p=none; rua=mailto:d@example.com\"\n"
      "s1._domainkey TXT \"v=DKIM1; k=rsa; \" \"p=MIIBIjAN\" \"BgkqhkiG9w0B\"\n"
      "s2._domainkey TXT \"v=DKIM1; \" \"\" \"p=\"\n");
  REQUIRE(set.zones.size() == 1);
  const zl::Zone& z = set.zones[0];
  const zl::RuleContext ctx(set, {&z});
  std::vector<zl::mail::ParsedTxt> all;
  std::size_t single = 0, several = 0;
  for (const zl::Record& r : z.records) {
    if (r.type != zl::rrtype::TXT) continue;
    const auto j = zl::join_txt(z, r, set.sources);
    REQUIRE(j);
    auto p = zl::mail::parse_txt(ctx, z, r, zl::mail::TagSyntax::dkim);
    REQUIRE(p);
    // The same text and the same tags as parsing the joined text itself.
    CHECK(p->text() == j->text());
    const auto direct = zl::mail::parse_tag_list(j->text(), zl::mail::TagSyntax::dkim);
    REQUIRE(p->tags.tags.size() == direct.tags.size());
    for (std::size_t i = 0; i < direct.tags.size(); ++i) {
      CHECK(p->tags.name(p->tags.tags[i]) == direct.name(direct.tags[i]));
      CHECK(p->tags.value(p->tags.tags[i]) == direct.value(direct.tags[i]));
      CHECK(p->tags.tags[i].value_b == direct.tags[i].value_b);
    }
    // One string: a view of the rdata; several: a copy of its own.
    const std::string_view w = z.rdata(r);
    const bool in_rdata = p->text().data() >= w.data() && p->text().data() < w.data() + w.size();
    if (j->string_count() == 1) {
      CHECK(in_rdata);
      ++single;
    } else {
      CHECK_FALSE(in_rdata);
      ++several;
    }
    all.push_back(*p);             // a copy
    all.push_back(std::move(*p));  // a move; the vector also moves them as it grows
  }
  CHECK(single == 1);
  CHECK(several == 2);
  REQUIRE(all.size() == 6);
  // Each copy reads its own joined text; views of the rdata stay views of the rdata.
  for (std::size_t i = 0; i < all.size(); i += 2) {
    CHECK(all[i].text() == all[i + 1].text());
    CHECK((all[i].text().data() == all[i + 1].text().data()) == (i == 0));
  }
  CHECK(all[0].tags.value(*all[0].tags.find("p")) == "none");
  CHECK(all[3].tags.value(*all[3].tags.find("p")) == "MIIBIjANBgkqhkiG9w0B");
  CHECK(all[5].tags.value(*all[5].tags.find("p")).empty());
  // Assignment re-points the text too.
  zl::mail::ParsedTxt copy;
  copy = all[3];
  all[3] = all[0];
  CHECK(copy.tags.value(*copy.tags.find("k")) == "rsa");
  CHECK(all[3].tags.value(*all[3].tags.find("p")) == "none");
}

TEST_CASE("mail: TXT records are marked by owner label and content, once, for the mail rules") {
  const zl::ZoneSet set = zl::test::load(
      "example.com.zone",
      "$ORIGIN example.com.\n$TTL 300\n@ SOA ns hostmaster 1 7200 3600 1209600 300\n@ NS ns\n"
      "ns A 192.0.2.1\n"
      "@ TXT \"v=spf1 -all\"\n"                            // 0: SPF
      "_dmarc TXT \"v=DMARC1; p=none\"\n"                  // 1
      "s1._domainkey TXT \"v=DKIM1; p=\"\n"                // 2
      "_adsp._domainkey TXT \"dkim=all\"\n"                // 3: not a key record
      "_mta-sts TXT \"v=STSv1; id=1\"\n"                   // 4
      "_SMTP._TLS TXT \"v=TLSRPTv1; rua=mailto:a@b.c\"\n"  // 5: case ignored
      "www TXT \"v=spf1x -all spf\"\n"                     // 6: starts v=spf1, not SPF
      "info TXT \"v=sp\" \"f1 -all\"\n"                    // 7: SPF across strings
      "other TXT \"hello\"\n"                              // 8: nothing
      "mx MX 10 mail\n");
  REQUIRE(set.zones.size() == 1);
  const zl::Zone& z = set.zones[0];
  const zl::RuleContext ctx(set, {&z});
  std::vector<std::uint8_t> marks;
  for (const auto& ref : zl::mail::mail_records(ctx)) {
    if (ref.type == zl::rrtype::TXT)
      marks.push_back(ref.marks);
    else
      CHECK(ref.marks == 0);  // only TXT records are marked
  }
  using namespace zl::mail;
  REQUIRE(marks.size() == 9);
  CHECK(marks[0] == (kSpfWire | kStartsDmarcOrSpf | kMentionsSpf));
  CHECK(marks[1] == (kAtDmarc | kStartsDmarcOrSpf));
  CHECK(marks[2] == kAtDomainkey);
  CHECK(marks[3] == 0);
  CHECK(marks[4] == kAtMtaSts);
  CHECK(marks[5] == kAtSmtpTls);
  CHECK(marks[6] == (kStartsDmarcOrSpf | kMentionsSpf));
  CHECK(marks[7] == (kSpfWire | kStartsDmarcOrSpf));  // "sp" and "f1" are split: no "spf"
  CHECK(marks[8] == 0);
  // for_each_txt visits the records with one of the marks asked for, in file order.
  std::vector<std::string> owners;
  for_each_txt(ctx, kAtDmarc | kAtMtaSts, [&](const zl::Zone& zone, const zl::Record& r) {
    owners.push_back(zone.owner(r).text());
  });
  CHECK(owners == std::vector<std::string>{"_dmarc.example.com.", "_mta-sts.example.com."});
  CHECK(at_smtp_tls(n("_smtp._tls.example.com.")));
  CHECK_FALSE(at_smtp_tls(n("_tls._smtp.example.com.")));
}

TEST_CASE("mail: DKIM key records parsed one at a time read as parse_txt reads them, in order") {
  zl::ZoneSet set;
  zl::load_text(
      set, "example.com.zone",
      std::string("$ORIGIN example.com.\n$TTL 300\n@ SOA ns hostmaster 1 7200 3600 1209600 300\n"
                  "@ NS ns\nns A 192.0.2.1\n"
                  "a._domainkey TXT \"v=DKIM1; k=rsa; t=y; \" \"p=MIIBIjANBg\"\n"
                  "b._domainkey TXT \"v=DKIM1; MIIBIjANBg\"\n"
                  "_adsp._domainkey TXT \"dkim=all\"\n"
                  "c._domainkey TXT \"k=ed25519; v=DKIM1; p=\" \"11qYAYKxCrfVS\" \"/7p=\"\n"),
      {});
  REQUIRE(set.zones.size() == 1);
  const zl::Zone& z = set.zones[0];
  const zl::RuleContext ctx(set, {&z});
  // The key records as a rule parsing each on its own sees them (not _adsp), in file order.
  std::vector<zl::mail::ParsedTxt> memo;
  for (const zl::Record& r : z.records) {
    if (r.type != zl::rrtype::TXT || !zl::mail::has_label_below_first(z.owner(r), "_domainkey") ||
        zl::mail::first_label_is(z.owner(r), "_adsp"))
      continue;
    auto p = zl::mail::parse_txt(ctx, z, r, zl::mail::TagSyntax::dkim);
    REQUIRE(p);
    memo.push_back(std::move(*p));
  }
  REQUIRE(memo.size() == 3);
  CHECK(zl::mail::dkim_record_count(ctx) == 3);
  std::size_t i = 0;
  zl::mail::for_each_dkim_txt(ctx, [&](const zl::mail::ParsedTxt& p) {
    REQUIRE(i < memo.size());
    const zl::mail::ParsedTxt& m = memo[i++];
    CHECK(p.rec == m.rec);
    CHECK(p.text() == m.text());
    REQUIRE(p.tags.tags.size() == m.tags.tags.size());
    for (std::size_t k = 0; k < p.tags.tags.size(); ++k) {
      CHECK(p.tags.name(p.tags.tags[k]) == m.tags.name(m.tags.tags[k]));
      CHECK(p.tags.value(p.tags.tags[k]) == m.tags.value(m.tags.tags[k]));
    }
    CHECK(p.tags.errors.size() == m.tags.errors.size());
  });
  CHECK(i == 3);
  // A record whose text `may_hold` rejects is not parsed.
  std::vector<std::string> held;
  zl::mail::for_each_dkim_txt(
      ctx, [&](const zl::mail::ParsedTxt& p) { held.emplace_back(p.text()); },
      [](std::string_view text) { return text.find("t=y") != std::string_view::npos; });
  CHECK(held == std::vector<std::string>{"v=DKIM1; k=rsa; t=y; p=MIIBIjANBg"});
}

TEST_CASE("mail: the DMARC records kept together read as parse_txt reads each, in file order") {
  const zl::ZoneSet set = zl::test::load(
      "example.com.zone",
      "$ORIGIN example.com.\n$TTL 300\n@ SOA ns hostmaster 1 7200 3600 1209600 300\n@ NS ns\n"
      "ns A 192.0.2.1\n"
      "_dmarc TXT \"v=DMARC1; p=none; rua=mailto:d@example.com\"\n"
      "_dmarc.a TXT \"v=DMARC1; \" \"p=reject;\"\n"          // two strings: a joined copy
      "_dmarc.b TXT \"v=DMARC1; p=none; p=reject; 1x=y\"\n"  // errors: a duplicate, a bad name
      "_dmarc.c TXT \"\"\n"                                  // no tag
      "_dmarc.d TXT \"v=DMARC1;p=quarantine\"\n"
      "other TXT \"v=DMARC1; p=none\"\n",  // not at a _dmarc name
      {});
  REQUIRE(set.zones.size() == 1);
  const zl::Zone& z = set.zones[0];
  const zl::RuleContext ctx(set, {&z});
  std::vector<zl::mail::ParsedTxt> each;
  for (const zl::Record& r : z.records)
    if (r.type == zl::rrtype::TXT && zl::mail::first_label_is(z.owner(r), "_dmarc"))
      each.push_back(*zl::mail::parse_txt(ctx, z, r, zl::mail::TagSyntax::dmarc));
  const zl::mail::ParsedTxtList& kept = zl::mail::dmarc_txt(ctx);
  REQUIRE(kept.size() == 5);
  REQUIRE(each.size() == kept.size());
  std::size_t i = 0;
  for (const zl::mail::ParsedTxtView p : kept) {
    const zl::mail::ParsedTxt& m = each[i];
    CHECK(p.zone == &z);
    CHECK(p.rec == m.rec);
    CHECK(p.sources == &set.sources);
    CHECK(p.text() == m.text());
    CHECK(p.tags.case_insensitive);
    REQUIRE(p.tags.tags.size() == m.tags.tags.size());
    for (std::size_t k = 0; k < p.tags.tags.size(); ++k) {
      CHECK(p.tags.name(p.tags.tags[k]) == m.tags.name(m.tags.tags[k]));
      CHECK(p.tags.value(p.tags.tags[k]) == m.tags.value(m.tags.tags[k]));
    }
    REQUIRE(p.tags.errors.size() == m.tags.errors.size());
    for (std::size_t k = 0; k < p.tags.errors.size(); ++k)
      CHECK(p.tags.errors[k].message(p.text()) == m.tags.errors[k].message(m.text()));
    CHECK(kept[i].rec == p.rec);
    ++i;
  }
  CHECK(i == 5);
  CHECK(kept[1].tags.value(*kept[1].tags.find("P")) == "reject");  // DMARC: any case
  CHECK(kept[2].tags.errors.size() == 2);
  CHECK(kept[3].tags.tags.empty());
  CHECK(kept[4].tags.value(*kept[4].tags.find("p")) == "quarantine");
}
