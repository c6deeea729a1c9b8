// Input collection: the files a PATH argument stands for.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

namespace zl {

// A path the walk could not read: an unreadable directory, a dangling symbolic link or an
// entry that vanished. `message` says which and why.
struct WalkProblem {
  std::string path;
  std::string message;
};

// Is a walked regular file a candidate input (by its name and the config's include patterns)?
using CandidateFn = std::function<bool(const std::string& path)>;

// Is a directory met by the walk (below the PATH argument) left out whole, with all it holds
// (the config's `exclude`)? It is then neither read nor entered.
using PruneFn = std::function<bool(const std::string& dir)>;

// The input files under `path`: the path itself when it is not a directory, else the files a
// walk of the directory finds, in sorted order, for which `is_candidate` is true. Hidden
// entries, FIFOs, sockets and devices are skipped, subdirectories for which `prune` is true
// (when given) are not entered, and each directory is entered once (a symbolic link loop stops
// there). Problems go to `problems`; an unreadable entry is a problem only when its name is a
// candidate's. With `canonical`, it is set to one string per file returned: the file's
// canonical_path (core/path.hpp) when the walk knows it without asking the filesystem (a
// regular file reached through no symbolic link), else "".
std::vector<std::string> collect_inputs(const std::string& path, const CandidateFn& is_candidate,
                                        std::vector<WalkProblem>& problems,
                                        const PruneFn& prune = nullptr,
                                        std::vector<std::string>* canonical = nullptr);

// Called with each input file the walk finds, in order, as soon as it is found: its path and
// its canonical path when the walk knows it (see collect_inputs), else "".
using FileFn = std::function<void(const std::string& path, const std::string& canonical)>;

// Called with the number of entries a directory holds (of any kind, hidden ones left out)
// once it is read, before any of them goes to a FileFn: an upper bound of the files it adds.
// Not called for an empty directory.
using ListedFn = std::function<void(std::size_t entries)>;

// Each regular file of a directory as the walk reads it, in the directory's own order, before
// the directory's entries are sorted and go to a FileFn: for a caller that can start on a file
// early (the loader's pool parses files while the listing of a large directory goes on, which
// otherwise kept it waiting: ~2.5 ms for 10,000 entries, the kernel's alone). `wanted` is asked
// first, and the file's paths are built only when it says yes. A hint only: the file may be
// left out later (not a candidate, named twice), and it still goes to the FileFn in its turn.
struct Preview {
  std::function<bool()> wanted;
  FileFn take;  // the path and the canonical path, as a FileFn gets them (not yet checked)
};

// collect_inputs, handing each file to `found` as the walk reaches it instead of returning
// them all at the end (so that loading can start while the walk goes on). With `listed`, also
// says how many entries each directory walked holds, before they go out; with `preview`,
// offers its files to it as they are read.
void walk_inputs(const std::string& path, const CandidateFn& is_candidate, const FileFn& found,
                 std::vector<WalkProblem>& problems, const PruneFn& prune = nullptr,
                 const ListedFn& listed = nullptr, const Preview* preview = nullptr);

// Is `path` a directory (following symbolic links)?
bool is_directory(const std::string& path);

}  // namespace zl
