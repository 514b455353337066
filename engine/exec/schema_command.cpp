#include "exec/schema_command.h"

#include "common/errors.h"
#include "common/strings.h"

namespace kgq {

namespace {
using Kind = SchemaDef::Kind;

// A readable default name, as Neo4j generates one when none is given (its are hashes).
std::string defaultName(const SchemaDef& d) {
  std::string s = d.isIndex() ? "index_" : "constraint_";
  s += d.label;
  for (const auto& k : d.keys) s += "_" + k;
  if (d.kind == Kind::TextIndex) s += "_text";
  if (d.kind == Kind::Unique) s += "_unique";
  if (d.kind == Kind::NotNull) s += "_not_null";
  if (d.kind == Kind::NodeKey) s += "_node_key";
  return s;
}

Value stringList(const std::vector<std::string>& items) {
  ValueList l;
  for (const auto& s : items) l.emplace_back(s);
  return Value(std::move(l));
}

QueryResult showIndexes(const Graph& g) {
  QueryResult r;
  r.hasReturn = true;
  r.columns = {"id", "name", "state", "populationPercent", "type", "entityType", "labelsOrTypes", "properties",
               "indexProvider", "owningConstraint"};
  std::int64_t id = 0;
  for (const auto& d : g.schema().defs()) {
    ++id;
    if (!d.isIndex() && !d.isUniqueness()) continue;  // only uniqueness constraints own an index, as in Neo4j
    r.rows.push_back(Row{Value(id), Value(d.name), Value("ONLINE"), Value(100.0),
                         Value(d.isIndex() ? d.typeName() : "RANGE"), Value("NODE"), stringList({d.label}),
                         stringList(d.keys), Value("kgq-hash-1"), d.isIndex() ? Value() : Value(d.name)});
  }
  r.notes.push_back("every node property is hash-indexed for equality on first use (kgq-hash-1); a declared index "
                    "builds its keys' indexes at once");
  return r;
}

QueryResult showConstraints(const Graph& g) {
  QueryResult r;
  r.hasReturn = true;
  r.columns = {"id", "name", "type", "entityType", "labelsOrTypes", "properties", "ownedIndex", "createStatement"};
  std::int64_t id = 0;
  for (const auto& d : g.schema().defs()) {
    ++id;
    if (d.isIndex()) continue;
    r.rows.push_back(Row{Value(id), Value(d.name), Value(d.typeName()), Value("NODE"), stringList({d.label}),
                         stringList(d.keys), d.isUniqueness() ? Value(d.name) : Value(), Value(d.createStatement())});
  }
  return r;
}

SourcePos at(const std::string& source, ast::Pos p) { return SourcePos{source, p.line, p.column, {}}; }
}  // namespace

QueryResult runSchemaCommand(const ast::SchemaCommand& cmd, Graph& g, const std::string& source) {
  using Verb = ast::SchemaCommand::Verb;
  const char* what = cmd.constraint ? "constraint" : "index";
  if (cmd.verb == Verb::Show) return cmd.constraint ? showConstraints(g) : showIndexes(g);
  QueryResult r;
  if (cmd.verb == Verb::Drop) {
    auto found = g.schema().findName(cmd.name);
    if (found && g.schema().defs()[*found].isIndex() == cmd.constraint) {
      const auto& d = g.schema().defs()[*found];
      if (d.isIndex())
        throw SemanticError("'" + cmd.name + "' is an index, not a constraint", at(source, cmd.namePos),
                            "DROP INDEX " + cmd.name);
      throw SemanticError("'" + cmd.name + "' is a constraint" +
                              (d.isUniqueness() ? std::string(" (it owns the index of that name)") : ""),
                          at(source, cmd.namePos), "DROP CONSTRAINT " + cmd.name);
    }
    if (!found) {
      if (cmd.ifExists) {
        r.notes.push_back(std::string("no ") + what + " called " + cmd.name + ": nothing dropped");
        return r;
      }
      std::vector<std::string> names;
      for (const auto& d : g.schema().defs())
        if (d.isIndex() != cmd.constraint) names.push_back(d.name);
      auto close = closestNames(cmd.name, names);
      throw SemanticError(std::string("there is no ") + what + " called '" + cmd.name + "'", at(source, cmd.namePos),
                          close.empty() ? std::string("SHOW ") + (cmd.constraint ? "CONSTRAINTS" : "INDEXES") +
                                              " lists them; DROP ... IF EXISTS accepts a missing one"
                                        : "did you mean " + close.front() + "?");
    }
    g.dropSchema(*found);
    r.notes.push_back(std::string("dropped ") + what + " " + cmd.name);
    return r;
  }

  SchemaDef d;
  d.kind = static_cast<Kind>(cmd.kind);
  d.label = cmd.label;
  for (const auto& k : cmd.keys) d.keys.push_back(k);
  d.name = cmd.name.empty() ? defaultName(d) : cmd.name;
  auto named = g.schema().findName(d.name);
  auto same = g.schema().findSame(d);
  if (named || same) {
    const SchemaDef& old = g.schema().defs()[named ? *named : *same];
    if (cmd.ifNotExists) {
      r.notes.push_back(std::string(what) + " " + old.name + " exists already: nothing created");
      return r;
    }
    if (named)
      throw SemanticError("an index or constraint called '" + d.name + "' exists already: " + old.createStatement(),
                          at(source, cmd.name.empty() ? cmd.pos : cmd.namePos),
                          "choose another name, or add IF NOT EXISTS");
    throw SemanticError(std::string("an equivalent ") + what + " exists already: " + old.createStatement(),
                        at(source, cmd.pos), "add IF NOT EXISTS to accept the existing one");
  }
  g.addSchema(d);
  checkConstraint(g, d);
  r.notes.push_back(std::string("created ") + what + " " + d.name);
  return r;
}

}  // namespace kgq
