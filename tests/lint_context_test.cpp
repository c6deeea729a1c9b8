// RuleContext::authoritative_for: the linted zone with the longest origin at or above a name,
// by scanning the origins (few zones) or through the origin index (many zones). Both give the
// answer of the definition: the first zone, in run order, whose origin is the longest one the
// name is at or below.
#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <deque>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "core/parallel.hpp"
#include "lint/context.hpp"

namespace {

zl::Name name(const std::string& text) {
  const auto n = zl::Name::parse(text, nullptr);
  REQUIRE(n);
  return *n;
}

// The definition, for comparison.
const zl::Zone* longest_origin(const std::vector<const zl::Zone*>& zones, const zl::Name& n) {
  const zl::Zone* best = nullptr;
  for (const zl::Zone* z : zones) {
    if (!n.is_subdomain_of(z->origin)) continue;
    if (!best || z->origin.label_count() > best->origin.label_count()) best = z;
  }
  return best;
}

// Zones with the given origins, in run order, and a context over them.
struct Run {
  zl::ZoneSet set;
  std::deque<zl::Zone> store;
  std::vector<const zl::Zone*> zones;
  explicit Run(const std::vector<std::string>& origins) {
    for (const std::string& o : origins) {
      zl::Zone& z = store.emplace_back();
      z.origin = name(o);
      zones.push_back(&z);
    }
  }
};

void check_all(const std::vector<std::string>& origins) {
  const Run run(origins);
  const zl::RuleContext ctx(run.set, run.zones);
  for (const char* q : {"example.com.", "www.example.com.", "WWW.Sub.Example.COM.",
                        "sub.example.com.", "a.deep.sub.example.com.", "deep.sub.example.com.",
                        "example.org.", "x.other3.org.", "other3.org.", "com.", ".",
                        "unrelated.net.", "\\046dot.example.com.", "*.wild.example.com."}) {
    const zl::Name n = name(q);
    INFO(q);
    CHECK(ctx.authoritative_for(n) == longest_origin(run.zones, n));
  }
}

}  // namespace

TEST_CASE("lint context: authoritative_for finds the longest origin, first zone on a tie") {
  SECTION("few zones: scanned") {
    check_all({"example.com.", "sub.example.com.", "EXAMPLE.com."});
  }
  SECTION("many zones: indexed") {
    std::vector<std::string> origins = {"example.com.", "sub.example.com.", "deep.sub.example.com.",
                                        "EXAMPLE.COM."};
    for (int i = 0; i < 12; ++i) origins.push_back("other" + std::to_string(i) + ".org.");
    check_all(origins);
    // The tie goes to the first zone of the run, whatever the case of its origin.
    const Run run(origins);
    const zl::RuleContext ctx(run.set, run.zones);
    CHECK(ctx.authoritative_for(name("mail.Example.com.")) == run.zones[0]);
    CHECK(ctx.authoritative_for(name("x.y.deep.sub.example.com.")) == run.zones[2]);
    CHECK(ctx.authoritative_for(name("example.net.")) == nullptr);
  }
}

TEST_CASE("lint context: the origin index answers as the definition over many zones") {
  // Origins at several depths (the root, a TLD, two to five labels) and in mixed case, enough
  // of them that the index's probes run into each other; a name is looked up only at the
  // depths some origin has.
  std::vector<std::string> origins = {".", "org.", "Example.COM.", "a.b.c.example.com."};
  for (int i = 0; i < 300; ++i) {
    origins.push_back("z" + std::to_string(i) + ".example.com.");
    origins.push_back("Z" + std::to_string(i) + ".EXAMPLE.com.");  // a tie: the first answers
    if (i % 7 == 0) origins.push_back("deep.x.z" + std::to_string(i) + ".example.com.");
  }
  const Run run(origins);
  const zl::RuleContext ctx(run.set, run.zones);
  for (int i = 0; i < 320; i += 3) {
    const std::string k = std::to_string(i);
    for (const std::string& q : std::vector<std::string>{
             "z" + k + ".example.com.", "www.Z" + k + ".example.com.",
             "q.deep.x.z" + k + ".example.COM.", "x.z" + k + ".example.com.", "a.b.c.example.com.",
             "b.c.example.com.", "host" + k + ".org.", "example.net.", "."}) {
      INFO(q);
      const zl::Name n = name(q);
      CHECK(ctx.authoritative_for(n) == longest_origin(run.zones, n));
    }
  }
}

TEST_CASE("lint context: memo computes a value once, however many threads ask at once") {
  const Run run({"example.com."});
  const zl::RuleContext ctx(run.set, run.zones);
  std::atomic<int> made{0};
  std::vector<const std::vector<int>*> seen(8, nullptr);
  zl::parallel_for(seen.size(), 4, [&](std::size_t i) {
    seen[i] = &ctx.memo<std::vector<int>>("test.value", [&] {
      ++made;
      // Long enough for the other threads to ask while the value is being made.
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
      return std::vector<int>{1, 2, 3};
    });
  });
  CHECK(made.load() == 1);
  for (const auto* v : seen) {
    REQUIRE(v == seen[0]);
    CHECK(*v == std::vector<int>{1, 2, 3});
  }
  // Another key is another value.
  CHECK(ctx.memo<int>("test.other", [] { return 7; }) == 7);
  // Forgotten by clear_memo, made again.
  ctx.clear_memo();
  (void)ctx.memo<std::vector<int>>("test.value", [&] {
    ++made;
    return std::vector<int>{};
  });
  CHECK(made.load() == 2);
}

// A case of its own, apart from the "lint context: memo*" cases that scripts/tsan runs: under
// ThreadSanitizer, std::call_once goes through TSan's pthread_once interceptor, which does not
// reset the flag when the function throws, so the second ask below waits forever there (glibc's
// pthread_once resets it: the plain and ASan builds run this case).
TEST_CASE("lint context: a memo whose value fails to be made throws to every caller") {
  const Run run({"example.com."});
  const zl::RuleContext ctx(run.set, run.zones);
  const auto fails = [&] {
    return ctx.memo<int>("test.fails", []() -> int { throw std::runtime_error("no value"); });
  };
  CHECK_THROWS_AS(fails(), std::runtime_error);
  CHECK_THROWS_AS(fails(), std::runtime_error);
  // The failure is the key's alone: another key still gets its value.
  CHECK(ctx.memo<int>("test.other", [] { return 7; }) == 7);
}
