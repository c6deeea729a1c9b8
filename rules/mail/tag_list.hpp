// `tag=value` lists, the syntax shared by DKIM key records (RFC 6376 §3.2), DMARC (RFC 7489
// §6.4 and its successor), MTA-STS (RFC 8461 §3.1) and TLS-RPT (RFC 8460 §3), each with its own
// whitespace and character rules. The parser keeps every tag's name and value as byte ranges of
// the text it was given (a JoinedTxt's text), so a finding can point at the tag in the file.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/ascii.hpp"
#include "core/diagnostic.hpp"
#include "core/view_or_copy.hpp"

namespace zl::mail {

enum class TagSyntax : std::uint8_t {
  // RFC 6376 §3.2: tag-name = ALPHA *(ALPHA / DIGIT / "_"), case-sensitive; folding white
  // space (SP, HTAB, CR, LF) around names, '=' and values; values are VALCHARs (%x21-3A /
  // %x3C-7E) with inner white space.
  dkim,
  // DMARC: the DKIM syntax, but names are case-insensitive (ABNF literal strings).
  dmarc,
  // MTA-STS and TLS-RPT: name = (ALPHA / DIGIT) *31(ALPHA / DIGIT / "_" / "-" / "."),
  // case-sensitive; white space only around ';' (none around '='). Values are not checked
  // beyond printable ASCII: extension values exclude '=' and white space, but TLS-RPT's rua
  // holds URIs (with '=' in queries, white space around commas): the rules check them.
  sts,
};

// The longest text a tag list is parsed from: a TXT record's joined text is shorter (its rdata
// is at most 65,535 bytes), and Tag's offsets are 16 bits.
inline constexpr std::size_t kMaxTagText = 0xFFFF;

// A tag as byte ranges of the text it was parsed from (8 bytes: the DMARC memo keeps every tag
// of every DMARC record of the run, 250,000 on the 1M-record bench zone; 16 bytes with 32-bit
// offsets). TagList::name and TagList::value give the bytes.
struct Tag {
  std::uint16_t name_b = 0, name_e = 0;
  std::uint16_t value_b = 0, value_e = 0;  // trimmed of white space; value_b == value_e if empty

  // The name and value in `text`, the text given to parse_tag_list.
  std::string_view name(std::string_view text) const {
    return text.substr(name_b, name_e - name_b);
  }
  std::string_view value(std::string_view text) const {
    return text.substr(value_b, value_e - value_b);
  }
};
static_assert(sizeof(Tag) == 8);

// A syntax error of a tag list. The message is written when a finding asks for it, from the
// text the list was parsed from: parsed lists are kept for the whole run (the mail memos hold
// every DKIM and DMARC record of a zone). A message quotes the bytes at fault, cut after 60
// bytes with "..." (the finding's span covers them all; a DKIM key without `p=` is hundreds).
struct TagListError {
  enum Kind : std::uint8_t {
    not_a_tag,       // a spec without '=' (aux: the spec)
    no_name,         // nothing before '=' (aux: the spec)
    bad_name,        // a malformed name (aux: the name)
    space_at_eq,     // STS: white space around '=' (aux: the name)
    bad_value_char,  // a byte outside the value characters (aux: the name)
    duplicate,       // a tag seen before (aux: the name)
  };
  std::uint32_t b = 0, e = 0;          // the offending bytes of the text
  std::uint32_t aux_b = 0, aux_e = 0;  // the bytes the message quotes besides (see Kind)
  Kind kind = not_a_tag;
  TagSyntax syntax = TagSyntax::dkim;

  // Lower-case, quotes the bytes, says what the syntax wants (a Message: the wording is not
  // copied, core/diagnostic.hpp). `text` is the text given to parse_tag_list.
  Message message(std::string_view text) const;
};

struct TagList {
  std::vector<Tag> tags;  // in order, duplicates included
  std::vector<TagListError> errors;
  // The text given to parse_tag_list: a view, or a copy the list owns (see ViewOrCopy).
  ViewOrCopy text;
  bool case_insensitive = false;  // names compare without case (DMARC)

  // The name and value of one of `tags`.
  std::string_view name(const Tag& t) const { return t.name(text.str()); }
  std::string_view value(const Tag& t) const { return t.value(text.str()); }
  // The first tag named `name`, or nullptr.
  const Tag* find(std::string_view name) const;
  bool ok() const { return errors.empty(); }
};

// A tag list read in place: a TagList's parts, or those of a list that a memo keeps in arrays
// shared by all its records (mail::dmarc_txt: no vectors per record). The same readers as
// TagList; the text and the arrays must outlive the view.
struct TagListView {
  std::span<const Tag> tags;
  std::span<const TagListError> errors;
  std::string_view text;
  bool case_insensitive = false;

  TagListView() = default;
  TagListView(std::span<const Tag> t, std::span<const TagListError> e, std::string_view x, bool ci)
      : tags(t), errors(e), text(x), case_insensitive(ci) {}
  // Implicit: the readers of a view take a TagList too.
  TagListView(const TagList& l)  // NOLINT(google-explicit-constructor)
      : tags(l.tags), errors(l.errors), text(l.text.str()), case_insensitive(l.case_insensitive) {}

  std::string_view name(const Tag& t) const { return t.name(text); }
  std::string_view value(const Tag& t) const { return t.value(text); }
  const Tag* find(std::string_view name) const;
  bool ok() const { return errors.empty(); }
};

// Splits `text` at ';' and checks each tag-spec. Errors: a spec without '=', an empty or
// malformed name, bytes outside the value characters, a duplicate tag (RFC 6376 §3.2: the
// whole list is then invalid) and, for `sts`, white space around '='. Empty specs (";;", a
// final ';') are accepted. Reads the first kMaxTagText bytes.
// The list views `text`, whose bytes must outlive it.
TagList parse_tag_list(std::string_view text, TagSyntax syntax);
// The same into `out`, whose lists keep their buffers: for a loop that parses one record after
// another without an allocation each (mail::for_each_dkim_txt). `out` views `text`.
void parse_tag_list_into(std::string_view text, TagSyntax syntax, TagList& out);
// The same on a text the list takes (a view or an owned copy: a list parsed from a joined copy
// keeps the copy, and copies of the list stay valid).
TagList parse_tag_list(ViewOrCopy text, TagSyntax syntax);

// Is `c` white space for `syntax` (DKIM's FWS: SP, HTAB, CR, LF; STS: SP, HTAB)?
bool is_tag_space(char c, TagSyntax syntax);

// Case-insensitive ASCII equality: the one of core/ascii.hpp (inline; the mail rules ask it of
// a label of every TXT owner of a zone).
using zl::iequals;

}  // namespace zl::mail
