// Include-root confinement: an input may make zonelint read another file ($INCLUDE, an octoDNS
// manager config's provider directory) only inside the include root, so that a pull request
// cannot point the linter at the CI runner's files. Every front end that opens a file named by
// input data asks this one function.
#pragma once

#include <string>

namespace zl {

// Whether `path` lies inside the include root `root` ("" = the current directory) once both
// are made absolute, their symlinks resolved and `..` removed (resolve_path). Components are
// compared whole, so /srv/zones-old is not inside /srv/zones. When either cannot be resolved
// the answer is no. Sets `resolved` and `resolved_root` (when given) to the resolved paths
// (or their lexical forms when resolution failed), for messages.
bool path_inside_include_root(const std::string& path, const std::string& root,
                              std::string* resolved = nullptr,
                              std::string* resolved_root = nullptr);

}  // namespace zl
