// The rule registry: one explicit list, sorted by id (the registry test checks the order).
#include "rules/registry.hpp"

namespace zl {

namespace {
const Rule* const kAll[] = {
    &rules::kAddressReserved,    &rules::kCaaSyntax,
    &rules::kCnameAndOtherData,  &rules::kCnameChain,
    &rules::kCnameLoop,          &rules::kCnameTargetMissing,
    &rules::kDuplicateRecord,    &rules::kIncludeTtlLeak,
    &rules::kMissingTrailingDot, &rules::kMxDuplicatePreference,
    &rules::kMxMissing,          &rules::kMxNoRedundancy,
    &rules::kMxNullMixed,        &rules::kMxNullPreference,
    &rules::kMxTargetCname,      &rules::kMxTargetInvalid,
    &rules::kMxTargetIp,         &rules::kMxTargetNoAddress,
    &rules::kMxWildcardOwner,    &rules::kNsGlueMissing,
    &rules::kNsMissing,          &rules::kNsNoRedundancy,
    &rules::kNsTargetCname,      &rules::kOccludedData,
    &rules::kOutOfZone,          &rules::kParseError,
    &rules::kRrsetTtlMismatch,   &rules::kSoaMissing,
    &rules::kSoaMnameInvalid,    &rules::kSoaMultiple,
    &rules::kSoaRnameInvalid,    &rules::kSoaTimers,
    &rules::kSrvOwnerFormat,     &rules::kSrvTargetCname,
    &rules::kSrvTargetNoAddress, &rules::kTargetSpecialUse,
    &rules::kTtlInherited,       &rules::kTtlMissing,
    &rules::kUnusedSuppression,
};
}  // namespace

std::span<const Rule* const> all_rules() {
  return kAll;
}

}  // namespace zl
