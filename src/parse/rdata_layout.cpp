// The per-type rdata layouts (rdata_layout.hpp): which fields a type has, in order, or which
// type family encodes it. A table: one line per type.
#include "parse/rdata_layout.hpp"

namespace zl::rdata_detail {

namespace {

std::string print_svcb(std::uint16_t, std::string_view wire, bool* ok) {
  return svcb_to_text(wire, ok);
}

#define FIELDS(name, ...) constexpr FieldSpec name[] = {__VA_ARGS__};
FIELDS(kA, {K::A, "an IPv4 address"})
FIELDS(kAAAA, {K::AAAA, "an IPv6 address"})
FIELDS(kNS, {K::Name, "a name server name"})
FIELDS(kCNAME, {K::Name, "a canonical name"})
FIELDS(kDNAME, {K::Name, "a target name"})
FIELDS(kPTR, {K::Name, "a domain name"})
FIELDS(kMB, {K::Name, "a mailbox host name"})
FIELDS(kMG, {K::Name, "a mailbox name"})
FIELDS(kSOA, {K::Name, "a primary server name (MNAME)"}, {K::Name, "a mailbox name (RNAME)"},
       {K::U32, "an SOA serial"}, {K::Period, "an SOA refresh"}, {K::Period, "an SOA retry"},
       {K::Period, "an SOA expire"}, {K::Period, "an SOA minimum"})
FIELDS(kMX, {K::U16, "an MX preference"}, {K::Name, "an MX exchange name"})
FIELDS(kTXT, {K::Strs, "a character-string"})
FIELDS(kSRV, {K::U16, "an SRV priority"}, {K::U16, "an SRV weight"}, {K::U16, "an SRV port"},
       {K::Name, "an SRV target name"})
FIELDS(kCAA, {K::U8, "CAA flags"}, {K::CaaTag, "a CAA tag"}, {K::CaaValue, "a CAA value"})
FIELDS(kHINFO, {K::Str, "a CPU string"}, {K::Str, "an OS string"})
FIELDS(kMINFO, {K::Name, "a responsible mailbox name"}, {K::Name, "an error mailbox name"})
FIELDS(kRP, {K::Name, "a mailbox name"}, {K::Name, "a TXT owner name"})
FIELDS(kAFSDB, {K::U16, "an AFSDB subtype"}, {K::Name, "a host name"})
FIELDS(kRT, {K::U16, "an RT preference"}, {K::Name, "an intermediate host name"})
FIELDS(kKX, {K::U16, "a KX preference"}, {K::Name, "a key exchanger name"})
FIELDS(kX25, {K::Str, "a PSDN address"})
FIELDS(kNSAP, {K::Nsap, "an NSAP address (0x followed by hex digits)"})
FIELDS(kPX, {K::U16, "a PX preference"}, {K::Name, "a MAP822 name"}, {K::Name, "a MAPX400 name"})
FIELDS(kNAPTR, {K::U16, "a NAPTR order"}, {K::U16, "a NAPTR preference"}, {K::Str, "NAPTR flags"},
       {K::Str, "a NAPTR service"}, {K::Str, "a NAPTR regexp"},
       {K::Name, "a NAPTR replacement name"})
FIELDS(kDS, {K::U16, "a key tag"}, {K::Alg, "an algorithm"}, {K::U8, "a digest type"},
       {K::Hex, "a hex digest"})
FIELDS(kDNSKEY, {K::KeyFlags, "DNSKEY flags"}, {K::U8, "a protocol"}, {K::Alg, "an algorithm"},
       {K::B64, "a base64 public key"})
FIELDS(kRRSIG, {K::Type, "a covered type"}, {K::Alg, "an algorithm"}, {K::U8, "a label count"},
       {K::U32, "an original TTL"}, {K::Time, "a signature expiration"},
       {K::Time, "a signature inception"}, {K::U16, "a key tag"}, {K::Name, "a signer name"},
       {K::B64, "a base64 signature"})
FIELDS(kNSEC, {K::Name, "a next owner name"}, {K::Bitmap, "a type bitmap"})
FIELDS(kNSEC3, {K::U8, "a hash algorithm"}, {K::U8, "NSEC3 flags"}, {K::U16, "an iteration count"},
       {K::Salt, "a salt"}, {K::B32, "a next hashed owner name"}, {K::Bitmap, "a type bitmap"})
FIELDS(kNSEC3PARAM, {K::U8, "a hash algorithm"}, {K::U8, "NSEC3PARAM flags"},
       {K::U16, "an iteration count"}, {K::Salt, "a salt"})
FIELDS(kTLSA, {K::U8, "a certificate usage"}, {K::U8, "a selector"}, {K::U8, "a matching type"},
       {K::Hex, "hex certificate association data"})
FIELDS(kSSHFP, {K::U8, "an SSHFP algorithm"}, {K::U8, "a fingerprint type"},
       {K::Hex, "a hex fingerprint"})
FIELDS(kURI, {K::U16, "a URI priority"}, {K::U16, "a URI weight"}, {K::UriTarget, "a URI target"})
FIELDS(kOPENPGPKEY, {K::B64, "a base64 OpenPGP key"})
FIELDS(kDHCID, {K::B64, "base64 DHCID data"})
FIELDS(kZONEMD, {K::U32, "a ZONEMD serial"}, {K::U8, "a ZONEMD scheme"},
       {K::U8, "a ZONEMD hash algorithm"}, {K::Hex, "a hex digest"})
FIELDS(kCERT, {K::CertType, "a certificate type"}, {K::U16, "a key tag"}, {K::Alg, "an algorithm"},
       {K::B64, "a base64 certificate"})
FIELDS(kKEY, {K::KeyFlags, "KEY flags"}, {K::U8, "a protocol"}, {K::Alg, "an algorithm"},
       {K::B64, "a base64 public key"})
FIELDS(kCSYNC, {K::U32, "an SOA serial"}, {K::U16, "CSYNC flags"}, {K::Bitmap, "a type bitmap"})
FIELDS(kEUI48, {K::Eui48, "an EUI-48 address (xx-xx-xx-xx-xx-xx)"})
FIELDS(kEUI64, {K::Eui64, "an EUI-64 address (xx-xx-xx-xx-xx-xx-xx-xx)"})
FIELDS(kNID, {K::U16, "a preference"}, {K::Ilnp64, "a node identifier (xxxx:xxxx:xxxx:xxxx)"})
FIELDS(kL32, {K::U16, "a preference"}, {K::A, "a 32-bit locator (IPv4 address syntax)"})
FIELDS(kL64, {K::U16, "a preference"}, {K::Ilnp64, "a 64-bit locator (xxxx:xxxx:xxxx:xxxx)"})
FIELDS(kLP, {K::U16, "a preference"}, {K::Name, "a locator name"})
FIELDS(kDSYNC, {K::Type, "an RR type"}, {K::DsyncScheme, "a DSYNC scheme"}, {K::U16, "a port"},
       {K::Name, "a target name"})
// Custom encoders whose wire form is a plain field sequence: checked and printed by layout.
FIELDS(kGPOS, {K::Str, "a longitude"}, {K::Str, "a latitude"}, {K::Str, "an altitude"})
FIELDS(kISDN, {K::Strs, "an ISDN address and optional subaddress"})
FIELDS(kEID, {K::Hex, "a hex endpoint identifier"})
FIELDS(kNIMLOC, {K::Hex, "a hex Nimrod locator"})
FIELDS(kSINK, {K::U8, "a SINK meaning"}, {K::U8, "a SINK coding"}, {K::U8, "a SINK subcoding"},
       {K::B64Opt, "base64 SINK data"})
FIELDS(kNINFO, {K::Strs, "a character-string"})
FIELDS(kRKEY, {K::KeyFlags, "RKEY flags"}, {K::U8, "a protocol"}, {K::Alg, "an algorithm"},
       {K::B64, "a base64 public key"})
FIELDS(kTALINK, {K::Name, "a previous trust anchor name"}, {K::Name, "a next trust anchor name"})
FIELDS(kHHIT, {K::B64, "base64 HHIT data"})
FIELDS(kBRID, {K::B64, "base64 BRID data"})
FIELDS(kDOA, {K::U32, "a DOA enterprise"}, {K::U32, "a DOA type"}, {K::U8, "a DOA location"},
       {K::Str, "a DOA media type"}, {K::B64Dash, "base64 DOA data, or '-' for none"})
#undef FIELDS

}  // namespace

const Layout* layout(std::uint16_t type) {
  using namespace rrtype;
  static const Layout a{kA}, aaaa{kAAAA}, ns{kNS}, cname{kCNAME}, dname{kDNAME}, ptr{kPTR}, mb{kMB},
      mg{kMG}, soa{kSOA}, mx{kMX}, txt{kTXT}, srv{kSRV}, caa{kCAA}, hinfo{kHINFO}, minfo{kMINFO},
      rp{kRP}, afsdb{kAFSDB}, rt{kRT}, kx{kKX}, x25{kX25, encode_x25, nullptr}, nsap{kNSAP},
      px{kPX}, naptr{kNAPTR}, ds{kDS}, dnskey{kDNSKEY}, rrsig{kRRSIG}, nsec{kNSEC}, nsec3{kNSEC3},
      nsec3param{kNSEC3PARAM}, tlsa{kTLSA}, sshfp{kSSHFP}, uri{kURI}, openpgpkey{kOPENPGPKEY},
      dhcid{kDHCID}, zonemd{kZONEMD, encode_zonemd, check_zonemd_wire}, cert{kCERT}, key{kKEY},
      csync{kCSYNC}, eui48{kEUI48}, eui64{kEUI64}, nid{kNID}, l32{kL32}, l64{kL64}, lp{kLP},
      dsync{kDSYNC}, svcb{{}, encode_svcb, check_svcb_wire, print_svcb},
      loc{{}, encode_loc, check_loc_wire, misc_to_text},
      apl{{}, encode_apl, check_apl_wire, misc_to_text},
      wks{{}, encode_wks, check_wks_wire, misc_to_text},
      ipseckey{{}, encode_ipseckey, check_ipseckey_wire, misc_to_text},
      hip{{}, encode_hip, check_hip_wire, misc_to_text}, gpos{kGPOS, encode_gpos, nullptr},
      amtrelay{{}, encode_amtrelay, check_amtrelay_wire, misc_to_text},
      isdn{kISDN, encode_isdn, nullptr}, eid{kEID}, nimloc{kNIMLOC}, sink{kSINK}, ninfo{kNINFO},
      rkey{kRKEY}, talink{kTALINK}, hhit{kHHIT}, brid{kBRID}, doa{kDOA},
      a6{{}, encode_a6, check_a6_wire, legacy_to_text},
      atma{{}, encode_atma, check_atma_wire, legacy_to_text},
      nxt{{}, encode_nxt, check_nxt_wire, legacy_to_text};
  switch (type) {
    case A:
      return &a;
    case AAAA:
      return &aaaa;
    case NS:
    case MD:
    case MF:
      return &ns;
    case CNAME:
      return &cname;
    case DNAME:
      return &dname;
    case PTR:
    case NSAP_PTR:
      return &ptr;
    case MB:
      return &mb;
    case MG:
    case MR:
      return &mg;
    case SOA:
      return &soa;
    case MX:
      return &mx;
    case TXT:
    case SPF:
    case RESINFO:
    case WALLET:
    case AVC:
      return &txt;
    case SRV:
      return &srv;
    case CAA:
      return &caa;
    case HINFO:
      return &hinfo;
    case MINFO:
      return &minfo;
    case RP:
      return &rp;
    case AFSDB:
      return &afsdb;
    case RT:
      return &rt;
    case KX:
      return &kx;
    case X25:
      return &x25;
    case NSAP:
      return &nsap;
    case PX:
      return &px;
    case NAPTR:
      return &naptr;
    case DS:
    case CDS:
    case DLV:
    case TA:
      return &ds;
    case DNSKEY:
    case CDNSKEY:
      return &dnskey;
    case KEY:
      return &key;
    case RRSIG:
    case SIG:
      return &rrsig;
    case NSEC:
      return &nsec;
    case NSEC3:
      return &nsec3;
    case NSEC3PARAM:
      return &nsec3param;
    case TLSA:
    case SMIMEA:
      return &tlsa;
    case SSHFP:
      return &sshfp;
    case URI:
      return &uri;
    case OPENPGPKEY:
      return &openpgpkey;
    case DHCID:
      return &dhcid;
    case ZONEMD:
      return &zonemd;
    case CERT:
      return &cert;
    case CSYNC:
      return &csync;
    case EUI48:
      return &eui48;
    case EUI64:
      return &eui64;
    case NID:
      return &nid;
    case L32:
      return &l32;
    case L64:
      return &l64;
    case LP:
      return &lp;
    case DSYNC:
      return &dsync;
    case SVCB:
    case HTTPS:
      return &svcb;
    case LOC:
      return &loc;
    case APL:
      return &apl;
    case WKS:
      return &wks;
    case IPSECKEY:
      return &ipseckey;
    case HIP:
      return &hip;
    case GPOS:
      return &gpos;
    case AMTRELAY:
      return &amtrelay;
    case ISDN:
      return &isdn;
    case EID:
      return &eid;
    case NIMLOC:
      return &nimloc;
    case SINK:
      return &sink;
    case NINFO:
      return &ninfo;
    case RKEY:
      return &rkey;
    case TALINK:
      return &talink;
    case HHIT:
      return &hhit;
    case BRID:
      return &brid;
    case DOA:
      return &doa;
    case A6:
      return &a6;
    case ATMA:
      return &atma;
    case NXT:
      return &nxt;
    default:
      return nullptr;
  }
}

}  // namespace zl::rdata_detail
