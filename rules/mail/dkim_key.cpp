#include "rules/mail/dkim_key.hpp"

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/x509.h>

#include "core/base64.hpp"
#include "model/txt.hpp"

namespace zl::mail {

namespace {

// Decodes RFC 6376's base64string (white space allowed anywhere, '=' padding only at the end).
// On error returns false with the offset of the offending byte in `v`.
bool decode_base64(std::string_view v, std::string& out, std::size_t& bad, std::string& why) {
  std::uint32_t acc = 0;
  int nbits = 0, pad = 0;
  std::size_t count = 0;
  for (std::size_t i = 0; i < v.size(); ++i) {
    const char c = v[i];
    if (is_tag_space(c, TagSyntax::dkim)) continue;
    if (c == '=') {
      ++pad;
      ++count;
      if (pad > 2) {
        bad = i;
        why = "more than two '=' padding characters";
        return false;
      }
      continue;
    }
    const int x = base64_value(c);
    if (x < 0 || pad > 0) {
      bad = i;
      why = pad > 0 ? "data after the '=' padding"
                    : "'" + shown(v.substr(i, 1)) + "' is not a base64 character";
      return false;
    }
    ++count;
    acc = (acc << 6) | static_cast<std::uint32_t>(x);
    nbits += 6;
    if (nbits >= 8) {
      nbits -= 8;
      out += static_cast<char>((acc >> nbits) & 0xff);
    }
  }
  if (count % 4 == 1 || (pad > 0 && count % 4 != 0)) {
    bad = v.size();
    why = "the base64 length is not a whole number of bytes (a string lost or cut short?)";
    return false;
  }
  return true;
}

struct PkeyFree {
  void operator()(EVP_PKEY* k) const { EVP_PKEY_free(k); }
};
using Pkey = std::unique_ptr<EVP_PKEY, PkeyFree>;

Pkey parse_spki(const std::string& der) {
  const auto* q = reinterpret_cast<const unsigned char*>(der.data());
  Pkey k(d2i_PUBKEY(nullptr, &q, static_cast<long>(der.size())));
  ERR_clear_error();
  return k;
}

bool parses_as_pkcs1_rsa(const std::string& der) {
  const auto* q = reinterpret_cast<const unsigned char*>(der.data());
  Pkey k(d2i_PublicKey(EVP_PKEY_RSA, nullptr, &q, static_cast<long>(der.size())));
  ERR_clear_error();
  return k != nullptr;
}

std::string key_name(const EVP_PKEY* k) {
  switch (EVP_PKEY_get_base_id(k)) {
    case EVP_PKEY_RSA:
      return "an RSA key";
    case EVP_PKEY_ED25519:
      return "an ed25519 key";
    case EVP_PKEY_EC:
      return "an EC key";
    default:
      return "a key of another type";
  }
}

}  // namespace

namespace {

// A DKIM key record of the linted zones.
struct DkimRecord {
  const Zone* zone = nullptr;
  const Record* record = nullptr;
};

// Every DKIM key record of the linted zones, in file order, zones in run order: found once for
// the DKIM rules (the memo of reported_dkim_keys, and the two rules that parse as they go), where
// each pass over every TXT record's owner cost a cache miss a record (~15 ms on the 1M-record bench
// zone). The TXT records from each zone's index of types, not from mail_records (for_each_txt
// with kAtDomainkey, which takes the same records): the DKIM rules run last
// (rules/memo_scopes.cpp), with every other rule's findings made, where the peak of a full lint
// is, and that list (6.4 MB on the 1M-record bench zone) is freed before them.
const std::vector<DkimRecord>& dkim_records(const RuleContext& ctx) {
  return ctx.memo<std::vector<DkimRecord>>("mail.dkim-records", [&] {
    std::vector<DkimRecord> out;
    for (const Zone* z : ctx.zones()) {
      for (const std::uint32_t i : z->records_of_type(rrtype::TXT)) {
        const Record& r = z->records[i];
        if (has_label_below_first(z->owner(r), "_domainkey") &&
            !first_label_is(z->owner(r), "_adsp") && !r.has(kValueUnknown) && in_zone(*z, r))
          out.push_back(DkimRecord{z, &r});
      }
    }
    out.shrink_to_fit();
    return out;
  });
}

}  // namespace

std::size_t dkim_record_count(const RuleContext& ctx) {
  return dkim_records(ctx).size();
}

void for_each_dkim_txt(const RuleContext& ctx, const std::function<void(const ParsedTxt&)>& f,
                       const std::function<bool(std::string_view)>& may_hold) {
  // parse_txt's text and tag list, in buffers kept from one record to the next.
  std::string joined;
  ParsedTxt p;
  p.sources = &ctx.sources();
  for (const DkimRecord& d : dkim_records(ctx)) {
    const Zone& z = *d.zone;
    const Record& r = *d.record;
    const std::string_view w = z.rdata(r);
    std::string_view text;
    if (!w.empty() && 1U + static_cast<unsigned char>(w[0]) == w.size()) {
      text = w.substr(1);
    } else {
      joined.clear();
      if (!append_txt_strings(w, joined)) continue;  // malformed: parse_txt gives nothing
      text = joined;
    }
    if (may_hold && !may_hold(text)) continue;
    p.zone = &z;
    p.rec = &r;
    parse_tag_list_into(text, TagSyntax::dkim, p.tags);
    f(p);
  }
}

DkimKey dkim_key(const ParsedTxt& rec) {
  DkimKey out;
  const Tag* p = rec.tags.find("p");
  if (!p) return out;
  const Tag* k = rec.tags.find("k");
  out.type = k ? std::string(rec.tags.value(*k)) : "rsa";
  for (char& c : out.type)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  const std::string_view p_value = rec.tags.value(*p);
  if (p_value.empty()) {
    out.status = DkimKey::revoked;
    return out;
  }
  auto invalid = [&](std::string why, std::uint32_t b, std::uint32_t e) {
    out.status = DkimKey::invalid;
    out.problem = std::move(why);
    out.err_b = b;
    out.err_e = e;
    return out;
  };
  std::string der;
  std::size_t bad = 0;
  std::string why;
  if (!decode_base64(p_value, der, bad, why)) {
    const auto at = p->value_b + static_cast<std::uint32_t>(bad);
    if (bad >= p_value.size())
      return invalid("p= is not valid base64: " + why, p->value_b, p->value_e);
    return invalid("p= is not valid base64: " + why, at, at + 1);
  }
  if (out.type == "rsa") {
    Pkey key = parse_spki(der);
    if (key && EVP_PKEY_get_base_id(key.get()) == EVP_PKEY_RSA) {
      out.bits = EVP_PKEY_get_bits(key.get());
      return out;
    }
    if (key)
      return invalid("p= holds " + key_name(key.get()) + " but k= says rsa", p->value_b,
                     p->value_e);
    if (der.size() == 32)
      return invalid("p= is 32 octets, the size of a raw ed25519 key, but " +
                         std::string(k ? "k= says rsa" : "k= is missing (it defaults to rsa)") +
                         ": add 'k=ed25519'",
                     p->value_b, p->value_e);
    if (parses_as_pkcs1_rsa(der))
      return invalid(
          "p= is a bare PKCS#1 RSAPublicKey; verifiers (OpenDKIM, and the RFC's own example) "
          "read a SubjectPublicKeyInfo, as `openssl rsa -pubout` writes it",
          p->value_b, p->value_e);
    return invalid("p= does not parse as an RSA public key (SubjectPublicKeyInfo, " +
                       std::to_string(der.size()) + " octets decoded)",
                   p->value_b, p->value_e);
  }
  if (out.type == "ed25519") {
    if (der.size() == 32) {
      Pkey key(EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nullptr,
                                           reinterpret_cast<const unsigned char*>(der.data()),
                                           der.size()));
      ERR_clear_error();
      if (key) return out;
      return invalid("p= is not an ed25519 public key", p->value_b, p->value_e);
    }
    Pkey key = parse_spki(der);
    if (key && EVP_PKEY_get_base_id(key.get()) == EVP_PKEY_ED25519)
      return invalid(
          "p= is an ed25519 key wrapped in a SubjectPublicKeyInfo; RFC 8463 §4.2 wants the raw "
          "32 octets (the last 32 of this structure)",
          p->value_b, p->value_e);
    if (key)
      return invalid("p= holds " + key_name(key.get()) + " but k= says ed25519", p->value_b,
                     p->value_e);
    return invalid("p= is " + std::to_string(der.size()) +
                       " octets; an ed25519 key is the raw 32 octets (RFC 8463 §4.2)",
                   p->value_b, p->value_e);
  }
  out.status = DkimKey::unknown_type;
  return out;
}

const std::vector<ReportedKey>& reported_dkim_keys(const RuleContext& ctx) {
  return ctx.memo<std::vector<ReportedKey>>("mail.dkim-keys", [&] {
    std::vector<ReportedKey> out;
    // Only a record with a tag named `p` can be reported: its text has a 'p' before an '='
    // (white space between them allowed). Most key records of the bench zones lost their `p=`.
    const auto may_hold_p = [](std::string_view text) {
      for (std::size_t eq = text.find('='); eq != std::string_view::npos;
           eq = text.find('=', eq + 1)) {
        std::size_t i = eq;
        while (i > 0 && is_tag_space(text[i - 1], TagSyntax::dkim)) --i;
        if (i > 0 && text[i - 1] == 'p') return true;
      }
      return false;
    };
    for_each_dkim_txt(
        ctx,
        [&](const ParsedTxt& p) {
          const Tag* pt = p.tags.find("p");
          if (!pt) return;
          ReportedKey k;
          k.zone = p.zone;
          k.rec = p.rec;
          if (p.tags.value(*pt).empty()) {
            k.kind = ReportedKey::revoked;
            k.b = pt->name_b;
            k.e = pt->value_e;
            out.push_back(std::move(k));
            return;
          }
          DkimKey key = dkim_key(p);
          if (key.status == DkimKey::invalid) {
            k.kind = ReportedKey::invalid;
            k.b = key.err_b;
            k.e = key.err_e;
            k.problem = std::move(key.problem);
          } else if (key.status == DkimKey::ok && key.type == "rsa" && key.bits < 2048) {
            k.kind = ReportedKey::weak;
            k.b = pt->value_b;
            k.e = pt->value_e;
            k.bits = key.bits;
          } else {
            return;
          }
          out.push_back(std::move(k));
        },
        may_hold_p);
    out.shrink_to_fit();
    return out;
  });
}

}  // namespace zl::mail
