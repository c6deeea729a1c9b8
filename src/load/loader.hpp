// Input dispatch: detects the format of a file (zone file, octoDNS YAML or JSON, DNSControl IR,
// Route 53, Terraform plan) and loads it into the ZoneSet.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "model/zone.hpp"
#include "parse/zone_parser.hpp"

namespace zl {

enum class FormatChoice { auto_detect, zone, octodns, dnscontrol, route53, terraform };
std::optional<FormatChoice> parse_format_choice(std::string_view text);

struct LoadOptions {
  FormatChoice format = FormatChoice::auto_detect;  // --input-format
  ParseOptions parse;                               // origin, include root, limits
  std::optional<std::uint32_t> default_ttl;         // octoDNS default TTL
  // Set for files found by a directory walk (not named by the user): a .yaml/.json file in no
  // known format (package.json, a CI workflow) is skipped silently instead of being an error.
  bool skip_unknown_format = false;
  // Counts walked candidates skipped because they do not look like DNS data (when set).
  std::size_t* skipped = nullptr;
};

// Reads `path` and loads the zone(s) it defines into `set` (an octoDNS manager config loads
// every zone it points at). Problems are diagnostics in `set.diagnostics`. Returns false on
// an input problem (a missing or unreadable file, or a named file in no known format): exit
// code 2. A file that another input of the run already read (an octoDNS manager config that
// names it, another part of its split zone) is not loaded again.
bool load_file(ZoneSet& set, const std::string& path, const LoadOptions& options);

// Loads already-read content (standard input, fuzzers and tests). Returns false when the
// content is an input problem rather than DNS data (a file in no known format that was not
// found by a walk): an io-error diagnostic, exit code 2.
bool load_text(ZoneSet& set, const std::string& path, std::string text, const LoadOptions& options);

// Whether a directory walk should pick up this path by its name: *.zone, *.db, db.* (not
// db.py and other source code), *.hosts, YAML/JSON, a name like a domain or reverse zone
// (example.org, 2.0.192.in-addr.arpa), or an extensionless file under a directory named zones,
// zonefiles, bind, nsd, knot, dns, master, primary, secondary or named.
bool looks_like_input(const std::string& path);

// Whether zone-file text looks like DNS data by its first significant lines: a $ directive, or
// a record with a known type. Text with no significant line counts as DNS data.
bool looks_like_zone_text(std::string_view text);

// Adds, to every diagnostic that lies within a record of a generated input (DNSControl IR,
// Terraform plan), that record's declaration as a note: "declared in dnsconfig.js at 2:5",
// "resource module.dns.aws_route53_record.mx". The primary location stays the value in the
// file that was linted; the note is the related location. Call after the rules ran.
//
// A declaration of the zone as a whole (record == kWholeZone: the entry under `zones:` of the
// octoDNS manager config that brought the zone in) goes to the findings about the zone rather
// than one record: those in one of the zone's files that lie on none of its records (a YAML
// syntax error; an empty span at the file start always counts) or exactly on its apex name
// token (where mx-missing, ns-missing, soa-missing and mail-auth-missing point).
void add_declaration_notes(const ZoneSet& set, std::vector<Diagnostic>& diagnostics);
inline constexpr std::uint32_t kWholeZone = 0xffffffff;

// The format names --input-format accepts, for help texts: "auto, zone, octodns, ...".
std::string_view format_choices();

}  // namespace zl
