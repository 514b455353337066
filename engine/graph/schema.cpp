#include "graph/schema.h"

#include <algorithm>
#include <stdexcept>

#include "common/errors.h"
#include "graph/graph.h"

namespace kgq {

namespace {
// A property value as a Cypher literal, for messages ('text', 12, 1.5, [1, 2]).
std::string literal(const Value& v) {
  switch (v.type()) {
    case ValueType::String: {
      std::string s = "'";
      for (char c : v.asString()) {
        if (c == '\'' || c == '\\') s += '\\';
        s += c;
      }
      return s + "'";
    }
    case ValueType::Int: return std::to_string(v.asInt());
    case ValueType::Float: return formatFloat(v.asFloat());
    case ValueType::Bool: return v.asBool() ? "true" : "false";
    case ValueType::List: {
      std::string s = "[";
      for (const auto& e : v.asList()) s += (s.size() > 1 ? ", " : "") + literal(e);
      return s + "]";
    }
    default: return "null";
  }
}

// "node 3 ('Alice')", the name only when the node has one (displayName's fallback repeats the id).
std::string nodeText(const Graph& g, NodeId n) {
  std::string s = "node " + std::to_string(n);
  if (g.nameKey() != Graph::kNoKey && g.hasNodeProperty(n, g.nameKey())) s += " ('" + displayName(g, n) + "')";
  return s;
}

std::string keyList(const SchemaDef& d, const char* var) {
  std::string s;
  for (const auto& k : d.keys) s += (s.empty() ? "" : ", ") + std::string(var) + "." + k;
  return d.keys.size() > 1 ? "(" + s + ")" : s;
}

// Why node n (alive, with the label) breaks `d`; nullopt when it does not.
struct Violation {
  std::string message, hint;
};
std::optional<Violation> violation(const Graph& g, const SchemaDef& d, NodeId n, LabelId label,
                                   const std::vector<std::optional<KeyId>>& keys) {
  std::string where = "(constraint " + d.name + " on :" + d.label + ")";
  bool all = true;
  for (std::size_t i = 0; i < keys.size(); ++i) {
    if (keys[i] && g.hasNodeProperty(n, *keys[i])) continue;
    all = false;
    if (d.kind != SchemaDef::Kind::Unique)
      return Violation{nodeText(g, n) + " has label " + d.label + " but no property " + d.keys[i] + " " + where,
                       "set " + d.keys[i] + " on every " + d.label + " node, or drop the constraint with DROP CONSTRAINT " + d.name};
  }
  if (!all || d.kind == SchemaDef::Kind::NotNull) return std::nullopt;  // uniqueness ignores a node lacking a key
  Value first = g.nodeValue(n, *keys[0]);
  for (NodeId other : g.nodesWithProperty(*keys[0], first)) {
    if (other == n || !g.hasLabel(other, label)) continue;
    bool same = true;
    for (std::size_t i = 1; i < keys.size() && same; ++i) same = g.nodePropertyIs(other, *keys[i], g.nodeValue(n, *keys[i]));
    if (!same) continue;
    NodeId existing = std::min(n, other), dup = std::max(n, other);
    std::string values;
    for (std::size_t i = 0; i < keys.size(); ++i)
      values += (i ? ", " : "") + d.keys[i] + " = " + literal(g.nodeValue(n, *keys[i]));
    return Violation{nodeText(g, dup) + " has label " + d.label + " and " + values + ", but " + nodeText(g, existing) +
                         " already has them " + where,
                     "MERGE finds the existing node instead of creating another; or give this one another " +
                         (keys.size() > 1 ? std::string("key") : d.keys[0])};
  }
  return std::nullopt;
}

struct Resolved {
  const SchemaDef* def;
  LabelId label;
  std::vector<std::optional<KeyId>> keys;
};

// The constraints whose label the graph has (no node can break the others).
std::vector<Resolved> resolvedConstraints(const Graph& g) {
  std::vector<Resolved> out;
  for (const auto& d : g.schema().defs()) {
    if (d.isIndex()) continue;
    auto label = g.labels().find(d.label);
    if (!label) continue;
    Resolved r{&d, *label, {}};
    for (const auto& k : d.keys) r.keys.push_back(g.keys().find(k));
    out.push_back(std::move(r));
  }
  return out;
}
}  // namespace

const char* SchemaDef::typeName() const {
  switch (kind) {
    case Kind::RangeIndex: return "RANGE";
    case Kind::TextIndex: return "TEXT";
    case Kind::Unique: return "UNIQUENESS";
    case Kind::NotNull: return "NODE_PROPERTY_EXISTENCE";
    case Kind::NodeKey: return "NODE_KEY";
  }
  return "";
}

std::string SchemaDef::createStatement() const {
  if (isIndex())
    return std::string("CREATE ") + typeName() + " INDEX " + name + " FOR (n:" + label + ") ON (" + [&] {
      std::string s;
      for (const auto& k : keys) s += (s.empty() ? "n." : ", n.") + k;
      return s;
    }() + ")";
  const char* what = kind == Kind::Unique ? " IS UNIQUE" : kind == Kind::NotNull ? " IS NOT NULL" : " IS NODE KEY";
  return "CREATE CONSTRAINT " + name + " FOR (n:" + label + ") REQUIRE " + keyList(*this, "n") + what;
}

Value SchemaDef::toValue() const {
  ValueList ks;
  for (const auto& k : keys) ks.emplace_back(k);
  return Value(ValueList{Value(static_cast<std::int64_t>(kind)), Value(name), Value(label), Value(std::move(ks))});
}

SchemaDef SchemaDef::fromValue(const Value& v) {
  auto bad = [] { throw std::invalid_argument("not a schema definition"); };
  if (!v.isList() || v.asList().size() != 4) bad();
  const auto& l = v.asList();
  if (!l[0].isInt() || l[0].asInt() < 0 || l[0].asInt() > static_cast<std::int64_t>(Kind::NodeKey)) bad();
  if (!l[1].isString() || !l[2].isString() || !l[3].isList() || l[3].asList().empty()) bad();
  SchemaDef d;
  d.kind = static_cast<Kind>(l[0].asInt());
  d.name = l[1].asString();
  d.label = l[2].asString();
  for (const auto& k : l[3].asList()) {
    if (!k.isString()) bad();
    d.keys.push_back(k.asString());
  }
  return d;
}

std::optional<std::size_t> Schema::findName(std::string_view name) const {
  for (std::size_t i = 0; i < defs_.size(); ++i)
    if (defs_[i].name == name) return i;
  return std::nullopt;
}

std::optional<std::size_t> Schema::findSame(const SchemaDef& d) const {
  for (std::size_t i = 0; i < defs_.size(); ++i)
    if (defs_[i].sameSchema(d)) return i;
  return std::nullopt;
}

bool Schema::hasConstraints() const {
  return std::any_of(defs_.begin(), defs_.end(), [](const SchemaDef& d) { return !d.isIndex(); });
}

void checkConstraints(const Graph& g, std::span<const Change> changes) {
  if (!g.schema().hasConstraints() || changes.empty()) return;
  std::vector<NodeId> touched;
  for (const Change& c : changes)
    if (c.kind == Change::Kind::AddNode || c.kind == Change::Kind::AddLabel || c.kind == Change::Kind::SetNodeProperty)
      touched.push_back(c.id);
  if (touched.empty()) return;
  std::sort(touched.begin(), touched.end());
  touched.erase(std::unique(touched.begin(), touched.end()), touched.end());
  auto constraints = resolvedConstraints(g);
  for (NodeId n : touched) {
    if (!g.nodeAlive(n)) continue;
    for (const auto& r : constraints)
      if (g.hasLabel(n, r.label))
        if (auto v = violation(g, *r.def, n, r.label, r.keys)) throw ConstraintError(v->message, {}, v->hint);
  }
}

void checkConstraint(const Graph& g, const SchemaDef& def) {
  auto label = g.labels().find(def.label);
  if (!label || def.isIndex()) return;
  std::vector<std::optional<KeyId>> keys;
  for (const auto& k : def.keys) keys.push_back(g.keys().find(k));
  for (NodeId n : g.nodesWithLabel(*label))
    if (auto v = violation(g, def, n, *label, keys))
      throw ConstraintError("cannot create constraint " + def.name + ": " + v->message, {},
                            "fix the data first (the node is named above), then create the constraint");
}

}  // namespace kgq
