// The logical plan: what a query computes, as a tree of relational steps over
// row slots, after the rewrite rules have chosen seeks, orders and placements.
// It holds no graph state and no execution state, so one plan serves every run
// of a cached statement; exec/ maps it onto physical operators per run.
// Expressions are borrowed from the bound query (or from `synthesized`), which
// must outlive the plan.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "ast/ast.h"
#include "binder/bound_expr.h"

namespace kgq::plan {

// Labels, property equalities and predicates an element must satisfy. The
// predicates are evaluated with the element already written into its slot, so
// they may read it (`b.year > a.year` checked while b is being bound).
struct ElementSpec {
  std::vector<ast::SchemaName> labels;
  std::vector<std::pair<ast::SchemaName, const bound::Expr*>> props;
  std::vector<const bound::Expr*> predicates;
  bool empty() const { return labels.empty() && props.empty() && predicates.empty(); }
};

struct ExpandInfo {
  int fromSlot = -1, relSlot = -1, toSlot = -1;
  std::vector<ast::SchemaName> types;  // any of these; empty = any type
  // Type tests from WHERE, evaluated per input row: type(r) = value, or IN value (a list) when `second`.
  std::vector<std::pair<const bound::Expr*, bool>> typeValues;
  ast::Direction dir = ast::Direction::Out;
  bool toBound = false, relBound = false;
  ElementSpec toCheck, relCheck;
  // Relationship uniqueness within one MATCH: relationships (lists) bound earlier in the clause.
  std::vector<int> usedRelSlots, usedListSlots;
  // Variable-length and shortest paths.
  int minHops = 1, maxHops = -1;
  bool reversed = false;      // walked from the pattern's far end
  bool distinctEnds = false;  // only the distinct end nodes matter downstream: breadth-first search
  int countSlot = -1;         // >= 0: the search itself counts the distinct ends (VarExpand) or the
                              // matches of each input row (Expand) into this slot
  int pathSlot = -1;          // shortest path
  bool all = false;           // allShortestPaths
  ast::ShortestKind shortest = ast::ShortestKind::None;  // shortest path: which paths (all is set for All)
  int k = 1;                  // SHORTEST k / ANY k / SHORTEST k GROUPS
  std::string selector;       // as written: for EXPLAIN and the limit's message
  // Shortest path: WHERE conditions on every node / relationship of the path
  // (`all(n IN nodes(p) WHERE ...)`, `none(r IN relationships(p) WHERE ...)`), checked
  // during the search: (the quantifier variable's slot, a predicate that must be true).
  std::vector<std::pair<int, const bound::Expr*>> pathNodePredicates, pathRelPredicates;
  // [:!T], [:(A|B)&!C]: the type test when it is not a list of alternatives (types is then empty).
  std::shared_ptr<const ast::LabelExpr> typeExpr;
};

enum class OpKind {
  Start,         // one empty row
  Argument,      // the row of the enclosing operator (optional match, pattern predicate)
  NodeScan,      // all nodes, or the nodes of scanLabel
  IndexSeek,     // nodes whose seekKey equals seekValue (or is in it, seekIn)
  NodeCheck,     // an already bound node must satisfy check
  Expand,
  VarExpand,
  ShortestPath,
  Filter,
  Project,
  Unwind,
  LoadCsv,       // per input row, the rows of a CSV file (`loadCsv`; the path in items[0]) into `slot`
  Optional,      // children[1] runs per row of children[0]; nulls in `slots` when it yields nothing
  Aggregate,
  Distinct,
  Sort,
  SkipLimit,
  BuildPath,
  Create,
  Union,         // the rows of each child in turn (UNION parts)
  ProcedureCall, // per input row, the rows a procedure gives, into the yielded slots
  Update,        // SET, REMOVE, DELETE, MERGE, FOREACH (`update`)
  Apply,         // CALL { }: children[1] runs per row of children[0]; `slots` are what it returns (none:
                 // a unit subquery, the row passes on once); optionalApply: nulls when it yields nothing
};

struct LogicalOp {
  OpKind kind = OpKind::Start;
  std::vector<std::unique_ptr<LogicalOp>> children;  // children[0] is the input
  std::string text;  // the pattern as written, for EXPLAIN

  int slot = -1;  // NodeScan, IndexSeek, NodeCheck, Unwind
  ast::SchemaName scanLabel;  // NodeScan / IndexSeek: empty = none
  std::vector<ast::SchemaName> scanLabels;  // NodeScan: the nodes of any of these (`(n:A|B)`), each once
  ElementSpec check;      // NodeScan, IndexSeek, NodeCheck
  ast::SchemaName seekKey;
  const bound::Expr* seekValue = nullptr;
  bool seekIn = false;

  ExpandInfo expand;  // Expand, VarExpand, ShortestPath

  std::vector<const bound::Expr*> predicates;               // Filter (all must hold)
  std::vector<std::pair<const bound::Expr*, int>> items;    // Project; Unwind (one); Aggregate keys
  std::vector<const ast::AggregateSpec*> aggregates;      // Aggregate
  int weightSlot = -1;  // Aggregate of counts only: each input row counts as this slot's number (count-expand)
  std::vector<int> slots;                                 // Optional: nulled; Distinct: compared; Create: existing
  std::vector<std::pair<const bound::Expr*, bool>> sortKeys;  // Sort: (key, descending)
  const bound::Expr* skip = nullptr;
  const bound::Expr* limit = nullptr;
  bool afterUpdates = false;  // SkipLimit: an update runs upstream (LIMIT 0 must still run it)
  bool optionalApply = false;  // Apply: OPTIONAL CALL
  bool eager = false;          // Apply: the subquery writes, so its input is read whole first
  bool streams = false;        // Create, Update: writes each row as it arrives (rule stream-writes)
  const ast::PatternPart* part = nullptr;                 // BuildPath
  const std::vector<ast::PatternPart>* pattern = nullptr;  // Create
  const ast::CallClause* call = nullptr;                   // ProcedureCall
  const ast::UpdateClause* update = nullptr;                // Update
  const ast::LoadCsvSpec* loadCsv = nullptr;                // LoadCsv

  LogicalOp* input() const { return children.empty() ? nullptr : children[0].get(); }
};

using LogicalOpPtr = std::unique_ptr<LogicalOp>;

// The plan of a pattern predicate, run once per row with that row as its argument.
struct SubPlan {
  const bound::Expr* expr = nullptr;
  LogicalOpPtr root;
  int columnSlot = -1;  // COLLECT { }: the slot of its one column
};

struct LogicalPlan {
  LogicalOpPtr root;
  std::vector<int> columnSlots;
  std::vector<std::string> columns;
  std::vector<SubPlan> subPlans;
  // Expressions the planner made (slot references, predicates renamed across WITH).
  std::vector<std::unique_ptr<bound::Expr>> synthesized;
  // The rewrite rules that changed this plan, in the order they first fired.
  std::vector<std::string> rules;
  int slotCount = 0;
  bool hasReturn = false;
};

}  // namespace kgq::plan
