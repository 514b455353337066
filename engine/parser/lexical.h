// The few lexical rules of grammar/Kgq.g4 that text must be cut by before it is
// parsed: quoted strings, back-ticked names, comments and whitespace. Shared by
// the statement splitter and the statement cache's literal scanner, which both
// run on every statement and cannot afford the ANTLR lexer.
#pragma once

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace kgq::lexical {

// Byte classes of the scanners: one table lookup picks a token's case (they run on every
// statement). The classes before kBlank are bytes that can only be part of a token.
enum ByteClass : std::uint8_t {
  kOtherByte, kLetter, kDigitByte, kDot, kDollar, kColon,
  kBlank, kSemicolon, kQuote, kSkipStart, kHigh
};
inline constexpr std::array<std::uint8_t, 256> kByteClass = [] {
  std::array<std::uint8_t, 256> t{};
  for (int c = 0; c < 256; ++c) {
    auto& k = t[static_cast<std::size_t>(c)];
    if (c >= 0x80) k = kHigh;
    else if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f') k = kBlank;
    else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_') k = kLetter;
    else if (c >= '0' && c <= '9') k = kDigitByte;
    else if (c == '\'' || c == '"') k = kQuote;
    else if (c == '`' || c == '/') k = kSkipStart;
    else if (c == '.') k = kDot;
    else if (c == '$') k = kDollar;
    else if (c == ':') k = kColon;
    else if (c == ';') k = kSemicolon;
  }
  return t;
}();
inline ByteClass classOf(char c) { return static_cast<ByteClass>(kByteClass[static_cast<unsigned char>(c)]); }
inline bool onlyInTokens(ByteClass k) { return k < kBlank; }

// One past the closing quote of the string literal opening at `i`, or npos when unterminated.
inline std::size_t quotedEnd(std::string_view text, std::size_t i) {
  char quote = text[i];
  for (std::size_t j = i + 1; j < text.size(); ++j) {
    if (text[j] == '\\') ++j;
    else if (text[j] == quote) return j + 1;
  }
  return std::string_view::npos;
}

// One past a comment or back-ticked name starting at `i`, `i` when none starts
// there, or npos when a block comment or back-ticked name is not closed (parseScript
// reports it as unterminated; a line comment may end the text).
inline std::size_t skippedEnd(std::string_view text, std::size_t i) {
  auto close = [&](std::string_view what, std::size_t from) {
    auto e = text.find(what, from);
    return e == std::string_view::npos ? e : e + what.size();
  };
  // Tested a byte at a time: these run once per character of every statement.
  if (text[i] == '`') return close("`", i + 1);
  if (text[i] != '/' || i + 1 >= text.size()) return i;
  if (text[i + 1] == '/') return std::min(close("\n", i + 2), text.size());
  if (text[i + 1] == '*') return close("*/", i + 2);
  return i;
}

// Length of the whitespace character at `i` (the grammar's WS: ASCII blanks,
// U+00A0, U+FEFF), or 0.
inline std::size_t whitespaceAt(std::string_view text, std::size_t i) {
  switch (text[i]) {
    case ' ': case '\t': case '\r': case '\n': case '\v': case '\f': return 1;
    default: break;
  }
  if (static_cast<unsigned char>(text[i]) < 0x80) return 0;
  if (text.compare(i, 2, "\xC2\xA0") == 0) return 2;
  if (text.compare(i, 3, "\xEF\xBB\xBF") == 0) return 3;
  return 0;
}

// Tracks the parser's idea of a position: lines counted by '\n', columns in code points.
struct Cursor {
  int line = 1;
  int column = 1;
  void advance(char c) {
    if (c == '\n') {
      ++line;
      column = 1;
    } else if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) {
      ++column;
    }
  }
  // As advance() over each byte of `s`, at once: scanners move the cursor only to the few places
  // they report (a statement's start, a literal), not byte by byte.
  void advanceOver(std::string_view s) {
    if (auto nl = s.rfind('\n'); nl != std::string_view::npos) {
      line += static_cast<int>(std::count(s.begin(), s.begin() + static_cast<std::ptrdiff_t>(nl) + 1, '\n'));
      column = 1;
      s.remove_prefix(nl + 1);
    }
    int points = 0;
    for (char c : s) points += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    column += points;
  }
};

}  // namespace kgq::lexical
