#include "cli/walk.hpp"

#include <dirent.h>
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <set>
#include <string_view>
#include <utility>

#include "core/path.hpp"

namespace zl {

namespace {

// Sets `out` to `dir`/`name` (no second slash when `dir` ends with one), reusing its buffer:
// the walk builds two paths for each entry of a directory, and two strings made afresh for each
// (a copy of the directory, then a longer one) took four allocations an entry.
void join_path_into(std::string& out, const std::string& dir, std::string_view name) {
  out.assign(dir);
  if (out.empty() || out.back() != '/') out += '/';
  out += name;
}

struct WalkState {
  std::set<std::pair<dev_t, ino_t>> visited;  // directories entered (symlink loops stop here)
  const CandidateFn* is_candidate;
  const PruneFn* prune;
  const FileFn* found;
  const ListedFn* listed;
  std::vector<WalkProblem>* problems;
  const Preview* preview;  // or null
};

void directory_problem(WalkState& st, const std::string& dir, int e) {
  st.problems->push_back({dir, "cannot read directory '" + dir + "': " + std::strerror(e)});
}

// How many entries of a directory are sorted before the first goes to the caller.
constexpr std::size_t kFirstSorted = 256;

// `dir_canonical` is the canonical path of `dir` (core/path.hpp), or "" when unknown.
//
// Why the walk knows canonical paths for free: below a directory whose canonical path is C, an
// entry `name` that is no symbolic link (readdir's d_type says so) has the canonical path
// C/name (names are never "." or "..": hidden entries are skipped). The pipeline needs the
// canonical path of every file (a file named twice is read once); realpath() on each of
// 10,000 files costs a readlink per path component, for an answer the walk already has. A
// file of unknown type or reached through a symbolic link is left to canonical_path (""); a
// directory whose canonical path the walk does not know (reached through a link) is resolved
// once, and what is below it is known again.
//
// readdir's d_type also spares the stat() of each regular file; a symbolic link, a directory
// and an entry of unknown type (some filesystems) are still stat()ed, as before.
void walk(const std::string& dir, const std::string& dir_canonical, WalkState& st) {
  DIR* d = opendir(dir.c_str());
  if (d == nullptr) {
    directory_problem(st, dir, errno);
    return;
  }
  // The entries' names, one after the other in `names`, and where each is and its d_type: one
  // buffer for a directory, not a string per entry.
  struct Entry {
    std::size_t at, size;
    unsigned char type;
  };
  std::string names;
  std::vector<Entry> entries;
  std::string path, canonical;  // of an entry, in buffers reused from one entry to the next
  for (;;) {
    errno = 0;
    const dirent* e = readdir(d);
    if (e == nullptr) {
      if (errno != 0) directory_problem(st, dir, errno);
      break;
    }
    const std::string_view name = e->d_name;
    if (name.empty() || name.front() == '.') continue;  // ., .., .git, .zonelint.yaml, ...
    entries.push_back(Entry{names.size(), name.size(), e->d_type});
    names += name;
    // Its paths as the loop below makes them for a regular file.
    if (e->d_type == DT_REG && st.preview != nullptr && st.preview->wanted()) {
      join_path_into(path, dir, name);
      if (dir_canonical.empty())
        canonical.clear();
      else
        join_path_into(canonical, dir_canonical, name);
      st.preview->take(path, canonical);
    }
  }
  closedir(d);
  if (*st.listed && !entries.empty()) (*st.listed)(entries.size());
  const auto name_of = [&](const Entry& e) { return std::string_view(names).substr(e.at, e.size); };
  const auto before = [&](const Entry& a, const Entry& b) { return name_of(a) < name_of(b); };
  // The entries go out in sorted order, but the first ones go out before the others are
  // sorted: the caller's pool parses them meanwhile (cli/pipeline.cpp), where sorting a
  // directory of 10,000 zones first (~1 ms) kept it waiting. `sorted`: entries [0, sorted)
  // are the smallest, in order.
  std::size_t sorted = 0;
  const auto sort_from = [&](std::size_t from, std::size_t count) {
    const auto begin = entries.begin() + static_cast<std::ptrdiff_t>(from);
    const auto mid = begin + static_cast<std::ptrdiff_t>(std::min(count, entries.size() - from));
    if (mid != entries.end()) std::nth_element(begin, mid, entries.end(), before);
    std::sort(begin, mid, before);
    sorted = static_cast<std::size_t>(mid - entries.begin());
  };
  for (std::size_t i = 0; i < entries.size(); ++i) {
    if (i == sorted) sort_from(i, i == 0 ? kFirstSorted : entries.size());
    const unsigned char type = entries[i].type;
    const std::string_view name = name_of(entries[i]);
    join_path_into(path, dir, name);
    if (dir_canonical.empty() || (type != DT_REG && type != DT_DIR))
      canonical.clear();
    else
      join_path_into(canonical, dir_canonical, name);
    if (type == DT_REG) {
      if ((*st.is_candidate)(path)) (*st.found)(path, canonical);
      continue;
    }
    struct stat s {};
    if (stat(path.c_str(), &s) != 0) {
      // A dangling symlink or an entry that vanished: only worth a word if it looked like input.
      const int e = errno;
      if ((*st.is_candidate)(path)) {
        st.problems->push_back({path, "cannot read '" + path + "': " + std::strerror(e)});
      }
      continue;
    }
    if (S_ISDIR(s.st_mode)) {
      if (*st.prune && (*st.prune)(path)) continue;  // excluded: nothing under it is read
      if (!st.visited.insert({s.st_dev, s.st_ino}).second) continue;
      walk(path, !canonical.empty() ? canonical : resolve_path(path).value_or(std::string()), st);
    } else if (S_ISREG(s.st_mode)) {
      if ((*st.is_candidate)(path)) (*st.found)(path, canonical);
    }
    // FIFOs, sockets and devices found by a walk are skipped: reading them could block.
  }
}

}  // namespace

bool is_directory(const std::string& path) {
  struct stat s {};
  return stat(path.c_str(), &s) == 0 && S_ISDIR(s.st_mode);
}

void walk_inputs(const std::string& path, const CandidateFn& is_candidate, const FileFn& found,
                 std::vector<WalkProblem>& problems, const PruneFn& prune, const ListedFn& listed,
                 const Preview* preview) {
  struct stat s {};
  if (stat(path.c_str(), &s) == 0 && S_ISDIR(s.st_mode)) {
    WalkState st{{}, &is_candidate, &prune, &found, &listed, &problems, preview};
    st.visited.insert({s.st_dev, s.st_ino});
    walk(path, resolve_path(path).value_or(std::string()), st);
  } else {
    found(path, std::string());
  }
}

std::vector<std::string> collect_inputs(const std::string& path, const CandidateFn& is_candidate,
                                        std::vector<WalkProblem>& problems, const PruneFn& prune,
                                        std::vector<std::string>* canonical) {
  std::vector<std::string> files;
  if (canonical) canonical->clear();
  walk_inputs(
      path, is_candidate,
      [&](const std::string& file, const std::string& canonical_file) {
        files.push_back(file);
        if (canonical) canonical->push_back(canonical_file);
      },
      problems, prune);
  return files;
}

}  // namespace zl
