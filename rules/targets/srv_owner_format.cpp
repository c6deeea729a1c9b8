// srv-owner-format: an SRV owner not of the form _service._proto.name.
#include "rules/registry.hpp"
#include "rules/targets/targets_common.hpp"

namespace zl::rules {

namespace {

bool underscored(std::string_view l) {
  return l.size() >= 2 && l.front() == '_';
}

bool is_proto(std::string_view l) {
  for (std::string_view p : {"_tcp", "_udp", "_tls", "_sctp", "_dccp"})
    if (Name::equal_ci(l, p)) return true;
  return false;
}

// What is wrong with `owner` as an SRV owner, "" when nothing.
std::string problem(NameView owner) {
  // The first two labels, read from the wire in place (NameView::labels builds a vector of all
  // of them, an allocation for each of the bench zone's 37,000 SRV records).
  const std::string_view w = owner.wire();
  const auto label_at = [&](std::size_t at) {
    return w.substr(at + 1, static_cast<unsigned char>(w[at]));
  };
  if (w[0] == 0) return "is the root, not '_service._proto.name'";
  const std::string_view s = label_at(0);
  if (s == "*") return "";  // a wildcard may stand for the service (or both labels)
  const std::size_t second = 1 + s.size();
  if (w[second] == 0) return "has a single label, not '_service._proto.name'";
  const std::string_view p = label_at(second);
  if (is_proto(s) && underscored(p) && !is_proto(p))
    return "has the protocol label '" + std::string(s) + "' before the service label '" +
           std::string(p) + "': write '" + std::string(p) + "." + std::string(s) + "'";
  if (!underscored(s)) {
    if (is_proto(p))
      return "has no underscore on its service label '" + std::string(s) + "': write '_" +
             std::string(s) + "'";
    return "does not start with '_service._proto' (its first label is '" + std::string(s) + "')";
  }
  if (p == "*") return "";
  if (!underscored(p))
    return "has no protocol label after '" + std::string(s) +
           "' (the second label must be '_tcp', '_udp' or another '_proto')";
  return "";
}

void check(const RuleContext& ctx, Diagnostics& out) {
  for (const Zone* z : ctx.zones()) {
    for (const std::uint32_t i : z->records_of_type(rrtype::SRV)) {
      const Record& r = z->records[i];
      if (!in_zone(*z, r)) continue;
      const std::string why = problem(z->owner(r));
      if (why.empty()) continue;
      out.add(make_finding(kSrvOwnerFormat, *z, r, anchor_span(*z, r),
                           "SRV owner " + quoted(z->owner(r)) + " " + why +
                               "; clients look services up only at '_service._proto.name' "
                               "(RFC 2782), so they never find this record"));
    }
  }
}

}  // namespace

const Rule kSrvOwnerFormat{
    "srv-owner-format",
    Severity::warning,
    {},
    RuleDoc{
        "SRV owner is not of the form _service._proto.name",
        "Checks the owner of every SRV record: its first label must be the service, written "
        "with a leading underscore (`_sip`, `_xmpp-server`, any service name of the IANA "
        "registry, RFC 6335), and its second the protocol, also with an underscore (`_tcp`, "
        "`_udp`, `_tls`, ...). It reports a missing underscore, a missing protocol label, and "
        "the two labels swapped. A wildcard owner (`*._tcp.example.com.`, or `*` alone) is "
        "accepted: clients reach it through the wildcard. The service name itself is not "
        "checked against the registry.",
        "RFC 2782: a client looking for a service queries `_Service._Proto.Name`. A record "
        "anywhere else is never found, so the service silently does not exist for clients.",
        "$ORIGIN example.com.\nsip._tcp  SRV  10 5 5060 sip1\nsip1      A    192.0.2.10\n",
        "$ORIGIN example.com.\n_sip._tcp  SRV  10 5 5060 sip1\nsip1       A    192.0.2.10\n",
        "",
        "RFC 2782; RFC 6335 §5.1",
    },
    "srv,syntax",
    &check,
};

}  // namespace zl::rules
