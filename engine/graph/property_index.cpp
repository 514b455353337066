#include "graph/property_index.h"

#include <algorithm>
#include <bit>

namespace kgq {

template <typename Same>
std::size_t PropertyIndex::probe(std::uint32_t h, Same same) const {
  std::size_t mask = slots_.size() - 1;
  std::size_t free = slots_.size();
  for (std::size_t i = h & mask;; i = (i + 1) & mask) {
    const Slot& s = slots_[i];
    if (s.hash == 0) return free < slots_.size() ? free : i;
    if (s.hash == kDeleted) {
      if (free == slots_.size()) free = i;
    } else if (s.hash == h && same(someNode(s))) {
      return i;
    }
  }
}

void PropertyIndex::growIfFull() {
  if (!slots_.empty() && (live_ + deleted_ + 1) * 10 < slots_.size() * 7) return;
  std::size_t capacity = std::bit_ceil(std::max<std::size_t>(16, (live_ + 1) * 2));
  std::vector<Slot> old(capacity);
  old.swap(slots_);
  deleted_ = 0;
  std::size_t mask = capacity - 1;
  for (const Slot& s : old) {
    if (s.hash < 2) continue;
    std::size_t i = s.hash & mask;
    while (slots_[i].hash != 0) i = (i + 1) & mask;
    slots_[i] = s;
  }
}

std::uint32_t PropertyIndex::newList(std::vector<NodeId> nodes) {
  if (freeLists_.empty()) {
    lists_.push_back(std::move(nodes));
    return kList | static_cast<std::uint32_t>(lists_.size() - 1);
  }
  std::uint32_t i = freeLists_.back();
  freeLists_.pop_back();
  lists_[i] = std::move(nodes);
  return kList | i;
}

void PropertyIndex::build(const ValueColumn& col, std::size_t elements) {
  slots_.assign(std::bit_ceil(std::max<std::size_t>(16, col.count() * 10 / 7 + 2)), Slot{});
  live_ = deleted_ = 0;
  lists_.clear();
  freeLists_.clear();
  for (std::size_t n = 0; n < elements; ++n)
    if (col.has(n)) insert(col, static_cast<NodeId>(n));
}

void PropertyIndex::insert(const ValueColumn& col, NodeId n) {
  // A value unequal to itself (NaN, or a list holding one) can never be found,
  // and erase() could not find its slot again: such values are not indexed.
  if (!col.sameAt(n, n)) return;
  growIfFull();
  std::uint32_t h = tag(col.hashAt(n));
  std::size_t i = probe(h, [&](NodeId m) { return col.sameAt(m, n); });
  Slot& s = slots_[i];
  if (s.hash != h) {
    if (s.hash == kDeleted) --deleted_;
    s = Slot{h, n};
    ++live_;
  } else if (s.ref & kList) {
    auto& list = lists_[s.ref & ~kList];
    auto at = std::lower_bound(list.begin(), list.end(), n);
    if (at == list.end() || *at != n) list.insert(at, n);
  } else if (s.ref != n) {
    s.ref = newList(s.ref < n ? std::vector<NodeId>{s.ref, n} : std::vector<NodeId>{n, s.ref});
  }
}

void PropertyIndex::erase(const ValueColumn& col, NodeId n) {
  if (slots_.empty() || !col.sameAt(n, n)) return;  // never indexed (see insert)
  std::uint32_t h = tag(col.hashAt(n));
  std::size_t i = probe(h, [&](NodeId m) { return col.sameAt(m, n); });
  Slot& s = slots_[i];
  if (s.hash != h) return;
  if (s.ref & kList) {
    std::uint32_t li = s.ref & ~kList;
    auto& list = lists_[li];
    auto at = std::lower_bound(list.begin(), list.end(), n);
    if (at != list.end() && *at == n) list.erase(at);
    if (list.size() == 1) {
      s.ref = list.front();
      list = {};
      freeLists_.push_back(li);
    }
  } else if (s.ref == n) {
    s = Slot{kDeleted, 0};
    --live_;
    ++deleted_;
  }
}

std::span<const NodeId> PropertyIndex::find(const ValueColumn& col, const Value& v) const {
  if (slots_.empty()) return {};
  std::uint32_t h = tag(ValueColumn::hashOf(v));
  std::size_t i = probe(h, [&](NodeId m) { return col.equalsAt(m, v); });
  const Slot& s = slots_[i];
  if (s.hash != h) return {};
  if (s.ref & kList) return lists_[s.ref & ~kList];
  return {&s.ref, 1};
}

}  // namespace kgq
