// Memos that only some rules use, and which: the engine frees such a memo once every enabled
// rule that uses it has run (RuleContext::release_memo), instead of at the end of the rules
// phase. The rules run in id order, and the large memos belong to one family each (every DKIM
// key record parsed, for the dkim-* rules; every DMARC record, for the dmarc-*): kept for the
// whole phase, they all stood at once under the last rules (the SPF family's), the peak of a
// full lint. On the 1M-record bench zone they are ~45 MB of it.
//
// A scope must name every rule that asks for the memo (directly or through another memo): a
// rule outside it that asked after the release would make the value again (slower, still
// right) with one thread, and could read a freed value with several. tests/memo_scope_test.cpp
// runs each rule on the rule fixtures and checks which memos it asks for against the scopes.
#pragma once

#include <span>
#include <string_view>

namespace zl {

struct MemoScope {
  std::string_view key;  // the memo's key (RuleContext::memo)
  // The rules that use it: ids, or id prefixes ending with '*' ("dkim-*").
  std::span<const std::string_view> users;
};

// Every scoped memo (rules/memo_scopes.cpp). A memo not listed is kept for the whole phase.
std::span<const MemoScope> memo_scopes();

// Is rule `rule_id` one of the scope's users?
inline bool uses_memo(const MemoScope& scope, std::string_view rule_id) {
  for (const std::string_view u : scope.users) {
    if (!u.empty() && u.back() == '*' ? rule_id.starts_with(u.substr(0, u.size() - 1))
                                      : rule_id == u)
      return true;
  }
  return false;
}

}  // namespace zl
