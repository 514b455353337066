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
// Byte classes of the scanner: one table lookup picks a token's case (this runs per token of
// every statement, cached or not).
enum ByteClass : std::uint8_t { kOtherByte, kBlank, kLetter, kDigitByte, kQuote, kSkipStart, kDot, kDollar, kColon, kHigh };
constexpr std::array<std::uint8_t, 256> kByteClass = [] {
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
  }
  return t;
}();
ByteClass classOf(char c) { return static_cast<ByteClass>(kByteClass[static_cast<unsigned char>(c)]); }

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
  lexical::Cursor at{out.start.line, out.start.column};
  auto lift = [&](std::size_t i, std::size_t end, LiteralToken token, Value value) {
    std::string_view raw = text.substr(i, end - i);
    ScannedLiteral lit;
    lit.token = token;
    lit.value = std::move(value);
    lit.pos = {at.line, at.column};
    lit.offset = i;
    lit.size = raw.size();
    lit.width = columns(raw);
    lit.firstSame = same.find(raw, out.literals.size());
    // Statements share a key only when their literals repeat in the same pattern,
    // as written (the texts quoted in messages) and by value (ORDER BY 16 is the
    // item `0x10 AS x` to the binder, ORDER BY 3 is not).
    std::size_t firstSameValue = sameValue.find(raw, lit.value, out.literals.size());
    out.key += kOpen;
    out.key += static_cast<char>(token);
    out.key += std::to_string(lit.firstSame);
    if (firstSameValue != lit.firstSame) {
      out.key += ',';
      out.key += std::to_string(firstSameValue);
    }
    out.key += kClose;
    out.literals.push_back(std::move(lit));
  };
  bool afterColon = false;  // the last token was `:` (blanks and comments between them are no tokens)
  std::size_t i = 0;
  while (i < text.size()) {
    char c = text[i];
    std::size_t end = i + 1;
    bool colon = false;
    bool ascii = true;  // the token is ASCII without a line break: the column moves by its length
    ByteClass k = classOf(c);
    if (k == kDot && i + 1 < text.size() && isDigit(text[i + 1])) k = kDigitByte;  // `.5`
    switch (k) {
      case kBlank:
        while (end < text.size() && classOf(text[end]) == kBlank) ++end;
        out.key.append(text.substr(i, end - i));
        colon = afterColon;
        ascii = false;
        break;
      case kLetter: {
        std::size_t asciiEnd = asciiNameEnd(text, i + 1);
        end = nameEnd(text, asciiEnd);
        if (end != asciiEnd) {  // letters beyond ASCII: not a plain name, kept in the key as written
          ascii = false;
          out.key.append(text.substr(i, end - i));
        } else if (afterColon) {
          out.names.push_back(ScannedName{{at.line, at.column}, i, end - i});
          out.key += kOpen;
          out.key += 'n';
          out.key += kClose;
        } else {
          out.key.append(text.substr(i, end - i));
        }
        break;
      }
      case kDot:
        if (i + 1 < text.size() && text[i + 1] == '.') end = i + 2;  // `..`: digits after it are numbers of their own
        out.key.append(text.substr(i, end - i));
        break;
      case kDigitByte: {
        LiteralToken token;
        int base;
        end = numberEnd(text, i, token, base);
        Value value = numberValue(text.substr(i, end - i), token, base);
        if (value.isNull()) out.key.append(text.substr(i, end - i));
        else lift(i, end, token, std::move(value));
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
        ascii = false;
        break;
      }
      case kSkipStart:
        end = lexical::skippedEnd(text, i);
        if (end == std::string_view::npos) return out;  // unterminated: the parser reports it
        if (end > i) {
          out.key.append(text.substr(i, end - i));
          colon = afterColon && c != '`';
          ascii = false;
        } else {
          out.key += c;  // a `/` that starts no comment
          end = i + 1;
        }
        break;
      case kDollar:  // a parameter ($1 is one): digits in it are not numbers
        end = nameEnd(text, i + 1);
        out.key.append(text.substr(i, end - i));
        ascii = false;
        break;
      case kHigh:
        if (std::size_t blank = lexical::whitespaceAt(text, i)) {
          end = i + blank;
          colon = afterColon;
        } else {
          end = nameEnd(text, i + 1);
        }
        out.key.append(text.substr(i, end - i));
        ascii = false;
        break;
      case kColon:
        out.key += c;
        colon = true;
        break;
      default:
        out.key += c;
        break;
    }
    afterColon = colon;
    if (ascii) {
      at.column += static_cast<int>(end - i);
      i = end;
    } else {
      for (; i < end; ++i) at.advance(text[i]);
    }
  }
  out.cacheable = true;
  return out;
}

}  // namespace kgq
