// The relationships added since the CSR was built, one list per node and direction.
//
// A node's list is found through a dense array of list numbers (4 bytes a node once any
// node has one), not a hash map: a bulk MERGE looks up both ends of every relationship
// it adds, and std::unordered_map's bucket and node hops were a fifth of its time.
#pragma once

#include <algorithm>
#include <cstdint>
#include <vector>

#include "common/value.h"

namespace kgq {

using TypeId = std::uint32_t;

// One step from a node: the relationship and the node at its other end.
struct AdjEntry {
  RelId rel;
  NodeId other;
  TypeId type;
};

class DeltaLists {
 public:
  const std::vector<AdjEntry>& of(NodeId n) const {
    static const std::vector<AdjEntry> none;
    return n < at_.size() && at_[n] ? lists_[at_[n] - 1] : none;
  }
  // The list of n, made (empty) when it has none.
  std::vector<AdjEntry>& make(NodeId n) {
    if (n >= at_.size()) at_.resize(std::max<std::size_t>(n + 1, at_.size() + at_.size() / 2), 0);
    if (!at_[n]) {
      if (free_.empty()) {
        lists_.emplace_back();
        at_[n] = static_cast<std::uint32_t>(lists_.size());
      } else {
        at_[n] = free_.back();
        free_.pop_back();
      }
    }
    return lists_[at_[n] - 1];
  }
  // The list of n, or null.
  std::vector<AdjEntry>* find(NodeId n) { return n < at_.size() && at_[n] ? &lists_[at_[n] - 1] : nullptr; }
  // Gives up n's list, which must be empty.
  void drop(NodeId n) {
    std::vector<AdjEntry>().swap(lists_[at_[n] - 1]);
    free_.push_back(at_[n]);
    at_[n] = 0;
  }
  bool empty() const { return lists_.size() == free_.size(); }
  void clear() {
    std::vector<std::uint32_t>().swap(at_);
    std::vector<std::vector<AdjEntry>>().swap(lists_);
    free_.clear();
  }

 private:
  std::vector<std::uint32_t> at_;  // per node: 0, or 1 + its list's index
  std::vector<std::vector<AdjEntry>> lists_;
  std::vector<std::uint32_t> free_;  // numbers (1 + index) of given-up lists
};

}  // namespace kgq
