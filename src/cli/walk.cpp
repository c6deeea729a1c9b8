#include "cli/walk.hpp"

#include <dirent.h>
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <set>
#include <utility>

namespace zl {

namespace {

std::string join_path(const std::string& dir, const std::string& name) {
  if (!dir.empty() && dir.back() == '/') return dir + name;
  return dir + "/" + name;
}

struct WalkState {
  std::set<std::pair<dev_t, ino_t>> visited;  // directories entered (symlink loops stop here)
  const CandidateFn* is_candidate;
  const PruneFn* prune;
  std::vector<std::string>* out;
  std::vector<WalkProblem>* problems;
};

void directory_problem(WalkState& st, const std::string& dir, int e) {
  st.problems->push_back({dir, "cannot read directory '" + dir + "': " + std::strerror(e)});
}

void walk(const std::string& dir, WalkState& st) {
  DIR* d = opendir(dir.c_str());
  if (d == nullptr) {
    directory_problem(st, dir, errno);
    return;
  }
  std::vector<std::string> names;
  for (;;) {
    errno = 0;
    const dirent* e = readdir(d);
    if (e == nullptr) {
      if (errno != 0) directory_problem(st, dir, errno);
      break;
    }
    const std::string name = e->d_name;
    if (name.empty() || name.front() == '.') continue;  // ., .., .git, .zonelint.yaml, ...
    names.push_back(name);
  }
  closedir(d);
  std::sort(names.begin(), names.end());
  for (const std::string& name : names) {
    const std::string path = join_path(dir, name);
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
      walk(path, st);
    } else if (S_ISREG(s.st_mode)) {
      if ((*st.is_candidate)(path)) st.out->push_back(path);
    }
    // FIFOs, sockets and devices found by a walk are skipped: reading them could block.
  }
}

}  // namespace

bool is_directory(const std::string& path) {
  struct stat s {};
  return stat(path.c_str(), &s) == 0 && S_ISDIR(s.st_mode);
}

std::vector<std::string> collect_inputs(const std::string& path, const CandidateFn& is_candidate,
                                        std::vector<WalkProblem>& problems, const PruneFn& prune) {
  std::vector<std::string> files;
  struct stat s {};
  if (stat(path.c_str(), &s) == 0 && S_ISDIR(s.st_mode)) {
    WalkState st{{}, &is_candidate, &prune, &files, &problems};
    st.visited.insert({s.st_dev, s.st_ino});
    walk(path, st);
  } else {
    files.push_back(path);
  }
  return files;
}

}  // namespace zl
