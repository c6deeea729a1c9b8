#include "load/yaml_reader.hpp"

#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/yaml.h>

#include <array>

#include "core/hex.hpp"
#include "core/utf8.hpp"

namespace zl::yaml {

namespace {

struct Failure {
  std::uint32_t offset;
  std::string message;
};

bool is_decimal_number(std::string_view s) {
  std::size_t i = 0;
  if (i < s.size() && (s[i] == '-' || s[i] == '+')) ++i;
  const std::size_t digits_start = i;
  while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
  if (i == digits_start) return false;
  if (i == s.size()) return true;
  if (s[i] != '.') return false;
  ++i;
  const std::size_t frac_start = i;
  while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
  return i == s.size() && i > frac_start;
}

std::optional<bool> yaml11_bool(std::string_view s) {
  static constexpr std::array<std::string_view, 9> kTrue = {"true", "True", "TRUE", "yes", "Yes",
                                                            "YES",  "on",   "On",   "ON"};
  static constexpr std::array<std::string_view, 9> kFalse = {"false", "False", "FALSE", "no", "No",
                                                             "NO",    "off",   "Off",   "OFF"};
  for (auto t : kTrue) {
    if (s == t) return true;
  }
  for (auto f : kFalse) {
    if (s == f) return false;
  }
  return std::nullopt;
}

// Byte offset of a yaml-cpp mark (0-based line and column) in `file`.
std::uint32_t mark_offset(const SourceFile& file, const YAML::Mark& mark) {
  if (mark.line < 0 || mark.column < 0) return 0;
  return file.offset_of(static_cast<std::uint32_t>(mark.line) + 1,
                        static_cast<std::uint32_t>(mark.column) + 1);
}

class Converter {
 public:
  Converter(const SourceFile& file, Limits limits)
      : file_(file),
        text_(file.text()),
        limits_(limits),
        budget_(limits.node_budget_base + limits.node_budget_per_byte * file.text().size()) {}

  json::Value convert(const YAML::Node& node, std::uint32_t depth) {
    if (depth > limits_.max_depth) {
      throw Failure{offset_of(node.Mark()),
                    "YAML nesting deeper than " + std::to_string(limits_.max_depth) + " levels"};
    }
    if (++count_ > budget_) {
      throw Failure{offset_of(node.Mark()), "YAML document expands to more than " +
                                                std::to_string(budget_) +
                                                " nodes (aliases of aliases?); refused"};
    }
    json::Value v;
    const std::uint32_t start = offset_of(node.Mark());
    v.begin = start;
    v.end = start;
    const std::string& tag = node.Tag();
    if (!tag.empty() && tag != "?" && tag != "!") v.tag = tag;
    switch (node.Type()) {
      case YAML::NodeType::Undefined:
      case YAML::NodeType::Null:
        v.kind = json::Kind::null;
        break;
      case YAML::NodeType::Scalar:
        scalar(node, v);
        break;
      case YAML::NodeType::Sequence:
        v.kind = json::Kind::array;
        for (const YAML::Node& item : node) {
          v.items.push_back(convert(item, depth + 1));
          v.end = std::max(v.end, v.items.back().end);
        }
        break;
      case YAML::NodeType::Map:
        v.kind = json::Kind::object;
        for (const auto& kv : node) {  // kv is a proxy: copy the nodes out of it
          const YAML::Node key = kv.first;
          const YAML::Node value = kv.second;
          json::Member m;
          if (!key.IsScalar() && !key.IsNull()) {
            throw Failure{offset_of(key.Mark()), "mapping key is not a scalar"};
          }
          json::Value k = convert(key, depth + 1);
          m.key = k.kind == json::Kind::null ? std::string() : k.text;
          m.key_begin = k.begin;
          m.key_end = k.end;
          m.value = convert(value, depth + 1);
          // A null value's mark is wherever yaml-cpp stopped; point it at its key instead.
          if (m.value.kind == json::Kind::null) {
            m.value.begin = k.begin;
            m.value.end = k.end;
          }
          v.end = std::max({v.end, m.key_end, m.value.end});
          v.members.push_back(std::move(m));
        }
        break;
    }
    return v;
  }

 private:
  std::uint32_t offset_of(const YAML::Mark& mark) const { return mark_offset(file_, mark); }

  std::uint32_t line_end(std::uint32_t off) const {
    std::size_t e = off;
    while (e < text_.size() && text_[e] != '\n' && text_[e] != '\r') ++e;
    return static_cast<std::uint32_t>(e);
  }

  void scalar(const YAML::Node& node, json::Value& v) {
    const std::string& value = node.Scalar();
    v.text = value;
    const std::uint32_t off = v.begin;
    const char first = off < text_.size() ? text_[off] : '\0';
    const bool plain = node.Tag() == "?";
    v.quoted = !plain;
    const std::string_view src(text_);
    if (plain) {
      if (src.substr(off, value.size()) == value) {
        v.verbatim = true;
        v.content_begin = off;
        v.content_end = off + static_cast<std::uint32_t>(value.size());
        v.end = v.content_end;
      } else {
        v.end = line_end(off);
      }
      if (value.empty() || value == "~" || value == "null" || value == "Null" || value == "NULL") {
        v.kind = json::Kind::null;
      } else if (auto b = yaml11_bool(value)) {
        v.kind = json::Kind::boolean;
        v.boolean = *b;
      } else if (is_decimal_number(value)) {
        v.kind = json::Kind::number;
        if (v.text.front() == '+') v.text.erase(0, 1);
      } else {
        v.kind = json::Kind::string;
      }
      return;
    }
    v.kind = json::Kind::string;
    if ((first == '\'' || first == '"') && value.find(first) == std::string::npos &&
        value.find('\\') == std::string::npos && value.find('\n') == std::string::npos &&
        src.substr(off + 1, value.size()) == value && off + 1 + value.size() < src.size() &&
        src[off + 1 + value.size()] == first) {
      v.verbatim = true;
      v.content_begin = off + 1;
      v.content_end = off + 1 + static_cast<std::uint32_t>(value.size());
      v.end = v.content_end + 1;
      return;
    }
    v.end = line_end(off);
  }

  const SourceFile& file_;
  std::string_view text_;
  Limits limits_;
  std::uint64_t budget_;
  std::uint64_t count_ = 0;
};

}  // namespace

std::optional<json::Value> parse(const SourceFile& file, Error* error, Limits limits) {
  // YAML is Unicode text; PyYAML (octoDNS) refuses a file that is not valid UTF-8, where
  // yaml-cpp would pass the bytes through.
  if (const std::size_t bad = utf8::first_invalid(file.text()); bad != std::string_view::npos) {
    if (error) {
      *error = Error{static_cast<std::uint32_t>(bad),
                     "invalid UTF-8 (byte 0x" + encode_hex(file.text().substr(bad, 1)) +
                         "): YAML files must be UTF-8, and octoDNS cannot read this one"};
    }
    return std::nullopt;
  }
  try {
    // yaml-cpp reads a std::string (or a C string, which a mapped text is not): a copy, of
    // a file that is mapped only when it is large.
    const YAML::Node root = YAML::Load(std::string(file.text()));
    Converter c(file, limits);
    return c.convert(root, 0);
  } catch (const Failure& f) {
    if (error) *error = Error{f.offset, f.message};
  } catch (const YAML::DeepRecursion& e) {
    // yaml-cpp's own guard (its message is only "bad file"): nesting stops its parser at a fixed
    // depth, above our limit, before the converter could report it.
    if (error) {
      *error = Error{mark_offset(file, e.mark),
                     "YAML nesting deeper than " + std::to_string(limits.max_depth) + " levels"};
    }
  } catch (const YAML::Exception& e) {
    if (error) *error = Error{mark_offset(file, e.mark), "invalid YAML: " + e.msg};
  } catch (const std::exception& e) {
    if (error) *error = Error{0, std::string("invalid YAML: ") + e.what()};
  }
  return std::nullopt;
}

}  // namespace zl::yaml
