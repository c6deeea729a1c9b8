// Shared machinery of the DNS-as-code front ends (internal to src/load).
//
// Every front end turns its values into rdata tokens and hands them to the one RDATA grammar
// (parse/rdata.hpp): text values (Route 53 "10 mail.example.com", Terraform records strings)
// through tokenize_rdata with positions mapped back into the file; structured values (octoDNS
// MX dicts, Azure `record` blocks) as tokens built here, one per field, each pointing at its
// YAML/JSON value. Fields are added in token order, so field i of an MX record is what it is
// for a zone file (0 = preference, 1 = exchange).
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "load/json_reader.hpp"
#include "load/loader.hpp"
#include "model/zone.hpp"
#include "parse/rdata.hpp"

namespace zl::load {

// The file of the set that is `path` (same canonical path) and was read on its own, not by
// $INCLUDE: by the command line, the walk, an octoDNS manager config or a split zone. kNoFile
// when none.
FileId file_read_before(const ZoneSet& set, const std::string& path);

// A parse-error (or other) diagnostic at `span`.
void report(ZoneSet& set, Span span, std::string_view message, std::string_view owner = {},
            std::string_view type = {}, Severity severity = Severity::error,
            std::string_view rule = kParseError);

// One rdata token owned by the front end. `text` is in zone-file presentation syntax (for
// quoted tokens: the content between the quotes, escapes included).
struct Token {
  std::string text;
  Span span;
  bool quoted = false;
};

// A token for a name or a number written as a structured value: the text goes to the RDATA
// grammar as one unquoted token (an empty text becomes a quoted empty token, which the grammar
// reports at `span`).
Token plain_token(std::string_view value, Span span);
// A token for a character-string (TXT, CAA value, NAPTR fields): quoted, with `"`, `\` and
// non-printable bytes escaped, so the bytes of `value` are exactly what ends up on the wire.
Token string_token(std::string_view value, Span span);
// TXT text as DNS-as-code tools take it (one string of any length): character-strings of at
// most 255 octets, split the way octoDNS, DNSControl and the providers split long values.
std::vector<Token> chunked_string_tokens(std::string_view value, Span span);

// Collects records for one zone and appends it to the set.
class ZoneBuilder {
 public:
  ZoneBuilder(ZoneSet& set, Name origin, FileId file, InputFormat format);

  Zone& zone() { return zone_; }

  struct Entry {
    Name owner;
    Span owner_span;
    std::uint16_t type = 0;
    Span type_span;
    std::uint32_t ttl = 0;
    std::uint8_t flags = 0;
    Span span;  // the whole record (a YAML mapping, a JSON object)
  };

  // Encodes `tokens` as rdata of e.type and adds the record. Relative names in the rdata are
  // completed with `relative_origin` (nullptr: relative names are an error). On an rdata
  // error the grammar has reported it and nothing is added; returns false.
  bool add(const Entry& e, const std::vector<Token>& tokens, const Name* relative_origin);
  // Same for rdata text (a Route 53 value, a Terraform records string): tokenized by the zone
  // grammar; `value_span` is the text's span, `exact` whether the text is a verbatim slice of
  // the source there (then each token gets its own span).
  bool add_text(const Entry& e, std::string_view text, Span value_span, bool exact,
                const Name* relative_origin);
  // A record whose value is not known until apply (Terraform): it exists, with flag
  // kValueUnknown and no rdata or fields, so no rule can use its value.
  void add_unknown(const Entry& e);
  // Where the record that was added last was declared in the generating source.
  void set_origin_note(Note note);

  // Builds the indexes and appends the zone to the set; returns its index.
  std::size_t finish();

 private:
  bool add_tokens(const Entry& e, std::span<const RdataToken> tokens, const Name* relative_origin);
  ZoneSet& set_;
  Zone zone_;
};

// The span of a JSON value or key in `file`.
inline Span span_of(FileId file, const json::Value& v) {
  return Span{file, v.begin, v.end};
}
inline Span key_span(FileId file, const json::Member& m) {
  return Span{file, m.key_begin, m.key_end};
}
// The content of a JSON string value: inside the quotes when it is verbatim, else the whole
// token.
Span content_span(FileId file, const json::Value& v);

// Decodes Route 53's \ooo octal escapes in a DNS name to presentation format (\DDD decimal
// escapes where a byte needs escaping, the plain character otherwise).
std::string route53_name_to_presentation(std::string_view name);

// An unsigned integer value in [0, max] from a JSON value (a number, or a decimal string when
// `allow_string`). Reports a located error naming `what` and returns nullopt otherwise.
std::optional<std::uint64_t> json_uint(ZoneSet& set, FileId file, const json::Value& v,
                                       std::uint64_t max, std::string_view what,
                                       bool allow_string = false);

// Front ends. Each reads `text` (already registered as `file` in set.sources).
void load_octodns_yaml(ZoneSet& set, FileId file, const LoadOptions& options);
void load_octodns_json(ZoneSet& set, FileId file, const json::Value& doc,
                       const LoadOptions& options);
void load_dnscontrol(ZoneSet& set, FileId file, const json::Value& doc, const LoadOptions& options);
void load_route53(ZoneSet& set, FileId file, const json::Value& doc, const LoadOptions& options);
void load_terraform(ZoneSet& set, FileId file, const json::Value& doc, const LoadOptions& options);

// Shape tests used by detection (top-level keys).
bool is_dnscontrol_ir(const json::Value& doc);
bool is_route53(const json::Value& doc);
bool is_terraform_plan(const json::Value& doc);
bool is_octodns_json(const json::Value& doc);

}  // namespace zl::load
