// The memos the engine frees once their users have run (lint/memo_scope.hpp), with the rules
// that use each. Listed here are the memos that hold something for many records of a large
// zone and that one family of rules uses; tests/memo_scope_test.cpp checks that no rule outside
// a scope asks for its memo. Also the order the rules run in (kRunGroups, run_order), which
// decides which memos stand over which findings.
#include <array>
#include <cstddef>
#include <span>
#include <string_view>
#include <vector>

#include "lint/memo_scope.hpp"

namespace zl {

namespace {

using namespace std::string_view_literals;

// Every DKIM key record of the run, parsed (rules/mail/dkim_key.cpp).
constexpr std::array kDkim = {"dkim-*"sv};
// Every DMARC record, parsed (rules/mail/mail_common.cpp).
constexpr std::array kDmarc = {"dmarc-*"sv};
// The owners of MX records (rules/mail/mail_common.cpp).
constexpr std::array kMail = {"mail-*"sv};
// The MX records decoded, grouped by owner, and their exchanges resolved (rules/mx).
constexpr std::array kMx = {"mx-*"sv};
// The RRsets of each zone (rules/zone/rrsets.cpp).
constexpr std::array kRrsets = {"cname-and-other-data"sv, "duplicate-record"sv,
                                "rrset-ttl-mismatch"sv, "soa-multiple"sv};
// The SPF records parsed (rules/spf).
constexpr std::array kSpf = {"spf-*"sv};
// The include trees of the SPF records walked (rules/spf: offline_walks), 14.5 MB on the
// 1M-record bench zone: these rules run first of the SPF family (kRunGroups), so the walks are
// freed before spf-permissive-all makes its findings (10 MB there).
constexpr std::array kSpfWalks = {"spf-lookup-limit"sv, "spf-loop"sv, "spf-mx-limit"sv,
                                  "spf-target-missing"sv, "spf-void-lookups"sv};
// The TXT, SPF, MX and CNAME records of the zones (rules/mail/mail_records.cpp), which the
// memos of the mail, SPF, MX and DMARC families are made from (the DKIM family's is not: it runs
// after them, and this is freed before).
constexpr std::array kMailRecords = {"dmarc-*"sv, "mail-*"sv, "mta-sts-*"sv,
                                     "mx-*"sv,    "spf-*"sv,  "tlsrpt-*"sv};
// The CNAME records' targets looked up (rules/targets).
constexpr std::array kCnameTargets = {"cname-*"sv};

constexpr std::array kScopes = {
    MemoScope{"mail.dkim-txt", kDkim},
    MemoScope{"mail.dmarc-txt", kDmarc},
    MemoScope{"mail.mx-owners", kMail},
    MemoScope{"mx.records", kMx},
    MemoScope{"mx.resolutions", kMx},
    MemoScope{"mx.sets", kMx},
    MemoScope{"spf.include-targets", kSpf},
    MemoScope{"spf.included-sets", kSpf},
    MemoScope{"spf.walks", kSpfWalks},
    MemoScope{"zone.rrsets", kRrsets},
    MemoScope{"spf.sets.txt", kSpf},
    MemoScope{"mail.records", kMailRecords},
    MemoScope{"targets.cname-targets", kCnameTargets},
};

// The order of the rules (run_order). What each family adds to the heap of the rules phase of
// the 1M-record bench zone (--jobs 1): its memos, then its findings: SPF 44 MB (sets, walks,
// the TXT records' list) and 10 MB of findings, MX 17 and none, DMARC 13 and 10, DKIM 12 and
// 17, the others little and none. In registry order (DKIM, DMARC, MX, SPF) the SPF memos stood
// over every other family's findings: +82 MB over the zone. Two families f, g in a row stand
// highest at max(F + m_f + x_f, F + x_f + m_g + x_g) (F the findings made before, m memos, x
// findings), so f goes first when m_f - x_f >= m_g - x_g: SPF and MX first, DKIM last, and
// within SPF the rules that read the walks. The peak heap is now the findings being joined
// after the rules, with no memo left (heaptrack: 402 -> 371 MB; RSS 311 -> 293 MiB). The
// rules of no group run between: with --jobs 2, one thread's share starts with SPF and the
// other's with those, which make no large memo (RSS 367 -> 329 MiB).
constexpr std::array kRunGroups = {"spf-lookup-limit"sv,
                                   "spf-loop"sv,
                                   "spf-mx-limit"sv,
                                   "spf-target-missing"sv,
                                   "spf-void-lookups"sv,
                                   "spf-*"sv,
                                   "mx-*"sv,
                                   "mail-*"sv,
                                   "mta-sts-*"sv,
                                   "tlsrpt-*"sv,
                                   "*"sv,
                                   "dmarc-*"sv,
                                   "dkim-*"sv};

}  // namespace

std::span<const MemoScope> memo_scopes() {
  return kScopes;
}

std::span<const std::string_view> run_groups() {
  return kRunGroups;
}

std::vector<std::size_t> run_order(std::span<const std::string_view> ids) {
  const std::span<const std::string_view> groups = run_groups();
  // A rule's group: the first pattern other than "*" that matches it, else "*".
  const auto group_of = [&](std::string_view id) {
    std::size_t rest = groups.size();
    for (std::size_t g = 0; g < groups.size(); ++g) {
      if (groups[g] == "*")
        rest = g;
      else if (matches_rule(groups[g], id))
        return g;
    }
    return rest;
  };
  std::vector<std::size_t> group(ids.size());
  for (std::size_t i = 0; i < ids.size(); ++i) group[i] = group_of(ids[i]);
  std::vector<std::size_t> order;
  order.reserve(ids.size());
  // A rule in no group (no "*" listed) runs last.
  for (std::size_t g = 0; g <= groups.size(); ++g)
    for (std::size_t i = 0; i < ids.size(); ++i)
      if (group[i] == g) order.push_back(i);
  return order;
}

}  // namespace zl
