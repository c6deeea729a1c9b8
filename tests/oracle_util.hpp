// Helpers shared by the differential tests that run a reference tool (named-checkzone,
// kzonecheck) and compare its findings with zonelint's.
#pragma once

#include <catch2/catch.hpp>

#include <unistd.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
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

// Standard output of an oracle command (named-checkzone, kzonecheck) that reads one zone file,
// `file`. With ZONELINT_ORACLE_CACHE set to a directory (scripts/test: one for its two builds,
// whose differential tests run the same oracles over the same files), the answer is kept there
// and reused for the same command over the same bytes with the same oracle versions. An entry
// holds all of that in full and is compared whole before use, so an edited file, an upgraded
// oracle or a clash of the hashed file name is a miss, never a stale answer. A file with an
// $INCLUDE (the oracle would read another file too) is never cached.
inline std::string run_oracle(const std::string& cmd, const std::filesystem::path& file) {
  const char* dir = std::getenv("ZONELINT_ORACLE_CACHE");
  if (dir == nullptr || *dir == '\0') return run_command(cmd);
  std::string text = read_file(file);
  std::string lower = text;
  for (char& c : lower)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  if (lower.find("$include") != std::string::npos) return run_command(cmd);
  static const std::string versions =
      run_command("named-checkzone -v 2>&1; kzonecheck --version 2>&1");
  const std::string key = "zonelint oracle cache 1\n" + versions + "\n" + cmd + "\n" +
                          std::to_string(text.size()) + "\n" + text;
  const std::filesystem::path entry =
      std::filesystem::path(dir) / std::to_string(std::hash<std::string>{}(key));
  std::string cached = read_file(entry);
  if (cached.size() >= key.size() && cached.compare(0, key.size(), key) == 0)
    return cached.substr(key.size());
  std::string out = run_command(cmd);
  // Written whole under a name of this process's, then renamed: a reader never sees half.
  std::filesystem::create_directories(dir);
  const std::filesystem::path tmp = entry.string() + "." + std::to_string(getpid());
  {
    std::ofstream o(tmp, std::ios::binary);
    o << key << out;
  }
  std::filesystem::rename(tmp, entry);
  return out;
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
