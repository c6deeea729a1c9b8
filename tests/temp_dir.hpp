// A scratch directory for a test: made under the system's temporary directory with a name of its
// own (mkdtemp, so that tests running in parallel never share one), removed with everything in it
// when the object goes.
#pragma once

#include <stdlib.h>  // NOLINT(modernize-deprecated-headers): mkdtemp is POSIX, not <cstdlib>

#include <filesystem>
#include <stdexcept>
#include <string>
#include <system_error>

namespace zltest {

struct TempDir {
  std::filesystem::path path;

  explicit TempDir(const std::string& prefix = "zonelint-test") {
    std::string templ = (std::filesystem::temp_directory_path() / (prefix + "-XXXXXX")).string();
    if (::mkdtemp(templ.data()) == nullptr)
      throw std::runtime_error("cannot make a temporary directory from " + templ);
    path = templ;
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
};

}  // namespace zltest
