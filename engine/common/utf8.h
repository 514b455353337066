// The one definition of well-formed UTF-8 (RFC 3629) that every reader of
// bytes checks against: invalidUtf8At (common/strings.h) over a whole text,
// the CSV reader while it scans a file.
#pragma once

#include <cstddef>
#include <string_view>

namespace kgq {

// Length (1-4) of the well-formed UTF-8 sequence that `s` starts with, or 0 when
// it starts with none: a stray continuation byte, an overlong form, a surrogate,
// a code point above U+10FFFF, or a sequence cut short by the end of `s`.
inline std::size_t utf8SequenceLength(std::string_view s) {
  if (s.empty()) return 0;
  auto c = static_cast<unsigned char>(s[0]);
  if (c < 0x80) return 1;
  std::size_t n = c >= 0xC2 && c <= 0xDF ? 2 : c >= 0xE0 && c <= 0xEF ? 3 : c >= 0xF0 && c <= 0xF4 ? 4 : 0;
  if (n == 0 || n > s.size()) return 0;
  // The second byte's range rules out overlong forms, surrogates and > U+10FFFF.
  auto c1 = static_cast<unsigned char>(s[1]);
  unsigned char lo = c == 0xE0 ? 0xA0 : c == 0xF0 ? 0x90 : 0x80;
  unsigned char hi = c == 0xED ? 0x9F : c == 0xF4 ? 0x8F : 0xBF;
  if (c1 < lo || c1 > hi) return 0;
  for (std::size_t k = 2; k < n; ++k)
    if ((static_cast<unsigned char>(s[k]) & 0xC0) != 0x80) return 0;
  return n;
}

}  // namespace kgq
