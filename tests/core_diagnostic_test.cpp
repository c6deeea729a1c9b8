// core/diagnostic: the compact types that keep a finding small (CompactText, SparseList), and
// the size of a finding itself.
#include <catch2/catch.hpp>

#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "core/diagnostic.hpp"

using zl::CompactText;
using zl::Message;
using zl::SparseList;

TEST_CASE("diagnostic: a finding takes 72 bytes, message, notes and fixes one pointer each") {
  // 64,000 findings on the 1M-record bench zone are held to the end of the report: a finding
  // was 200 bytes (std::strings for the rule id, message, owner and type, vectors for notes
  // and fixes), then 96 with a std::string message.
  CHECK(sizeof(zl::Diagnostic) <= 72);
  CHECK(sizeof(Message) == sizeof(void*));
  CHECK(sizeof(CompactText) == sizeof(void*));
  CHECK(sizeof(SparseList<zl::Note>) == sizeof(void*));
}

TEST_CASE("compact text: short text inline, long text on the heap, both read back") {
  for (std::size_t n = 0; n <= 40; ++n) {
    std::string s;
    for (std::size_t i = 0; i < n; ++i) s += static_cast<char>('a' + i % 26);
    const CompactText t(s);
    CHECK(t.view() == s);
    CHECK(t.size() == n);
    CHECK(t.empty() == (n == 0));
    CHECK(t.str() == s);
  }
  // Any bytes, NUL and high bytes included, inline and not.
  const std::string odd(
      "\0\xff"
      "a\0",
      4);
  CHECK(CompactText(odd).view() == odd);
  const std::string long_odd = odd + odd + odd;
  CHECK(CompactText(long_odd).view() == long_odd);
  CHECK(CompactText("TXT") == "TXT");
  CHECK(CompactText("TYPE65534") == "TYPE65534");
}

TEST_CASE("compact text: copies are independent, moves leave the source empty") {
  CompactText a("selector1._domainkey.host-123.example.com.");
  CompactText b = a;
  CHECK(b == a.view());
  CHECK(b.view().data() != a.view().data());
  CompactText c = std::move(a);
  CHECK(c == "selector1._domainkey.host-123.example.com.");
  CHECK(a.empty());  // NOLINT(bugprone-use-after-move): the moved-from state is specified
  a = std::string("MX");
  CHECK(a == "MX");
  a = b;  // long over short
  CHECK(a == b.view());
  b = "A";  // short over long
  CHECK(b == "A");
  CHECK(a == "selector1._domainkey.host-123.example.com.");
  a = CompactText();
  CHECK(a.empty());
}

TEST_CASE("compact text: compares and prints as its text") {
  // Compared with text (a std::string_view, std::string or literal); two CompactTexts compare
  // as views (clang finds `a == b` ambiguous between the operator and its reversed form).
  const CompactText mx("MX"), txt("TXT"), owner("www.example.com.");
  CHECK(mx < "TXT");
  CHECK(txt > "MX");
  CHECK(mx != "TXT");
  CHECK(mx == "MX");
  CHECK(mx.view() < txt.view());
  CHECK(owner == std::string("www.example.com."));
  CHECK(std::string_view("www.example.com.") == owner);
  std::ostringstream out;
  out << owner << ' ' << mx;
  CHECK(out.str() == "www.example.com. MX");
  std::string key = "k:";
  key += owner;
  CHECK(key == "k:www.example.com.");
}

TEST_CASE("sparse list: empty until an item is added, copied deeply") {
  SparseList<zl::Edit> fixes;
  CHECK(fixes.empty());
  CHECK(fixes.size() == 0);
  CHECK(fixes.begin() == fixes.end());
  fixes.push_back(zl::Edit{zl::Span{0, 1, 2}, "x"});
  fixes.emplace_back(zl::Edit{zl::Span{0, 3, 4}, "y"});
  REQUIRE(fixes.size() == 2);
  CHECK(fixes.front().replacement == "x");
  CHECK(fixes.back().replacement == "y");
  CHECK(fixes[1].span.begin == 3);
  SparseList<zl::Edit> copy = fixes;
  copy[0].replacement = "changed";
  CHECK(fixes[0].replacement == "x");
  CHECK_FALSE(copy == fixes);
  copy[0].replacement = "x";
  CHECK(copy == fixes);
  std::vector<std::string> seen;
  for (const zl::Edit& e : fixes) seen.push_back(e.replacement);
  CHECK(seen == std::vector<std::string>{"x", "y"});
  CHECK(fixes.to_vector().size() == 2);
  // From a vector, as the field used to be one; an empty vector allocates nothing.
  SparseList<zl::Note> notes = std::vector<zl::Note>{};
  CHECK(notes.empty());
  notes = std::vector<zl::Note>{zl::Note{zl::Span{}, "first defined here"}};
  REQUIRE(notes.size() == 1);
  CHECK(notes[0].message == "first defined here");
  SparseList<zl::Note> moved = std::move(notes);
  CHECK(moved.size() == 1);
}

TEST_CASE("message: a format's slots filled with text and with messages") {
  const Message m = Message::format<"DMARC policy of {} is 'p=none'">(std::string("'a.example.'"));
  CHECK(m == "DMARC policy of 'a.example.' is 'p=none'");
  CHECK(m.str() == "DMARC policy of 'a.example.' is 'p=none'");
  CHECK(m.size() == m.str().size());
  CHECK_FALSE(m.empty());
  CHECK(m.find("'p=none'") == 32);
  CHECK(m.starts_with("DMARC policy"));
  CHECK(m.ends_with("'p=none'"));
  CHECK(m.substr(0, 5) == "DMARC");
  CHECK_FALSE(m == "DMARC policy of 'a.example.' is 'p=none");    // a prefix
  CHECK_FALSE(m == "DMARC policy of 'a.example.' is 'p=none'x");  // longer
  // Slots at either end, empty arguments, a message in a slot (its wording not copied), and an
  // argument long enough for a length of more than one byte.
  const std::string long_text(300, 'k');
  const Message inner = Message::format<"'{}' is not a tag">(long_text);
  const Message outer = Message::format<"{} (DKIM key record at {}){}">(
      inner, std::string_view("'s._domainkey.'"), "");
  CHECK(outer == "'" + long_text + "' is not a tag (DKIM key record at 's._domainkey.')");
  CHECK(Message::format<"{}{}">("", "") == "");
  CHECK(Message::format<"{}{}">("", "").empty());
  CHECK(Message::format<"no slots">() == "no slots");
  // An empty message in a slot reads as empty text.
  CHECK(Message::format<"[{}]">(Message()) == "[]");
  // Written out.
  std::ostringstream out;
  out << outer;
  CHECK(out.str() == outer.str());
  std::string appended = "x: ";
  inner.append_to(appended);
  CHECK(appended == "x: " + inner.str());
}

TEST_CASE("message: plain text, copies, moves, appends, comparisons") {
  Message a = "cannot read 'z.zone'";
  CHECK(a == "cannot read 'z.zone'");
  CHECK(a == std::string("cannot read 'z.zone'"));
  CHECK(a == std::string_view("cannot read 'z.zone'"));
  CHECK("cannot read 'z.zone'" == a);
  const std::string as_string = a;  // converts, as the field was a std::string
  CHECK(as_string == "cannot read 'z.zone'");
  CHECK(a + "; skipped" == "cannot read 'z.zone'; skipped");
  Message b = a;
  CHECK(b == a);
  Message c = std::move(a);
  CHECK(c == b);
  CHECK(a.empty());  // NOLINT(bugprone-use-after-move): the moved-from state is specified
  CHECK(a == "");
  c += " (checked live)";
  CHECK(c == "cannot read 'z.zone' (checked live)");
  CHECK(b == "cannot read 'z.zone'");
  CHECK(Message("").empty());
  CHECK(Message() == Message(""));
  CHECK(Message("a") < Message("b"));
  CHECK(Message::format<"{}b">("a") == Message("ab"));
  b = c;
  CHECK(b == c);
  CHECK(b.str() == "cannot read 'z.zone' (checked live)");
}
