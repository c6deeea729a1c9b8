// spf-not-recognized: text meant as SPF that receivers do not select as SPF.
#include <string>

#include "model/txt.hpp"
#include "rules/mail/mail_common.hpp"
#include "rules/registry.hpp"
#include "rules/spf/spf_record.hpp"

namespace zl::rules {

namespace {

char lower(char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

bool istarts(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i)
    if (lower(s[i]) != prefix[i]) return false;
  return true;
}

std::size_t ifind(std::string_view s, std::string_view needle) {
  for (std::size_t i = 0; i + needle.size() <= s.size(); ++i)
    if (istarts(s.substr(i), needle)) return i;
  return std::string_view::npos;
}

// Why `text` looks like SPF that is not selected, with the bytes to point at; "" when it does
// not look like SPF.
std::string diagnose(std::string_view text, std::uint32_t& b, std::uint32_t& e) {
  std::size_t lead = 0;
  while (lead < text.size() && (text[lead] == ' ' || text[lead] == '\t')) ++lead;
  if (lead > 0 && spf::is_spf_text(text.substr(lead))) {
    b = 0;
    e = static_cast<std::uint32_t>(lead + 6);
    return "starts with whitespace before 'v=spf1'; receivers select only text that begins "
           "exactly with 'v=spf1' (RFC 7208 §4.5). Remove the leading space";
  }
  std::size_t word_end = text.find(' ');
  if (word_end == std::string_view::npos) word_end = text.size();
  const std::string_view word = text.substr(0, word_end);
  b = 0;
  e = static_cast<std::uint32_t>(word_end);
  if (istarts(word, "v=spf")) {
    const std::string_view after = word.substr(5);
    if (after.empty())
      return "starts with 'v=spf' without the version '1': the version is 'v=spf1' (RFC 7208 "
             "§4.5)";
    if (after.size() > 1 && after[0] == '1') {
      std::string why = "begins with '" + std::string(word) +
                        "': 'v=spf1' must be followed by a space or the end (RFC 7208 §4.5)";
      const char c = after[1];
      if (c == '\t') why += "; a tab is not a space";
      if (static_cast<unsigned char>(c) == 0xC2) why += "; a non-breaking space is not a space";
      if (c >= '0' && c <= '9')
        why = "has version '" + std::string(word) +
              "'; the only SPF "
              "version is 'v=spf1' (RFC 7208 §4.5)";
      return why;
    }
    return "starts with '" + std::string(word) +
           "', which is not the SPF version 'v=spf1' "
           "(RFC 7208 §4.5)";
  }
  if (istarts(word, "spf1") && (word.size() == 4 || word[4] == ' '))
    return "starts with 'spf1' without 'v=': the record must begin with 'v=spf1' (RFC 7208 "
           "§4.5)";
  const auto at = ifind(word, "v=spf1");
  if (at != std::string_view::npos && at > 0) {
    std::string why = "has 'v=spf1' inside its first word '" + std::string(word) +
                      "' instead of at its start (RFC 7208 §4.5)";
    if (word[0] == '"' || word[0] == '\'')
      why +=
          "; the value contains literal quote characters, which usually comes from quoting "
          "twice in a DNS-as-code file";
    return why;
  }
  return "";
}

void check(const RuleContext& ctx, Diagnostics& out) {
  // The TXT records whose rdata mentions "spf", marked once for the mail rules.
  mail::for_each_txt(ctx, mail::kMentionsSpf, [&](const Zone& z, const Record& r) {
    const std::string_view w = z.rdata(r);
    if (spf::wire_is_spf(w)) return;
    // Judged on the strings of the wire rdata (join_txt's text), and joined with their places
    // in the file only for a finding: join_txt reads the record's text in the file, and the
    // page faults of a mapped file map 64 KiB around each read. On the 1M-record bench zone,
    // the ~170 DKIM keys whose base64 holds "spf" brought ~10 MiB back into the RSS that way,
    // the peak of its rules phase.
    std::string text;
    if (!append_txt_strings(w, text) || spf::is_spf_text(text)) return;  // or malformed
    std::uint32_t b = 0, e = 0;
    const std::string why = diagnose(text, b, e);
    if (why.empty()) return;
    const auto j = join_txt(z, r, ctx.sources());
    if (!j) return;
    out.add(make_finding(kSpfNotRecognized, z, r, j->span_of(b, e),
                         "TXT record of " + quoted(z.owner(r)) + " looks like SPF but " + why +
                             "; receivers ignore it as it is"));
  });
}

}  // namespace

const Rule kSpfNotRecognized{
    "spf-not-recognized",
    Severity::warning,
    {},
    RuleDoc{
        "text meant as SPF that receivers ignore",
        "Reports a TXT record that is clearly meant as SPF but that receivers do not select as "
        "an SPF record (RFC 7208 §4.5 takes only text that begins with `v=spf1` followed by a "
        "space or the end): whitespace before `v=spf1`, a version such as `v=spf10` or "
        "`v=spf`, `v=spf1` glued to the next term (`v=spf1-all`) or followed by a tab or a "
        "non-breaking space, `spf1` without `v=`, and `v=spf1` inside a longer first word (often "
        "literal quotes from quoting a value twice in YAML or Terraform). A TXT record that "
        "merely mentions SPF elsewhere, and Sender ID records (`spf2.0/...`), are not reported.",
        "A record receivers do not recognise is no record: the domain has no SPF policy (or, if "
        "it has another SPF record, this one's mechanisms are silently missing), and DMARC "
        "sees SPF results of `none`.",
        "$ORIGIN example.com.\n@  TXT  \"v=spf1-all\"\n",
        "$ORIGIN example.com.\n@  TXT  \"v=spf1 -all\"\n",
        "",
        "RFC 7208 §4.5, §3.3",
    },
    "spf,mail",
    &check,
};

}  // namespace zl::rules
