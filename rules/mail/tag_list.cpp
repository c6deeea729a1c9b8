#include "rules/mail/tag_list.hpp"

#include <algorithm>
#include <cstring>

#include "rules/mail/message.hpp"

namespace zl::mail {

namespace {

bool is_alpha(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

// `s` with its non-printable bytes escaped, sized once (messages are written for tens of
// thousands of findings on a large zone, where byte-by-byte growth showed in the profile).
std::string printable(std::string_view s) {
  std::size_t n = 0;
  for (const unsigned char c : s) n += c >= 0x20 && c < 0x7f ? 1 : 4;
  // Nothing to escape (nearly always): one copy.
  if (n == s.size()) return std::string(s);
  std::string out;
  out.reserve(n);
  for (const unsigned char c : s) {
    if (c >= 0x20 && c < 0x7f) {
      out += static_cast<char>(c);
    } else {
      static const char* hex = "0123456789abcdef";
      out += "\\x";
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

// At most kQuoteMax bytes of `s` for a message, escaped, with "..." when cut. A message quotes
// the bytes at fault and the finding's span points at all of them: a DKIM key record without
// `p=` would otherwise quote its whole key (hundreds of bytes, in every such finding).
constexpr std::size_t kQuoteMax = 60;
std::string excerpt(std::string_view s) {
  if (s.size() <= kQuoteMax) return printable(s);
  return printable(s.substr(0, kQuoteMax)) + "...";
}

// Is `c` outside the base64 alphabet (letters, digits, '+', '/', '=')? 1 or 0, without
// branches, in bytes (so that a loop of these vectorises): c | 0x20 is a lower-case letter
// exactly when c is a letter of either case, and c | 4 is '/' exactly when c is '+' or '/'.
unsigned char not_base64(unsigned char c) {
  const auto letter = static_cast<unsigned char>(static_cast<unsigned char>((c | 0x20) - 'a') < 26);
  const auto digit = static_cast<unsigned char>(static_cast<unsigned char>(c - '0') < 10);
  const auto sign = static_cast<unsigned char>(static_cast<unsigned char>((c | 4) == '/') |
                                               static_cast<unsigned char>(c == '='));
  return static_cast<unsigned char>((letter | digit | sign) ^ 1U);
}

// Could `spec` be a base64 public key (RFC 6376 §3.6.1 `p=`) written without its tag name?
// Only base64 characters, and longer than any tag name or value a record would hold
// otherwise (the shortest key, an Ed25519 one, is 44 characters). dkim-syntax asks this of the
// whole key of every key record without `p=` (hundreds of bytes each, 22,000 records on the
// 1M-record bench zone), where the test byte by byte was a third of the rule's time: so the
// bytes are tested 32 at a time without branches (the compiler vectorises a loop of a fixed
// count at -O2, not one that may end early), the rest one by one.
bool looks_like_key(std::string_view spec) {
  if (spec.size() < 40) return false;
  const auto* s = reinterpret_cast<const unsigned char*>(spec.data());
  constexpr std::size_t kBlock = 32;
  std::size_t i = 0;
  for (; i + kBlock <= spec.size(); i += kBlock) {
    unsigned char bad = 0;
    for (std::size_t k = 0; k < kBlock; ++k) bad |= not_base64(s[i + k]);
    if (bad != 0) return false;
  }
  for (; i < spec.size(); ++i)
    if (not_base64(s[i]) != 0) return false;
  return true;
}

// Why `name` is not a tag name of `syntax`, or "".
std::string name_problem(std::string_view name, TagSyntax syntax) {
  if (syntax == TagSyntax::sts) {
    if (name.size() > 32) return "is longer than 32 characters";
    if (!is_alpha(name[0]) && !is_digit(name[0])) return "must start with a letter or digit";
    for (char c : name)
      if (!is_alpha(c) && !is_digit(c) && c != '_' && c != '-' && c != '.')
        return "may hold only letters, digits, '_', '-' and '.'";
    return "";
  }
  if (!is_alpha(name[0])) return "must start with a letter";
  for (char c : name)
    if (!is_alpha(c) && !is_digit(c) && c != '_') return "may hold only letters, digits and '_'";
  return "";
}

// Tags per list: at most one more than the number of ';' (parse_tag_list sizes a list of its
// own exactly, as a caller may keep it for the whole run).
std::size_t max_tags(std::string_view text) {
  return 1 + static_cast<std::size_t>(std::count(text.begin(), text.end(), ';'));
}

// The offset of the first `c` in text[from, to), or `to`: memchr, as the lists are long (a
// DKIM key record is hundreds of bytes, mostly one base64 value without ';' or '=').
std::uint32_t find_in(std::string_view text, std::uint32_t from, std::uint32_t to, char c) {
  if (from >= to) return to;
  const void* at = std::memchr(text.data() + from, c, to - from);
  return at ? static_cast<std::uint32_t>(static_cast<const char*>(at) - text.data()) : to;
}

// A byte that is neither a value character (%x21-7E) nor DKIM white space (is_tag_space with
// TagSyntax::dkim), without branches so that the loop below vectorises.
bool bad_value_char(char ch) {
  const auto c = static_cast<unsigned char>(ch);
  const bool ws = c == ' ' || c == '\t' || c == '\r' || c == '\n';
  return (static_cast<unsigned>(c > 0x7e) | static_cast<unsigned>(c < 0x21 && !ws)) != 0;
}

// Is every byte of v a value character or DKIM white space? One branch-free pass first, which
// the compiler vectorises; the byte at fault is searched only when one is bad.
bool all_value_chars(std::string_view v) {
  unsigned bad = 0;
  for (const char ch : v) bad |= static_cast<unsigned>(bad_value_char(ch));
  return bad == 0;
}

}  // namespace

bool is_tag_space(char c, TagSyntax syntax) {
  if (c == ' ' || c == '\t') return true;
  return syntax != TagSyntax::sts && (c == '\r' || c == '\n');
}

const Tag* TagListView::find(std::string_view wanted) const {
  for (const auto& t : tags)
    if (case_insensitive ? iequals(name(t), wanted) : name(t) == wanted) return &t;
  return nullptr;
}

const Tag* TagList::find(std::string_view wanted) const {
  return TagListView(*this).find(wanted);
}

Message TagListError::message(std::string_view text) const {
  const std::string_view aux = text.substr(aux_b, aux_e - aux_b);
  switch (kind) {
    case not_a_tag:
      if (syntax == TagSyntax::dkim && looks_like_key(aux))
        return Message::format<
            "'{}' is not a tag: it looks like the public key without its "
            "'p=' (a tag is 'name=value', and tags are separated by ';')">(excerpt(aux));
      return Message::format<
          "'{}' is not a tag: a tag is 'name=value', and tags are separated "
          "by ';'">(excerpt(aux));
    case no_name:
      return Message::format<"tag '{}' has no name before '='">(excerpt(aux));
    case bad_name:
      return Message::format<"tag name '{}' {}">(excerpt(aux), name_problem(aux, syntax));
    case space_at_eq:
      return Message::format<"white space around '=' in tag '{}' is not allowed">(excerpt(aux));
    case bad_value_char:
      return Message::format<"character '{}' is not allowed in the value of tag '{}'">(
          printable(text.substr(b, 1)), excerpt(aux));
    case duplicate:
      return Message::format<
          "tag '{}' appears twice; a tag list with a duplicate tag is invalid "
          "as a whole">(excerpt(aux));
  }
  return {};
}

TagList parse_tag_list(std::string_view text, TagSyntax syntax) {
  TagList out;
  // A list of its own is sized exactly (its caller may keep it); the lists that
  // parse_tag_list_into fills again and again keep their buffers, which grow to the longest.
  out.tags.reserve(max_tags(text.substr(0, kMaxTagText)));
  parse_tag_list_into(text, syntax, out);
  return out;
}

void parse_tag_list_into(std::string_view text, TagSyntax syntax, TagList& out) {
  out.tags.clear();
  out.errors.clear();
  out.text = ViewOrCopy::view(text);
  text = text.substr(0, kMaxTagText);  // Tag's offsets are 16 bits
  out.case_insensitive = syntax == TagSyntax::dmarc;
  const auto n = static_cast<std::uint32_t>(text.size());
  auto space = [&](std::uint32_t i) { return is_tag_space(text[i], syntax); };
  auto error = [&](std::uint32_t b, std::uint32_t e, TagListError::Kind kind, std::uint32_t aux_b,
                   std::uint32_t aux_e) {
    out.errors.push_back(TagListError{b, e, aux_b, aux_e, kind, syntax});
  };
  std::uint32_t pos = 0;
  while (pos <= n) {
    const std::uint32_t end = find_in(text, pos, n, ';');
    // The spec is text[pos, end).
    std::uint32_t b = pos, e = end;
    while (b < e && space(b)) ++b;
    while (e > b && space(e - 1)) --e;
    if (b < e) {
      const std::uint32_t eq = find_in(text, b, e, '=');
      if (eq == e) {
        error(b, e, TagListError::not_a_tag, b, e);
      } else {
        std::uint32_t nb = b, ne = eq;
        while (ne > nb && space(ne - 1)) --ne;
        std::uint32_t vb = eq + 1, ve = e;
        while (vb < ve && space(vb)) ++vb;
        // Below kMaxTagText: 16 bits hold them.
        const Tag t{static_cast<std::uint16_t>(nb), static_cast<std::uint16_t>(ne),
                    static_cast<std::uint16_t>(vb), static_cast<std::uint16_t>(ve)};
        const std::string_view name = t.name(text);
        bool good = true;
        if (name.empty()) {
          error(b, eq + 1, TagListError::no_name, b, e);
          good = false;
        } else if (!name_problem(name, syntax).empty()) {
          error(nb, ne, TagListError::bad_name, nb, ne);
          good = false;
        }
        if (good && syntax == TagSyntax::sts && (ne != eq || vb != eq + 1))
          error(ne, vb, TagListError::space_at_eq, nb, ne);
        // The byte at fault, looked for only in a value that has one.
        if (good && !all_value_chars(text.substr(vb, ve - vb))) {
          for (std::uint32_t i = vb; good && i < ve; ++i) {
            if (bad_value_char(text[i])) {
              error(i, i + 1, TagListError::bad_value_char, nb, ne);
              good = false;
            }
          }
        }
        if (good) {
          for (const auto& prev : out.tags) {
            const std::string_view prev_name = prev.name(text);
            const bool same = out.case_insensitive ? iequals(prev_name, name) : prev_name == name;
            if (same) {
              error(nb, ne, TagListError::duplicate, nb, ne);
              break;
            }
          }
        }
        out.tags.push_back(t);
      }
    }
    if (end == n) break;
    pos = end + 1;
  }
}

TagList parse_tag_list(ViewOrCopy text, TagSyntax syntax) {
  // The tags are byte offsets: parsed on the text where it stands, they hold for the text moved
  // into the list (an owned copy moves, a view stays the same bytes).
  TagList out = parse_tag_list(text.str(), syntax);
  out.text = std::move(text);
  return out;
}

}  // namespace zl::mail
