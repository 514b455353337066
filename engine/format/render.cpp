#include <algorithm>

#include "format/format.h"

namespace kgq {

namespace {

// Cypher's own literal notation. A text with an apostrophe and no double quote is written in double
// quotes, so `each other's` reads as typed rather than as `each other\'s`.
std::string quote(const std::string& s) {
  const char q = s.find('\'') != std::string::npos && s.find('"') == std::string::npos ? '"' : '\'';
  std::string out(1, q);
  for (char c : s) {
    switch (c) {
      case '\'':
      case '"':
        if (c == q) out += '\\';
        out += c;
        break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      case '\r': out += "\\r"; break;
      default: out += c;
    }
  }
  return out + q;
}

bool plainKey(const std::string& k) {
  if (k.empty() || std::isdigit(static_cast<unsigned char>(k[0]))) return false;
  return std::all_of(k.begin(), k.end(), [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; });
}

std::string key(const std::string& k) { return plainKey(k) ? k : "`" + k + "`"; }

template <typename Props>
std::string renderProps(const Props& entries, const Graph& g) {
  if (entries.empty()) return {};
  std::string s = " {";
  bool first = true;
  for (const auto& [k, v] : entries) {
    s += (first ? "" : ", ") + key(k) + ": " + renderValue(v, g);
    first = false;
  }
  return s + "}";
}

// The display key (name) first, as that is what a reader looks for and what a narrow column keeps;
// the rest sorted by key name, for stable output.
std::vector<std::pair<std::string, Value>> namedProps(PropertyMap props, const Graph& g) {
  std::vector<std::pair<std::string, Value>> out;
  for (auto& [k, v] : props) out.emplace_back(g.keys().name(k), std::move(v));
  const std::string& display = g.meta().displayKey;
  std::sort(out.begin(), out.end(), [&](const auto& a, const auto& b) {
    bool da = a.first == display, db = b.first == display;
    return da != db ? da : a.first < b.first;
  });
  return out;
}

std::string renderNode(NodeId n, const Graph& g) {
  std::string s = "(";
  for (auto l : g.node(n).labels) {
    s += ':';  // appended in two steps: `":" + key(...)` trips GCC 12's false -Wrestrict at -O3
    s += key(g.labels().name(l));
  }
  std::string props = renderProps(namedProps(g.nodeProperties(n), g), g);
  if (s.size() == 1 && !props.empty()) props.erase(0, 1);
  return s + props + ")";
}

std::string renderRel(RelId r, const Graph& g) {
  return "[:" + key(g.types().name(g.rel(r).type)) + renderProps(namedProps(g.relProperties(r), g), g) + "]";
}

std::string renderPath(const PathValue& p, const Graph& g) {
  std::string s = renderNode(p.nodes[0], g);
  for (std::size_t i = 0; i < p.rels.size(); ++i) {
    bool forward = g.relStart(p.rels[i]) == p.nodes[i];
    s += (forward ? "-" : "<-") + renderRel(p.rels[i], g) + (forward ? "->" : "-") + renderNode(p.nodes[i + 1], g);
  }
  return s;
}

}  // namespace

std::string renderValue(const Value& v, const Graph& g) {
  switch (v.type()) {
    case ValueType::Null: return "null";
    case ValueType::Bool: return v.asBool() ? "true" : "false";
    case ValueType::Int: return std::to_string(v.asInt());
    case ValueType::Float: return formatFloat(v.asFloat());
    case ValueType::String: return quote(v.asString());
    case ValueType::List: {
      std::string s = "[";
      for (std::size_t i = 0; i < v.asList().size(); ++i) s += (i ? ", " : "") + renderValue(v.asList()[i], g);
      return s + "]";
    }
    case ValueType::Map: {
      std::string s = renderProps(v.asMap(), g);
      return s.empty() ? "{}" : s.substr(1);
    }
    case ValueType::Node: return renderNode(v.asNode(), g);
    case ValueType::Rel: return renderRel(v.asRel(), g);
    case ValueType::Path: return renderPath(v.asPath(), g);
    case ValueType::Date:
    case ValueType::LocalTime:
    case ValueType::Time:
    case ValueType::LocalDateTime:
    case ValueType::DateTime:
    case ValueType::Duration: return temporalText(v);  // bare ISO 8601, as cypher-shell prints them
  }
  return "?";
}

std::string renderCell(const Value& v, const Graph& g) { return v.isString() ? v.asString() : renderValue(v, g); }

std::string describeUpdates(const UpdateStats& s) {
  std::string out;
  auto add = [&](std::uint64_t n, const char* one, const char* many) {
    if (!n) return;
    out += (out.empty() ? "" : ", ") + std::to_string(n) + " " + (n == 1 ? one : many);
  };
  add(s.nodesCreated, "node created", "nodes created");
  add(s.relsCreated, "relationship created", "relationships created");
  add(s.propertiesSet, "property set", "properties set");
  add(s.labelsAdded, "label added", "labels added");
  add(s.labelsRemoved, "label removed", "labels removed");
  add(s.nodesDeleted, "node deleted", "nodes deleted");
  add(s.relsDeleted, "relationship deleted", "relationships deleted");
  return out;
}

std::optional<OutputFormat> parseOutputFormat(std::string_view name) {
  if (name == "table") return OutputFormat::Table;
  if (name == "csv") return OutputFormat::Csv;
  if (name == "json") return OutputFormat::Json;
  return std::nullopt;
}

void printResult(const QueryResult& r, const Graph& g, OutputFormat f, std::ostream& out) {
  switch (f) {
    case OutputFormat::Table: printTable(r, g, out); break;
    case OutputFormat::Csv: printCsv(r, g, out); break;
    case OutputFormat::Json: printJson(r, g, out); break;
  }
}

}  // namespace kgq
