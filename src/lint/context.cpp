#include "lint/context.hpp"

#include "lint/psl.hpp"

namespace zl {

RuleContext::RuleContext(const ZoneSet& set, std::vector<const Zone*> zones,
                         std::map<const Zone*, const Settings*> settings,
                         std::set<const Zone*> incomplete)
    : set_(set),
      zones_(std::move(zones)),
      settings_(std::move(settings)),
      incomplete_(std::move(incomplete)) {}

const Zone* RuleContext::authoritative_for(const Name& name) const {
  const Zone* best = nullptr;
  for (const Zone* z : zones_) {
    if (!name.is_subdomain_of(z->origin)) continue;
    if (!best || z->origin.label_count() > best->origin.label_count()) best = z;
  }
  return best;
}

const std::vector<std::string>& RuleContext::option(const Zone& zone, std::string_view rule,
                                                    std::string_view option) const {
  static const std::vector<std::string> kEmpty;
  auto it = settings_.find(&zone);
  if (it == settings_.end() || !it->second) return kEmpty;
  auto r = it->second->rule_options.find(std::string(rule));
  if (r == it->second->rule_options.end()) return kEmpty;
  auto o = r->second.find(std::string(option));
  if (o == r->second.end()) return kEmpty;
  return o->second;
}

const PublicSuffixList& RuleContext::psl() const {
  return PublicSuffixList::instance();
}

}  // namespace zl
