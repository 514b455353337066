// neo4j-admin CSV export: DIR/nodes.csv and DIR/edges.csv with typed headers,
// and the graph's meta as DIR/kgq-meta.json.
#include <set>
#include <sstream>

#include "io/atomic_file.h"
#include "io/export.h"
#include "io/graph_meta_file.h"
#include "io/property_columns.h"

namespace kgq {

namespace {

std::string csvQuote(const std::string& s) {
  if (s.empty()) return "\"\"";  // an unquoted empty cell would mean "no property"
  if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

std::string headerFor(const PropertyColumn& c) {
  return c.name + ":" + columnTypeName(c.type) + (c.isList ? "[]" : "");
}

std::string cellFor(const PropertyColumn& c, const Value& v) {
  if (v.isNull()) return {};
  if (v.isList()) {
    std::vector<std::string> elements;
    for (const auto& e : v.asList()) elements.push_back(cellText(e));
    return csvQuote(listCellText(elements, ';'));
  }
  if (c.isList) return csvQuote(cellText(v));  // a scalar in a list column: a one-element list
  return csvQuote(cellText(v));
}

// The id column: the `id` property when every exported node has a unique string
// one (so the export reloads identically), else generated ids not stored.
bool useIdProperty(const Graph& g, const Subgraph& s) {
  std::set<std::string> ids;
  for (NodeId n : s.nodes) {
    Value v = g.nodeValue(n, "id");
    if (!v.isString() || v.asString().empty() || !ids.insert(v.asString()).second) return false;
  }
  return true;
}

}  // namespace

void writeCsvDirectory(const Graph& g, const Subgraph& s, const std::filesystem::path& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) throw ExportError("cannot create directory '" + dir.string() + "': " + ec.message());
  bool idProp = useIdProperty(g, s);
  auto idOf = [&](NodeId n) { return idProp ? g.nodeValue(n, "id").asString() : prefixedId('n', n); };
  auto nodeCols = propertyColumns(g, s.nodes.size(), [&](std::size_t i) { return g.nodeProperties(s.nodes[i]); });
  if (idProp)
    std::erase_if(nodeCols, [](const PropertyColumn& c) { return c.name == "id"; });

  std::ostringstream nodes;
  nodes << (idProp ? "id:ID" : ":ID") << ",:LABEL";
  for (const auto& c : nodeCols) nodes << "," << csvQuote(headerFor(c));
  nodes << "\n";
  for (NodeId n : s.nodes) {
    std::vector<std::string> labels;
    for (auto l : g.node(n).labels) labels.push_back(g.labels().name(l));
    nodes << csvQuote(idOf(n)) << "," << (labels.empty() ? std::string() : csvQuote(listCellText(labels, ';')));
    for (const auto& c : nodeCols) nodes << "," << cellFor(c, g.nodeValue(n, c.key));
    nodes << "\n";
  }

  auto relCols = propertyColumns(g, s.rels.size(), [&](std::size_t i) { return g.relProperties(s.rels[i]); });
  std::ostringstream edges;
  edges << ":START_ID,:END_ID,:TYPE";
  for (const auto& c : relCols) edges << "," << csvQuote(headerFor(c));
  edges << "\n";
  for (RelId r : s.rels) {
    edges << csvQuote(idOf(g.relStart(r))) << "," << csvQuote(idOf(g.relEnd(r))) << ","
          << csvQuote(g.types().name(g.rel(r).type));
    for (const auto& c : relCols) edges << "," << cellFor(c, g.relValue(r, c.key));
    edges << "\n";
  }
  // The three files are one export: none replaces its old file until all are written.
  writeFilesAtomically(
      {{dir / "nodes.csv", nodes.str()}, {dir / "edges.csv", edges.str()}, {dir / kGraphMetaFile, graphMetaJson(g.meta())}});
}

}  // namespace kgq
