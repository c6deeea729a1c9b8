#include "core/source.hpp"

#include <algorithm>
#include <cstring>
#include <utility>

#include "core/file_mapping.hpp"

namespace zl {

std::string_view to_string(InputFormat f) {
  switch (f) {
    case InputFormat::zone:
      return "zone";
    case InputFormat::octodns:
      return "octodns";
    case InputFormat::dnscontrol:
      return "dnscontrol";
    case InputFormat::route53:
      return "route53";
    case InputFormat::terraform:
      return "terraform";
    case InputFormat::config:
      return "config";
    case InputFormat::other:
      return "other";
  }
  return "other";
}

SourceText::SourceText() = default;
SourceText::SourceText(std::string text) : owned_(std::move(text)) {}
SourceText::SourceText(std::unique_ptr<FileMapping> mapping)
    : mapping_(std::move(mapping)), mapped_(mapping_ ? mapping_->text() : std::string_view()) {}
SourceText::SourceText(SourceText&& other) noexcept
    : owned_(std::move(other.owned_)),
      mapping_(std::move(other.mapping_)),
      mapped_(std::exchange(other.mapped_, {})) {}
SourceText& SourceText::operator=(SourceText&& other) noexcept {
  owned_ = std::move(other.owned_);
  mapping_ = std::move(other.mapping_);
  mapped_ = std::exchange(other.mapped_, {});
  return *this;
}
SourceText::~SourceText() = default;

void SourceText::release_pages(std::size_t begin, std::size_t end) const {
  if (mapping_) mapping_->release_pages(begin, end);
}

namespace {
// The window of the passes over a whole text (the line table, SourceFile::find) after which a
// mapped text's pages are released: at most this much of a large file is brought back into the
// RSS by such a pass. A multiple of the page size, so that no page is released twice.
constexpr std::size_t kScanWindow = std::size_t{4} << 20;

// The rules read fields of records all over a file (SourceFile::slice), the reporters ask a
// line/column question (or for a line's text) per finding: spread over a large mapped file,
// these reads would bring back its pages one by one until the whole text is resident again
// (the 1M-record bench zone's targets rules and its 64k findings touch most of its 14k pages,
// 55 MB, late in the run, at its peak). So every kQuestionsPerRelease such reads of a mapped
// text on a thread, that file's pages are released. A read touches a page or two, but a fault
// maps up to 64 KiB around it (the kernel's fault-around), so at most kQuestionsPerRelease x
// 64 KiB come back between releases (128 MiB in theory; in practice neighbouring fields share
// pages). A release walks the mapping's page tables (microseconds). The counter is per thread:
// no cache line shared between the rules' threads.
constexpr unsigned kQuestionsPerRelease = 2048;
thread_local unsigned mapped_questions = 0;

void after_question(const SourceText& text) {
  if (text.mapped() && ++mapped_questions % kQuestionsPerRelease == 0) text.release_pages();
}
}  // namespace

SourceFile::SourceFile(std::string path, SourceText text)
    : path_(std::move(path)), text_(std::move(text)) {}

const std::vector<std::uint32_t>& SourceFile::line_starts() const {
  if (lines_built_.load(std::memory_order_acquire)) return line_starts_;
  const std::lock_guard<std::mutex> lock(lines_mutex_);
  if (lines_built_.load(std::memory_order_relaxed)) return line_starts_;
  std::vector<std::uint32_t> starts;
  // Reserved from a sample of the text (at most an eighth too many, in pages never touched):
  // grown by doubling instead, the table of a 1M-line zone kept 8 MiB of capacity for 5 MiB of
  // starts through the rules phase, and copied itself about twenty times on the way.
  const std::string_view text = text_.view();
  starts.reserve(estimate_line_count(text));
  starts.push_back(0);
  const std::size_t n = text.size();
  const char* const begin = text.data();
  // Window by window (kScanWindow), so that a mapped text's pages leave the RSS again behind the
  // pass. `i` is the next byte to look at: past the window's end when a \r\n straddles it.
  std::size_t i = 0;
  for (std::size_t w = 0; w < n; w += kScanWindow) {
    const std::size_t w_end = std::min(n, w + kScanWindow);
    if (i < w_end && !std::memchr(begin + i, '\r', w_end - i)) {
      // Only \n ends lines here (the usual case): memchr from one to the next.
      const char* p = begin + i;
      const char* const end = begin + w_end;
      while (
          (p = static_cast<const char*>(std::memchr(p, '\n', static_cast<std::size_t>(end - p))))) {
        ++p;
        starts.push_back(static_cast<std::uint32_t>(p - begin));
      }
    } else {
      for (; i < w_end; ++i) {
        const char c = text[i];
        if (c == '\n') {
          starts.push_back(static_cast<std::uint32_t>(i + 1));
        } else if (c == '\r') {
          if (i + 1 < n && text[i + 1] == '\n') ++i;
          starts.push_back(static_cast<std::uint32_t>(i + 1));
        }
      }
    }
    i = std::max(i, w_end);
    text_.release_pages(w, w_end);
  }
  // A final terminator does not open a new (empty) line for reporting purposes.
  if (starts.size() > 1 && starts.back() == n) starts.pop_back();
  line_starts_ = std::move(starts);
  lines_built_.store(true, std::memory_order_release);
  return line_starts_;
}

std::string_view SourceFile::slice(std::uint32_t begin, std::uint32_t end) const {
  const std::string_view text = text_.view();
  const std::size_t n = text.size();
  const std::size_t b = std::min<std::size_t>(begin, n);
  const std::size_t e = std::clamp<std::size_t>(end, b, n);
  after_question(text_);  // the bytes stay readable: a released page faults back in
  return text.substr(b, e - b);
}

namespace {
// Number of code points in bytes [b, e): every byte that is not a UTF-8 continuation byte
// starts a new column. Invalid sequences thus count one column per stray byte.
std::uint32_t count_columns(std::string_view s) {
  std::uint32_t cols = 0;
  for (unsigned char c : s) {
    if ((c & 0xC0) != 0x80) ++cols;
  }
  return cols;
}
}  // namespace

LineCol SourceFile::line_col(std::uint32_t offset) const {
  const std::vector<std::uint32_t>& starts = line_starts();
  const std::string_view text = text_.view();
  offset = std::min<std::uint32_t>(offset, static_cast<std::uint32_t>(text.size()));
  auto it = std::upper_bound(starts.begin(), starts.end(), offset);
  const auto line_index = static_cast<std::uint32_t>(it - starts.begin()) - 1;
  const std::uint32_t start = starts[line_index];
  const LineCol at{line_index + 1, count_columns(text.substr(start, offset - start)) + 1};
  after_question(text_);
  return at;
}

std::size_t SourceFile::find(std::string_view needle) const {
  const std::string_view text = text_.view();
  if (!text_.mapped() || needle.empty()) return text.find(needle);
  for (std::size_t w = 0; w < text.size(); w += kScanWindow) {
    // The window, and as much of the next one as a match that starts in this one can take.
    const std::size_t at = text.substr(w, kScanWindow + needle.size() - 1).find(needle);
    text_.release_pages(w, w + kScanWindow);
    if (at != std::string_view::npos) return w + at;
  }
  return std::string_view::npos;
}

std::uint32_t SourceFile::line_start(std::uint32_t line) const {
  const std::vector<std::uint32_t>& starts = line_starts();
  if (line == 0) return 0;
  if (line > starts.size()) return static_cast<std::uint32_t>(text_.size());
  return starts[line - 1];
}

std::string_view SourceFile::line_text(std::uint32_t line) const {
  const std::vector<std::uint32_t>& starts = line_starts();
  if (line == 0 || line > starts.size()) return {};
  const std::string_view text = text_.view();
  std::size_t b = starts[line - 1];
  std::size_t e = line < starts.size() ? starts[line] : text.size();
  while (e > b && (text[e - 1] == '\n' || text[e - 1] == '\r')) --e;
  after_question(text_);  // the bytes stay readable: a released page faults back in
  return text.substr(b, e - b);
}

std::uint32_t SourceFile::offset_of(std::uint32_t line, std::uint32_t column) const {
  const std::uint32_t start = line_start(line);
  const std::string_view text = line_text(line);
  std::uint32_t col = 1;
  std::uint32_t i = 0;
  while (i < text.size() && col < column) {
    ++i;
    while (i < text.size() && (static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) ++i;
    ++col;
  }
  return start + i;
}

std::size_t estimate_line_count(std::string_view text) {
  constexpr std::size_t kWindow = std::size_t{64} << 10, kWindows = 16;
  const auto newlines = [&](std::size_t begin, std::size_t length) {
    return static_cast<std::size_t>(
        std::count(text.data() + begin, text.data() + begin + length, '\n'));
  };
  if (text.size() <= kWindow * kWindows) return newlines(0, text.size()) + 1;
  const std::size_t step = (text.size() - kWindow) / (kWindows - 1);
  std::size_t sampled = 0;
  for (std::size_t k = 0; k < kWindows; ++k) sampled += newlines(k * step, kWindow);
  // sampled <= 2^20, so the product stays far below 2^64 for any file under 2^40 bytes.
  const std::size_t scaled = sampled * text.size() / (kWindow * kWindows);
  return scaled + scaled / 8 + 1;
}

FileId SourceSet::add(std::string path, SourceText text) {
  if (text.mapped()) mapped_files_.push_back(static_cast<FileId>(files_.size()));
  files_.push_back(std::make_unique<SourceFile>(std::move(path), std::move(text)));
  included_from_.push_back(Span{});
  return static_cast<FileId>(files_.size() - 1);
}

void SourceSet::release_pages() const {
  for (const FileId f : mapped_files_) files_[f]->release_pages();
}

void SourceSet::set_included_from(FileId file, Span directive) {
  included_from_.at(file) = directive;
}

FileId SourceSet::append(SourceSet&& other) {
  const auto offset = static_cast<FileId>(files_.size());
  for (std::size_t i = 0; i < other.files_.size(); ++i) {
    if (other.files_[i]->mapped()) mapped_files_.push_back(static_cast<FileId>(offset + i));
    files_.push_back(std::move(other.files_[i]));
    Span site = other.included_from_[i];
    if (site.valid()) site.file += offset;
    included_from_.push_back(site);
  }
  other.files_.clear();
  other.included_from_.clear();
  other.mapped_files_.clear();
  return offset;
}

std::vector<Span> SourceSet::include_chain(FileId file) const {
  std::vector<Span> chain;
  FileId f = file;
  while (f < included_from_.size() && included_from_[f].valid() && chain.size() < 64) {
    chain.push_back(included_from_[f]);
    f = included_from_[f].file;
  }
  return chain;
}

}  // namespace zl
