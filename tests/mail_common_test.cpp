// The mail family helper: report URIs (RFC 7489 §6.4, RFC 8460 §3) and misspelt mail labels.
#include <catch2/catch.hpp>

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
}
