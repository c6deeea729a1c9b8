#include "lint/baseline.hpp"

#include <algorithm>
#include <cstdint>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <sstream>
#include <tuple>

#include "model/rrtype.hpp"
#include "parse/rdata.hpp"

namespace zl {

namespace {

std::uint64_t fnv1a(std::string_view s, std::uint64_t h = 1469598103934665603ULL) {
  for (const char c : s) {
    h ^= static_cast<unsigned char>(c);
    h *= 1099511628211ULL;
  }
  return h;
}

std::string hex64(std::uint64_t v) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out(16, '0');
  for (int i = 15; i >= 0; --i) {
    out[static_cast<std::size_t>(i)] = kDigits[v & 0xf];
    v >>= 4;
  }
  return out;
}

std::string lower(std::string s) {
  for (char& c : s) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return s;
}

// A record's entry in the finding-to-record lookup: 16 bytes, as a large zone has a million of
// them (a pointer to the zone and one to the record made it 24).
struct RecordRef {
  std::uint32_t begin, end;
  std::uint32_t zone;    // index in the set's zones
  std::uint32_t record;  // index in the zone's records
};

}  // namespace

bool operator<(const BaselineEntry& a, const BaselineEntry& b) {
  return std::tie(a.rule, a.zone, a.owner, a.type, a.fingerprint) <
         std::tie(b.rule, b.zone, b.owner, b.type, b.fingerprint);
}

namespace {

// The fingerprint of each diagnostic, in order, and with `parts` what each was made of (the
// entries, in order, without their fingerprints).
std::vector<std::string> fingerprint(const ZoneSet& set, std::span<const Diagnostic> diags,
                                     std::vector<BaselineEntry>* parts) {
  // The zone each file belongs to.
  std::map<FileId, const Zone*> zone_of;
  for (const Zone& z : set.zones) {
    zone_of.emplace(z.file, &z);
    for (FileId f : z.included_files) zone_of.emplace(f, &z);
  }
  // Records by file, in offset order (stable: records at one offset in the zones' order, then
  // the records' order). Most zones are one file whose records the parser made in offset order:
  // such a zone is searched in its own records (`direct`), which saves a copy of every
  // record's span (16 MB and as much again for the sort on the 1M-record bench zone). Every
  // other file (an $INCLUDE, a file whose records several zones share, records out of order)
  // gets its sorted list of RecordRefs, as before.
  std::vector<char> in_order(set.zones.size(), 0);  // a zone whose records qualify
  std::map<FileId, unsigned> claims;                // files of such zones, and how many
  std::set<FileId> other_files;                     // files of the other zones' records
  for (std::uint32_t zi = 0; zi < set.zones.size(); ++zi) {
    const Zone& z = set.zones[zi];
    bool ok = true;
    std::uint32_t last = 0;
    for (const Record& r : z.records) {
      const Span rs = z.span(r);
      if (!rs.valid() || rs.file != z.file || rs.begin < last) {
        ok = false;
        break;
      }
      last = rs.begin;
    }
    if (ok) {
      in_order[zi] = 1;
      ++claims[z.file];
      continue;
    }
    for (const Record& r : z.records) {
      if (const Span rs = z.span(r); rs.valid()) other_files.insert(rs.file);
    }
  }
  std::map<FileId, std::uint32_t> direct;  // file -> the one zone whose records it holds
  std::map<FileId, std::vector<RecordRef>> by_file;
  for (std::uint32_t zi = 0; zi < set.zones.size(); ++zi) {
    const Zone& z = set.zones[zi];
    if (in_order[zi] && claims[z.file] == 1 && !other_files.count(z.file)) {
      direct.emplace(z.file, zi);
      continue;
    }
    for (std::uint32_t ri = 0; ri < z.records.size(); ++ri) {
      const Span rs = z.span(z.records[ri]);
      if (rs.valid()) by_file[rs.file].push_back({rs.begin, rs.end, zi, ri});
    }
  }
  for (auto& [f, v] : by_file) {
    const auto by_begin = [](const RecordRef& a, const RecordRef& b) { return a.begin < b.begin; };
    if (!std::is_sorted(v.begin(), v.end(), by_begin))
      std::stable_sort(v.begin(), v.end(), by_begin);
  }
  // The innermost record whose entry holds `span`: among the records that start at or before
  // it, the last in offset order that holds it, searched back until a record ends before it.
  const auto record_holding = [&](Span span) -> std::optional<RecordRef> {
    if (auto it = direct.find(span.file); it != direct.end()) {
      const std::uint32_t zi = it->second;
      const Zone& z = set.zones[zi];
      const auto begins_after = [&](std::uint32_t ri) {
        return span.begin < z.span(z.records[ri]).begin;
      };
      std::uint32_t lo = 0, hi = static_cast<std::uint32_t>(z.records.size());
      while (lo < hi) {  // the first record that starts after the span
        const std::uint32_t mid = lo + (hi - lo) / 2;
        if (begins_after(mid)) {
          hi = mid;
        } else {
          lo = mid + 1;
        }
      }
      while (lo != 0) {
        --lo;
        const Span rs = z.span(z.records[lo]);
        if (rs.begin <= span.begin && span.end <= rs.end)
          return RecordRef{rs.begin, rs.end, zi, lo};
        if (rs.end <= span.begin) break;
      }
      return std::nullopt;
    }
    if (auto it = by_file.find(span.file); it != by_file.end()) {
      const auto& v = it->second;
      auto pos = std::upper_bound(v.begin(), v.end(), span.begin,
                                  [](std::uint32_t b, const RecordRef& r) { return b < r.begin; });
      while (pos != v.begin()) {
        --pos;
        if (pos->begin <= span.begin && span.end <= pos->end) return *pos;
        if (pos->end <= span.begin) break;
      }
    }
    return std::nullopt;
  };
  // A finding's entry (without its fingerprint), and its key: rule, zone, owner, type and data
  // (the record's rdata or the message), each after a NUL but the first.
  const auto entry_of = [&](const Diagnostic& d, std::string& key) {
    BaselineEntry e;
    e.rule = d.rule;
    e.owner = lower(d.owner.str());
    e.type = d.type;
    std::string data;
    std::optional<RecordRef> hit;
    if (d.span.valid()) {
      if (auto z = zone_of.find(d.span.file); z != zone_of.end()) {
        e.zone = z->second->origin.canonical_text();
      }
      hit = record_holding(d.span);
    }
    if (hit) {
      const Zone& z = set.zones[hit->zone];
      const Record& r = z.records[hit->record];
      if (e.zone.empty()) e.zone = z.origin.canonical_text();
      if (e.owner.empty()) e.owner = z.owner(r).canonical_text();
      if (e.type.empty()) e.type = type_name(r.type);
      data = lower(rdata_wire_to_text(r.type, z.rdata(r)));
    } else {
      data = d.message;
    }
    key = e.rule;
    for (const std::string* part : {&e.zone, &e.owner, &e.type, &data}) {
      key += '\0';
      key += *part;
    }
    return e;
  };
  // The fingerprint is the hash of the key, a NUL and n, n counting the findings before this one
  // with the same key. FNV-1a hashes its input in order, so that is the key's hash hashed on
  // with the NUL and n: only each key's hash is kept, not the keys (a record's whole rdata
  // text each, a DKIM key's 400 bytes, for 64,000 findings on the 1M-record bench zone).
  if (parts != nullptr) parts->reserve(diags.size());
  std::vector<std::uint64_t> key_hash;
  key_hash.reserve(diags.size());
  std::string key;
  for (const Diagnostic& d : diags) {
    BaselineEntry e = entry_of(d, key);
    if (parts != nullptr) parts->push_back(std::move(e));
    key_hash.push_back(fnv1a(key));
  }
  // Equal keys have equal hashes: a finding whose key hash no other finding has is the only one
  // with its key (n = 0). The others (the same finding repeated on one record, or a collision
  // of hashes) have their keys made again and counted exactly.
  std::vector<std::uint64_t> sorted = key_hash;
  std::sort(sorted.begin(), sorted.end());
  std::map<std::string, unsigned> seen;
  std::vector<std::string> out(diags.size());
  for (std::size_t i = 0; i < diags.size(); ++i) {
    const auto same = std::equal_range(sorted.begin(), sorted.end(), key_hash[i]);
    unsigned n = 0;
    if (same.second - same.first > 1) {
      entry_of(diags[i], key);
      n = seen[key]++;
    }
    out[i] = hex64(fnv1a('\0' + std::to_string(n), key_hash[i]));
  }
  return out;
}

}  // namespace

std::vector<BaselineEntry> fingerprint_all(const ZoneSet& set, std::span<const Diagnostic> diags) {
  std::vector<BaselineEntry> entries;
  std::vector<std::string> prints = fingerprint(set, diags, &entries);
  for (std::size_t i = 0; i < entries.size(); ++i) entries[i].fingerprint = std::move(prints[i]);
  return entries;
}

std::vector<std::string> fingerprints(const ZoneSet& set, std::span<const Diagnostic> diags) {
  return fingerprint(set, diags, nullptr);
}

std::string write_baseline(std::vector<BaselineEntry> entries) {
  std::sort(entries.begin(), entries.end());
  std::set<std::string> done;
  std::string out = "{\n  \"entries\": [";
  bool first = true;
  for (const BaselineEntry& e : entries) {
    if (!done.insert(e.fingerprint).second) continue;
    const nlohmann::json j = {{"fingerprint", e.fingerprint},
                              {"owner", e.owner},
                              {"rule", e.rule},
                              {"type", e.type},
                              {"zone", e.zone}};
    out += first ? "\n    " : ",\n    ";
    out += j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    first = false;
  }
  out += first ? "],\n" : "\n  ],\n";
  out += "  \"version\": 1\n}\n";
  return out;
}

bool read_baseline(std::string_view text, std::vector<BaselineEntry>* out, std::string* error) {
  const nlohmann::json j = nlohmann::json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) {
    *error = "not a JSON object";
    return false;
  }
  if (!j.contains("version") || j["version"] != 1) {
    *error = "unsupported or missing \"version\" (expected 1)";
    return false;
  }
  if (!j.contains("entries") || !j["entries"].is_array()) {
    *error = "missing \"entries\" array";
    return false;
  }
  for (const auto& item : j["entries"]) {
    if (!item.is_object() || !item.contains("fingerprint") || !item["fingerprint"].is_string()) {
      *error = "an entry has no \"fingerprint\" string";
      return false;
    }
    BaselineEntry e;
    e.fingerprint = item["fingerprint"].get<std::string>();
    const auto str = [&](const char* k) {
      return item.contains(k) && item[k].is_string() ? item[k].get<std::string>() : std::string();
    };
    e.rule = str("rule");
    e.zone = str("zone");
    e.owner = str("owner");
    e.type = str("type");
    out->push_back(std::move(e));
  }
  return true;
}

std::size_t apply_baseline(std::vector<Diagnostic>& diags, std::vector<BaselineEntry>& entries,
                           const std::vector<BaselineEntry>& baseline,
                           const std::string& baseline_path, const SourceSet* sources,
                           FileId file) {
  std::map<std::string, bool> used;
  for (const BaselineEntry& b : baseline) used.emplace(b.fingerprint, false);
  std::vector<Diagnostic> kept_d;
  std::vector<BaselineEntry> kept_e;
  std::size_t removed = 0;
  for (std::size_t i = 0; i < diags.size(); ++i) {
    auto it = used.find(entries[i].fingerprint);
    if (it != used.end()) {
      it->second = true;
      ++removed;
      continue;
    }
    kept_d.push_back(std::move(diags[i]));
    kept_e.push_back(std::move(entries[i]));
  }
  std::vector<BaselineEntry> unused;
  for (const BaselineEntry& b : baseline) {
    auto it = used.find(b.fingerprint);
    if (it != used.end() && !it->second) {
      it->second = true;  // report a duplicated entry once
      unused.push_back(b);
    }
  }
  std::sort(unused.begin(), unused.end());
  for (const BaselineEntry& b : unused) {
    Diagnostic d;
    d.rule = kBaselineEntryUnused;
    d.severity = Severity::info;
    d.message = "baseline entry " + b.fingerprint + " (" + b.rule +
                (b.owner.empty() ? "" : " at '" + b.owner + "'") +
                (b.type.empty() ? "" : " " + b.type) + ") in '" + baseline_path +
                "' matched no finding; remove it or rewrite the baseline with --write-baseline";
    d.owner = b.owner;
    d.type = b.type;
    if (sources != nullptr && file < sources->size()) {
      // The entry's fingerprint string in the baseline file (one entry per line).
      const std::string_view text = sources->file(file).text();
      const std::size_t at = text.find('"' + b.fingerprint + '"');
      if (at != std::string_view::npos) {
        const auto begin = static_cast<std::uint32_t>(at + 1);
        d.span = Span{file, begin, static_cast<std::uint32_t>(begin + b.fingerprint.size())};
      }
    }
    BaselineEntry self;
    self.rule = d.rule;
    self.fingerprint = b.fingerprint;
    kept_d.push_back(std::move(d));
    kept_e.push_back(std::move(self));
  }
  diags = std::move(kept_d);
  entries = std::move(kept_e);
  return removed;
}

bool run_baseline(const std::string& read_path, const std::string& write_path,
                  std::vector<Diagnostic>& diags, std::vector<BaselineEntry>& entries,
                  const WriteFileFn& write, std::string* message, SourceSet* sources,
                  FileId* baseline_file) {
  if (!write_path.empty()) {
    const std::string text = write_baseline(entries);
    std::string why;
    if (!write(write_path, text, &why)) {
      *message = "cannot write baseline '" + write_path + "': " + why;
      return false;
    }
    *message =
        "wrote " + std::to_string(entries.size()) + " baseline entries to '" + write_path + "'";
    return true;
  }
  std::ifstream in(read_path, std::ios::binary);
  if (!in) {
    *message = "cannot read baseline '" + read_path + "'";
    return false;
  }
  std::ostringstream text;
  text << in.rdbuf();
  std::vector<BaselineEntry> baseline;
  std::string why;
  if (!read_baseline(text.str(), &baseline, &why)) {
    *message = "invalid baseline '" + read_path + "': " + why;
    return false;
  }
  FileId file = kNoFile;
  if (sources != nullptr) {
    file = sources->add(read_path, text.str());
    if (baseline_file != nullptr) *baseline_file = file;
  }
  apply_baseline(diags, entries, baseline, read_path, sources, file);
  return true;
}

}  // namespace zl
