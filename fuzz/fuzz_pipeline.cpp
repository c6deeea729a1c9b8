#include "fuzz/harness/pipeline.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return zl::fuzz::run_pipeline(data, size);
}
