#include "io/property_columns.h"

#include <nlohmann/json.hpp>

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

std::string listCellText(const std::vector<std::string>& elements, char delimiter) {
  bool plain = !elements.empty();
  std::string joined;
  for (std::size_t i = 0; i < elements.size(); ++i) {
    if (elements[i].empty() || elements[i].find(delimiter) != std::string::npos) plain = false;
    if (i) joined += delimiter;
    joined += elements[i];
  }
  std::vector<std::string> ignored;
  if (plain && !jsonListCell(joined, ignored)) return joined;
  return nlohmann::json(elements).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

bool jsonListCell(std::string_view text, std::vector<std::string>& out) {
  if (text.size() < 2 || text.front() != '[' || text.back() != ']') return false;
  auto doc = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (!doc.is_array()) return false;
  std::vector<std::string> elements;
  for (const auto& e : doc) {
    if (!e.is_string()) return false;
    elements.push_back(e.get<std::string>());
  }
  out = std::move(elements);
  return true;
}

}  // namespace kgq
