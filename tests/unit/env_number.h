// The size and seed of a randomised test, from the environment (a longer run, or a replay).
#pragma once

#include <cstdint>
#include <cstdlib>

namespace kgq {

inline std::uint64_t envNumber(const char* name, std::uint64_t fallback) {
  const char* v = std::getenv(name);
  return v && *v ? std::strtoull(v, nullptr, 10) : fallback;
}

}  // namespace kgq
