// libFuzzer entry point (clang -fsanitize=fuzzer, cmake -DKGQ_LIBFUZZER=ON):
// one binary per target, the target named by KGQ_FUZZ_TARGET at compile time.
#include <cstdlib>

#include "targets.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const kgq::fuzz::Target* target = kgq::fuzz::findTarget(KGQ_FUZZ_TARGET);
  if (!target) std::abort();
  target->run(data, size);
  return 0;
}
