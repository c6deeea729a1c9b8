// dmarc-syntax: a DMARC record that receivers discard or misread.
#include "rules/mail/mail_common.hpp"
#include "rules/registry.hpp"

namespace zl::rules {

namespace {

using mail::iequals;

bool one_of(std::string_view v, std::initializer_list<std::string_view> allowed) {
  for (auto a : allowed)
    if (iequals(v, a)) return true;
  return false;
}

bool digits(std::string_view v) {
  if (v.empty()) return false;
  for (char c : v)
    if (c < '0' || c > '9') return false;
  return true;
}

// Splits a ':'-separated list, white space allowed around the colons (RFC 7489 §6.4 fo, rf).
std::vector<std::string_view> colon_list(std::string_view v) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  while (true) {
    std::size_t c = v.find(':', start);
    if (c == std::string_view::npos) c = v.size();
    std::size_t b = start, e = c;
    while (b < e && (v[b] == ' ' || v[b] == '\t')) ++b;
    while (e > b && (v[e - 1] == ' ' || v[e - 1] == '\t')) --e;
    out.push_back(v.substr(b, e - b));
    if (c == v.size()) break;
    start = c + 1;
  }
  return out;
}

// What is wrong with the value of a tag DMARC defines ("" when valid, or not checked here).
std::string value_problem(std::string_view name, std::string_view v) {
  // The value quoted for a message, written only for a value that has a problem: this runs for
  // every tag of every DMARC record (63,009 records on the 1M-record bench zone), nearly all
  // fine.
  const auto quoted_v = [&] { return "'" + mail::shown(v) + "'"; };
  if (one_of(name, {"p", "sp", "np"}))
    return one_of(v, {"none", "quarantine", "reject"})
               ? ""
               : quoted_v() + " is not a policy: use none, quarantine or reject";
  if (one_of(name, {"adkim", "aspf"}))
    return one_of(v, {"r", "s"}) ? "" : quoted_v() + " is not an alignment mode: use r or s";
  if (iequals(name, "fo")) {
    for (auto o : colon_list(v))
      if (!one_of(o, {"0", "1", "d", "s"}))
        return quoted_v() + " is not a list of failure options: use 0, 1, d or s, separated by ':'";
    return "";
  }
  if (iequals(name, "pct")) {
    if (!digits(v) || v.size() > 3 || std::stoi(std::string(v)) > 100)
      return quoted_v() + " is not a percentage: use a whole number from 0 to 100";
    return "";
  }
  if (iequals(name, "ri")) {
    if (!digits(v) || v.size() > 10 || std::stoull(std::string(v)) > 4294967295ULL)
      return quoted_v() + " is not a report interval: use a number of seconds";
    return "";
  }
  if (iequals(name, "rf")) {
    for (auto k : colon_list(v)) {
      bool ok = !k.empty();
      for (char c : k)
        ok = ok && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '-');
      if (!ok)
        return quoted_v() + " is not a list of report formats: use afrf (formats separated by ':')";
    }
    return "";
  }
  if (iequals(name, "t"))
    return one_of(v, {"y", "n"}) ? "" : quoted_v() + " is not a testing flag: use y or n";
  if (iequals(name, "psd"))
    return one_of(v, {"y", "n", "u"}) ? ""
                                      : quoted_v() + " is not a public suffix flag: use y, n or u";
  return "";
}

// Why the record does not start with `v=DMARC1`, pointing at [b, e).
void report_version(const mail::ParsedTxtView& p, Diagnostics& out) {
  const auto& tags = p.tags.tags;
  const std::string_view text = p.text();
  if (!tags.empty() && iequals(p.tags.name(tags[0]), "v")) {
    const mail::Tag& v = tags[0];
    const std::string_view val = p.tags.value(v);
    if (iequals(val, "DMARC1")) {
      out.add(mail::finding_at(kDmarcSyntax, p, v.value_b, v.value_e,
                               "DMARC version '" + std::string(val) +
                                   "' must be written 'DMARC1' (RFC 7489 §6.4); receivers "
                                   "comparing it exactly ignore the record"));
      return;
    }
    if (val.size() > 6 && val.substr(0, 6) == "DMARC1" && p.is_join(v.value_b + 6)) {
      const auto at = v.value_b + 6;
      out.add(mail::finding_at(kDmarcSyntax, p, at, at + 1,
                               "the record's strings are joined with no separator (as for SPF "
                               "and DKIM: RFC 7208 §3.3, RFC 6376 §3.6.2.2), so 'DMARC1' runs "
                               "into '" +
                                   mail::shown(val.substr(6), 20) +
                                   "': end the first string with ';' and receivers read the "
                                   "version"));
      return;
    }
    if (val.size() > 6 && iequals(val.substr(0, 6), "DMARC1") &&
        mail::is_tag_space(val[6], mail::TagSyntax::dmarc)) {
      const auto gap = v.value_b + 6;
      out.add(mail::finding_at(kDmarcSyntax, p, gap, gap + 1,
                               "'" + mail::shown(text.substr(v.name_b, v.value_e - v.name_b)) +
                                   "': DMARC tags are separated by ';', so receivers read this "
                                   "as one 'v' tag that is not 'DMARC1' and ignore the record"));
      return;
    }
    out.add(mail::finding_at(kDmarcSyntax, p, v.value_b, v.value_e,
                             "DMARC version '" + mail::shown(val) +
                                 "' is not 'DMARC1'; receivers ignore the record (RFC 7489 "
                                 "§6.6.3)"));
    return;
  }
  for (std::size_t i = 1; i < tags.size(); ++i)
    if (iequals(p.tags.name(tags[i]), "v")) {
      out.add(mail::finding_at(kDmarcSyntax, p, tags[i].name_b, tags[i].value_e,
                               "'v=" + mail::shown(p.tags.value(tags[i])) +
                                   "' must be the first tag of a DMARC record; receivers "
                                   "ignore a record that does not start with it (RFC 7489 "
                                   "§6.6.3)"));
      return;
    }
  const std::uint32_t e = tags.empty() ? static_cast<std::uint32_t>(text.size()) : tags[0].value_e;
  out.add(mail::finding_at(kDmarcSyntax, p, tags.empty() ? 0 : tags[0].name_b, e,
                           "record at a _dmarc name does not start with 'v=DMARC1'; receivers "
                           "ignore it (RFC 7489 §6.6.3)"));
}

void check(const RuleContext& ctx, Diagnostics& out) {
  for (const auto& p : mail::dmarc_txt(ctx)) {
    if (!mail::meant_as_dmarc(p)) continue;
    if (!mail::is_dmarc_record(p.tags)) {
      report_version(p, out);
      continue;
    }
    for (const auto& e : p.tags.errors)
      out.add(mail::finding_at(kDmarcSyntax, p, e.b, e.e,
                               e.message(p.text()) + " (DMARC record, RFC 7489 §6.4)"));
    for (const auto& t : p.tags.tags) {
      const std::string why = value_problem(p.tags.name(t), p.tags.value(t));
      if (why.empty()) continue;
      out.add(mail::finding_at(kDmarcSyntax, p, t.value_b, t.value_e,
                               "DMARC tag '" + std::string(p.tags.name(t)) + "': " + why));
    }
  }
}

}  // namespace

const Rule kDmarcSyntax{
    "dmarc-syntax",
    Severity::error,
    {},
    RuleDoc{
        "a DMARC record is malformed: receivers ignore or misread it",
        "Reads each TXT record at a `_dmarc` name that is meant as DMARC (it starts with a "
        "`v` tag or mentions DMARC; an unrelated TXT there is left alone, as receivers do). "
        "It reports a first tag other than exactly `v=DMARC1` (including a missing `;` after "
        "it), a malformed tag list (a part without `=`, a bad tag name, a control or "
        "non-ASCII byte), a duplicate tag, and an invalid value of `p`, `sp`, `np`, `adkim`, "
        "`aspf`, `fo`, `pct`, `ri`, `rf`, `t` or `psd`. The caret sits under the offending "
        "tag or value, in zone files and YAML/JSON values alike.",
        "Receivers discard a record that does not start with `v=DMARC1` (RFC 7489 §6.6.3), "
        "and a malformed policy makes them fall back to no policy at all: spoofed mail from "
        "the domain is delivered as if DMARC were not published. A missing `;` is the usual "
        "cause: `v=DMARC1 p=reject` is one tag whose value is not `DMARC1`.",
        "$ORIGIN example.com.\n_dmarc  TXT \"v=DMARC1 p=reject; pct=150\"\n",
        "$ORIGIN example.com.\n_dmarc  TXT \"v=DMARC1; p=reject; rua=mailto:dmarc@example.com\"\n",
        "",
        "RFC 7489 §6.3, §6.4, §6.6.3; RFC 6376 §3.2 (tag lists); DMARCbis (np, psd, t)",
    },
    "mail,dmarc",
    &check,
};

}  // namespace zl::rules
