// mx-target-invalid: the exchange is not a valid host name.
#include <cstdio>

#include "rules/mx/mx_common.hpp"
#include "rules/registry.hpp"

namespace zl::rules {

namespace {

std::string shown_label(std::string_view l) {
  std::string s;
  for (unsigned char c : l) {
    if (c > 0x20 && c < 0x7f) {
      s.push_back(static_cast<char>(c));
    } else {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\%03u", static_cast<unsigned>(c));
      s += buf;
    }
  }
  return s;
}

// What is wrong with `name` as a host name (RFC 1123 §2.1), "" when nothing. Walks the wire
// labels in place and builds the quoted label only for a finding: it is asked for every MX
// record (140,000 on the 1M-record bench zone), nearly all of them fine.
std::string host_name_problem(NameView name) {
  const std::string_view w = name.wire();
  std::size_t at = 0;
  while (at < w.size() && w[at] != 0) {
    const std::string_view l = w.substr(at + 1, static_cast<unsigned char>(w[at]));
    at += 1 + l.size();
    const bool last = at >= w.size() || w[at] == 0;
    auto shown = [&] {
      // Appended, not "'" + ... (GCC 12's -Wrestrict misfires on that at -O3).
      std::string s = "'";
      s += shown_label(l);
      s += '\'';
      return s;
    };
    if (l == "*") return "has a wildcard label '*'";
    for (unsigned char c : l) {
      if (c == '_') return "has an underscore in label " + shown();
      const bool ldh =
          (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
      if (!ldh) return "has a character other than letters, digits and '-' in label " + shown();
    }
    if (l.front() == '-') return "has a label starting with '-' (" + shown() + ")";
    if (l.back() == '-') return "has a label ending with '-' (" + shown() + ")";
    if (last) {
      bool digits = true;
      for (unsigned char c : l) digits = digits && c >= '0' && c <= '9';
      if (digits) return "has an all-numeric top-level label " + shown();
    }
  }
  return "";
}

void check(const RuleContext& ctx, Diagnostics& out) {
  for (const mx::MxRecord* mp : mx::mx_records(ctx)) {
    const mx::MxRecord& m = *mp;
    if (m.data.is_null()) continue;  // null MX: RFC 7505, other rules
    // The name first: nearly every exchange is a fine host name, and that test reads only
    // the name, where exchange_is_ip reads the record's text in the source.
    const std::string problem = host_name_problem(m.data.exchange);
    if (problem.empty()) continue;
    if (mx::exchange_is_ip(ctx, m)) continue;  // mx-target-ip
    out.add(make_finding(kMxTargetInvalid, *m.zone, *m.rec, mx::exchange_span(ctx, m),
                         "MX exchange " + quoted(m.data.exchange) +
                             " is not a valid host name: "
                             "it " +
                             problem + " (RFC 1123 §2.1, RFC 5321 §2.3.5)"));
  }
}

}  // namespace

const Rule kMxTargetInvalid{
    "mx-target-invalid",
    Severity::error,
    {},
    RuleDoc{
        "MX exchange is not a valid host name",
        "Checks every label of the exchange against the host-name syntax: letters, digits and "
        "hyphens only (no underscore, no `*` label, no escaped dot or other byte), no label "
        "starting or ending with a hyphen, and a top-level label that is not all digits. "
        "Label and name lengths are enforced when the name is parsed. The null MX `.` is "
        "RFC 7505's business (mx-null-mixed, mx-null-preference), and an exchange written as "
        "an IP address is reported by mx-target-ip.",
        "The exchange is a host that senders connect to over SMTP; RFC 5321 §2.3.5 requires "
        "it to be a fully qualified host name in RFC 1123 syntax. Mail software rejects other "
        "names, and BIND's check-names flags them.",
        "$ORIGIN example.com.\n@       MX 10 mail_1\nmail_1  A  192.0.2.25\n",
        "$ORIGIN example.com.\n@       MX 10 mail-1\nmail-1  A  192.0.2.25\n",
        "",
        "RFC 1123 §2.1; RFC 5321 §2.3.5; RFC 952; RFC 3696 §2",
    },
    "mx,mail,syntax",
    &check,
};

}  // namespace zl::rules
