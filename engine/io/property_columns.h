// The columns of an export: one per property key, with the one type that all of
// that key's values share (neo4j-admin and GraphML both type whole columns).
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "graph/graph.h"

namespace kgq {

// The temporal ones are written as ISO 8601 text.
enum class ColumnType { Int, Float, Bool, String, Date, LocalTime, Time, LocalDateTime, DateTime, Duration };
inline bool isTemporalColumn(ColumnType t) { return t >= ColumnType::Date; }

struct PropertyColumn {
  KeyId key;
  std::string name;
  ColumnType type = ColumnType::String;
  bool isList = false;
  bool mixed = false;  // values of several types: written as strings
};

// Columns for the properties of `elements`; `props(i)` gives the i-th element's map.
template <typename PropsOf>
std::vector<PropertyColumn> propertyColumns(const Graph& g, std::size_t count, PropsOf props);

ColumnType columnTypeOf(const Value& v);
const char* columnTypeName(ColumnType t);  // int, double, boolean, string, date, ..., duration

// A scalar as text for a typed cell ("1", "2.5", "true", "text", "2015-07-21").
std::string cellText(const Value& v);

// A list cell (and the :LABEL cell) as neo4j-admin writes it, `a;b;c`, unless that would lose
// something: an empty list, an empty element, an element holding the delimiter, or text that
// would read back as the other form. Those are written as a JSON array of the element texts,
// `["a;b","",""]`, which no neo4j-admin cell of these columns is.
std::string listCellText(const std::vector<std::string>& elements, char delimiter);
// The elements of a cell written as a JSON array of strings; false (and `out` untouched) for any
// other text, which is then split at the delimiter.
bool jsonListCell(std::string_view text, std::vector<std::string>& out);

// "n12": an element id with a one-letter prefix. (Written without operator+ on
// purpose: GCC 12 warns falsely about `"n" + std::to_string(x)` at -O2.)
std::string prefixedId(char prefix, std::uint64_t id);

// ---- implementation of the template ----
template <typename PropsOf>
std::vector<PropertyColumn> propertyColumns(const Graph& g, std::size_t count, PropsOf props) {
  std::map<KeyId, PropertyColumn> cols;
  for (std::size_t i = 0; i < count; ++i) {
    for (const auto& [key, v] : props(i)) {
      bool isList = v.isList();
      ColumnType t = ColumnType::String;
      bool mixedHere = false;
      if (isList) {
        const auto& l = v.asList();
        if (!l.empty()) t = columnTypeOf(l[0]);
        for (const auto& e : l)
          if (columnTypeOf(e) != t) mixedHere = true;
      } else {
        t = columnTypeOf(v);
      }
      auto [it, fresh] = cols.try_emplace(key, PropertyColumn{key, g.keys().name(key), t, isList, mixedHere});
      auto& c = it->second;
      if (!fresh && (c.type != t || c.isList != isList)) c.mixed = true;
      if (mixedHere) c.mixed = true;
    }
  }
  std::vector<PropertyColumn> out;
  for (auto& [k, c] : cols) {
    if (c.mixed) c.type = ColumnType::String;
    out.push_back(c);
  }
  return out;
}

}  // namespace kgq
