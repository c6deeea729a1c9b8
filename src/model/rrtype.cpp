#include "model/rrtype.hpp"

#include <algorithm>
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

// The lookups in both directions without a pass over the table: each was a linear search,
// called for every type token (parse_type) and type shown (type_name), and their comparisons
// were a large share of fuzz_zone's (fuzz/README.md, "Throughput", eighth pass).

// kTypes' index plus one for each code below 263 (0: no mnemonic); TA and DLV are the last two.
constexpr auto kIndexOfCode = [] {
  std::array<std::uint8_t, rrtype::WALLET + 1> index{};
  for (std::size_t i = 0; i < std::size(kTypes); ++i)
    if (kTypes[i].code < index.size()) index[kTypes[i].code] = static_cast<std::uint8_t>(i + 1);
  return index;
}();
static_assert(std::size(kTypes) < 256);
static_assert(kTypes[std::size(kTypes) - 2].code == rrtype::TA &&
              kTypes[std::size(kTypes) - 1].code == rrtype::DLV);

// ASCII upper case of every byte (iequals' folding: only a-z change).
constexpr auto kUpper = [] {
  std::array<char, 256> up{};
  for (std::size_t c = 0; c < up.size(); ++c)
    up[c] = ascii_upper(static_cast<char>(static_cast<unsigned char>(c)));
  return up;
}();

// A mnemonic of 1 to kMaxMnemonic bytes as numbers: its first 8 bytes upper-cased (big-endian,
// zero-padded), the rest and its length. Two texts have the same key exactly when they are
// equal ignoring the case of ASCII letters, as iequals compares them.
constexpr std::size_t kMaxMnemonic = 10;
struct NameKey {
  std::uint64_t head = 0;
  std::uint32_t tail = 0;  // bytes 8 and 9, then the length
  std::uint16_t code = 0;  // not part of the key
  friend constexpr bool operator<(const NameKey& a, const NameKey& b) {
    return a.head != b.head ? a.head < b.head : a.tail < b.tail;
  }
  friend constexpr bool operator==(const NameKey& a, const NameKey& b) {
    return a.head == b.head && a.tail == b.tail;
  }
};

// `text` has 1 to kMaxMnemonic bytes.
constexpr NameKey name_key(std::string_view text, const std::array<char, 256>& upper) {
  char bytes[kMaxMnemonic] = {};
  std::copy_n(text.data(), text.size(), bytes);
  const auto at = [&](std::size_t i) {
    return static_cast<unsigned char>(upper[static_cast<unsigned char>(bytes[i])]);
  };
  NameKey k;
  for (std::size_t i = 0; i < 8; ++i) k.head = k.head << 8 | at(i);
  k.tail = static_cast<std::uint32_t>(at(8)) << 16 | static_cast<std::uint32_t>(at(9)) << 8 |
           static_cast<std::uint32_t>(text.size());
  return k;
}

// The mnemonics' keys, sorted, for a binary search.
constexpr auto kByKey = [] {
  std::array<NameKey, std::size(kTypes)> keys{};
  for (std::size_t i = 0; i < keys.size(); ++i) {
    keys[i] = name_key(kTypes[i].name, kUpper);
    keys[i].code = kTypes[i].code;
  }
  std::sort(keys.begin(), keys.end(), [](const NameKey& a, const NameKey& b) { return a < b; });
  return keys;
}();
static_assert([] {
  for (const TypeEntry& e : kTypes)
    if (e.name.empty() || e.name.size() > kMaxMnemonic) return false;
  for (std::size_t i = 1; i < kByKey.size(); ++i)
    if (!(kByKey[i - 1] < kByKey[i])) return false;  // distinct mnemonics
  return true;
}());

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
  if (type < kIndexOfCode.size()) {
    if (const std::uint8_t i = kIndexOfCode[type]) return std::string(kTypes[i - 1].name);
  } else if (type == rrtype::TA || type == rrtype::DLV) {
    return std::string(kTypes[std::size(kTypes) - 1 - (rrtype::DLV - type)].name);
  }
  return "TYPE" + std::to_string(type);
}

std::optional<std::uint16_t> parse_type(std::string_view text) {
  if (text.size() - 1 < kMaxMnemonic) {
    const NameKey key = name_key(text, kUpper);
    const auto it = std::lower_bound(kByKey.begin(), kByKey.end(), key,
                                     [](const NameKey& a, const NameKey& b) { return a < b; });
    if (it != kByKey.end() && *it == key) return it->code;
  }
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
