#include "graph/label_sets.h"

#include <algorithm>

namespace kgq {

LabelSets::LabelSets() { intern({}); }

LabelSetId LabelSets::intern(std::span<const LabelId> labels) {
  std::vector<LabelId> list;
  list.reserve(labels.size());
  for (auto l : labels)
    if (std::find(list.begin(), list.end(), l) == list.end()) list.push_back(l);
  auto [it, fresh] = ids_.try_emplace(list, static_cast<LabelSetId>(lists_.size()));
  if (fresh) {
    std::uint64_t mask = 0;
    for (auto l : list)
      if (l < 64) mask |= std::uint64_t{1} << l;
    lists_.push_back(std::move(list));
    masks_.push_back(mask);
  }
  return it->second;
}

LabelSetId LabelSets::with(LabelSetId set, LabelId label) {
  if (has(set, label)) return set;
  std::vector<LabelId> list = lists_[set];
  list.push_back(label);
  return intern(list);
}

LabelSetId LabelSets::without(LabelSetId set, LabelId label) {
  if (!has(set, label)) return set;
  std::vector<LabelId> list = lists_[set];
  list.erase(std::find(list.begin(), list.end(), label));
  return intern(list);
}

LabelSetId LabelSets::withAt(LabelSetId set, LabelId label, std::size_t pos) {
  if (has(set, label)) return set;
  std::vector<LabelId> list = lists_[set];
  list.insert(list.begin() + static_cast<std::ptrdiff_t>(std::min(pos, list.size())), label);
  return intern(list);
}

bool LabelSets::hasSlow(LabelSetId set, LabelId label) const {
  const auto& list = lists_[set];
  return std::find(list.begin(), list.end(), label) != list.end();
}

}  // namespace kgq
