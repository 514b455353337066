// LabelSets: the distinct label lists of a graph, interned. A node stores only
// the 4-byte id of its list: graphs have few distinct combinations, and a
// label test becomes one bit test in the list's mask (labels >= 64 fall back to
// a search of the list, which is short).
#pragma once

#include <cstdint>
#include <map>
#include <span>
#include <vector>

namespace kgq {

using LabelId = std::uint32_t;
using LabelSetId = std::uint32_t;

class LabelSets {
 public:
  LabelSets();
  static constexpr LabelSetId kEmpty = 0;

  // The id of `labels` as given (order kept, duplicates dropped).
  LabelSetId intern(std::span<const LabelId> labels);
  // The set with `label` appended (or `set` itself when it has it).
  LabelSetId with(LabelSetId set, LabelId label);
  // The set without `label` (or `set` itself when it lacks it), the others in order.
  LabelSetId without(LabelSetId set, LabelId label);
  // The set with `label` inserted at `pos` (clamped), which undoes without().
  LabelSetId withAt(LabelSetId set, LabelId label, std::size_t pos);

  std::span<const LabelId> labels(LabelSetId set) const { return lists_[set]; }
  bool has(LabelSetId set, LabelId label) const {
    if (label < 64) return (masks_[set] >> label) & 1;
    return hasSlow(set, label);
  }
  std::size_t size() const { return lists_.size(); }

 private:
  bool hasSlow(LabelSetId set, LabelId label) const;

  std::vector<std::vector<LabelId>> lists_;
  std::vector<std::uint64_t> masks_;
  std::map<std::vector<LabelId>, LabelSetId> ids_;
};

}  // namespace kgq
