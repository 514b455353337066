// Integer division and remainder rounded toward negative infinity, as calendars need
// (second -1 is 23:59:59 of the day before, not of day 0).
#pragma once

#include <cstdint>

namespace kgq {

inline std::int64_t floorDiv(std::int64_t a, std::int64_t b) {
  std::int64_t q = a / b;
  return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

// From the remainder, not from floorDiv(a, b) * b, which overflows for the most negative a.
inline std::int64_t floorMod(std::int64_t a, std::int64_t b) {
  std::int64_t r = a % b;
  return (r != 0 && ((r < 0) != (b < 0))) ? r + b : r;
}

}  // namespace kgq
