// The rule registry: one explicit list, sorted by id (the registry test checks the order).
#include "rules/registry.hpp"

namespace zl {

namespace {
const Rule* const kAll[] = {
    &rules::kCnameAndOtherData,
    &rules::kDuplicateRecord,
    &rules::kIncludeTtlLeak,
    &rules::kMissingTrailingDot,
    &rules::kMxDuplicatePreference,
    &rules::kMxMissing,
    &rules::kMxNoRedundancy,
    &rules::kMxNullMixed,
    &rules::kMxNullPreference,
    &rules::kMxTargetCname,
    &rules::kMxTargetInvalid,
    &rules::kMxTargetIp,
    &rules::kMxTargetNoAddress,
    &rules::kMxWildcardOwner,
    &rules::kNsMissing,
    &rules::kOutOfZone,
    &rules::kParseError,
    &rules::kRrsetTtlMismatch,
    &rules::kSoaMissing,
    &rules::kSoaMultiple,
    &rules::kSpfLookupLimit,
    &rules::kSpfLoop,
    &rules::kSpfMultipleRecords,
    &rules::kSpfMxLimit,
    &rules::kSpfNotRecognized,
    &rules::kSpfPermissiveAll,
    &rules::kSpfPtr,
    &rules::kSpfRecordSize,
    &rules::kSpfRedirectIgnored,
    &rules::kSpfRrType99,
    &rules::kSpfSyntax,
    &rules::kSpfTargetMissing,
    &rules::kSpfTermsAfterAll,
    &rules::kSpfVoidLookups,
    &rules::kTtlInherited,
    &rules::kTtlMissing,
    &rules::kUnusedSuppression,
};
}  // namespace

std::span<const Rule* const> all_rules() {
  return kAll;
}

}  // namespace zl
