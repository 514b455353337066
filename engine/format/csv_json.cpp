#include <cmath>
#include <nlohmann/json.hpp>

#include "format/format.h"

namespace kgq {

namespace {

std::string csvCell(const std::string& s) {
  if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

using Json = nlohmann::ordered_json;

Json toJson(const Value& v, const Graph& g);

Json propsJson(const PropertyMap& props, const Graph& g) {
  std::vector<std::pair<std::string, const Value*>> named;
  for (const auto& [k, val] : props) named.emplace_back(g.keys().name(k), &val);
  std::sort(named.begin(), named.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  Json obj = Json::object();
  for (const auto& [k, val] : named) obj[k] = toJson(*val, g);
  return obj;
}

Json nodeJson(NodeId n, const Graph& g) {
  Json labels = Json::array();
  for (auto l : g.node(n).labels) labels.push_back(g.labels().name(l));
  return Json{{"_kind", "node"}, {"id", n}, {"labels", labels}, {"properties", propsJson(g.nodeProperties(n), g)}};
}

Json relJson(RelId r, const Graph& g) {
  return Json{{"_kind", "relationship"},
              {"id", r},
              {"type", g.types().name(g.rel(r).type)},
              {"start", g.relStart(r)},
              {"end", g.relEnd(r)},
              {"properties", propsJson(g.relProperties(r), g)}};
}

Json toJson(const Value& v, const Graph& g) {
  switch (v.type()) {
    case ValueType::Null: return nullptr;
    case ValueType::Bool: return v.asBool();
    case ValueType::Int: return v.asInt();
    case ValueType::Float: {
      double d = v.asFloat();
      if (!std::isfinite(d)) return formatFloat(d);  // JSON has no NaN or Infinity
      return d;
    }
    case ValueType::String: return v.asString();
    case ValueType::List: {
      Json arr = Json::array();
      for (const auto& e : v.asList()) arr.push_back(toJson(e, g));
      return arr;
    }
    case ValueType::Map: {
      Json obj = Json::object();
      for (const auto& [k, e] : v.asMap()) obj[k] = toJson(e, g);
      return obj;
    }
    case ValueType::Node: return nodeJson(v.asNode(), g);
    case ValueType::Rel: return relJson(v.asRel(), g);
    case ValueType::Path: {
      Json nodes = Json::array(), rels = Json::array();
      for (auto n : v.asPath().nodes) nodes.push_back(nodeJson(n, g));
      for (auto r : v.asPath().rels) rels.push_back(relJson(r, g));
      return Json{{"_kind", "path"}, {"nodes", nodes}, {"relationships", rels}};
    }
    case ValueType::Date:
    case ValueType::LocalTime:
    case ValueType::Time:
    case ValueType::LocalDateTime:
    case ValueType::DateTime:
    case ValueType::Duration: return temporalText(v);  // JSON has no dates: ISO 8601 text
  }
  return nullptr;
}

}  // namespace

void printCsv(const QueryResult& r, const Graph& g, std::ostream& out) {
  if (!r.plan.empty() && !r.profiled) {
    out << r.plan;
    return;
  }
  if (!r.hasReturn) return;
  for (std::size_t j = 0; j < r.columns.size(); ++j) out << (j ? "," : "") << csvCell(r.columns[j]);
  out << "\n";
  for (const auto& row : r.rows) {
    for (std::size_t j = 0; j < row.size(); ++j)
      out << (j ? "," : "") << (row[j].isNull() ? std::string() : csvCell(renderCell(row[j], g)));
    out << "\n";
  }
}

void printJson(const QueryResult& r, const Graph& g, std::ostream& out) {
  Json doc;
  if (r.profiled) doc["profile"] = r.plan;
  if (!r.plan.empty() && !r.profiled) {
    doc["plan"] = r.plan;
  } else {
    doc["columns"] = r.columns;
    Json rows = Json::array();
    for (const auto& row : r.rows) {
      Json line = Json::array();
      for (const auto& v : row) line.push_back(toJson(v, g));
      rows.push_back(std::move(line));
    }
    doc["rows"] = std::move(rows);
  }
  if (!r.notifications.empty()) {
    Json notes = Json::array();
    for (const auto& n : r.notifications) {
      Json one = {{"code", n.code()}, {"message", n.message}, {"line", n.pos.line}, {"column", n.pos.column}};
      if (!n.hint.empty()) one["hint"] = n.hint;
      notes.push_back(std::move(one));
    }
    doc["notifications"] = std::move(notes);
  }
  out << doc.dump(-1, ' ', false, Json::error_handler_t::replace) << "\n";
}

}  // namespace kgq
