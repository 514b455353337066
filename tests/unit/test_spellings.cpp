// The planner must not care how a question is spelled: random small graphs, random
// read queries of the shapes people write, and for each query several equivalent
// spellings (inline properties, WHERE either way round, parameters, IN [v], conjunct
// order, split MATCH where openCypher allows it, WITH * / WITH a, b before WHERE,
// the label every node carries, reversed patterns, always-true conjuncts). All
// spellings of a query must give the same bag of rows.
//
// KGQ_SPELLINGS_CASES sets the number of queries (default sized for CI), and
// KGQ_SPELLINGS_SEED the base seed; a failure names the graph seed to replay.
#include <gtest/gtest.h>

#include <algorithm>
#include <iostream>
#include <cstdlib>
#include <map>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "env_number.h"
#include "format/format.h"
#include "session/session.h"

namespace kgq {
namespace {

class Rng {
 public:
  explicit Rng(std::uint64_t seed) : g_(seed) {}
  int between(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(g_); }
  bool chance(double p) { return std::uniform_real_distribution<double>(0, 1)(g_) < p; }
  template <class T>
  const T& pick(const std::vector<T>& v) {
    return v[static_cast<std::size_t>(between(0, static_cast<int>(v.size()) - 1))];
  }
  template <class T>
  void shuffle(std::vector<T>& v) {
    std::shuffle(v.begin(), v.end(), g_);
  }

 private:
  std::mt19937_64 g_;
};

// ---- graphs ---------------------------------------------------------------------
// Every node is :N and has a unique `id` and a never-null `g`; `k` and `s` take few
// values and are sometimes missing; relationships may carry `w`.

struct TestGraph {
  std::uint64_t seed = 0;
  int nodes = 0;
  std::vector<std::string> labels;  // besides N
  std::vector<std::string> types;
  std::string create;
};

const std::vector<std::string> kStrings = {"x", "y", "z"};

TestGraph makeGraph(std::uint64_t seed) {
  Rng rng(seed);
  TestGraph g;
  g.seed = seed;
  g.nodes = rng.between(20, 200);
  g.labels = rng.chance(0.5) ? std::vector<std::string>{"A"} : std::vector<std::string>{"A", "B"};
  g.types = rng.chance(0.5) ? std::vector<std::string>{"R", "S"} : std::vector<std::string>{"R", "S", "T"};
  std::string s = "CREATE ";
  for (int i = 0; i < g.nodes; ++i) {
    std::string labels = ":N";
    for (const auto& l : g.labels)
      if (rng.chance(0.4)) labels += ":" + l;
    std::string props = "id: " + std::to_string(i) + ", g: " + std::to_string(rng.between(0, 3));
    if (rng.chance(0.8)) props += ", k: " + std::to_string(rng.between(0, 2));
    if (rng.chance(0.75)) props += ", s: '" + rng.pick(kStrings) + "'";
    s += (i ? ", (n" : "(n") + std::to_string(i) + labels + " {" + props + "})";
  }
  const int rels = g.nodes * rng.between(10, 25) / 10;
  std::vector<std::pair<int, int>> made;
  for (int j = 0; j < rels; ++j) {
    int a = rng.between(0, g.nodes - 1), b = rng.between(0, g.nodes - 1);
    if (!made.empty() && rng.chance(0.08)) std::tie(a, b) = rng.pick(made);  // parallel
    else if (rng.chance(0.04)) b = a;                                           // self-loop
    made.emplace_back(a, b);
    std::string props = rng.chance(0.7) ? " {w: " + std::to_string(rng.between(0, 1)) + "}" : "";
    s += ", (n" + std::to_string(a) + ")-[:" + rng.pick(g.types) + props + "]->(n" + std::to_string(b) + ")";
  }
  g.create = std::move(s);
  return g;
}

// ---- queries --------------------------------------------------------------------

struct Prop {
  std::string key;
  Value value;  // int or string
};

std::string literal(const Value& v) { return v.isString() ? "'" + v.asString() + "'" : std::to_string(v.asInt()); }

struct NodeP {
  std::string var;
  std::vector<std::string> labels;
  std::vector<Prop> props;
};

struct RelP {
  std::string var;
  std::string type;  // "" = any
  int dir = 1;       // 1 ->, -1 <-, 0 undirected
  std::string hops;  // "" = one relationship, else "*1..2" etc.
  std::vector<Prop> props;
};

struct Chain {
  std::vector<NodeP> nodes;  // nodes.size() == rels.size() + 1
  std::vector<RelP> rels;
  std::string pathVar;
  bool shortest = false;
};

struct Conj {
  std::string text;
  std::vector<std::string> vars;
};

struct QuerySpec {
  std::vector<Chain> parts;  // the first MATCH
  std::vector<Conj> where;   // conditions of the first MATCH beyond its properties and labels
  std::optional<Chain> shortest;  // MATCH p = shortestPath(...) after the first MATCH
  std::optional<Chain> optional;  // OPTIONAL MATCH; its conditions stay inside it
  std::string ret;
  std::vector<std::string> used;  // variables of the first MATCH that later clauses read
  std::set<std::size_t> collectCols;             // list cells compared as bags
  std::vector<std::pair<std::size_t, bool>> orderCols;  // ORDER BY keys (column, descending)
  // The parts cannot share a relationship (at most one has any), so they may go
  // to separate MATCH clauses.
  bool splittable = false;
  // A single chain of two single relationships: may be written as two comma parts,
  // or as two MATCH clauses plus the uniqueness that one MATCH implies.
  bool twoHop = false;
  std::string neverNullVar;  // a first-MATCH node variable for `v.g = v.g`
};

struct Rendered {
  std::string text;
  ValueMap params;
};

// How one spelling is written; spelling 0 is the plain form (all inline, one MATCH).
struct Style {
  bool plain = true;
  bool optionalAsMatch = false;     // reference: the OPTIONAL MATCH as a MATCH
  bool optionalWhereAfter = false;  // reference: the optional part's conditions moved after it (not equivalent)
  bool dropOptional = false;        // reference: the first MATCH alone
};

class Renderer {
 public:
  Renderer(Rng& rng, const QuerySpec& q, Style st) : rng_(rng), q_(q), st_(st) {}

  Rendered render() {
    std::vector<Conj> conds = q_.where;
    std::vector<std::string> texts;
    whereMode_ = st_.plain ? 0 : rng_.between(0, 2);
    bool split = !st_.plain && q_.splittable && q_.parts.size() > 1 && rng_.chance(0.5);
    int chainForm = (!st_.plain && q_.twoHop) ? rng_.between(0, 2) : 0;
    for (const auto& part : q_.parts) {
      if (chainForm > 0) {
        const Chain c = maybeFlip(part);
        Chain first{{c.nodes[0], c.nodes[1]}, {c.rels[0]}, "", false};
        Chain second{{c.nodes[1], c.nodes[2]}, {c.rels[1]}, "", false};
        texts.push_back(chain(first, conds, true));
        texts.push_back(chain(second, conds, true));
        if (chainForm == 2) conds.push_back({c.rels[0].var + " <> " + c.rels[1].var, {c.rels[0].var, c.rels[1].var}});
      } else {
        texts.push_back(chain(maybeFlip(part), conds, true));
      }
    }
    if (!st_.plain && rng_.chance(0.3)) conds.push_back({"true", {}});
    if (!st_.plain && !q_.neverNullVar.empty() && rng_.chance(0.3))
      conds.push_back({q_.neverNullVar + ".g = " + q_.neverNullVar + ".g", {q_.neverNullVar}});
    if (!st_.plain) rng_.shuffle(conds);

    std::string out;
    // Which clause each text goes to: one MATCH, or (split / chainForm 2) one each.
    bool separate = split || chainForm == 2;
    std::vector<std::string> clauses;
    if (separate) {
      std::vector<std::string> order = texts;
      if (split) rng_.shuffle(order);
      clauses = order;
    } else {
      std::string joined;
      for (const auto& t : texts) joined += (joined.empty() ? "" : ", ") + t;
      clauses.push_back(joined);
    }
    bool shortestInside = q_.shortest && !separate && whereMode_ == 0 && !st_.plain && rng_.chance(0.4);
    if (shortestInside) {
      std::vector<Conj> none;
      clauses.back() += ", " + chain(maybeFlip(*q_.shortest), none, false);
    }
    if (whereMode_ == 0 && separate) {
      // each condition goes to the first MATCH after which its variables are bound
      std::set<std::string> bound;
      std::vector<bool> placed(conds.size(), false);
      for (std::size_t i = 0; i < clauses.size(); ++i) {
        collectVars(clauses[i], bound);
        std::string w;
        for (std::size_t c = 0; c < conds.size(); ++c) {
          if (placed[c]) continue;
          bool ready = i + 1 == clauses.size() ||
                       std::all_of(conds[c].vars.begin(), conds[c].vars.end(),
                                   [&](const std::string& v) { return bound.count(v) > 0; });
          if (!ready) continue;
          placed[c] = true;
          w += (w.empty() ? "" : " AND ") + conds[c].text;
        }
        out += (i ? " MATCH " : "MATCH ") + clauses[i] + (w.empty() ? "" : " WHERE " + w);
      }
    } else {
      for (std::size_t i = 0; i < clauses.size(); ++i) out += (i ? " MATCH " : "MATCH ") + clauses[i];
      std::string w;
      std::set<std::string> carry(q_.used.begin(), q_.used.end());
      for (const auto& c : conds) {
        w += (w.empty() ? "" : " AND ") + c.text;
        carry.insert(c.vars.begin(), c.vars.end());
      }
      if (whereMode_ == 0) {
        if (!w.empty()) out += " WHERE " + w;
      } else if (whereMode_ == 1) {
        out += " WITH *" + (w.empty() ? "" : " WHERE " + w);
      } else {
        std::string vars;
        for (const auto& v : carry) vars += (vars.empty() ? "" : ", ") + v;
        if (vars.empty()) vars = "1 AS one";
        out += " WITH " + vars + (w.empty() ? "" : " WHERE " + w);
      }
    }
    if (q_.shortest && !shortestInside) {
      std::vector<Conj> none;
      out += " MATCH " + chain(maybeFlip(*q_.shortest), none, false);
    }
    if (q_.optional && !st_.dropOptional) {
      std::vector<Conj> inner;
      forceWhere_ = st_.optionalWhereAfter;
      std::string text = chain(maybeFlip(*q_.optional), inner, true);
      forceWhere_ = false;
      if (!st_.plain) rng_.shuffle(inner);
      std::string w;
      for (const auto& c : inner) w += (w.empty() ? "" : " AND ") + c.text;
      out += (st_.optionalAsMatch ? " MATCH " : " OPTIONAL MATCH ") + text;
      if (!w.empty()) out += (st_.optionalWhereAfter ? " WITH * WHERE " : " WHERE ") + w;
    }
    out += " " + (st_.dropOptional ? optionalBaseReturn() : q_.ret);
    return {out, params_};
  }

 private:
  std::string optionalBaseReturn() const { return "RETURN " + q_.used.front() + ".id AS x"; }

  Chain maybeFlip(const Chain& c) {
    if (st_.plain || c.rels.empty() || !rng_.chance(0.5)) return c;
    Chain r = c;
    std::reverse(r.nodes.begin(), r.nodes.end());
    std::reverse(r.rels.begin(), r.rels.end());
    for (auto& rel : r.rels) rel.dir = -rel.dir;
    return r;
  }

  static void collectVars(const std::string& text, std::set<std::string>& bound) {
    // variables are single lower-case letters or r<digit>/p, written as "(v" or "[v"
    for (std::size_t i = 0; i + 1 < text.size(); ++i) {
      if (text[i] != '(' && text[i] != '[') continue;
      std::size_t j = i + 1;
      while (j < text.size() && std::isalnum(static_cast<unsigned char>(text[j]))) ++j;
      if (j > i + 1) bound.insert(text.substr(i + 1, j - i - 1));
    }
    if (text.rfind("p = ", 0) == 0) bound.insert("p");
  }

  std::string param(const Value& v) {
    std::string name = "p" + std::to_string(params_.size());
    params_[name] = v;
    return "$" + name;
  }

  // One property condition: inline (literal or parameter) or one of the WHERE forms.
  void prop(const std::string& var, const Prop& p, std::vector<std::string>& inlineProps, std::vector<Conj>& conds,
            bool allowWhere) {
    int form = forceWhere_ ? 2 : st_.plain ? 0 : rng_.between(0, allowWhere ? 5 : 1);
    std::string lhs = var + "." + p.key;
    switch (form) {
      case 0: inlineProps.push_back(p.key + ": " + literal(p.value)); break;
      case 1: inlineProps.push_back(p.key + ": " + param(p.value)); break;
      case 2: conds.push_back({lhs + " = " + literal(p.value), {var}}); break;
      case 3: conds.push_back({literal(p.value) + " = " + lhs, {var}}); break;
      case 4: conds.push_back({rng_.chance(0.5) ? lhs + " = " + param(p.value) : param(p.value) + " = " + lhs, {var}}); break;
      default: conds.push_back({lhs + " IN [" + literal(p.value) + "]", {var}}); break;
    }
  }

  std::string node(const NodeP& n, std::vector<Conj>& conds, bool allowWhere) {
    if (!seen_.insert(n.var).second) return "(" + n.var + ")";
    std::string s = "(" + n.var;
    for (const auto& l : n.labels) {
      if (l == "N" && !st_.plain && rng_.chance(0.5)) continue;  // every node is :N
      if ((forceWhere_ && l != "N") || (!st_.plain && allowWhere && rng_.chance(0.4))) conds.push_back({n.var + ":" + l, {n.var}});
      else s += ":" + l;
    }
    if (std::find(n.labels.begin(), n.labels.end(), "N") == n.labels.end() && !st_.plain && rng_.chance(0.2))
      s += ":N";
    std::vector<std::string> inl;
    for (const auto& p : n.props) prop(n.var, p, inl, conds, allowWhere);
    if (!inl.empty()) {
      s += " {";
      for (std::size_t i = 0; i < inl.size(); ++i) s += (i ? ", " : "") + inl[i];
      s += "}";
    }
    return s + ")";
  }

  std::string rel(const RelP& r, std::vector<Conj>& conds, bool allowWhere) {
    std::string s = r.dir < 0 ? "<-[" : "-[";
    s += r.var;
    if (!r.type.empty()) {
      if (!st_.plain && allowWhere && r.hops.empty() && !r.var.empty() && rng_.chance(0.3))
        conds.push_back({"type(" + r.var + ") = '" + r.type + "'", {r.var}});
      else
        s += ":" + r.type;
    }
    s += r.hops;
    std::vector<std::string> inl;
    for (const auto& p : r.props) prop(r.var, p, inl, conds, allowWhere && !r.var.empty());
    if (!inl.empty()) {
      s += " {";
      for (std::size_t i = 0; i < inl.size(); ++i) s += (i ? ", " : "") + inl[i];
      s += "}";
    }
    return s + (r.dir > 0 ? "]->" : "]-");
  }

  std::string chain(const Chain& c, std::vector<Conj>& conds, bool allowWhere) {
    std::string s = node(c.nodes[0], conds, allowWhere);
    for (std::size_t i = 0; i < c.rels.size(); ++i) s += rel(c.rels[i], conds, allowWhere) + node(c.nodes[i + 1], conds, allowWhere);
    if (c.shortest) s = "shortestPath(" + s + ")";
    if (!c.pathVar.empty()) s = c.pathVar + " = " + s;
    return s;
  }

  Rng& rng_;
  const QuerySpec& q_;
  Style st_;
  int whereMode_ = 0;
  bool forceWhere_ = false;  // every condition of the chain being written goes to WHERE
  ValueMap params_;
  std::set<std::string> seen_;
};

// ---- query generator ----------------------------------------------------------

enum class Kind { Node, OneHop, TwoHop, VarLength, TwoNodes, HopPlusNode, Shortest, Optional };

const char* kindName(Kind k) {
  switch (k) {
    case Kind::Node: return "Node";
    case Kind::OneHop: return "OneHop";
    case Kind::TwoHop: return "TwoHop";
    case Kind::VarLength: return "VarLength";
    case Kind::TwoNodes: return "TwoNodes";
    case Kind::HopPlusNode: return "HopPlusNode";
    case Kind::Shortest: return "Shortest";
    case Kind::Optional: return "Optional";
  }
  return "?";
}

class QueryGen {
 public:
  QueryGen(Rng& rng, const TestGraph& g) : rng_(rng), g_(g) {}

  Prop randomProp(const std::string& key) {
    if (key == "id") return {key, Value(rng_.between(0, g_.nodes - 1))};
    if (key == "g") return {key, Value(rng_.between(0, 3))};
    if (key == "s") return {key, Value(rng_.pick(kStrings))};
    return {key, Value(rng_.between(0, 2))};  // k
  }

  // A node with `filters` random conditions among a label and k/g/s (never id).
  NodeP node(const std::string& var, int filters) {
    NodeP n{var, {}, {}};
    if (rng_.chance(0.3)) n.labels.push_back("N");
    std::vector<std::string> keys = {"k", "g", "s"};
    rng_.shuffle(keys);
    for (int i = 0; i < filters; ++i) {
      if (i == 0 && rng_.chance(0.5)) {
        n.labels.push_back(rng_.pick(g_.labels));
      } else if (!keys.empty()) {
        n.props.push_back(randomProp(keys.back()));
        keys.pop_back();
      }
    }
    return n;
  }

  NodeP lookup(const std::string& var) {
    NodeP n{var, {}, {randomProp("id")}};
    if (rng_.chance(0.3)) n.labels.push_back("N");
    return n;
  }

  RelP rel(const std::string& var, bool withProps) {
    RelP r{var, rng_.chance(0.5) ? rng_.pick(g_.types) : "", rng_.between(-1, 1), "", {}};
    if (withProps && rng_.chance(0.25)) r.props.push_back({"w", Value(rng_.between(0, 1))});
    return r;
  }

  QuerySpec make(Kind kind) {
    QuerySpec q;
    switch (kind) {
      case Kind::Node: {
        q.parts.push_back({{node("a", rng_.between(1, 3))}, {}, "", false});
        q.neverNullVar = "a";
        q.used = {"a"};
        switch (rng_.between(0, 4)) {
          case 0: q.ret = "RETURN count(*) AS c"; break;
          case 1: q.ret = "RETURN a.id AS id ORDER BY id"; q.orderCols = {{0, false}}; break;
          case 2: q.ret = "RETURN a.k AS k, count(*) AS c"; break;
          case 3: q.ret = "RETURN collect(a.id) AS ids"; q.collectCols = {0}; break;
          default:
            q.ret = "RETURN a.s AS s, a.id AS id ORDER BY s DESC, id LIMIT 3";
            q.orderCols = {{0, true}, {1, false}};
        }
        break;
      }
      case Kind::OneHop: {
        q.parts.push_back({{node("a", rng_.between(0, 2)), node("b", rng_.between(0, 2))}, {rel("r", true)}, "", false});
        if (rng_.chance(0.3)) q.where.push_back(rng_.chance(0.5) ? Conj{"a.k = b.k", {"a", "b"}} : Conj{"a.id <> b.id", {"a", "b"}});
        q.neverNullVar = "b";
        switch (rng_.between(0, 5)) {
          case 0: q.ret = "RETURN count(*) AS c"; q.used = {}; break;
          case 1: q.ret = "RETURN count(DISTINCT b) AS c"; q.used = {"b"}; break;
          case 2:
            q.ret = "RETURN a.id AS x, b.id AS y, type(r) AS t ORDER BY x, y";
            q.used = {"a", "b", "r"};
            q.orderCols = {{0, false}, {1, false}};
            break;
          case 3: q.ret = "RETURN a.id AS x, collect(b.id) AS ys"; q.used = {"a", "b"}; q.collectCols = {1}; break;
          case 4: q.ret = "RETURN b.k AS k, count(*) AS c"; q.used = {"b"}; break;
          default: q.ret = "RETURN r.w AS w, count(DISTINCT a) AS c"; q.used = {"a", "r"};
        }
        break;
      }
      case Kind::TwoHop: {
        NodeP a = rng_.chance(0.3) ? lookup("a") : node("a", rng_.between(1, 2));
        q.parts.push_back({{a, node("b", rng_.between(0, 1)), node("c", rng_.between(0, 2))},
                           {rel("r1", true), rel("r2", true)}, "", false});
        q.twoHop = true;
        q.neverNullVar = "c";
        switch (rng_.between(0, 3)) {
          case 0: q.ret = "RETURN count(*) AS n"; break;
          case 1: q.ret = "RETURN count(DISTINCT c) AS n"; q.used = {"c"}; break;
          case 2:
            q.ret = "RETURN a.id AS x, c.id AS z ORDER BY x, z";
            q.used = {"a", "c"};
            q.orderCols = {{0, false}, {1, false}};
            break;
          default: q.ret = "RETURN a.id AS x, collect(c.id) AS zs"; q.used = {"a", "c"}; q.collectCols = {1};
        }
        break;
      }
      case Kind::VarLength: {
        bool looked = rng_.chance(0.75);
        NodeP a = looked ? lookup("a") : node("a", rng_.between(1, 2));
        RelP r = rel("", false);
        r.hops = looked ? rng_.pick(std::vector<std::string>{"*1..2", "*..3", "*2", "*1..3"})
                        : rng_.pick(std::vector<std::string>{"*1..2", "*2"});
        q.parts.push_back({{a, node("b", rng_.between(0, 1))}, {r}, "", false});
        if (rng_.chance(0.4)) {
          if (looked && rng_.chance(0.5))
            q.where.push_back({"b.id <> " + literal(a.props[0].value), {"b"}});
          else
            q.where.push_back({"b.id <> a.id", {"a", "b"}});
        }
        q.neverNullVar = "a";
        switch (rng_.between(0, 3)) {
          case 0: q.ret = "RETURN count(DISTINCT b) AS n"; q.used = {"b"}; break;
          case 1: q.ret = "RETURN count(*) AS n"; break;
          case 2: q.ret = "RETURN collect(DISTINCT b.id) AS ids"; q.used = {"b"}; q.collectCols = {0}; break;
          default:
            q.ret = "RETURN b.id AS y, count(*) AS c ORDER BY y";
            q.used = {"b"};
            q.orderCols = {{0, false}};
        }
        break;
      }
      case Kind::TwoNodes: {
        NodeP a = rng_.chance(0.3) ? lookup("a") : node("a", rng_.between(1, 2));
        q.parts.push_back({{a}, {}, "", false});
        q.parts.push_back({{node("b", rng_.between(1, 2))}, {}, "", false});
        q.splittable = true;
        q.neverNullVar = "b";
        switch (rng_.between(0, 3)) {
          case 0: q.where.push_back({"a.k = b.k", {"a", "b"}}); break;
          case 1: q.where.push_back({"a.g < b.g", {"a", "b"}}); break;
          case 2: q.where.push_back({"a.id <> b.id", {"a", "b"}}); break;
          default: break;
        }
        switch (rng_.between(0, 2)) {
          case 0: q.ret = "RETURN count(*) AS n"; break;
          case 1:
            q.ret = "RETURN a.id AS x, b.id AS y ORDER BY x, y DESC LIMIT 5";
            q.used = {"a", "b"};
            q.orderCols = {{0, false}, {1, true}};
            break;
          default: q.ret = "RETURN count(DISTINCT a) AS n, collect(DISTINCT b.id) AS ys"; q.used = {"a", "b"}; q.collectCols = {1};
        }
        break;
      }
      case Kind::HopPlusNode: {
        q.parts.push_back({{node("a", rng_.between(0, 2)), node("b", rng_.between(0, 1))}, {rel("r", true)}, "", false});
        q.parts.push_back({{rng_.chance(0.5) ? lookup("c") : node("c", 2)}, {}, "", false});
        q.splittable = true;
        q.neverNullVar = "c";
        switch (rng_.between(0, 2)) {
          case 0: q.where.push_back({"b.k = c.k", {"b", "c"}}); break;
          case 1: q.where.push_back({"a.g = c.g", {"a", "c"}}); break;
          default: break;
        }
        if (rng_.chance(0.5)) {
          q.ret = "RETURN count(*) AS n";
        } else {
          q.ret = "RETURN c.id AS z, count(DISTINCT a) AS n";
          q.used = {"a", "c"};
        }
        break;
      }
      case Kind::Shortest: {
        NodeP a = lookup("a"), b = lookup("b");
        while (b.props[0].value == a.props[0].value) b = lookup("b");
        if (rng_.chance(0.1)) a.labels.push_back(rng_.pick(g_.labels));
        q.parts.push_back({{a}, {}, "", false});
        q.parts.push_back({{b}, {}, "", false});
        q.splittable = true;
        q.neverNullVar = "a";
        // mostly untyped and undirected: most pairs are then connected
        RelP r{"", rng_.chance(0.25) ? rng_.pick(g_.types) : "", rng_.chance(0.8) ? 0 : 1, "", {}};
        r.hops = rng_.pick(std::vector<std::string>{"*", "*", "*..4", "*..6", "*1..5"});
        q.shortest = Chain{{NodeP{"a", {}, {}}, NodeP{"b", {}, {}}}, {r}, "p", true};
        q.used = {"a", "b"};
        q.ret = rng_.chance(0.5) ? "RETURN length(p) AS len" : "RETURN a.id AS s, b.id AS t, length(p) AS len";
        break;
      }
      case Kind::Optional: {
        NodeP a = rng_.chance(0.4) ? lookup("a") : node("a", rng_.between(1, 2));
        q.parts.push_back({{a}, {}, "", false});
        q.neverNullVar = "a";
        RelP r = rel("r", true);
        if (rng_.chance(0.2)) {
          r.var.clear();
          r.props.clear();
          r.hops = "*1..2";
        }
        NodeP b = node("b", rng_.between(1, 2));
        q.optional = Chain{{NodeP{"a", {}, {}}, b}, {r}, "", false};
        q.used = {"a"};
        q.ret = r.var.empty() || rng_.chance(0.5) ? "RETURN a.id AS x, b.id AS y, b.k AS k"
                                                  : "RETURN a.id AS x, type(r) AS t, b.s AS s";
        break;
      }
    }
    return q;
  }

 private:
  Rng& rng_;
  const TestGraph& g_;
};

// ---- running and comparing -----------------------------------------------------

struct Outcome {
  std::string error;              // "Kind: message" when it failed
  std::vector<std::string> rows;  // canonical rows, sorted
  std::string orderProblem;       // ORDER BY not honoured
};

std::string canonicalCell(const Value& v, const Graph& g, bool asBag) {
  if (!asBag || !v.isList()) return renderValue(v, g);
  std::vector<std::string> items;
  for (const auto& e : v.asList()) items.push_back(renderValue(e, g));
  std::sort(items.begin(), items.end());
  std::string s = "[";
  for (std::size_t i = 0; i < items.size(); ++i) s += (i ? ", " : "") + items[i];
  return s + "]";
}

Outcome runSpelling(Session& s, const Rendered& r, const QuerySpec& q) {
  Outcome out;
  s.params() = r.params;
  try {
    QueryResult res = s.runOne(r.text);
    for (std::size_t i = 0; i < res.rows.size(); ++i) {
      const Row& row = res.rows[i];
      std::string line;
      for (std::size_t c = 0; c < row.size(); ++c)
        line += (c ? " | " : "") + canonicalCell(row[c], s.graph(), q.collectCols.count(c) > 0);
      out.rows.push_back(std::move(line));
      if (i == 0 || !out.orderProblem.empty()) continue;
      for (const auto& [col, desc] : q.orderCols) {
        int cmp = orderCompare(res.rows[i - 1][col], row[col]);
        if (desc) cmp = -cmp;
        if (cmp < 0) break;
        if (cmp > 0) {
          out.orderProblem = "rows " + std::to_string(i - 1) + " and " + std::to_string(i) + " are out of order";
          break;
        }
      }
    }
  } catch (const Error& e) {
    out.error = e.kind() + ": " + e.message();
  }
  std::sort(out.rows.begin(), out.rows.end());
  return out;
}

std::string describe(const Rendered& r) {
  std::string s = "  " + r.text;
  for (const auto& [k, v] : r.params) s += "\n    $" + k + " = " + literal(v);
  return s + "\n";
}

std::string describe(const Outcome& o) {
  if (!o.error.empty()) return "    error: " + o.error + "\n";
  std::string s = "    " + std::to_string(o.rows.size()) + " rows\n";
  std::size_t shown = std::min<std::size_t>(o.rows.size(), 40);
  for (std::size_t i = 0; i < shown; ++i) s += "    " + o.rows[i] + "\n";
  if (shown < o.rows.size()) s += "    ...\n";
  return s;
}

bool sameBag(const Outcome& a, const Outcome& b) { return a.error == b.error && a.rows == b.rows; }

// The rows an OPTIONAL MATCH must give: the rows of the same pattern as a MATCH,
// plus one row padded with nulls for each first-MATCH row that has none.
std::vector<std::string> optionalExpectation(const Outcome& base, const Outcome& asMatch, std::size_t columns) {
  std::vector<std::string> want = asMatch.rows;
  std::set<std::string> matched;
  for (const auto& r : asMatch.rows) matched.insert(r.substr(0, r.find(" | ")));
  for (const auto& x : base.rows) {
    if (matched.count(x)) continue;
    std::string row = x;
    for (std::size_t c = 1; c < columns; ++c) row += " | null";
    want.push_back(row);
  }
  std::sort(want.begin(), want.end());
  return want;
}

struct KindStats {
  std::size_t cases = 0, nonEmpty = 0, errors = 0, failures = 0, optionalPadded = 0;
};

constexpr std::size_t kQueriesPerGraph = 12;
constexpr std::size_t kSpellings = 6;
constexpr std::size_t kMaxReported = 5;

class Spellings : public ::testing::TestWithParam<Kind> {};

TEST_P(Spellings, AllSpellingsGiveTheSameRows) {
  const Kind kind = GetParam();
  const std::size_t kinds = 8;
  const std::size_t total = envNumber("KGQ_SPELLINGS_CASES", 4000);
  const std::size_t cases = std::max<std::size_t>(1, total / kinds);
  const std::uint64_t base = envNumber("KGQ_SPELLINGS_SEED", 20261129);
  KindStats st;
  for (std::size_t gi = 0; st.cases < cases; ++gi) {
    const std::uint64_t seed = base * 1000003 + static_cast<std::uint64_t>(kind) * 10007 + gi;
    TestGraph g = makeGraph(seed);
    Session session;
    session.runOne(g.create);
    Rng rng(seed ^ 0x9e3779b97f4a7c15ULL);
    QueryGen gen(rng, g);
    for (std::size_t qi = 0; qi < kQueriesPerGraph && st.cases < cases; ++qi, ++st.cases) {
      QuerySpec q = gen.make(kind);
      std::vector<Rendered> spellings;
      spellings.push_back(Renderer(rng, q, Style{}).render());
      std::set<std::string> texts = {spellings[0].text};
      for (std::size_t attempt = 0; attempt < 4 * kSpellings && spellings.size() < kSpellings; ++attempt) {
        Rendered r = Renderer(rng, q, Style{false}).render();
        if (texts.insert(r.text).second) spellings.push_back(std::move(r));
      }
      std::vector<Outcome> outcomes;
      for (const auto& r : spellings) outcomes.push_back(runSpelling(session, r, q));
      const std::string where = std::string(kindName(kind)) + " query " + std::to_string(qi) + " on graph seed " +
                                std::to_string(seed) + " (" + std::to_string(g.nodes) + " nodes)";
      if (!outcomes[0].error.empty()) ++st.errors;
      if (!outcomes[0].rows.empty()) ++st.nonEmpty;
      for (std::size_t i = 0; i < outcomes.size(); ++i) {
        if (!outcomes[i].orderProblem.empty() && st.failures < kMaxReported) {
          ++st.failures;
          ADD_FAILURE() << where << ": ORDER BY not honoured (" << outcomes[i].orderProblem << ")\n"
                        << describe(spellings[i]);
        }
        if (i == 0 || sameBag(outcomes[0], outcomes[i])) continue;
        if (++st.failures <= kMaxReported)
          ADD_FAILURE() << where << ": spellings disagree\nspelling 0:\n"
                        << describe(spellings[0]) << describe(outcomes[0]) << "spelling " << i << ":\n"
                        << describe(spellings[i]) << describe(outcomes[i]);
      }
      if (q.optional) {
        // The condition inside OPTIONAL MATCH must not filter the first MATCH's rows.
        Style asMatch{true, true, false, false}, after{true, false, true, false}, alone{true, false, false, true};
        Rendered rm = Renderer(rng, q, asMatch).render(), ra = Renderer(rng, q, after).render(),
                 rb = Renderer(rng, q, alone).render();
        Outcome om = runSpelling(session, rm, q), oa = runSpelling(session, ra, q), ob = runSpelling(session, rb, q);
        std::size_t columns = static_cast<std::size_t>(std::count(q.ret.begin(), q.ret.end(), ',')) + 1;
        std::vector<std::string> want = optionalExpectation(ob, om, columns);
        if (want.size() != om.rows.size()) ++st.optionalPadded;
        bool ok = outcomes[0].error.empty() && om.error.empty() && ob.error.empty() && outcomes[0].rows == want &&
                  sameBag(oa, om);
        if (!ok && ++st.failures <= kMaxReported) {
          Outcome wanted;
          wanted.rows = want;
          ADD_FAILURE() << where << ": OPTIONAL MATCH semantics\n"
                        << describe(spellings[0]) << describe(outcomes[0]) << "expected (from the two queries below):\n"
                        << describe(wanted) << describe(rm) << describe(om) << describe(rb) << describe(ob)
                        << "conditions after the OPTIONAL MATCH (must equal the MATCH form):\n"
                        << describe(ra) << describe(oa);
        }
      }
    }
  }
  std::cout << kindName(kind) << ": " << st.cases << " queries, " << st.nonEmpty << " with rows, " << st.errors
            << " failing in every spelling" << std::endl;
  if (st.failures > kMaxReported) ADD_FAILURE() << st.failures << " failures, the first " << kMaxReported << " shown";
  // The comparison means little if most answers are errors or empty.
  EXPECT_LE(st.errors * 20, st.cases) << st.errors << " of " << st.cases << " queries failed in every spelling";
  EXPECT_GE(st.nonEmpty * 3, st.cases) << "only " << st.nonEmpty << " of " << st.cases << " queries had rows";
  if (kind == Kind::Optional) {
    EXPECT_GT(st.optionalPadded, 0u) << "no OPTIONAL MATCH case was padded with nulls";
  }
}

INSTANTIATE_TEST_SUITE_P(Kinds, Spellings,
                         ::testing::Values(Kind::Node, Kind::OneHop, Kind::TwoHop, Kind::VarLength, Kind::TwoNodes,
                                           Kind::HopPlusNode, Kind::Shortest, Kind::Optional),
                         [](const ::testing::TestParamInfo<Kind>& p) { return std::string(kindName(p.param)); });

// ---- fixed cases: spellings that look alike but must differ --------------------
//
//  1:A {k: 1} -R-> 2 {k: 1},  1 -R-> 3 {k: 2},  3 -R-> 2,  4:A (no k) -R-> 4
class NotEquivalent : public ::testing::Test {
 protected:
  void SetUp() override {
    s_.runOne(
        "CREATE (a:N:A {id: 1, k: 1}), (b:N {id: 2, k: 1}), (c:N {id: 3, k: 2}), (d:N:A {id: 4}),"
        " (a)-[:R]->(b), (a)-[:R]->(c), (c)-[:R]->(b), (d)-[:R]->(d)");
  }
  std::vector<std::string> rows(const std::string& text) {
    QuerySpec none;
    return runSpelling(s_, {text, {}}, none).rows;
  }
  using Rows = std::vector<std::string>;
  Session s_;
};

TEST_F(NotEquivalent, ConditionOnTheOptionalSideStaysInside) {
  Rows inside = {"1 | 3", "4 | null"};
  EXPECT_EQ(rows("MATCH (x:A) OPTIONAL MATCH (x)-[:R]->(y) WHERE y.k = 2 RETURN x.id, y.id"), inside);
  EXPECT_EQ(rows("MATCH (x:A) OPTIONAL MATCH (x)-[:R]->(y {k: 2}) RETURN x.id, y.id"), inside);
  EXPECT_EQ(rows("MATCH (x:A) OPTIONAL MATCH (y)<-[:R]-(x) WHERE 2 = y.k RETURN x.id, y.id"), inside);
  EXPECT_EQ(rows("MATCH (x:A) OPTIONAL MATCH (x)-[:R]->(y) WITH * WHERE y.k = 2 RETURN x.id, y.id"), Rows{"1 | 3"});
  EXPECT_EQ(rows("MATCH (x:A) OPTIONAL MATCH (x)-[:R]->(y) WITH x, y WHERE y.k = 2 RETURN x.id, y.id"), Rows{"1 | 3"});
}

TEST_F(NotEquivalent, ConditionOnTheBoundSideOfOptionalDoesNotDropRows) {
  EXPECT_EQ(rows("MATCH (x:A) OPTIONAL MATCH (x)-[:R]->(y) WHERE x.k = 1 RETURN x.id, y.id"),
            (Rows{"1 | 2", "1 | 3", "4 | null"}));
  EXPECT_EQ(rows("MATCH (x:A) WHERE x.k = 1 OPTIONAL MATCH (x)-[:R]->(y) RETURN x.id, y.id"), (Rows{"1 | 2", "1 | 3"}));
  EXPECT_EQ(rows("MATCH (x:A) OPTIONAL MATCH (x)-[:R]->(y) WITH * WHERE x.k = 1 RETURN x.id, y.id"),
            (Rows{"1 | 2", "1 | 3"}));
}

TEST_F(NotEquivalent, IsNullOnTheOptionalSide) {
  // inside: no y is ever null, so every x gets its null row; after: x 4 has its self-loop
  EXPECT_EQ(rows("MATCH (x:A) OPTIONAL MATCH (x)-[:R]->(y) WHERE y.id IS NULL RETURN x.id, y.id"),
            (Rows{"1 | null", "4 | null"}));
  EXPECT_EQ(rows("MATCH (x:A) OPTIONAL MATCH (x)-[:R]->(y) WITH * WHERE y.id IS NULL RETURN x.id, y.id"), Rows{});
  EXPECT_EQ(rows("MATCH (x:A) OPTIONAL MATCH (x)-[:R]->(y:A) RETURN x.id, count(y)"), (Rows{"1 | 0", "4 | 1"}));
}

TEST_F(NotEquivalent, RelationshipUniquenessHoldsWithinOneMatchOnly) {
  // trails from 1: 1-2-3 and 1-3-2; two MATCH clauses may also walk back over the same relationship
  EXPECT_EQ(rows("MATCH (x {id: 1})-[r1]-(y)-[r2]-(z) RETURN y.id, z.id"), (Rows{"2 | 3", "3 | 2"}));
  EXPECT_EQ(rows("MATCH (x {id: 1})-[r1]-(y), (y)-[r2]-(z) RETURN y.id, z.id"), (Rows{"2 | 3", "3 | 2"}));
  EXPECT_EQ(rows("MATCH (x {id: 1})-[r1]-(y) MATCH (y)-[r2]-(z) RETURN y.id, z.id"),
            (Rows{"2 | 1", "2 | 3", "3 | 1", "3 | 2"}));
  EXPECT_EQ(rows("MATCH (x {id: 1})-[r1]-(y) MATCH (y)-[r2]-(z) WHERE r1 <> r2 RETURN y.id, z.id"),
            (Rows{"2 | 3", "3 | 2"}));
  EXPECT_EQ(rows("MATCH (x {id: 1})-[*2]-(z) RETURN z.id"), (Rows{"2", "3"}));
}

}  // namespace
}  // namespace kgq
