// Comparison hooks in front of libFuzzer's, linked through the linker's --wrap
// (fuzz/CMakeLists.txt, ZONELINT_FUZZ_CMP_FILTER): the instrumented code calls these, and they
// pass on to libFuzzer's (__real_...) only the comparisons the search can use. README.md,
// "Throughput", sixth pass, has the measurements.
//
// What libFuzzer does with a comparison (LLVM's FuzzerTracePC.cpp, TracePC::HandleCmp): a 4- or
// 8-byte one goes into a table of recent comparisons, from which the CMP mutation takes one
// operand's bytes to look for in the input and puts the other operand's there (or anywhere);
// every width also sets bits in the value-profile map, which is read only with
// -use_value_profile=1. So, without the value profile:
// - a 1- or 2-byte comparison steers nothing: dropped;
// - an 8-byte one helps only if its bytes can be in the input: every input of these targets is
//   text (zone files, YAML, JSON, "TYPE\nRDATA"), and the 8-byte comparisons of text are the
//   8-character string constants a compiler inlines (a keyword compared with `==`); pointers,
//   sizes, offsets and hashes, most of the 8-byte comparisons, are not 8 printable characters.
//   So an 8-byte comparison goes on when either operand is 8 printable ASCII bytes.
// The 4-byte hooks, the switch hook and the memcmp/strcmp family are not wrapped: all of them
// reach libFuzzer as before. With -use_value_profile=1 on the command line every comparison
// goes on (LLVMFuzzerInitialize below), so a value-profile run loses nothing.
#include <cstdint>
#include <cstring>

// The names are the linker's (--wrap=SYMBOL sends calls to __wrap_SYMBOL, __real_SYMBOL is the
// original): reserved identifiers, on purpose.
#pragma clang diagnostic ignored "-Wreserved-identifier"

namespace {
bool g_pass_all = false;  // -use_value_profile=1: every comparison to libFuzzer

// 8 bytes, each 0x20 to 0x7e.
inline bool printable8(std::uint64_t v) {
  constexpr std::uint64_t kLow = 0x2020202020202020ULL;   // each byte >= 0x20 ...
  constexpr std::uint64_t kHigh = 0x0101010101010101ULL;  // ... and each byte + 1 <= 0x7f
  constexpr std::uint64_t kTop = 0x8080808080808080ULL;
  return (((v - kLow) | (v + kHigh)) & kTop) == 0 && (v & kTop) == 0;
}
}  // namespace

#define ZL_HOOK                                                                    \
  extern "C" __attribute__((no_sanitize("coverage", "address", "undefined"), used, \
                            visibility("default")))

extern "C" {
void __real___sanitizer_cov_trace_cmp1(std::uint8_t, std::uint8_t);
void __real___sanitizer_cov_trace_const_cmp1(std::uint8_t, std::uint8_t);
void __real___sanitizer_cov_trace_cmp2(std::uint16_t, std::uint16_t);
void __real___sanitizer_cov_trace_const_cmp2(std::uint16_t, std::uint16_t);
void __real___sanitizer_cov_trace_cmp8(std::uint64_t, std::uint64_t);
void __real___sanitizer_cov_trace_const_cmp8(std::uint64_t, std::uint64_t);
}

// Each passes on as a tail call (musttail), so libFuzzer sees the caller's return address, which
// is what the value profile keys on.
ZL_HOOK void __wrap___sanitizer_cov_trace_cmp1(std::uint8_t a, std::uint8_t b) {
  if (g_pass_all) {
    [[clang::musttail]] return __real___sanitizer_cov_trace_cmp1(a, b);
  }
}
ZL_HOOK void __wrap___sanitizer_cov_trace_const_cmp1(std::uint8_t a, std::uint8_t b) {
  if (g_pass_all) {
    [[clang::musttail]] return __real___sanitizer_cov_trace_const_cmp1(a, b);
  }
}
ZL_HOOK void __wrap___sanitizer_cov_trace_cmp2(std::uint16_t a, std::uint16_t b) {
  if (g_pass_all) {
    [[clang::musttail]] return __real___sanitizer_cov_trace_cmp2(a, b);
  }
}
ZL_HOOK void __wrap___sanitizer_cov_trace_const_cmp2(std::uint16_t a, std::uint16_t b) {
  if (g_pass_all) {
    [[clang::musttail]] return __real___sanitizer_cov_trace_const_cmp2(a, b);
  }
}
ZL_HOOK void __wrap___sanitizer_cov_trace_cmp8(std::uint64_t a, std::uint64_t b) {
  if (g_pass_all || printable8(a) || printable8(b)) {
    [[clang::musttail]] return __real___sanitizer_cov_trace_cmp8(a, b);
  }
}
ZL_HOOK void __wrap___sanitizer_cov_trace_const_cmp8(std::uint64_t a, std::uint64_t b) {
  if (g_pass_all || printable8(a) || printable8(b)) {
    [[clang::musttail]] return __real___sanitizer_cov_trace_const_cmp8(a, b);
  }
}

// libFuzzer calls this once, before the first input, with its command line.
extern "C" int LLVMFuzzerInitialize(int* argc, char*** argv) {
  for (int i = 1; i < *argc; ++i) {
    const char* arg = (*argv)[i];
    if (std::strncmp(arg, "-use_value_profile=", 19) == 0 && std::strcmp(arg + 19, "0") != 0)
      g_pass_all = true;
  }
  return 0;
}
