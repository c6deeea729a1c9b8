// caa-syntax: a CAA record that CAs cannot read as intended.
#include "rules/registry.hpp"
#include "rules/targets/targets_common.hpp"

namespace zl::rules {

namespace {

bool alnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

bool is_wsp(char c) {
  return c == ' ' || c == '\t';
}

// RFC 8659 §4.2: issuer-domain-name = label *("." label),
// label = (ALPHA / DIGIT) *( *("-") (ALPHA / DIGIT)).
std::string domain_problem(std::string_view d) {
  if (d.back() == '.')
    return "the issuer domain name '" + std::string(d) +
           "' ends with a dot, which the CAA grammar does not allow: CAs may not recognise "
           "themselves in it; write it without the final dot";
  std::size_t start = 0;
  while (start <= d.size()) {
    const std::size_t dot = std::min(d.find('.', start), d.size());
    const std::string_view l = d.substr(start, dot - start);
    if (l.empty()) return "the issuer domain name '" + std::string(d) + "' has an empty label";
    for (char c : l)
      if (!alnum(c) && c != '-')
        return "the issuer domain name '" + std::string(d) + "' has the character '" +
               std::string(1, c) + "', not a letter, digit, '-' or '.'";
    if (l.front() == '-' || l.back() == '-')
      return "a label of the issuer domain name '" + std::string(d) + "' starts or ends with '-'";
    start = dot + 1;
  }
  return "";
}

// RFC 8659 §4.2: issue-value = *WSP [issuer-domain-name *WSP]
//   [";" *WSP [parameters *WSP]], parameters = parameter *WSP ";" *WSP parameter,
//   parameter = tag *WSP "=" *WSP value, value = *(%x21-3A / %x3C-7E).
std::string issue_problem(std::string_view v) {
  std::size_t i = 0;
  while (i < v.size() && is_wsp(v[i])) ++i;
  std::size_t j = i;
  while (j < v.size() && v[j] != ';' && !is_wsp(v[j])) ++j;
  if (j > i)
    if (auto p = domain_problem(v.substr(i, j - i)); !p.empty()) return p;
  i = j;
  while (i < v.size() && is_wsp(v[i])) ++i;
  if (i == v.size()) return "";
  if (v[i] != ';')
    return "after the issuer domain name comes '" + std::string(v.substr(i)) +
           "', where only ';' and parameters may follow";
  ++i;
  // Parameters: tag=value separated by ';'.
  while (true) {
    while (i < v.size() && is_wsp(v[i])) ++i;
    if (i == v.size()) return "";
    std::size_t t = i;
    while (t < v.size() && alnum(v[t])) ++t;
    if (t == i)
      return "a parameter starts with '" + std::string(v.substr(i)) +
             "' instead of a tag (letters and digits)";
    const std::string tag(v.substr(i, t - i));
    i = t;
    while (i < v.size() && is_wsp(v[i])) ++i;
    if (i == v.size() || v[i] != '=') return "the parameter '" + tag + "' has no '=' value";
    ++i;
    while (i < v.size() && is_wsp(v[i])) ++i;
    while (i < v.size() && v[i] != ';' && !is_wsp(v[i])) {
      const auto c = static_cast<unsigned char>(v[i]);
      if (c < 0x21 || c > 0x7e)
        return "the value of parameter '" + tag + "' has a byte outside printable ASCII";
      ++i;
    }
    while (i < v.size() && is_wsp(v[i])) ++i;
    if (i == v.size()) return "";
    if (v[i] != ';')
      return "the value of parameter '" + tag + "' is followed by '" + std::string(v.substr(i)) +
             "' instead of ';'";
    ++i;
  }
}

std::string iodef_problem(std::string_view v) {
  auto starts = [&](std::string_view p) {
    return v.size() > p.size() && Name::equal_ci(v.substr(0, p.size()), p);
  };
  if (starts("mailto:") || starts("http://") || starts("https://")) return "";
  return "the iodef URL '" + std::string(v) +
         "' is not a mailto:, http: or https: URL, the only schemes CAs report to";
}

bool known_tag(std::string_view t) {
  for (std::string_view k :
       {"issue", "issuewild", "iodef", "issuemail", "issuevmc", "contactemail", "contactphone"})
    if (Name::equal_ci(t, k)) return true;
  return false;
}

void check(const RuleContext& ctx, Diagnostics& out) {
  for (const Zone* z : ctx.zones()) {
    for (const std::uint32_t i : z->records_of_type(rrtype::CAA)) {
      const Record& r = z->records[i];
      if (r.has(kValueUnknown) || !in_zone(*z, r)) continue;
      auto caa = as_caa(*z, r);
      if (!caa) continue;
      std::string why;
      std::size_t field = 2;
      bool tag_ok = !caa->tag.empty();
      for (char c : caa->tag) tag_ok = tag_ok && alnum(c);
      if (!tag_ok) {
        why = "the tag '" + caa->tag + "' is not letters and digits only";
        field = 1;
      } else if ((caa->flags & 0x80) && !known_tag(caa->tag)) {
        why = "the tag '" + caa->tag +
              "' is unknown and marked critical (flag 128): every CA that does not know it "
              "must refuse to issue for this name";
        field = 0;
      } else if (Name::equal_ci(caa->tag, "issue") || Name::equal_ci(caa->tag, "issuewild") ||
                 Name::equal_ci(caa->tag, "issuemail")) {
        why = issue_problem(caa->value);
      } else if (Name::equal_ci(caa->tag, "iodef")) {
        why = iodef_problem(caa->value);
      }
      if (why.empty()) continue;
      out.add(make_finding(kCaaSyntax, *z, r, field_span(ctx.sources(), *z, r, field),
                           "CAA record of " + quoted(z->owner(r)) + ": " + why + " (RFC 8659 §4)"));
    }
  }
}

}  // namespace

const Rule kCaaSyntax{
    "caa-syntax",
    Severity::error,
    {},
    RuleDoc{
        "CAA record with an unknown critical tag, a malformed issue value or a bad iodef URL",
        "Checks every CAA record against RFC 8659 §4: the tag is letters and digits; a tag "
        "unknown to zonelint (known: issue, issuewild, iodef, issuemail, issuevmc, "
        "contactemail, contactphone) must not carry the critical flag; an `issue`, "
        "`issuewild` or `issuemail` value is an optional issuer domain name (letters, digits, "
        "inner hyphens, dot-separated, no final dot) followed by optional `; tag=value` "
        "parameters; an `iodef` value is a `mailto:`, `http:` or `https:` URL. An empty "
        "`issue` value (`\";\"` or `\"\"`) is valid: it forbids issuance.",
        "CAs must check CAA before issuing (RFC 8659 §3). A value they cannot parse is not "
        "an authorisation, so issuance fails (`letsencrypt.org.` with a final dot matches no "
        "CA); an unknown critical tag blocks every CA; a bad iodef URL means violation "
        "reports go nowhere.",
        "$ORIGIN example.com.\n@  CAA  0 issue \"letsencrypt.org.\"\n",
        "$ORIGIN example.com.\n@  CAA  0 issue \"letsencrypt.org\"\n",
        "",
        "RFC 8659 §4.1-§4.4; RFC 9495 (issuemail)",
    },
    "caa,syntax",
    &check,
};

}  // namespace zl::rules
