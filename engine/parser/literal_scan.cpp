#include "parser/literal_scan.h"

#include <string_view>

#include "parser/string_literal.h"

namespace kgq {

namespace {
constexpr char kOpen = '\x01';
constexpr char kClose = '\x02';

// Tracks the parser's idea of a position: lines counted by '\n', columns in code points.
struct Cursor {
  int line;
  int column;
  void advance(char c) {
    if (c == '\n') {
      ++line;
      column = 1;
    } else if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) {
      ++column;
    }
  }
};

// End (one past) of the quoted literal starting at `i`, or npos when unterminated.
std::size_t quotedEnd(std::string_view text, std::size_t i) {
  char quote = text[i];
  for (std::size_t j = i + 1; j < text.size(); ++j) {
    if (text[j] == '\\') ++j;
    else if (text[j] == quote) return j + 1;
  }
  return std::string_view::npos;
}

// End of a comment or back-ticked name starting at `i`, or i when none starts there.
std::size_t skippedEnd(std::string_view text, std::size_t i) {
  auto close = [&](std::string_view what, std::size_t from) {
    auto e = text.find(what, from);
    return e == std::string_view::npos ? text.size() : e + what.size();
  };
  if (text.compare(i, 2, "//") == 0) return close("\n", i + 2);
  if (text.compare(i, 2, "/*") == 0) return close("*/", i + 2);
  if (text[i] == '`') return close("`", i + 1);
  return i;
}
}  // namespace

StrippedStatement stripStringLiterals(const StatementSpan& span, int firstLine) {
  std::string_view text = span.text;
  StrippedStatement out;
  if (text.find(kOpen) != std::string_view::npos || text.find(kClose) != std::string_view::npos) return out;
  out.key.reserve(text.size());
  std::vector<std::string_view> raws;
  Cursor at{span.line + firstLine - 1, span.column};
  std::size_t i = 0;
  while (i < text.size()) {
    std::size_t end = skippedEnd(text, i);
    if (end == i && (text[i] == '\'' || text[i] == '"')) {
      end = quotedEnd(text, i);
      if (end == std::string_view::npos) return out;
      std::string_view raw = text.substr(i, end - i);
      if (raw.find('\n') != std::string_view::npos) return out;
      std::string value;
      if (unescapeStringLiteral(raw, value)) return out;
      std::size_t same = raws.size();
      for (std::size_t k = 0; k < raws.size(); ++k)
        if (raws[k] == raw) {
          same = k;
          break;
        }
      out.key += kOpen;
      out.key += std::to_string(same);
      out.key += kClose;
      out.positions.push_back({at.line, at.column});
      out.values.push_back(std::move(value));
      out.offsets.push_back(i);
      out.sizes.push_back(raw.size());
      out.firstSame.push_back(same);
      raws.push_back(raw);
    } else {
      if (end == i) end = i + 1;
      out.key.append(text.substr(i, end - i));
    }
    for (; i < end; ++i) at.advance(text[i]);
  }
  out.cacheable = true;
  return out;
}

}  // namespace kgq
