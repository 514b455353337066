// JSON output (`--format json`, the server's /query): written as the result is walked. It must be
// the text nlohmann writes for the document a program reads: the document is built here the plain
// way, as the reference, and both are compared byte for byte.
#include <gtest/gtest.h>

#include <cmath>
#include <nlohmann/json.hpp>
#include <sstream>

#include "format/format.h"
#include "session/session.h"

namespace kgq {
namespace {

using Json = nlohmann::ordered_json;

Json reference(const Value& v, const Graph& g);

Json referenceProps(const PropertyMap& props, const Graph& g) {
  std::vector<std::pair<std::string, const Value*>> named;
  for (const auto& [k, val] : props) named.emplace_back(g.keys().name(k), &val);
  std::sort(named.begin(), named.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  Json obj = Json::object();
  for (const auto& [k, val] : named) obj[k] = reference(*val, g);
  return obj;
}

Json referenceNode(NodeId n, const Graph& g) {
  Json labels = Json::array();
  for (auto l : g.node(n).labels) labels.push_back(g.labels().name(l));
  return Json{{"_kind", "node"}, {"id", n}, {"labels", labels}, {"properties", referenceProps(g.nodeProperties(n), g)}};
}

Json referenceRel(RelId r, const Graph& g) {
  return Json{{"_kind", "relationship"}, {"id", r},           {"type", g.types().name(g.rel(r).type)},
              {"start", g.relStart(r)},  {"end", g.relEnd(r)}, {"properties", referenceProps(g.relProperties(r), g)}};
}

Json reference(const Value& v, const Graph& g) {
  switch (v.type()) {
    case ValueType::Null: return nullptr;
    case ValueType::Bool: return v.asBool();
    case ValueType::Int: return v.asInt();
    case ValueType::Float: return std::isfinite(v.asFloat()) ? Json(v.asFloat()) : Json(formatFloat(v.asFloat()));
    case ValueType::String: return v.asString();
    case ValueType::List: {
      Json arr = Json::array();
      for (const auto& e : v.asList()) arr.push_back(reference(e, g));
      return arr;
    }
    case ValueType::Map: {
      Json obj = Json::object();
      for (const auto& [k, e] : v.asMap()) obj[k] = reference(e, g);
      return obj;
    }
    case ValueType::Node: return referenceNode(v.asNode(), g);
    case ValueType::Rel: return referenceRel(v.asRel(), g);
    case ValueType::Path: {
      Json nodes = Json::array(), rels = Json::array();
      for (auto n : v.asPath().nodes) nodes.push_back(referenceNode(n, g));
      for (auto r : v.asPath().rels) rels.push_back(referenceRel(r, g));
      return Json{{"_kind", "path"}, {"nodes", nodes}, {"relationships", rels}};
    }
    default: return temporalText(v);
  }
}

std::string referenceDocument(const QueryResult& r, const Graph& g) {
  Json doc;
  if (r.profiled) doc["profile"] = r.plan;
  if (!r.plan.empty() && !r.profiled) {
    doc["plan"] = r.plan;
  } else {
    doc["columns"] = r.columns;
    Json rows = Json::array();
    for (const auto& row : r.rows) {
      Json line = Json::array();
      for (const auto& v : row) line.push_back(reference(v, g));
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
  return doc.dump(-1, ' ', false, Json::error_handler_t::replace) + "\n";
}

TEST(JsonOutput, IsTheTextOfTheDocumentItDescribes) {
  Session s;
  s.runOne("CREATE (a:P:Q {name: 'quote \" back \\\\ tab \\t nl \\n cr \\r bell \\u0007 del \\u007f é 漢 😀', "
           "x: 1.5, big: 1e300, tiny: 5e-324, neg: -0.0, n: -42, ok: true, when: date('2015-06-01'), "
           "list: [1, 2, 3]})"
           "-[:R {since: 1994, w: 0.1}]->(b:P {name: 'b', `odd \"key\"`: 'v'}), (c {})");
  for (const char* q : {
           "MATCH (n) RETURN n ORDER BY id(n)",
           "MATCH p = (a)-[r]->(b) RETURN p, r, a.name, b.`odd \"key\"`, r.w * 3",
           "RETURN {b: 1, a: [1, {c: null}, [3.25, 'two', null]], `\"`: 'x'} AS m, 0.0 / 0.0 AS nan, 1.0 / 0.0 AS inf, 1.0e15 AS f, "
           "123456789.125 AS g, -9223372036854775807 - 1 AS minInt, '' AS empty",
           "MATCH (n:P) WHERE n.nope = 1 RETURN n",  // a notification
           "EXPLAIN MATCH (n) RETURN n",
           "PROFILE MATCH (n:P) RETURN count(*) AS c",
           "MATCH (n:Nope) RETURN n",
       }) {
    QueryResult r = s.runOne(q);
    std::ostringstream out;
    printJson(r, s.graph(), out);
    EXPECT_EQ(out.str(), referenceDocument(r, s.graph())) << q;
    EXPECT_TRUE(Json::accept(out.str())) << q;
  }
}

TEST(JsonOutput, InvalidUtf8IsReplacedAsTheDocumentWouldBe) {
  Session s;
  QueryResult r;
  r.columns = {"s"};
  r.hasReturn = true;
  r.rows = {{Value(std::string("ok \xff then \xc3 and \xe2\x82 end"))}, {Value(std::string("\"\x01\""))}};
  std::ostringstream out;
  printJson(r, s.graph(), out);
  EXPECT_EQ(out.str(), referenceDocument(r, s.graph()));
  EXPECT_NE(out.str().find("\\u0001"), std::string::npos);
}

}  // namespace
}  // namespace kgq
