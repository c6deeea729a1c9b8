// The throughput build (no ASan) checks the reports' JSON with the harness's own scanner only;
// the ASan build and the regression tests check it against nlohmann's parser on every input
// (harness/pipeline.hpp, JsonScan).
#if defined(__has_feature) && !defined(ZL_FUZZ_JSON_CROSSCHECK)
#if !__has_feature(address_sanitizer)
#define ZL_FUZZ_JSON_CROSSCHECK 0
#endif
#endif

#include "fuzz/harness/pipeline.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return zl::fuzz::run_pipeline(data, size);
}
