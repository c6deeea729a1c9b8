// Writes the zonelint-rules(7) manual page, in roff, from the rule registry (zl::all_rules()),
// so the page never drifts from `zonelint explain`. Run at build time by packaging/install.cmake:
//   zonelint_rules_man VERSION DATE OUTPUT
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <string>
#include <string_view>

#include "lint/rule.hpp"

namespace {

// Decodes one UTF-8 sequence at s[i]; returns the code point and advances i. Invalid bytes
// become U+FFFD.
std::uint32_t next_code_point(std::string_view s, std::size_t& i) {
  const auto b = static_cast<unsigned char>(s[i]);
  int len = b < 0x80 ? 1 : (b >> 5) == 0x6 ? 2 : (b >> 4) == 0xe ? 3 : (b >> 3) == 0x1e ? 4 : 0;
  if (len == 0 || i + static_cast<std::size_t>(len) > s.size()) {
    ++i;
    return 0xfffd;
  }
  std::uint32_t cp = len == 1 ? b : len == 2 ? (b & 0x1fU) : len == 3 ? (b & 0x0fU) : (b & 0x07U);
  for (int k = 1; k < len; ++k) {
    const auto c = static_cast<unsigned char>(s[i + static_cast<std::size_t>(k)]);
    if ((c >> 6) != 0x2) {
      ++i;
      return 0xfffd;
    }
    cp = (cp << 6) | (c & 0x3fU);
  }
  i += static_cast<std::size_t>(len);
  return cp;
}

// Escapes text for roff: backslashes, hyphens (as minus signs, so ids and options copy and
// paste), non-ASCII as \[uXXXX] (the page stays ASCII), and a leading '.' or '\''.
// `code` spans in Markdown become bold.
std::string roff_text(std::string_view s, bool markdown = true) {
  std::string out;
  bool bold = false;
  std::size_t i = 0;
  while (i < s.size()) {
    const char c = s[i];
    if (c == '\\') {
      out += "\\e";
      ++i;
    } else if (c == '-') {
      out += "\\-";
      ++i;
    } else if (c == '`' && markdown) {
      out += bold ? "\\fR" : "\\fB";
      bold = !bold;
      ++i;
    } else if ((c == '.' || c == '\'') && (out.empty() || out.back() == '\n')) {
      out += "\\&";
      out += c;
      ++i;
    } else if (static_cast<unsigned char>(c) >= 0x80) {
      const std::uint32_t cp = next_code_point(s, i);
      char buf[16];
      std::snprintf(buf, sizeof buf, "\\[u%04X]", static_cast<unsigned>(cp));
      out += buf;
    } else {
      out += c;
      ++i;
    }
  }
  if (bold) out += "\\fR";
  return out;
}

// Prose: blank lines separate paragraphs.
void paragraphs(std::ostream& out, std::string_view text) {
  std::size_t pos = 0;
  while (pos <= text.size()) {
    std::size_t end = text.find("\n\n", pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view para = text.substr(pos, end - pos);
    while (!para.empty() && para.front() == '\n') para.remove_prefix(1);
    while (!para.empty() && para.back() == '\n') para.remove_suffix(1);
    if (!para.empty()) out << ".PP\n" << roff_text(para) << '\n';
    pos = end + 2;
  }
}

void heading(std::ostream& out, std::string_view title) {
  out << ".PP\n.B " << title << '\n';
}

void code_block(std::ostream& out, std::string_view code) {
  out << ".PP\n.RS 4\n.nf\n";
  std::string text = roff_text(code, false);
  while (!text.empty() && text.back() == '\n') text.pop_back();
  out << text << "\n.fi\n.RE\n";
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 4) {
    std::cerr << "usage: zonelint_rules_man VERSION DATE OUTPUT\n";
    return 2;
  }
  const std::string version = argv[1], date = argv[2];
  std::ofstream out(argv[3], std::ios::binary);
  out << ".\\\" Generated from the rule registry by man/zonelint_rules_man.cpp: do not edit.\n"
      << ".TH ZONELINT\\-RULES 7 \"" << date << "\" \"zonelint " << version
      << "\" \"zonelint manual\"\n"
      << ".SH NAME\nzonelint\\-rules \\- the rules that zonelint checks\n"
      << ".SH DESCRIPTION\n"
      << "Every finding of\n.BR zonelint (1)\n"
         "names the rule that made it. A rule has a permanent id, a default severity "
         "(error, warning or info) and the documentation below, which is the same text as\n"
         ".B zonelint explain\n.IR id .\n"
         ".PP\n"
         "Rules are selected with\n.BR \\-\\-select ,\n.B \\-\\-ignore\n"
         "or the configuration file, and a finding is silenced where it occurs with a "
         "comment such as\n.BR \"; zonelint: disable=mx\\-target\\-cname \\-\\- reason\" .\n"
         ".SH RULES\n";
  for (const zl::Rule* r : zl::all_rules()) {
    out << ".SS " << roff_text(r->id) << '\n';
    out << ".PP\n" << roff_text(r->doc.summary) << '\n';
    out << ".PP\nDefault severity: \\fB" << zl::to_string(r->default_severity) << "\\fR.";
    if (!r->aliases.empty()) {
      out << " Former ids:";
      for (std::string_view a : r->aliases) out << " \\fB" << roff_text(a) << "\\fR";
      out << '.';
    }
    out << '\n';
    heading(out, "What it does");
    paragraphs(out, r->doc.what_it_does);
    heading(out, "Why it matters");
    paragraphs(out, r->doc.why_it_matters);
    if (!r->doc.example.empty()) {
      heading(out, "Example");
      code_block(out, r->doc.example);
    }
    if (!r->doc.use_instead.empty()) {
      heading(out, "Use instead");
      code_block(out, r->doc.use_instead);
    }
    heading(out, "Options");
    paragraphs(out, r->doc.options.empty() ? std::string_view("None.") : r->doc.options);
    heading(out, "References");
    paragraphs(out, r->doc.references.empty() ? std::string_view("None.") : r->doc.references);
  }
  out << ".SH SEE ALSO\n.BR zonelint (1)\n";
  out.flush();
  if (!out) {
    std::cerr << "zonelint_rules_man: cannot write " << argv[3] << '\n';
    return 1;
  }
  return 0;
}
