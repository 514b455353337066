#include "parser/string_literal.h"

#include <charconv>
#include <cstdint>

#include "common/value.h"

namespace kgq {

std::optional<UnescapeError> unescapeStringLiteral(std::string_view raw, std::string& out) {
  out.reserve(out.size() + raw.size());
  for (std::size_t i = 1; i + 1 < raw.size(); ++i) {
    char c = raw[i];
    if (c != '\\') {
      out += c;
      continue;
    }
    char n = raw[++i];
    switch (n) {
      case '\\': out += '\\'; break;
      case '\'': out += '\''; break;
      case '"': out += '"'; break;
      case 'n': out += '\n'; break;
      case 't': out += '\t'; break;
      case 'r': out += '\r'; break;
      case 'b': out += '\b'; break;
      case 'f': out += '\f'; break;
      case 'u':
      case 'U': {
        std::size_t len = n == 'u' ? 4 : 8;
        std::uint32_t cp = 0;
        if (i + len >= raw.size() ||
            std::from_chars(raw.data() + i + 1, raw.data() + i + 1 + len, cp, 16).ptr != raw.data() + i + 1 + len ||
            cp > 0x10FFFF)
          return UnescapeError{"invalid unicode escape in string literal", "write \\u followed by four hex digits"};
        i += len;
        // UTF-16 escapes (as Java and Neo4j read them): a high surrogate and the low
        // one after it are one character; either alone is no character at all.
        if (cp >= 0xD800 && cp <= 0xDBFF && n == 'u' && i + 6 < raw.size() && raw[i + 1] == '\\' &&
            raw[i + 2] == 'u') {
          std::uint32_t low = 0;
          auto r = std::from_chars(raw.data() + i + 3, raw.data() + i + 7, low, 16);
          if (r.ptr == raw.data() + i + 7 && low >= 0xDC00 && low <= 0xDFFF) {
            cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
            i += 6;
          }
        }
        if (cp >= 0xD800 && cp <= 0xDFFF)
          return UnescapeError{"unpaired surrogate in unicode escape in string literal",
                               "write a character above U+FFFF as a pair \\uD83D\\uDE00 or as \\U0001F600"};
        out += encodeUtf8(std::u32string(1, static_cast<char32_t>(cp)));
        break;
      }
      default:
        return UnescapeError{std::string("invalid escape sequence '\\") + n + "' in string literal",
                             "valid escapes are \\\\ \\' \\\" \\n \\t \\r \\b \\f \\uXXXX"};
    }
  }
  return std::nullopt;
}

}  // namespace kgq
