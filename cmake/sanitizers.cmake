# The compile flags of the AddressSanitizer + UndefinedBehaviorSanitizer builds: the main
# project's ZONELINT_SANITIZE (CMakeLists.txt) and the fuzz targets (fuzz/CMakeLists.txt), which
# must be instrumented as the library they link. No recovery: a report fails the test or the
# fuzzer; frame pointers for the reports' stacks. Link with -fsanitize=address,undefined.
set(ZONELINT_SANITIZER_FLAGS -fsanitize=address,undefined -fno-omit-frame-pointer
                             -fno-sanitize-recover=all)
