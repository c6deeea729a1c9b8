#include "rules/mail/mail_records.hpp"

#include <algorithm>

#include "rules/mail/mail_common.hpp"
#include "rules/spf/spf_record.hpp"

namespace zl::mail {

namespace {

// Does the wire rdata hold "spf" in any case (across string boundaries too)? Nearly every TXT
// record that is not SPF does not, and is read to its end: a DKIM key record is hundreds of
// bytes (22,000 of them on the 1M-record bench zone). So the bytes are tested 32 positions at a
// time without branches (the compiler vectorises the inner loop), the rest one by one.
bool mentions_spf(std::string_view wire) {
  const auto* w = reinterpret_cast<const unsigned char*>(wire.data());
  const std::size_t n = wire.size();
  // c | 0x20 is the lower-case letter exactly when c is that letter in either case.
  // In bytes: a loop of these vectorises.
  const auto at = [w](std::size_t i) {
    return static_cast<unsigned char>(static_cast<unsigned char>((w[i] | 0x20) == 's') &
                                      static_cast<unsigned char>((w[i + 1] | 0x20) == 'p') &
                                      static_cast<unsigned char>((w[i + 2] | 0x20) == 'f'));
  };
  constexpr std::size_t kBlock = 32;
  std::size_t i = 0;
  for (; i + kBlock + 2 <= n; i += kBlock) {  // positions i .. i + 31 read up to i + 33
    unsigned char hit = 0;
    for (std::size_t k = 0; k < kBlock; ++k) hit |= at(i + k);
    if (hit != 0) return true;
  }
  for (; i + 3 <= n; ++i)
    if (at(i) != 0) return true;
  return false;
}

// The TxtMark bits of TXT record `r`; its MailKind goes to `kind`.
std::uint8_t txt_marks(const Zone& z, const Record& r, MailKind& kind) {
  std::uint8_t m = 0;
  const NameView owner = z.owner(r);
  if (first_label_is(owner, "_dmarc")) m |= kAtDmarc;
  if (has_label_below_first(owner, "_domainkey") && !first_label_is(owner, "_adsp"))
    m |= kAtDomainkey;
  if (first_label_is(owner, "_mta-sts")) m |= kAtMtaSts;
  if (at_smtp_tls(owner)) m |= kAtSmtpTls;
  const std::string_view w = z.rdata(r);
  if (spf::wire_is_spf(w)) m |= kSpfWire;
  kind = mail_kind(z, r);
  if (kind == MailKind::dmarc || txt_starts_with(z, r, "v=spf1")) m |= kStartsDmarcOrSpf;
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
        if (type == rrtype::TXT) {
          MailKind kind = MailKind::none;
          const std::uint8_t marks = txt_marks(*z, z->records[i], kind);
          out.refs_.push_back({i, type, marks, kind});
        } else if (type == rrtype::SPF || type == rrtype::MX || type == rrtype::CNAME) {
          out.refs_.push_back({i, type, 0, MailKind::none});
        }
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
  return RecordRef{run->zone, p.index, p.type, p.marks, p.kind};
}

}  // namespace zl::mail
