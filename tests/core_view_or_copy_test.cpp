// core/view_or_copy: text that views bytes that outlive it, or owns a copy, through copies and
// moves.
#include <catch2/catch.hpp>

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/view_or_copy.hpp"

namespace {

// Does `text` point into the bytes of `outer`?
bool inside(std::string_view text, std::string_view outer) {
  return text.data() >= outer.data() && text.data() + text.size() <= outer.data() + outer.size();
}

}  // namespace

TEST_CASE("view_or_copy: a view stays a view of the same bytes through copies and moves") {
  const std::string rdata = "v=spf1 -all";
  const auto v = zl::ViewOrCopy::view(rdata);
  CHECK_FALSE(v.owned());
  CHECK(v.str().data() == rdata.data());
  const zl::ViewOrCopy copied = v;  // NOLINT(performance-unnecessary-copy-initialization)
  CHECK(copied.str().data() == rdata.data());
  zl::ViewOrCopy moved_from = v;
  const zl::ViewOrCopy moved = std::move(moved_from);
  CHECK(moved.str().data() == rdata.data());
  CHECK_FALSE(moved.owned());
}

TEST_CASE("view_or_copy: an owned copy is copied and moved with its view, short and long") {
  // A short text and a long one (a std::string held the short one inside the object).
  for (const std::string& text : {std::string("p=none"), std::string(300, 'k')}) {
    INFO("size " << text.size());
    const std::string source = text;
    auto a = zl::ViewOrCopy::copy(source);
    CHECK(a.owned());
    CHECK(a.str() == text);
    const zl::ViewOrCopy b = a;  // NOLINT(performance-unnecessary-copy-initialization)
    CHECK(b.str() == text);
    CHECK(b.str().data() != a.str().data());  // its own copy
    zl::ViewOrCopy c = std::move(a);
    CHECK(c.str() == text);
    CHECK(c.owned());
    // A vector that grows moves its elements: each still reads its own text. (No reserve: the
    // moves are the point.)
    std::vector<zl::ViewOrCopy> all;
    for (int i = 0; i < 20; ++i)
      all.push_back(c);  // NOLINT(performance-inefficient-vector-operation)
    for (const auto& x : all) CHECK(x.str() == text);
    // Each element's view points into itself or its heap buffer, never into another element.
    for (std::size_t i = 1; i < all.size(); ++i) CHECK(all[i].str().data() != all[0].str().data());
  }
}

TEST_CASE("view_or_copy: a moved-from object is empty and views nothing") {
  const std::string rdata = "v=DMARC1; p=none";
  for (auto from : {zl::ViewOrCopy::view(rdata), zl::ViewOrCopy::copy("v=DKIM1; p=x")}) {
    zl::ViewOrCopy to = std::move(from);
    CHECK_FALSE(to.str().empty());
    CHECK(from.str().empty());  // NOLINT(bugprone-use-after-move): the state after a move
    CHECK(from.str().data() == nullptr);
    CHECK_FALSE(from.owned());
    zl::ViewOrCopy assigned;
    assigned = std::move(to);
    CHECK_FALSE(assigned.str().empty());
    CHECK(to.str().empty());  // NOLINT(bugprone-use-after-move): the state after a move
  }
}

TEST_CASE("view_or_copy: assignment replaces a view by a copy and a copy by a view") {
  const std::string rdata(100, 'r');
  auto x = zl::ViewOrCopy::view(rdata);
  const auto owned = zl::ViewOrCopy::copy(std::string(50, 'o'));
  x = owned;
  CHECK(x.owned());
  CHECK(x.str() == std::string(50, 'o'));
  CHECK_FALSE(inside(x.str(), owned.str()));
  x = zl::ViewOrCopy::view(rdata);
  CHECK_FALSE(x.owned());
  CHECK(x.str().data() == rdata.data());
  // Self-assignment keeps the text.
  auto y = zl::ViewOrCopy::copy("short");
  auto& alias = y;
  y = alias;
  CHECK(y.str() == "short");
  y = std::move(alias);  // NOLINT(bugprone-use-after-move)
  CHECK(y.str() == "short");
}

TEST_CASE("view_or_copy: 16 bytes, a move hands the buffer over, a copy makes its own") {
  // The memos keep one per SPF, DMARC and DKIM record of the run: a pointer and a 32-bit size.
  STATIC_REQUIRE(sizeof(zl::ViewOrCopy) == 16);
  auto a = zl::ViewOrCopy::copy(std::string(70, 'j'));
  const char* const buffer = a.str().data();
  const zl::ViewOrCopy moved = std::move(a);
  CHECK(moved.str().data() == buffer);  // the same buffer, no copy
  CHECK(moved.owned());
  zl::ViewOrCopy assigned = zl::ViewOrCopy::view("other");
  assigned = moved;  // a copy of its own, the view it held replaced
  CHECK(assigned.owned());
  CHECK(assigned.str() == std::string(70, 'j'));
  CHECK(assigned.str().data() != buffer);
  // An empty text copies to an empty owned text.
  const auto empty = zl::ViewOrCopy::copy("");
  CHECK(empty.owned());
  CHECK(empty.str().empty());
  const zl::ViewOrCopy empty_copy = empty;  // NOLINT(performance-unnecessary-copy-initialization)
  CHECK(empty_copy.str().empty());
  // The largest TXT text (65,535 bytes of rdata) fits.
  const std::string big(65535, 'b');
  CHECK(zl::ViewOrCopy::copy(big).str() == big);
  CHECK(zl::ViewOrCopy::view(big).str().size() == big.size());
}
