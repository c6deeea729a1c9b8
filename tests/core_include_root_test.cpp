// core/include_root: the confinement every front end applies to files named by input data.
#include <unistd.h>

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <string>

#include "core/include_root.hpp"

namespace fs = std::filesystem;

namespace {
// root/ holds zones; outside/ is a sibling the input must not reach.
struct Tree {
  fs::path base, root, outside;
  Tree() {
    base = fs::canonical(fs::temp_directory_path()) /
           ("zonelint-core-include-root-" + std::to_string(::getpid()));
    fs::remove_all(base);
    root = base / "root";
    outside = base / "outside";
    fs::create_directories(root / "zones");
    fs::create_directories(outside);
    std::ofstream(root / "zones" / "a.zone") << "";
    std::ofstream(outside / "secret") << "";
  }
  ~Tree() {
    std::error_code ec;
    fs::remove_all(base, ec);
  }
  bool inside(const fs::path& p) const {
    return zl::path_inside_include_root(p.string(), root.string());
  }
};
}  // namespace

TEST_CASE("include root: files below the root are inside") {
  Tree t;
  CHECK(t.inside(t.root / "zones" / "a.zone"));
  CHECK(t.inside(t.root / "zones" / "not-yet-there.zone"));
  CHECK(t.inside(t.root));
  CHECK(t.inside(t.root / "zones" / ".." / "zones" / "a.zone"));
}

TEST_CASE("include root: dot dot that climbs out of the root is refused") {
  Tree t;
  std::string resolved, resolved_root;
  CHECK_FALSE(zl::path_inside_include_root((t.root / ".." / "outside" / "secret").string(),
                                           t.root.string(), &resolved, &resolved_root));
  CHECK(resolved == (t.outside / "secret").string());
  CHECK(resolved_root == t.root.string());
  CHECK_FALSE(t.inside(t.root / "zones" / ".." / ".." / "outside"));
}

TEST_CASE("include root: absolute paths outside the root are refused") {
  Tree t;
  CHECK_FALSE(t.inside("/etc/passwd"));
  CHECK_FALSE(t.inside("/"));
  CHECK_FALSE(t.inside(t.outside / "secret"));
}

TEST_CASE("include root: a sibling whose name extends the root's is outside") {
  Tree t;
  fs::create_directories(t.base / "root-old");
  CHECK_FALSE(t.inside(t.base / "root-old" / "a.zone"));
  CHECK_FALSE(t.inside(t.base / "roo"));
}

TEST_CASE("include root: symlinks that lead out of the root are refused") {
  Tree t;
  fs::create_symlink(t.outside / "secret", t.root / "zones" / "link.zone");
  fs::create_directory_symlink(t.outside, t.root / "out");
  std::string resolved;
  CHECK_FALSE(zl::path_inside_include_root((t.root / "zones" / "link.zone").string(),
                                           t.root.string(), &resolved));
  CHECK(resolved == (t.outside / "secret").string());
  CHECK_FALSE(t.inside(t.root / "out" / "secret"));
  CHECK_FALSE(t.inside(t.root / "out" / "missing.zone"));
  // A symlink that stays inside is fine.
  fs::create_symlink(t.root / "zones" / "a.zone", t.root / "alias.zone");
  CHECK(t.inside(t.root / "alias.zone"));
}

TEST_CASE("include root: a root reached through a symlink is resolved too") {
  Tree t;
  fs::create_directory_symlink(t.root, t.base / "root-link");
  CHECK(zl::path_inside_include_root((t.root / "zones" / "a.zone").string(),
                                     (t.base / "root-link").string()));
  CHECK_FALSE(zl::path_inside_include_root((t.outside / "secret").string(),
                                           (t.base / "root-link").string()));
}

TEST_CASE("include root: an empty root means the current directory") {
  const fs::path cwd = fs::current_path();
  CHECK(zl::path_inside_include_root("relative/file.zone", ""));
  CHECK(zl::path_inside_include_root((cwd / "x.zone").string(), ""));
  CHECK_FALSE(zl::path_inside_include_root("../outside.zone", ""));
  CHECK_FALSE(zl::path_inside_include_root("/", ""));
}
