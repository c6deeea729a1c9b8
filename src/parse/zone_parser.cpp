// BIND master-file loading: load_zone_text, the parse unit's entry point. The loader itself is
// zone_loader.hpp, with its seams in zone_loader.cpp, zone_include.cpp and zone_generate.cpp,
// the lexer in zone_lexer.cpp and TTL tracking in zone_ttl.cpp.
#include "parse/zone_parser.hpp"

#include "parse/zone_loader.hpp"

namespace zl {

std::optional<std::size_t> load_zone_text(ZoneSet& set, const std::string& path, std::string text,
                                          const ParseOptions& options) {
  if (text.size() > options.limits.max_file_bytes || text.size() >= 0xffffffffull) {
    const std::size_t bytes = text.size();
    const FileId id = set.sources.add(path, std::string());
    Diagnostic d;
    d.rule = std::string(kParseError);
    // Readers stop one byte past the limit (filesystem_reader), so limit + 1 bytes says only
    // that the file is longer. The location names the file (standard input is refused before
    // it gets here, by the command line).
    const std::uint64_t limit = options.limits.max_file_bytes;
    d.message = bytes == limit + 1
                    ? "file is longer than " + std::to_string(limit) + " bytes, the limit per file"
                    : "file is " + std::to_string(bytes) + " bytes, over the limit of " +
                          std::to_string(limit) + " bytes per file";
    d.message += " (--max-file-bytes); it is not read";
    d.span = Span{id, 0, 0};
    set.diagnostics.add(std::move(d));
    return std::nullopt;
  }
  const FileId id = set.sources.add(path, std::move(text));
  Zone zone;
  zone.file = id;
  zone.format = InputFormat::zone;
  zone_detail::Loader loader(set, options, zone);
  if (!loader.run(id, path)) return std::nullopt;
  set.zones.push_back(std::move(zone));
  return set.zones.size() - 1;
}

}  // namespace zl
