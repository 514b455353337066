#include "parser/literal_scan.h"

#include <boost/container/small_vector.hpp>
#include <array>
#include <charconv>
#include <cstdint>
#include <forward_list>
#include <string_view>
#include <unordered_map>

#include "common/strings.h"
#include "parser/lexical.h"
#include "parser/string_literal.h"

namespace kgq {

namespace {
constexpr char kOpen = '\x01';
constexpr char kClose = '\x02';

bool isDigit(char c) { return c >= '0' && c <= '9'; }
bool isHexDigit(char c) { return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }
bool isOctalDigit(char c) { return c >= '0' && c <= '7'; }
using lexical::ByteClass;
using lexical::classOf;
using enum lexical::ByteClass;

// One past the ASCII letters, digits and `_` from `i`.
std::size_t asciiNameEnd(std::string_view text, std::size_t i) {
  while (i < text.size() && (classOf(text[i]) == kLetter || classOf(text[i]) == kDigitByte)) ++i;
  return i;
}

// One past the name starting at `i` (which is a name byte). Any non-ASCII byte that starts no blank
// counts as a letter: a digit taken into a name by mistake is merely not lifted.
std::size_t nameEnd(std::string_view text, std::size_t i) {
  for (;;) {
    i = asciiNameEnd(text, i);
    // a non-ASCII byte is a letter unless it starts a blank (U+00A0, U+FEFF)
    if (i >= text.size() || classOf(text[i]) != kHigh || lexical::whitespaceAt(text, i)) return i;
    ++i;
  }
}

// One past the number token starting at `i` (a digit, or '.' before a digit), by
// the grammar's longest match over HEX_INTEGER, OCTAL_INTEGER, FLOAT_LITERAL and DECIMAL_INTEGER.
std::size_t numberEnd(std::string_view text, std::size_t i, LiteralToken& token, int& base) {
  auto at = [&](std::size_t j) { return j < text.size() ? text[j] : '\0'; };
  token = LiteralToken::Integer;
  base = 10;
  if (text[i] == '0' && (at(i + 1) == 'x' || at(i + 1) == 'X') && isHexDigit(at(i + 2))) {
    std::size_t j = i + 2;
    while (isHexDigit(at(j))) ++j;
    base = 16;
    return j;
  }
  if (text[i] == '0' && (at(i + 1) == 'o' || at(i + 1) == 'O') && isOctalDigit(at(i + 2))) {
    std::size_t j = i + 2;
    while (isOctalDigit(at(j))) ++j;
    base = 8;
    return j;
  }
  std::size_t j = i;
  while (isDigit(at(j))) ++j;
  if (at(j) == '.' && isDigit(at(j + 1))) {
    j += 1;
    while (isDigit(at(j))) ++j;
    token = LiteralToken::Float;
  }
  if (at(j) == 'e' || at(j) == 'E') {
    std::size_t k = j + 1;
    if (at(k) == '+' || at(k) == '-') ++k;
    if (isDigit(at(k))) {
      while (isDigit(at(k))) ++k;
      j = k;
      token = LiteralToken::Float;
    }
  }
  return j;
}

// The value of a number token, or null when the parser would reject it (out of range).
Value numberValue(std::string_view raw, LiteralToken token, int base) {
  const char* end = raw.data() + raw.size();
  if (token == LiteralToken::Float) {
    double d = 0;
    auto res = std::from_chars(raw.data(), end, d);
    return res.ec == std::errc() && res.ptr == end ? Value(d) : Value();
  }
  std::int64_t v = 0;
  const char* from = raw.data() + (base == 10 ? 0 : 2);
  auto res = std::from_chars(from, end, v, base);
  return res.ec == std::errc() && res.ptr == end ? Value(v) : Value();
}

// Finds the first literal with the same key (its text, or its value): a short
// scan for the usual few, a hash beyond.
template <typename Key>
class SameFinder {
 public:
  std::size_t find(Key raw, std::size_t index) {
    if (byText_.empty()) {
      for (const auto& [text, first] : few_)
        if (text == raw) return first;
      if (few_.size() < 16) {
        few_.emplace_back(raw, index);
        return index;
      }
      byText_.insert(few_.begin(), few_.end());
    }
    return byText_.emplace(raw, index).first->second;
  }

 private:
  // Distinct texts and their first literal; inline, as a statement has few (this runs per statement).
  boost::container::small_vector<std::pair<Key, std::size_t>, 4> few_;
  std::unordered_map<Key, std::size_t> byText_;
};

// The first literal of the same token type and value ('a' and "a", 0x10 and 16):
// the binder matches repeated expressions by value.
class SameValueFinder {
 public:
  std::size_t find(std::string_view raw, const Value& value, std::size_t index) {
    if (value.isInt()) return ints_.find(value.asInt(), index);
    if (value.isFloat()) return floats_.find(value.asFloat(), index);
    if (raw.find('\\') == std::string_view::npos) return strings_.find(raw.substr(1, raw.size() - 2), index);
    return strings_.find(decoded_.emplace_front(value.asString()), index);
  }

 private:
  SameFinder<std::string_view> strings_;
  SameFinder<std::int64_t> ints_;
  SameFinder<double> floats_;
  std::forward_list<std::string> decoded_;  // stable, and free while empty: the finder keeps views
};

int columns(std::string_view raw) {
  int n = 0;
  for (char c : raw) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}
}  // namespace

StrippedStatement stripLiterals(const StatementSpan& span, int firstLine) {
  std::string_view text = span.text;
  StrippedStatement out;
  if (text.find(kOpen) != std::string_view::npos || text.find(kClose) != std::string_view::npos) return out;
  if (invalidUtf8At(text)) return out;  // never cached: the parser reports it
  out.key.reserve(text.size());
  out.start = {span.line + firstLine - 1, span.column};
  SameFinder<std::string_view> same;
  SameValueFinder sameValue;
  // The key is the text with each lifted literal and name replaced: text before `copied` is in it.
  std::size_t copied = 0;
  auto cut = [&](std::size_t i, std::size_t end) {
    out.key.append(text.substr(copied, i - copied));
    copied = end;
  };
  // Positions are counted only up to the tokens that need one.
  lexical::Cursor at{out.start.line, out.start.column};
  std::size_t atOffset = 0;  // `at` is where text[atOffset] is
  auto posAt = [&](std::size_t i) {
    at.advanceOver(text.substr(atOffset, i - atOffset));
    atOffset = i;
    return ast::Pos{at.line, at.column};
  };
  auto lift = [&](std::size_t i, std::size_t end, LiteralToken token, Value value) {
    std::string_view raw = text.substr(i, end - i);
    if (out.literals.empty()) out.literals.reserve(4);
    ScannedLiteral& lit = out.literals.emplace_back();
    std::size_t index = out.literals.size() - 1;
    lit.token = token;
    lit.value = std::move(value);
    lit.pos = posAt(i);
    lit.offset = i;
    lit.size = raw.size();
    lit.width = columns(raw);
    lit.firstSame = same.find(raw, index);
    // Statements share a key only when their literals repeat in the same pattern,
    // as written (the texts quoted in messages) and by value (ORDER BY 16 is the
    // item `0x10 AS x` to the binder, ORDER BY 3 is not).
    std::size_t firstSameValue = sameValue.find(raw, lit.value, index);
    cut(i, end);
    char digits[24];
    auto number = [&](std::size_t v) { out.key.append(digits, std::to_chars(digits, digits + sizeof digits, v).ptr); };
    out.key += kOpen;
    out.key += static_cast<char>(token);
    number(lit.firstSame);
    if (firstSameValue != lit.firstSame) {
      out.key += ',';
      number(firstSameValue);
    }
    out.key += kClose;
  };
  bool afterColon = false;  // the last token was `:` (blanks and comments between them are no tokens)
  const std::size_t n = text.size();
  std::size_t i = 0;
  while (i < n) {
    char c = text[i];
    std::size_t end = i + 1;
    bool colon = false;
    ByteClass k = classOf(c);
    if (k == kDot && i + 1 < n && isDigit(text[i + 1])) k = kDigitByte;  // `.5`
    switch (k) {
      case kBlank:
        while (end < n && classOf(text[end]) == kBlank) ++end;
        colon = afterColon;
        break;
      case kLetter: {
        std::size_t asciiEnd = asciiNameEnd(text, i + 1);
        end = nameEnd(text, asciiEnd);
        // letters beyond ASCII: not a plain name, kept in the key as written
        if (end == asciiEnd && afterColon) {
          out.names.push_back(ScannedName{posAt(i), i, end - i});
          cut(i, end);
          out.key += kOpen;
          out.key += 'n';
          out.key += kClose;
        }
        break;
      }
      case kDot:
        if (i + 1 < n && text[i + 1] == '.') end = i + 2;  // `..`: digits after it are numbers of their own
        break;
      case kDigitByte: {
        LiteralToken token;
        int base;
        end = numberEnd(text, i, token, base);
        Value value = numberValue(text.substr(i, end - i), token, base);
        if (!value.isNull()) lift(i, end, token, std::move(value));  // else kept in the key as written
        break;
      }
      case kQuote: {
        end = lexical::quotedEnd(text, i);
        if (end == std::string_view::npos) return out;
        std::string_view raw = text.substr(i, end - i);
        if (raw.find('\n') != std::string_view::npos) return out;
        std::string value;
        if (unescapeStringLiteral(raw, value)) return out;
        lift(i, end, LiteralToken::String, Value(std::move(value)));
        break;
      }
      case kSkipStart:
        end = lexical::skippedEnd(text, i);
        if (end == std::string_view::npos) return out;  // unterminated: the parser reports it
        if (end > i) colon = afterColon && c != '`';
        else end = i + 1;  // a `/` that starts no comment
        break;
      case kDollar:  // a parameter ($1 is one): digits in it are not numbers
        end = nameEnd(text, i + 1);
        break;
      case kHigh:
        if (std::size_t blank = lexical::whitespaceAt(text, i)) {
          end = i + blank;
          colon = afterColon;
        } else {
          end = nameEnd(text, i + 1);
        }
        break;
      case kColon:
        colon = true;
        break;
      default:
        break;
    }
    afterColon = colon;
    i = end;
  }
  out.key.append(text.substr(copied));
  out.cacheable = true;
  return out;
}

}  // namespace kgq
