#include "rules/mail/mail_records.hpp"

namespace zl::mail {

const std::vector<RecordRef>& mail_records(const RuleContext& ctx) {
  return ctx.memo<std::vector<RecordRef>>("mail.records", [&] {
    std::vector<RecordRef> out;
    for (const Zone* z : ctx.zones()) {
      const auto n = static_cast<std::uint32_t>(z->records.size());
      for (std::uint32_t i = 0; i < n; ++i) {
        const std::uint16_t type = z->records[i].type;
        if (type == rrtype::TXT || type == rrtype::SPF || type == rrtype::MX ||
            type == rrtype::CNAME)
          out.push_back(RecordRef{z, i, type});
      }
    }
    out.shrink_to_fit();  // kept for the whole run
    return out;
  });
}

}  // namespace zl::mail
