#include "fuzz/harness/name.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return zl::fuzz::run_name(data, size);
}
