// SVCB and HTTPS rdata (RFC 9460): SvcPriority, TargetName and SvcParams, in presentation and
// wire form. Also the DoH path (RFC 9461) and Oblivious HTTP (RFC 9540) keys.
#include <arpa/inet.h>

#include <algorithm>
#include <map>
#include <optional>
#include <set>

#include "parse/rdata_internal.hpp"

namespace zl::rdata_detail {

namespace {

enum Key : std::uint16_t {
  kMandatory = 0,
  kAlpn = 1,
  kNoDefaultAlpn = 2,
  kPort = 3,
  kIpv4Hint = 4,
  kEch = 5,
  kIpv6Hint = 6,
  kDohPath = 7,
  kOhttp = 8,
  kTlsSupportedGroups = 9,
};

constexpr std::pair<std::string_view, std::uint16_t> kKeyNames[] = {
    {"mandatory", kMandatory},
    {"alpn", kAlpn},
    {"no-default-alpn", kNoDefaultAlpn},
    {"port", kPort},
    {"ipv4hint", kIpv4Hint},
    {"ech", kEch},
    {"ipv6hint", kIpv6Hint},
    {"dohpath", kDohPath},
    {"ohttp", kOhttp},
    {"tls-supported-groups", kTlsSupportedGroups}};

// "alpn" -> 1, "key65535" -> 65535 (RFC 9460 §2.1: key names are lower case).
std::optional<std::uint16_t> parse_key(std::string_view s) {
  for (auto& [n, v] : kKeyNames)
    if (s == n) return v;
  if (s.size() > 3 && s.substr(0, 3) == "key") {
    std::uint64_t v = 0;
    auto digits = s.substr(3);
    // No leading zeros except "key0" (RFC 9460 §2.1).
    if (digits.size() > 1 && digits[0] == '0') return std::nullopt;
    if (parse_decimal(digits, 65535, v)) return static_cast<std::uint16_t>(v);
  }
  return std::nullopt;
}

std::string key_text(std::uint16_t k) {
  for (auto& [n, v] : kKeyNames)
    if (v == k) return std::string(n);
  return "key" + std::to_string(k);
}

// Splits a value list on unescaped commas (RFC 9460 Appendix A.1): after character-string
// decoding, "\," is a literal comma and "\\" a literal backslash inside an item; any other
// backslash is an error. Empty items are errors.
bool split_list(std::string_view decoded, std::vector<std::string>& items, std::string& error) {
  std::string cur;
  for (std::size_t i = 0; i < decoded.size(); ++i) {
    const char c = decoded[i];
    if (c == '\\') {
      if (i + 1 < decoded.size() && (decoded[i + 1] == ',' || decoded[i + 1] == '\\')) {
        cur.push_back(decoded[++i]);
        continue;
      }
      error = "a backslash in a value list must escape ',' or '\\'";
      return false;
    }
    if (c == ',') {
      if (cur.empty()) {
        error = "empty item in the value list";
        return false;
      }
      items.push_back(std::move(cur));
      cur.clear();
      continue;
    }
    cur.push_back(c);
  }
  if (cur.empty()) {
    error = "empty item in the value list";
    return false;
  }
  items.push_back(std::move(cur));
  return true;
}

// Plain comma split (no escapes) for lists of numbers, addresses and key names.
bool split_plain(std::string_view s, std::vector<std::string>& items, std::string& error) {
  std::size_t start = 0;
  while (true) {
    const auto comma = s.find(',', start);
    const auto item =
        s.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start);
    if (item.empty()) {
      error = "empty item in the value list";
      return false;
    }
    items.emplace_back(item);
    if (comma == std::string_view::npos) return true;
    start = comma + 1;
  }
}

void put16(std::string& out, std::uint16_t v) {
  out.push_back(static_cast<char>(v >> 8));
  out.push_back(static_cast<char>(v & 0xff));
}

std::uint16_t get16(std::string_view v, std::size_t i) {
  return static_cast<std::uint16_t>((static_cast<unsigned char>(v[i]) << 8) |
                                    static_cast<unsigned char>(v[i + 1]));
}

// Checks the wire value of a known key (also when written as keyNNNNN or in `\#` form).
bool check_value(std::uint16_t key, std::string_view v, std::string& why) {
  switch (key) {
    case kMandatory:
      if (v.empty() || v.size() % 2) return why = "mandatory needs a list of 16-bit keys", false;
      for (std::size_t i = 0; i + 2 <= v.size(); i += 2) {
        if (get16(v, i) == kMandatory) return why = "'mandatory' may not list itself", false;
        if (i && get16(v, i) <= get16(v, i - 2))
          return why = "mandatory keys must be sorted and unique", false;
      }
      return true;
    case kAlpn: {
      if (v.empty()) return why = "alpn needs at least one id", false;
      for (std::size_t i = 0; i < v.size();) {
        const std::size_t l = static_cast<unsigned char>(v[i]);
        if (l == 0 || i + 1 + l > v.size()) return why = "alpn ids are malformed", false;
        i += 1 + l;
      }
      return true;
    }
    case kNoDefaultAlpn:
    case kOhttp:
      if (!v.empty()) return why = key_text(key) + " takes no value", false;
      return true;
    case kPort:
      if (v.size() != 2) return why = "port needs exactly 2 octets", false;
      return true;
    case kIpv4Hint:
      if (v.empty() || v.size() % 4)
        return why = "ipv4hint needs one or more IPv4 addresses", false;
      return true;
    case kIpv6Hint:
      if (v.empty() || v.size() % 16)
        return why = "ipv6hint needs one or more IPv6 addresses", false;
      return true;
    case kEch:
    case kDohPath:
      if (v.empty()) return why = key_text(key) + " needs a value", false;
      return true;
    case kTlsSupportedGroups:
      if (v.empty() || v.size() % 2)
        return why = "tls-supported-groups needs 16-bit group numbers", false;
      return true;
    default:
      return true;
  }
}

// Cross-parameter rules (RFC 9460 §7.1.1 and §8).
bool check_params(const std::map<std::uint16_t, std::string>& params, std::string& why) {
  auto m = params.find(kMandatory);
  if (m != params.end()) {
    for (std::size_t i = 0; i + 2 <= m->second.size(); i += 2) {
      const auto k = get16(m->second, i);
      if (!params.count(k))
        return why =
                   "key '" + key_text(k) + "' is listed as mandatory but is missing (RFC 9460 §8)",
               false;
    }
  }
  if (params.count(kNoDefaultAlpn) && !params.count(kAlpn))
    return why = "no-default-alpn is given without alpn (RFC 9460 §7.1.1)", false;
  return true;
}

// The wire value of SvcParam `key` from its decoded presentation value (RFC 9460 §7). False
// with the reason in `why` when it is not valid.
bool encode_param_value(std::uint16_t key, const std::string& decoded, std::string& value,
                        std::string& why) {
  auto fail_why = [](std::string& out, std::string message) {
    out = std::move(message);
    return false;
  };
  std::vector<std::string> items;
  std::string err;
  switch (key) {
    case kMandatory: {
      if (!split_plain(decoded, items, err)) return fail_why(why, err);
      std::set<std::uint16_t> seen;
      for (auto& it : items) {
        auto k = parse_key(it);
        if (!k) return fail_why(why, "unknown key '" + it + "' in the list");
        if (*k == kMandatory) return fail_why(why, "'mandatory' may not list itself (RFC 9460 §8)");
        if (!seen.insert(*k).second) return fail_why(why, "key '" + it + "' listed twice");
      }
      for (auto k : seen) put16(value, k);
      break;
    }
    case kAlpn: {
      if (!split_list(decoded, items, err)) return fail_why(why, err);
      for (auto& it : items) {
        if (it.size() > 255) return fail_why(why, "an ALPN id is longer than 255 octets");
        value.push_back(static_cast<char>(it.size()));
        value += it;
      }
      break;
    }
    case kPort: {
      std::uint64_t v = 0;
      if (!parse_decimal(decoded, 65535, v)) return fail_why(why, "expected a port 0..65535");
      put16(value, static_cast<std::uint16_t>(v));
      break;
    }
    case kIpv4Hint:
    case kIpv6Hint: {
      if (!split_plain(decoded, items, err)) return fail_why(why, err);
      for (auto& it : items) {
        unsigned char buf[16];
        const bool v4 = key == kIpv4Hint;
        if (inet_pton(v4 ? AF_INET : AF_INET6, it.c_str(), buf) != 1)
          return fail_why(
              why, std::string("'") + it + "' is not an " + (v4 ? "IPv4" : "IPv6") + " address");
        value.append(reinterpret_cast<const char*>(buf), v4 ? 4 : 16);
      }
      break;
    }
    case kEch: {
      if (!decode_base64(decoded, value) || value.empty()) return fail_why(why, "expected base64");
      break;
    }
    case kTlsSupportedGroups: {
      if (!split_plain(decoded, items, err)) return fail_why(why, err);
      for (auto& it : items) {
        std::uint64_t v = 0;
        if (!parse_decimal(it, 65535, v)) return fail_why(why, "expected group numbers 0..65535");
        put16(value, static_cast<std::uint16_t>(v));
      }
      break;
    }
    default:  // dohpath and keyNNNNN: the octets as given; no-default-alpn, ohttp: empty
      value = decoded;
  }
  return true;
}

// Checks the SvcParams together and appends them to the wire, sorted by key.
bool write_params(Enc& e, const std::map<std::uint16_t, std::string>& params,
                  std::map<std::uint16_t, const RdataToken*>& where,
                  const RdataToken* mandatory_tok) {
  std::string why;
  if (!check_params(params, why)) {
    const RdataToken* at = mandatory_tok;
    if (why.rfind("no-default-alpn", 0) == 0) at = where[kNoDefaultAlpn];
    if (!at) at = where.begin()->second;
    return e.fail(*at, "bad SvcParams: " + why);
  }
  for (const auto& [k, v] : params) {
    e.put16(k);
    e.put16(static_cast<std::uint16_t>(v.size()));
    e.out() += v;
  }
  return true;
}

}  // namespace

bool encode_svcb(Enc& e) {
  if (!e.u16("an SvcPriority")) return false;
  if (!e.name("a target name")) return false;

  std::map<std::uint16_t, std::string> params;  // sorted by key, as the wire needs
  std::map<std::uint16_t, const RdataToken*> where;
  const RdataToken* mandatory_tok = nullptr;

  while (!e.at_end()) {
    const RdataToken* t = e.take("an SvcParam");
    std::string_view raw = t->text;
    if (t->quoted) return e.fail_expected(*t, "an SvcParam key such as alpn or port");
    const auto eq = raw.find('=');
    const std::string_view key_raw = raw.substr(0, eq);
    auto key = parse_key(key_raw);
    if (!key)
      return e.fail(*t,
                    "expected an SvcParam key (mandatory, alpn, no-default-alpn, port, ipv4hint, "
                    "ech, ipv6hint, dohpath, ohttp or keyNNNNN), found '" +
                        std::string(key_raw) + "'");
    std::optional<std::string_view> value_raw;
    if (eq != std::string_view::npos) {
      value_raw = raw.substr(eq + 1);
      // key="quoted value": either one token with the quotes inside, or an unquoted token
      // ending in '=' directly followed by a quoted token.
      if (value_raw->size() >= 2 && value_raw->front() == '"' && value_raw->back() == '"') {
        value_raw = value_raw->substr(1, value_raw->size() - 2);
      } else if (value_raw->empty() && !e.at_end() && e.peek()->quoted &&
                 (!t->span.valid() || e.peek()->span.begin == t->span.end ||
                  t->span == e.peek()->span)) {
        value_raw = e.take("a value")->text;
      }
    }
    if (params.count(*key))
      return e.fail(*t, "SvcParam key '" + key_text(*key) + "' appears twice (RFC 9460 §2.2)");

    std::string value;
    const std::string kname = key_text(*key);
    auto bad = [&](const std::string& why) {
      std::string msg = "bad SvcParam " + kname;
      msg += ": ";
      msg += why;
      msg += ", found '";
      msg += raw;
      msg += "'";
      return e.fail(*t, msg);
    };
    std::string decoded;
    if (value_raw) {
      std::string err;
      if (!decode_string(*value_raw, decoded, &err)) return bad(err);
    }
    const bool generic_form = key_raw.substr(0, 3) == "key";
    if (generic_form) {
      // keyNNNNN=value: the value octets as written; a known key's value must still be valid.
      std::string why;
      if (!check_value(*key, decoded, why)) return bad(why);
      params.emplace(*key, decoded);
      where.emplace(*key, t);
      continue;
    }
    const bool needs_value = *key == kMandatory || *key == kAlpn || *key == kPort ||
                             *key == kIpv4Hint || *key == kEch || *key == kIpv6Hint ||
                             *key == kDohPath || *key == kTlsSupportedGroups;
    if (needs_value && (!value_raw || decoded.empty())) return bad("a value is required");
    if ((*key == kNoDefaultAlpn || *key == kOhttp) && value_raw) return bad("it takes no value");

    if (*key == kMandatory) mandatory_tok = t;
    if (std::string why; !encode_param_value(*key, decoded, value, why)) return bad(why);
    if (value.size() > 65535) return bad("the value is longer than 65535 octets");
    params.emplace(*key, std::move(value));
    where.emplace(*key, t);
  }

  return write_params(e, params, where, mandatory_tok);
}

bool check_svcb_wire(std::string_view w, std::string* error) {
  auto fail = [&](std::string m) {
    if (error) *error = std::move(m);
    return false;
  };
  if (w.size() < 2) return fail("the SvcPriority is cut short");
  std::size_t p = 2;
  if (!read_wire_name(w, p)) return fail("the target name is not a valid wire name");
  int last = -1;
  std::map<std::uint16_t, std::string> params;
  while (p < w.size()) {
    if (p + 4 > w.size()) return fail("an SvcParam header is cut short");
    const int key = (static_cast<unsigned char>(w[p]) << 8) | static_cast<unsigned char>(w[p + 1]);
    const std::size_t len = (static_cast<std::size_t>(static_cast<unsigned char>(w[p + 2])) << 8) |
                            static_cast<unsigned char>(w[p + 3]);
    if (key <= last) return fail("SvcParam keys are not in strictly increasing order");
    last = key;
    if (p + 4 + len > w.size()) return fail("an SvcParam value is longer than the rdata");
    std::string why;
    if (!check_value(static_cast<std::uint16_t>(key), w.substr(p + 4, len), why)) return fail(why);
    params.emplace(static_cast<std::uint16_t>(key), std::string(w.substr(p + 4, len)));
    p += 4 + len;
  }
  std::string why;
  if (!check_params(params, why)) return fail(why);
  return true;
}

std::string svcb_to_text(std::string_view w, bool* ok) {
  *ok = false;
  if (!check_svcb_wire(w, nullptr)) return {};
  std::string s =
      std::to_string((static_cast<unsigned char>(w[0]) << 8) | static_cast<unsigned char>(w[1]));
  std::size_t p = 2;
  auto target = read_wire_name(w, p);
  (s += ' ') += target->text();
  while (p < w.size()) {
    const auto key = static_cast<std::uint16_t>((static_cast<unsigned char>(w[p]) << 8) |
                                                static_cast<unsigned char>(w[p + 1]));
    const std::size_t len = (static_cast<std::size_t>(static_cast<unsigned char>(w[p + 2])) << 8) |
                            static_cast<unsigned char>(w[p + 3]);
    auto v = w.substr(p + 4, len);
    p += 4 + len;
    const std::size_t name_at = s.size();
    (s += ' ') += key_text(key);
    if (len == 0) continue;
    std::string val;
    bool typed = true;
    switch (key) {
      case kMandatory:
        if (len % 2) typed = false;
        for (std::size_t i = 0; typed && i < len; i += 2) {
          if (i) val += ',';
          val += key_text(static_cast<std::uint16_t>((static_cast<unsigned char>(v[i]) << 8) |
                                                     static_cast<unsigned char>(v[i + 1])));
        }
        break;
      case kPort:
        if (len != 2)
          typed = false;
        else
          val = std::to_string((static_cast<unsigned char>(v[0]) << 8) |
                               static_cast<unsigned char>(v[1]));
        break;
      case kIpv4Hint:
      case kIpv6Hint: {
        const std::size_t n = key == kIpv4Hint ? 4 : 16;
        if (len % n) typed = false;
        for (std::size_t i = 0; typed && i < len; i += n) {
          char buf[INET6_ADDRSTRLEN];
          inet_ntop(n == 4 ? AF_INET : AF_INET6, v.data() + i, buf, sizeof buf);
          if (i) val += ',';
          val += buf;
        }
        break;
      }
      case kEch:
        val = encode_base64(v);
        break;
      case kAlpn: {
        std::string items;
        for (std::size_t i = 0; typed && i < len;) {
          const std::size_t l = static_cast<unsigned char>(v[i]);
          if (l == 0 || i + 1 + l > len) {
            typed = false;
            break;
          }
          if (i) items += ',';
          for (char c : v.substr(i + 1, l)) {
            if (c == ',' || c == '\\') items += '\\';
            items += c;
          }
          i += 1 + l;
        }
        val = quote_character_string(items);
        val = val.substr(1, val.size() - 2);
        break;
      }
      default:
        typed = false;
    }
    if (!typed) {
      // Values without a typed printer go out in the generic keyNNNNN form, which encodes
      // back to the same octets (dohpath is a plain string either way).
      if (key != kDohPath) s.replace(name_at, std::string::npos, " key" + std::to_string(key));
      val = quote_character_string(v);
      val = val.substr(1, val.size() - 2);
    }
    s += "=\"" + val + "\"";
  }
  *ok = true;
  return s;
}

}  // namespace zl::rdata_detail
