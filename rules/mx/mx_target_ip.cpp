// mx-target-ip: the exchange is written as an IP address.
#include "rules/mx/mx_common.hpp"
#include "rules/registry.hpp"

namespace zl::rules {

namespace {

void check(const RuleContext& ctx, Diagnostics& out) {
  for (const mx::MxRecord* mp : mx::mx_records(ctx)) {
    const mx::MxRecord& m = *mp;
    if (!mx::exchange_is_ip(ctx, m)) continue;
    std::string_view text = mx::exchange_text(ctx, m);
    std::string shown = text.empty() ? m.data.exchange.text() : std::string(text);
    std::string msg = "MX exchange '" + shown + "' is an IP address, not a host name";
    if (!(m.data.exchange.text() == shown))
      msg += " (it expands to " + quoted(m.data.exchange) + ")";
    msg +=
        "; senders look the exchange up as a name and will not deliver to it "
        "(RFC 1035 §3.3.9)";
    out.add(make_finding(kMxTargetIp, *m.zone, *m.rec, mx::exchange_span(ctx, m), msg));
  }
}

}  // namespace

const Rule kMxTargetIp{
    "mx-target-ip",
    Severity::error,
    {},
    RuleDoc{
        "MX exchange is written as an IP address",
        "Reports an MX record whose exchange, as written, is an IPv4 or IPv6 address, with or "
        "without a final dot. Written without the dot, `192.0.2.25` even becomes the name "
        "`192.0.2.25.example.com.`. The test is BIND's: the text, less one final dot, parses "
        "with inet_pton().",
        "The exchange is a domain name (RFC 1035 §3.3.9). A sender looks up A and AAAA records "
        "for it (RFC 5321 §5.1); an address written there is a name that does not exist, so "
        "no mail is delivered.",
        "$ORIGIN example.com.\n@     MX 10 192.0.2.25\n",
        "$ORIGIN example.com.\n@     MX 10 mail\nmail  A  192.0.2.25\n",
        "",
        "RFC 1035 §3.3.9; RFC 5321 §5.1; RFC 1123 §2.1",
    },
    "mx,mail",
    &check,
};

}  // namespace zl::rules
