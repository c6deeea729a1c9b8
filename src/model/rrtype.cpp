#include "model/rrtype.hpp"

#include <array>
#include <charconv>
#include <utility>

#include "core/ascii.hpp"

namespace zl {
namespace {

struct TypeEntry {
  std::uint16_t code;
  std::string_view name;
};

constexpr TypeEntry kTypes[] = {
    TypeEntry{1, "A"},  {2, "NS"},       {3, "MD"},        {4, "MF"},       {5, "CNAME"},
    {6, "SOA"},         {7, "MB"},       {8, "MG"},        {9, "MR"},       {10, "NULL"},
    {11, "WKS"},        {12, "PTR"},     {13, "HINFO"},    {14, "MINFO"},   {15, "MX"},
    {16, "TXT"},        {17, "RP"},      {18, "AFSDB"},    {19, "X25"},     {20, "ISDN"},
    {21, "RT"},         {22, "NSAP"},    {23, "NSAP-PTR"}, {24, "SIG"},     {25, "KEY"},
    {26, "PX"},         {27, "GPOS"},    {28, "AAAA"},     {29, "LOC"},     {30, "NXT"},
    {31, "EID"},        {32, "NIMLOC"},  {33, "SRV"},      {34, "ATMA"},    {35, "NAPTR"},
    {36, "KX"},         {37, "CERT"},    {38, "A6"},       {39, "DNAME"},   {40, "SINK"},
    {41, "OPT"},        {42, "APL"},     {43, "DS"},       {44, "SSHFP"},   {45, "IPSECKEY"},
    {46, "RRSIG"},      {47, "NSEC"},    {48, "DNSKEY"},   {49, "DHCID"},   {50, "NSEC3"},
    {51, "NSEC3PARAM"}, {52, "TLSA"},    {53, "SMIMEA"},   {55, "HIP"},     {56, "NINFO"},
    {57, "RKEY"},       {58, "TALINK"},  {59, "CDS"},      {60, "CDNSKEY"}, {61, "OPENPGPKEY"},
    {62, "CSYNC"},      {63, "ZONEMD"},  {64, "SVCB"},     {65, "HTTPS"},   {66, "DSYNC"},
    {67, "HHIT"},       {68, "BRID"},    {99, "SPF"},      {100, "UINFO"},  {101, "UID"},
    {102, "GID"},       {103, "UNSPEC"}, {104, "NID"},     {105, "L32"},    {106, "L64"},
    {107, "LP"},        {108, "EUI48"},  {109, "EUI64"},   {249, "TKEY"},   {250, "TSIG"},
    {251, "IXFR"},      {252, "AXFR"},   {253, "MAILB"},   {254, "MAILA"},  {255, "ANY"},
    {256, "URI"},       {257, "CAA"},    {258, "AVC"},     {259, "DOA"},    {260, "AMTRELAY"},
    {261, "RESINFO"},   {262, "WALLET"}, {32768, "TA"},    {32769, "DLV"},
};

std::optional<std::uint16_t> parse_generic(std::string_view text, std::string_view prefix) {
  if (text.size() <= prefix.size() || !iequals(text.substr(0, prefix.size()), prefix))
    return std::nullopt;
  std::string_view digits = text.substr(prefix.size());
  if (digits.size() > 5) return std::nullopt;
  unsigned v = 0;
  auto [p, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), v);
  if (ec != std::errc() || p != digits.data() + digits.size() || v > 65535) return std::nullopt;
  return static_cast<std::uint16_t>(v);
}

}  // namespace

std::string type_name(std::uint16_t type) {
  for (const auto& e : kTypes)
    if (e.code == type) return std::string(e.name);
  return "TYPE" + std::to_string(type);
}

std::optional<std::uint16_t> parse_type(std::string_view text) {
  for (const auto& e : kTypes)
    if (iequals(e.name, text)) return e.code;
  return parse_generic(text, "TYPE");
}

std::string class_name(std::uint16_t cls) {
  switch (cls) {
    case 1:
      return "IN";
    case 3:
      return "CH";
    case 4:
      return "HS";
    case 254:
      return "NONE";
    case 255:
      return "ANY";
    default:
      return "CLASS" + std::to_string(cls);
  }
}

std::optional<std::uint16_t> parse_class(std::string_view text) {
  if (iequals(text, "IN")) return rrclass::IN;
  if (iequals(text, "CH") || iequals(text, "CHAOS")) return rrclass::CH;
  if (iequals(text, "HS") || iequals(text, "HESIOD")) return rrclass::HS;
  if (iequals(text, "CS")) return rrclass::CS;
  if (iequals(text, "NONE")) return rrclass::NONE;
  if (iequals(text, "ANY")) return rrclass::ANY;
  return parse_generic(text, "CLASS");
}

}  // namespace zl
