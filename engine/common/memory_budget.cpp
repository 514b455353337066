#include "common/memory_budget.h"

#include <malloc.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <limits>
#include <new>

namespace {
constexpr std::int64_t kNoLimit = std::numeric_limits<std::int64_t>::max();
// Per thread: one statement runs on one thread, and a plain counter costs an
// allocation next to nothing (an atomic shared by all threads would not).
thread_local std::int64_t tAllocated = 0;
thread_local std::int64_t tLimit = kNoLimit;
thread_local bool tTripped = false;
}  // namespace

// The replaceable global allocation functions. Every unaligned form is
// defined here, not only the two the others forward to: a sanitizer runtime
// replaces them all, and a nothrow new served by it but freed by our delete is
// a mismatch. The aligned pair is left alone (rare blocks, uncounted).
// Blocks are counted at their requested size: the sized delete that containers
// use hands the same size back without asking malloc, which costs every statement's
// hundred allocations more than the counting itself. An unsized delete subtracts
// what malloc says the block holds, a few bytes more than was counted: the budget
// errs on the side of letting a statement go on.
// ThreadSanitizer's runtime defines these functions itself (and cannot share
// them): under KGQ_TSAN nothing is counted and no huge pages are asked for.
#ifndef KGQ_NO_ALLOCATOR_REPLACEMENT
namespace {
// A graph's big arrays (adjacency, relationship rows, property columns, hash
// slots) are read at random: with 4 KiB pages each miss is also a TLB miss,
// and filling them costs a page fault per 4 KiB. Blocks this large ask the
// kernel for transparent huge pages on the 2 MiB-aligned part of the block
// (what glibc's glibc.malloc.hugetlb=1 tunable does for every mmap'd block).
constexpr std::size_t kHugePage = std::size_t{2} << 20;
constexpr std::size_t kHugeBlock = 2 * kHugePage;

void adviseHugePages(void* p, std::size_t n) {
  auto begin = (reinterpret_cast<std::uintptr_t>(p) + kHugePage - 1) & ~(kHugePage - 1);
  auto end = (reinterpret_cast<std::uintptr_t>(p) + n) & ~(kHugePage - 1);
  // Only advice: a kernel without THP (or with it off) refuses and nothing changes.
  if (end > begin) madvise(reinterpret_cast<void*>(begin), end - begin, MADV_HUGEPAGE);
}
}  // namespace

void* operator new(std::size_t n) {
  void* p = std::malloc(n ? n : 1);
  if (!p) throw std::bad_alloc();
  if (n >= kHugeBlock) adviseHugePages(p, n);
  auto size = static_cast<std::int64_t>(n);
  tAllocated += size;
  if (tAllocated > tLimit) {
    tAllocated -= size;
    std::free(p);
    tTripped = true;
    tLimit = kNoLimit;  // unwinding, rollback and the error message may allocate
    throw std::bad_alloc();
  }
  return p;
}

void operator delete(void* p) noexcept {
  if (!p) return;
  tAllocated -= static_cast<std::int64_t>(malloc_usable_size(p));
  std::free(p);
}

void operator delete(void* p, std::size_t n) noexcept {
  if (!p) return;
  tAllocated -= static_cast<std::int64_t>(n);
  std::free(p);
}
void* operator new[](std::size_t n) { return operator new(n); }
void* operator new(std::size_t n, const std::nothrow_t&) noexcept {
  try {
    return operator new(n);
  } catch (...) {
    return nullptr;
  }
}
void* operator new[](std::size_t n, const std::nothrow_t& t) noexcept { return operator new(n, t); }
void operator delete[](void* p) noexcept { operator delete(p); }
void operator delete[](void* p, std::size_t n) noexcept { operator delete(p, n); }
void operator delete(void* p, const std::nothrow_t&) noexcept { operator delete(p); }
void operator delete[](void* p, const std::nothrow_t&) noexcept { operator delete(p); }
#endif  // KGQ_NO_ALLOCATOR_REPLACEMENT

namespace kgq::memory {

std::int64_t allocatedOnThisThread() { return tAllocated; }

bool countsAllocations() {
#ifdef KGQ_NO_ALLOCATOR_REPLACEMENT
  return false;
#else
  return true;
#endif
}

std::uint64_t remainingOnThisThread() {
  if (tLimit == kNoLimit) return 0;
  return tLimit > tAllocated ? static_cast<std::uint64_t>(tLimit - tAllocated) : 1;
}

void noteExceeded() {
  tTripped = true;
  tLimit = kNoLimit;
}

namespace {
std::uint64_t computeDefaultBudget();
}

StatementBudget::StatementBudget(std::uint64_t bytes) : previousLimit_(tLimit), previousTripped_(tTripped) {
  tTripped = false;
  if (bytes == 0 || bytes > static_cast<std::uint64_t>(kNoLimit / 2)) return;
  std::int64_t limit = tAllocated + static_cast<std::int64_t>(bytes);
  if (limit < tLimit) tLimit = limit;
}

StatementBudget::~StatementBudget() {
  tLimit = previousLimit_;
  tTripped = previousTripped_ || tTripped;
}

bool StatementBudget::exceeded() const { return tTripped; }

std::uint64_t defaultBudget() {
  static const std::uint64_t budget = computeDefaultBudget();  // limits do not change while kgq runs
  return budget;
}

namespace {
std::uint64_t computeDefaultBudget() {
  std::uint64_t total = static_cast<std::uint64_t>(sysconf(_SC_PHYS_PAGES)) * static_cast<std::uint64_t>(sysconf(_SC_PAGESIZE));
  std::uint64_t budget = total / 4;
  auto atMost = [&](std::uint64_t cap) {
    if (cap > 0 && cap / 4 * 3 < budget) budget = cap / 4 * 3;
  };
  struct rlimit rl {};
  if (getrlimit(RLIMIT_AS, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY) atMost(rl.rlim_cur);
  std::ifstream cgroup("/sys/fs/cgroup/memory.max");
  std::string max;
  if (cgroup >> max && max != "max") atMost(std::strtoull(max.c_str(), nullptr, 10));
  return budget;
}
}  // namespace

std::string formatBytes(std::uint64_t bytes) {
  const char* units[] = {"bytes", "KiB", "MiB", "GiB", "TiB"};
  double v = static_cast<double>(bytes);
  int u = 0;
  while (v >= 1024 && u < 4) v /= 1024, ++u;
  char buf[32];
  if (u == 0) std::snprintf(buf, sizeof buf, "%llu bytes", static_cast<unsigned long long>(bytes));
  else std::snprintf(buf, sizeof buf, v < 10 ? "%.1f %s" : "%.0f %s", v, units[u]);
  return buf;
}

bool parseBytes(const std::string& text, std::uint64_t& out) {
  if (text.empty()) return false;
  char* end = nullptr;
  double v = std::strtod(text.c_str(), &end);
  if (end == text.c_str() || !(v >= 0) || !std::isfinite(v)) return false;
  std::string unit(end);
  if (!unit.empty() && (unit.back() == 'B' || unit.back() == 'b') && unit.size() > 1) unit.pop_back();
  if (unit.size() == 2 && (unit[1] == 'i' || unit[1] == 'I')) unit.pop_back();
  double scale = 1;
  if (unit.empty()) scale = 1;
  else if (unit == "k" || unit == "K") scale = 1024.0;
  else if (unit == "m" || unit == "M") scale = 1024.0 * 1024;
  else if (unit == "g" || unit == "G") scale = 1024.0 * 1024 * 1024;
  else if (unit == "t" || unit == "T") scale = 1024.0 * 1024 * 1024 * 1024;
  else return false;
  double bytes = v * scale;
  if (bytes > 9e18) return false;
  out = static_cast<std::uint64_t>(bytes);
  return true;
}

}  // namespace kgq::memory
