// Value: the one dynamically typed value of kgq, used both for stored properties
// (null, bool, int, float, string, list) and for query results (additionally map,
// node, relationship and path).
//
// Values are cheap to move and deep-copied on copy. Comparison follows openCypher:
// `compareForOrder` gives the total order used by ORDER BY, `equals` gives
// three-valued equality (`std::nullopt` stands for null).
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "common/temporal.h"

namespace kgq {

using NodeId = std::uint32_t;
using RelId = std::uint32_t;

struct NodeRef {
  NodeId id;
  bool operator==(const NodeRef&) const = default;
};
struct RelRef {
  RelId id;
  bool operator==(const RelRef&) const = default;
};
// A path alternates nodes and relationships: nodes.size() == rels.size() + 1.
struct PathValue {
  std::vector<NodeId> nodes;
  std::vector<RelId> rels;
  bool operator==(const PathValue&) const = default;
};

class Value;
using ValueList = std::vector<Value>;
using ValueMap = std::map<std::string, Value, std::less<>>;

enum class ValueType : std::uint8_t {
  Null, Bool, Int, Float, String, List, Map, Node, Rel, Path,
  Date, LocalTime, Time, LocalDateTime, DateTime, Duration
};

std::string_view typeName(ValueType t);

class Value {
 public:
  Value() = default;
  Value(std::nullptr_t) {}
  Value(bool b) : v_(b) {}
  Value(int v) : v_(static_cast<std::int64_t>(v)) {}
  Value(std::int64_t v) : v_(v) {}
  Value(double d) : v_(d) {}
  Value(std::string s) : v_(std::move(s)) {}
  Value(std::string_view s) : v_(std::string(s)) {}
  Value(const char* s) : v_(std::string(s)) {}
  Value(ValueList l) : v_(std::make_unique<ValueList>(std::move(l))) {}
  Value(ValueMap m) : v_(std::make_unique<ValueMap>(std::move(m))) {}
  Value(NodeRef n) : v_(n) {}
  Value(RelRef r) : v_(r) {}
  Value(PathValue p) : v_(std::make_unique<PathValue>(std::move(p))) {}
  Value(DateValue t) : v_(t) {}
  Value(LocalTimeValue t) : v_(t) {}
  Value(TimeValue t) : v_(t) {}
  Value(LocalDateTimeValue t) : v_(t) {}
  Value(DateTimeValue t) : v_(t) {}
  Value(DurationValue t) : v_(t) {}

  Value(const Value& o);
  Value& operator=(const Value& o);
  Value(Value&&) noexcept = default;
  Value& operator=(Value&&) noexcept = default;
  ~Value() = default;

  ValueType type() const { return static_cast<ValueType>(v_.index()); }
  bool isNull() const { return v_.index() == 0; }
  bool isBool() const { return type() == ValueType::Bool; }
  bool isInt() const { return type() == ValueType::Int; }
  bool isFloat() const { return type() == ValueType::Float; }
  bool isNumber() const { return isInt() || isFloat(); }
  bool isString() const { return type() == ValueType::String; }
  bool isList() const { return type() == ValueType::List; }
  bool isMap() const { return type() == ValueType::Map; }
  bool isNode() const { return type() == ValueType::Node; }
  bool isRel() const { return type() == ValueType::Rel; }
  bool isPath() const { return type() == ValueType::Path; }
  // date, localtime, time, localdatetime, datetime (not duration)
  bool isTemporal() const { return type() >= ValueType::Date && type() <= ValueType::DateTime; }
  bool isDuration() const { return type() == ValueType::Duration; }

  bool asBool() const { return std::get<bool>(v_); }
  std::int64_t asInt() const { return std::get<std::int64_t>(v_); }
  double asFloat() const { return std::get<double>(v_); }
  // Int or Float as double.
  double asNumber() const { return isInt() ? static_cast<double>(asInt()) : asFloat(); }
  const std::string& asString() const { return std::get<std::string>(v_); }
  const ValueList& asList() const { return *std::get<ListPtr>(v_); }
  ValueList& asList() { return *std::get<ListPtr>(v_); }
  const ValueMap& asMap() const { return *std::get<MapPtr>(v_); }
  ValueMap& asMap() { return *std::get<MapPtr>(v_); }
  NodeId asNode() const { return std::get<NodeRef>(v_).id; }
  RelId asRel() const { return std::get<RelRef>(v_).id; }
  const PathValue& asPath() const { return *std::get<PathPtr>(v_); }
  const DateValue& asDate() const { return std::get<DateValue>(v_); }
  const LocalTimeValue& asLocalTime() const { return std::get<LocalTimeValue>(v_); }
  const TimeValue& asTime() const { return std::get<TimeValue>(v_); }
  const LocalDateTimeValue& asLocalDateTime() const { return std::get<LocalDateTimeValue>(v_); }
  const DateTimeValue& asDateTime() const { return std::get<DateTimeValue>(v_); }
  const DurationValue& asDuration() const { return std::get<DurationValue>(v_); }

  // Structural equality where null == null; used for grouping, DISTINCT and tests.
  bool operator==(const Value& o) const;
  std::size_t hash() const;

 private:
  using ListPtr = std::unique_ptr<ValueList>;
  using MapPtr = std::unique_ptr<ValueMap>;
  using PathPtr = std::unique_ptr<PathValue>;
  std::variant<std::monostate, bool, std::int64_t, double, std::string, ListPtr, MapPtr, NodeRef, RelRef,
               PathPtr, DateValue, LocalTimeValue, TimeValue, LocalDateTimeValue, DateTimeValue, DurationValue>
      v_;
};

struct ValueHash {
  std::size_t operator()(const Value& v) const { return v.hash(); }
};

// openCypher equality: nullopt when the answer is null (either side null, or a
// list comparison that meets a null before deciding).
std::optional<bool> cypherEquals(const Value& a, const Value& b);

// openCypher ordering comparison for <, <=, >, >=: nullopt when incomparable
// (different types, or null involved).
std::optional<int> cypherCompare(const Value& a, const Value& b);

// Total order used by ORDER BY: maps < nodes < rels < lists < paths < datetimes <
// local datetimes < dates < times < local times < durations < strings < bools <
// numbers < null (ascending, as Neo4j), numbers compared numerically.
int orderCompare(const Value& a, const Value& b);

// Shortest decimal text that reads back to the same double, always with a '.'
// or exponent ("1.0", "0.1", "1e+300", "NaN", "Infinity").
std::string formatFloat(double d);

// ISO 8601 text of a temporal value or duration ("2015-07-21", "P1Y2M"); empty for other values.
std::string temporalText(const Value& v);
// A neo4j-admin CSV cell or GraphML attribute of type `type` ("date", "localtime", "time",
// "localdatetime", "datetime", "duration", any case); nullopt when the type is not temporal.
// Throws TemporalError on bad text.
std::optional<Value> parseTemporalValue(std::string_view type, std::string_view text);

// String values hold UTF-8; Cypher string semantics (size, substring, case
// mapping, regex) work on code points. A malformed byte decodes on its own as
// U+0080..U+00FF instead of failing.
std::u32string decodeUtf8(std::string_view s);
std::string encodeUtf8(std::u32string_view s);

}  // namespace kgq
