// The catalogue of hostile and broken inputs (issue 6): each gives a located diagnostic and a
// clean refusal, never a crash. Also replays every committed fuzz regression input
// (fuzz/regressions/TARGET/*) through the same harness the fuzz target runs.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "fuzz/harness/name.hpp"
#include "fuzz/harness/rdata.hpp"
#include "model/name.hpp"

namespace fs = std::filesystem;
using zl::Name;

namespace {

std::string read_all(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// Runs `harness` on every committed regression input of `target`; returns how many ran.
template <typename Harness>
std::size_t replay(const std::string& target, Harness harness) {
  const fs::path dir = fs::path(ZONELINT_SOURCE_DIR) / "fuzz" / "regressions" / target;
  std::vector<fs::path> inputs;
  if (fs::exists(dir)) {
    for (const auto& e : fs::directory_iterator(dir)) {
      if (e.is_regular_file() && e.path().extension() != ".md") inputs.push_back(e.path());
    }
  }
  std::sort(inputs.begin(), inputs.end());
  for (const auto& p : inputs) {
    INFO("regression input " << p.string());
    const std::string bytes = read_all(p);
    harness(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
  }
  return inputs.size();
}

}  // namespace

// --- names ------------------------------------------------------------------------------

TEST_CASE("hostile: \\DDD above 255 in a name is refused and says why") {
  std::string err;
  CHECK_FALSE(Name::parse("a\\256.example.", nullptr, &err));
  CHECK(err.find("above 255") != std::string::npos);
  CHECK_FALSE(Name::parse("a\\999.example.", nullptr, &err));
  CHECK(Name::parse("a\\255.example.", nullptr, &err));
}

TEST_CASE("hostile: truncated escapes at the end of a name are refused") {
  std::string err;
  const Name root = Name::root();
  for (const char* text : {"a\\", "a\\1", "a\\12", "a\\1x3.", "\\"}) {
    INFO(text);
    err.clear();
    CHECK_FALSE(Name::parse(text, &root, &err));
    CHECK_FALSE(err.empty());
  }
}

TEST_CASE("hostile: label and name length caps are exact") {
  const std::string l63(63, 'a');
  const std::string l64(64, 'a');
  std::string err;
  CHECK(Name::parse(l63 + ".", nullptr, &err));
  CHECK_FALSE(Name::parse(l64 + ".", nullptr, &err));
  CHECK(err.find("63") != std::string::npos);
  // 255 octets of wire: four labels of 63 plus one of 0..; 63*3 + 61 + 5 length bytes = 255.
  const std::string max_name = l63 + "." + l63 + "." + l63 + "." + std::string(61, 'b') + ".";
  auto n = Name::parse(max_name, nullptr, &err);
  REQUIRE(n);
  CHECK(n->wire().size() == 255);
  CHECK_FALSE(Name::parse("c." + max_name, nullptr, &err));
  CHECK(err.find("255") != std::string::npos);
  // A relative name that only overflows once the origin is appended.
  auto origin = Name::parse(l63 + "." + l63 + ".", nullptr);
  REQUIRE(origin);
  CHECK_FALSE(Name::parse(l63 + "." + l63, &*origin, &err));
  CHECK(err.find("origin") != std::string::npos);
}

TEST_CASE("hostile: NUL bytes and invalid UTF-8 in a name survive a round trip, escaped") {
  const std::string raw = std::string("a\0b\xff\xc3(", 6) + ".example.";
  auto n = Name::parse(raw, nullptr);
  REQUIRE(n);
  const std::string text = n->text();
  // Non-printable and non-ASCII bytes are written as \DDD, so the text is plain ASCII.
  CHECK(std::all_of(text.begin(), text.end(), [](char c) { return c >= 0x21 && c <= 0x7e; }));
  CHECK(text == "a\\000b\\255\\195\\(.example.");
  auto back = Name::parse(text, nullptr);
  REQUIRE(back);
  CHECK(back->wire() == n->wire());
}

// --- fuzz regressions -------------------------------------------------------------------

TEST_CASE("hostile: fuzz regression inputs replay cleanly") {
  // Every target's committed crash inputs run through the harness; any invariant failure
  // aborts the test binary. The count keeps the test honest about what it replayed.
  CHECK(replay("fuzz_name", zl::fuzz::run_name) >= 1);
  CHECK(replay("fuzz_rdata", zl::fuzz::run_rdata) >= 1);
}
