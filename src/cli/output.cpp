#include "cli/output.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <ostream>
#include <set>
#include <sstream>
#include <utility>

#include "core/parallel.hpp"

namespace zl {

namespace {

std::string errno_text(int e) {
  return std::strerror(e);
}

bool write_all(int fd, std::string_view data, std::string* error) {
  while (!data.empty()) {
    const ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      *error = errno_text(errno);
      return false;
    }
    data.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

// Colour for a human report: --color always/never, then NO_COLOR, then FORCE_COLOR (colour
// even in a file or a pipe, like --color always), then whether standard output is a terminal.
bool use_color(ColorMode mode, bool to_terminal) {
  if (mode == ColorMode::always) return true;
  if (mode == ColorMode::never) return false;
  const char* no_color = std::getenv("NO_COLOR");
  if (no_color != nullptr && *no_color != '\0') return false;
  const char* force_color = std::getenv("FORCE_COLOR");
  if (force_color != nullptr && *force_color != '\0') return true;
  if (!to_terminal) return false;
  const char* term = std::getenv("TERM");
  return term == nullptr || std::string_view(term) != "dumb";
}

// --statistics: one line per rule and severity, the most frequent first (then by rule id).
std::string statistics_table(std::span<const Diagnostic> diagnostics) {
  std::map<std::pair<std::string, Severity>, std::size_t> counts;
  for (const Diagnostic& d : diagnostics) ++counts[{std::string(d.rule), d.severity}];
  std::vector<std::pair<std::pair<std::string, Severity>, std::size_t>> rows(counts.begin(),
                                                                             counts.end());
  std::stable_sort(rows.begin(), rows.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
  std::size_t count_width = 1, id_width = 1;
  for (const auto& [key, n] : rows) {
    count_width = std::max(count_width, std::to_string(n).size());
    id_width = std::max(id_width, key.first.size());
  }
  std::string table;
  for (const auto& [key, n] : rows) {
    const std::string count = std::to_string(n);
    table += std::string(count_width - count.size(), ' ') + count + "  " + key.first +
             std::string(id_width - key.first.size(), ' ') + "  " +
             std::string(to_string(key.second)) + '\n';
  }
  return table;
}

}  // namespace

bool plan_outputs(const Options& o, std::vector<OutputTarget>* targets, std::string* error) {
  std::vector<OutputSpec> specs = o.outputs;
  if (specs.empty()) specs.push_back(OutputSpec{ReportFormat::human, ""});
  std::set<std::string> files_used;
  int to_stdout = 0;
  for (const OutputSpec& s : specs) {
    std::string file = !s.file.empty() ? s.file : o.output;
    if (file == "-") file.clear();
    if (file.empty()) {
      ++to_stdout;
    } else if (!files_used.insert(file).second) {
      *error = "two reports would be written to '" + file + "'";
      return false;
    }
    targets->push_back(OutputTarget{s, file});
  }
  if (to_stdout > 1) {
    *error =
        "only one report can go to standard output; give the others a file "
        "(--format FORMAT:FILE)";
    return false;
  }
  return true;
}

int write_reports(const Options& o, const std::vector<OutputTarget>& targets, const ReportInput& in,
                  std::ostream& out, std::ostream& err, bool out_is_terminal) {
  std::unique_ptr<std::ofstream> summary_file;
  int status = kExitClean;
  for (const OutputTarget& t : targets) {
    ReportOptions ro;
    ro.quiet = o.quiet;
    ro.jobs = o.jobs > 0 ? o.jobs : default_jobs();
    ro.color = use_color(o.color, t.file.empty() && out_is_terminal);
    if (t.spec.format == ReportFormat::github) {
      const char* path = std::getenv("GITHUB_STEP_SUMMARY");
      if (path != nullptr && *path != '\0' && !summary_file) {
        summary_file = std::make_unique<std::ofstream>(path, std::ios::app | std::ios::binary);
        if (!*summary_file) {
          err << "zonelint: warning: cannot append to GITHUB_STEP_SUMMARY '" << path << "'\n";
          summary_file.reset();
        }
      }
      ro.step_summary = summary_file.get();
    }
    const auto write_report = [&](std::ostream& to) {
      if (o.statistics && t.spec.format == ReportFormat::human) {
        to << statistics_table(in.diagnostics);  // replaces the human report, as in ruff
      } else {
        make_reporter(t.spec.format, ro)->write(to, in);
      }
    };
    if (t.file.empty()) {
      // Straight to standard output: a large report is not held in memory a second time.
      write_report(out);
    } else {
      // A file gets the whole report at once (written and renamed atomically).
      std::ostringstream text;
      write_report(text);
      std::string why;
      if (!write_file_atomically(t.file, std::move(text).str(), &why)) {
        err << "zonelint: error: cannot write '" << t.file << "': " << why << '\n';
        status = kExitError;
      }
    }
  }
  out.flush();
  if (!out) {
    err << "zonelint: error: cannot write to standard output\n";
    return kExitError;
  }
  if (summary_file) summary_file->flush();
  return status;
}

bool write_file_atomically(const std::string& path, std::string_view content, std::string* error) {
  const std::filesystem::path target(path);
  std::string dir = target.parent_path().string();
  if (dir.empty()) dir = ".";
  std::string tmp =
      dir + (dir.back() == '/' ? "" : "/") + "." + target.filename().string() + ".tmp-XXXXXX";
  const int fd = mkstemp(tmp.data());
  if (fd < 0) {
    *error = errno_text(errno);
    return false;
  }
  // The permissions a plain create would give (mkstemp makes 0600), or those of the file
  // being replaced.
  struct stat old {};
  mode_t mode;
  if (stat(path.c_str(), &old) == 0 && S_ISREG(old.st_mode)) {
    mode = old.st_mode & 07777;
  } else {
    const mode_t mask = umask(0);
    umask(mask);
    mode = 0666 & ~mask;
  }
  bool ok = fchmod(fd, mode) == 0 || (*error = errno_text(errno), false);
  ok = ok && write_all(fd, content, error);
  ok = ok && (fsync(fd) == 0 || (*error = errno_text(errno), false));
  if (::close(fd) != 0 && ok) {
    *error = errno_text(errno);
    ok = false;
  }
  ok = ok && (std::rename(tmp.c_str(), path.c_str()) == 0 || (*error = errno_text(errno), false));
  if (!ok) {
    ::unlink(tmp.c_str());
    return false;
  }
  // Make the rename itself durable (best effort: some file systems refuse to sync a directory).
  const int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY);
  if (dfd >= 0) {
    (void)fsync(dfd);
    ::close(dfd);
  }
  return true;
}

}  // namespace zl
