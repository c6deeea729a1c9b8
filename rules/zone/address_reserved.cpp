// address-reserved: A or AAAA in a public zone at an address that is not globally reachable.
#include <arpa/inet.h>

#include <cstring>

#include "rules/registry.hpp"
#include "rules/targets/targets_common.hpp"

namespace zl::rules {

namespace {

// An entry of the IANA IPv4 / IPv6 Special-Purpose Address Registries (RFC 6890 and the RFCs
// that added entries since), with its "Globally Reachable" column. The longest matching prefix
// decides; entries whose column is "N/A" (6to4, Teredo, deprecated ORCHID) are listed as
// reachable so that the wider block around them does not apply.
struct Block {
  const char* prefix;
  int len;
  bool reachable;
  const char* name;
};

constexpr Block kV4[] = {
    {"0.0.0.0", 8, false, "\"this network\" (RFC 791)"},
    {"10.0.0.0", 8, false, "Private-Use (RFC 1918)"},
    {"100.64.0.0", 10, false, "Shared Address Space (RFC 6598)"},
    {"127.0.0.0", 8, false, "Loopback (RFC 1122)"},
    {"169.254.0.0", 16, false, "Link Local (RFC 3927)"},
    {"172.16.0.0", 12, false, "Private-Use (RFC 1918)"},
    {"192.0.0.0", 24, false, "IETF Protocol Assignments (RFC 6890)"},
    {"192.0.0.0", 29, false, "IPv4 Service Continuity Prefix (RFC 7335)"},
    {"192.0.0.8", 32, false, "IPv4 dummy address (RFC 7600)"},
    {"192.0.0.9", 32, true, "Port Control Protocol Anycast (RFC 7723)"},
    {"192.0.0.10", 32, true, "TURN Anycast (RFC 8155)"},
    {"192.0.0.170", 32, false, "NAT64/DNS64 Discovery (RFC 8880)"},
    {"192.0.0.171", 32, false, "NAT64/DNS64 Discovery (RFC 8880)"},
    {"192.0.2.0", 24, false, "Documentation, TEST-NET-1 (RFC 5737)"},
    {"192.31.196.0", 24, true, "AS112-v4 (RFC 7535)"},
    {"192.52.193.0", 24, true, "AMT (RFC 7450)"},
    {"192.88.99.0", 24, true, "deprecated 6to4 relay anycast (RFC 7526)"},
    {"192.168.0.0", 16, false, "Private-Use (RFC 1918)"},
    {"192.175.48.0", 24, true, "Direct Delegation AS112 Service (RFC 7534)"},
    {"198.18.0.0", 15, false, "Benchmarking (RFC 2544)"},
    {"198.51.100.0", 24, false, "Documentation, TEST-NET-2 (RFC 5737)"},
    {"203.0.113.0", 24, false, "Documentation, TEST-NET-3 (RFC 5737)"},
    {"240.0.0.0", 4, false, "Reserved (RFC 1112)"},
    {"255.255.255.255", 32, false, "Limited Broadcast (RFC 919)"},
};

constexpr Block kV6[] = {
    {"::1", 128, false, "Loopback (RFC 4291)"},
    {"::", 128, false, "Unspecified Address (RFC 4291)"},
    {"::ffff:0:0", 96, false, "IPv4-mapped Address (RFC 4291)"},
    {"64:ff9b::", 96, true, "IPv4-IPv6 Translation (RFC 6052)"},
    {"64:ff9b:1::", 48, false, "IPv4-IPv6 local-use Translation (RFC 8215)"},
    {"100::", 64, false, "Discard-Only Address Block (RFC 6666)"},
    {"100:0:0:1::", 64, false, "Dummy IPv6 Prefix (RFC 9780)"},
    {"2001::", 23, false, "IETF Protocol Assignments (RFC 2928)"},
    {"2001::", 32, true, "TEREDO (RFC 4380)"},
    {"2001:1::1", 128, true, "Port Control Protocol Anycast (RFC 7723)"},
    {"2001:1::2", 128, true, "TURN Anycast (RFC 8155)"},
    {"2001:1::3", 128, true, "DNS-SD Service Registration Protocol Anycast (RFC 9665)"},
    {"2001:2::", 48, false, "Benchmarking (RFC 5180)"},
    {"2001:3::", 32, true, "AMT (RFC 7450)"},
    {"2001:4:112::", 48, true, "AS112-v6 (RFC 7535)"},
    {"2001:10::", 28, true, "deprecated ORCHID (RFC 4843)"},
    {"2001:20::", 28, true, "ORCHIDv2 (RFC 7343)"},
    {"2001:30::", 28, true, "Drone Remote ID Protocol Entity Tags (RFC 9374)"},
    {"2001:db8::", 32, false, "Documentation (RFC 3849)"},
    {"2002::", 16, true, "6to4 (RFC 3056)"},
    {"2620:4f:8000::", 48, true, "Direct Delegation AS112 Service (RFC 7534)"},
    {"3fff::", 20, false, "Documentation (RFC 9637)"},
    {"5f00::", 16, false, "Segment Routing SIDs (RFC 9602)"},
    {"fc00::", 7, false, "Unique-Local (RFC 4193)"},
    {"fe80::", 10, false, "Link-Local Unicast (RFC 4291)"},
};

bool matches(const std::uint8_t* addr, const std::uint8_t* prefix, int len) {
  for (int bit = 0; bit < len; ++bit) {
    const int byte = bit / 8, mask = 0x80 >> (bit % 8);
    if ((addr[byte] & mask) != (prefix[byte] & mask)) return false;
  }
  return true;
}

// The most specific registry entry containing `addr`, or nullptr.
template <std::size_t N>
const Block* lookup(const Block (&table)[N], int family, const std::uint8_t* addr) {
  const Block* best = nullptr;
  for (const Block& b : table) {
    std::uint8_t p[16] = {};
    if (inet_pton(family, b.prefix, p) != 1) continue;
    if (matches(addr, p, b.len) && (!best || b.len > best->len)) best = &b;
  }
  return best;
}

void check(const RuleContext& ctx, Diagnostics& out) {
  for (const Zone* z : ctx.zones()) {
    // Documentation, test and private zones (example.com., corp.internal., home.arpa., the
    // RFC 1918 reverse zones) hold such addresses on purpose.
    if (targets::special_use_suffix(z->origin)) continue;
    for (const std::uint32_t i : records_of_types(*z, {rrtype::A, rrtype::AAAA})) {
      const Record& r = z->records[i];
      if (r.has(kValueUnknown) || !in_zone(*z, r)) continue;
      const Block* b = nullptr;
      char text[INET6_ADDRSTRLEN] = {};
      if (auto a = as_a(*z, r)) {
        b = lookup(kV4, AF_INET, a->addr);
        inet_ntop(AF_INET, a->addr, text, sizeof text);
      } else if (auto a6 = as_aaaa(*z, r)) {
        b = lookup(kV6, AF_INET6, a6->addr);
        inet_ntop(AF_INET6, a6->addr, text, sizeof text);
      }
      if (!b || b->reachable) continue;
      out.add(make_finding(kAddressReserved, *z, r, field_span(ctx.sources(), *z, r, 0),
                           type_name(r.type) + " address '" + text + "' of " + quoted(z->owner(r)) +
                               " is in " + b->prefix + "/" + std::to_string(b->len) + ", " +
                               b->name +
                               ", which is not globally reachable: clients on the Internet "
                               "cannot use it (IANA special-purpose address registry)"));
    }
  }
}

}  // namespace

const Rule kAddressReserved{
    "address-reserved",
    Severity::info,
    {},
    RuleDoc{
        "A or AAAA at a private, loopback, link-local, documentation or other non-global "
        "address",
        "Looks up the address of every A and AAAA record in the IANA IPv4 and IPv6 "
        "Special-Purpose Address Registries (RFC 6890 and the RFCs that added entries since) "
        "and reports those in a block whose \"Globally Reachable\" column is False: private "
        "use (10/8, 172.16/12, 192.168/16, fc00::/7), shared address space, loopback, link "
        "local, documentation (192.0.2/24, 2001:db8::/32, 3fff::/20), benchmarking, reserved, "
        "and the other non-global blocks. The most specific entry decides, so the anycast "
        "addresses inside 192.0.0.0/24 and 2001::/23, 6to4, Teredo and AS112 are not "
        "reported. Zones under a special-use or private name (example.com., test., "
        "corp.internal., home.arpa., the RFC 1918 reverse zones) are not checked.",
        "A public name that resolves to a private or loopback address is unreachable from the "
        "Internet, leaks internal addressing, and can be abused (a name under your domain "
        "pointing at 127.0.0.1 shares your cookies' site). Split-horizon zones publish such "
        "addresses on purpose, hence info: ignore the rule for those files with "
        "`per-path-ignore` in `.zonelint.yaml` (`per-path-ignore: {\"internal/**\": "
        "[address-reserved]}`).",
        "$ORIGIN shop.net.\nwww       A  93.184.215.14\nintranet  A  10.1.2.3\n",
        "; intranet moves to the internal view's own zone file\n$ORIGIN shop.net.\n"
        "www       A  93.184.215.14\n",
        "",
        "RFC 6890; RFC 1918; RFC 4193; RFC 5737; RFC 3849; RFC 9637; IANA IPv4 and IPv6 "
        "Special-Purpose Address Registries",
    },
    "address,zone",
    &check,
};

}  // namespace zl::rules
