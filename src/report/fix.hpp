// Safe automatic fixes: applying the edits of findings to a file's text, and the unified diff
// of the change (`zonelint --fix`, `--diff`). No I/O here: the CLI reads and writes the files.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/diagnostic.hpp"

namespace zl {

// The fixes of one file, applied.
struct AppliedFixes {
  std::string text;                  // the text with the applied edits
  std::vector<std::size_t> applied;  // indices (into the input) of the fixes applied
  std::vector<std::size_t> skipped;  // indices of the fixes skipped: they overlap an earlier one
  std::vector<Edit> edits;           // the edits applied, sorted by position
};

// Applies `fixes` (each one a finding's edits, all into the file whose text is `text`; each is
// applied whole or not at all) in order of position, the first fix first. A fix with an edit
// that overlaps an edit already taken (its bytes intersect them, or it inserts at the same
// place or inside them) is skipped; an edit equal to one already taken is applied once. An
// edit whose span lies outside the text skips its fix. Every byte outside the edited spans is
// kept as it was.
AppliedFixes apply_fixes(std::string_view text, const std::vector<std::vector<Edit>>& fixes);

// The unified diff (3 lines of context, as `diff -u`) of applying `edits` (sorted, not
// overlapping, as AppliedFixes::edits) to `text`, with `---`/`+++` headers naming `path`.
// "" when there is no edit. Line terminators are kept as they are (CRLF stays CRLF); a last
// line without one is followed by "\ No newline at end of file".
std::string unified_diff(std::string_view path, std::string_view text,
                         const std::vector<Edit>& edits, std::size_t context = 3);

}  // namespace zl
