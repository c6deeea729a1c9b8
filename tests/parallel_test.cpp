// --jobs and --shard below the command line: parallel_for, the parallel load (the same
// ZoneSet as a sequential load, FileIds and all), the shard hash and the --shard value.
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>
#include <vector>

#include "cli/options.hpp"
#include "cli/shard.hpp"
#include "cli/walk.hpp"
#include "core/parallel.hpp"
#include "core/path.hpp"
#include "load/loader.hpp"

using namespace zl;
namespace fs = std::filesystem;

namespace {

void write(const fs::path& p, const std::string& text) {
  fs::create_directories(p.parent_path());
  std::ofstream(p) << text;
}

std::string span_text(const Span& s) {
  if (!s.valid()) return "-";
  return std::to_string(s.file) + ":" + std::to_string(s.begin) + "-" + std::to_string(s.end);
}

// Everything of a set that FileIds reach, as text.
std::string dump(const ZoneSet& set) {
  std::ostringstream out;
  for (FileId f = 0; f < set.sources.size(); ++f) {
    out << "file " << f << ' ' << set.sources.file(f).path() << ' '
        << set.sources.file(f).text().size();
    for (const Span& s : set.sources.include_chain(f)) out << " from " << span_text(s);
    out << '\n';
  }
  for (const Zone& z : set.zones) {
    out << "zone " << z.origin.text() << " file " << z.file << " includes";
    for (FileId f : z.included_files) out << ' ' << f;
    out << " inherited " << span_text(z.ttl_facts.inherited.first) << ' '
        << span_text(z.ttl_facts.inherited.source);
    for (const TtlFacts::IncludeLeak& l : z.ttl_facts.include_leaks) {
      out << " leak " << span_text(l.include) << ' ' << l.included << ' ' << span_text(l.source)
          << ' ' << span_text(l.first);
    }
    out << '\n';
    for (const Record& r : z.records) {
      out << "  " << z.owner(r).text() << ' ' << r.type << ' ' << span_text(z.span(r)) << ' '
          << span_text(z.owner_span(r)) << ' ' << span_text(z.type_span(r));
      for (const Field& f : z.fields_of(r, set.sources)) out << ' ' << span_text(f.span);
      out << '\n';
    }
  }
  for (const Diagnostic& d : set.diagnostics.items()) {
    out << "diag " << d.rule << ' ' << span_text(d.span) << ' ' << d.message;
    for (const Note& n : d.notes) out << " note " << span_text(n.span);
    out << '\n';
  }
  return out.str();
}

// What the owner lookups of every zone answer about each record's owner, as text.
std::string lookups(const ZoneSet& set) {
  std::ostringstream out;
  for (const Zone& z : set.zones) {
    for (const Record& r : z.records) {
      out << z.owner(r).text() << ' ' << z.owner_records(z.owner(r)).size() << ' '
          << z.records_at(z.owner(r), r.type).size() << ' ' << z.has(z.owner(r), r.type) << ' '
          << z.name_exists(z.owner(r)) << '\n';
    }
  }
  return out.str();
}

}  // namespace

TEST_CASE("parallel: parallel_for runs each index once and rethrows a failure", "[parallel]") {
  for (unsigned jobs : {1u, 2u, 4u, 16u}) {
    std::vector<std::atomic<int>> runs(1000);
    parallel_for(runs.size(), jobs, [&](std::size_t i) { ++runs[i]; });
    for (const auto& r : runs) CHECK(r.load() == 1);
  }
  std::atomic<int> after{0};
  CHECK_THROWS_AS(parallel_for(100, 3,
                               [&](std::size_t i) {
                                 if (i == 10) throw std::runtime_error("ten");
                                 ++after;
                               }),
                  std::runtime_error);
  CHECK(after.load() < 100);
  CHECK(default_jobs() >= 1);
}

TEST_CASE("parallel: load_files on several threads gives the sequential set", "[parallel]") {
  const fs::path dir = fs::temp_directory_path() / ("zl-parallel-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  write(dir / "db.a.example",
        "$ORIGIN a.example.\n$TTL 300\n@ SOA ns hm 1 2 3 4 5\n@ NS ns\nns A 192.0.2.1\n"
        "$INCLUDE " +
            (dir / "inc" / "hosts.inc").string() + "\nwww A 192.0.2.2\n");
  write(dir / "inc" / "hosts.inc", "$TTL 60\nmail A 192.0.2.3\nbad A 999.1.1.1\n");
  write(dir / "db.b.example", "$ORIGIN b.example.\n@ 300 SOA ns hm 1 2 3 4 5\n@ NS ns\nns A x\n");
  write(dir / "c.example.json",
        R"({"": {"type": "A", "value": "192.0.2.9"}, "www": {"type": "CNAME", "value": "x."}})");
  write(dir / "d.example.yaml", "'':\n  type: A\n  value: 192.0.2.8\n");
  write(dir / "not-dns.json", "{\"name\": \"package\"}\n");
  write(dir / "db.e.example", "{ looks like JSON but is not\n");
  for (int i = 0; i < 40; ++i) {
    write(dir / ("db.z" + std::to_string(i) + ".example"),
          "@ 300 SOA ns hm 1 2 3 4 5\n@ NS ns\nns A 192.0.2." + std::to_string(i + 10) + "\n");
  }
  std::vector<FileToLoad> files;
  for (const char* name : {"db.a.example", "inc/hosts.inc", "db.b.example", "c.example.json",
                           "d.example.yaml", "not-dns.json", "db.e.example", "missing.zone"}) {
    LoadOptions lo;
    lo.parse.include_root = dir.string();
    lo.skip_unknown_format = std::string(name) == "not-dns.json";
    files.push_back(FileToLoad{(dir / name).string(), lo});
  }
  for (int i = 0; i < 40; ++i) {
    LoadOptions lo;
    lo.parse.include_root = dir.string();
    files.push_back(FileToLoad{(dir / ("db.z" + std::to_string(i) + ".example")).string(), lo});
  }
  files.push_back(files[0]);  // named twice: read once (found in an index grown past 64 slots)
  files.push_back(files[files.size() - 2]);
  std::size_t skipped1 = 0, skipped4 = 0;
  ZoneSet one, four;
  std::vector<std::pair<std::size_t, bool>> calls1, calls4;
  for (FileToLoad& f : files) f.options.skipped = &skipped1;
  load_files(one, files, 1, [&](std::size_t i, bool ok) { calls1.emplace_back(i, ok); });
  for (FileToLoad& f : files) f.options.skipped = &skipped4;
  load_files(four, files, 4, [&](std::size_t i, bool ok) { calls4.emplace_back(i, ok); });
  fs::remove_all(dir);
  const std::string a = dump(one), b = dump(four);
  INFO(a);
  CHECK(a == b);
  CHECK(calls1 == calls4);
  CHECK(skipped1 == skipped4);
  CHECK(one.zones.size() >= 43);
  // The files named twice were read once.
  for (const char* name : {"db.a.example", "db.z39.example"}) {
    INFO(name);
    CHECK(std::count_if(one.zones.begin(), one.zones.end(), [&](const Zone& z) {
            return fs::path(one.sources.file(z.file).path()).filename() == name;
          }) == 1);
  }
  CHECK(a.find(" from ") != std::string::npos);  // the $INCLUDE was followed
  CHECK(std::count_if(calls1.begin(), calls1.end(), [](const auto& c) { return !c.second; }) >= 1);
}

TEST_CASE("parallel: a FileLoader fed while it loads gives the sequential set", "[parallel]") {
  // As the pipeline uses it: files added one by one while the pool parses the first ones, a
  // finish() in the middle (where standard input is read), then more files. Zone files and
  // files of other formats alternate, one file is named twice, and one zone file includes a
  // file that is also added on its own, later: the set, the callbacks and the skipped count
  // must be those of load_file called in order, whatever the number of threads.
  const fs::path dir = fs::temp_directory_path() / ("zl-loader-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  write(dir / "inc.hosts", "mail A 192.0.2.3\nbad A 999.1.1.1\n");
  std::vector<std::string> names;
  for (int i = 0; i < 120; ++i) {
    const std::string n = std::to_string(i);
    if (i % 17 == 5) {
      write(dir / ("o" + n + ".example.yaml"), "'':\n  type: A\n  value: 192.0.2.8\n");
      names.push_back("o" + n + ".example.yaml");
    } else if (i % 29 == 7) {
      write(dir / ("package" + n + ".json"), "{\"name\": \"package\"}\n");
      names.push_back("package" + n + ".json");
    } else if (i % 23 == 9) {  // named like a zone file, not DNS data: skipped and counted
      write(dir / ("db.n" + n + ".example"), "notes about the zone\nsee the wiki\n");
      names.push_back("db.n" + n + ".example");
    } else {
      write(dir / ("db.z" + n + ".example"),
            "@ 300 SOA ns hm 1 2 3 4 5\n@ NS ns\nns A 192.0.2." + std::to_string(i % 200 + 1) +
                (i == 3 ? "\n$INCLUDE " + (dir / "inc.hosts").string() + "\n" : "\n") +
                (i % 11 == 0 ? "www CNAME\n" : ""));
      names.push_back("db.z" + n + ".example");
    }
  }
  names.insert(names.begin() + 60, "inc.hosts");  // after the zone that includes it
  names.push_back(names[10]);                     // named twice
  names.emplace_back("missing.zone");
  write(dir / "db.ghost.example", "@ 300 SOA ns hm 1 2 3 4 5\n@ NS ns\nns A 192.0.2.99\n");
  std::string answers;  // of the last load: what the zones' owner lookups answer
  const auto load = [&](unsigned jobs, std::vector<std::pair<std::size_t, bool>>& calls,
                        std::size_t& skipped, bool build_lookups = false, bool prefetch = false) {
    ZoneSet set;
    FileLoader loader(
        set, jobs, [&](std::size_t i, bool ok) { calls.emplace_back(i, ok); }, build_lookups);
    const auto file = [&](const std::string& name) {
      LoadOptions lo;
      lo.parse.include_root = dir.string();
      lo.skip_unknown_format = true;
      lo.skipped = &skipped;
      return FileToLoad{(dir / name).string(), lo};
    };
    for (std::size_t i = 0; i < names.size(); ++i) {
      // As a directory walk does (FileLoader::prefetch): files given before their turn, in
      // another order, twice, or never added (the ghost); again after some were added.
      if (prefetch && (i == 0 || i == 70)) {
        for (std::size_t k = names.size(); k-- > i;) {
          if (loader.wants_prefetch()) loader.prefetch(file(names[k]));
          if (k % 7 == 0) std::this_thread::sleep_for(std::chrono::microseconds(200));
        }
        loader.prefetch(file("db.ghost.example"));
        loader.prefetch(file(names[i + 2]));
      }
      loader.add(file(names[i]));
      if (i == names.size() / 3) {
        loader.finish();
        CHECK(calls.size() == i + 1);  // everything added so far is in the set
      }
    }
    loader.finish();
    answers = lookups(set);
    return dump(set);
  };
  std::vector<std::pair<std::size_t, bool>> calls1;
  std::size_t skipped1 = 0;
  const std::string one = load(1, calls1, skipped1);
  const std::string answers1 = answers;  // the lookups built on first use, after the load
  for (const unsigned jobs : {2u, 4u}) {
    INFO("jobs " << jobs);
    std::vector<std::pair<std::size_t, bool>> calls;
    std::size_t skipped = 0;
    CHECK(load(jobs, calls, skipped) == one);
    CHECK(calls == calls1);
    CHECK(skipped == skipped1);
  }
  // With files prefetched (parsed before their turn, some never added), the same.
  for (const unsigned jobs : {1u, 2u, 4u}) {
    INFO("jobs " << jobs << ", files prefetched");
    std::vector<std::pair<std::size_t, bool>> calls;
    std::size_t skipped = 0;
    CHECK(load(jobs, calls, skipped, true, true) == one);
    CHECK(answers == answers1);
    CHECK(calls == calls1);
    CHECK(skipped == skipped1);
  }
  // Built by the loader, right after each parse (on the pool's threads with jobs > 1), the
  // owner lookups answer as those built on first use, and the set is the same.
  for (const unsigned jobs : {1u, 2u, 4u}) {
    INFO("jobs " << jobs << ", lookups built by the loader");
    std::vector<std::pair<std::size_t, bool>> calls;
    std::size_t skipped = 0;
    CHECK(load(jobs, calls, skipped, true) == one);
    CHECK(answers == answers1);
    CHECK(calls == calls1);
  }
  fs::remove_all(dir);
  REQUIRE(calls1.size() == names.size());
  for (std::size_t i = 0; i < calls1.size(); ++i) CHECK(calls1[i].first == i);
  CHECK(skipped1 == 5);                            // the db.n*.example files
  CHECK(!calls1.back().second);                    // missing.zone cannot be read
  CHECK(one.find(" from ") != std::string::npos);  // the $INCLUDE was followed
}

TEST_CASE("parallel: the walk gives the canonical paths it knows, equal to canonical_path",
          "[parallel]") {
  const fs::path dir = fs::temp_directory_path() / ("zl-walk-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  write(dir / "a.zone", "");
  write(dir / "real" / "b.zone", "");
  write(dir / "real" / "deeper" / "c.zone", "");
  write(dir / ".hidden.zone", "");
  fs::create_symlink(dir / "a.zone", dir / "link.zone");
  fs::create_symlink(dir / "real", dir / "z-linked");  // after real/ in the walk's order
  fs::create_directories(dir / "zz");
  fs::create_symlink(dir / "real" / "b.zone", dir / "zz" / "to-b.zone");
  const auto all = [](const std::string&) { return true; };
  for (const std::string& arg :
       {dir.string(), dir.string() + "/", (dir / "z-linked").string(),
        fs::relative(dir, fs::current_path()).string(), (dir / "a.zone").string()}) {
    INFO(arg);
    std::vector<WalkProblem> problems;
    std::vector<std::string> canonical;
    const std::vector<std::string> files = collect_inputs(arg, all, problems, nullptr, &canonical);
    CHECK(problems.empty());
    REQUIRE(canonical.size() == files.size());
    CHECK(!files.empty());
    std::size_t known = 0;
    for (std::size_t i = 0; i < files.size(); ++i) {
      INFO(files[i]);
      if (canonical[i].empty()) continue;
      ++known;
      CHECK(canonical[i] == canonical_path(files[i]));
    }
    const bool is_dir = fs::is_directory(arg);
    // A symbolic link is left to canonical_path; a regular file of a walk is known.
    for (std::size_t i = 0; i < files.size(); ++i) {
      if (fs::is_symlink(files[i]) || !is_dir) CHECK(canonical[i].empty());
    }
    if (is_dir) CHECK(known >= 2);
    // Below a directory reached through a link, the walk resolved that directory once.
    for (std::size_t i = 0; i < files.size(); ++i) {
      if (is_dir && files[i].find("z-linked/") != std::string::npos && !fs::is_symlink(files[i]))
        CHECK(!canonical[i].empty());
    }
  }
  fs::remove_all(dir);
}

TEST_CASE("parallel: a walk of a large directory gives its files in sorted order", "[parallel]") {
  // The walk hands out a directory's first entries before it sorts the others (cli/walk.cpp):
  // the order must be that of a full sort, subdirectories in their place, whatever the count.
  const fs::path dir = fs::temp_directory_path() / ("zl-walk-order-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  std::vector<std::string> expected;
  for (const int n : {0, 1, 255, 256, 257, 700}) {
    INFO(n);
    fs::remove_all(dir);
    expected.clear();
    // Names created out of order; every 97th entry a directory with one file in it.
    for (int i = 0; i < n; ++i) {
      const int k = (i * 7919) % (n == 0 ? 1 : n);
      char name[32];
      std::snprintf(name, sizeof name, "z%05d", k);
      if (k % 97 == 3) {
        write(dir / name / "in.zone", "");
      } else {
        write(dir / (std::string(name) + ".zone"), "");
      }
    }
    fs::create_directories(dir);
    for (int k = 0; k < n; ++k) {
      char name[32];
      std::snprintf(name, sizeof name, "z%05d", k);
      expected.push_back(k % 97 == 3 ? (dir / name / "in.zone").string()
                                     : (dir / (std::string(name) + ".zone")).string());
    }
    std::vector<WalkProblem> problems;
    const auto all = [](const std::string&) { return true; };
    std::vector<std::string> streamed;
    // `listed`: each directory's number of entries, before any of its files goes out.
    std::vector<std::pair<std::size_t, std::size_t>> listed;  // entries, files out before
    walk_inputs(
        dir.string(), all,
        [&](const std::string& file, const std::string&) { streamed.push_back(file); }, problems,
        nullptr, [&](std::size_t entries) { listed.emplace_back(entries, streamed.size()); });
    CHECK(problems.empty());
    CHECK(streamed == expected);
    const auto entries = static_cast<std::size_t>(n);
    const std::size_t subdirs = (entries + 93) / 97;             // k = 3, 100, 197, ... below n
    REQUIRE(listed.size() == (entries == 0 ? 0 : 1 + subdirs));  // an empty one: no call
    if (entries > 0) CHECK(listed[0] == std::pair<std::size_t, std::size_t>(entries, 0));
    for (std::size_t i = 1; i < listed.size(); ++i) CHECK(listed[i].first == 1);
    CHECK(collect_inputs(dir.string(), all, problems) == expected);
  }
  fs::remove_all(dir);
}

TEST_CASE("parallel: the shard of a key is FNV-1a 64 mod N, plus 1", "[parallel][shard]") {
  CHECK(fnv1a64("") == 0xcbf29ce484222325ull);
  CHECK(fnv1a64("a") == 0xaf63dc4c8601ec8cull);
  CHECK(fnv1a64("foobar") == 0x85944171f73967e8ull);
  CHECK(shard_of_key("a", 1) == 1);
  CHECK(shard_of_key("a", 3) == static_cast<std::uint32_t>(0xaf63dc4c8601ec8cull % 3) + 1);
}

TEST_CASE("parallel: --shard takes K/N with 1 <= K <= N", "[parallel][shard]") {
  const auto s = parse_shard("2/3");
  REQUIRE(s);
  CHECK(s->index == 2);
  CHECK(s->count == 3);
  CHECK(parse_shard("1/1"));
  CHECK(parse_shard("100000/100000"));
  for (const char* bad : {"0/3", "4/3", "3", "/3", "1/", "a/b", "1/0", "-1/2", "1/2/3", " 1/2",
                          "1/100001", "+1/2", ""}) {
    INFO(bad);
    CHECK_FALSE(parse_shard(bad));
  }
}
