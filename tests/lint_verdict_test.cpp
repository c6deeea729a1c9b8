// lint/verdict: the settings of a run's files and zones, looked up once.
#include <catch2/catch.hpp>

#include <vector>

#include "lint/verdict.hpp"
#include "lint_test_util.hpp"

TEST_CASE("verdict: file_settings takes the settings the caller knows and looks up the others") {
  using namespace zl;
  ZoneSet set;
  zltest::add_zone(set, "known.zone", "known.example.", "@ 3600 IN A 192.0.2.1\n");
  zltest::add_zone(set, "other.zone", "other.example.", "@ 3600 IN A 192.0.2.2\n");
  const FileId no_zone = set.sources.add("notes.txt", std::string());
  Config config{CliPolicy{}};
  // Distinct from anything Config gives, so the test sees where each answer came from.
  Settings given;
  given.fail_on = Severity::error;
  const std::vector<const Settings*> known{&given};  // FileId 0 only

  const FileSettings fs = file_settings(set, config, known);
  REQUIRE(fs.of_zone.size() == 2);
  REQUIRE(fs.of_file.size() == 3);
  CHECK(fs.of_zone[0] == &given);
  CHECK(fs.of_file[0] == &given);
  CHECK(fs.of_zone[1] == &config.for_file("other.zone"));
  CHECK(fs.of_file[1] == &config.for_file("other.zone"));
  CHECK(fs.of_file[no_zone] == &config.for_file("notes.txt"));

  // Without `known`, every file is looked up.
  const FileSettings looked_up = file_settings(set, config);
  CHECK(looked_up.of_zone[0] == &config.for_file("known.zone"));
  CHECK(looked_up.of_zone[0] != &given);
}
