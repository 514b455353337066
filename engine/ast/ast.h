// The kgq abstract syntax tree. Produced by the transformer (parser/) and checked
// by the binder (binder/), which gives every expression root its bound tree
// (binder/bound_expr.h) and the patterns and clauses their row slots; the planner
// reads clauses and patterns here and expressions in their bound trees only.
// Nothing here knows about ANTLR.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "common/calendar_point.h"
#include "common/errors.h"
#include "common/notification.h"
#include "common/export_format.h"
#include "common/value.h"

namespace kgq {
// Resolved by the binder from the procedure registry (procedures/), which the syntax tree does not depend on.
struct ProcedureEntry;
}  // namespace kgq

namespace kgq::bound {
struct Expr;  // binder/bound_expr.h: what the binder makes of an expression
}  // namespace kgq::bound

namespace kgq::ast {

struct Pos {
  int line = 0;
  int column = 0;
};

// What the binder found for a label, relationship type or property key in the
// graph's interners. Ids never change while a graph is loaded, so Present and
// Absent hold for every run of a read-only statement; a name that a write clause
// of the same statement may introduce stays Deferred and is looked up when read.
enum class NameState : std::uint8_t { Unbound, Present, Absent, Deferred };

struct NameRes {
  NameState state = NameState::Unbound;
  std::uint32_t id = 0;  // Present: the interned id
};

// A label, type or key as written, with where it was written and its resolution.
// It is a string so that code reading names as written (and the write clauses
// that introduce them) needs nothing else.
struct SchemaName : std::string {
  SchemaName() = default;
  SchemaName(std::string s, Pos p = {}) : std::string(std::move(s)), pos(p) {}
  SchemaName(const char* s) : std::string(s) {}
  Pos pos;
  NameRes res;
};

// A label expression (Neo4j 5 / GQL): `A`, `%` (any label), `!x`, `x&y`, `x|y`. Nodes keep the
// plain labels every match must have in their `labels` (`:A:B`, `:A&B`); `labelExpr` holds what
// else the expression asks (`A|B`, `!C`, `%`), null when nothing. For a relationship it is tested
// against the relationship's one type. The names are resolved by the binder like any label.
struct LabelExpr {
  enum class Kind : std::uint8_t { Name, Any, Not, And, Or };
  Kind kind = Kind::Name;
  Pos pos;
  SchemaName name;              // Name
  std::vector<LabelExpr> args;  // Not: one; And, Or: two or more
  std::string text() const;     // as Cypher spells it, parenthesised where precedence needs
  // The names of an `A|B|...` of plain names (one name counts), else empty.
  std::vector<SchemaName> alternatives() const;
};

enum class ExprKind {
  Literal,       // literal
  Parameter,     // $name
  Variable,      // name
  Property,      // args[0].name
  HasLabels,     // args[0]:L1:L2
  Index,         // args[0][args[1]]
  Slice,         // args[0][args[1]..args[2]] (either may be null)
  Unary,         // op args[0]: Not, Neg, Plus, IsNull, IsNotNull
  Binary,        // args[0] op args[1]
  Function,      // name(args...), distinct
  CountStar,     // count(*)
  Case,          // [subject] (when then)* [else]: see caseHasSubject / caseHasElse
  List,          // [args...]
  Map,           // {keys[i]: args[i]}
  Comprehension, // [name IN args[0] WHERE args[1] | args[2]] (args[1], args[2] may be null)
  Quantifier,    // quantifier(name IN args[0] WHERE args[1])
  PatternPredicate,  // (a)-[...]-(b) used as a boolean expression
  Reduce,        // reduce(name = args[0], var2 IN args[1] | args[2])
  MapProjection, // args[0] {keys[i]: args[i+1]}: a null args[i+1] selects property keys[i] of args[0],
                 // or every property when keys[i] is empty (`.*`)
  PatternComprehension,  // [pattern WHERE args[0] | args[1]] (args[0] may be null)
  Subquery,      // EXISTS / COUNT / COLLECT { subquery }
};

enum class SubqueryKind { Exists, Count, Collect };

enum class Op {
  None, Or, Xor, And, Not, Eq, Ne, Lt, Gt, Le, Ge, Add, Sub, Mul, Div, Mod, Pow, Neg, Plus,
  StartsWith, EndsWith, Contains, Regex, In, IsNull, IsNotNull,
  Concat,  // ||: strings or lists
};

enum class Quantifier { All, Any, None, Single };

struct PatternPart;
struct Query;

struct Expr {
  ExprKind kind = ExprKind::Literal;
  Pos pos;
  Op op = Op::None;
  Value literal;
  std::string name;                 // variable, property key, function (lower-cased), parameter
  std::vector<std::unique_ptr<Expr>> args;
  std::vector<SchemaName> keys;     // Map keys, HasLabels labels (resolved in the bound tree)
  std::shared_ptr<LabelExpr> labelExpr;  // HasLabels: what else the label expression asks (`n:A|B`)
  Pos keyPos;                       // Property: where the key is written
  bool distinct = false;            // Function
  bool caseHasSubject = false;
  bool caseHasElse = false;
  Quantifier quantifier = Quantifier::All;
  std::shared_ptr<PatternPart> pattern;  // PatternPredicate, PatternComprehension
  std::string var2;                 // Reduce: the element variable
  SubqueryKind subqueryKind = SubqueryKind::Exists;
  std::shared_ptr<Query> subquery;  // Subquery: bound in the scope of the expression
  std::string text;                 // source text, used for column names
  // A root expression (one a clause, pattern, item, sort key or aggregate holds): its bound
  // tree, set by the binder, read by the planner and the operators (binder/bound_expr.h).
  std::shared_ptr<bound::Expr> bound;

  std::unique_ptr<Expr> clone() const;
};
using ExprPtr = std::unique_ptr<Expr>;

// Whether `e` calls rand(): such an expression gives another value each time it is evaluated.
bool callsRand(const Expr& e);

using PropertyList = std::vector<std::pair<SchemaName, ExprPtr>>;

struct NodePattern {
  Pos pos;
  std::string var;  // empty when anonymous
  std::vector<SchemaName> labels;
  std::shared_ptr<LabelExpr> labelExpr;  // (n:A|B), (n:!A), (n:%): beyond `labels`; null when none
  PropertyList props;
  ExprPtr where;  // (n WHERE ...): a predicate of the MATCH that reads n
  int slot = -1;
  // Set by the binder when labelExpr is: the test `n:<labelExpr>` as a bound predicate.
  std::shared_ptr<bound::Expr> labelTest;
};

enum class Direction { Out, In, Both };

struct RelPattern {
  Pos pos;
  std::string var;
  std::vector<SchemaName> types;  // any of these; empty = any type
  std::shared_ptr<LabelExpr> typeExpr;  // [:!T], [:(A|B)&!C]: the type test when not a plain `A|B` (types empty)
  Direction dir = Direction::Both;
  bool varLength = false;
  int minHops = 1;
  int maxHops = 1;  // -1 = unbounded
  PropertyList props;
  ExprPtr where;  // -[r WHERE ...]->
  int slot = -1;
};

// shortestPath() and ANY SHORTEST / ANY: one shortest path; allShortestPaths() and ALL SHORTEST: all;
// SHORTEST k and ANY k: k paths in order of length (TopK); SHORTEST k GROUPS: every path of the k
// shortest lengths (Groups). Per pair of end nodes.
enum class ShortestKind { None, Single, All, TopK, Groups };

struct PatternPart {
  Pos pos;
  std::string pathVar;
  ShortestKind shortest = ShortestKind::None;
  int selectorK = 1;         // TopK, Groups
  std::string selectorText;  // the selector or function as written (upper case), for messages and EXPLAIN
  std::vector<NodePattern> nodes;  // nodes.size() == rels.size() + 1
  std::vector<RelPattern> rels;
  int pathSlot = -1;
};

struct MatchClause {
  bool optional = false;
  std::vector<PatternPart> pattern;
  ExprPtr where;
};

// LOAD CSV [WITH HEADERS] FROM url AS row [FIELDTERMINATOR 'c']: rows from a file, bound like UNWIND's.
struct LoadCsvSpec {
  bool headers = false;
  char fieldTerminator = ',';
  Pos pos;  // of LOAD, for errors that name the clause
};

// UNWIND list AS var, and LOAD CSV (with `load`): both bind one variable per row produced from an
// expression, so every stage treats them alike except the operator that produces the rows.
struct UnwindClause {
  ExprPtr expr;  // LOAD CSV: the file's path or file:/// URL
  std::string var;
  Pos pos;
  int slot = -1;
  std::optional<LoadCsvSpec> load;
};

struct CreateClause {
  std::vector<PatternPart> pattern;
};

struct ProjectionItem {
  ExprPtr expr;
  std::string alias;  // explicit alias, or the expression's text
  bool hasAlias = false;
  int slot = -1;
};

struct SortItem {
  ExprPtr expr;
  bool descending = false;
};

// An aggregate call lifted out of a projection by the binder; its result lands in `slot`.
struct AggregateSpec {
  ExprPtr call;  // a copy of the call's syntax (count(...), collect(...), count(*)); `bound` is the call
  int slot = -1;
};

// WITH and RETURN.
struct ProjectionClause {
  bool isReturn = false;
  bool distinct = false;
  bool star = false;
  Pos pos;
  std::vector<ProjectionItem> items;
  std::vector<SortItem> orderBy;
  ExprPtr skip;
  ExprPtr limit;
  ExprPtr where;  // WITH ... WHERE

  // Set by the binder.
  bool aggregating = false;
  std::vector<AggregateSpec> aggregates;
  std::vector<int> carriedSlots;  // variables read after grouping that are not keys themselves
};

// A field a CALL yields, into a variable of its name or of its alias.
struct YieldItem {
  std::string field;
  std::string variable;
  Pos pos;
  int column = -1;  // the field's position in the procedure's output: set by the binder
  int slot = -1;
};

// CALL name(args) [YIELD ...  [WHERE ...]]. Without YIELD (a standalone call only) every field is yielded.
struct CallClause {
  std::string name;
  std::string text;  // as written, for EXPLAIN
  Pos pos;
  std::vector<ExprPtr> args;
  bool yieldStar = false;
  std::vector<YieldItem> yields;  // after binding: every field yielded, in output order when implicit
  ExprPtr where;
  const kgq::ProcedureEntry* procedure = nullptr;  // set by the binder
};

// One item of SET or REMOVE: `v.key = e` (Property), `v = e` (Replace), `v += e`
// (Merge), `v:L` (Labels); REMOVE `v.key` (Property, no value) or `v:L` (Labels).
struct SetItem {
  enum class Kind { Property, Replace, Merge, Labels };
  Kind kind = Kind::Property;
  Pos pos;
  std::string var;
  int slot = -1;  // of var, set by the binder
  std::string key;
  std::vector<SchemaName> labels;
  ExprPtr value;  // null for REMOVE
};

struct UpdateClause;
struct SubqueryClause;
using Clause = std::variant<MatchClause, UnwindClause, CreateClause, ProjectionClause, UpdateClause, CallClause,
                            SubqueryClause>;

// The update clauses other than CREATE: SET, REMOVE, [DETACH] DELETE, MERGE and
// FOREACH, one struct so that every stage walks them alike.
struct UpdateClause {
  enum class Kind { Set, Remove, Delete, Merge, Foreach };
  Kind kind = Kind::Set;
  Pos pos;
  std::vector<SetItem> items;  // Set, Remove
  bool detach = false;         // Delete
  std::vector<ExprPtr> exprs;  // Delete: what to delete
  std::vector<PatternPart> pattern;          // Merge: one part
  std::vector<SetItem> onCreate, onMatch;    // Merge
  std::string var;             // Foreach: the loop variable
  int slot = -1;
  ExprPtr list;                // Foreach
  std::vector<Clause> body;    // Foreach: update clauses only

  const char* name() const;
};

// [OPTIONAL] CALL [(vars)] { query }: the query runs once per incoming row. Its imported variables
// (scope clause or leading WITH) are the only outer ones it sees; what it RETURNs joins the row.
struct SubqueryClause {
  Pos pos;
  bool optional = false;
  bool scopeClause = false;  // CALL (...) { }
  bool importAll = false;    // CALL (*) { }
  std::vector<std::pair<std::string, Pos>> imports;  // CALL (a, b) { }
  std::shared_ptr<Query> query;
  // Set by the binder: the slots the subquery's RETURN fills (empty for a unit subquery).
  std::vector<int> returnSlots;
  std::vector<int> importSlots;  // the outer slots the subquery sees
};

// `UNION [ALL]` and the query after it.
struct UnionPart {
  bool all = false;
  Pos pos;
  std::unique_ptr<Query> query;
};

struct Query {
  bool explain = false;
  bool profile = false;  // run, then show each operator's rows and time
  Pos pos;
  std::vector<Clause> clauses;
  int slotCount = 0;  // set by the binder
  std::vector<std::string> columns;  // result columns, set by the binder
  // Queries combined with this one by UNION; each has its own clauses and slots (the binder numbers
  // them after this query's), and the same columns.
  std::vector<UnionPart> unions;
  // Set by the binder: names the graph lacks, and whether any name was resolved
  // Absent (an entry of the statement cache is stale once the graph gains names).
  std::vector<Notification> notifications;
  bool readsAbsentNames = false;
  double productEstimate = 1;  // the largest cartesian product of one MATCH, estimated by the binder
};

// An entity named in a question: a bare word or a quoted string, resolved
// through the name/alias index when the question runs.
struct EntityRef {
  std::string text;
  Pos pos;
};

enum class QuestionKind { Path, Neighbours, Connect };
enum class PathMode { Shortest, AllShortest, TopK };

// PATH / NEIGHBOURS / CONNECT statements.
// AS OF 2015 / 2015-06 / 2015-06-01 / date('2015-06'): a year, a month or a day; the
// relationships' time keys are compared with it at the coarser of the two precisions.
using AsOfTime = CalendarPoint;

struct Question {
  QuestionKind kind = QuestionKind::Path;
  Pos pos;
  std::vector<EntityRef> entities;  // PATH: from, to; NEIGHBOURS: centre; CONNECT: all terminals
  PathMode mode = PathMode::Shortest;
  int k = 1;          // TOP k
  int maxHops = -1;   // MAX n; -1 = no bound
  int depth = 1;      // NEIGHBOURS ... DEPTH n
  bool withLinks = false;  // NEIGHBOURS ... WITH LINKS: also the relationships among the neighbours
  std::string weightKey;   // PATH ... WEIGHTED BY key: the cheapest paths by that relationship property
  Pos weightPos;
  std::vector<SchemaName> via;     // relationship types allowed; empty = all
  std::vector<SchemaName> labels;  // NEIGHBOURS ... LABELS: node labels allowed
  std::vector<EntityRef> avoid;
  Direction dir = Direction::Both;
  std::optional<AsOfTime> asOf;
};

using kgq::ExportFormat;

struct ExportSpec {
  ExportFormat format = ExportFormat::Dot;
  std::string path;
  Pos pos;
};

// CREATE / DROP / SHOW of indexes and constraints (Neo4j 5 syntax).
struct SchemaCommand {
  enum class Verb { Create, Drop, Show };
  Verb verb = Verb::Create;
  bool constraint = false;  // else an index
  Pos pos;
  std::string name;         // empty: a generated one (CREATE) / every one (SHOW)
  Pos namePos;
  bool ifNotExists = false;
  bool ifExists = false;
  int kind = 0;             // SchemaDef::Kind as int (the AST does not see graph/)
  SchemaName label;
  std::vector<SchemaName> keys;
};

// EXPORT GRAPH TO 'dir': the whole graph as a CSV directory, replaced atomically (as :save DIR).
struct ExportGraph {
  std::string path;
  Pos pos;
};

using Statement = std::variant<Query, Question, SchemaCommand, ExportGraph>;

struct Script {
  std::vector<Statement> statements;
  std::vector<std::optional<ExportSpec>> exports;  // per statement: `... EXPORT DOT TO 'file'`
  std::vector<std::string> texts;  // the source text of each statement
  std::vector<Pos> positions;      // where each statement starts
};

}  // namespace kgq::ast
