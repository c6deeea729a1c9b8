#include "rules/mail/mail_records.hpp"

#include <algorithm>

#include "rules/mail/mail_common.hpp"
#include "rules/spf/spf_record.hpp"

namespace zl::mail {

namespace {

// Does the wire rdata hold "spf" in any case (across string boundaries too)?
bool mentions_spf(std::string_view wire) {
  const auto lower = [](char c) { return ascii_lower(static_cast<unsigned char>(c)); };
  for (std::size_t i = 0; i + 3 <= wire.size(); ++i)
    if (lower(wire[i]) == 's' && lower(wire[i + 1]) == 'p' && lower(wire[i + 2]) == 'f')
      return true;
  return false;
}

std::uint8_t txt_marks(const Zone& z, const Record& r) {
  std::uint8_t m = 0;
  const NameView owner = z.owner(r);
  if (first_label_is(owner, "_dmarc")) m |= kAtDmarc;
  if (has_label_below_first(owner, "_domainkey") && !first_label_is(owner, "_adsp"))
    m |= kAtDomainkey;
  if (first_label_is(owner, "_mta-sts")) m |= kAtMtaSts;
  if (at_smtp_tls(owner)) m |= kAtSmtpTls;
  const std::string_view w = z.rdata(r);
  if (spf::wire_is_spf(w)) m |= kSpfWire;
  if (txt_starts_with(z, r, "v=DMARC1") || txt_starts_with(z, r, "v=spf1")) m |= kStartsDmarcOrSpf;
  if (mentions_spf(w)) m |= kMentionsSpf;
  return m;
}

}  // namespace

const MailRecords& mail_records(const RuleContext& ctx) {
  return ctx.memo<MailRecords>("mail.records", [&] {
    MailRecords out;
    // Sized at once from the zones' indexes of types: kept until the last of its users has run,
    // and a list grown by doubling and then trimmed was copied twice over on a large zone.
    std::size_t count = 0;
    for (const Zone* z : ctx.zones())
      for (const std::uint16_t type : {rrtype::TXT, rrtype::SPF, rrtype::MX, rrtype::CNAME})
        count += z->records_of_type(type).size();
    out.refs_.reserve(count);
    for (const Zone* z : ctx.zones()) {
      const auto n = static_cast<std::uint32_t>(z->records.size());
      for (std::uint32_t i = 0; i < n; ++i) {
        const std::uint16_t type = z->records[i].type;
        if (type == rrtype::TXT)
          out.refs_.push_back({i, type, txt_marks(*z, z->records[i])});
        else if (type == rrtype::SPF || type == rrtype::MX || type == rrtype::CNAME)
          out.refs_.push_back({i, type, 0});
      }
      if (out.refs_.size() > (out.runs_.empty() ? 0 : out.runs_.back().end))
        out.runs_.push_back({z, out.refs_.size()});
    }
    out.runs_.shrink_to_fit();
    return out;
  });
}

RecordRef MailRecords::operator[](std::size_t k) const {
  const auto run = std::upper_bound(runs_.begin(), runs_.end(), k,
                                    [](std::size_t i, const Run& r) { return i < r.end; });
  const Packed& p = refs_[k];
  return RecordRef{run->zone, p.index, p.type, p.marks};
}

}  // namespace zl::mail
