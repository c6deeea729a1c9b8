// core/path: the canonical form of a path, and base names.
#include <unistd.h>

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <string>

#include "core/path.hpp"

namespace fs = std::filesystem;

namespace {
// A fresh directory (symlinks in the temp dir's own path resolved), removed at scope end.
struct TempDir {
  fs::path path;
  TempDir() {
    const fs::path base = fs::canonical(fs::temp_directory_path());
    path = base / ("zonelint-core-path-" + std::to_string(::getpid()));
    fs::remove_all(path);
    fs::create_directories(path);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
};
}  // namespace

TEST_CASE("path: base_name is what follows the last slash") {
  CHECK(zl::base_name("zones/db.example.com") == "db.example.com");
  CHECK(zl::base_name("/a/b/example.com.zone") == "example.com.zone");
  CHECK(zl::base_name("example.com.zone") == "example.com.zone");
  CHECK(zl::base_name("zones/") == "");
  CHECK(zl::base_name("") == "");
  static_assert(zl::base_name("a/b") == "b");
}

TEST_CASE("path: canonical_path is absolute and lexically normal") {
  TempDir d;
  fs::create_directories(d.path / "zones");
  std::ofstream(d.path / "zones" / "a.zone") << "";
  const std::string want = (d.path / "zones" / "a.zone").string();
  CHECK(zl::canonical_path(want) == want);
  CHECK(zl::canonical_path((d.path / "zones" / "." / "a.zone").string()) == want);
  CHECK(zl::canonical_path((d.path / "zones" / ".." / "zones" / "a.zone").string()) == want);
  CHECK(zl::canonical_path(d.path.string() + "//zones///a.zone") == want);
  // A relative name is taken from the current directory.
  const std::string rel = zl::canonical_path("some/relative/name");
  CHECK(fs::path(rel).is_absolute());
  CHECK(rel == (fs::current_path() / "some" / "relative" / "name").lexically_normal().string());
}

TEST_CASE("path: canonical_path resolves symlinks so two names of one file compare equal") {
  TempDir d;
  fs::create_directories(d.path / "real");
  std::ofstream(d.path / "real" / "a.zone") << "";
  fs::create_directory_symlink(d.path / "real", d.path / "link");
  fs::create_symlink(d.path / "real" / "a.zone", d.path / "alias.zone");
  const std::string want = (d.path / "real" / "a.zone").string();
  CHECK(zl::canonical_path((d.path / "link" / "a.zone").string()) == want);
  CHECK(zl::canonical_path((d.path / "alias.zone").string()) == want);
  // The part that does not exist is kept, normalised, below the resolved part.
  CHECK(zl::canonical_path((d.path / "link" / "new" / ".." / "b.zone").string()) ==
        (d.path / "real" / "b.zone").string());
  REQUIRE(zl::resolve_path((d.path / "link").string()));
  CHECK(*zl::resolve_path((d.path / "link").string()) == (d.path / "real").string());
}
