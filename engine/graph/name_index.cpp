#include "graph/name_index.h"

#include <algorithm>

namespace kgq {

void NameIndex::add(std::string folded, NodeId n) {
  exact_.emplace(std::move(folded), n);
  sortedValid_ = false;
}

void NameIndex::remove(std::string_view folded, NodeId n) {
  auto [lo, hi] = exact_.equal_range(folded);
  for (auto it = lo; it != hi; ++it)
    if (it->second == n) {
      exact_.erase(it);
      sortedValid_ = false;
      return;
    }
}

const std::vector<NameIndex::Entry>& NameIndex::sorted() const {
  if (sortedValid_) return sorted_;
  sorted_.clear();
  sorted_.reserve(exact_.size());
  for (const auto& [name, node] : exact_) sorted_.push_back(Entry{name, node});
  std::sort(sorted_.begin(), sorted_.end(), [](const Entry& a, const Entry& b) {
    return a.name != b.name ? a.name < b.name : a.node < b.node;
  });
  sortedValid_ = true;
  return sorted_;
}

std::span<const NameIndex::Entry> NameIndex::withPrefix(std::string_view folded) const {
  const auto& all = sorted();
  auto less = [](const Entry& e, std::string_view k) { return e.name < k; };
  auto first = std::lower_bound(all.begin(), all.end(), folded, less);
  auto last = first;
  while (last != all.end() && last->name.starts_with(folded)) ++last;
  return {first, last};
}

}  // namespace kgq
