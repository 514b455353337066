// Small string helpers shared across stages.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace kgq {

// Levenshtein distance, for "did you mean" suggestions.
std::size_t editDistance(std::string_view a, std::string_view b);

// ASCII lower case; other bytes (UTF-8 included) are left as they are.
std::string toLowerAscii(std::string_view s);

// The offset of the first byte that does not belong to well-formed UTF-8
// (overlong forms, surrogates and code points above U+10FFFF included), if any.
std::optional<std::size_t> invalidUtf8At(std::string_view s);

}  // namespace kgq
