// BIND master-file loading: load_zone_text, the parse unit's entry point. The loader itself is
// zone_loader.hpp, with its seams in zone_loader.cpp, zone_include.cpp and zone_generate.cpp,
// the lexer in zone_lexer.cpp and TTL tracking in zone_ttl.cpp.
#include "parse/zone_parser.hpp"

#include <algorithm>

#include "parse/zone_loader.hpp"

namespace zl {

std::optional<std::size_t> load_zone_text(ZoneSet& set, const std::string& path, SourceText text,
                                          const ParseOptions& options) {
  // Spans are 32-bit byte offsets: the size cap also keeps every offset representable.
  const std::uint64_t limit = std::min<std::uint64_t>(options.limits.max_file_bytes, 0xfffffffeull);
  if (text.size() > limit) {
    const FileId id = set.sources.add(path, std::string());
    Diagnostic d;
    d.rule = kParseError;
    // The text is given whole (the loader refuses a file that a reader cut short past the
    // limit before it gets here): its length is its size.
    d.message = "file is " + std::to_string(text.size()) + " bytes, over the limit of " +
                std::to_string(limit) + " bytes per file (--max-file-bytes); it is not read";
    d.span = Span{id, 0, 0};
    set.diagnostics.add(std::move(d));
    return std::nullopt;
  }
  const FileId id = set.sources.add(path, std::move(text));
  // Parsed in its place at the end of the set's zones (taken off again when the load fails or
  // throws), not in a Zone of its own moved there afterwards: a move of the Zone (816 bytes,
  // two hash sets among its members) and the destruction of what it left, per file.
  const std::size_t at = set.zones.size();
  Zone& zone = set.zones.emplace_back();
  struct DropUnlessKept {
    ZoneSet& set;
    bool kept = false;
    ~DropUnlessKept() {
      if (!kept) set.zones.pop_back();
    }
  } drop{set};
  zone.file = id;
  zone.format = InputFormat::zone;
  {
    zone_detail::Loader loader(set, options, zone);
    if (!loader.run(id, path)) return std::nullopt;
  }
  drop.kept = true;
  return at;
}

}  // namespace zl
