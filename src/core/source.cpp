#include "core/source.hpp"

#include <algorithm>
#include <bit>
#include <cstring>
#include <iterator>
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
// 64 KiB come back between releases (32 MiB in theory; in practice neighbouring fields share
// pages). A release walks the mapping's page tables (microseconds). The counter is per thread:
// no cache line shared between the rules' threads. Since a zone file's fields are lexed from
// the entry's text (model/zone.hpp), every finding on a TXT record reads its entry: with 2048
// reads a release, the mail rules' findings (one each ~45 records of the 1M-record zone) held
// ~5 MiB of the file at the run's peak, with 512 about 1 (1M-record zone: peak 124 -> 121 MiB,
// the same CPU within the noise).
constexpr unsigned kQuestionsPerRelease = 512;
thread_local unsigned mapped_questions = 0;

void after_question(const SourceText& text) {
  if (text.mapped() && ++mapped_questions % kQuestionsPerRelease == 0) text.release_pages();
}
}  // namespace

SourceFile::SourceFile(std::string path, SourceText text)
    : path_(std::move(path)), text_(std::move(text)) {}

namespace {
// Whether any of the `n` bytes at `p` is >= 0x80: 64 bytes a step, or'ed together.
bool any_wide(const char* p, std::size_t n) {
  constexpr std::uint64_t kHigh = 0x8080808080808080u;
  std::size_t i = 0;
  for (; i + 64 <= n; i += 64) {
    std::uint64_t w[8];
    std::memcpy(w, p + i, sizeof w);
    if (((w[0] | w[1] | w[2] | w[3] | w[4] | w[5] | w[6] | w[7]) & kHigh) != 0) return true;
  }
  for (; i < n; ++i)
    if ((static_cast<unsigned char>(p[i]) & 0x80) != 0) return true;
  return false;
}

bool terminator(char c) {
  return c == '\n' || c == '\r';
}
}  // namespace

void scan_lines(std::string_view text, std::size_t begin, std::size_t end, LineIndex& out,
                bool tags) {
  const std::size_t n = text.size();
  end = std::min(end, n);
  if (begin >= end) return;
  const char* const base = text.data();
  // Line starts: with no \r in the range (the usual case), memchr from one \n to the next.
  // Else byte by byte: a \n ends a line, and so does a \r not followed by \n (a \r\n is
  // ended by its \n, which may be in the next range).
  if (!std::memchr(base + begin, '\r', end - begin)) {
    const char* p = base + begin;
    const char* const stop = base + end;
    while (
        (p = static_cast<const char*>(std::memchr(p, '\n', static_cast<std::size_t>(stop - p))))) {
      ++p;
      out.starts.push_back(static_cast<std::uint32_t>(p - base));
    }
  } else {
    out.has_cr = true;
    for (std::size_t i = begin; i < end; ++i) {
      const char c = base[i];
      if (c == '\n' || (c == '\r' && (i + 1 >= n || base[i + 1] != '\n')))
        out.starts.push_back(static_cast<std::uint32_t>(i + 1));
    }
  }
  // Wide lines: the start of the line of each byte >= 0x80 (after the last terminator before
  // it), then on from the end of that line.
  for (std::size_t i = begin; i < end && any_wide(base + i, end - i);) {
    while ((static_cast<unsigned char>(base[i]) & 0x80) == 0) ++i;
    std::size_t start = i;
    while (start > 0 && !terminator(base[start - 1])) --start;
    if (out.wide_lines.empty() || out.wide_lines.back() != start)
      out.wide_lines.push_back(static_cast<std::uint32_t>(start));
    while (i < end && !terminator(base[i])) ++i;
  }
  if (tags) {
    out.tags_scanned = true;
    // The tags that start in the range, wherever they end.
    const std::size_t stop = std::min(n, end + kSuppressionTag.size() - 1);
    const std::string_view window = text.substr(begin, stop - begin);
    for (std::size_t at = window.find(kSuppressionTag); at != std::string_view::npos;
         at = window.find(kSuppressionTag, at + 1))
      out.tags.push_back(static_cast<std::uint32_t>(begin + at));
  }
}

void LineStarts::push_back(std::uint32_t start) {
  const std::size_t line = lengths_.size();
  if (line % kBlock == 0) {
    block_starts_.push_back(start);
    lengths_.push_back(1);
  } else if (start > last_ && start - last_ < 256) {
    lengths_.push_back(static_cast<std::uint8_t>(start - last_));
  } else {
    lengths_.push_back(0);
    far_.push_back(Far{static_cast<std::uint32_t>(line), start});
  }
  last_ = start;
}

void LineStarts::reserve(std::size_t lines) {
  lengths_.reserve(lines);
  block_starts_.reserve(lines / kBlock + 1);
}

std::uint32_t LineStarts::far_start(std::size_t line) const {
  const auto it = std::lower_bound(far_.begin(), far_.end(), line,
                                   [](const Far& f, std::size_t l) { return f.line < l; });
  return it->start;
}

std::uint32_t LineStarts::operator[](std::size_t line) const {
  const std::size_t first = line - line % kBlock;
  std::uint32_t start = block_starts_[first / kBlock];
  for (std::size_t l = first + 1; l <= line; ++l) start = next_start(start, l);
  return start;
}

void LineStarts::pop_back() {
  const std::size_t line = lengths_.size() - 1;
  if (line % kBlock == 0)
    block_starts_.pop_back();
  else if (lengths_[line] == 0)
    far_.pop_back();
  lengths_.pop_back();
  last_ = lengths_.empty() ? 0 : (*this)[line - 1];
}

std::size_t LineStarts::count_not_above(std::uint32_t offset) const {
  return locate(offset).count;
}

LineStarts::Located LineStarts::locate(std::uint32_t offset) const {
  const auto block = std::upper_bound(block_starts_.begin(), block_starts_.end(), offset);
  if (block == block_starts_.begin()) return {};
  std::size_t line = static_cast<std::size_t>(block - block_starts_.begin() - 1) * kBlock;
  const std::size_t stop = std::min(line + kBlock, lengths_.size());
  std::uint32_t found = block[-1];
  for (std::size_t l = line + 1; l < stop; ++l) {
    const std::uint32_t start = next_start(found, l);
    if (start > offset) break;
    found = start;
    line = l;
  }
  return {line + 1, found};
}

bool LineStarts::contains(std::uint32_t offset) const {
  const std::size_t count = count_not_above(offset);
  return count > 0 && (*this)[count - 1] == offset;
}

void LineStarts::append(const LineStarts& part) {
  lengths_.reserve(lengths_.size() + part.size());
  std::uint32_t start = 0;
  for (std::size_t l = 0; l < part.size(); ++l) {
    start = l % kBlock == 0 ? part.block_starts_[l / kBlock] : part.next_start(start, l);
    push_back(start);
  }
}

std::vector<std::uint32_t> LineStarts::to_vector() const {
  std::vector<std::uint32_t> out;
  out.reserve(size());
  std::uint32_t start = 0;
  for (std::size_t l = 0; l < size(); ++l) {
    start = l % kBlock == 0 ? block_starts_[l / kBlock] : next_start(start, l);
    out.push_back(start);
  }
  return out;
}

void LineIndex::append(LineIndex&& part) {
  starts.append(part.starts);
  for (const std::uint32_t w : part.wide_lines)
    if (wide_lines.empty() || wide_lines.back() != w) wide_lines.push_back(w);
  tags.insert(tags.end(), part.tags.begin(), part.tags.end());
  has_cr = has_cr || part.has_cr;
  tags_scanned = tags_scanned || part.tags_scanned;
}

void finish_line_index(std::string_view text, LineIndex& index) {
  // A final terminator does not open a new (empty) line for reporting purposes.
  if (index.starts.size() > 1 && index.starts.back() == text.size()) index.starts.pop_back();
}

const LineIndex& SourceFile::lines() const {
  if (lines_built_.load(std::memory_order_acquire)) return lines_;
  const std::lock_guard<std::mutex> lock(lines_mutex_);
  if (lines_built_.load(std::memory_order_relaxed)) return lines_;
  LineIndex scanned;
  // Reserved from a sample of the text (at most an eighth too many, in pages never touched):
  // grown by doubling instead, the table of a 1M-line zone kept 8 MiB of capacity for 5 MiB of
  // starts through the rules phase, and copied itself about twenty times on the way.
  const std::string_view text = text_.view();
  scanned.starts.reserve(estimate_line_count(text));
  scanned.starts.push_back(0);
  // Window by window (kScanWindow), so that a mapped text's pages leave the RSS again behind
  // the pass. No tags: the suppression scan searches for them only in files that have any.
  for (std::size_t w = 0; w < text.size(); w += kScanWindow) {
    scan_lines(text, w, w + kScanWindow, scanned, false);
    text_.release_pages(w, w + kScanWindow);
  }
  finish_line_index(text, scanned);
  lines_ = std::move(scanned);
  lines_built_.store(true, std::memory_order_release);
  return lines_;
}

void SourceFile::set_line_index(LineIndex index) const {
  const std::lock_guard<std::mutex> lock(lines_mutex_);
  // A table already built (a file parsed twice) may be in use: it has the same line starts.
  if (lines_built_.load(std::memory_order_relaxed)) return;
  lines_ = std::move(index);
  lines_built_.store(true, std::memory_order_release);
}

const std::vector<std::uint32_t>* SourceFile::suppression_tags() const {
  if (!lines_built_.load(std::memory_order_acquire)) return nullptr;
  return lines_.tags_scanned ? &lines_.tags : nullptr;
}

bool SourceFile::wide_line(std::uint32_t start) const {
  const std::vector<std::uint32_t>& wide = lines().wide_lines;
  return !wide.empty() && std::binary_search(wide.begin(), wide.end(), start);
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
  offset = std::min<std::uint32_t>(offset, static_cast<std::uint32_t>(text_.size()));
  // The line and its start in one walk of the line table (line_of, then line_start, walked
  // the same block twice); an ASCII line's column needs nothing more.
  const LineStarts::Located at = line_starts().locate(offset);
  const auto line = static_cast<std::uint32_t>(at.count);
  if (offset <= at.start || !wide_line(at.start)) return LineCol{line, offset - at.start + 1};
  return LineCol{line, count_columns(slice(at.start, offset)) + 1};
}

std::uint32_t SourceFile::line_of(std::uint32_t offset) const {
  offset = std::min<std::uint32_t>(offset, static_cast<std::uint32_t>(text_.size()));
  return static_cast<std::uint32_t>(line_starts().count_not_above(offset));
}

std::uint32_t SourceFile::columns(std::uint32_t line, std::uint32_t begin,
                                  std::uint32_t end) const {
  // An ASCII line (nearly all of a zone's) has a column per byte: no need to read the text,
  // which for a mapped file would fault its pages back in (a report locates each finding).
  if (end <= begin) return 0;
  if (!wide_line(line_start(line))) return end - begin;
  const std::uint32_t cols = count_columns(slice(begin, end));
  return cols;
}

std::uint32_t SourceFile::trim_line_end(std::uint32_t begin, std::uint32_t end) const {
  const auto n = static_cast<std::uint32_t>(text_.size());
  end = std::min(end, n);
  begin = std::min(begin, end);
  const LineIndex& index = lines();
  if (index.has_cr) {
    const std::string_view text = slice(begin, end);
    std::size_t e = text.size();
    while (e > 0 && terminator(text[e - 1])) --e;
    return begin + static_cast<std::uint32_t>(e);
  }
  // Without a \r, the byte before a line start is the \n that ends the line before, and no
  // other byte is a terminator, except the file's last byte when it is a \n: the index drops
  // the empty line after it. That needs the text, but only for a span that ends there.
  while (end > begin) {
    // (end > 0: the first line's start 0 is never it.)
    const bool at_start = index.starts.contains(end);
    if (!at_start && !(end == n && text_.view()[n - 1] == '\n')) break;
    --end;
  }
  return end;
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
  const LineStarts& starts = line_starts();
  if (line == 0) return 0;
  if (line > starts.size()) return static_cast<std::uint32_t>(text_.size());
  return starts[line - 1];
}

std::string_view SourceFile::line_text(std::uint32_t line) const {
  const LineStarts& starts = line_starts();
  if (line == 0 || line > starts.size()) return {};
  const std::string_view text = text_.view();
  const std::uint32_t start = starts[line - 1];
  std::size_t b = start;
  std::size_t e = line < starts.size() ? starts.start_after(line - 1, start) : text.size();
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
  // Eight bytes a step, in unsigned arithmetic: std::count's loop, with UBSan's overflow checks
  // on its signed count and pointers (the fuzz builds), was not vectorised and compared a byte
  // at a time.
  const auto newlines = [&](std::size_t begin, std::size_t length) {
    constexpr std::uint64_t kOnes = 0x0101010101010101u;
    constexpr std::uint64_t kLow7 = kOnes * 0x7f, kHigh = kOnes * 0x80;
    const char* const p = text.data() + begin;
    std::size_t count = 0, i = 0;
    for (; i + 8 <= length; i += 8) {
      std::uint64_t w;
      std::memcpy(&w, p + i, sizeof w);
      const std::uint64_t x = w ^ (kOnes * '\n');  // a zero byte for each '\n'
      // The top bit of each byte of x that is zero, and of no other byte.
      count += static_cast<std::size_t>(std::popcount(~(((x & kLow7) + kLow7) | x) & kHigh));
    }
    for (; i < length; ++i) count += p[i] == '\n' ? 1 : 0;
    return count;
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
  // Which files are mapped is read from `other`'s list, not from the files: the loader's thread
  // appends sets that a --jobs thread loaded, whose files are not in its cache (a miss each).
  for (const FileId f : other.mapped_files_) mapped_files_.push_back(offset + f);
  files_.insert(files_.end(), std::make_move_iterator(other.files_.begin()),
                std::make_move_iterator(other.files_.end()));
  for (Span site : other.included_from_) {
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
