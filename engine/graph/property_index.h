// PropertyIndex: value -> nodes for one property key, for `MATCH (n {key: v})`.
// Open addressing over 8-byte slots that hold a 31-bit hash and either the one
// node with that value (the common case: ids) or a sorted node list. Values
// are not copied: a slot is compared through the column, by the value of a node
// it holds. The caller keeps it in step with the column: erase(n) before n's
// value changes or goes, insert(n) after it is set.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "common/value.h"
#include "graph/column.h"

namespace kgq {

class PropertyIndex {
 public:
  // Indexes every present element of `col` below `elements`.
  void build(const ValueColumn& col, std::size_t elements);
  void insert(const ValueColumn& col, NodeId n);
  void erase(const ValueColumn& col, NodeId n);
  // The nodes whose value equals `v` (Value equality), ascending; valid until the next change.
  std::span<const NodeId> find(const ValueColumn& col, const Value& v) const;
  // The number of distinct values indexed.
  std::size_t size() const { return live_; }

 private:
  struct Slot {
    std::uint32_t hash = 0;  // 0 = empty, 1 = deleted; live hashes have the top bit set
    std::uint32_t ref = 0;   // a node, or kList | index into lists_
  };
  static constexpr std::uint32_t kDeleted = 1;
  static constexpr std::uint32_t kList = 0x80000000u;
  static std::uint32_t tag(std::uint64_t h) { return static_cast<std::uint32_t>(h) | 0x80000000u; }
  NodeId someNode(const Slot& s) const { return s.ref & kList ? lists_[s.ref & ~kList].front() : s.ref; }
  // The slot holding the value of node n (or v); else the slot to insert into.
  template <typename Same>
  std::size_t probe(std::uint32_t h, Same same) const;
  void growIfFull();
  std::uint32_t newList(std::vector<NodeId> nodes);

  std::vector<Slot> slots_;
  std::size_t live_ = 0, deleted_ = 0;
  std::vector<std::vector<NodeId>> lists_;
  std::vector<std::uint32_t> freeLists_;
};

}  // namespace kgq
