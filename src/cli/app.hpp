// The command-line application: parse the command line (cli/options.hpp), run the pipeline
// (cli/pipeline.hpp) and write the reports (cli/output.hpp). main() only calls run().
//
// Exit codes: 0 nothing at or above the fail threshold, 1 findings at or above it, 2 usage,
// configuration or I/O error. --exit-zero turns 1 into 0; 2 stays 2.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

namespace zl {

// Runs zonelint with `args` (args[0] is the program name). Reports go to `out` or to files;
// messages about usage and errors go to `err`. Frees everything it allocated (tests call it
// in-process, many times).
int run(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
// main()'s entry point: standard output and error, and no freeing of the run's zones and
// findings before the process exits (the reports are written and flushed first).
int run(int argc, char** argv);

}  // namespace zl
