// Scalar functions. Each takes evaluated arguments; null in gives null out unless
// the function is about nulls (coalesce, exists).
#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>

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
  auto end = len < 0 ? n : std::min<std::int64_t>(n, start + len);
  return s.substr(offs[static_cast<std::size_t>(start)], offs[static_cast<std::size_t>(end)] - offs[static_cast<std::size_t>(start)]);
}

std::string mapCase(std::string s, bool upper) {
  for (auto& c : s) {
    if (upper && c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    if (!upper && c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return s;
}

bool isSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

std::string trimText(const std::string& s, bool left, bool right) {
  std::size_t b = 0, e = s.size();
  if (left)
    while (b < e && isSpace(s[b])) ++b;
  if (right)
    while (e > b && isSpace(s[e - 1])) --e;
  return s.substr(b, e - b);
}

Value parseInteger(const std::string& s) {
  std::string t = trimText(s, true, true);
  std::int64_t v = 0;
  auto res = std::from_chars(t.data(), t.data() + t.size(), v);
  if (res.ec == std::errc() && res.ptr == t.data() + t.size()) return Value(v);
  double d = 0;
  auto rd = std::from_chars(t.data(), t.data() + t.size(), d);
  if (rd.ec == std::errc() && rd.ptr == t.data() + t.size() && std::isfinite(d) &&
      d >= -9.2233720368547758e18 && d < 9.2233720368547758e18)
    return Value(static_cast<std::int64_t>(d));
  return Value();
}

Value parseFloat(const std::string& s) {
  std::string t = trimText(s, true, true);
  double d = 0;
  auto res = std::from_chars(t.data(), t.data() + t.size(), d);
  if (res.ec == std::errc() && res.ptr == t.data() + t.size()) return Value(d);
  return Value();
}

Value toStringValue(const Expr& e, const Value& v) {
  switch (v.type()) {
    case ValueType::Null: return Value();
    case ValueType::String: return v;
    case ValueType::Int: return Value(std::to_string(v.asInt()));
    case ValueType::Float: return Value(formatFloat(v.asFloat()));
    case ValueType::Bool: return Value(v.asBool() ? "true" : "false");
    default: typeError(e, "toString() expects a string, number or boolean", v);
  }
}

std::int64_t intArg(const Expr& e, const Value& v, const char* what) {
  if (!v.isInt()) typeError(e, std::string(what) + " expects an INTEGER", v);
  return v.asInt();
}

const std::string& stringArg(const Expr& e, const Value& v, const char* what) {
  if (!v.isString()) typeError(e, std::string(what) + " expects a STRING", v);
  return v.asString();
}

ValueMap propertiesOf(const Graph& g, const PropertyMap& props) {
  ValueMap out;
  for (const auto& [k, v] : props) out[g.keys().name(k)] = v;
  return out;
}

Value rangeValue(const Expr& e, std::vector<Value>& a, ExecContext& ctx) {
  std::int64_t start = intArg(e, a[0], "range()"), end = intArg(e, a[1], "range()");
  std::int64_t step = a.size() > 2 ? intArg(e, a[2], "range()") : 1;
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
  if (from.empty()) return Value(s);
  std::string out;
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
  typeError(e, "length() expects a PATH", v);
}

}  // namespace

Value callFunction(const Expr& e, std::vector<Value>& a, ExecContext& ctx) {
  const std::string& f = e.name;
  const Graph& g = ctx.graph;
  if (f == "coalesce") {
    for (auto& v : a)
      if (!v.isNull()) return std::move(v);
    return Value();
  }
  if (f == "exists") return Value(!a[0].isNull());
  // Everything else is null in, null out on its first argument.
  if (a[0].isNull()) return Value();
  const Value& x = a[0];

  if (f == "id") {
    if (x.isNode()) return Value(static_cast<std::int64_t>(x.asNode()));
    if (x.isRel()) return Value(static_cast<std::int64_t>(x.asRel()));
    typeError(e, "id() expects a NODE or RELATIONSHIP", x);
  }
  if (f == "labels") {
    if (!x.isNode()) typeError(e, "labels() expects a NODE", x);
    ValueList out;
    for (auto l : g.node(x.asNode()).labels) out.emplace_back(g.labels().name(l));
    return Value(std::move(out));
  }
  if (f == "type") {
    if (!x.isRel()) typeError(e, "type() expects a RELATIONSHIP", x);
    return Value(g.types().name(g.rel(x.asRel()).type));
  }
  if (f == "properties" || f == "keys") {
    ValueMap m;
    if (x.isNode()) m = propertiesOf(g, g.node(x.asNode()).props);
    else if (x.isRel()) m = propertiesOf(g, g.rel(x.asRel()).props);
    else if (x.isMap()) m = x.asMap();
    else typeError(e, f + "() expects a NODE, RELATIONSHIP or MAP", x);
    if (f == "properties") return Value(std::move(m));
    ValueList keys;
    for (auto& [k, v] : m) keys.emplace_back(k);
    return Value(std::move(keys));
  }
  if (f == "size") {
    if (x.isList()) return Value(static_cast<std::int64_t>(x.asList().size()));
    if (x.isString()) return Value(static_cast<std::int64_t>(charOffsets(x.asString()).size() - 1));
    typeError(e, "size() expects a LIST or STRING", x);
  }
  if (f == "length") return lengthValue(e, x);
  if (f == "nodes" || f == "relationships") {
    if (!x.isPath()) typeError(e, f + "() expects a PATH", x);
    ValueList out;
    if (f == "nodes")
      for (auto n : x.asPath().nodes) out.emplace_back(NodeRef{n});
    else
      for (auto r : x.asPath().rels) out.emplace_back(RelRef{r});
    return Value(std::move(out));
  }
  if (f == "startnode" || f == "endnode") {
    if (!x.isRel()) typeError(e, f + "() expects a RELATIONSHIP", x);
    return Value(NodeRef{f == "startnode" ? g.relStart(x.asRel()) : g.relEnd(x.asRel())});
  }
  if (f == "head" || f == "last" || f == "tail") {
    if (!x.isList()) typeError(e, f + "() expects a LIST", x);
    const auto& l = x.asList();
    if (f == "tail") return l.empty() ? Value(ValueList{}) : Value(ValueList(l.begin() + 1, l.end()));
    if (l.empty()) return Value();
    return f == "head" ? l.front() : l.back();
  }
  if (f == "range") {
    for (auto& v : a)
      if (v.isNull()) return Value();
    return rangeValue(e, a, ctx);
  }
  if (f == "tolower" || f == "toupper") return Value(mapCase(stringArg(e, x, "toLower/toUpper()"), f == "toupper"));
  if (f == "trim") return Value(trimText(stringArg(e, x, "trim()"), true, true));
  if (f == "ltrim") return Value(trimText(stringArg(e, x, "ltrim()"), true, false));
  if (f == "rtrim") return Value(trimText(stringArg(e, x, "rtrim()"), false, true));
  if (f == "split") {
    if (a[1].isNull()) return Value();
    return splitValue(stringArg(e, x, "split()"), stringArg(e, a[1], "split()"));
  }
  if (f == "substring") {
    const auto& s = stringArg(e, x, "substring()");
    if (a[1].isNull() || (a.size() > 2 && a[2].isNull())) return Value();
    auto start = intArg(e, a[1], "substring()");
    auto len = a.size() > 2 ? intArg(e, a[2], "substring()") : -1;
    if (start < 0 || (a.size() > 2 && len < 0))
      throw RuntimeError("substring() start and length must not be negative in `" + e.text + "`");
    return Value(charSubstr(s, start, len));
  }
  if (f == "left" || f == "right") {
    const auto& s = stringArg(e, x, "left/right()");
    if (a[1].isNull()) return Value();
    auto n = intArg(e, a[1], "left/right()");
    if (n < 0) throw RuntimeError(f + "() length must not be negative in `" + e.text + "`");
    auto chars = static_cast<std::int64_t>(charOffsets(s).size()) - 1;
    return Value(f == "left" ? charSubstr(s, 0, n) : charSubstr(s, std::max<std::int64_t>(0, chars - n), -1));
  }
  if (f == "replace") {
    if (a[1].isNull() || a[2].isNull()) return Value();
    return replaceValue(stringArg(e, x, "replace()"), stringArg(e, a[1], "replace()"), stringArg(e, a[2], "replace()"));
  }
  if (f == "reverse") {
    if (x.isList()) {
      ValueList l = x.asList();
      std::reverse(l.begin(), l.end());
      return Value(std::move(l));
    }
    const auto& s = stringArg(e, x, "reverse()");
    auto offs = charOffsets(s);
    std::string out;
    for (std::size_t i = offs.size() - 1; i > 0; --i) out += s.substr(offs[i - 1], offs[i] - offs[i - 1]);
    return Value(std::move(out));
  }
  if (f == "tostring") return toStringValue(e, x);
  if (f == "tointeger") {
    if (x.isInt()) return x;
    if (x.isFloat()) {
      double d = x.asFloat();
      if (!std::isfinite(d) || d < -9.2233720368547758e18 || d >= 9.2233720368547758e18) return Value();
      return Value(static_cast<std::int64_t>(d));
    }
    if (x.isString()) return parseInteger(x.asString());
    if (x.isBool()) return Value(std::int64_t{x.asBool() ? 1 : 0});
    typeError(e, "toInteger() expects a number or STRING", x);
  }
  if (f == "tofloat") {
    if (x.isNumber()) return Value(x.asNumber());
    if (x.isString()) return parseFloat(x.asString());
    typeError(e, "toFloat() expects a number or STRING", x);
  }
  if (f == "toboolean") {
    if (x.isBool()) return x;
    if (x.isString()) {
      auto s = mapCase(trimText(x.asString(), true, true), false);
      if (s == "true") return Value(true);
      if (s == "false") return Value(false);
      return Value();
    }
    if (x.isInt()) return Value(x.asInt() != 0);
    typeError(e, "toBoolean() expects a BOOLEAN, STRING or INTEGER", x);
  }
  if (!x.isNumber()) typeError(e, f + "() expects a number", x);
  if (f == "abs") {
    if (x.isInt()) {
      if (x.asInt() == std::numeric_limits<std::int64_t>::min()) throw RuntimeError("integer overflow in abs()");
      return Value(x.asInt() < 0 ? -x.asInt() : x.asInt());
    }
    return Value(std::fabs(x.asFloat()));
  }
  if (f == "sign") {
    double d = x.asNumber();
    return Value(std::int64_t{d > 0 ? 1 : (d < 0 ? -1 : 0)});
  }
  if (f == "ceil") return Value(std::ceil(x.asNumber()));
  if (f == "floor") return Value(std::floor(x.asNumber()));
  if (f == "round") return Value(std::floor(x.asNumber() + 0.5));
  if (f == "sqrt") return Value(std::sqrt(x.asNumber()));
  throw RuntimeError("unknown function '" + f + "'");
}

}  // namespace kgq
