// Every rule object, defined one per file under rules/ and listed in rules/all_rules.cpp.
#pragma once

#include "lint/rule.hpp"

namespace zl::rules {

extern const Rule kAddressReserved;
extern const Rule kCaaSyntax;
extern const Rule kCnameAndOtherData;
extern const Rule kCnameChain;
extern const Rule kCnameLoop;
extern const Rule kCnameTargetMissing;
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
extern const Rule kNsGlueMissing;
extern const Rule kNsMissing;
extern const Rule kNsNoRedundancy;
extern const Rule kNsTargetCname;
extern const Rule kOccludedData;
extern const Rule kOutOfZone;
extern const Rule kParseError;
extern const Rule kRrsetTtlMismatch;
extern const Rule kSoaMissing;
extern const Rule kSoaMnameInvalid;
extern const Rule kSoaMultiple;
extern const Rule kSoaRnameInvalid;
extern const Rule kSoaTimers;
extern const Rule kSrvOwnerFormat;
extern const Rule kSrvTargetCname;
extern const Rule kSrvTargetNoAddress;
extern const Rule kTargetSpecialUse;
extern const Rule kTtlInherited;
extern const Rule kTtlMissing;
extern const Rule kUnusedSuppression;

}  // namespace zl::rules
