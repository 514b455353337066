// The global allocation functions in common/memory_budget.cpp: counting per
// thread, and the huge-page advice on big blocks.
#include <gtest/gtest.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>

#include "common/memory_budget.h"

namespace {

// The VmFlags line of the mapping that holds address `p` in /proc/self/smaps.
std::string vmFlagsOf(const void* p) {
  auto at = reinterpret_cast<std::uintptr_t>(p);
  std::ifstream smaps("/proc/self/smaps");
  std::string line;
  bool inside = false;
  while (std::getline(smaps, line)) {
    std::uintptr_t begin = 0, end = 0;
    char dash = 0;
    std::istringstream head(line);
    if (head >> std::hex >> begin >> dash >> end && dash == '-') {
      inside = begin <= at && at < end;
    } else if (inside && line.rfind("VmFlags:", 0) == 0) {
      return line;
    }
  }
  return {};
}

TEST(MemoryBudget, BlocksAreCountedOnTheThreadThatAllocates) {
  if (!kgq::memory::countsAllocations()) GTEST_SKIP() << "this build's runtime owns operator new";
  auto before = kgq::memory::allocatedOnThisThread();
  auto block = std::make_unique<char[]>(1 << 20);
  EXPECT_GE(kgq::memory::allocatedOnThisThread() - before, 1 << 20);
  block.reset();
  EXPECT_LT(kgq::memory::allocatedOnThisThread() - before, 1 << 10);
}

TEST(MemoryBudget, BigBlocksAskForHugePages) {
  if (!kgq::memory::countsAllocations()) GTEST_SKIP() << "this build's runtime owns operator new";
  if (!std::filesystem::exists("/sys/kernel/mm/transparent_hugepage/enabled"))
    GTEST_SKIP() << "this kernel has no transparent huge pages";
  // 16 MiB holds at least seven aligned 2 MiB pages wherever malloc puts it.
  constexpr std::size_t kBig = std::size_t{16} << 20;
  auto big = std::make_unique<char[]>(kBig);
  const char* middle = big.get() + kBig / 2;
  std::string flags = vmFlagsOf(middle);
  ASSERT_FALSE(flags.empty()) << "no mapping found for the block in /proc/self/smaps";
  EXPECT_NE(flags.find(" hg"), std::string::npos) << flags;
}

}  // namespace
