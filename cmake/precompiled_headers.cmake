# Precompiled headers (ZONELINT_PCH, on by default): the part of a cold build that is the same in
# every file. A rule file of 70 lines is over 60,000 lines after preprocessing, 98% of them the
# standard library (<string>, <vector>, <filesystem> and <chrono> through lint/context.hpp), and a
# test file adds Catch2's single header: parsing them again in each of the ~220 files was most of
# the compile time. Each target parses them once into a precompiled header (CMake's
# target_precompile_headers), which every one of its files loads instead.
#
# Only standard headers and Catch2 go in: never our own headers (a file must keep including what
# it uses, and a change to one of ours would rebuild everything through the PCH) nor PEGTL,
# nlohmann/json, yaml-cpp or CLI11 (each used by a few files only; PEGTL stays visible to the
# parse unit alone). A file that forgets an #include still compiles here, so the build without
# PCH (-DZONELINT_PCH=OFF, what scripts/clang-tidy parses) is the check that includes are
# complete.
#
# ccache: a file compiled with a PCH is cached only with sloppiness pch_defines,time_macros (and
# include_file_mtime,include_file_ctime, since the PCH is written just before the files that use
# it); without them ccache compiles such files uncached, correctly. A ccache launcher gets them
# below. clang records the header files' modification times in its PCH and refuses a PCH restored
# from the cache for another checkout: -fno-pch-timestamp leaves them out.
option(ZONELINT_PCH "Precompile the standard library and Catch2 headers (faster cold builds)" ON)

if(ZONELINT_PCH AND CMAKE_CXX_COMPILER_LAUNCHER MATCHES "ccache")
  # A normal variable shadows the cache entry for the targets created after this point.
  set(CMAKE_CXX_COMPILER_LAUNCHER
      ${CMAKE_COMMAND} -E env
      CCACHE_SLOPPINESS=pch_defines,time_macros,include_file_mtime,include_file_ctime
      ${CMAKE_CXX_COMPILER_LAUNCHER})
endif()

# The standard headers that nearly every file of the library includes, directly or through
# core/, model/ and lint/ headers.
set(ZONELINT_PCH_STD_HEADERS
    <algorithm> <array> <atomic> <charconv> <chrono> <compare> <cstddef> <cstdint> <cstdio>
    <cstring> <filesystem> <functional> <map> <memory> <mutex> <optional> <ostream> <set>
    <span> <string> <string_view> <unordered_map> <unordered_set> <utility> <vector>)

# zonelint_precompile_headers(TARGET LIBRARY|TESTS HEADER...): TARGET's files get the HEADERs
# precompiled, when ZONELINT_PCH is on (see below for g++ before 13).
function(zonelint_precompile_headers target kind)
  if(NOT ZONELINT_PCH)
    return()
  endif()
  set(old_gnu FALSE)
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
    set(old_gnu TRUE)
  endif()
  # g++ before 13 does not keep `#pragma GCC diagnostic` in a PCH (GCC bug 64117). libstdc++'s
  # <bits/char_traits.h> turns off three middle-end warnings for its own code, whose false
  # positives in std::string (inlined into our code at -O2) g++ 12 reports otherwise, an error
  # under -Werror (rules/meta/ttl_inherited.cpp: -Warray-bounds on a Note's string moved into
  # a vector). With a PCH they would be off in the whole target. So with g++ 12 only the tests
  # get one (Catch2's header is most of their parse time) and lose those three warnings; the
  # library, the code users run, keeps every warning and builds without a PCH.
  if(old_gnu AND kind STREQUAL "LIBRARY")
    return()
  endif()
  target_precompile_headers(${target} PRIVATE ${ARGN})
  if(CMAKE_CXX_COMPILER_ID MATCHES "Clang")
    target_compile_options(${target} PRIVATE -Xclang -fno-pch-timestamp)
  endif()
  if(old_gnu)
    target_compile_options(${target} PRIVATE -Wno-array-bounds -Wno-stringop-overflow
                                             -Wno-stringop-overread)
  endif()
endfunction()
