// Scalar functions. Each takes evaluated arguments; null in gives null out unless
// the function is about nulls (coalesce, exists).
#include <algorithm>
#include <random>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <string_view>

#include "common/strings.h"
#include "exec/evaluator.h"

namespace kgq {

using namespace ast;

namespace {

// UTF-8 aware helpers: Cypher string functions count characters, not bytes.
std::vector<std::size_t> charOffsets(const std::string& s) {
  std::vector<std::size_t> offs;
  for (std::size_t i = 0; i < s.size(); ++i)
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) offs.push_back(i);
  offs.push_back(s.size());
  return offs;
}

std::string charSubstr(const std::string& s, std::int64_t start, std::int64_t len) {
  auto offs = charOffsets(s);
  auto n = static_cast<std::int64_t>(offs.size()) - 1;
  start = std::clamp<std::int64_t>(start, 0, n);
  auto end = len < 0 || len >= n - start ? n : start + len;  // start + len could overflow
  return s.substr(offs[static_cast<std::size_t>(start)], offs[static_cast<std::size_t>(end)] - offs[static_cast<std::size_t>(start)]);
}

// Simple case mapping for ASCII, Latin-1, Latin Extended-A, Greek and Cyrillic,
// as Java's toUpperCase/toLowerCase do for them (Neo4j is the reference).
// Characters of other scripts are kept as they are.
bool latinExtAUpperIsEven(char32_t c) {
  return (c >= 0x100 && c <= 0x12F) || (c >= 0x132 && c <= 0x137) || (c >= 0x14A && c <= 0x177);
}
bool latinExtAUpperIsOdd(char32_t c) { return (c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17E); }

char32_t upperChar(char32_t c) {
  if (c >= 'a' && c <= 'z') return c - 32;
  if (c >= 0xE0 && c <= 0xFE && c != 0xF7) return c - 0x20;
  if (c == 0xFF) return 0x178;
  if (c == 0x131 || c == 0x17F) return c == 0x131 ? U'I' : U'S';
  if (latinExtAUpperIsEven(c)) return c & ~char32_t{1};
  if (latinExtAUpperIsOdd(c)) return (c & 1) ? c : c - 1;
  if (c == 0x3C2) return 0x3A3;  // final sigma
  if (c >= 0x3B1 && c <= 0x3C9) return c - 0x20;
  if (c >= 0x430 && c <= 0x44F) return c - 0x20;
  if (c >= 0x450 && c <= 0x45F) return c - 0x50;
  return c;
}

char32_t lowerChar(char32_t c) {
  if (c >= 'A' && c <= 'Z') return c + 32;
  if (c >= 0xC0 && c <= 0xDE && c != 0xD7) return c + 0x20;
  if (c == 0x178) return 0xFF;
  if (latinExtAUpperIsEven(c)) return c | 1;
  if (latinExtAUpperIsOdd(c)) return (c & 1) ? c + 1 : c;
  if (c >= 0x391 && c <= 0x3A9 && c != 0x3A2) return c + 0x20;
  if (c >= 0x410 && c <= 0x42F) return c + 0x20;
  if (c >= 0x400 && c <= 0x40F) return c + 0x50;
  return c;
}

std::string mapCase(const std::string& s, bool upper) {
  std::u32string out;
  for (char32_t c : decodeUtf8(s)) {
    if (upper && c == 0xDF) out += U"SS";  // sharp s has no single upper-case letter
    else out += upper ? upperChar(c) : lowerChar(c);
  }
  return encodeUtf8(out);
}

// Java's Character.isWhitespace, which Neo4j's trim functions use.
bool isSpace(char32_t c) {
  if (c == ' ' || (c >= 0x09 && c <= 0x0D) || (c >= 0x1C && c <= 0x1F)) return true;
  return c == 0x1680 || (c >= 0x2000 && c <= 0x2006) || (c >= 0x2008 && c <= 0x200A) || c == 0x2028 ||
         c == 0x2029 || c == 0x205F || c == 0x3000;
}

std::string trimText(const std::string& s, bool left, bool right) {
  auto cps = decodeUtf8(s);
  std::size_t b = 0, e = cps.size();
  if (left)
    while (b < e && isSpace(cps[b])) ++b;
  if (right)
    while (e > b && isSpace(cps[e - 1])) --e;
  return encodeUtf8(std::u32string_view(cps).substr(b, e - b));
}

// A decimal number as Java's BigDecimal reads it: sign, digits with at most one
// point, optional exponent. Neo4j's toInteger() accepts exactly these (no
// surrounding whitespace, unlike toFloat()).
bool isDecimalNumber(std::string_view t) {
  std::size_t i = 0, n = t.size();
  if (i < n && (t[i] == '+' || t[i] == '-')) ++i;
  std::size_t digits = 0;
  while (i < n && std::isdigit(static_cast<unsigned char>(t[i]))) ++i, ++digits;
  if (i < n && t[i] == '.') {
    ++i;
    while (i < n && std::isdigit(static_cast<unsigned char>(t[i]))) ++i, ++digits;
  }
  if (digits == 0) return false;
  if (i < n && (t[i] == 'e' || t[i] == 'E')) {
    ++i;
    if (i < n && (t[i] == '+' || t[i] == '-')) ++i;
    std::size_t expDigits = 0;
    while (i < n && std::isdigit(static_cast<unsigned char>(t[i]))) ++i, ++expDigits;
    if (expDigits == 0) return false;
  }
  return i == n;
}

// from_chars takes no leading '+'.
std::string_view dropPlus(std::string_view t) {
  return t.size() > 1 && t[0] == '+' && t[1] != '-' ? t.substr(1) : t;
}

Value parseInteger(const Expr& e, const std::string& s) {
  if (!isDecimalNumber(s)) return Value();
  std::string_view digits = dropPlus(s);
  std::int64_t v = 0;
  auto res = std::from_chars(digits.data(), digits.data() + digits.size(), v);
  if (res.ec == std::errc() && res.ptr == digits.data() + digits.size()) return Value(v);
  double d = std::strtod(s.c_str(), nullptr);  // overflow gives infinity, caught below
  // A number too big for an integer is an error, unlike text that is no number at all.
  if (!(d >= -9.2233720368547758e18 && d < 9.2233720368547758e18))
    throw RuntimeError("integer, " + s + ", is too large in `" + e.text + "`");
  return Value(static_cast<std::int64_t>(d));
}

// Java's Double.parseDouble: surrounding whitespace, a sign, "NaN", "Infinity",
// or a decimal number with an optional f/F/d/D suffix.
Value parseFloat(const std::string& s) {
  std::string t = trimText(s, true, true);
  std::string_view body = t;
  bool negative = !body.empty() && body[0] == '-';
  if (!body.empty() && (body[0] == '+' || body[0] == '-')) body.remove_prefix(1);
  if (body == "NaN") return Value(std::numeric_limits<double>::quiet_NaN());
  if (body == "Infinity")
    return Value(negative ? -std::numeric_limits<double>::infinity() : std::numeric_limits<double>::infinity());
  if (!body.empty() && std::string_view("fFdD").find(body.back()) != std::string_view::npos) body.remove_suffix(1);
  if (body.empty() || body[0] == '+' || body[0] == '-' || !isDecimalNumber(body)) return Value();
  // strtod rather than from_chars: it rounds overflow to infinity and underflow to zero as Java does.
  double d = std::strtod(std::string(body).c_str(), nullptr);
  return Value(negative ? -d : d);
}

// Java's (long) cast, which Neo4j's toInteger() applies to floats: truncation,
// saturation at the integer range, NaN to 0.
std::int64_t truncateToInteger(double d) {
  if (std::isnan(d)) return 0;
  if (d >= 9.2233720368547758e18) return std::numeric_limits<std::int64_t>::max();
  if (d <= -9.2233720368547758e18) return std::numeric_limits<std::int64_t>::min();
  return static_cast<std::int64_t>(d);
}

// Java's Math.round: nearest integer, ties towards positive infinity, saturating.
double roundHalfUp(double d) {
  if (!std::isfinite(d)) return d;
  double r = std::floor(d);
  if (d - r >= 0.5) r += 1;  // exact: d - floor(d) never rounds
  return static_cast<double>(truncateToInteger(r));
}

// The function name as the query spells it ("toUpper"), for messages; the
// catalog only knows the lower-cased name.
std::string written(const Expr& e) {
  auto paren = e.text.find('(');
  std::string name = paren == std::string::npos ? e.name : e.text.substr(0, paren);
  while (!name.empty() && (name.back() == ' ' || name.back() == '\t')) name.pop_back();
  return name + "()";
}

Value toStringValue(const Expr& e, const Value& v) {
  switch (v.type()) {
    case ValueType::String: return v;
    case ValueType::Int: return Value(std::to_string(v.asInt()));
    case ValueType::Float: return Value(formatFloat(v.asFloat()));
    case ValueType::Bool: return Value(v.asBool() ? "true" : "false");
    default: typeError(e, written(e) + " expects a STRING, number or BOOLEAN", v);
  }
}

std::int64_t intArg(const Expr& e, const Value& v) {
  if (!v.isInt()) typeError(e, written(e) + " expects an INTEGER", v);
  return v.asInt();
}

const std::string& stringArg(const Expr& e, const Value& v) {
  if (!v.isString()) typeError(e, written(e) + " expects a STRING", v);
  return v.asString();
}

ValueMap propertiesOf(const Graph& g, PropertyMap props) {
  ValueMap out;
  for (auto& [k, v] : props) out[g.keys().name(k)] = std::move(v);
  return out;
}

// Unlike most functions range() does not pass null through: Neo4j rejects a
// null bound or step like any other non-integer.
Value rangeValue(const Expr& e, std::vector<Value>& a, ExecContext& ctx) {
  std::int64_t start = intArg(e, a[0]), end = intArg(e, a[1]);
  std::int64_t step = a.size() > 2 ? intArg(e, a[2]) : 1;
  if (step == 0) throw RuntimeError("range() step must not be zero in `" + e.text + "`");
  ValueList out;
  for (std::int64_t i = start; step > 0 ? i <= end : i >= end; i += step) {
    out.emplace_back(i);
    if ((out.size() & 1023) == 0) ctx.checkRows(out.size(), "range()");
    if ((step > 0 && i > std::numeric_limits<std::int64_t>::max() - step) ||
        (step < 0 && i < std::numeric_limits<std::int64_t>::min() - step))
      break;
  }
  return Value(std::move(out));
}

Value splitValue(const std::string& s, const std::string& delim) {
  ValueList out;
  if (delim.empty()) {
    auto offs = charOffsets(s);
    for (std::size_t i = 0; i + 1 < offs.size(); ++i) out.emplace_back(s.substr(offs[i], offs[i + 1] - offs[i]));
    if (out.empty()) out.emplace_back("");
    return Value(std::move(out));
  }
  std::size_t pos = 0;
  while (true) {
    auto hit = s.find(delim, pos);
    if (hit == std::string::npos) {
      out.emplace_back(s.substr(pos));
      break;
    }
    out.emplace_back(s.substr(pos, hit - pos));
    pos = hit + delim.size();
  }
  return Value(std::move(out));
}

Value replaceValue(const std::string& s, const std::string& from, const std::string& to) {
  std::string out;
  if (from.empty()) {
    // As Java's String.replace: the replacement goes before every character and at the end.
    auto offs = charOffsets(s);
    for (std::size_t i = 0; i + 1 < offs.size(); ++i) out += to + s.substr(offs[i], offs[i + 1] - offs[i]);
    return Value(out + to);
  }
  std::size_t pos = 0;
  while (true) {
    auto hit = s.find(from, pos);
    if (hit == std::string::npos) break;
    out.append(s, pos, hit - pos);
    out += to;
    pos = hit + from.size();
  }
  out.append(s, pos, std::string::npos);
  return Value(std::move(out));
}

Value lengthValue(const Expr& e, const Value& v) {
  if (v.isPath()) return Value(static_cast<std::int64_t>(v.asPath().rels.size()));
  if (v.isString()) return Value(static_cast<std::int64_t>(charOffsets(v.asString()).size() - 1));
  if (v.isList()) return Value(static_cast<std::int64_t>(v.asList().size()));
  typeError(e, written(e) + " expects a PATH", v);
}

Value substringValue(const Expr& e, const std::vector<Value>& a) {
  const auto& s = stringArg(e, a[0]);
  if (a[1].isNull() || (a.size() > 2 && a[2].isNull())) return Value();
  auto start = intArg(e, a[1]);
  auto len = a.size() > 2 ? intArg(e, a[2]) : -1;
  if (start < 0 || (a.size() > 2 && len < 0))
    throw RuntimeError(written(e) + " start and length must not be negative in `" + e.text + "`");
  return Value(charSubstr(s, start, len));
}

Value leftRightValue(const Expr& e, const std::vector<Value>& a, bool left) {
  const auto& s = stringArg(e, a[0]);
  if (a[1].isNull()) return Value();
  auto n = intArg(e, a[1]);
  if (n < 0) throw RuntimeError(written(e) + " length must not be negative in `" + e.text + "`");
  auto chars = static_cast<std::int64_t>(charOffsets(s).size()) - 1;
  return Value(left ? charSubstr(s, 0, n) : charSubstr(s, std::max<std::int64_t>(0, chars - n), -1));
}

Value reverseValue(const Expr& e, const Value& x) {
  if (x.isList()) {
    ValueList l = x.asList();
    std::reverse(l.begin(), l.end());
    return Value(std::move(l));
  }
  if (!x.isString()) typeError(e, written(e) + " expects a STRING or LIST", x);
  auto cps = decodeUtf8(x.asString());
  std::reverse(cps.begin(), cps.end());
  return Value(encodeUtf8(cps));
}

Value toIntegerValue(const Expr& e, const Value& x) {
  if (x.isInt()) return x;
  if (x.isFloat()) return Value(truncateToInteger(x.asFloat()));
  if (x.isString()) return parseInteger(e, x.asString());
  if (x.isBool()) return Value(std::int64_t{x.asBool() ? 1 : 0});
  typeError(e, written(e) + " expects a number, STRING or BOOLEAN", x);
}

Value toFloatValue(const Expr& e, const Value& x) {
  if (x.isNumber()) return Value(x.asNumber());
  if (x.isString()) return parseFloat(x.asString());
  typeError(e, written(e) + " expects a number or STRING", x);
}

Value toBooleanValue(const Expr& e, const Value& x) {
  if (x.isBool()) return x;
  if (x.isString()) {
    auto s = toLowerAscii(trimText(x.asString(), true, true));
    if (s == "true") return Value(true);
    if (s == "false") return Value(false);
    return Value();
  }
  if (x.isInt()) return Value(x.asInt() != 0);
  typeError(e, written(e) + " expects a BOOLEAN, STRING or INTEGER", x);
}

Value mathValue(const Expr& e, const std::string& f, const Value& x) {
  if (!x.isNumber()) typeError(e, written(e) + " expects a number", x);
  if (f == "abs") {
    if (x.isInt()) {
      if (x.asInt() == std::numeric_limits<std::int64_t>::min())
        throw RuntimeError("integer overflow in `" + e.text + "`");
      return Value(x.asInt() < 0 ? -x.asInt() : x.asInt());
    }
    return Value(std::fabs(x.asFloat()));
  }
  double d = x.asNumber();
  if (f == "sign") return Value(std::int64_t{d > 0 ? 1 : (d < 0 ? -1 : 0)});
  if (f == "ceil") return Value(std::ceil(d));
  if (f == "floor") return Value(std::floor(d));
  if (f == "round") return Value(roundHalfUp(d));
  if (f == "sqrt") return Value(std::sqrt(d));
  throw RuntimeError("unknown function '" + f + "'");
}

Value graphValue(const Expr& e, const std::string& f, const Value& x, const Graph& g) {
  if (f == "id") {
    if (x.isNode()) return Value(static_cast<std::int64_t>(x.asNode()));
    if (x.isRel()) return Value(static_cast<std::int64_t>(x.asRel()));
    typeError(e, written(e) + " expects a NODE or RELATIONSHIP", x);
  }
  if (f == "labels") {
    if (!x.isNode()) typeError(e, written(e) + " expects a NODE", x);
    ValueList out;
    for (auto l : g.node(x.asNode()).labels) out.emplace_back(g.labels().name(l));
    return Value(std::move(out));
  }
  if (f == "type") {
    if (!x.isRel()) typeError(e, written(e) + " expects a RELATIONSHIP", x);
    return Value(g.types().name(g.rel(x.asRel()).type));
  }
  if (f == "properties" || f == "keys") {
    ValueMap m;
    if (x.isNode()) m = propertiesOf(g, g.nodeProperties(x.asNode()));
    else if (x.isRel()) m = propertiesOf(g, g.relProperties(x.asRel()));
    else if (x.isMap()) m = x.asMap();
    else typeError(e, written(e) + " expects a NODE, RELATIONSHIP or MAP", x);
    if (f == "properties") return Value(std::move(m));
    ValueList keys;
    for (auto& [k, v] : m) keys.emplace_back(k);
    return Value(std::move(keys));
  }
  if (f == "nodes" || f == "relationships") {
    if (!x.isPath()) typeError(e, written(e) + " expects a PATH", x);
    ValueList out;
    if (f == "nodes")
      for (auto n : x.asPath().nodes) out.emplace_back(NodeRef{n});
    else
      for (auto r : x.asPath().rels) out.emplace_back(RelRef{r});
    return Value(std::move(out));
  }
  // startnode / endnode
  if (!x.isRel()) typeError(e, written(e) + " expects a RELATIONSHIP", x);
  return Value(NodeRef{f == "startnode" ? g.relStart(x.asRel()) : g.relEnd(x.asRel())});
}

Value listValue(const Expr& e, const std::string& f, const Value& x) {
  if (f == "size") {
    if (x.isList()) return Value(static_cast<std::int64_t>(x.asList().size()));
    if (x.isString()) return Value(static_cast<std::int64_t>(charOffsets(x.asString()).size() - 1));
    typeError(e, written(e) + " expects a LIST or STRING", x);
  }
  if (!x.isList()) typeError(e, written(e) + " expects a LIST", x);
  const auto& l = x.asList();
  if (f == "tail") return l.empty() ? Value(ValueList{}) : Value(ValueList(l.begin() + 1, l.end()));
  if (l.empty()) return Value();
  return f == "head" ? l.front() : l.back();
}

}  // namespace

Value callFunction(const Expr& e, std::vector<Value>& a, ExecContext& ctx) {
  const std::string& f = e.name;
  if (f == "coalesce") {
    for (auto& v : a)
      if (!v.isNull()) return std::move(v);
    return Value();
  }
  if (f == "exists") return Value(!a[0].isNull());
  if (f == "range") return rangeValue(e, a, ctx);
  if (f == "rand") return Value(std::uniform_real_distribution<double>(0.0, 1.0)(ctx.random()));
  if (f == "pi") return Value(3.141592653589793);
  if (f == "e") return Value(2.718281828459045);
  // Everything else is null in, null out on its first argument.
  if (a[0].isNull()) return Value();
  const Value& x = a[0];

  if (f == "id" || f == "labels" || f == "type" || f == "properties" || f == "keys" || f == "nodes" ||
      f == "relationships" || f == "startnode" || f == "endnode")
    return graphValue(e, f, x, ctx.graph);
  if (f == "size" || f == "head" || f == "last" || f == "tail") return listValue(e, f, x);
  if (f == "length") return lengthValue(e, x);
  if (f == "tolower" || f == "toupper") return Value(mapCase(stringArg(e, x), f == "toupper"));
  if (f == "trim") return Value(trimText(stringArg(e, x), true, true));
  if (f == "ltrim") return Value(trimText(stringArg(e, x), true, false));
  if (f == "rtrim") return Value(trimText(stringArg(e, x), false, true));
  if (f == "split") {
    const auto& s = stringArg(e, x);
    if (a[1].isNull()) return Value();
    return splitValue(s, stringArg(e, a[1]));
  }
  if (f == "substring") return substringValue(e, a);
  if (f == "left" || f == "right") return leftRightValue(e, a, f == "left");
  if (f == "replace") {
    const auto& s = stringArg(e, x);
    if (a[1].isNull() || a[2].isNull()) return Value();
    return replaceValue(s, stringArg(e, a[1]), stringArg(e, a[2]));
  }
  if (f == "reverse") return reverseValue(e, x);
  if (f == "tostring") return toStringValue(e, x);
  if (f == "tointeger") return toIntegerValue(e, x);
  if (f == "tofloat") return toFloatValue(e, x);
  if (f == "toboolean") return toBooleanValue(e, x);
  return mathValue(e, f, x);
}

}  // namespace kgq
