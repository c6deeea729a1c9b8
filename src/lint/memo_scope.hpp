// Memos that only some rules use, and which: the engine frees such a memo once every enabled
// rule that uses it has run (RuleContext::release_memo), instead of at the end of the rules
// phase. The large memos belong to one family each (every DKIM key record parsed, for the
// dkim-* rules; every DMARC record, for the dmarc-*): kept for the whole phase, they all stood
// at once under the last rules (the SPF family's), the peak of a full lint. On the 1M-record
// bench zone they are ~45 MB of it. The rules run family after family in the order run_order
// gives, chosen so that a family's memos stand over as few findings as can be.
//
// A scope must name every rule that asks for the memo (directly or through another memo): a
// rule outside it that asked after the release would make the value again (slower, still
// right) with one thread, and could read a freed value with several. tests/memo_scope_test.cpp
// runs each rule on the rule fixtures and checks which memos it asks for against the scopes.
#pragma once

#include <cstddef>
#include <span>
#include <string_view>
#include <vector>

namespace zl {

struct MemoScope {
  std::string_view key;  // the memo's key (RuleContext::memo)
  // The rules that use it: ids, or id prefixes ending with '*' ("dkim-*").
  std::span<const std::string_view> users;
};

// Every scoped memo (rules/memo_scopes.cpp). A memo not listed is kept for the whole phase.
std::span<const MemoScope> memo_scopes();

// A group of rules (rules/memo_scopes.cpp lists them in the order they run).
struct RunGroup {
  // An id pattern as in MemoScope::users, or "*": every rule that no other group matches.
  std::string_view rules;
  // With several threads: the groups of one family with large memos share a stage name, and
  // the stages run one at a time (lint/rule_schedule.hpp); "" for the groups that fill in.
  std::string_view stage;
};

// The groups of rules in the order they run (rules/memo_scopes.cpp). See run_order, run_plan.
std::span<const RunGroup> run_groups();

// With several threads: the rules of the stages that only thread 0 runs (rules/memo_scopes.cpp:
// those that make many findings on a large zone; lint/rule_schedule.hpp says why), as id
// patterns.
std::span<const std::string_view> thread_zero_rules();

// Does `pattern` (a rule id, or an id prefix ending with '*': "dkim-*") match rule `rule_id`?
inline bool matches_rule(std::string_view pattern, std::string_view rule_id) {
  return !pattern.empty() && pattern.back() == '*'
             ? rule_id.starts_with(pattern.substr(0, pattern.size() - 1))
             : rule_id == pattern;
}

// Is rule `rule_id` one of the scope's users?
inline bool uses_memo(const MemoScope& scope, std::string_view rule_id) {
  for (const std::string_view u : scope.users)
    if (matches_rule(u, rule_id)) return true;
  return false;
}

// The order the engine runs rules `ids` (given in registry order) in, as indices into `ids`:
// group after group of run_groups(), each rule in the first group whose pattern matches it
// (registry order within a group). The findings do not
// depend on it (each rule writes its own slot; they are joined in registry order), but the
// peak memory does: what stands at any time is the findings made so far plus the memos of the
// rules running (those of a family are freed after its last rule, see memo_scopes), so the
// families whose memos are large run when few findings are made, and the one whose findings
// are the most runs last (rules/memo_scopes.cpp).
std::vector<std::size_t> run_order(std::span<const std::string_view> ids);

// The same order cut for several threads (lint/rule_schedule.hpp): the rules of each stage
// (the groups with that stage name, in the order of run_order; stages in the order they first
// appear), and the filler, every other rule: those that use no memo a stage's rule uses too
// first, then the others, each part in the order of run_order.
// `home`: the rules of the stages that thread 0 runs itself (thread_zero_rules), as indices.
struct RunPlan {
  std::vector<std::vector<std::size_t>> stages;
  std::vector<std::size_t> filler;
  std::vector<std::size_t> home;
};
RunPlan run_plan(std::span<const std::string_view> ids);

}  // namespace zl
