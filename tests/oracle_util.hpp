// Helpers shared by the differential tests that run a reference tool (named-checkzone,
// kzonecheck) and compare its findings with zonelint's.
#pragma once

#include <catch2/catch.hpp>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace zltest {

// Lower-case, without the final dot (except for the root): the form both tools' names are
// compared in.
inline std::string lower_dotless(std::string s) {
  for (char& c : s)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  if (s.size() > 1 && s.back() == '.') s.pop_back();
  return s;
}

// Standard output of a shell command (append 2>&1 to get its errors too).
inline std::string run_command(const std::string& cmd) {
  std::string out;
  FILE* p = popen(cmd.c_str(), "r");
  REQUIRE(p);
  std::array<char, 4096> buf{};
  while (std::fgets(buf.data(), buf.size(), p)) out += buf.data();
  pclose(p);
  return out;
}

inline std::string read_file(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// Rows of a corpus MANIFEST.tsv, header skipped.
inline std::vector<std::vector<std::string>> read_tsv(const std::filesystem::path& p) {
  std::stringstream in(read_file(p));
  std::vector<std::vector<std::string>> rows;
  std::string line;
  std::getline(in, line);
  while (std::getline(in, line)) {
    std::vector<std::string> cols;
    std::stringstream ls(line);
    std::string c;
    while (std::getline(ls, c, '\t')) cols.push_back(c);
    rows.push_back(std::move(cols));
  }
  return rows;
}

// Compares one input's keys (comparable findings) from the oracle and from zonelint. Each key
// only one side has goes into `seen` as "<label> | <oracle> | key" or "<label> | zonelint | key";
// returns how many of the oracle's keys zonelint has too.
inline std::size_t compare_keys(const std::string& label, const std::string& oracle,
                                const std::set<std::string>& theirs,
                                const std::set<std::string>& ours, std::set<std::string>& seen) {
  std::size_t agreed = 0;
  for (const auto& k : theirs) {
    if (ours.count(k))
      ++agreed;
    else
      seen.insert(label + " | " + oracle + " | " + k);
  }
  for (const auto& k : ours)
    if (!theirs.count(k)) seen.insert(label + " | zonelint | " + k);
  return agreed;
}

}  // namespace zltest
