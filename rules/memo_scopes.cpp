// The memos the engine frees once their users have run (lint/memo_scope.hpp), with the rules
// that use each. Listed here are the memos that hold something for many records of a large
// zone and that one family of rules uses; tests/memo_scope_test.cpp checks that no rule outside
// a scope asks for its memo. Peak heap of a full lint of the 1M-record bench zone (heaptrack,
// --jobs 1), which stood at the SPF rules, with every earlier memo still held: see the commit.
#include <array>

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
// The SPF records parsed, and their include trees walked (rules/spf).
constexpr std::array kSpf = {"spf-*"sv};

constexpr std::array kScopes = {
    MemoScope{"mail.dkim-txt", kDkim},      MemoScope{"mail.dmarc-txt", kDmarc},
    MemoScope{"mail.mx-owners", kMail},     MemoScope{"mx.records", kMx},
    MemoScope{"mx.resolutions", kMx},       MemoScope{"mx.sets", kMx},
    MemoScope{"spf.include-targets", kSpf}, MemoScope{"spf.included-sets", kSpf},
    MemoScope{"spf.walks", kSpf},           MemoScope{"zone.rrsets", kRrsets},
};

}  // namespace

std::span<const MemoScope> memo_scopes() {
  return kScopes;
}

}  // namespace zl
