#include "fuzz/harness/config_loader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return zl::fuzz::run_config(data, size);
}
