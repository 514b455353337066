#include "procedures/registry.h"

#include <algorithm>
#include <array>
#include <map>
#include <optional>
#include <tuple>

#include "common/errors.h"
#include "common/strings.h"

namespace kgq {

namespace {

ProcedureRows namesOf(const StringInterner& names, auto countOf) {
  ProcedureRows rows;
  for (std::uint32_t id = 0; id < names.size(); ++id)
    if (countOf(id) > 0) rows.push_back({Value(names.name(id))});
  std::sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) { return a[0].asString() < b[0].asString(); });
  return rows;
}

ProcedureRows labels(std::vector<Value>&, FunctionContext& ctx) {
  const Graph& g = ctx.readGraph();
  return namesOf(g.labels(), [&](std::uint32_t l) { return g.nodesWithLabel(l).size(); });
}

ProcedureRows relationshipTypes(std::vector<Value>&, FunctionContext& ctx) {
  const Graph& g = ctx.readGraph();
  return namesOf(g.types(), [&](std::uint32_t t) { return g.relsWithType(t).size(); });
}

ProcedureRows propertyKeys(std::vector<Value>&, FunctionContext& ctx) {
  const Graph& g = ctx.readGraph();
  return namesOf(g.keys(), [&](std::uint32_t k) { return g.nodeKeyCount(k) + g.relKeyCount(k); });
}

// Neo4j answers with virtual nodes and relationships; kgq's values only refer to elements of the
// graph, so each label is a map {name, count} and each shape a map {start, type, end, count}.
ProcedureRows schemaVisualization(std::vector<Value>&, FunctionContext& ctx) {
  const Graph& g = ctx.readGraph();
  ValueList nodes, rels;
  for (std::uint32_t l = 0; l < g.labels().size(); ++l)
    if (auto n = g.nodesWithLabel(l).size())
      nodes.emplace_back(ValueMap{{"name", Value(g.labels().name(l))}, {"count", Value(static_cast<std::int64_t>(n))}});
  for (const auto& p : schemaPatterns(g))
    rels.emplace_back(ValueMap{{"start", p.from.empty() ? Value() : Value(p.from)},
                               {"type", Value(p.type)},
                               {"end", p.to.empty() ? Value() : Value(p.to)},
                               {"count", Value(static_cast<std::int64_t>(p.count))}});
  return {{Value(std::move(nodes)), Value(std::move(rels))}};
}

ProcedureRows procedures(std::vector<Value>&, FunctionContext&);

// APOC's spelling of the types and directions to follow: "KNOWS>|<LIKES", "" for any type either way,
// ">" for any type outgoing. kgq's search takes one direction for all its types.
std::pair<AdjDirection, std::vector<std::string>> typesAndDirection(const std::string& spec) {
  std::vector<std::string> types;
  std::optional<AdjDirection> dir;
  std::size_t begin = 0;
  while (begin <= spec.size()) {
    std::size_t bar = spec.find('|', begin);
    std::string item = spec.substr(begin, bar == std::string::npos ? std::string::npos : bar - begin);
    begin = bar == std::string::npos ? spec.size() + 1 : bar + 1;
    AdjDirection d = AdjDirection::Both;
    if (!item.empty() && item.front() == '<') d = AdjDirection::In, item.erase(0, 1);
    else if (!item.empty() && item.back() == '>') d = AdjDirection::Out, item.pop_back();
    if (dir && *dir != d)
      throw RuntimeError("apoc.algo.dijkstra: '" + spec + "' mixes directions", {},
                         "give every type the same direction (T1>|T2>, <T1|<T2 or T1|T2 for either way)");
    dir = d;
    if (!item.empty()) types.push_back(item);
  }
  return {dir.value_or(AdjDirection::Both), std::move(types)};
}

ProcedureRows dijkstra(std::vector<Value>& args, FunctionContext& ctx) {
  if (args[0].isNull() || args[1].isNull()) return {};
  for (int i : {0, 1})
    if (!args[i].isNode())
      throw RuntimeError(std::string("apoc.algo.dijkstra expects a NODE as its ") + (i ? "end" : "start") +
                         ", got " + std::string(typeName(args[i].type())));
  for (int i : {2, 3})
    if (!args[i].isString())
      throw RuntimeError(std::string("apoc.algo.dijkstra expects a STRING as its ") +
                         (i == 2 ? "relationship types" : "weight property") + ", got " +
                         std::string(typeName(args[i].type())));
  auto [dir, types] = typesAndDirection(args[2].asString());
  auto found = ctx.cheapestPath(args[0].asNode(), args[1].asNode(), dir, types, args[3].asString());
  if (!found) return {};
  return {{Value(std::move(found->path)), Value(found->cost)}};
}

ProcedureRows functions(std::vector<Value>&, FunctionContext&) {
  ProcedureRows rows;
  for (const auto& f : functionRegistry())
    rows.push_back({Value(f.name), Value(f.signatureText()), Value(f.description), Value(categoryTitle(f.category)),
                    Value(f.aggregate)});
  return rows;
}

ProcedureRows components(std::vector<Value>&, FunctionContext&) {
  return {{Value("kgq"), Value(ValueList{Value(KGQ_VERSION)}), Value("community")}};
}

constexpr std::array<std::string_view, 1> kLabel{"label"};
constexpr std::array<std::string_view, 1> kType{"relationshipType"};
constexpr std::array<std::string_view, 1> kKey{"propertyKey"};
constexpr std::array<std::string_view, 2> kSchema{"nodes", "relationships"};
constexpr std::array<std::string_view, 4> kProcedure{"name", "signature", "description", "mode"};
constexpr std::array<std::string_view, 5> kFunction{"name", "signature", "description", "category", "aggregating"};
constexpr std::array<std::string_view, 3> kComponent{"name", "versions", "edition"};
constexpr std::array<std::string_view, 2> kWeightedPath{"path", "weight"};

const std::array kProcedures = {
    ProcedureEntry{"db.labels", 0, 0, "db.labels() :: (label :: STRING)", "the labels that some node has", kLabel,
                   labels},
    ProcedureEntry{"db.relationshipTypes", 0, 0, "db.relationshipTypes() :: (relationshipType :: STRING)",
                   "the relationship types that some relationship has", kType, relationshipTypes},
    ProcedureEntry{"db.propertyKeys", 0, 0, "db.propertyKeys() :: (propertyKey :: STRING)",
                   "the property keys that some node or relationship has", kKey, propertyKeys},
    ProcedureEntry{"db.schema.visualization", 0, 0,
                   "db.schema.visualization() :: (nodes :: LIST<MAP>, relationships :: LIST<MAP>)",
                   "the labels with their node counts, and the (start)-[type]->(end) label shapes of the "
                   "relationships with their counts",
                   kSchema, schemaVisualization},
    ProcedureEntry{"dbms.procedures", 0, 0,
                   "dbms.procedures() :: (name :: STRING, signature :: STRING, description :: STRING, mode :: STRING)",
                   "the procedures kgq offers", kProcedure, procedures},
    ProcedureEntry{"dbms.functions", 0, 0,
                   "dbms.functions() :: (name :: STRING, signature :: STRING, description :: STRING, category :: "
                   "STRING, aggregating :: BOOLEAN)",
                   "the functions kgq offers", kFunction, functions},
    ProcedureEntry{"dbms.components", 0, 0,
                   "dbms.components() :: (name :: STRING, versions :: LIST<STRING>, edition :: STRING)",
                   "the name and version of this engine", kComponent, components},
    ProcedureEntry{"apoc.algo.dijkstra", 4, 4,
                   "apoc.algo.dijkstra(startNode :: NODE, endNode :: NODE, relTypesAndDirections :: STRING, "
                   "weightPropertyName :: STRING) :: (path :: PATH, weight :: FLOAT)",
                   "the cheapest path between two nodes by a non-negative relationship property (Dijkstra), "
                   "as APOC offers it; no row when none exists",
                   kWeightedPath, dijkstra},
};

ProcedureRows procedures(std::vector<Value>&, FunctionContext&) {
  ProcedureRows rows;
  for (const auto& p : kProcedures)
    rows.push_back({Value(p.name), Value(p.signature), Value(p.description), Value("READ")});
  return rows;
}

}  // namespace

int ProcedureEntry::fieldIndex(std::string_view field) const {
  auto it = std::find(fields.begin(), fields.end(), field);
  return it == fields.end() ? -1 : static_cast<int>(it - fields.begin());
}

std::span<const ProcedureEntry> procedureRegistry() { return kProcedures; }

const ProcedureEntry* findProcedure(std::string_view name) {
  std::string key = toLowerAscii(name);
  for (const auto& p : kProcedures)
    if (toLowerAscii(p.name) == key) return &p;
  return nullptr;
}

const ProcedureEntry* suggestProcedure(std::string_view name) {
  std::vector<std::string_view> names;
  for (const auto& p : kProcedures) names.push_back(p.name);
  auto best = rankSuggestions(name, names, 1);
  return best.empty() ? nullptr : &kProcedures[best[0]];
}

std::vector<SchemaPattern> schemaPatterns(const Graph& g) {
  std::map<std::tuple<std::string, std::string, std::string>, std::size_t> counts;
  auto labelsOf = [&](NodeId n) {
    std::vector<std::string> out;
    for (auto l : g.node(n).labels) out.push_back(g.labels().name(l));
    if (out.empty()) out.emplace_back();
    return out;
  };
  for (RelId r = 0; r < g.relCount(); ++r) {
    if (!g.relAlive(r)) continue;
    const RelData& rel = g.rel(r);
    const std::string& type = g.types().name(rel.type);
    for (const auto& from : labelsOf(rel.start))
      for (const auto& to : labelsOf(rel.end)) ++counts[{from, type, to}];
  }
  std::vector<SchemaPattern> out;
  for (const auto& [k, n] : counts) out.push_back({std::get<0>(k), std::get<1>(k), std::get<2>(k), n});
  return out;
}

}  // namespace kgq
