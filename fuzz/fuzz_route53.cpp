#include "fuzz/harness/loader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return zl::fuzz::run_loader(zl::FormatChoice::route53, data, size);
}
