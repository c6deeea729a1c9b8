// rrset-ttl-mismatch: one RRset, several TTLs.
#include "rules/registry.hpp"
#include "rules/zone/rrsets.hpp"

namespace zl::rules {

namespace {

void check(const RuleContext& ctx, Diagnostics& out) {
  for (const Zone* z : ctx.zones()) {
    for (const rrsets::RRsets::RRset set : rrsets::rrsets(ctx, *z)) {
      const Record* first = set.front();
      const Record* other = nullptr;
      for (const Record* r : set)
        if (r->ttl != first->ttl) {
          other = r;
          break;
        }
      if (!other) continue;
      const Record* last = set.back();
      std::string name = type_name(first->type);
      if (first->type == rrtype::RRSIG) name = "RRSIG";
      Diagnostic d = make_finding(
          kRrsetTtlMismatch, *z, *other, ttl_span(ctx.sources(), *z, *other),
          "TTL " + std::to_string(other->ttl) + " differs from TTL " + std::to_string(first->ttl) +
              " of the first " + name + " record at " + quoted(z->owner(*first)) +
              "; the records of one RRset must share a TTL (RFC 2181 §5.2), and servers "
              "disagree on which to keep: BIND keeps the first (" +
              std::to_string(first->ttl) + "), Knot the last (" + std::to_string(last->ttl) + ")");
      add_note(d, ttl_span(ctx.sources(), *z, *first), "first record of the RRset here");
      out.add(std::move(d));
    }
  }
}

}  // namespace

const Rule kRrsetTtlMismatch{
    "rrset-ttl-mismatch",
    Severity::warning,
    {},
    RuleDoc{
        "the records of one RRset have different TTLs",
        "Groups records by owner, class and type (RRSIGs also by the type they cover, since "
        "each RRSIG carries the TTL of the RRset it signs) and reports the first record whose "
        "TTL differs from the first record's. The finding points at its TTL (or its type when "
        "the TTL was not written), with the first record as related location.",
        "RFC 2181 §5.2 deprecates RRsets with differing TTLs. Servers do different things with "
        "them: BIND keeps the first TTL (\"TTL set to prior TTL\"), Knot the last, NSD keeps "
        "both. So the same file publishes different TTLs depending on the server.",
        "$ORIGIN example.com.\n@  300 MX 10 mx1\n@  600 MX 20 mx2\n",
        "$ORIGIN example.com.\n@  300 MX 10 mx1\n@  300 MX 20 mx2\n",
        "",
        "RFC 2181 §5.2",
    },
    "records,ttl",
    &check,
};

}  // namespace zl::rules
