// core/suggest: edit distance and the closest known word ("did you mean").
#include <catch2/catch.hpp>

#include "core/suggest.hpp"

namespace {
std::size_t up_to_two(std::string_view, std::string_view) {
  return 2;
}
}  // namespace

TEST_CASE("suggest: edit distance counts insertions, deletions and substitutions") {
  CHECK(zl::edit_distance("", "") == 0);
  CHECK(zl::edit_distance("abc", "") == 3);
  CHECK(zl::edit_distance("", "abc") == 3);
  CHECK(zl::edit_distance("mx-taget-cname", "mx-target-cname") == 1);
  CHECK(zl::edit_distance("kitten", "sitting") == 3);
  CHECK(zl::edit_distance("--slect", "--select") == 1);
}

TEST_CASE("suggest: the closest word within the limit, none for an exact or a far word") {
  const std::vector<std::string_view> words{"--select", "--ignore", "--fail-on"};
  CHECK(zl::closest_word("--slect", words, up_to_two) == "--select");
  CHECK(zl::closest_word("--ignor", words, up_to_two) == "--ignore");
  CHECK(zl::closest_word("--select", words, up_to_two).empty());
  CHECK(zl::closest_word("--something-else", words, up_to_two).empty());
  CHECK(zl::closest_word("x", {}, up_to_two).empty());
  // Equally close: the first listed.
  CHECK(zl::closest_word("ab", {"aa", "bb"}, up_to_two) == "aa");
}
