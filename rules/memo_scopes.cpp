// The memos the engine frees once their users have run (lint/memo_scope.hpp), with the rules
// that use each. Listed here are the memos that hold something for many records of a large
// zone and that one family of rules uses; tests/memo_scope_test.cpp checks that no rule outside
// a scope asks for its memo. Also the order the rules run in (kRunGroups, run_order), which
// decides which memos stand over which findings.
#include <algorithm>
#include <array>
#include <cstddef>
#include <span>
#include <string_view>
#include <vector>

#include "lint/memo_scope.hpp"

namespace zl {

namespace {

using namespace std::string_view_literals;

// The DKIM key records that these rules report, with their keys judged (rules/mail/dkim_key.cpp:
// reported_dkim_keys). No memo keeps every key record parsed: dkim-syntax and dkim-testing parse
// each record as they go (mail::for_each_dkim_txt).
constexpr std::array kDkim = {"dkim-key-invalid"sv, "dkim-key-weak"sv, "dkim-revoked"sv};
// The DKIM key records of the run, found (rules/mail/dkim_key.cpp: 16 bytes a record).
constexpr std::array kDkimRecords = {"dkim-*"sv};
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
// The include trees of the SPF records walked (rules/spf: offline_walks; only the walks that are
// not quiet are kept: 0.5 MiB on the 1M-record bench zone, 15 MiB when all were): these rules
// run first of the SPF family (kRunGroups), so the walks are freed before spf-permissive-all
// makes its findings (7 MiB there).
constexpr std::array kSpfWalks = {"spf-lookup-limit"sv, "spf-loop"sv, "spf-mx-limit"sv,
                                  "spf-target-missing"sv, "spf-void-lookups"sv};
// The TXT, SPF, MX and CNAME records of the zones (rules/mail/mail_records.cpp), which the
// memos of the mail family are made from, and which a few rules sift. The SPF, MX, DMARC and
// DKIM families take their records from the zones' indexes of types: they run after these rules
// (kRunGroups), and this is freed before them (3 MiB on the 1M-record bench zone).
constexpr std::array kMailRecords = {"dmarc-misplaced"sv,    "mail-*"sv,         "mta-sts-*"sv,
                                     "spf-not-recognized"sv, "spf-rr-type-99"sv, "tlsrpt-*"sv};
// The CNAME records' targets looked up (rules/targets).
constexpr std::array kCnameTargets = {"cname-*"sv};

constexpr std::array kScopes = {
    MemoScope{"mail.dkim-records", kDkimRecords},
    MemoScope{"mail.dkim-keys", kDkim},
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
// the TXT records' list) and 7 MB of findings, MX 18 and none, DMARC 11 and 7.5, DKIM 12 and
// 15, the others little and none. In registry order (DKIM, DMARC, MX, SPF) the SPF memos stood
// over every other family's findings: +82 MB over the zone. Two families f, g in a row stand
// highest at max(F + m_f + x_f, F + x_f + m_g + x_g) (F the findings made before, m memos, x
// findings), so f goes first when m_f - x_f >= m_g - x_g: SPF and MX first, DKIM last, and
// within SPF the rules that read the walks. The peak heap is now the findings being joined
// after the rules, with no memo left (heaptrack: 402 -> 371 MB; RSS 311 -> 293 MiB).
// MX before SPF: their memos have shrunk since (session 24, 1M-record bench zone, --jobs 2:
// SPF ~10 MiB of memos and 3.4 MiB of findings, made while they stand, MX ~10 and none), so
// m - x is larger for MX; SPF first, its findings stood under the MX memos, and the MX stage
// was the peak of the rules phase (RSS 105.9 MiB there, the SPF stage 105.3).
// The rules that read mail.records (3 MiB there: the mail, MTA-STS and TLS-RPT rules,
// dmarc-misplaced, spf-not-recognized and spf-rr-type-99; few findings, small memos) run first,
// so that it is freed before the MX, SPF and DMARC stages.
//
// With several threads, the four families with large memos, the users of mail.records and the
// RRset rules are stages, run one at a time, and the other groups fill in (lint/rule_schedule.hpp).
// Each stage's first rule, its opener, runs alone on the thread that opens the stages and makes the
// family's memos there (it is listed first: mail-label-typo asks for mail.records, spf-lookup-limit
// for the five SPF memos, dmarc-missing-policy and dkim-key-invalid for their family's records). In
// the MX stage, mx-null-preference makes mx.sets and mx.records, and mx-target-no-address, which
// that thread takes next, mx.resolutions, while the other threads run the MX rules that need only
// the first two: the stage's memo time was most of the wait for it (with mx-target-no-address as
// the opener: rules phase ~5% slower). The RRset rules are a stage for the thread its memo is made
// on, not for its size (2.6 MiB on the 1M-record bench zone): made on another thread, building it
// (7.8 MiB with its scratch) grew that thread's heap, which then stayed that large, where on thread
// 0 it fits in the room the SPF memos left. duplicate-record opens it (it asks for zone.rrsets
// first).
constexpr std::array kRunGroups = {
    RunGroup{"mail-label-typo"sv, "mail"sv},
    RunGroup{"mail-*"sv, "mail"sv},
    RunGroup{"mta-sts-*"sv, "mail"sv},
    RunGroup{"tlsrpt-*"sv, "mail"sv},
    RunGroup{"dmarc-misplaced"sv, "mail"sv},
    RunGroup{"spf-not-recognized"sv, "mail"sv},
    RunGroup{"spf-rr-type-99"sv, "mail"sv},
    RunGroup{"mx-null-preference"sv, "mx"sv},
    RunGroup{"mx-target-no-address"sv, "mx"sv},
    RunGroup{"mx-*"sv, "mx"sv},
    RunGroup{"spf-lookup-limit"sv, "spf"sv},
    RunGroup{"spf-loop"sv, "spf"sv},
    RunGroup{"spf-mx-limit"sv, "spf"sv},
    RunGroup{"spf-target-missing"sv, "spf"sv},
    RunGroup{"spf-void-lookups"sv, "spf"sv},
    RunGroup{"spf-*"sv, "spf"sv},
    RunGroup{"duplicate-record"sv, "rrsets"sv},
    RunGroup{"cname-and-other-data"sv, "rrsets"sv},
    RunGroup{"rrset-ttl-mismatch"sv, "rrsets"sv},
    RunGroup{"soa-multiple"sv, "rrsets"sv},
    RunGroup{"*"sv, ""sv},
    RunGroup{"dmarc-missing-policy"sv, "dmarc"sv},
    RunGroup{"dmarc-*"sv, "dmarc"sv},
    RunGroup{"dkim-*"sv, "dkim"sv},
};

// With several threads, the rules of the stages that only thread 0 runs (right after the
// stage's opener): the rules that make many findings on a large zone (spf-permissive-all,
// dmarc-policy-none, dkim-syntax: each made ~21,000, nearly all the findings of the 1M-record
// bench zone: 3.5-5.8 MiB each), and the rules that make a stage's later memos
// (mail-auth-missing makes mail.mx-owners, mx-target-no-address mx.resolutions). Findings stand
// to the end of the run; made on thread 0 they fill the room that the stages' memos left in its
// heap, where on another thread they grew that thread's heap (lint/rule_schedule.hpp); the later
// memos stay on the thread that makes the stage's memos, while the other threads run the
// stage's other rules beside them.
constexpr std::array kThreadZero = {"spf-permissive-all"sv, "dmarc-policy-none"sv, "dkim-syntax"sv,
                                    "mail-auth-missing"sv, "mx-target-no-address"sv};

}  // namespace

std::span<const std::string_view> thread_zero_rules() {
  return kThreadZero;
}

std::span<const MemoScope> memo_scopes() {
  return kScopes;
}

std::span<const RunGroup> run_groups() {
  return kRunGroups;
}

namespace {

// Each rule's group: an index into run_groups(), or run_groups().size() for a rule that no
// group matches (no "*" listed).
std::vector<std::size_t> groups_of(std::span<const std::string_view> ids) {
  const std::span<const RunGroup> groups = run_groups();
  // A rule's group: the first pattern other than "*" that matches it, else "*".
  const auto group_of = [&](std::string_view id) {
    std::size_t rest = groups.size();
    for (std::size_t g = 0; g < groups.size(); ++g) {
      if (groups[g].rules == "*")
        rest = g;
      else if (matches_rule(groups[g].rules, id))
        return g;
    }
    return rest;
  };
  std::vector<std::size_t> group(ids.size());
  for (std::size_t i = 0; i < ids.size(); ++i) group[i] = group_of(ids[i]);
  return group;
}

}  // namespace

std::vector<std::size_t> run_order(std::span<const std::string_view> ids) {
  const std::vector<std::size_t> group = groups_of(ids);
  std::vector<std::size_t> order;
  order.reserve(ids.size());
  // A rule in no group (no "*" listed) runs last.
  for (std::size_t g = 0; g <= run_groups().size(); ++g)
    for (std::size_t i = 0; i < ids.size(); ++i)
      if (group[i] == g) order.push_back(i);
  return order;
}

RunPlan run_plan(std::span<const std::string_view> ids) {
  const std::span<const RunGroup> groups = run_groups();
  const std::vector<std::size_t> group = groups_of(ids);
  RunPlan plan;
  std::vector<std::string_view> names;  // of plan.stages
  for (const std::size_t i : run_order(ids)) {
    const std::string_view stage = group[i] < groups.size() ? groups[group[i]].stage : "";
    if (stage.empty()) {
      plan.filler.push_back(i);
      continue;
    }
    const auto s =
        static_cast<std::size_t>(std::find(names.begin(), names.end(), stage) - names.begin());
    if (s == names.size()) {
      names.push_back(stage);
      plan.stages.emplace_back();
    }
    plan.stages[s].push_back(i);
  }
  // The filler that uses none of the stages' memos first (the rules of no group): it runs on
  // the other threads while thread 0 makes the first stage's memos, and a filler rule that
  // asked for one of those would make it there, in another heap, or wait for it. (The users of
  // mail.records are a stage for that reason: as filler, they made it on another thread, and
  // the 1M-record bench zone's peak with two threads rose by 12 MiB.) (For --jobs 1 the rules of
  // no group run after the mail family: before it, the peak was 4-5 MiB higher.)
  const auto shares_a_memo = [&](std::size_t i) {
    for (const MemoScope& scope : memo_scopes()) {
      if (!uses_memo(scope, ids[i])) continue;
      for (const std::vector<std::size_t>& stage : plan.stages)
        for (const std::size_t j : stage)
          if (uses_memo(scope, ids[j])) return true;
    }
    return false;
  };
  std::stable_partition(plan.filler.begin(), plan.filler.end(),
                        [&](std::size_t i) { return !shares_a_memo(i); });
  for (const std::vector<std::size_t>& stage : plan.stages)
    for (const std::size_t i : stage)
      for (const std::string_view pattern : thread_zero_rules())
        if (matches_rule(pattern, ids[i])) {
          plan.home.push_back(i);
          break;
        }
  return plan;
}

}  // namespace zl
