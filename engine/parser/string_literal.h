// Decoding of quoted string literals ('...' or "..." with backslash escapes),
// shared by the transformer and the statement cache's literal scanner so that
// both read a literal the same way.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace kgq {

struct UnescapeError {
  std::string message;
  std::string hint;
};

// `quoted` includes the surrounding quotes. Appends the decoded UTF-8 text to `out`.
std::optional<UnescapeError> unescapeStringLiteral(std::string_view quoted, std::string& out);

}  // namespace kgq
