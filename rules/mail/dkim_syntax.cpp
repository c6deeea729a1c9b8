// dkim-syntax: a DKIM key record that is not a valid tag list, or has no key.
#include <cstdint>
#include <vector>

#include "rules/mail/dkim_key.hpp"
#include "rules/mail/message.hpp"
#include "rules/registry.hpp"

namespace zl::rules {

namespace {

void check(const RuleContext& ctx, Diagnostics& out) {
  // Each record parsed as it comes (for_each_dkim_txt): no memo keeps every key record parsed,
  // and its findings, one for most key records of a large zone, do not stand with them. In one
  // pass (mail::add_counted's two would
  // parse every record twice), into a list sized for a finding a record, the common case on a
  // large zone (keys without `p=`), and trimmed when that left much unused.
  std::vector<Diagnostic>& items = out.items();
  items.reserve(items.size() + mail::dkim_record_count(ctx));
  const auto emit = [&](auto&& make) { out.add(make()); };
  mail::for_each_dkim_txt(ctx, [&](const mail::ParsedTxt& p) {
    // Written only for a record with a finding: most key records have none.
    const auto where = [&] {
      return " (DKIM key record at " + quoted(p.zone->owner(*p.rec)) + ")";
    };
    for (const auto& e : p.tags.errors)
      emit([&] {
        return mail::finding_at(
            kDkimSyntax, p, e.b, e.e,
            Message::format<"{} (DKIM key record at {}); verifiers ignore the record (RFC 6376 "
                            "§3.2)">(e.message(p.text()), quoted(p.zone->owner(*p.rec))));
      });
    const auto& tags = p.tags.tags;
    for (std::size_t i = 0; i < tags.size(); ++i) {
      if (p.tags.name(tags[i]) != "v") continue;
      if (i != 0)
        emit([&] {
          return mail::finding_at(
              kDkimSyntax, p, tags[i].name_b, tags[i].value_e,
              "'v=' must be the first tag when present" + where() + " (RFC 6376 §3.6.1)");
        });
      else if (p.tags.value(tags[i]) != "DKIM1")
        emit([&] {
          return mail::finding_at(kDkimSyntax, p, tags[i].value_b, tags[i].value_e,
                                  "version '" + mail::shown(p.tags.value(tags[i])) +
                                      "' is not 'DKIM1'" + where() +
                                      "; verifiers discard the key (RFC 6376 §3.6.1)");
        });
      break;
    }
    if (!p.tags.find("p") && p.tags.ok())
      emit([&] {
        const auto n = static_cast<std::uint32_t>(p.text().size());
        return mail::finding_at(kDkimSyntax, p, 0, n,
                                "no 'p=' tag" + where() +
                                    ": the key is required (an empty 'p=' revokes it; RFC 6376 "
                                    "§3.6.1)");
      });
  });
  if (items.capacity() - items.size() > items.capacity() / 8) items.shrink_to_fit();
}

}  // namespace

const Rule kDkimSyntax{
    "dkim-syntax",
    Severity::error,
    {},
    RuleDoc{
        "a DKIM key record is not a valid tag list, or has no `p=`",
        "Reads each TXT record at a selector name `<selector>._domainkey.<domain>` as an "
        "RFC 6376 tag list. It reports a part that is not `name=value`, a malformed tag name, "
        "bytes outside the value characters, a duplicate tag, a `v=` tag that is not first or "
        "not `DKIM1`, and a record without `p=`.",
        "A verifier that can't parse the key record treats the signature as failing "
        "(RFC 6376 §6.1.2): every signed message from the domain fails DKIM, and with DMARC "
        "at quarantine or reject, mail that is not also SPF-aligned is lost.",
        "$ORIGIN example.com.\nmail._domainkey TXT \"k=rsa; v=DKIM1; p=MIIBIjANBg...\"\n",
        "$ORIGIN example.com.\nmail._domainkey TXT \"v=DKIM1; k=rsa; p=MIIBIjANBg...\"\n",
        "",
        "RFC 6376 §3.2, §3.6.1, §3.6.2.2",
    },
    "mail,dkim",
    &check,
};

}  // namespace zl::rules
