#include "common/value.h"

#include <cctype>
#include <charconv>
#include <cmath>
#include <functional>

namespace kgq {

std::string_view typeName(ValueType t) {
  switch (t) {
    case ValueType::Null: return "NULL";
    case ValueType::Bool: return "BOOLEAN";
    case ValueType::Int: return "INTEGER";
    case ValueType::Float: return "FLOAT";
    case ValueType::String: return "STRING";
    case ValueType::List: return "LIST";
    case ValueType::Map: return "MAP";
    case ValueType::Node: return "NODE";
    case ValueType::Rel: return "RELATIONSHIP";
    case ValueType::Path: return "PATH";
    case ValueType::Date: return "DATE";
    case ValueType::LocalTime: return "LOCAL TIME";
    case ValueType::Time: return "ZONED TIME";
    case ValueType::LocalDateTime: return "LOCAL DATETIME";
    case ValueType::DateTime: return "ZONED DATETIME";
    case ValueType::Duration: return "DURATION";
  }
  return "?";
}

Value::Value(const Value& o) {
  switch (o.type()) {
    case ValueType::List: v_ = std::make_unique<ValueList>(o.asList()); break;
    case ValueType::Map: v_ = std::make_unique<ValueMap>(o.asMap()); break;
    case ValueType::Path: v_ = std::make_unique<PathValue>(o.asPath()); break;
    case ValueType::Null: break;
    case ValueType::Bool: v_ = o.asBool(); break;
    case ValueType::Int: v_ = o.asInt(); break;
    case ValueType::Float: v_ = o.asFloat(); break;
    case ValueType::String: v_ = o.asString(); break;
    case ValueType::Node: v_ = NodeRef{o.asNode()}; break;
    case ValueType::Rel: v_ = RelRef{o.asRel()}; break;
    case ValueType::Date: v_ = o.asDate(); break;
    case ValueType::LocalTime: v_ = o.asLocalTime(); break;
    case ValueType::Time: v_ = o.asTime(); break;
    case ValueType::LocalDateTime: v_ = o.asLocalDateTime(); break;
    case ValueType::DateTime: v_ = o.asDateTime(); break;
    case ValueType::Duration: v_ = o.asDuration(); break;
  }
}

Value& Value::operator=(const Value& o) {
  if (this != &o) *this = Value(o);
  return *this;
}

namespace {

// Compares an integer with a float exactly, as Neo4j does: converting the
// integer to double would make 2^53 + 1 equal to 2^53. NaN is unordered (2).
int compareIntFloat(std::int64_t i, double d) {
  if (std::isnan(d)) return 2;
  if (d >= 9223372036854775808.0) return -1;  // 2^63: above every integer
  if (d < -9223372036854775808.0) return 1;
  double whole = std::trunc(d);
  auto w = static_cast<std::int64_t>(whole);  // exact: |whole| < 2^63
  if (i != w) return i < w ? -1 : 1;
  return d > whole ? -1 : (d < whole ? 1 : 0);
}

// -1, 0, 1, or 2 when NaN makes the numbers unordered.
int compareNumbers(const Value& a, const Value& b) {
  if (a.isInt() && b.isInt()) return a.asInt() < b.asInt() ? -1 : (a.asInt() > b.asInt() ? 1 : 0);
  if (a.isInt()) return compareIntFloat(a.asInt(), b.asFloat());
  if (b.isInt()) {
    int c = compareIntFloat(b.asInt(), a.asFloat());
    return c == 2 ? 2 : -c;
  }
  double x = a.asFloat(), y = b.asFloat();
  if (std::isnan(x) || std::isnan(y)) return 2;
  return x < y ? -1 : (x > y ? 1 : 0);
}

}  // namespace

bool Value::operator==(const Value& o) const {
  if (isNumber() && o.isNumber()) return compareNumbers(*this, o) == 0;
  if (type() != o.type()) return false;
  switch (type()) {
    case ValueType::Null: return true;
    case ValueType::Bool: return asBool() == o.asBool();
    case ValueType::String: return asString() == o.asString();
    case ValueType::List: return asList() == o.asList();
    case ValueType::Map: return asMap() == o.asMap();
    case ValueType::Node: return asNode() == o.asNode();
    case ValueType::Rel: return asRel() == o.asRel();
    case ValueType::Path: return asPath() == o.asPath();
    case ValueType::Date: return asDate() == o.asDate();
    case ValueType::LocalTime: return asLocalTime() == o.asLocalTime();
    case ValueType::Time: return asTime() == o.asTime();
    case ValueType::LocalDateTime: return asLocalDateTime() == o.asLocalDateTime();
    case ValueType::DateTime: return asDateTime() == o.asDateTime();
    case ValueType::Duration: return asDuration() == o.asDuration();
    default: return false;
  }
}

namespace {
inline void mix(std::size_t& h, std::size_t v) { h ^= v + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2); }
}  // namespace

std::size_t Value::hash() const {
  std::size_t h = static_cast<std::size_t>(type());
  switch (type()) {
    case ValueType::Null: break;
    case ValueType::Bool: mix(h, asBool()); break;
    case ValueType::Int:
    case ValueType::Float: {
      // Equal numbers must hash alike across int and float (1 = 1.0).
      double d = asNumber();
      h = static_cast<std::size_t>(ValueType::Int);
      mix(h, std::hash<double>{}(d));
      break;
    }
    case ValueType::String: mix(h, std::hash<std::string>{}(asString())); break;
    case ValueType::List:
      for (const auto& e : asList()) mix(h, e.hash());
      break;
    case ValueType::Map:
      for (const auto& [k, e] : asMap()) {
        mix(h, std::hash<std::string>{}(k));
        mix(h, e.hash());
      }
      break;
    case ValueType::Node: mix(h, asNode()); break;
    case ValueType::Rel: mix(h, asRel()); break;
    case ValueType::Path:
      for (auto n : asPath().nodes) mix(h, n);
      for (auto r : asPath().rels) mix(h, r);
      break;
    case ValueType::Date: mix(h, static_cast<std::size_t>(asDate().days)); break;
    case ValueType::LocalTime: mix(h, static_cast<std::size_t>(asLocalTime().nanos)); break;
    case ValueType::Time:
      mix(h, static_cast<std::size_t>(asTime().nanos));
      mix(h, static_cast<std::size_t>(asTime().offset));
      break;
    case ValueType::LocalDateTime:
      mix(h, static_cast<std::size_t>(asLocalDateTime().seconds));
      mix(h, static_cast<std::size_t>(asLocalDateTime().nanos));
      break;
    case ValueType::DateTime:
      mix(h, static_cast<std::size_t>(asDateTime().seconds));
      mix(h, static_cast<std::size_t>(asDateTime().nanos));
      mix(h, static_cast<std::size_t>(asDateTime().offset));
      mix(h, asDateTime().zone);
      break;
    case ValueType::Duration:
      mix(h, static_cast<std::size_t>(asDuration().months));
      mix(h, static_cast<std::size_t>(asDuration().days));
      mix(h, static_cast<std::size_t>(asDuration().seconds));
      mix(h, static_cast<std::size_t>(asDuration().nanos));
      break;
  }
  return h;
}

std::optional<bool> cypherEquals(const Value& a, const Value& b) {
  if (a.isNull() || b.isNull()) return std::nullopt;
  if (a.isNumber() && b.isNumber()) return compareNumbers(a, b) == 0;
  if (a.type() != b.type()) return false;
  if (a.isList()) {
    const auto& x = a.asList();
    const auto& y = b.asList();
    if (x.size() != y.size()) return false;
    bool sawNull = false;
    for (std::size_t i = 0; i < x.size(); ++i) {
      auto e = cypherEquals(x[i], y[i]);
      if (!e) sawNull = true;
      else if (!*e) return false;
    }
    if (sawNull) return std::nullopt;
    return true;
  }
  if (a.isMap()) {
    const auto& x = a.asMap();
    const auto& y = b.asMap();
    if (x.size() != y.size()) return false;
    bool sawNull = false;
    for (auto it = x.begin(), jt = y.begin(); it != x.end(); ++it, ++jt) {
      if (it->first != jt->first) return false;
      auto e = cypherEquals(it->second, jt->second);
      if (!e) sawNull = true;
      else if (!*e) return false;
    }
    if (sawNull) return std::nullopt;
    return true;
  }
  return a == b;
}

namespace {
template <typename T>
int cmp3(const T& x, const T& y) {
  return x < y ? -1 : (y < x ? 1 : 0);
}

// Times and datetimes compare by the instant first; among equal instants, a
// total order needs the offset (and zone name) too, as Neo4j's does.
int compareTemporal(const Value& a, const Value& b) {
  switch (a.type()) {
    case ValueType::Date: return cmp3(a.asDate().days, b.asDate().days);
    case ValueType::LocalTime: return cmp3(a.asLocalTime().nanos, b.asLocalTime().nanos);
    case ValueType::Time: {
      const auto &x = a.asTime(), &y = b.asTime();
      auto ux = x.nanos - x.offset * kNanosPerSecond, uy = y.nanos - y.offset * kNanosPerSecond;
      if (int c = cmp3(ux, uy)) return c;
      return cmp3(x.offset, y.offset);
    }
    case ValueType::LocalDateTime: {
      const auto &x = a.asLocalDateTime(), &y = b.asLocalDateTime();
      if (int c = cmp3(x.seconds, y.seconds)) return c;
      return cmp3(x.nanos, y.nanos);
    }
    case ValueType::DateTime: {
      const auto &x = a.asDateTime(), &y = b.asDateTime();
      if (int c = cmp3(x.seconds, y.seconds)) return c;
      if (int c = cmp3(x.nanos, y.nanos)) return c;
      if (int c = cmp3(y.offset, x.offset)) return c;  // the same instant reads later with a larger offset
      return cmp3(zoneName(x.zone), zoneName(y.zone));
    }
    case ValueType::Duration: {
      const auto &x = a.asDuration(), &y = b.asDuration();
      if (int c = cmp3(durationLength(x), durationLength(y))) return c;
      if (int c = cmp3(x.months, y.months)) return c;
      if (int c = cmp3(x.days, y.days)) return c;
      if (int c = cmp3(x.seconds, y.seconds)) return c;
      return cmp3(x.nanos, y.nanos);
    }
    default: return 0;
  }
}
}  // namespace

std::optional<int> cypherCompare(const Value& a, const Value& b) {
  if (a.isNull() || b.isNull()) return std::nullopt;
  if (a.isNumber() && b.isNumber()) return compareNumbers(a, b);  // 2 (NaN): every comparison is false
  if (a.type() != b.type()) return std::nullopt;
  switch (a.type()) {
    case ValueType::String: return cmp3(a.asString(), b.asString());
    case ValueType::Bool: return cmp3(a.asBool(), b.asBool());
    case ValueType::List: {
      const auto& x = a.asList();
      const auto& y = b.asList();
      for (std::size_t i = 0; i < x.size() && i < y.size(); ++i) {
        auto c = cypherCompare(x[i], y[i]);
        if (!c) return std::nullopt;
        if (*c != 0) return c;
      }
      return cmp3(x.size(), y.size());
    }
    case ValueType::Duration: return std::nullopt;  // a month is not a fixed number of days
    case ValueType::Date:
    case ValueType::LocalTime:
    case ValueType::Time:
    case ValueType::LocalDateTime:
    case ValueType::DateTime: return compareTemporal(a, b);
    default: return std::nullopt;
  }
}

namespace {
int orderRank(const Value& v) {
  switch (v.type()) {
    case ValueType::Map: return 0;
    case ValueType::Node: return 1;
    case ValueType::Rel: return 2;
    case ValueType::List: return 3;
    case ValueType::Path: return 4;
    case ValueType::DateTime: return 5;
    case ValueType::LocalDateTime: return 6;
    case ValueType::Date: return 7;
    case ValueType::Time: return 8;
    case ValueType::LocalTime: return 9;
    case ValueType::Duration: return 10;
    case ValueType::String: return 11;
    case ValueType::Bool: return 12;
    case ValueType::Int:
    case ValueType::Float: return 13;
    case ValueType::Null: return 14;
  }
  return 15;
}
}  // namespace

int orderCompare(const Value& a, const Value& b) {
  int ra = orderRank(a), rb = orderRank(b);
  if (ra != rb) return ra < rb ? -1 : 1;
  switch (a.type()) {
    case ValueType::Null: return 0;
    case ValueType::Int:
    case ValueType::Float: {
      bool nx = a.isFloat() && std::isnan(a.asFloat()), ny = b.isFloat() && std::isnan(b.asFloat());
      if (nx || ny) return nx == ny ? 0 : (nx ? 1 : -1);  // NaN after every number
      return compareNumbers(a, b);
    }
    case ValueType::String: return cmp3(a.asString(), b.asString());
    case ValueType::Bool: return cmp3(a.asBool(), b.asBool());
    case ValueType::Node: return cmp3(a.asNode(), b.asNode());
    case ValueType::Rel: return cmp3(a.asRel(), b.asRel());
    case ValueType::List: {
      const auto& x = a.asList();
      const auto& y = b.asList();
      for (std::size_t i = 0; i < x.size() && i < y.size(); ++i)
        if (int c = orderCompare(x[i], y[i])) return c;
      return cmp3(x.size(), y.size());
    }
    case ValueType::Path: {
      const auto& x = a.asPath();
      const auto& y = b.asPath();
      if (int c = cmp3(x.nodes, y.nodes)) return c;
      return cmp3(x.rels, y.rels);
    }
    case ValueType::Map: {
      const auto& x = a.asMap();
      const auto& y = b.asMap();
      auto it = x.begin();
      auto jt = y.begin();
      for (; it != x.end() && jt != y.end(); ++it, ++jt) {
        if (int c = cmp3(it->first, jt->first)) return c;
        if (int c = orderCompare(it->second, jt->second)) return c;
      }
      return cmp3(x.size(), y.size());
    }
    case ValueType::Date:
    case ValueType::LocalTime:
    case ValueType::Time:
    case ValueType::LocalDateTime:
    case ValueType::DateTime:
    case ValueType::Duration: return compareTemporal(a, b);
  }
  return 0;
}

std::string temporalText(const Value& v) {
  switch (v.type()) {
    case ValueType::Date: return toString(v.asDate());
    case ValueType::LocalTime: return toString(v.asLocalTime());
    case ValueType::Time: return toString(v.asTime());
    case ValueType::LocalDateTime: return toString(v.asLocalDateTime());
    case ValueType::DateTime: return toString(v.asDateTime());
    case ValueType::Duration: return toString(v.asDuration());
    default: return {};
  }
}

std::optional<Value> parseTemporalValue(std::string_view type, std::string_view text) {
  std::string t;
  for (char c : type) t += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (t == "date") return Value(parseDate(text));
  if (t == "localtime") return Value(parseLocalTime(text));
  if (t == "time") return Value(parseTime(text));
  if (t == "localdatetime") return Value(parseLocalDateTime(text));
  if (t == "datetime") return Value(parseDateTime(text));
  if (t == "duration") return Value(parseDuration(text));
  return std::nullopt;
}

std::u32string decodeUtf8(std::string_view s) {
  std::u32string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    auto b = static_cast<unsigned char>(s[i]);
    std::size_t len = b < 0x80 ? 1 : (b >> 5) == 0x6 ? 2 : (b >> 4) == 0xE ? 3 : (b >> 3) == 0x1E ? 4 : 0;
    char32_t cp = len == 1 ? b : len == 2 ? (b & 0x1F) : len == 3 ? (b & 0x0F) : (b & 0x07);
    bool ok = len > 0 && i + len <= s.size();
    for (std::size_t k = 1; ok && k < len; ++k) {
      auto c = static_cast<unsigned char>(s[i + k]);
      ok = (c & 0xC0) == 0x80;
      cp = (cp << 6) | (c & 0x3F);
    }
    if (!ok) {
      out.push_back(b);  // a stray byte stands for itself
      ++i;
      continue;
    }
    out.push_back(cp);
    i += len;
  }
  return out;
}

std::string encodeUtf8(std::u32string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char32_t cp : s) {
    if (cp < 0x80) {
      out += static_cast<char>(cp);
    } else if (cp < 0x800) {
      out += static_cast<char>(0xC0 | (cp >> 6));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
      out += static_cast<char>(0xE0 | (cp >> 12));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
      out += static_cast<char>(0xF0 | (cp >> 18));
      out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    }
  }
  return out;
}

std::string formatFloat(double d) {
  if (std::isnan(d)) return "NaN";
  if (std::isinf(d)) return d > 0 ? "Infinity" : "-Infinity";
  char buf[64];
  auto res = std::to_chars(buf, buf + sizeof buf, d);
  std::string s(buf, res.ptr);
  if (s.find_first_of(".eE") == std::string::npos) s += ".0";
  return s;
}

}  // namespace kgq
