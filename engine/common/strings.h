// Small string helpers shared across stages.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kgq {

// How alike a name typed by a person is to an existing one, from 0 to 1, ignoring
// ASCII case: one minus the Damerau-Levenshtein distance (adjacent transpositions
// count once) over the longer length, raised for a candidate that starts with what
// was typed and, a little less, for one that has a word close to it
// (`Pakistan` in `Government of Pakistan`), so that a whole name beats a part of one.
double nameSimilarity(std::string_view typed, std::string_view candidate);

// Below this, a candidate is not worth offering ("Foo" offers nothing).
inline constexpr double kSuggestThreshold = 0.6;

// The indexes of `candidates` at least kSuggestThreshold similar to `typed`, most
// similar first (ties: shorter, then earlier), at most `max`. Every "did you mean"
// of kgq ranks through this: entity names, labels, types, keys, functions, commands.
std::vector<std::size_t> rankSuggestions(std::string_view typed, const std::vector<std::string_view>& candidates,
                                         std::size_t max = 1);
// The same over strings, returning the names.
std::vector<std::string> closestNames(std::string_view typed, const std::vector<std::string>& candidates,
                                      std::size_t max = 1);

// ASCII lower case; other bytes (UTF-8 included) are left as they are.
std::string toLowerAscii(std::string_view s);
// toLowerAscii without a new string (a loop that folds many reuses one buffer).
void lowerAsciiInPlace(std::string& s);

// The offset of the first byte that does not belong to well-formed UTF-8
// (overlong forms, surrogates and code points above U+10FFFF included), if any.
std::optional<std::size_t> invalidUtf8At(std::string_view s);

}  // namespace kgq
