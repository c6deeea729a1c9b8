// The Public Suffix List through libpsl. zonelint uses libpsl's built-in list (psl_builtin(),
// compiled into Debian's libpsl from the `publicsuffix` package), so results depend only on the
// installed library, never on the network or on the working directory. If the library was
// built without a built-in list, the `publicsuffix` package's DAFSA file
// /usr/share/publicsuffix/public_suffix_list.dafsa is loaded instead; without either,
// construction throws.
#pragma once

#include <string>
#include <string_view>

#include "model/name.hpp"

struct psl_ctx_st;

namespace zl {

class PublicSuffixList {
 public:
  static const PublicSuffixList& instance();

  // Is `label` (one label, any case) a top-level domain in the ICANN section of the list?
  // Only listed TLDs count: the implicit "*" rule does not make every label a TLD.
  bool is_tld(std::string_view label) const;
  // Is `name` a public suffix under the ICANN rules, the implicit "*" rule included (so any
  // single label, such as `example.`, is one)?
  bool is_public_suffix(NameView name) const;
  // The registrable domain of `name` under the ICANN rules (the public suffix plus one label),
  // lower-case, without the final dot. For a name that is itself a public suffix, the name.
  std::string registrable_domain(NameView name) const;
  // Where the data came from, for --version and the docs.
  std::string_view source() const { return source_; }

  PublicSuffixList(const PublicSuffixList&) = delete;
  PublicSuffixList& operator=(const PublicSuffixList&) = delete;

 private:
  PublicSuffixList();
  ~PublicSuffixList();
  bool suffix_is_public(const std::string& dotless, bool star) const;
  const psl_ctx_st* ctx_ = nullptr;
  psl_ctx_st* owned_ = nullptr;
  std::string source_;
};

}  // namespace zl
