#include "io/property_columns.h"

namespace kgq {

ColumnType columnTypeOf(const Value& v) {
  switch (v.type()) {
    case ValueType::Int: return ColumnType::Int;
    case ValueType::Float: return ColumnType::Float;
    case ValueType::Bool: return ColumnType::Bool;
    default: return ColumnType::String;
  }
}

const char* columnTypeName(ColumnType t) {
  switch (t) {
    case ColumnType::Int: return "int";
    case ColumnType::Float: return "double";
    case ColumnType::Bool: return "boolean";
    case ColumnType::String: return "string";
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
    default: return {};
  }
}

}  // namespace kgq
