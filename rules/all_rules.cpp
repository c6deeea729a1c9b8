// The rule registry: every rule object found under rules/ by the build (the generated
// rules/rules_list.inc), sorted by id once, on first use.
#include <algorithm>
#include <array>
#include <cstdio>
#include <cstdlib>
#include <iterator>

#include "rules/registry.hpp"

namespace zl {

namespace {

const Rule* const kListed[] = {
#define ZL_RULE(name) &rules::name,
#include "rules/rules_list.inc"
#undef ZL_RULE
};

using RuleArray = std::array<const Rule*, std::size(kListed)>;

RuleArray sorted_by_id() {
  RuleArray out;
  std::copy(std::begin(kListed), std::end(kListed), out.begin());
  std::sort(out.begin(), out.end(), [](const Rule* a, const Rule* b) { return a->id < b->id; });
  // Two rule objects with one id is a programming error that no input can cause: a binary
  // built with it stops at the first use of the registry, naming the id.
  const auto dup = std::adjacent_find(out.begin(), out.end(),
                                      [](const Rule* a, const Rule* b) { return a->id == b->id; });
  if (dup != out.end()) {
    std::fprintf(stderr, "zonelint: internal error: two rules have the id '%.*s'\n",
                 static_cast<int>((*dup)->id.size()), (*dup)->id.data());
    std::abort();
  }
  return out;
}

}  // namespace

std::span<const Rule* const> all_rules() {
  static const RuleArray kAll = sorted_by_id();
  return kAll;
}

}  // namespace zl
