#include "rules/dnssec/dnssec_common.hpp"

#include <algorithm>
#include <cstdio>
#include <memory>

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>

#include "model/canonical_rdata.hpp"

namespace zl::dnssec {

namespace {

std::uint16_t u16(std::string_view w, std::size_t p) {
  return static_cast<std::uint16_t>((static_cast<std::uint8_t>(w[p]) << 8) |
                                    static_cast<std::uint8_t>(w[p + 1]));
}

std::uint32_t u32(std::string_view w, std::size_t p) {
  return (static_cast<std::uint32_t>(u16(w, p)) << 16) | u16(w, p + 2);
}

void put16(std::string& out, std::uint16_t v) {
  out += static_cast<char>(v >> 8);
  out += static_cast<char>(v & 0xff);
}

void put32(std::string& out, std::uint32_t v) {
  put16(out, static_cast<std::uint16_t>(v >> 16));
  put16(out, static_cast<std::uint16_t>(v & 0xffff));
}

struct PkeyFree {
  void operator()(EVP_PKEY* k) const { EVP_PKEY_free(k); }
};
using Pkey = std::unique_ptr<EVP_PKEY, PkeyFree>;
struct MdCtxFree {
  void operator()(EVP_MD_CTX* c) const { EVP_MD_CTX_free(c); }
};
struct PkeyCtxFree {
  void operator()(EVP_PKEY_CTX* c) const { EVP_PKEY_CTX_free(c); }
};
struct BldFree {
  void operator()(OSSL_PARAM_BLD* b) const { OSSL_PARAM_BLD_free(b); }
};
struct ParamFree {
  void operator()(OSSL_PARAM* p) const { OSSL_PARAM_free(p); }
};
struct BnFree {
  void operator()(BIGNUM* b) const { BN_free(b); }
};
using Bn = std::unique_ptr<BIGNUM, BnFree>;

Bn bn(std::string_view bytes) {
  return Bn(BN_bin2bn(reinterpret_cast<const unsigned char*>(bytes.data()),
                      static_cast<int>(bytes.size()), nullptr));
}

Pkey from_params(const char* type, OSSL_PARAM_BLD* bld) {
  std::unique_ptr<OSSL_PARAM, ParamFree> params(OSSL_PARAM_BLD_to_param(bld));
  if (!params) return nullptr;
  std::unique_ptr<EVP_PKEY_CTX, PkeyCtxFree> ctx(
      EVP_PKEY_CTX_new_from_name(nullptr, type, nullptr));
  EVP_PKEY* k = nullptr;
  if (!ctx || EVP_PKEY_fromdata_init(ctx.get()) <= 0 ||
      EVP_PKEY_fromdata(ctx.get(), &k, EVP_PKEY_PUBLIC_KEY, params.get()) <= 0)
    return nullptr;
  return Pkey(k);
}

// RFC 3110 §2: exponent length (one octet, or zero and two octets), exponent, modulus.
Pkey rsa_key(std::string_view k) {
  if (k.empty()) return nullptr;
  std::size_t elen = static_cast<std::uint8_t>(k[0]), p = 1;
  if (elen == 0) {
    if (k.size() < 3) return nullptr;
    elen = u16(k, 1);
    p = 3;
  }
  if (elen == 0 || p + elen >= k.size()) return nullptr;
  const Bn e = bn(k.substr(p, elen)), n = bn(k.substr(p + elen));
  std::unique_ptr<OSSL_PARAM_BLD, BldFree> bld(OSSL_PARAM_BLD_new());
  if (!e || !n || !bld || !OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_N, n.get()) ||
      !OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_E, e.get()))
    return nullptr;
  return from_params("RSA", bld.get());
}

// RFC 6605 §4: the point's x and y, without the uncompressed-form prefix.
Pkey ec_key(std::string_view k, const char* group, std::size_t size) {
  if (k.size() != 2 * size) return nullptr;
  std::string point = "\x04";
  point += k;
  std::unique_ptr<OSSL_PARAM_BLD, BldFree> bld(OSSL_PARAM_BLD_new());
  if (!bld || !OSSL_PARAM_BLD_push_utf8_string(bld.get(), OSSL_PKEY_PARAM_GROUP_NAME, group, 0) ||
      !OSSL_PARAM_BLD_push_octet_string(bld.get(), OSSL_PKEY_PARAM_PUB_KEY, point.data(),
                                        point.size()))
    return nullptr;
  return from_params("EC", bld.get());
}

// RFC 6605 §4: the signature is r and s, each `size` octets; OpenSSL wants DER.
std::optional<std::string> ecdsa_der(std::string_view sig, std::size_t size) {
  if (sig.size() != 2 * size) return std::nullopt;
  ECDSA_SIG* s = ECDSA_SIG_new();
  if (!s) return std::nullopt;
  BIGNUM* r = BN_bin2bn(reinterpret_cast<const unsigned char*>(sig.data()), static_cast<int>(size),
                        nullptr);
  BIGNUM* ss = BN_bin2bn(reinterpret_cast<const unsigned char*>(sig.data() + size),
                         static_cast<int>(size), nullptr);
  if (!r || !ss || ECDSA_SIG_set0(s, r, ss) != 1) {
    BN_free(r);
    BN_free(ss);
    ECDSA_SIG_free(s);
    return std::nullopt;
  }
  unsigned char* der = nullptr;
  const int len = i2d_ECDSA_SIG(s, &der);
  ECDSA_SIG_free(s);
  if (len <= 0) return std::nullopt;
  std::string out(reinterpret_cast<const char*>(der), static_cast<std::size_t>(len));
  OPENSSL_free(der);
  return out;
}

bool digest_verify(EVP_PKEY* key, const EVP_MD* md, std::string_view data, std::string_view sig) {
  std::unique_ptr<EVP_MD_CTX, MdCtxFree> ctx(EVP_MD_CTX_new());
  if (!ctx || EVP_DigestVerifyInit(ctx.get(), nullptr, md, nullptr, key) != 1) return false;
  return EVP_DigestVerify(ctx.get(), reinterpret_cast<const unsigned char*>(sig.data()), sig.size(),
                          reinterpret_cast<const unsigned char*>(data.data()), data.size()) == 1;
}

}  // namespace

std::optional<Rrsig> parse_rrsig(std::string_view w) {
  if (w.size() < 19) return std::nullopt;
  Rrsig s;
  s.covered = u16(w, 0);
  s.algorithm = static_cast<std::uint8_t>(w[2]);
  s.labels = static_cast<std::uint8_t>(w[3]);
  s.original_ttl = u32(w, 4);
  s.expiration = u32(w, 8);
  s.inception = u32(w, 12);
  s.key_tag = u16(w, 16);
  std::size_t pos = 18;
  auto signer = read_wire_name(w, pos);
  if (!signer) return std::nullopt;
  s.signer = *signer;
  s.signed_part = w.substr(0, pos);
  s.signature = w.substr(pos);
  return s;
}

std::uint16_t key_tag(std::string_view w) {
  if (w.size() >= 4 && static_cast<std::uint8_t>(w[3]) == 1)  // RSA/MD5: B.1
    return w.size() >= 7 ? u16(w, w.size() - 3) : 0;
  std::uint32_t ac = 0;
  for (std::size_t i = 0; i < w.size(); ++i)
    ac += (i & 1) ? static_cast<std::uint8_t>(w[i])
                  : static_cast<std::uint32_t>(static_cast<std::uint8_t>(w[i])) << 8;
  ac += (ac >> 16) & 0xffff;
  return static_cast<std::uint16_t>(ac & 0xffff);
}

std::optional<Dnskey> parse_dnskey(std::string_view w) {
  if (w.size() < 4) return std::nullopt;
  Dnskey k;
  k.flags = u16(w, 0);
  k.protocol = static_cast<std::uint8_t>(w[2]);
  k.algorithm = static_cast<std::uint8_t>(w[3]);
  k.public_key = w.substr(4);
  k.key_tag = key_tag(w);
  return k;
}

std::vector<ZoneKey> apex_keys(const Zone& z) {
  std::vector<ZoneKey> keys;
  for (const std::uint32_t i : z.records_at(z.origin, rrtype::DNSKEY)) {
    const Record& r = z.records[i];
    if (r.has(kValueUnknown)) continue;
    if (auto k = parse_dnskey(z.rdata(r))) keys.push_back({i, *k});
  }
  return keys;
}

std::vector<const ZoneKey*> matching_keys(const std::vector<ZoneKey>& keys, const Rrsig& sig) {
  std::vector<const ZoneKey*> out;
  for (const ZoneKey& k : keys)
    if (k.key.zone_key() && k.key.algorithm == sig.algorithm && k.key.key_tag == sig.key_tag)
      out.push_back(&k);
  return out;
}

bool authoritative_signature(const Zone& z, NameView owner, std::uint16_t covered) {
  if (const auto cut = z.delegation_above(owner)) {
    if (!(*cut == owner)) return false;
    return covered == rrtype::DS || covered == rrtype::NSEC;
  }
  return !z.dname_above(owner);
}

std::string time_text(std::int64_t t) {
  // civil_from_days (H. Hinnant).
  std::int64_t days = t >= 0 ? t / 86400 : (t - 86399) / 86400;
  const std::int64_t secs = t - days * 86400;
  days += 719468;
  const std::int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  const auto doe = static_cast<unsigned>(days - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  std::int64_t y = static_cast<std::int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  y += m <= 2 ? 1 : 0;
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04lld%02u%02u%02lld%02lld%02lld", static_cast<long long>(y), m,
                d, static_cast<long long>(secs / 3600), static_cast<long long>(secs / 60 % 60),
                static_cast<long long>(secs % 60));
  return buf;
}

std::string signature_time_text(std::uint32_t t, std::int64_t now) {
  return time_text(now + serial_distance(t, static_cast<std::uint32_t>(now)));
}

bool can_verify(std::uint8_t a) {
  switch (a) {
    case 5:
    case 7:
    case 8:
    case 10:
    case 13:
    case 14:
    case 15:
    case 16:
      return true;
    default:
      return false;
  }
}

std::optional<std::string> signed_data(const Rrsig& sig, NameView owner, std::uint16_t rclass,
                                       const std::vector<std::string_view>& rdatas) {
  // RFC 4035 §5.3.2: with fewer labels than the owner, the RRset was synthesised from the
  // wildcard made of the owner's rightmost `labels` labels.
  std::string owner_wire = owner.canonical_wire();
  std::size_t count = owner.label_count();
  if (owner.is_wildcard()) --count;  // the '*' label is not counted (RFC 4034 §3.1.3)
  if (sig.labels > count) return std::nullopt;
  if (sig.labels < count) {
    std::size_t p = 0;
    for (std::size_t drop = owner.label_count() - sig.labels; drop > 0; --drop)
      p += 1 + static_cast<std::uint8_t>(owner_wire[p]);
    owner_wire = std::string("\x01*", 2) + owner_wire.substr(p);
  }
  // The signer name, canonical (RFC 4034 §3.1.8.1).
  const std::string lowered = canonical_rdata(rrtype::RRSIG, sig.signed_part);
  std::vector<std::string> canon;
  canon.reserve(rdatas.size());
  for (const auto rd : rdatas) canon.push_back(canonical_rdata(sig.covered, rd));
  // RFC 4034 §6.3: sorted as left-justified octet sequences, duplicates removed.
  std::sort(canon.begin(), canon.end(), [](const std::string& a, const std::string& b) {
    return std::lexicographical_compare(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
      return static_cast<std::uint8_t>(x) < static_cast<std::uint8_t>(y);
    });
  });
  canon.erase(std::unique(canon.begin(), canon.end()), canon.end());
  std::string out = lowered;
  for (const auto& rd : canon) {
    out += owner_wire;
    put16(out, sig.covered);
    put16(out, rclass);
    put32(out, sig.original_ttl);
    put16(out, static_cast<std::uint16_t>(rd.size()));
    out += rd;
  }
  return out;
}

std::optional<Nsec3Params> parse_nsec3param(std::string_view w) {
  if (w.size() < 5) return std::nullopt;
  Nsec3Params p;
  p.algorithm = static_cast<std::uint8_t>(w[0]);
  p.flags = static_cast<std::uint8_t>(w[1]);
  p.iterations = u16(w, 2);
  const std::size_t salt_len = static_cast<std::uint8_t>(w[4]);
  if (w.size() < 5 + salt_len) return std::nullopt;
  p.salt = std::string(w.substr(5, salt_len));
  return p;
}

std::optional<std::vector<std::uint16_t>> bitmap_types(std::string_view b) {
  std::vector<std::uint16_t> out;
  std::size_t p = 0;
  while (p < b.size()) {
    if (p + 2 > b.size()) return std::nullopt;
    const std::size_t window = static_cast<std::uint8_t>(b[p]);
    const std::size_t len = static_cast<std::uint8_t>(b[p + 1]);
    if (len == 0 || len > 32 || p + 2 + len > b.size()) return std::nullopt;
    for (std::size_t i = 0; i < len; ++i)
      for (unsigned bit = 0; bit < 8; ++bit)
        if ((static_cast<std::uint8_t>(b[p + 2 + i]) & (0x80u >> bit)) != 0)
          out.push_back(static_cast<std::uint16_t>(window * 256 + i * 8 + bit));
    p += 2 + len;
  }
  return out;
}

std::optional<Nsec3> parse_nsec3(std::string_view w) {
  const auto p = parse_nsec3param(w);
  if (!p) return std::nullopt;
  const std::size_t at = 5 + p->salt.size();
  if (w.size() <= at) return std::nullopt;
  const std::size_t hash_len = static_cast<std::uint8_t>(w[at]);
  if (w.size() < at + 1 + hash_len) return std::nullopt;
  return Nsec3{*p, std::string(w.substr(at + 1, hash_len)), w.substr(at + 1 + hash_len)};
}

std::optional<std::string> nsec3_hash(const Name& name, const Nsec3Params& p) {
  if (p.algorithm != 1) return std::nullopt;
  std::string x = name.canonical_wire();
  unsigned char md[EVP_MAX_MD_SIZE];
  for (unsigned k = 0; k <= p.iterations; ++k) {
    x += p.salt;
    unsigned int len = 0;
    if (EVP_Digest(x.data(), x.size(), md, &len, EVP_sha1(), nullptr) != 1) return std::nullopt;
    x.assign(reinterpret_cast<const char*>(md), len);
  }
  return x;
}

std::string base32hex(std::string_view raw) {
  static const char kAlphabet[] = "0123456789ABCDEFGHIJKLMNOPQRSTUV";
  std::string out;
  std::uint32_t acc = 0;
  int bits = 0;
  for (const char c : raw) {
    acc = (acc << 8) | static_cast<std::uint8_t>(c);
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      out += kAlphabet[(acc >> bits) & 31];
    }
  }
  if (bits > 0) out += kAlphabet[(acc << (5 - bits)) & 31];
  return out;
}

std::optional<std::string> from_base32hex(std::string_view text) {
  std::string out;
  std::uint32_t acc = 0;
  int bits = 0;
  for (const char c : text) {
    int v = -1;
    if (c >= '0' && c <= '9') v = c - '0';
    if (c >= 'A' && c <= 'V') v = c - 'A' + 10;
    if (c >= 'a' && c <= 'v') v = c - 'a' + 10;
    if (v < 0) return std::nullopt;
    acc = (acc << 5) | static_cast<std::uint32_t>(v);
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((acc >> bits) & 0xff);
    }
  }
  return out;
}

bool verify(const Dnskey& key, std::string_view data, std::string_view signature) {
  bool ok = false;
  switch (key.algorithm) {
    case 5:
    case 7:
    case 8:
    case 10: {
      const Pkey k = rsa_key(key.public_key);
      const EVP_MD* md = key.algorithm == 8    ? EVP_sha256()
                         : key.algorithm == 10 ? EVP_sha512()
                                               : EVP_sha1();
      ok = k && digest_verify(k.get(), md, data, signature);
      break;
    }
    case 13:
    case 14: {
      const bool p256 = key.algorithm == 13;
      const std::size_t size = p256 ? 32 : 48;
      const Pkey k = ec_key(key.public_key, p256 ? "prime256v1" : "secp384r1", size);
      const auto der = ecdsa_der(signature, size);
      ok = k && der && digest_verify(k.get(), p256 ? EVP_sha256() : EVP_sha384(), data, *der);
      break;
    }
    case 15:
    case 16: {
      const bool ed25519 = key.algorithm == 15;
      const Pkey k(EVP_PKEY_new_raw_public_key(
          ed25519 ? EVP_PKEY_ED25519 : EVP_PKEY_ED448, nullptr,
          reinterpret_cast<const unsigned char*>(key.public_key.data()), key.public_key.size()));
      ok = k && digest_verify(k.get(), nullptr, data, signature);
      break;
    }
    default:
      break;
  }
  ERR_clear_error();
  return ok;
}

}  // namespace zl::dnssec
