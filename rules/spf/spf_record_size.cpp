// spf-record-size: an SPF record over 450 octets, or a TXT answer over 512.
#include "rules/registry.hpp"
#include "rules/spf/spf_record.hpp"

namespace zl::rules {

namespace {

constexpr std::size_t kRecordMax = 450;
constexpr std::size_t kAnswerMax = 512;
constexpr std::size_t kMaxNotes = 8;

void check(const RuleContext& ctx, Diagnostics& out) {
  for (const auto& set : spf::spf_sets(ctx)) {
    bool long_record = false;
    for (const auto& rec : set.records) {
      const std::size_t n = rec.text().size();
      if (n <= kRecordMax) continue;
      long_record = true;
      out.add(make_finding(
          kSpfRecordSize, *rec.zone, *rec.record, rec.span(0, static_cast<std::uint32_t>(n)),
          "SPF record of " + quoted(set.owner) + " is " + std::to_string(n) +
              " octets; RFC 7208 §3.4 recommends at most 450 so that the answer fits in a "
              "512-octet UDP response. Move hosts into an included record"));
    }
    // The whole TXT answer at the name: header, question, and each TXT record (a compressed
    // owner pointer, type, class, TTL, rdlength, rdata).
    // The records are those of known_records(), read from the owner index where they stand:
    // the list is only made for a finding (one per SPF owner of a large zone was an allocation
    // for nothing).
    const Zone& z = set.zone();
    std::size_t size = 12 + set.owner.wire().size() + 4;
    std::size_t known = 0;
    for (auto i : z.records_at(set.owner, rrtype::TXT)) {
      const Record& r = z.records[i];
      if (r.has(kValueUnknown) || !in_zone(z, r)) continue;
      size += 12 + z.rdata(r).size();
      ++known;
    }
    // A long SPF record alone in its answer: its own finding says it.
    if (size <= kAnswerMax || (long_record && known == 1)) continue;
    const auto txts = known_records(z, set.owner, rrtype::TXT);
    const auto& rec = set.records.front();
    Diagnostic d = make_finding(
        kSpfRecordSize, z, *rec.record, rec.span(0, 6),
        "the TXT records at " + quoted(set.owner) + " make a " + std::to_string(size) +
            "-octet DNS answer, over 512: receivers must retry over TCP or with EDNS, and some "
            "fail and treat SPF as a temporary error (RFC 7208 §3.4). Remove stale TXT records "
            "or move the SPF terms into an included record");
    std::size_t noted = 0;
    for (auto i : txts) {
      if (&z.records[i] == rec.record) continue;
      if (++noted > kMaxNotes) {
        add_note(d, rec.span(0, 6),
                 "... and " + std::to_string(txts.size() - 1 - kMaxNotes) +
                     " more TXT records in the same answer");
        break;
      }
      add_note(d, rdata_span(ctx.sources(), z, z.records[i]), "TXT record in the same answer");
    }
    out.add(std::move(d));
  }
}

}  // namespace

const Rule kSpfRecordSize{
    "spf-record-size",
    Severity::warning,
    {},
    RuleDoc{
        "SPF record over 450 octets, or TXT answer over 512",
        "Reports an SPF record whose joined text is longer than 450 octets, and a name whose "
        "TXT records together (the SPF record and every other TXT at the name: site "
        "verifications and the like) make a DNS answer of more than 512 octets (header, "
        "question, and each record with a compressed owner name).",
        "RFC 7208 §3.4: SPF answers should fit in a 512-octet UDP response; beyond that the "
        "receiver must fall back to TCP or EDNS, and some fail and give temperror, so mail is "
        "deferred or judged without SPF.",
        "$ORIGIN example.com.\n@  TXT \"v=spf1 ip4:192.0.2.1 ip4:192.0.2.2 ...\" \"... 470 "
        "octets ... -all\"\n",
        "$ORIGIN example.com.\n@  TXT \"v=spf1 ip4:192.0.2.0/24 include:_spf.example.com "
        "-all\"\n",
        "",
        "RFC 7208 §3.4",
    },
    "spf,mail,limits",
    &check,
};

}  // namespace zl::rules
