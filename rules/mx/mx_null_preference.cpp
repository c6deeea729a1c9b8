// mx-null-preference: a null MX with a preference other than 0.
#include "rules/mx/mx_common.hpp"
#include "rules/registry.hpp"

namespace zl::rules {

namespace {

void check(const RuleContext& ctx, Diagnostics& out) {
  for (const mx::MxRecord* mp : mx::mx_records(ctx)) {
    const mx::MxRecord& m = *mp;
    if (!m.data.is_null() || m.data.preference == 0) continue;
    const Span span = field_span(ctx.sources(), *m.zone, *m.rec, 0);
    Diagnostic d = make_finding(kMxNullPreference, *m.zone, *m.rec, span,
                                "null MX at " + quoted(m.zone->owner(*m.rec)) + " has preference " +
                                    std::to_string(m.data.preference) +
                                    "; a null MX has preference 0 (RFC 7505 §3)");
    // The fix sets the preference to 0 where it is written as plain digits (a zone-file
    // token, a YAML or JSON number) in the zone's own file, not by $GENERATE.
    const std::string_view written = span.valid() ? ctx.sources().text(span) : "";
    const auto fields = m.zone->fields_of(*m.rec, ctx.sources());
    if (!fields.empty() && fields.front().span == span && span.file == m.zone->file &&
        !m.rec->has(kGenerated) && !written.empty() &&
        written.find_first_not_of("0123456789") == std::string_view::npos) {
      d.fixes.push_back(Edit{span, "0"});
    }
    out.add(std::move(d));
  }
}

}  // namespace

const Rule kMxNullPreference{
    "mx-null-preference",
    Severity::warning,
    {},
    RuleDoc{
        "a null MX (`.`) has a preference other than 0",
        "Reports a null MX record (exchange `.`) whose preference is not 0, pointing at the "
        "preference. `zonelint --fix` sets a preference written as plain digits to 0.",
        "RFC 7505 §3 defines the null MX as a single MX with preference 0 and the root as "
        "exchange. Software that recognises it by the exact `0 .` form (octoDNS's strict "
        "validators, Zonemaster's Z09_NULL_MX_NON_ZERO_PREF) treats any other preference as "
        "a mistake.",
        "$ORIGIN example.com.\n@  MX 10 .\n",
        "$ORIGIN example.com.\n@  MX 0 .\n",
        "",
        "RFC 7505 §3",
    },
    "mx,mail,null-mx",
    &check,
};

}  // namespace zl::rules
