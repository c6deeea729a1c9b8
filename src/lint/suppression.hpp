// Inline suppressions: comments in the linted files that turn findings off.
//
//   ; zonelint: disable=mx-no-redundancy,mx-missing -- reason   (this entry, any of its lines)
//   ; zonelint: disable-next-line=mx-target-cname -- reason     (the entry on the next line)
//   ; zonelint: disable-file=mx-missing -- reason               (the whole file and the files
//                                                                it pulls in by $INCLUDE)
//
// Zone files use `;` comments, YAML files `#` comments; JSON has no comments. The reason after
// ` -- ` is free text. Ids may be former ids (aliases).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/source.hpp"

namespace zl {

struct Suppression {
  enum class Kind : std::uint8_t { line, next_line, file };
  Kind kind = Kind::line;
  FileId file = kNoFile;
  std::uint32_t line = 0;  // 1-based line of the comment
  // Lines covered (line and next_line kinds), filled in by the engine from the entries.
  std::uint32_t first_line = 0, last_line = 0;
  struct Id {
    std::string id;  // as written
    Span span;       // the id token
    bool used = false;
  };
  std::vector<Id> ids;
  std::string reason;
  std::string error;  // non-empty: the comment says `zonelint:` but is malformed
  Span comment;       // the whole comment
};

enum class CommentStyle : std::uint8_t { zone, yaml, none };

// Finds every `zonelint:` comment of `file`.
std::vector<Suppression> scan_suppressions(const SourceFile& file, FileId id, CommentStyle style);

}  // namespace zl
