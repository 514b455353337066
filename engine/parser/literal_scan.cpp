#include "parser/literal_scan.h"

#include <string_view>

#include "common/strings.h"
#include "parser/lexical.h"
#include "parser/string_literal.h"

namespace kgq {

namespace {
constexpr char kOpen = '\x01';
constexpr char kClose = '\x02';

}  // namespace

StrippedStatement stripStringLiterals(const StatementSpan& span, int firstLine) {
  std::string_view text = span.text;
  StrippedStatement out;
  if (text.find(kOpen) != std::string_view::npos || text.find(kClose) != std::string_view::npos) return out;
  if (invalidUtf8At(text)) return out;  // never cached: the parser reports it
  out.key.reserve(text.size());
  std::vector<std::string_view> raws;
  lexical::Cursor at{span.line + firstLine - 1, span.column};
  std::size_t i = 0;
  while (i < text.size()) {
    std::size_t end = lexical::skippedEnd(text, i);
    if (end == std::string_view::npos) return out;  // unterminated: the parser reports it
    if (end == i && (text[i] == '\'' || text[i] == '"')) {
      end = lexical::quotedEnd(text, i);
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
    } else if (end == i) {
      out.key += text[i];
      end = i + 1;
    } else {
      out.key.append(text.substr(i, end - i));
    }
    for (; i < end; ++i) at.advance(text[i]);
  }
  out.cacheable = true;
  return out;
}

}  // namespace kgq
