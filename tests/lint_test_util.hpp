// Builds ZoneSets for rule unit tests without the zone-file parser: one record per line,
// `owner [ttl] [IN] TYPE rdata...`, `$ORIGIN name` lines, `;` comments. The rdata goes through
// the real rdata encoder (parse/rdata.hpp), and every span points into the source text, so
// findings have real positions. Markers in a line's comment set record flags: `[[lenient]]`,
// `[[unknown]]`.
#pragma once

#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "lint/config.hpp"
#include "lint/engine.hpp"
#include "model/zone.hpp"
#include "parse/rdata.hpp"

namespace zltest {

inline std::size_t add_zone(zl::ZoneSet& set, const std::string& path, const std::string& origin,
                            std::string text, zl::InputFormat format = zl::InputFormat::zone) {
  using namespace zl;
  const FileId fid = set.sources.add(path, std::move(text));
  const SourceFile& sf = set.sources.file(fid);
  Zone z;
  z.origin = *Name::parse(origin, nullptr);
  z.file = fid;
  z.format = format;
  Name cur = z.origin;
  std::optional<Name> last_owner;
  for (std::uint32_t ln = 1; ln <= sf.line_count(); ++ln) {
    const std::string_view line = sf.line_text(ln);
    const std::uint32_t base = sf.line_start(ln);
    std::size_t end = line.size();
    bool dq = false;
    for (std::size_t i = 0; i < line.size(); ++i) {
      if (line[i] == '\\')
        ++i;
      else if (line[i] == '"')
        dq = !dq;
      else if (line[i] == ';' && !dq) {
        end = i;
        break;
      }
    }
    const std::string_view comment = line.substr(end);
    std::string_view body = line.substr(0, end);
    // Tokens with offsets.
    std::vector<std::pair<std::size_t, std::size_t>> tok;
    for (std::size_t i = 0; i < body.size();) {
      if (body[i] == ' ' || body[i] == '\t') {
        ++i;
        continue;
      }
      std::size_t j = i;
      if (body[i] == '"') {
        ++j;
        while (j < body.size() && body[j] != '"') j += body[j] == '\\' ? 2 : 1;
        ++j;
      } else {
        while (j < body.size() && body[j] != ' ' && body[j] != '\t') ++j;
      }
      tok.emplace_back(i, std::min(j, body.size()));
      i = j;
    }
    if (tok.empty()) continue;
    auto t = [&](std::size_t k) { return body.substr(tok[k].first, tok[k].second - tok[k].first); };
    auto sp = [&](std::size_t k) {
      return Span{fid, base + static_cast<std::uint32_t>(tok[k].first),
                  base + static_cast<std::uint32_t>(tok[k].second)};
    };
    if (t(0) == "$TTL") continue;
    if (t(0) == "$ORIGIN") {
      cur = *Name::parse(t(1), nullptr);
      continue;
    }
    Record r;
    std::size_t k = 0;
    const bool inherited = body[0] == ' ' || body[0] == '\t';
    Span owner_span;
    if (inherited) {
      REQUIRE(last_owner);
      r.flags |= kOwnerInherited;
      owner_span = Span{fid, base, base};
    } else {
      last_owner = t(0) == "@" ? cur : *Name::parse(t(0), &cur);
      owner_span = sp(0);
      k = 1;
    }
    const Name& owner = *last_owner;
    r.ttl = 3600;
    if (k < tok.size() && t(k)[0] >= '0' && t(k)[0] <= '9') {
      r.ttl = static_cast<std::uint32_t>(std::stoul(std::string(t(k))));
      r.flags |= kTtlExplicit;
      ++k;
    }
    if (k < tok.size() && t(k) == "IN") ++k;
    REQUIRE(k < tok.size());
    auto type = parse_type(t(k));
    REQUIRE(type);
    r.type = *type;
    const Span type_span = sp(k);
    ++k;
    std::vector<RdataToken> rtoks;
    for (std::size_t m = k; m < tok.size(); ++m) {
      std::string_view tt = t(m);
      const bool quoted = !tt.empty() && tt[0] == '"';
      if (quoted) tt = tt.substr(1, tt.size() >= 2 ? tt.size() - 2 : 0);
      rtoks.push_back(RdataToken{tt, sp(m), quoted});
    }
    Diagnostics d;
    RdataContext ctx{&cur, &d, owner.text(), Span{}};
    std::string wire;
    INFO(std::string(line));
    REQUIRE(encode_rdata(r.type, rtoks, ctx, wire));
    const Span entry{fid, base + static_cast<std::uint32_t>(tok.front().first),
                     base + static_cast<std::uint32_t>(tok.back().second)};
    z.set_entry(r, entry, owner, owner_span, type_span);
    // As the zone-file parser marks them: an escape, the length of the $ORIGIN in force.
    if (body.find('\\') != std::string_view::npos) r.flags |= kTextNotPlain;
    if (cur.label_count() != z.origin.label_count())
      r.flags |= cur.label_count() == z.origin.label_count() + 1 ? kOriginDeeper
                                                                 : kTextNotPlain | kOriginDeeper;
    if (comment.find("[[lenient]]") != std::string_view::npos) r.flags |= kLenient;
    if (comment.find("[[unknown]]") != std::string_view::npos) r.flags |= kValueUnknown;
    z.set_rdata(r, wire);
    for (std::size_t m = k; m < tok.size(); ++m) z.add_field(r, sp(m), nullptr);
    z.records.push_back(r);
  }
  z.build_index();
  set.zones.push_back(std::move(z));
  return set.zones.size() - 1;
}

// Test zones live under a directory that does not exist, so walking up finds no config file.
inline constexpr const char* kDir = "/nonexistent-zonelint-test/";

// Lints with the given command-line policy.
inline zl::LintResult run(const zl::ZoneSet& set, zl::CliPolicy cli = {}) {
  zl::Config config(std::move(cli));
  return zl::lint(set, config);
}

// "rule@line" for every finding, sorted as the engine sorts.
inline std::vector<std::string> summary(const zl::ZoneSet& set, const zl::LintResult& r) {
  std::vector<std::string> out;
  for (const auto& d : r.diagnostics)
    out.push_back(std::string(d.rule) + "@" + std::to_string(set.sources.begin_of(d.span).line));
  return out;
}

inline std::vector<std::string> only(const std::vector<std::string>& all, const std::string& rule) {
  std::vector<std::string> out;
  for (const auto& s : all)
    if (s.rfind(rule + "@", 0) == 0) out.push_back(s);
  return out;
}

}  // namespace zltest
