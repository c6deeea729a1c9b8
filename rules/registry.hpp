// Every rule object, defined one per file under rules/ and listed in rules/all_rules.cpp.
#pragma once

#include "lint/rule.hpp"

namespace zl::rules {

extern const Rule kCnameAndOtherData;
extern const Rule kDkimKeyInvalid;
extern const Rule kDkimKeyWeak;
extern const Rule kDkimMultipleRecords;
extern const Rule kDkimRevoked;
extern const Rule kDkimSyntax;
extern const Rule kDkimTesting;
extern const Rule kDmarcMisplaced;
extern const Rule kDmarcMissingPolicy;
extern const Rule kDmarcMultipleRecords;
extern const Rule kDmarcPolicyNone;
extern const Rule kDmarcReportUnauthorized;
extern const Rule kDmarcSyntax;
extern const Rule kDmarcUnknownTag;
extern const Rule kDmarcUriInvalid;
extern const Rule kDuplicateRecord;
extern const Rule kIncludeTtlLeak;
extern const Rule kMailAuthMissing;
extern const Rule kMailLabelTypo;
extern const Rule kMailNullMxSpf;
extern const Rule kMailProviderSpfMissing;
extern const Rule kMissingTrailingDot;
extern const Rule kMtaStsPolicyHostMissing;
extern const Rule kMtaStsSyntax;
extern const Rule kMxDuplicatePreference;
extern const Rule kMxMissing;
extern const Rule kMxNoRedundancy;
extern const Rule kMxNullMixed;
extern const Rule kMxNullPreference;
extern const Rule kMxTargetCname;
extern const Rule kMxTargetInvalid;
extern const Rule kMxTargetIp;
extern const Rule kMxTargetNoAddress;
extern const Rule kMxWildcardOwner;
extern const Rule kNsMissing;
extern const Rule kOutOfZone;
extern const Rule kParseError;
extern const Rule kRrsetTtlMismatch;
extern const Rule kSoaMissing;
extern const Rule kSoaMultiple;
extern const Rule kTlsrptSyntax;
extern const Rule kTtlInherited;
extern const Rule kTtlMissing;
extern const Rule kUnusedSuppression;

}  // namespace zl::rules
