#include "graph/name_index.h"

#include <algorithm>
#include <limits>
#include <stdexcept>

namespace kgq {

void NameIndex::reserve(std::size_t names, std::size_t bytes) {
  records_.reserve(names);
  arena_.reserve(bytes);
  std::size_t capacity = 16;
  while (capacity < 2 * names) capacity *= 2;
  if (capacity > slots_.size()) rebuild(capacity);
}

// A table of `capacity` slots over the live records, which are compacted (with
// the arena) when removals have left many behind.
void NameIndex::rebuild(std::size_t capacity) {
  if (live_ < records_.size()) {
    std::string arena;
    std::vector<Record> records;
    records.reserve(live_);
    for (const Record& r : records_) {
      if (r.node == kRemoved) continue;
      records.push_back(Record{r.hash, static_cast<std::uint32_t>(arena.size()), r.length, r.node});
      arena.append(nameOf(r));
    }
    arena_ = std::move(arena);
    records_ = std::move(records);
  }
  slots_.assign(capacity, kEmptySlot);
  for (std::uint32_t k = 0; k < records_.size(); ++k) {
    std::size_t i = records_[k].hash & mask();
    while (slots_[i] != kEmptySlot) i = (i + 1) & mask();
    slots_[i] = k;
  }
}

void NameIndex::add(std::string_view folded, NodeId n) {
  if (2 * (records_.size() + 1) > slots_.size()) {
    std::size_t capacity = std::max<std::size_t>(16, slots_.size());
    while (capacity < 4 * (live_ + 1)) capacity *= 2;
    rebuild(capacity);
  }
  if (arena_.size() + folded.size() > std::numeric_limits<std::uint32_t>::max())
    throw std::length_error("the name index holds at most 4 GiB of names");
  std::uint64_t h = hashOf(folded);
  auto k = static_cast<std::uint32_t>(records_.size());
  records_.push_back(Record{h, static_cast<std::uint32_t>(arena_.size()), static_cast<std::uint32_t>(folded.size()), n});
  arena_.append(folded);
  std::size_t i = h & mask();
  while (slots_[i] != kEmptySlot) i = (i + 1) & mask();
  slots_[i] = k;
  ++live_;
  sortedValid_ = false;
}

void NameIndex::remove(std::string_view folded, NodeId n) {
  if (slots_.empty()) return;
  std::uint64_t h = hashOf(folded);
  for (std::size_t i = h & mask(); slots_[i] != kEmptySlot; i = (i + 1) & mask()) {
    Record& r = records_[slots_[i]];
    if (r.hash == h && r.node == n && nameOf(r) == folded) {
      r.node = kRemoved;  // its slot stays taken, so that probes go on past it
      --live_;
      sortedValid_ = false;
      return;
    }
  }
}

const std::vector<NameIndex::Entry>& NameIndex::sorted() const {
  if (sortedValid_) return sorted_;
  sorted_.clear();
  sorted_.reserve(live_);
  for (const Record& r : records_)
    if (r.node != kRemoved) sorted_.push_back(Entry{nameOf(r), r.node});
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
