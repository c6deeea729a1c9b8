// missing-trailing-dot: a target that reads as a full name but has no final dot.
#include "lint/psl.hpp"
#include "rules/mx/mx_common.hpp"
#include "rules/registry.hpp"
#include "rules/targets/targets_common.hpp"

namespace zl::rules {

namespace {

std::string field_label(const Record& r, std::size_t field) {
  if (r.type == rrtype::SOA) return field == 0 ? "SOA MNAME" : "SOA RNAME";
  if (r.type == rrtype::RP || r.type == rrtype::MINFO)
    return type_name(r.type) + (field == 0 ? " mailbox" : " name");
  return type_name(r.type) + " target";
}

// The fix: the final dot added to the name written as `text` at `span`, touching only the
// name's bytes. Attached only where it is certain: the span holds exactly `text` (a zone-file
// token, a plain YAML scalar) or `text` between quotes (a quoted YAML or JSON string: the dot
// goes inside the quotes); the span is in the zone's own file (an $INCLUDEd file may be read
// by other zones with another origin); the record is not made by $GENERATE.
void add_dot_fix(const RuleContext& ctx, const Zone& z, const Record& r, Span span,
                 std::string_view text, Diagnostic& d) {
  if (!span.valid() || span.file != z.file || r.has(kGenerated) || text.empty()) return;
  const std::string_view written = ctx.sources().text(span);
  std::uint32_t at = 0;
  if (written == text) {
    at = span.end;
  } else if (written.size() == text.size() + 2 && written.substr(1, text.size()) == text &&
             (written.front() == '"' || written.front() == '\'') &&
             written.back() == written.front()) {
    at = span.end - 1;
  } else {
    return;
  }
  d.fixes.push_back(Edit{Span{span.file, at, at}, "."});
}

// Has `text` two or more labels, the last one a public top-level domain?
bool ends_with_public_tld(const RuleContext& ctx, std::string_view text) {
  std::string err;
  const Name root;
  const auto as_name = Name::parse(text, &root, &err);
  if (!as_name) return false;
  const auto labels = as_name->labels();
  return labels.size() >= 2 && ctx.psl().is_tld(labels.back());
}

void report(const RuleContext& ctx, const Zone& z, const Record& r, Span span,
            std::string_view text, const std::string& what, NameView expanded, Diagnostics& out) {
  if (!targets::may_read_as_full_name(ctx, z, text)) return;
  const std::string why = mx::reads_as_full_name(ctx, z, text);
  if (why.empty()) return;
  Diagnostic d = make_finding(kMissingTrailingDot, z, r, span,
                              what + " '" + std::string(text) +
                                  "' has no final dot, so the origin is appended and it expands "
                                  "to " +
                                  quoted(expanded) + "; " + why + ": write '" + std::string(text) +
                                  ".' (RFC 1035 §5.1)");
  // Fixed only when the text ends with the origin: the doubled origin cannot be meant. A
  // last label that is a public TLD (`mail.example.net` in `example.com.`) is very likely a
  // full name too, but `host.shop` could be a relative name in a zone that does not list
  // `shop` yet: that one is left to the user.
  if (mx::ends_with_origin(z, text)) add_dot_fix(ctx, z, r, span, text, d);
  out.add(std::move(d));
}

// Can an owner written as `text` end with the origin (`origin` is the origin's text without
// its final dot)? A cheap test run on every owner before the full one. (The other reason the
// rule knows, a last label that is a TLD, never holds for an owner: the owner itself makes
// `<tld>.<origin>` exist.)
bool may_end_with_origin(std::string_view text, std::string_view origin) {
  if (text.size() < origin.size()) return false;
  // `example` in zone `example.`: a label that happens to equal a one-label origin (test
  // zones, TLD zones) is as likely meant relative.
  if (text.size() == origin.size() && origin.find('.') == std::string_view::npos) return false;
  if (text.size() > origin.size() && text[text.size() - origin.size() - 1] != '.') return false;
  return Name::equal_ci(text.substr(text.size() - origin.size()), origin);
}

// Can the owner of `r`, written relative, have a text that ends with the origin? Told from the
// owner where the parser recorded the length of the origin it was written under
// (written_origin_labels), for an origin whose text has no escape: the text is then the
// owner's labels above that origin, escapes aside. It ends with the origin's text only when
// those labels end with the origin's, or when one of them has a dot in it (written `\.`, so
// the text's labels are not the owner's). The text is read only then. (No owner is reported in
// the root zone: report() asks may_read_as_full_name, false there.)
// `zone_origin_labels`: the number of labels of the zone's origin.
bool owner_may_end_with_origin(const RuleContext& ctx, const Zone& z, const Record& r,
                               std::string_view origin, std::size_t zone_origin_labels,
                               bool origin_escaped) {
  if (const auto origin_labels = written_origin_labels(z, r, zone_origin_labels);
      origin_labels && !origin_escaped) {
    if (z.origin.is_root()) return false;
    const std::string_view w = z.owner(r).wire(), o = z.origin.wire();
    auto next = [&](std::size_t at) { return at + 1 + static_cast<unsigned char>(w[at]); };
    std::size_t labels = 0;
    for (std::size_t at = 0; at < w.size() && w[at] != 0; at = next(at)) ++labels;
    if (labels <= *origin_labels) return false;  // `@`, or absolute
    // The labels written, before the origin's (some: the origin is not the root): where they
    // end, and whether one has a dot in it. One search of their wire for a dot: a length octet
    // of 46 (a dot) passes too, which only sends the owner to the test of its text below.
    const std::size_t written = labels - *origin_labels;
    std::size_t end = 0;
    for (std::size_t k = 0; k < written; ++k) end = next(end);
    const bool dotted = w.substr(0, end).find('.') != std::string_view::npos;
    // Do they end with the origin's labels (wire form, without the root), at a label's start?
    const std::string_view o_labels = o.substr(0, o.size() - 1);
    bool ends_with_origin = false;
    if (end >= o_labels.size() &&
        Name::equal_ci(w.substr(end - o_labels.size(), o_labels.size()), o_labels)) {
      std::size_t at = 0;
      while (at < end - o_labels.size()) at = next(at);
      ends_with_origin = at == end - o_labels.size();
    }
    if (!ends_with_origin && !dotted) return false;
  }
  return may_end_with_origin(ctx.sources().text(z.owner_span(r)), origin);
}

// The tool's own words for the refusal, so the user recognises them.
std::string refusal_text(const Zone& z, const Record& r, std::string_view text) {
  const std::string t(text);
  switch (z.format) {
    case InputFormat::octodns:
      return type_name(r.type) + " value \"" + t + "\" missing trailing .";
    case InputFormat::dnscontrol:
      return "target (" + t + ") includes a (.), must end with a (.)";
    default:  // Google Cloud DNS, at apply time
      return "Error 400: Invalid value for 'rrdata': '" + t + "', invalid";
  }
}

// Formats whose tool appends no origin to a name-valued field without a final dot but refuses
// it (octoDNS and Google Cloud DNS every one, DNSControl a dotted one): each is an error, in
// the tool's words, with no origin-appended reasoning.
void check_refused(const RuleContext& ctx, const Zone& z, Diagnostics& out) {
  std::string what;
  switch (z.format) {
    case InputFormat::octodns:
      what = "octoDNS appends no origin and refuses it when it loads the zone";
      break;
    case InputFormat::dnscontrol:
      what = "DNSControl appends the domain only to a single label and refuses a dotted name";
      break;
    default:
      what = std::string(mx::relative_names_tool(z)) + " appends no origin and refuses it";
      break;
  }
  for (const Record& r : z.records) {
    if (!targets::has_name_fields(r.type) || r.has(kValueUnknown) || !in_zone(z, r)) continue;
    for (const auto& nf : targets::name_fields(z, r)) {
      if (z.fields_of(r, ctx.sources()).size() <= nf.field) continue;
      const std::string_view text = z.field_text(r, nf.field, ctx.sources());
      if (!mx::refused_without_dot(z, text)) continue;
      Diagnostic d = make_finding(
          kMissingTrailingDot, z, r, field_span(ctx.sources(), z, r, nf.field),
          field_label(r, nf.field) + " '" + std::string(text) + "' has no final dot: " + what +
              " (" + refusal_text(z, r, text) + "); write the full name with its final dot");
      d.severity = Severity::error;
      // The tool appends nothing, so a name with the origin at its end, or two or more labels
      // ending in a public top-level domain, is the name meant: the fix adds its dot. A single
      // label (`mx1`) or another dotted name may be meant under the zone: no fix.
      if (mx::ends_with_origin(z, text) || ends_with_public_tld(ctx, text))
        add_dot_fix(ctx, z, r, field_span(ctx.sources(), z, r, nf.field), text, d);
      out.add(std::move(d));
    }
  }
}

void check(const RuleContext& ctx, Diagnostics& out) {
  for (const Zone* z : ctx.zones()) {
    if (z->names_always_absolute) continue;
    if (const auto rn = mx::relative_names(*z);
        rn == mx::RelativeNames::refused || rn == mx::RelativeNames::refused_if_dotted) {
      check_refused(ctx, *z, out);  // (a single label in DNSControl gets the domain: fine)
      continue;
    }
    const bool zone_file = z->format == InputFormat::zone;
    std::string origin = z->origin.text();
    if (!origin.empty() && origin.back() == '.') origin.pop_back();
    const bool origin_escaped = origin.find('\\') != std::string::npos;
    const std::size_t origin_labels = z->origin.label_count();  // once, not for every record
    for (const Record& r : z->records) {
      // The owner as written (zone files; an inherited or generated owner has no text).
      const bool check_owner =
          zone_file && !r.has(kOwnerInherited) && !r.has(kGenerated) && z->owner_span(r).valid() &&
          z->owner_span(r).end > z->owner_span(r).begin &&
          owner_may_end_with_origin(ctx, *z, r, origin, origin_labels, origin_escaped);
      const bool check_fields = zone_file && targets::has_name_fields(r.type);
      if (!check_owner && !check_fields) continue;
      if (r.has(kValueUnknown) || !in_zone(*z, r)) continue;
      if (check_owner)
        report(ctx, *z, r, z->owner_span(r), ctx.sources().text(z->owner_span(r)), "owner",
               z->owner(r), out);
      if (!check_fields || r.type == rrtype::NSEC) continue;  // NSEC: made by the signer
      // Most targets end with their dot or are plainly relative: tell from the text before
      // decoding the rdata's names (name_fields), which only a reported field needs. (Not
      // from the fields: a zone file's are lexed from its text when asked, and most records
      // are told from their rdata alone. A field past the last one reads as nothing.)
      const std::string_view layout = targets::name_field_layout(r.type);
      bool any = false;
      for (std::size_t f = 0; f < layout.size() && !any; ++f)
        any =
            layout[f] == 'N' && targets::field_may_read_as_full_name(ctx, *z, r, f, origin_labels);
      if (!any) continue;
      const std::size_t fields = z->fields_of(r, ctx.sources()).size();
      for (const auto& nf : targets::name_fields(*z, r)) {
        if (fields <= nf.field) continue;
        report(ctx, *z, r, field_span(ctx.sources(), *z, r, nf.field),
               z->field_text(r, nf.field, ctx.sources()), field_label(r, nf.field), nf.name, out);
      }
    }
  }
}

}  // namespace

const Rule kMissingTrailingDot{
    "missing-trailing-dot",
    Severity::warning,
    {},
    RuleDoc{
        "a name that is already a full name lacks its final dot",
        "Looks at every name as written in a zone file: owners, and the names inside rdata "
        "(NS, CNAME, DNAME, PTR, MX, SRV, SVCB and HTTPS targets, SOA MNAME and RNAME, AFSDB, "
        "RT, KX, PX, RP, MINFO, MB, MG, MR, NAPTR replacement). A name without a final dot is "
        "relative: the origin is appended. The rule reports one "
        "that already reads as a full name, so the origin ends up in it twice: either its text "
        "ends with the origin (`mx2.example.com` in zone `example.com.` becomes "
        "`mx2.example.com.example.com.`), or it has two or more labels and its last label is "
        "a public top-level domain from the Public Suffix List (`mail.example.net` in "
        "`example.com.`). A relative name whose last label names something in the zone "
        "(`host.dev` where `dev.example.com.` exists) is a real relative name and is not "
        "reported. Never fires in the root zone.\n\n"
        "Front ends differ on a name without a final dot, and the rule follows each tool. "
        "octoDNS appends no origin: it refuses every target without a final dot when it loads "
        "the zone (`MX value \"mx1\" missing trailing .`), so in octoDNS input each one (MX "
        "exchange, NS, CNAME, DNAME, PTR, ALIAS, SRV and SVCB/HTTPS target, NAPTR "
        "replacement) is reported as an error in octoDNS's words, without origin-appended "
        "reasoning. DNSControl appends the domain to a single label (`mail`) and refuses a "
        "dotted name without the final dot (`target (mail.example.net) includes a (.), must "
        "end with a (.)`): `dnscontrol print-ir` output has normalized, absolute names, and a "
        "dotted relative one left in the IR is an error. Google Cloud DNS (Terraform "
        "`google_dns_record_set`) refuses an rrdata name without the final dot at apply time "
        "(`Error 400: Invalid value for rrdata`): an error. Route 53 treats every name as "
        "fully qualified (the final dot is optional), and so do Cloudflare and Azure DNS in "
        "Terraform plans: the rule never fires there. The error severity of these findings "
        "can be changed in the configuration like any other.\n\n"
        "`zonelint --fix` adds the dot where the name meant is certain, touching only its "
        "bytes (inside the quotes of a quoted YAML or JSON string): in a zone file, a name that "
        "already ends with the origin; where the tool appends no origin (octoDNS, DNSControl, "
        "Google Cloud DNS), also a name of two or more labels ending in a public top-level "
        "domain. A name whose last label is a TLD in a zone file, a single label in octoDNS, a "
        "`$GENERATE`d record or one in an `$INCLUDE`d file get no fix.",
        "The record points at a name that does not exist (or, worse, at one you did not "
        "mean). BIND accepts it silently and at best reports the doubled name as having no "
        "address. It is the classic zone-file typo (RFC 1035 §5.1: names not ending in a dot "
        "are relative to the origin).",
        "$ORIGIN example.com.\n@  MX 10 mail.example.net\n",
        "$ORIGIN example.com.\n@  MX 10 mail.example.net.\n",
        "",
        "RFC 1035 §5.1",
    },
    "names,syntax",
    &check,
};

}  // namespace zl::rules
