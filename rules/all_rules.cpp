// The rule registry: one explicit list, sorted by id (the registry test checks the order).
#include "rules/registry.hpp"

namespace zl {

namespace {
const Rule* const kAll[] = {
    &rules::kCnameAndOtherData,
    &rules::kDkimKeyInvalid,
    &rules::kDkimKeyWeak,
    &rules::kDkimMultipleRecords,
    &rules::kDkimRevoked,
    &rules::kDkimSyntax,
    &rules::kDkimTesting,
    &rules::kDmarcMisplaced,
    &rules::kDmarcMissingPolicy,
    &rules::kDmarcMultipleRecords,
    &rules::kDmarcPolicyNone,
    &rules::kDmarcReportUnauthorized,
    &rules::kDmarcSyntax,
    &rules::kDmarcUnknownTag,
    &rules::kDmarcUriInvalid,
    &rules::kDuplicateRecord,
    &rules::kIncludeTtlLeak,
    &rules::kMailAuthMissing,
    &rules::kMailLabelTypo,
    &rules::kMailNullMxSpf,
    &rules::kMailProviderSpfMissing,
    &rules::kMissingTrailingDot,
    &rules::kMtaStsPolicyHostMissing,
    &rules::kMtaStsSyntax,
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
    &rules::kTlsrptSyntax,
    &rules::kTtlInherited,
    &rules::kTtlMissing,
    &rules::kUnusedSuppression,
};
}  // namespace

std::span<const Rule* const> all_rules() {
  return kAll;
}

}  // namespace zl
