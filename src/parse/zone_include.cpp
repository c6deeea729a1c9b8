// $INCLUDE: the file name and origin arguments, resolving the name (relative to the including
// file, then to the include root, both confined to the root by core/include_root), the size
// limits, reading, and loading the file with the origin and owner restored afterwards.
#include <algorithm>
#include <filesystem>
#include <system_error>

#include "core/include_root.hpp"
#include "core/path.hpp"
#include "parse/zone_loader.hpp"

namespace zl::zone_detail {

namespace {

namespace fs = std::filesystem;

// Where `raw` may be: relative to the including file's folder first, then to the include root
// (BIND resolves from its working directory). An absolute name is itself.
std::vector<fs::path> include_candidates(const std::string& raw, const fs::path& including_dir,
                                         const std::string& include_root) {
  std::error_code ec;
  const fs::path root = include_root.empty() ? fs::current_path(ec) : fs::path(include_root);
  const fs::path rawp(raw);
  std::vector<fs::path> candidates;
  if (rawp.is_absolute()) {
    candidates.push_back(rawp.lexically_normal());
  } else {
    candidates.push_back((including_dir / rawp).lexically_normal());
    fs::path second = include_root.empty() ? rawp : (root / rawp);
    second = second.lexically_normal();
    if (second != candidates.front()) candidates.push_back(second);
  }
  return candidates;
}

}  // namespace

const std::string& Loader::top_canonical() {
  if (open_files_.front().empty()) open_files_.front() = canonical_path(top_path_);
  return open_files_.front();
}

void Loader::dir_include(const Entry& e) {
  if (!expect_args(e, 1, 2, "a file name (and optionally an origin) after $INCLUDE")) return;
  const Span file_span = e.span_of(e[1]);
  const std::string raw = unescape(e.str(e[1]));
  if (raw.empty()) {
    error(file_span, "empty file name after $INCLUDE");
    return;
  }
  if (raw.find('\0') != std::string::npos) {
    // The system would read the name only up to the NUL: not the file that was checked.
    error(file_span, "$INCLUDE file name " + quote(raw) + " contains a NUL byte; it is refused");
    return;
  }
  if (!need_origin(e.span_of(e[0]))) return;

  // The origin argument, relative to the current origin.
  std::optional<Name> new_origin;
  if (e.size() == 3) {
    std::string err;
    new_origin = parse_name(e.str(e[2]), *origin_, &err);
    if (!new_origin) {
      error(e.span_of(e[2]), "bad origin " + quote(e.str(e[2])) + " after $INCLUDE: " + err);
      return;
    }
  }

  if (open_files_.size() > opt_.limits.max_include_depth) {
    error(file_span, "$INCLUDE nested more than " + std::to_string(opt_.limits.max_include_depth) +
                         " files deep (--max-include-depth); " + quote(raw) + " is not read");
    return;
  }
  std::optional<IncludedFile> file = open_include(e, raw, file_span);
  if (file) load_included(e, std::move(*file), std::move(new_origin));
}

std::optional<IncludedFile> Loader::open_include(const Entry& e, const std::string& raw, Span at) {
  const fs::path including = fs::path(sources_.file(e.file).path()).parent_path();
  const std::vector<fs::path> candidates = include_candidates(raw, including, opt_.include_root);
  const auto too_big = [&](std::uint64_t bytes) {
    error(at, "$INCLUDE " + quote(raw) + " is " + std::to_string(bytes) +
                  " bytes, over the limit of " + std::to_string(opt_.limits.max_file_bytes) +
                  " (--max-file-bytes); it is not read");
  };
  std::string first_error;
  for (std::size_t i = 0; i < candidates.size(); ++i) {
    const fs::path& cand = candidates[i];
    std::error_code ec;
    const fs::path abs = fs::absolute(cand, ec);
    std::string canon_s, root_canon;
    if (!path_inside_include_root(cand.string(), opt_.include_root, &canon_s, &root_canon)) {
      if (i > 0) continue;
      error(at, "$INCLUDE " + quote(raw) + " is refused: it resolves to '" + canon_s +
                    "', outside the include root '" + root_canon +
                    "' (set the root with --include-root)");
      return std::nullopt;
    }
    if (canon_s == top_canonical() ||
        std::find(open_files_.begin() + 1, open_files_.end(), canon_s) != open_files_.end()) {
      error(at, "$INCLUDE " + quote(raw) + " is refused: it includes itself (cycle " + "through '" +
                    cand.string() + "')");
      return std::nullopt;
    }
    // Don't read files larger than the limit (nor special files) from disk at all.
    std::error_code sec;
    const auto st = fs::status(abs, sec);
    if (!sec && fs::is_regular_file(st)) {
      const auto bytes = fs::file_size(abs, sec);
      if (!sec && bytes > opt_.limits.max_file_bytes) {
        too_big(bytes);
        return std::nullopt;
      }
    }
    std::string rerr;
    std::optional<SourceText> content = reader_(cand.string(), &rerr);
    if (!content) {
      if (first_error.empty()) first_error = rerr;
      continue;
    }
    // The reader stops soon past the limit (filesystem_reader: one buffer past it): a text
    // over the limit says only that the file is longer than it (it grew after the size check
    // above, or a reader other than the file system's gave it), as the loader says of a
    // top-level file.
    if (content->size() > opt_.limits.max_file_bytes) {
      error(at, "$INCLUDE " + quote(raw) + " is longer than " +
                    std::to_string(opt_.limits.max_file_bytes) +
                    " bytes, the limit (--max-file-bytes); it is not read");
      return std::nullopt;
    }
    if (content->size() >= 0xffffffffull) {
      too_big(content->size());
      return std::nullopt;
    }
    return IncludedFile{cand.string(), std::move(canon_s), std::move(*content)};
  }
  error(at, "cannot read $INCLUDE file " + quote(raw) + ": " + first_error);
  return std::nullopt;
}

void Loader::load_included(const Entry& e, IncludedFile file, std::optional<Name> origin) {
  const FileId id = sources_.add(file.path, std::move(file.content));
  sources_.set_included_from(id, e.span());
  zone_.included_files.push_back(id);

  // The included file starts with the current owner and the given origin; both come back
  // afterwards. $TTL and the last TTL are not restored, as in BIND 9.
  mark_first_record();
  const TtlState knot_before = ttl_.knot_state();
  std::optional<Name> saved_origin = origin_;
  std::optional<Name> saved_owner;
  if (const auto cur = current_owner()) saved_owner = Name(*cur);
  if (origin) origin_ = std::move(origin);
  open_files_.push_back(std::move(file.canonical));
  parse_file(id, false);
  open_files_.pop_back();
  origin_ = std::move(saved_origin);
  set_owner(std::move(saved_owner));
  // Knot (and the reading of RFC 1035) restores the TTL context here; BIND does not.
  // Records that the difference reaches are recorded (include-ttl-leak reports them).
  ttl_.include_done(knot_before, e.span(), id);
}

}  // namespace zl::zone_detail
