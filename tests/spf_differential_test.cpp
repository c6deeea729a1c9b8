// SPF differential test against pyspf (Debian's python3-spf, the reference evaluator).
//
// For every SPF fixture and for the records of a seeded generator, each SPF record of the loaded
// zones is evaluated by pyspf over the same zone data (tests/spf_oracle.py serves the loaded
// zones' records through pyspf's DNS hook; names outside the loaded zones answer as a benign
// domain, see there) for a few senders that no record lists:
//   - where pyspf says permerror for every sender, zonelint must report an error-severity
//     spf-* finding in the record's include/redirect tree;
//   - where pyspf never says permerror, zonelint must not.
// spf-permissive-all is a policy error, not a permerror, and does not take part.
//
// Known divergences, where zonelint follows RFC 7208 and pyspf does not. D1 to D3 are
// recognised from pyspf's reason and the shape of the records, and counted (the test prints the
// figures when it fails); any other disagreement fails the test.
//   D1 redirect next to all: pyspf counts the `redirect=` lookup while parsing the record, even
//      when it has an `all` term and the redirect is never evaluated (RFC 7208 §6.1: "any
//      redirect modifier MUST be ignored" then). With 10 other lookups that is a permerror for
//      pyspf only.
//   D2 void lookups zonelint does not count: pyspf counts every empty DNS answer, including the
//      address lookups of the hosts an `mx` term finds, the reverse lookups of `ptr`, and
//      names built from the sender's macros that happen not to exist for the test's senders.
//      RFC 7208 §4.6.4 limits the terms whose query comes back empty; zonelint counts a term's
//      own query, and a sender-dependent name only when no expansion of it can exist (nothing
//      below its fixed part), since an `exists:%{i}._spf.%{d}` is void for unlisted senders by
//      design.
//   D3 a repeated unknown modifier (`moo= moo=`): pyspf's strict mode says permerror for any
//      modifier that appears twice; RFC 7208 §6 says so only for redirect and exp, and
//      "Unrecognized modifiers MUST be ignored no matter where, or how often, they appear".
// Where zonelint reports less than an error, by design, and so never disagrees on permerror:
//   - a term glued at a join that stays valid (`include:a.example.cominclude:b.example.com`) is
//     a spf-syntax warning: pyspf does not see joins;
//   - a zero digit transformer (`%{d0}`, "MUST be nonzero", RFC 7208 §7.3) is a spf-syntax
//     warning: pyspf uses all labels, so receivers differ;
//   - void lookups over 2 for one address family only are not reported (see spf-void-lookups).
#include <catch2/catch.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "lint/config.hpp"
#include "lint/context.hpp"
#include "lint/engine.hpp"
#include "load/loader.hpp"
#include "model/txt.hpp"
#include "rules/spf/spf_record.hpp"

namespace fs = std::filesystem;
namespace spf = zl::spf;

namespace {

const char* const kSenders[] = {"203.0.113.200", "198.18.7.7", "2001:db8:ffff::200"};

std::string hex(std::string_view s) {
  static const char* d = "0123456789abcdef";
  std::string out;
  for (unsigned char c : s) {
    out += d[c >> 4];
    out += d[c & 15];
  }
  return out;
}

struct Verdict {
  std::string where;  // fixture or generated record
  std::string domain;
  bool zl_error = false;
  std::string zl_rules;
  std::string record;
  bool redirect_next_to_all = false;    // some record of the tree has both (D1)
  bool sender_dependent_voids = false;  // ptr, mx or sender macros in the tree (D2)
};

// One run: a loaded ZoneSet, linted; its JSON case for the oracle and zonelint's verdicts.
// NOLINTNEXTLINE(bugprone-exception-escape): the implicit moves of nlohmann::json and vector
struct RunData {
  std::unique_ptr<zl::ZoneSet> set;
  nlohmann::json oracle_case;
  std::vector<Verdict> verdicts;
};

nlohmann::json dump_records(const zl::ZoneSet& set) {
  nlohmann::json recs = nlohmann::json::object();
  for (const zl::Zone& z : set.zones) {
    for (const zl::Record& r : z.records) {
      if (r.has(zl::kValueUnknown) || !z.owner(r).is_subdomain_of(z.origin)) continue;
      const std::string owner = z.owner(r).canonical_text();
      char buf[64];
      switch (r.type) {
        case zl::rrtype::TXT:
          if (auto j = zl::join_txt(z, r, set.sources))
            recs[owner]["TXT"].push_back(hex(j->text()));
          break;
        case zl::rrtype::A:
          if (auto a = zl::as_a(z, r)) {
            std::snprintf(buf, sizeof buf, "%u.%u.%u.%u", a->addr[0], a->addr[1], a->addr[2],
                          a->addr[3]);
            recs[owner]["A"].push_back(buf);
          }
          break;
        case zl::rrtype::AAAA:
          if (auto a = zl::as_aaaa(z, r)) {
            std::string s;
            for (int i = 0; i < 16; i += 2) {
              std::snprintf(buf, sizeof buf, "%s%x", i ? ":" : "",
                            (a->addr[i] << 8) | a->addr[i + 1]);
              s += buf;
            }
            recs[owner]["AAAA"].push_back(s);
          }
          break;
        case zl::rrtype::MX:
          if (auto m = zl::as_mx(z, r))
            recs[owner]["MX"].push_back(
                nlohmann::json::array({m->preference, m->exchange.canonical_text()}));
          break;
        case zl::rrtype::CNAME:
          if (auto c = zl::as_name_target(z, r))
            recs[owner]["CNAME"].push_back(c->target.canonical_text());
          break;
        default:
          break;
      }
    }
  }
  return recs;
}

bool permerror_class(const zl::Diagnostic& d) {
  return d.rule.rfind("spf-", 0) == 0 && d.severity == zl::Severity::error &&
         d.rule != "spf-permissive-all";
}

RunData analyse(std::unique_ptr<zl::ZoneSet> set, const std::string& where) {
  RunData out;
  zl::Config config(zl::CliPolicy{});
  const zl::LintResult result = zl::lint(*set, config);
  std::vector<const zl::Zone*> zones;
  for (const auto& z : set->zones) zones.push_back(&z);
  zl::RuleContext ctx(*set, zones);
  nlohmann::json domains = nlohmann::json::array();
  nlohmann::json origins = nlohmann::json::array();
  for (const auto& z : set->zones) origins.push_back(z.origin.canonical_text());
  for (const auto& s : spf::spf_sets(ctx)) {
    Verdict v;
    v.where = where;
    v.domain = s.owner.canonical_text();
    v.record = s.records.front().text();
    std::set<std::string> tree{v.domain};
    std::vector<const spf::ParsedSpf*> parsed{&s.records.front().parsed};
    std::vector<std::string> texts{std::string(s.records.front().text())};
    spf::Walk w;
    if (s.records.size() == 1) {
      w = spf::walk(ctx, s.records.front(), zl::Name(s.owner));
      for (const auto& m : w.missing) tree.insert(m.target.canonical_text());
      for (const auto& n : w.nodes) {
        tree.insert(n.domain.canonical_text());
        parsed.push_back(&n.parsed());
        texts.emplace_back(n.text());
      }
    }
    for (const auto* p : parsed)
      v.redirect_next_to_all = v.redirect_next_to_all || (p->redirect >= 0 && p->first_all >= 0);
    for (const auto& t : spf::parse(v.record).terms)
      v.sender_dependent_voids = v.sender_dependent_voids || t.kind == spf::Kind::ptr;
    for (const auto& text : texts) {
      for (const auto& t : spf::parse(text).terms) {
        const std::string_view arg(text.data() + t.arg_begin, t.arg_end - t.arg_begin);
        bool sender_macro = false;
        for (const char* m : {"%{i", "%{l", "%{s", "%{o", "%{h", "%{p", "%{v", "%{I", "%{L", "%{S",
                              "%{O", "%{H", "%{P", "%{V"})
          sender_macro = sender_macro || arg.find(m) != std::string_view::npos;
        v.sender_dependent_voids = v.sender_dependent_voids || t.kind == spf::Kind::ptr ||
                                   t.kind == spf::Kind::mx || sender_macro;
      }
    }
    for (const auto& d : result.diagnostics) {
      if (!permerror_class(d) || !tree.count(d.owner.str())) continue;
      v.zl_error = true;
      v.zl_rules += std::string(d.rule) + " (" + d.message + "); ";
    }
    domains.push_back(v.domain);
    out.verdicts.push_back(std::move(v));
  }
  out.oracle_case = {{"zones", origins},
                     {"records", dump_records(*set)},
                     {"domains", domains},
                     {"senders", kSenders}};
  out.set = std::move(set);
  return out;
}

// Runs the oracle over all cases at once; returns, per case, domain -> results.
std::vector<std::map<std::string, std::vector<std::string>>> oracle(const nlohmann::json& cases) {
  const fs::path in =
      fs::temp_directory_path() / ("zonelint-spf-oracle-" + std::to_string(::getpid()) + ".json");
  {
    std::ofstream f(in);
    f << cases.dump();
  }
  const std::string script = std::string(ZONELINT_FIXTURES_DIR) + "/../tests/spf_oracle.py";
  const std::string cmd = "/usr/bin/python3 " + script + " " + in.string();
  std::string output;
  if (FILE* p = ::popen(cmd.c_str(), "r")) {
    char buf[65536];
    std::size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) output.append(buf, n);
    ::pclose(p);
  }
  fs::remove(in);
  std::vector<std::map<std::string, std::vector<std::string>>> out;
  const auto j = nlohmann::json::parse(output, nullptr, false);
  if (!j.is_array()) return out;
  for (const auto& c : j) out.push_back(c.get<std::map<std::string, std::vector<std::string>>>());
  return out;
}

bool have_pyspf() {
  return std::system("/usr/bin/python3 -c 'import spf' >/dev/null 2>&1") == 0;
}

// ---- Known divergences ------------------------------------------------------------------------

bool says(const std::vector<std::string>& results, std::string_view reason) {
  for (const auto& r : results)
    if (r.find(reason) != std::string::npos) return true;
  return false;
}

// D3: pyspf's "NAME= MUST appear at most once" for a modifier other than redirect and exp.
bool repeated_unknown_modifier(const std::vector<std::string>& results) {
  static constexpr std::string_view kTail = "= MUST appear at most once";
  for (const auto& r : results) {
    const std::size_t at = r.find(kTail);
    if (at == std::string::npos) continue;
    const std::size_t start = r.find_last_of(" :'\"[(", at);
    const std::string_view name =
        std::string_view(r).substr(start == std::string::npos ? 0 : start + 1,
                                   at - (start == std::string::npos ? 0 : start + 1));
    if (name != "redirect" && name != "exp") return true;
  }
  return false;
}

struct Tally {
  std::size_t records = 0, agree = 0, d1 = 0, d2 = 0, d3 = 0, all_perm = 0, never_perm = 0;
  std::vector<std::string> failures;
};

void compare(const std::vector<RunData>& runs, Tally& t) {
  nlohmann::json cases = nlohmann::json::array();
  for (const auto& r : runs) cases.push_back(r.oracle_case);
  const auto results = oracle(cases);
  REQUIRE(results.size() == runs.size());
  for (std::size_t i = 0; i < runs.size(); ++i) {
    for (const auto& v : runs[i].verdicts) {
      const auto it = results[i].find(v.domain);
      REQUIRE(it != results[i].end());
      std::size_t perm = 0;
      std::string said;
      for (const auto& r : it->second) {
        perm += r.rfind("permerror", 0) == 0 ? 1 : 0;
        said += "[" + r + "] ";
      }
      const bool all = perm == it->second.size();
      const bool none = perm == 0;
      ++t.records;
      t.all_perm += all ? 1 : 0;
      t.never_perm += none ? 1 : 0;
      const bool missed = all && !v.zl_error;
      const bool extra = none && v.zl_error;
      if (!missed && !extra) {
        ++t.agree;
        continue;
      }
      if (missed && v.redirect_next_to_all && says(it->second, "Too many DNS lookups")) {
        ++t.d1;
        continue;
      }
      if (missed && v.sender_dependent_voids && says(it->second, "Void lookup limit")) {
        ++t.d2;
        continue;
      }
      if (missed && repeated_unknown_modifier(it->second)) {
        ++t.d3;
        continue;
      }
      t.failures.push_back(v.where + ": " + v.domain + " '" + v.record + "': pyspf says " + said +
                           "; zonelint " +
                           (v.zl_error ? "reports " + v.zl_rules : "reports no error"));
    }
  }
}

}  // namespace

TEST_CASE("spf differential: the SPF fixtures agree with pyspf on permerror") {
  if (!have_pyspf()) {
    WARN("python3-spf is not installed: skipped");
    return;
  }
  const fs::path root = fs::path(ZONELINT_FIXTURES_DIR) / "rules";
  std::vector<RunData> runs;
  std::vector<fs::path> dirs;
  for (const auto& e : fs::directory_iterator(root))
    if (e.is_directory() && e.path().filename().string().rfind("spf-", 0) == 0)
      dirs.push_back(e.path());
  std::sort(dirs.begin(), dirs.end());
  for (const auto& dir : dirs) {
    std::vector<fs::path> entries;
    for (const auto& e : fs::directory_iterator(dir)) entries.push_back(e.path());
    std::sort(entries.begin(), entries.end());
    for (const auto& p : entries) {
      std::vector<fs::path> inputs;
      auto is_input = [](const fs::path& f) {
        const auto ext = f.extension().string();
        return f.filename().string()[0] != '.' &&
               (ext == ".zone" || ext == ".yaml" || ext == ".yml" || ext == ".json");
      };
      if (fs::is_directory(p)) {
        for (const auto& e : fs::recursive_directory_iterator(p))
          if (e.is_regular_file() && is_input(e.path())) inputs.push_back(e.path());
        std::sort(inputs.begin(), inputs.end());
      } else if (is_input(p)) {
        inputs.push_back(p);
      }
      if (inputs.empty()) continue;
      const auto load = [&](const std::vector<fs::path>& files) {
        auto set = std::make_unique<zl::ZoneSet>();
        zl::Config config(zl::CliPolicy{});
        for (const auto& in : files) {
          const zl::Settings& s = config.for_file(in.string());
          zl::LoadOptions opts;
          if (s.origin) opts.parse.origin = zl::Name::parse(*s.origin, nullptr);
          opts.parse.include_root = dir.string();
          zl::load_file(*set, in.string(), opts);
        }
        return set;
      };
      auto set = load(inputs);
      // Two copies of one zone (split-horizon views: fixtures <rule>/two-copies) are no one DNS
      // that pyspf could query: zonelint judges each copy by its own records, so each file is
      // compared with the oracle as a run of its own.
      std::set<std::string> origins;
      bool copies = false;
      for (const auto& z : set->zones)
        copies = !origins.insert(z.origin.canonical_text()).second || copies;
      if (!copies) {
        runs.push_back(analyse(std::move(set), p.string()));
        continue;
      }
      for (const auto& in : inputs) runs.push_back(analyse(load({in}), in.string()));
    }
  }
  Tally t;
  compare(runs, t);
  INFO("records " << t.records << ", agree " << t.agree << ", D1 " << t.d1 << ", D2 " << t.d2
                  << ", D3 " << t.d3 << ", pyspf permerror for every sender " << t.all_perm
                  << ", never " << t.never_perm);
  for (const auto& f : t.failures) UNSCOPED_INFO(f);
  CHECK(t.failures.empty());
  CHECK(t.records > 50);
  CHECK(t.all_perm > 10);
}

namespace {

// A seeded generator of SPF records over a fixed zone.
class Generator {
 public:
  explicit Generator(std::uint32_t seed) : rng_(seed) {}

  std::string record() {
    std::string out = pick({"v=spf1", "v=spf1", "v=spf1", "V=SPF1"});
    const int n = static_cast<int>(below(9));
    for (int i = 0; i < n; ++i) {
      const bool glue = chance(3);  // no space: two terms glued
      out += glue ? "" : std::string(below(8) == 0 ? 2 : 1, ' ');
      out += term();
    }
    if (chance(60)) out += " " + qual() + "all";
    if (chance(10)) out += " " + term();
    if (chance(8)) out += " ";
    return out;
  }

 private:
  std::uint32_t below(std::uint32_t n) {
    return std::uniform_int_distribution<std::uint32_t>(0, n - 1)(rng_);
  }
  bool chance(int percent) { return static_cast<int>(below(100)) < percent; }
  std::string pick(std::initializer_list<const char*> xs) {
    auto it = xs.begin();
    std::advance(it, below(static_cast<std::uint32_t>(xs.size())));
    return *it;
  }
  std::string qual() { return chance(60) ? "" : pick({"+", "-", "~", "?"}); }
  std::string domain() {
    if (chance(5))
      return pick({"%{d}", "_spf.%{d}", "%{i}._spf.%{d}", "%{l}.%{d}", "%{c}.%{d}",
                   "%{d0}.example.com", "%{x}.example.com", "%%.example.com"});
    if (chance(4))
      return pick({"localhost", "192.0.2.1", "example", "-bad.com", "a..example.com",
                   "example.com.", "%{d}x"});
    return pick({"h1.example.com", "h4.example.com", "h6.example.com", "m.example.com",
                 "m11.example.com", "inc1.example.com", "inc2.example.com", "nospf.example.com",
                 "two.example.com", "loopa.example.com", "bad.example.com", "cname.example.com",
                 "x.w.example.com", "gone.example.com", "mail.example.net", "_spf.example.org",
                 "inc-many.example.com", "empty.example.com"});
  }
  std::string cidr4() {
    if (!chance(30)) return "";
    return "/" + pick({"0", "24", "32", "33", "024", ""});
  }
  std::string cidr6() {
    if (!chance(20)) return "";
    return "//" + pick({"0", "64", "128", "129", ""});
  }
  // Each draw is its own statement: the operands of one `+` expression are evaluated in an
  // unspecified order, so `qual() + domain()` made different records under g++ and clang.
  std::string term() {
    std::string out;
    const std::uint32_t kind = below(16);
    switch (kind) {
      case 0:
        out = qual();
        out += "include:";
        out += domain();
        return out;
      case 1:
      case 2:
        out = qual();
        out += kind == 1 ? "a" : "mx";
        if (chance(50)) out += ":" + domain();
        out += cidr4();
        out += cidr6();
        return out;
      case 3:
        out = qual();
        out += "ptr";
        if (chance(50)) out += ":" + domain();
        return out;
      case 4:
        out = qual();
        out += "ip4:";
        out +=
            pick({"192.0.2.0", "198.51.100.7", "192.0.2.256", "10.1", "192.0.02.1", "2001:db8::1"});
        out += cidr4();
        return out;
      case 5:
        out = qual();
        out += "ip6:";
        out += pick({"2001:db8::", "::1", "2001:db8::zz", "192.0.2.1", "::ffff:192.0.2.1"});
        if (chance(30)) out += "/" + pick({"48", "128", "129"});
        return out;
      case 6:
        out = qual();
        out += "exists:";
        out += domain();
        return out;
      case 7:
        return "redirect=" + domain();
      case 8:
        return "exp=" + domain();
      case 9:
        return pick({"moo=", "foo=bar", "x-y.z=%{i}", "bad=%x", "9x=1", "_x=1"});
      case 10:
        return pick(
            {"moo", "ip:192.0.2.1", "all:x", "=a", "include", "exists", "a:", "\u2013all", "a,"});
      default:
        out = qual();
        out += pick({"a", "mx", "include:inc1.example.com", "ip4:192.0.2.0/24", "a:h1.example.com",
                     "a:gone.example.com"});
        return out;
    }
  }
  std::mt19937 rng_;
};

const char* const kGenZone = R"($ORIGIN example.com.
$TTL 3600
@        SOA  ns1 hostmaster 1 7200 3600 1209600 300
@        NS   ns1
ns1      A    192.0.2.53
@        A    192.0.2.80
@        MX   10 h1
h1       A    192.0.2.1
h1       AAAA 2001:db8::1
h4       A    192.0.2.4
h6       AAAA 2001:db8::6
m        MX   10 h1
m        MX   20 h4
inc1     TXT  "v=spf1 ip4:192.0.2.128/25 -all"
inc2     TXT  "v=spf1 a:h1.example.com a:h4.example.com mx:m.example.com ?all"
inc-many TXT  "v=spf1 a:h1.example.com a:h4.example.com a:h6.example.com include:inc2.example.com a a mx -all"
nospf    TXT  "hello"
two      TXT  "v=spf1 -all"
two      TXT  "v=spf1 ~all"
loopa    TXT  "v=spf1 include:loopb.example.com -all"
loopb    TXT  "v=spf1 include:loopa.example.com -all"
bad      TXT  "v=spf1 moo -all"
cname    CNAME h1
*.w      A    192.0.2.99
empty    TXT  "v=spf1"
)";

std::string zone_quote(const std::string& s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c < 0x20 || c > 0x7e) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\%03u", c);
      out += buf;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out + "\"";
}

}  // namespace

TEST_CASE("spf differential: generated records agree with pyspf on permerror") {
  if (!have_pyspf()) {
    WARN("python3-spf is not installed: skipped");
    return;
  }
  std::vector<RunData> runs;
  std::size_t generated = 0;
  for (std::uint32_t seed = 1; seed <= 12; ++seed) {
    Generator g(seed);
    std::string zone = kGenZone;
    for (int i = 0; i < 40; ++i) {
      const std::string rec = g.record();
      // Split into two strings at a random point now and then (the joined text is the same).
      std::string rdata = zone_quote(rec);
      if (rec.size() > 12 && i % 5 == 0) {
        const std::size_t at = 6 + (static_cast<std::size_t>(i) * 7 + seed) % (rec.size() - 6);
        rdata = zone_quote(rec.substr(0, at)) + " " + zone_quote(rec.substr(at));
      }
      zone += "g" + std::to_string(i) + " TXT " + rdata + "\n";
      ++generated;
    }
    auto set = std::make_unique<zl::ZoneSet>();
    zl::load_text(*set, "example.com.zone", zone, {});
    runs.push_back(analyse(std::move(set), "seed " + std::to_string(seed)));
  }
  Tally t;
  compare(runs, t);
  INFO("generated " << generated << "; records " << t.records << ", agree " << t.agree << ", D1 "
                    << t.d1 << ", D2 " << t.d2 << ", D3 " << t.d3
                    << ", pyspf permerror for every sender " << t.all_perm << ", never "
                    << t.never_perm);
  for (const auto& f : t.failures) UNSCOPED_INFO(f);
  CHECK(t.failures.empty());
  CHECK(t.all_perm > 50);
  CHECK(t.never_perm > 50);
}
