// The records the mail, SPF and MX rules read, found in one pass over each zone.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "lint/rule_support.hpp"

namespace zl::mail {

// What the mail and SPF rules sift TXT records by, found once for each TXT record (by
// mail_records): about ten rules and memos went over every TXT record of the zones with a test
// of their own, each reading every record (its owner, its rdata) again.
enum TxtMark : std::uint8_t {
  kAtDmarc = 1 << 0,           // the owner's first label is `_dmarc`
  kAtDomainkey = 1 << 1,       // a label after the first is `_domainkey`, the first is not `_adsp`
  kAtMtaSts = 1 << 2,          // the owner's first label is `_mta-sts`
  kAtSmtpTls = 1 << 3,         // the owner's first two labels are `_smtp._tls`
  kSpfWire = 1 << 4,           // spf::wire_is_spf(rdata): selects as SPF
  kStartsDmarcOrSpf = 1 << 5,  // the text starts `v=DMARC1` or `v=spf1` (any case)
  kMentionsSpf = 1 << 6,       // the rdata holds `spf` (any case)
};

// What a TXT record's content says it is, from its first tag (mail_kind, mail_common.hpp).
enum class MailKind : std::uint8_t { none, dmarc, dkim, sts, tlsrpt };

// A record of a linted zone, with its type (and for TXT its marks and kind) at hand: the rules
// that filter these by type or mark read 16 bytes a record instead of the record itself.
struct RecordRef {
  const Zone* zone = nullptr;
  std::uint32_t index = 0;  // in zone->records
  std::uint16_t type = 0;
  std::uint8_t marks = 0;          // TxtMark bits (TXT records only)
  MailKind kind = MailKind::none;  // mail_kind() of a TXT record; none for other types
  const Record& record() const { return zone->records[index]; }
};

// The TXT, SPF (type 99), MX and CNAME records of the linted zones: zones in run order, records
// in file order. Computed once per run (RuleContext::memo) and shared: a dozen memos and rules
// of the mail, SPF and MX families read only these types, and each pass of its own over every
// record of a large zone cost a cache miss a record. It stands under the memos of the SPF, MX
// and DMARC families, so a record takes 8 bytes here (its index, type and marks; the zone once
// for each run of its records), not a RecordRef's 16: 400,000 records on the 1M-record bench
// zone. Iterating gives RecordRef values.
class MailRecords {
  struct Packed {
    std::uint32_t index;  // in zone->records
    std::uint16_t type;
    std::uint8_t marks;
    // Found with the marks, while the rdata is at hand (mail-label-typo asks it of every TXT
    // record, and read it again from the rdata); it fills what was padding.
    MailKind kind;
  };
  struct Run {
    const Zone* zone;
    std::size_t end;  // its records are refs_[previous run's end .. end)
  };

 public:
  class iterator {
   public:
    RecordRef operator*() const {
      const Packed& p = m_->refs_[i_];
      return RecordRef{m_->runs_[run_].zone, p.index, p.type, p.marks, p.kind};
    }
    iterator& operator++() {
      if (++i_ == m_->runs_[run_].end) ++run_;
      return *this;
    }
    bool operator==(const iterator& o) const { return i_ == o.i_; }

   private:
    friend class MailRecords;
    iterator(const MailRecords* m, std::size_t i, std::size_t run) : m_(m), i_(i), run_(run) {}
    const MailRecords* m_;
    std::size_t i_;    // in refs_
    std::size_t run_;  // the run of refs_[i_]
  };
  iterator begin() const { return iterator(this, 0, 0); }
  iterator end() const { return iterator(this, refs_.size(), runs_.size()); }
  std::size_t size() const { return refs_.size(); }
  // The k-th record (k < size()).
  RecordRef operator[](std::size_t k) const;

 private:
  friend const MailRecords& mail_records(const RuleContext& ctx);
  std::vector<Packed> refs_;
  std::vector<Run> runs_;  // zones without such records have none
};
const MailRecords& mail_records(const RuleContext& ctx);

// Calls f(zone, record) for each record of mail_records() of type `type`, in that order.
template <class F>
void for_each_record(const RuleContext& ctx, std::uint16_t type, F&& f) {
  for (const RecordRef& ref : mail_records(ctx))
    if (ref.type == type) f(*ref.zone, ref.record());
}

}  // namespace zl::mail
