// RFC 4034 §6.2 canonical form of rdata: the one definition of which types embed domain names
// that compare without case, used wherever RRs are compared (duplicate detection, RRset
// identity) and signed (DNSSEC verification).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace zl {

// The names embedded in the wire rdata of the types RFC 4034 §6.2 lists (as corrected by
// RFC 6840 §5.1: not NSEC), lower-cased; other bytes unchanged. Malformed rdata is returned as
// is.
std::string canonical_rdata(std::uint16_t type, std::string_view rdata);

}  // namespace zl
