// libFuzzer entry point (clang -fsanitize=fuzzer, cmake -DKGQ_LIBFUZZER=ON):
// one binary per target, the target named by KGQ_FUZZ_TARGET at compile time.
#include <spdlog/spdlog.h>

#include <cstdlib>

#include "targets.h"

// Warnings (notifications, "changes live in memory only") are expected outcomes, not findings; printing
// thousands of them a second only slows the fuzzer down.
extern "C" int LLVMFuzzerInitialize(int*, char***) {
  spdlog::set_level(spdlog::level::err);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const kgq::fuzz::Target* target = kgq::fuzz::findTarget(KGQ_FUZZ_TARGET);
  if (!target) std::abort();
  target->run(data, size);
  return 0;
}
