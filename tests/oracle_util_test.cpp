// tests/oracle_util.hpp's run_oracle: with ZONELINT_ORACLE_CACHE set, an oracle's answer for a
// file is reused only for the same command over the same bytes; a file with an $INCLUDE and a
// run without the variable always ask the oracle. The "oracle" here is a shell command that
// counts its runs in a file next to the input.
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "oracle_util.hpp"

namespace fs = std::filesystem;

namespace {

struct Scratch {
  fs::path dir;
  std::string saved;
  bool had = false;
  Scratch() {
    dir = fs::temp_directory_path() / ("zonelint-oracle-cache-test-" + std::to_string(getpid()));
    fs::remove_all(dir);
    fs::create_directories(dir);
    if (const char* v = std::getenv("ZONELINT_ORACLE_CACHE")) {
      had = true;
      saved = v;
    }
    setenv("ZONELINT_ORACLE_CACHE", (dir / "cache").c_str(), 1);
  }
  ~Scratch() {
    if (had)
      setenv("ZONELINT_ORACLE_CACHE", saved.c_str(), 1);
    else
      unsetenv("ZONELINT_ORACLE_CACHE");
    fs::remove_all(dir);
  }
  Scratch(const Scratch&) = delete;
  Scratch& operator=(const Scratch&) = delete;
};

void write(const fs::path& p, const std::string& text) {
  std::ofstream o(p, std::ios::binary);
  o << text;
}

// Appends a line to runs.txt (one per oracle run) and prints the zone file's first line.
std::string oracle(const fs::path& zone) {
  return "cd '" + zone.parent_path().string() + "' && echo run >> runs.txt && head -n 1 '" +
         zone.filename().string() + "'";
}

std::size_t runs(const fs::path& dir) {
  std::ifstream in(dir / "runs.txt");
  std::size_t n = 0;
  for (std::string line; std::getline(in, line);) ++n;
  return n;
}

}  // namespace

TEST_CASE("run_oracle: the same command over the same bytes asks the oracle once") {
  const Scratch s;
  const fs::path zone = s.dir / "a.zone";
  write(zone, "example.com. 3600 IN A 192.0.2.1\n");
  CHECK(zltest::run_oracle(oracle(zone), zone) == "example.com. 3600 IN A 192.0.2.1\n");
  CHECK(zltest::run_oracle(oracle(zone), zone) == "example.com. 3600 IN A 192.0.2.1\n");
  CHECK(runs(s.dir) == 1);
  // Another command over the same file is another question.
  CHECK(zltest::run_oracle(oracle(zone) + " 2>&1", zone) == "example.com. 3600 IN A 192.0.2.1\n");
  CHECK(runs(s.dir) == 2);
}

TEST_CASE("run_oracle: an edited file is asked again, never answered from the cache") {
  const Scratch s;
  const fs::path zone = s.dir / "a.zone";
  write(zone, "example.com. 3600 IN A 192.0.2.1\n");
  CHECK(zltest::run_oracle(oracle(zone), zone) == "example.com. 3600 IN A 192.0.2.1\n");
  write(zone, "example.com. 3600 IN A 192.0.2.2\n");
  CHECK(zltest::run_oracle(oracle(zone), zone) == "example.com. 3600 IN A 192.0.2.2\n");
  CHECK(runs(s.dir) == 2);
}

TEST_CASE("run_oracle: a file with an $INCLUDE or no cache directory always asks the oracle") {
  const Scratch s;
  const fs::path zone = s.dir / "a.zone";
  write(zone, "$include other.zone\n");
  zltest::run_oracle(oracle(zone), zone);
  zltest::run_oracle(oracle(zone), zone);
  CHECK(runs(s.dir) == 2);
  const fs::path plain = s.dir / "b.zone";
  write(plain, "example.com. 3600 IN A 192.0.2.1\n");
  unsetenv("ZONELINT_ORACLE_CACHE");
  zltest::run_oracle(oracle(plain), plain);
  zltest::run_oracle(oracle(plain), plain);
  CHECK(runs(s.dir) == 4);
  CHECK_FALSE(fs::exists(s.dir / "cache"));
}
