// Reports link every finding to its rule's documentation (JSON doc_url, SARIF helpUri): the
// anchor they name must exist in the README.
#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

#include "lint/rule.hpp"
#include "report/reporter.hpp"

TEST_CASE("docs: every rule's doc_url anchor exists in the README") {
  std::ifstream in(std::string(ZONELINT_SOURCE_DIR) + "/README.md");
  REQUIRE(in);
  std::stringstream ss;
  ss << in.rdbuf();
  const std::string readme = ss.str();
  for (const zl::Rule* r : zl::all_rules()) {
    const std::string id(r->id);
    INFO(id);
    const std::string url = zl::rule_doc_url(r->id);
    CHECK(url.size() > id.size());
    CHECK(url.substr(url.size() - id.size() - 6) == "#rule-" + id);
    CHECK(readme.find("<a id=\"rule-" + id + "\"></a>") != std::string::npos);
  }
}
