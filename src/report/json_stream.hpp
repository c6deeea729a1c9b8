// Writing a JSON report's one large array (its findings) element by element, for the JSON
// reporters (json, sarif, gitlab). Private to src/report.
//
// Building the whole document first and dumping it holds a JSON value per finding: on a run
// with 64k findings that took 200 to 300 MB. Here the document is written with the large array
// left empty (by a JsonWriter, json_writer.hpp), and cut where that empty array stands, and the
// elements are written in between, each one straight into text by a JsonWriter at the
// element's indentation. The bytes are those nlohmann's doc.dump(2, ' ', false, replace) gives
// with the elements in the array:
// - the empty array is found by "\n<indent spaces>\"<key>\": []", which only the member itself
//   can match (a raw newline is never inside a string).
#pragma once

#include <cstddef>
#include <ostream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>

#include "report/json_writer.hpp"

namespace zl::report {

class JsonArrayStream {
 public:
  // A document already written as text (a JsonWriter at indentation 0, or nlohmann's dump).
  struct Text {
    std::string text;
  };

  // Writes `doc` up to its member `key`, an empty array whose key starts at column
  // `key_column`. An empty `key` means `doc` itself is the (empty) array, at column 0.
  JsonArrayStream(std::ostream& out, Text doc, std::string_view key, std::size_t key_column)
      : out_(out), text_(std::move(doc.text)), element_indent_(key.empty() ? 2 : key_column + 2) {
    std::size_t at = 0;  // where the empty array's "[]" starts
    if (!key.empty()) {
      std::string member = "\n" + std::string(key_column, ' ') + "\"";
      member += key;
      member += "\": []";
      at = text_.find(member);
      if (at == std::string::npos) throw std::logic_error("JsonArrayStream: no such member");
      at += member.size() - 2;
    }
    rest_ = at + 2;
    out_.write(text_.data(), static_cast<std::streamsize>(at));
  }

  // Starts the next element in `text`: returns the writer the caller writes that one element
  // with (json_writer.hpp), at the element's indentation. The text starts with "," even for the
  // array's first element, whose "[" push_text writes in its place. Any thread may make elements
  // so, at once (a large report is made in chunks on several threads,
  // report/ordered_chunks.hpp), for push_text to write in order.
  JsonWriter element(std::string& text) const {
    text += ",\n";
    text.append(element_indent_, ' ');
    return JsonWriter(text, element_indent_);
  }

  // Writes the elements written into `text` after element(), in order (none when it is empty).
  void push_text(std::string_view text) {
    if (text.empty()) return;
    if (count_++ == 0) {  // the array's first element
      out_ << '[';
      text.remove_prefix(1);
    }
    out_.write(text.data(), static_cast<std::streamsize>(text.size()));
  }

  // Closes the array and writes the rest of the document (without a final newline, as dump()).
  void finish() {
    if (count_ == 0) {
      out_ << "[]";
    } else {
      out_ << '\n' << std::string(element_indent_ - 2, ' ') << ']';
    }
    out_.write(text_.data() + rest_, static_cast<std::streamsize>(text_.size() - rest_));
  }

 private:
  std::ostream& out_;
  std::string text_;  // the document with the empty array
  std::size_t element_indent_;
  std::size_t rest_ = 0;   // where the text after the empty array starts
  std::size_t count_ = 0;  // push_text calls that wrote elements
};

}  // namespace zl::report
