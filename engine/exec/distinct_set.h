// DistinctSet: the values already seen by a DISTINCT aggregate. Nodes and
// relationships, by far the most common arguments (count(DISTINCT b) over a
// traversal), go into a flat open-addressing table of ids instead of a
// node-based hash set of Values: no allocation per insert, one probe per value.
#pragma once

#include <cstdint>
#include <unordered_set>
#include <vector>

#include "common/value.h"

namespace kgq {

class IdSet {
 public:
  // True when `key` was not in the set yet.
  bool insert(std::uint64_t key) {
    if ((size_ + 1) * 2 > slots_.size()) grow();
    std::size_t mask = slots_.size() - 1;
    for (std::size_t i = slot(key); ; i = (i + 1) & mask) {
      if (slots_[i] == kEmpty) {
        slots_[i] = key;
        ++size_;
        return true;
      }
      if (slots_[i] == key) return false;
    }
  }
  std::size_t size() const { return size_; }

 private:
  static constexpr std::uint64_t kEmpty = ~std::uint64_t{0};
  std::size_t slot(std::uint64_t key) const {
    return static_cast<std::size_t>((key * 0x9E3779B97F4A7C15ull) >> shift_);
  }
  void grow() {
    std::vector<std::uint64_t> old = std::move(slots_);
    slots_.assign(old.empty() ? 64 : old.size() * 2, kEmpty);
    shift_ = 64 - static_cast<unsigned>(__builtin_ctzll(slots_.size()));
    size_ = 0;
    for (auto k : old)
      if (k != kEmpty) insert(k);
  }
  std::vector<std::uint64_t> slots_;
  unsigned shift_ = 64;
  std::size_t size_ = 0;
};

class DistinctSet {
 public:
  // True when `v` (compared as Value::operator== does) was not seen before.
  bool insert(const Value& v) {
    if (v.isNode()) return ids_.insert(v.asNode());
    if (v.isRel()) return ids_.insert(std::uint64_t{1} << 32 | v.asRel());
    return others_.insert(v).second;
  }

 private:
  IdSet ids_;
  std::unordered_set<Value, ValueHash> others_;
};

}  // namespace kgq
