#include "io/id_index.h"

#include <sys/mman.h>

#include <cstdint>
#include <cstring>

namespace kgq {

std::uint64_t IdIndex::hashOf(std::string_view s) {
  // FNV-1a folded with a multiply: cheap, and ids differ mostly in their last bytes.
  std::uint64_t h = 1469598103934665603ULL;
  for (unsigned char c : s) h = (h ^ c) * 1099511628211ULL;
  h ^= h >> 29;
  h *= 0xbf58476d1ce4e5b9ULL;
  h ^= h >> 32;
  return h | (1ULL << 63);
}

namespace {
// Lookups land anywhere in a table of tens of megabytes: with 4 KiB pages
// nearly each one also misses the TLB. Huge pages are advice only.
void adviseHugePages(void* data, std::size_t bytes) {
  constexpr std::uintptr_t kPage = 4096;
  auto begin = (reinterpret_cast<std::uintptr_t>(data) + kPage - 1) & ~(kPage - 1);
  auto end = (reinterpret_cast<std::uintptr_t>(data) + bytes) & ~(kPage - 1);
  if (end > begin) madvise(reinterpret_cast<void*>(begin), end - begin, MADV_HUGEPAGE);
}
}  // namespace

void IdIndex::reserve(std::size_t ids) {
  std::size_t want = 16;
  while (want < ids * 2) want <<= 1;
  if (want <= slots_.size()) return;
  std::vector<Slot> old = std::move(slots_);
  slots_ = {};
  slots_.reserve(want);  // advised before the first touch, so the pages fault in huge
  adviseHugePages(slots_.data(), want * sizeof(Slot));
  slots_.assign(want, Slot{});
  for (const auto& s : old)
    if (s.hash) {
      std::size_t mask = slots_.size() - 1;
      std::size_t i = s.hash & mask;
      while (slots_[i].hash) i = (i + 1) & mask;
      slots_[i] = s;
    }
}

void IdIndex::grow() { reserve(slots_.empty() ? 8 : slots_.size()); }

std::uint64_t IdIndex::packShort(std::string_view id) {
  std::uint64_t k = 0;
  std::memcpy(&k, id.data(), id.size());
  return k;
}

bool IdIndex::matches(const Slot& s, std::uint64_t h, std::string_view id) const {
  if (s.hash != h || s.length != id.size()) return false;
  if (id.size() <= 8) return s.key == packShort(id);
  return std::memcmp(arena_.data() + s.key, id.data(), id.size()) == 0;
}

std::size_t IdIndex::probe(std::uint64_t h, std::string_view id) const {
  std::size_t mask = slots_.size() - 1;
  for (std::size_t i = h & mask;; i = (i + 1) & mask) {
    const Slot& s = slots_[i];
    if (!s.hash || matches(s, h, id)) return i;
  }
}

std::optional<std::uint32_t> IdIndex::insert(std::string_view id, std::uint32_t n) {
  if ((size_ + 1) * 2 > slots_.size()) grow();
  std::uint64_t h = hashOf(id);
  std::size_t i = probe(h, id);
  if (slots_[i].hash) return slots_[i].node;
  if (id.size() <= 8) {
    slots_[i] = Slot{h, packShort(id), static_cast<std::uint32_t>(id.size()), n};
  } else {
    slots_[i] = Slot{h, arena_.size(), static_cast<std::uint32_t>(id.size()), n};
    arena_.append(id);
  }
  ++size_;
  return std::nullopt;
}

std::optional<std::uint32_t> IdIndex::find(std::string_view id, std::uint64_t hash) const {
  if (slots_.empty()) return std::nullopt;
  std::size_t i = probe(hash, id);
  if (!slots_[i].hash) return std::nullopt;
  return slots_[i].node;
}

}  // namespace kgq
