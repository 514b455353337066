#include "io/property_columns.h"

namespace kgq {

ColumnType columnTypeOf(const Value& v) {
  switch (v.type()) {
    case ValueType::Int: return ColumnType::Int;
    case ValueType::Float: return ColumnType::Float;
    case ValueType::Bool: return ColumnType::Bool;
    case ValueType::Date: return ColumnType::Date;
    case ValueType::LocalTime: return ColumnType::LocalTime;
    case ValueType::Time: return ColumnType::Time;
    case ValueType::LocalDateTime: return ColumnType::LocalDateTime;
    case ValueType::DateTime: return ColumnType::DateTime;
    case ValueType::Duration: return ColumnType::Duration;
    default: return ColumnType::String;
  }
}

const char* columnTypeName(ColumnType t) {
  switch (t) {
    case ColumnType::Int: return "int";
    case ColumnType::Float: return "double";
    case ColumnType::Bool: return "boolean";
    case ColumnType::String: return "string";
    case ColumnType::Date: return "date";
    case ColumnType::LocalTime: return "localtime";
    case ColumnType::Time: return "time";
    case ColumnType::LocalDateTime: return "localdatetime";
    case ColumnType::DateTime: return "datetime";
    case ColumnType::Duration: return "duration";
  }
  return "string";
}

std::string prefixedId(char prefix, std::uint64_t id) {
  std::string s(1, prefix);
  s += std::to_string(id);
  return s;
}

std::string cellText(const Value& v) {
  switch (v.type()) {
    case ValueType::Int: return std::to_string(v.asInt());
    case ValueType::Float: return formatFloat(v.asFloat());
    case ValueType::Bool: return v.asBool() ? "true" : "false";
    case ValueType::String: return v.asString();
    default: return temporalText(v);
  }
}

}  // namespace kgq
