// Every rule object, defined one per file under rules/ and listed in rules/all_rules.cpp.
#pragma once

#include "lint/rule.hpp"

namespace zl::rules {

extern const Rule kCnameAndOtherData;
extern const Rule kDuplicateRecord;
extern const Rule kIncludeTtlLeak;
extern const Rule kMissingTrailingDot;
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
extern const Rule kSpfLookupLimit;
extern const Rule kSpfLoop;
extern const Rule kSpfMultipleRecords;
extern const Rule kSpfMxLimit;
extern const Rule kSpfNotRecognized;
extern const Rule kSpfPermissiveAll;
extern const Rule kSpfPtr;
extern const Rule kSpfRecordSize;
extern const Rule kSpfRedirectIgnored;
extern const Rule kSpfRrType99;
extern const Rule kSpfSyntax;
extern const Rule kSpfTargetMissing;
extern const Rule kSpfTermsAfterAll;
extern const Rule kSpfVoidLookups;
extern const Rule kTtlInherited;
extern const Rule kTtlMissing;
extern const Rule kUnusedSuppression;

}  // namespace zl::rules
