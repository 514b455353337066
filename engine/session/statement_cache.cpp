#include "session/statement_cache.h"

#include <algorithm>

namespace kgq {

namespace {
bool samePos(const ast::Pos& a, const ast::Pos& b) { return a.line == b.line && a.column == b.column; }

// Index of the literal at `pos`, or -1.
int literalAt(const StrippedStatement& s, const ast::Pos& pos) {
  for (std::size_t i = 0; i < s.positions.size(); ++i)
    if (samePos(s.positions[i], pos)) return static_cast<int>(i);
  return -1;
}
}  // namespace

void StatementCache::Entry::assign(const std::vector<std::string>& values) {
  for (std::size_t i = 0; i < sites.size(); ++i)
    for (auto& site : sites[i]) {
      if (site.literal) *site.literal = Value(values[i]);
      else *site.entity = values[i];
    }
}

StatementCache::Entry* StatementCache::find(const std::string& key) {
  auto it = entries_.find(key);
  if (it == entries_.end()) return nullptr;
  ++hits_;
  return it->second.get();
}

void StatementCache::insert(const StrippedStatement& stripped, const ast::LiteralSites& unbound,
                            ast::Statement bound) {
  if (!stripped.cacheable) return;
  for (const auto& pos : unbound.named)
    if (literalAt(stripped, pos) >= 0) return;
  auto entry = std::make_unique<Entry>();
  entry->statement = std::move(bound);
  entry->sites.resize(stripped.positions.size());
  // Found in the entry's own copy: the pointers stay valid as long as the entry lives.
  for (const auto& site : ast::findLiteralSites(entry->statement).sites) {
    int i = literalAt(stripped, site.pos);
    if (i < 0) {
      if (site.literal) return;  // a string the scanner did not see: trust neither
      continue;                  // a bare-word entity, not a literal
    }
    const std::string& now = site.literal ? site.literal->asString() : *site.entity;
    if (now != stripped.values[static_cast<std::size_t>(i)]) return;
    entry->sites[static_cast<std::size_t>(i)].push_back(site);
  }
  if (std::any_of(entry->sites.begin(), entry->sites.end(), [](const auto& s) { return s.empty(); })) return;
  if (entries_.size() >= capacity_) entries_.clear();  // a script of ever-new shapes must not grow without bound
  entries_[stripped.key] = std::move(entry);
}

}  // namespace kgq
