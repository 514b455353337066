// The built-in functions: the registry's table and the scalar implementations.
// Each takes evaluated arguments; null in gives null out unless the function is
// about nulls (coalesce, exists).
#include <algorithm>
#include <array>
#include <random>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <string_view>

#include "common/errors.h"
#include "common/strings.h"
#include "functions/registry.h"
#include "functions/temporal_functions.h"
#include "graph/resolve_entity.h"

namespace kgq {

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

Value parseInteger(const FunctionCall& e, const std::string& s) {
  if (!isDecimalNumber(s)) return Value();
  std::string_view digits = dropPlus(s);
  std::int64_t v = 0;
  auto res = std::from_chars(digits.data(), digits.data() + digits.size(), v);
  if (res.ec == std::errc() && res.ptr == digits.data() + digits.size()) return Value(v);
  double d = std::strtod(s.c_str(), nullptr);  // overflow gives infinity, caught below
  // A number too big for an integer is an error, unlike text that is no number at all.
  if (!(d >= -9.2233720368547758e18 && d < 9.2233720368547758e18))
    e.fail("integer, " + s + ", is too large");
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

// Nearest integer, ties towards positive infinity, as a float (Neo4j's round()):
// a double of magnitude 2^52 or more is already whole, and stays as it is
// rather than being clamped to the 64-bit integer range (round(1e19) = 1e19).
double roundHalfUp(double d) {
  if (!std::isfinite(d) || std::fabs(d) >= 4503599627370496.0) return d;
  double r = std::floor(d);
  if (d - r >= 0.5) r += 1;  // exact: d - floor(d) never rounds
  return r;
}

Value toStringValue(const FunctionCall& e, const Value& v) {
  switch (v.type()) {
    case ValueType::String: return v;
    case ValueType::Int: return Value(std::to_string(v.asInt()));
    case ValueType::Float: return Value(formatFloat(v.asFloat()));
    case ValueType::Bool: return Value(v.asBool() ? "true" : "false");
    case ValueType::Date:
    case ValueType::LocalTime:
    case ValueType::Time:
    case ValueType::LocalDateTime:
    case ValueType::DateTime:
    case ValueType::Duration: return Value(temporalText(v));
    default: e.typeError(e.written() + " expects a STRING, number, BOOLEAN or temporal value", v);
  }
}

std::int64_t intArg(const FunctionCall& e, const Value& v) {
  if (!v.isInt()) e.typeError(e.written() + " expects an INTEGER", v);
  return v.asInt();
}

const std::string& stringArg(const FunctionCall& e, const Value& v) {
  if (!v.isString()) e.typeError(e.written() + " expects a STRING", v);
  return v.asString();
}

ValueMap propertiesOf(const Graph& g, PropertyMap props) {
  ValueMap out;
  for (auto& [k, v] : props) out[g.keys().name(k)] = std::move(v);
  return out;
}

// Unlike most functions range() does not pass null through: Neo4j rejects a
// null bound or step like any other non-integer.
Value rangeValue(const FunctionCall& e, std::vector<Value>& a, FunctionContext& ctx) {
  std::int64_t start = intArg(e, a[0]), end = intArg(e, a[1]);
  std::int64_t step = a.size() > 2 ? intArg(e, a[2]) : 1;
  if (step == 0) e.fail("range() step must not be zero");
  ValueList out;
  for (std::int64_t i = start; step > 0 ? i <= end : i >= end; i += step) {
    out.emplace_back(i);
    ctx.tick();
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

Value lengthValue(const FunctionCall& e, const Value& v) {
  if (v.isPath()) return Value(static_cast<std::int64_t>(v.asPath().rels.size()));
  if (v.isString()) return Value(static_cast<std::int64_t>(charOffsets(v.asString()).size() - 1));
  if (v.isList()) return Value(static_cast<std::int64_t>(v.asList().size()));
  e.typeError(e.written() + " expects a PATH", v);
}

Value substringValue(const FunctionCall& e, const std::vector<Value>& a) {
  const auto& s = stringArg(e, a[0]);
  if (a[1].isNull() || (a.size() > 2 && a[2].isNull())) return Value();
  auto start = intArg(e, a[1]);
  auto len = a.size() > 2 ? intArg(e, a[2]) : -1;
  if (start < 0 || (a.size() > 2 && len < 0))
    e.fail(e.written() + " start and length must not be negative");
  return Value(charSubstr(s, start, len));
}

Value leftRightValue(const FunctionCall& e, const std::vector<Value>& a, bool left) {
  const auto& s = stringArg(e, a[0]);
  if (a[1].isNull()) return Value();
  auto n = intArg(e, a[1]);
  if (n < 0) e.fail(e.written() + " length must not be negative");
  auto chars = static_cast<std::int64_t>(charOffsets(s).size()) - 1;
  return Value(left ? charSubstr(s, 0, n) : charSubstr(s, std::max<std::int64_t>(0, chars - n), -1));
}

Value reverseValue(const FunctionCall& e, const Value& x) {
  if (x.isList()) {
    ValueList l = x.asList();
    std::reverse(l.begin(), l.end());
    return Value(std::move(l));
  }
  if (!x.isString()) e.typeError(e.written() + " expects a STRING or LIST", x);
  auto cps = decodeUtf8(x.asString());
  std::reverse(cps.begin(), cps.end());
  return Value(encodeUtf8(cps));
}

Value toIntegerValue(const FunctionCall& e, const Value& x) {
  if (x.isInt()) return x;
  if (x.isFloat()) return Value(truncateToInteger(x.asFloat()));
  if (x.isString()) return parseInteger(e, x.asString());
  if (x.isBool()) return Value(std::int64_t{x.asBool() ? 1 : 0});
  e.typeError(e.written() + " expects a number, STRING or BOOLEAN", x);
}

Value toFloatValue(const FunctionCall& e, const Value& x) {
  if (x.isNumber()) return Value(x.asNumber());
  if (x.isString()) return parseFloat(x.asString());
  e.typeError(e.written() + " expects a number or STRING", x);
}

Value toBooleanValue(const FunctionCall& e, const Value& x) {
  if (x.isBool()) return x;
  if (x.isString()) {
    auto s = toLowerAscii(trimText(x.asString(), true, true));
    if (s == "true") return Value(true);
    if (s == "false") return Value(false);
    return Value();
  }
  if (x.isInt()) return Value(x.asInt() != 0);
  e.typeError(e.written() + " expects a BOOLEAN, STRING or INTEGER", x);
}

Value absValue(const FunctionCall& e, const Value& x) {
  if (x.isInt()) {
    if (x.asInt() == std::numeric_limits<std::int64_t>::min()) e.fail("integer overflow");
    return Value(x.asInt() < 0 ? -x.asInt() : x.asInt());
  }
  return Value(std::fabs(x.asFloat()));
}

double numberArg(const FunctionCall& e, const Value& x) {
  if (!x.isNumber()) e.typeError(e.written() + " expects a number", x);
  return x.asNumber();
}

const Value& nodeArg(const FunctionCall& e, const Value& x) {
  if (!x.isNode()) e.typeError(e.written() + " expects a NODE", x);
  return x;
}

const Value& relArg(const FunctionCall& e, const Value& x) {
  if (!x.isRel()) e.typeError(e.written() + " expects a RELATIONSHIP", x);
  return x;
}

const PathValue& pathArg(const FunctionCall& e, const Value& x) {
  if (!x.isPath()) e.typeError(e.written() + " expects a PATH", x);
  return x.asPath();
}

const ValueList& listArg(const FunctionCall& e, const Value& x) {
  if (!x.isList()) e.typeError(e.written() + " expects a LIST", x);
  return x.asList();
}

ValueMap mapOf(const FunctionCall& e, const Value& x, const Graph& g) {
  if (x.isNode()) return propertiesOf(g, g.nodeProperties(x.asNode()));
  if (x.isRel()) return propertiesOf(g, g.relProperties(x.asRel()));
  if (x.isMap()) return x.asMap();
  e.typeError(e.written() + " expects a NODE, RELATIONSHIP or MAP", x);
}

// round(x, precision, mode) as Neo4j computes it: on the shortest decimal that
// reads back as x (Java's BigDecimal.valueOf), not on its binary expansion, so
// round(2.675, 2) is 2.68 as a person expects.
enum class RoundMode { Up, Down, Ceiling, Floor, HalfUp, HalfDown, HalfEven };

constexpr std::array<std::pair<std::string_view, RoundMode>, 7> kRoundModes{{
    {"UP", RoundMode::Up},
    {"DOWN", RoundMode::Down},
    {"CEILING", RoundMode::Ceiling},
    {"FLOOR", RoundMode::Floor},
    {"HALF_UP", RoundMode::HalfUp},
    {"HALF_DOWN", RoundMode::HalfDown},
    {"HALF_EVEN", RoundMode::HalfEven},
}};

RoundMode roundModeArg(const FunctionCall& e, const Value& v) {
  const auto& name = stringArg(e, v);
  std::string upper = toLowerAscii(name);
  for (auto& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  for (const auto& [n, m] : kRoundModes)
    if (n == upper) return m;
  e.fail("unknown rounding mode '" + name + "' (use UP, DOWN, CEILING, FLOOR, HALF_UP, HALF_DOWN or HALF_EVEN)");
}

double roundDecimal(double x, std::int64_t precision, RoundMode mode) {
  if (!std::isfinite(x) || x == 0) return x;
  char buf[64];
  auto res = std::to_chars(buf, buf + sizeof buf, std::fabs(x), std::chars_format::scientific);
  std::string_view text(buf, static_cast<std::size_t>(res.ptr - buf));
  auto ePos = text.find('e');
  std::string digits;
  for (char c : text.substr(0, ePos))
    if (c != '.') digits += c;
  long exponent = std::strtol(std::string(text.substr(ePos + 1)).c_str(), nullptr, 10);
  // x = 0.<digits> * 10^(exponent + 1); keep this many leading digits.
  long long keep = exponent + 1 + std::clamp<std::int64_t>(precision, -400, 400);
  if (keep >= static_cast<long long>(digits.size())) return x;
  std::string kept = keep > 0 ? digits.substr(0, static_cast<std::size_t>(keep)) : "0";
  std::string dropped = keep > 0 ? digits.substr(static_cast<std::size_t>(keep))
                                 : std::string(static_cast<std::size_t>(-keep), '0') + digits;
  bool anyDropped = dropped.find_first_not_of('0') != std::string::npos;
  int half = dropped[0] > '5' ? 1 : dropped[0] < '5' ? -1
                                                      : (dropped.find_first_not_of('0', 1) != std::string::npos ? 1 : 0);
  bool negative = x < 0;
  bool odd = (kept.back() - '0') % 2 == 1;
  bool up = false;
  switch (mode) {
    case RoundMode::Up: up = anyDropped; break;
    case RoundMode::Down: up = false; break;
    case RoundMode::Ceiling: up = anyDropped && !negative; break;
    case RoundMode::Floor: up = anyDropped && negative; break;
    case RoundMode::HalfUp: up = half >= 0; break;
    case RoundMode::HalfDown: up = half > 0; break;
    case RoundMode::HalfEven: up = half > 0 || (half == 0 && odd); break;
  }
  if (up) {
    std::size_t i = kept.size();
    while (i > 0 && kept[i - 1] == '9') kept[--i] = '0';
    if (i == 0) kept.insert(kept.begin(), '1');
    else ++kept[i - 1];
  }
  double r = std::strtod((kept + "e" + std::to_string(-precision)).c_str(), nullptr);
  return negative ? -r : r;
}

// A v4 UUID from the statement's random source, so a seeded run repeats.
std::string randomUuid(std::mt19937_64& rng) {
  std::uint64_t hi = rng(), lo = rng();
  hi = (hi & ~std::uint64_t{0xF000}) | 0x4000;                       // version 4
  lo = (lo & ~(std::uint64_t{0xC} << 60)) | (std::uint64_t{0x8} << 60);  // RFC 4122 variant
  char out[37];
  std::snprintf(out, sizeof out, "%08x-%04x-%04x-%04x-%012llx", static_cast<unsigned>(hi >> 32),
                static_cast<unsigned>((hi >> 16) & 0xFFFF), static_cast<unsigned>(hi & 0xFFFF),
                static_cast<unsigned>(lo >> 48), static_cast<unsigned long long>(lo & 0xFFFFFFFFFFFFULL));
  return out;
}

// The ...OrNull conversions: null for any value the strict one would reject.
template <Value (*Convert)(const FunctionCall&, const Value&)>
Value orNull(const FunctionCall& e, const Value& x) {
  try {
    return Convert(e, x);
  } catch (const RuntimeError&) {
    return Value();
  }
}

using Args = std::vector<Value>;
using Ctx = FunctionContext;
using C = FunctionCategory;

// Scalar entries marked `strict` return null for a null first argument without
// being called; the others are about nulls (coalesce, exists) or reject them (range).
constexpr bool strict = true, lenient = false;

// Grouped by category in the order :help functions shows them.
constexpr std::array kFunctions = {
    // Graph
    FunctionEntry{"linenumber", 0, 0, false, "linenumber()",
                  "the line of the CSV file where LOAD CSV's current row starts (null outside LOAD CSV)", C::Graph,
                  [](const FunctionCall&, Args&, Ctx& ctx) {
                    const auto* row = ctx.loadCsvRow();
                    return row ? Value(row->line) : Value();
                  },
                  lenient, ValueType::Int},
    FunctionEntry{"file", 0, 0, false, "file()",
                  "the absolute path of the file LOAD CSV is reading (null outside LOAD CSV)", C::Graph,
                  [](const FunctionCall&, Args&, Ctx& ctx) {
                    const auto* row = ctx.loadCsvRow();
                    return row ? Value(row->file) : Value();
                  },
                  lenient, ValueType::String},
    FunctionEntry{"id", 1, 1, false, "id(x)", "the internal id of a node or relationship", C::Graph,
                  [](const FunctionCall& e, Args& a, Ctx&) {
                    if (a[0].isNode()) return Value(static_cast<std::int64_t>(a[0].asNode()));
                    if (a[0].isRel()) return Value(static_cast<std::int64_t>(a[0].asRel()));
                    e.typeError(e.written() + " expects a NODE or RELATIONSHIP", a[0]);
                  },
                  strict, ValueType::Int},
    FunctionEntry{"elementId", 1, 1, false, "elementId(x)",
                  "a node's or relationship's id as a string: `n:12`, `r:7`", C::Graph,
                  [](const FunctionCall& e, Args& a, Ctx&) {
                    if (a[0].isNode()) return Value("n:" + std::to_string(a[0].asNode()));
                    if (a[0].isRel()) return Value("r:" + std::to_string(a[0].asRel()));
                    e.typeError(e.written() + " expects a NODE or RELATIONSHIP", a[0]);
                  },
                  strict, ValueType::String},
    FunctionEntry{"labels", 1, 1, false, "labels(n)", "a node's labels", C::Graph,
                  [](const FunctionCall& e, Args& a, Ctx& ctx) {
                    const Graph& g = ctx.readGraph();
                    ValueList out;
                    for (auto l : g.node(nodeArg(e, a[0]).asNode()).labels) out.emplace_back(g.labels().name(l));
                    return Value(std::move(out));
                  },
                  strict, ValueType::List},
    FunctionEntry{"entity", 1, 1, false, "entity(name)",
                  "the node a name, alias, unique prefix or unique word names (as PATH FROM does); an error lists "
                  "the candidates when several match",
                  C::Graph,
                  [](const FunctionCall& e, Args& a, Ctx& ctx) {
                    if (!a[0].isString()) e.typeError(e.written() + " expects a STRING", a[0]);
                    return Value(NodeRef{resolveEntity(ctx.readGraph(), a[0].asString(), SourcePos{{}, e.line, e.column, {}})});
                  },
                  strict, ValueType::Node, true},
    FunctionEntry{"type", 1, 1, false, "type(r)", "a relationship's type", C::Graph,
                  [](const FunctionCall& e, Args& a, Ctx& ctx) {
                    const Graph& g = ctx.readGraph();
                    return Value(g.types().name(g.rel(relArg(e, a[0]).asRel()).type));
                  },
                  strict, ValueType::String},
    FunctionEntry{
        "properties", 1, 1, false, "properties(x)", "the properties of a node or relationship as a map", C::Graph,
        [](const FunctionCall& e, Args& a, Ctx& ctx) { return Value(mapOf(e, a[0], ctx.readGraph())); }, strict,
        ValueType::Map},
    FunctionEntry{"keys", 1, 1, false, "keys(x)", "the property keys of a node, relationship or map", C::Graph,
                  [](const FunctionCall& e, Args& a, Ctx& ctx) {
                    ValueList keys;
                    for (auto& [k, v] : mapOf(e, a[0], ctx.readGraph())) keys.emplace_back(k);
                    return Value(std::move(keys));
                  },
                  strict, ValueType::List},
    FunctionEntry{"exists", 1, 1, false, "exists(x)", "whether a property (or a pattern) exists", C::Graph,
                  [](const FunctionCall&, Args& a, Ctx&) { return Value(!a[0].isNull()); }, lenient, ValueType::Bool},
    FunctionEntry{"startNode", 1, 1, false, "startNode(r)", "the node a relationship starts at", C::Graph,
                  [](const FunctionCall& e, Args& a, Ctx& ctx) {
                    return Value(NodeRef{ctx.readGraph().relStart(relArg(e, a[0]).asRel())});
                  },
                  strict, ValueType::Node},
    FunctionEntry{"endNode", 1, 1, false, "endNode(r)", "the node a relationship ends at", C::Graph,
                  [](const FunctionCall& e, Args& a, Ctx& ctx) {
                    return Value(NodeRef{ctx.readGraph().relEnd(relArg(e, a[0]).asRel())});
                  },
                  strict, ValueType::Node},
    FunctionEntry{"nodes", 1, 1, false, "nodes(p)", "the nodes of a path", C::Graph,
                  [](const FunctionCall& e, Args& a, Ctx&) {
                    ValueList out;
                    for (auto n : pathArg(e, a[0]).nodes) out.emplace_back(NodeRef{n});
                    return Value(std::move(out));
                  },
                  strict, ValueType::List},
    FunctionEntry{"relationships", 1, 1, false, "relationships(p)", "the relationships of a path", C::Graph,
                  [](const FunctionCall& e, Args& a, Ctx&) {
                    ValueList out;
                    for (auto r : pathArg(e, a[0]).rels) out.emplace_back(RelRef{r});
                    return Value(std::move(out));
                  },
                  strict, ValueType::List},
    FunctionEntry{"length", 1, 1, false, "length(p)", "the number of relationships in a path", C::Graph,
                  [](const FunctionCall& e, Args& a, Ctx&) { return lengthValue(e, a[0]); }, strict, ValueType::Int},
    // Lists
    FunctionEntry{"size", 1, 1, false, "size(l)", "the number of elements of a list or characters of a string", C::List,
                  [](const FunctionCall& e, Args& a, Ctx&) {
                    const Value& x = a[0];
                    if (x.isList()) return Value(static_cast<std::int64_t>(x.asList().size()));
                    if (x.isString()) return Value(static_cast<std::int64_t>(charOffsets(x.asString()).size() - 1));
                    e.typeError(e.written() + " expects a LIST or STRING", x);
                  },
                  strict, ValueType::Int},
    FunctionEntry{"isEmpty", 1, 1, false, "isEmpty(x)", "whether a list, map or string has no elements", C::List,
                  [](const FunctionCall& e, Args& a, Ctx&) {
                    const Value& x = a[0];
                    if (x.isList()) return Value(x.asList().empty());
                    if (x.isMap()) return Value(x.asMap().empty());
                    if (x.isString()) return Value(x.asString().empty());
                    e.typeError(e.written() + " expects a LIST, MAP or STRING", x);
                  },
                  strict, ValueType::Bool},
    FunctionEntry{"head", 1, 1, false, "head(l)", "the first element of a list", C::List,
                  [](const FunctionCall& e, Args& a, Ctx&) {
                    const auto& l = listArg(e, a[0]);
                    return l.empty() ? Value() : l.front();
                  },
                  strict},
    FunctionEntry{"last", 1, 1, false, "last(l)", "the last element of a list", C::List,
                  [](const FunctionCall& e, Args& a, Ctx&) {
                    const auto& l = listArg(e, a[0]);
                    return l.empty() ? Value() : l.back();
                  },
                  strict},
    FunctionEntry{"tail", 1, 1, false, "tail(l)", "a list without its first element", C::List,
                  [](const FunctionCall& e, Args& a, Ctx&) {
                    const auto& l = listArg(e, a[0]);
                    return l.empty() ? Value(ValueList{}) : Value(ValueList(l.begin() + 1, l.end()));
                  },
                  strict, ValueType::List},
    FunctionEntry{"range", 2, 3, false, "range(a, b[, step])", "the integers from a to b (inclusive)", C::List,
                  [](const FunctionCall& e, Args& a, Ctx& ctx) { return rangeValue(e, a, ctx); }, lenient, ValueType::List},
    FunctionEntry{"reverse", 1, 1, false, "reverse(x)", "a list or string in reverse order", C::List,
                  [](const FunctionCall& e, Args& a, Ctx&) { return reverseValue(e, a[0]); }, strict},
    FunctionEntry{"coalesce", 1, -1, false, "coalesce(a, b, ...)", "the first argument that is not null", C::List,
                  [](const FunctionCall&, Args& a, Ctx&) {
                    for (auto& v : a)
                      if (!v.isNull()) return std::move(v);
                    return Value();
                  },
                  lenient},
    // Strings
    FunctionEntry{"toLower", 1, 1, false, "toLower(s)", "a string in lower case", C::String,
                  [](const FunctionCall& e, Args& a, Ctx&) { return Value(mapCase(stringArg(e, a[0]), false)); },
                  strict, ValueType::String},
    FunctionEntry{"toUpper", 1, 1, false, "toUpper(s)", "a string in upper case", C::String,
                  [](const FunctionCall& e, Args& a, Ctx&) { return Value(mapCase(stringArg(e, a[0]), true)); },
                  strict, ValueType::String},
    FunctionEntry{"trim", 1, 1, false, "trim(s)", "a string without leading and trailing white space", C::String,
                  [](const FunctionCall& e, Args& a, Ctx&) { return Value(trimText(stringArg(e, a[0]), true, true)); },
                  strict, ValueType::String},
    FunctionEntry{"ltrim", 1, 1, false, "ltrim(s)", "a string without leading white space", C::String,
                  [](const FunctionCall& e, Args& a, Ctx&) { return Value(trimText(stringArg(e, a[0]), true, false)); },
                  strict, ValueType::String},
    FunctionEntry{"rtrim", 1, 1, false, "rtrim(s)", "a string without trailing white space", C::String,
                  [](const FunctionCall& e, Args& a, Ctx&) { return Value(trimText(stringArg(e, a[0]), false, true)); },
                  strict, ValueType::String},
    FunctionEntry{"split", 2, 2, false, "split(s, sep)", "the parts of a string between separators", C::String,
                  [](const FunctionCall& e, Args& a, Ctx&) {
                    const auto& s = stringArg(e, a[0]);
                    if (a[1].isNull()) return Value();
                    return splitValue(s, stringArg(e, a[1]));
                  },
                  strict, ValueType::List},
    FunctionEntry{"substring", 2, 3, false, "substring(s, i[, n])",
                  "n characters of a string from position i (0-based)", C::String,
                  [](const FunctionCall& e, Args& a, Ctx&) { return substringValue(e, a); }, strict, ValueType::String},
    FunctionEntry{
        "replace", 3, 3, false, "replace(s, from, to)", "a string with every `from` replaced by `to`", C::String,
        [](const FunctionCall& e, Args& a, Ctx&) {
          const auto& s = stringArg(e, a[0]);
          if (a[1].isNull() || a[2].isNull()) return Value();
          return replaceValue(s, stringArg(e, a[1]), stringArg(e, a[2]));
        },
        strict},
    FunctionEntry{"left", 2, 2, false, "left(s, n)", "the first n characters of a string", C::String,
                  [](const FunctionCall& e, Args& a, Ctx&) { return leftRightValue(e, a, true); }, strict, ValueType::String},
    FunctionEntry{"right", 2, 2, false, "right(s, n)", "the last n characters of a string", C::String,
                  [](const FunctionCall& e, Args& a, Ctx&) { return leftRightValue(e, a, false); }, strict, ValueType::String},
    // Numbers
    FunctionEntry{"abs", 1, 1, false, "abs(x)", "the absolute value", C::Number,
                  [](const FunctionCall& e, Args& a, Ctx&) {
                    numberArg(e, a[0]);
                    return absValue(e, a[0]);
                  },
                  strict},
    FunctionEntry{"sign", 1, 1, false, "sign(x)", "-1, 0 or 1 by the sign of a number", C::Number,
                  [](const FunctionCall& e, Args& a, Ctx&) {
                    double d = numberArg(e, a[0]);
                    return Value(std::int64_t{d > 0 ? 1 : (d < 0 ? -1 : 0)});
                  },
                  strict, ValueType::Int},
    FunctionEntry{"ceil", 1, 1, false, "ceil(x)", "the smallest whole number not below x", C::Number,
                  [](const FunctionCall& e, Args& a, Ctx&) { return Value(std::ceil(numberArg(e, a[0]))); }, strict, ValueType::Float},
    FunctionEntry{"floor", 1, 1, false, "floor(x)", "the largest whole number not above x", C::Number,
                  [](const FunctionCall& e, Args& a, Ctx&) { return Value(std::floor(numberArg(e, a[0]))); }, strict, ValueType::Float},
    FunctionEntry{"round", 1, 3, false, "round(x[, precision[, mode]])",
                  "x rounded to whole numbers or to `precision` decimals (mode: HALF_UP by default, UP, DOWN, "
                  "CEILING, FLOOR, HALF_DOWN, HALF_EVEN)",
                  C::Number,
                  [](const FunctionCall& e, Args& a, Ctx&) {
                    double x = numberArg(e, a[0]);
                    if (a.size() == 1) return Value(roundHalfUp(x));
                    if (a[1].isNull() || (a.size() == 3 && a[2].isNull())) return Value();
                    auto mode = a.size() == 3 ? roundModeArg(e, a[2]) : RoundMode::HalfUp;
                    return Value(roundDecimal(x, intArg(e, a[1]), mode));
                  },
                  strict, ValueType::Float},
    FunctionEntry{"sqrt", 1, 1, false, "sqrt(x)", "the square root", C::Number,
                  [](const FunctionCall& e, Args& a, Ctx&) { return Value(std::sqrt(numberArg(e, a[0]))); }, strict, ValueType::Float},
    FunctionEntry{"exp", 1, 1, false, "exp(x)", "e raised to the power x", C::Number,
                  [](const FunctionCall& e, Args& a, Ctx&) { return Value(std::exp(numberArg(e, a[0]))); }, strict, ValueType::Float},
    FunctionEntry{"log", 1, 1, false, "log(x)", "the natural logarithm (NaN below 0)", C::Number,
                  [](const FunctionCall& e, Args& a, Ctx&) { return Value(std::log(numberArg(e, a[0]))); }, strict, ValueType::Float},
    FunctionEntry{"log10", 1, 1, false, "log10(x)", "the base-10 logarithm (NaN below 0)", C::Number,
                  [](const FunctionCall& e, Args& a, Ctx&) { return Value(std::log10(numberArg(e, a[0]))); },
                  strict, ValueType::Float},
    FunctionEntry{"sin", 1, 1, false, "sin(x)", "the sine of an angle in radians", C::Number,
                  [](const FunctionCall& e, Args& a, Ctx&) { return Value(std::sin(numberArg(e, a[0]))); }, strict, ValueType::Float},
    FunctionEntry{"cos", 1, 1, false, "cos(x)", "the cosine of an angle in radians", C::Number,
                  [](const FunctionCall& e, Args& a, Ctx&) { return Value(std::cos(numberArg(e, a[0]))); }, strict, ValueType::Float},
    FunctionEntry{"tan", 1, 1, false, "tan(x)", "the tangent of an angle in radians", C::Number,
                  [](const FunctionCall& e, Args& a, Ctx&) { return Value(std::tan(numberArg(e, a[0]))); }, strict, ValueType::Float},
    FunctionEntry{"cot", 1, 1, false, "cot(x)", "the cotangent of an angle in radians", C::Number,
                  [](const FunctionCall& e, Args& a, Ctx&) { return Value(1.0 / std::tan(numberArg(e, a[0]))); },
                  strict, ValueType::Float},
    FunctionEntry{"asin", 1, 1, false, "asin(x)", "the arcsine, in radians", C::Number,
                  [](const FunctionCall& e, Args& a, Ctx&) { return Value(std::asin(numberArg(e, a[0]))); }, strict, ValueType::Float},
    FunctionEntry{"acos", 1, 1, false, "acos(x)", "the arccosine, in radians", C::Number,
                  [](const FunctionCall& e, Args& a, Ctx&) { return Value(std::acos(numberArg(e, a[0]))); }, strict, ValueType::Float},
    FunctionEntry{"atan", 1, 1, false, "atan(x)", "the arctangent, in radians", C::Number,
                  [](const FunctionCall& e, Args& a, Ctx&) { return Value(std::atan(numberArg(e, a[0]))); }, strict, ValueType::Float},
    FunctionEntry{"atan2", 2, 2, false, "atan2(y, x)", "the angle of the point (x, y) from the x axis, in radians",
                  C::Number,
                  [](const FunctionCall& e, Args& a, Ctx&) {
                    if (a[1].isNull()) return Value();
                    return Value(std::atan2(numberArg(e, a[0]), numberArg(e, a[1])));
                  },
                  strict, ValueType::Float},
    FunctionEntry{"degrees", 1, 1, false, "degrees(x)", "radians converted to degrees", C::Number,
                  [](const FunctionCall& e, Args& a, Ctx&) { return Value(numberArg(e, a[0]) * 180.0 / M_PI); },
                  strict, ValueType::Float},
    FunctionEntry{"radians", 1, 1, false, "radians(x)", "degrees converted to radians", C::Number,
                  [](const FunctionCall& e, Args& a, Ctx&) { return Value(numberArg(e, a[0]) * M_PI / 180.0); },
                  strict, ValueType::Float},
    FunctionEntry{"haversin", 1, 1, false, "haversin(x)", "half the versine of an angle in radians", C::Number,
                  [](const FunctionCall& e, Args& a, Ctx&) { return Value((1 - std::cos(numberArg(e, a[0]))) / 2); },
                  strict, ValueType::Float},
    FunctionEntry{"rand", 0, 0, false, "rand()", "a random number from 0 (inclusive) to 1 (exclusive)", C::Number,
                  [](const FunctionCall&, Args&, Ctx& ctx) {
                    return Value(std::uniform_real_distribution<double>(0.0, 1.0)(ctx.random()));
                  },
                  lenient, ValueType::Float},
    FunctionEntry{"randomUUID", 0, 0, false, "randomUUID()", "a random (version 4) UUID string", C::Number,
                  [](const FunctionCall&, Args&, Ctx& ctx) { return Value(randomUuid(ctx.random())); }, lenient, ValueType::String},
    FunctionEntry{"pi", 0, 0, false, "pi()", "the number pi", C::Number,
                  [](const FunctionCall&, Args&, Ctx&) { return Value(3.141592653589793); }, lenient, ValueType::Float},
    FunctionEntry{"e", 0, 0, false, "e()", "the base of the natural logarithm", C::Number,
                  [](const FunctionCall&, Args&, Ctx&) { return Value(2.718281828459045); }, lenient, ValueType::Float},
    // Conversion
    FunctionEntry{"toString", 1, 1, false, "toString(x)", "a number or boolean as a string", C::Conversion,
                  [](const FunctionCall& e, Args& a, Ctx&) { return toStringValue(e, a[0]); }, strict, ValueType::String},
    FunctionEntry{"toInteger", 1, 1, false, "toInteger(x)",
                  "a number, string or boolean as an integer (null if not one)", C::Conversion,
                  [](const FunctionCall& e, Args& a, Ctx&) { return toIntegerValue(e, a[0]); }, strict, ValueType::Int},
    FunctionEntry{"toFloat", 1, 1, false, "toFloat(x)", "a number or string as a float (null if not one)",
                  C::Conversion, [](const FunctionCall& e, Args& a, Ctx&) { return toFloatValue(e, a[0]); }, strict, ValueType::Float},
    FunctionEntry{"toBoolean", 1, 1, false, "toBoolean(x)", "a string or integer as a boolean (null if not one)",
                  C::Conversion, [](const FunctionCall& e, Args& a, Ctx&) { return toBooleanValue(e, a[0]); }, strict, ValueType::Bool},
    FunctionEntry{"toStringOrNull", 1, 1, false, "toStringOrNull(x)",
                  "like toString(x), but null for a value it cannot convert", C::Conversion,
                  [](const FunctionCall& e, Args& a, Ctx&) { return orNull<toStringValue>(e, a[0]); }, strict, ValueType::String},
    FunctionEntry{"toIntegerOrNull", 1, 1, false, "toIntegerOrNull(x)",
                  "like toInteger(x), but null for a value it cannot convert", C::Conversion,
                  [](const FunctionCall& e, Args& a, Ctx&) { return orNull<toIntegerValue>(e, a[0]); }, strict, ValueType::Int},
    FunctionEntry{"toFloatOrNull", 1, 1, false, "toFloatOrNull(x)",
                  "like toFloat(x), but null for a value it cannot convert", C::Conversion,
                  [](const FunctionCall& e, Args& a, Ctx&) { return orNull<toFloatValue>(e, a[0]); }, strict, ValueType::Float},
    FunctionEntry{"toBooleanOrNull", 1, 1, false, "toBooleanOrNull(x)",
                  "like toBoolean(x), but null for a value it cannot convert", C::Conversion,
                  [](const FunctionCall& e, Args& a, Ctx&) { return orNull<toBooleanValue>(e, a[0]); }, strict, ValueType::Bool},
    // Aggregates, computed by the aggregate operator
    FunctionEntry{"count", 1, 1, true, "count(x)", "the number of values that are not null; count(*) counts rows",
                  C::Aggregate, nullptr, lenient, ValueType::Int},
    FunctionEntry{"collect", 1, 1, true, "collect(x)", "the values that are not null, as a list", C::Aggregate, nullptr,
                  lenient, ValueType::List},
    FunctionEntry{"sum", 1, 1, true, "sum(x)", "the sum of the numbers", C::Aggregate, nullptr, lenient},
    FunctionEntry{"avg", 1, 1, true, "avg(x)", "the mean of the numbers", C::Aggregate, nullptr, lenient},
    FunctionEntry{"min", 1, 1, true, "min(x)", "the smallest value", C::Aggregate, nullptr, lenient},
    FunctionEntry{"max", 1, 1, true, "max(x)", "the largest value", C::Aggregate, nullptr, lenient},
    FunctionEntry{"stDev", 1, 1, true, "stDev(x)", "the sample standard deviation of the numbers (n - 1)",
                  C::Aggregate, nullptr, lenient, ValueType::Float},
    FunctionEntry{"stDevP", 1, 1, true, "stDevP(x)", "the population standard deviation of the numbers (n)",
                  C::Aggregate, nullptr, lenient, ValueType::Float},
    FunctionEntry{"percentileDisc", 2, 2, true, "percentileDisc(x, p)",
                  "the value at percentile p (0.0 to 1.0) of the numbers, one of them", C::Aggregate, nullptr,
                  lenient},
    FunctionEntry{"percentileCont", 2, 2, true, "percentileCont(x, p)",
                  "the percentile p (0.0 to 1.0) of the numbers, interpolated between the two nearest",
                  C::Aggregate, nullptr, lenient, ValueType::Float},
};

}  // namespace

std::span<const FunctionEntry> functionRegistry() {
  // The temporal entries live in temporal_functions.cpp; they are listed before the aggregates,
  // built once so that entries keep their addresses (the binder stores them).
  static const std::vector<FunctionEntry> all = [] {
    std::vector<FunctionEntry> v;
    for (const auto& f : kFunctions)
      if (f.category != C::Aggregate) v.push_back(f);
    for (const auto& f : temporalFunctions()) v.push_back(f);
    for (const auto& f : kFunctions)
      if (f.category == C::Aggregate) v.push_back(f);
    return v;
  }();
  return all;
}

}  // namespace kgq
