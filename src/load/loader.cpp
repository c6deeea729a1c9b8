// Input dispatch: reads a file, decides which front end reads it, and hands it over.
//
// Detection order: an explicit --input-format wins; else a `.json` file (or content that
// starts with `{`) is one of the JSON formats, decided by its top-level keys; a `.yaml`/
// `.yml` file is octoDNS (zone file or manager config); anything else is a zone file.
#include "load/loader.hpp"

#include <algorithm>
#include <array>
#include <cctype>

namespace zl {

namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

std::string base_name(const std::string& path) {
  const auto slash = path.find_last_of('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

// First byte that is not whitespace (or a UTF-8 byte order mark).
char first_significant(std::string_view text) {
  std::size_t i = 0;
  if (text.substr(0, 3) == "\xEF\xBB\xBF") i = 3;
  for (; i < text.size(); ++i) {
    const char c = text[i];
    if (c != ' ' && c != '\t' && c != '\r' && c != '\n') return c;
  }
  return '\0';
}

}  // namespace

std::optional<FormatChoice> parse_format_choice(std::string_view text) {
  const std::string t = lower(text);
  if (t == "auto") return FormatChoice::auto_detect;
  if (t == "zone" || t == "bind") return FormatChoice::zone;
  if (t == "octodns") return FormatChoice::octodns;
  if (t == "dnscontrol") return FormatChoice::dnscontrol;
  if (t == "route53") return FormatChoice::route53;
  if (t == "terraform") return FormatChoice::terraform;
  return std::nullopt;
}

bool looks_like_input(const std::string& file_name) {
  const std::string name = lower(base_name(file_name));
  if (name.empty() || name == ".zonelint.yaml" || name == ".zonelint.yml") return false;
  static constexpr std::array<std::string_view, 6> kSuffixes = {".zone", ".db",   ".yaml",
                                                                ".yml",  ".json", ".hosts"};
  for (auto s : kSuffixes) {
    if (ends_with(name, s) && name.size() > s.size()) return true;
  }
  return name.starts_with("db.") && name.size() > 3;
}

bool load_file(ZoneSet& set, const std::string& path, const LoadOptions& options) {
  const FileReader reader = options.parse.reader ? options.parse.reader : filesystem_reader();
  std::string error;
  std::optional<std::string> text = reader(path, &error);
  if (!text) {
    // Registered as an empty source so the diagnostic has a location every reporter can show.
    const FileId file = set.sources.add(path, std::string());
    Diagnostic d;
    d.rule = "io-error";
    d.severity = Severity::error;
    d.message = "cannot read '" + path + "': " + error;
    d.span = Span{file, 0, 0};
    set.diagnostics.add(std::move(d));
    return false;
  }
  load_text(set, path, std::move(*text), options);
  return true;
}

void load_text(ZoneSet& set, const std::string& path, std::string text,
               const LoadOptions& options) {
  FormatChoice format = options.format;
  const std::string name = lower(base_name(path));
  const bool json_ext = ends_with(name, ".json");
  const bool yaml_ext = ends_with(name, ".yaml") || ends_with(name, ".yml");

  if (format == FormatChoice::zone || (format == FormatChoice::auto_detect && !json_ext &&
                                       !yaml_ext && first_significant(text) != '{')) {
    load_zone_text(set, path, std::move(text), options.parse);
    return;
  }
  // The DNS-as-code front ends land next; until then say so at the file instead of guessing.
  const FileId file = set.sources.add(path, std::move(text));
  Diagnostic d;
  d.rule = std::string(kParseError);
  d.message = "DNS-as-code input (octoDNS, DNSControl, Route 53, Terraform) is not supported yet";
  d.span = Span{file, 0, 0};
  set.diagnostics.add(std::move(d));
}

}  // namespace zl
