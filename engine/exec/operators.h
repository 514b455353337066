// The operator set. Each class is small; the planner wires them together.
#pragma once

#include <unordered_set>

#include "ast/ast.h"
#include "binder/bound_expr.h"
#include "exec/column_check.h"
#include "exec/group_table.h"
#include "exec/operator.h"
#include "procedures/registry.h"

namespace kgq {

// Hash of a tuple of values (grouping keys, DISTINCT rows).
struct ValuesHash {
  std::size_t operator()(const std::vector<Value>& k) const;
};

// Labels, property equalities and predicates that a node or relationship must
// satisfy. Predicates read the element from `slot`, which a check writes first.
// compile() turns the props and predicates that are column tests (see
// planner/column_tests.h) into ColumnChecks, kept in their original order.
struct ElementCheck {
  std::vector<NameRef> labels;
  std::vector<std::pair<ast::SchemaName, const bound::Expr*>> props;
  std::vector<const bound::Expr*> predicates;
  int slot = -1;
  bool empty() const { return labels.empty() && props.empty() && predicates.empty(); }
  void compile(bool node, ExecContext& ctx);
  // Compiles again for another run (Operator::refresh): constant operands are the run's.
  void refresh(ExecContext& ctx) {
    if (compiled_ && !steps_.empty()) compile(node_, ctx);
  }
  bool nodeMatches(NodeId n, Row& row, ExecContext& ctx) const;
  bool relMatches(RelId r, Row& row, ExecContext& ctx) const;
  std::string describe() const;
  // When the whole check is one column test that a value index lists (ColumnCheck::listedNodes),
  // that list: a count of the nodes passing it among a known set needs no check per node.
  std::optional<ColumnCheck::Listed> listedNodes(ExecContext& ctx) const;
  // Fixes, for the elements checked against `row`, the operands that read the row but not the
  // element (ColumnCheck::fixOperand). Only for a caller that checks elements of one row at a time
  // and rebinds nothing the operands read in between.
  void fixOperands(Row& row, ExecContext& ctx) const;
  // The check of a node as its labels and integer comparisons (ColumnCheck::intCompare), when that is
  // all it is, into `out`; its operands fixed for the current row first (fixOperands). `never`:
  // a label the graph lacks, so no node passes.
  struct Plain {
    std::vector<LabelId> labels;
    std::vector<ColumnCheck::IntCompare> ints;
    bool never = false;
  };
  bool plain(const Graph& g, Plain& out) const;

 private:
  // One prop (prop >= 0, an index into props) or predicate, compiled or not.
  struct Step {
    int prop = -1;
    const bound::Expr* predicate = nullptr;
    std::optional<ColumnCheck> test;
  };
  bool stepsHold(std::uint32_t id, bool node, Row& row, ExecContext& ctx) const;
  std::vector<Step> steps_;
  bool compiled_ = false;
  bool node_ = true;
};

// Passes rows whose node in `slot` satisfies `check` (a pattern node bound earlier).
class NodeFilterOp : public Operator {
 public:
  NodeFilterOp(ExecContext& ctx, std::unique_ptr<Operator> input, int slot, ElementCheck check, std::string text);
  bool next(Row& row) override;
  void refresh() override {
    check_.refresh(ctx_);
    Operator::refresh();
  }
  std::string describe() const override { return "NodeFilter " + text_; }

 private:
  int slot_;
  ElementCheck check_;
  std::string text_;
};

// Produces one empty row.
class OnceOp : public Operator {
 public:
  using Operator::Operator;
  bool next(Row&) override;
  void reset() override { done_ = false; }
  std::string describe() const override { return "Start"; }

 private:
  bool done_ = false;
};

// Produces the row held in `argument` once: the leaf of a per-row sub-plan.
class ArgumentOp : public Operator {
 public:
  ArgumentOp(ExecContext& ctx, Row* argument) : Operator(ctx), argument_(argument) {}
  bool next(Row& row) override;
  void reset() override { done_ = false; }
  std::string describe() const override { return "Argument"; }

 private:
  Row* argument_;
  bool done_ = false;
};

class NodeScanOp : public Operator {
 public:
  NodeScanOp(ExecContext& ctx, std::unique_ptr<Operator> input, int slot, std::optional<NameRef> label,
             ElementCheck check, std::string text);
  // Scans the nodes of any of `labels` instead (`(n:A|B)`), each node once.
  void scanUnion(std::vector<NameRef> labels) { union_ = std::move(labels); }
  // The scan in parts, in scan order: the positions in each label list of a union, else in the
  // one list (or the node ids) it walks. A parallel pipeline cuts them into morsels.
  std::vector<std::size_t> partSizes() const;
  struct Range {
    std::size_t part, begin, end;
  };
  // From now on (and after each reset) only positions begin..end of part `part` (a morsel).
  void restrictTo(Range r) { range_ = r; }
  bool next(Row& row) override;
  void reset() override;
  void refresh() override {
    check_.refresh(ctx_);
    Operator::refresh();
  }
  std::string describe() const override;

 private:
  // Points list_ at the nodes of union_[unionPos_] (none when the graph lacks it).
  void openUnionLabel();
  // Whether `n` has one of the union's labels scanned before the current one.
  bool seenInUnion(NodeId n) const;
  int slot_;
  std::optional<NameRef> label_;
  std::vector<NameRef> union_;
  std::size_t unionPos_ = 0;
  ElementCheck check_;
  std::string text_;
  bool active_ = false;
  std::size_t pos_ = 0;
  const std::vector<NodeId>* list_ = nullptr;
  std::optional<Range> range_;
};

// The nodes whose property `key` equals `value` (or, `in`, is an element of it),
// found through the property index per input row. A small label is read instead
// of building an index for it.
class IndexSeekOp : public Operator {
 public:
  IndexSeekOp(ExecContext& ctx, std::unique_ptr<Operator> input, int slot, std::optional<NameRef> label,
              ast::SchemaName key, const bound::Expr* value, bool in, ElementCheck check, std::string text);
  bool next(Row& row) override;
  void reset() override;
  void refresh() override {
    check_.refresh(ctx_);
    Operator::refresh();
  }
  std::string describe() const override;

 private:
  void seek(Row& row);
  int slot_;
  std::optional<NameRef> label_;
  ast::SchemaName key_;
  const bound::Expr* value_;
  bool in_;
  ElementCheck check_;  // also holds the equality itself when the label is read instead
  std::string text_;
  bool active_ = false;
  std::size_t pos_ = 0;
  // A copy of the index's answer: a CREATE further on may change the index.
  std::vector<NodeId> hits_;
  std::vector<Value> wanted_;
};

// Relationship uniqueness within one MATCH: slots of relationships (or lists of
// them) bound earlier in the same clause.
struct UsedRels {
  std::vector<int> relSlots;
  std::vector<int> listSlots;
  bool contains(RelId r, const Row& row) const;
};

struct ExpandSpec {
  int fromSlot = -1, relSlot = -1, toSlot = -1;
  std::vector<NameRef> types;
  std::shared_ptr<const ast::LabelExpr> typeExpr;  // [:!T]: the type test instead of `types`
  // type(r) tests from WHERE: (value, value is a list for IN), evaluated per input row.
  std::vector<std::pair<const bound::Expr*, bool>> typeValues;
  ast::Direction dir = ast::Direction::Out;
  bool toBound = false;   // the far node is already bound: check instead of bind
  bool relBound = false;  // the relationship is already bound: check instead of bind
  ElementCheck toCheck, relCheck;
  UsedRels used;
  // >= 0: one row per input row with matches, their number in this slot (rule count-expand).
  int countSlot = -1;
  std::string text;
  bool typeMatches(TypeId t, const Graph& g) const;
  void refreshChecks(ExecContext& ctx) {
    toCheck.refresh(ctx);
    relCheck.refresh(ctx);
  }
  std::string describeChecks() const;  // for EXPLAIN: " check:L {k: v} WHERE ..."
};

class ExpandOp : public Operator {
 public:
  ExpandOp(ExecContext& ctx, std::unique_ptr<Operator> input, ExpandSpec spec);
  bool next(Row& row) override;
  void reset() override;
  void refresh() override {
    spec_.refreshChecks(ctx_);
    Operator::refresh();
  }
  std::string describe() const override;

 private:
  bool advance(Row& row);
  bool countDirect(Row& row, std::int64_t& matches);
  bool evaluateTypeValues(Row& row);
  ExpandSpec spec_;
  ElementCheck::Plain plain_;  // countDirect's, kept to reuse its room
  std::vector<TypeId> valueTypes_;  // the types typeValues allow for the current row
  std::vector<TypeId> typeScratch_;  // one type test's types, kept to reuse its room
  bool typesKnown_ = false;  // valueTypes_ hold for every row until reset()
  bool active_ = false;
  NodeId from_ = 0;
  AdjCursor cursor_;
};

struct VarExpandSpec : ExpandSpec {
  int minHops = 1, maxHops = -1;
  // The planner walks the pattern from its far end: the relationship list is
  // reported in pattern order, i.e. the reverse of the walk.
  bool reversed = false;
  // Only the set of distinct end nodes matters downstream (count(DISTINCT b) and
  // the like): find them by breadth-first search instead of enumerating paths.
  bool distinctEnds = false;
};

// Relationship-unique paths of minHops..maxHops, enumerated depth-first and lazily.
class VarExpandOp : public Operator {
 public:
  VarExpandOp(ExecContext& ctx, std::unique_ptr<Operator> input, VarExpandSpec spec);
  ~VarExpandOp() override;
  bool next(Row& row) override;
  void reset() override;
  void refresh() override {
    spec_.refreshChecks(ctx_);
    Operator::refresh();
  }
  std::string describe() const override;

  // For `RETURN count(DISTINCT b)` (no grouping) over distinct ends: this operator
  // then yields the aggregation's single row itself, the count in `slot`, instead
  // of one row per end node for an AggregateOp to count.
  bool countsDistinctEnds(int toSlot) const { return spec_.distinctEnds && spec_.toSlot == toSlot; }
  void countEndsInto(int slot) { countSlot_ = slot; }

 private:
  struct Frame {
    NodeId node;
    AdjCursor cursor;
  };
  bool nextCount(Row& row);
  // After reachable(start, false): how many of the counted ends pass a check that `listed` decides.
  std::size_t countListed(NodeId start, const ColumnCheck::Listed& listed);
  void addEnd(NodeId n) {
    if (collect_) ends_.push_back(n);
    else ++endCount_;
  }
  void keepMatchingEnds(Row& row);
  void push(NodeId n);
  bool emit(Row& row, NodeId end);
  bool followsBoundList(RelId r, std::size_t depth, const Row& row) const;
  bool step(Row& row);
  // Finds the distinct ends from `start`: into ends_, or (collect = false) only
  // their number into endCount_.
  void reachable(NodeId start, bool collect = true);
  template <bool Open>
  bool reachableLevel(const class Adjacency& adj, NodeId start, int depth, int maxHops,
                      const std::vector<TypeId>& types);
  template <bool Open, bool Collect>
  bool reachableLastLevel(const class Adjacency& adj, NodeId start, int depth, const std::vector<TypeId>& types);
  bool emitEnd(Row& row, NodeId end);
  VarExpandSpec spec_;
  bool active_ = false;
  bool startPending_ = false;
  std::vector<Frame> stack_;
  std::vector<RelId> path_;
  // Which relationships are on path_, so that relationship uniqueness costs O(1)
  // at any depth (a scan of the path made deep paths on dense graphs quadratic).
  std::vector<bool> onPath_;
  void pushRel(RelId r);
  void popRel();
  void clearPath();
  // distinctEnds mode: the end nodes found for the current start (or, when only
  // counted, their number).
  std::vector<NodeId> ends_;
  std::vector<TypeId> types_;  // spec_.types resolved, reused across starts
  std::size_t endPos_ = 0;
  std::size_t endCount_ = 0;
  bool startIsEnd_ = false;  // reachable() counted the start itself (a short enough cycle)
  bool collect_ = true;
  int countSlot_ = -1;  // >= 0: counting mode (countEndsInto)
  bool counted_ = false;
};

class ShortestPathFinder;
struct TraversalFilter;

// Shortest path(s) between two bound nodes, by breadth-first search.
struct ShortestSpec {
  int fromSlot = -1, toSlot = -1, relSlot = -1, pathSlot = -1;
  std::vector<NameRef> types;
  std::shared_ptr<const ast::LabelExpr> typeExpr;  // [:!T]: the type test instead of `types`
  ast::Direction dir = ast::Direction::Both;
  int minHops = 1, maxHops = -1;
  bool all = false;
  ast::ShortestKind kind = ast::ShortestKind::Single;
  int k = 1;             // TopK, Groups
  std::string selector;  // as written: shortestPath, SHORTEST 3, ...
  ElementCheck relCheck;
  // Conditions every node / relationship of the path must meet, checked during the search:
  // (slot to bind the element to, predicate that must be true).
  std::vector<std::pair<int, const bound::Expr*>> pathNodePredicates, pathRelPredicates;
  std::string text;
};

class ShortestPathOp : public Operator {
 public:
  ShortestPathOp(ExecContext& ctx, std::unique_ptr<Operator> input, ShortestSpec spec);
  ~ShortestPathOp() override;
  bool next(Row& row) override;
  void reset() override;
  void refresh() override {
    spec_.relCheck.refresh(ctx_);
    Operator::refresh();
  }
  std::string describe() const override;

 private:
  void search(Row& row);
  std::vector<PathValue> shortestGroups(ShortestPathFinder& finder, NodeId s, NodeId t, const TraversalFilter& filter);
  ShortestSpec spec_;
  std::vector<PathValue> results_;
  std::size_t pos_ = 0;
  bool active_ = false;
};

// Passes the rows for which every predicate is true.
class FilterOp : public Operator {
 public:
  FilterOp(ExecContext& ctx, std::unique_ptr<Operator> input, std::vector<const bound::Expr*> predicates);
  bool next(Row& row) override;
  std::string describe() const override;

 private:
  std::vector<const bound::Expr*> predicates_;
};

// Evaluates expressions into slots.
class ProjectOp : public Operator {
 public:
  ProjectOp(ExecContext& ctx, std::unique_ptr<Operator> input, std::vector<std::pair<const bound::Expr*, int>> items);
  bool next(Row& row) override;
  std::string describe() const override;

 private:
  std::vector<std::pair<const bound::Expr*, int>> items_;
};

class UnwindOp : public Operator {
 public:
  UnwindOp(ExecContext& ctx, std::unique_ptr<Operator> input, const bound::Expr* list, int slot);
  bool next(Row& row) override;
  void reset() override;
  std::string describe() const override;

 private:
  const bound::Expr* expr_;
  int slot_;
  Value list_;                     // the list when computed here
  const Value* source_ = nullptr;  // list_, or a parameter's or literal's value in place
  std::size_t pos_ = 0;
  bool active_ = false;
};

// LOAD CSV (op_loadcsv.cpp): per input row, each record of the file `url` names, into `slot`.
std::unique_ptr<Operator> makeLoadCsvOp(ExecContext& ctx, std::unique_ptr<Operator> input, const bound::Expr* url,
                                        int slot, const ast::LoadCsvSpec& spec);

// For each input row runs `inner` (whose leaf is an ArgumentOp over `argument`);
// when it produces nothing, emits the input row with `nullSlots` set to null.
class OptionalOp : public Operator {
 public:
  OptionalOp(ExecContext& ctx, std::unique_ptr<Operator> input, std::unique_ptr<Operator> inner,
             std::unique_ptr<Row> argument, std::vector<int> nullSlots);
  bool next(Row& row) override;
  void reset() override;
  std::string describe() const override { return "Optional"; }

 private:
  std::unique_ptr<Row> argument_;
  std::vector<int> nullSlots_;
  bool active_ = false;
  bool matched_ = false;
};

// CALL { }: per input row, the inner plan's rows (with the input row as its argument). A unit
// subquery (no returned slots) runs to its end and passes the input row on once; an optional one
// gives the input row with nulls in the returned slots when the inner plan yields nothing.
class ApplyOp : public Operator {
 public:
  ApplyOp(ExecContext& ctx, std::unique_ptr<Operator> input, std::unique_ptr<Operator> inner,
          std::unique_ptr<Row> argument, std::vector<int> returned, bool optional, bool eager);
  bool next(Row& row) override;
  void reset() override;
  std::string describe() const override;

 private:
  std::unique_ptr<Row> argument_;
  std::vector<int> returned_;
  bool optional_;
  bool eager_;  // the subquery writes: the input is read whole before it runs
  std::optional<std::vector<Row>> buffered_;
  std::size_t at_ = 0;
  bool active_ = false;
  bool matched_ = false;
};

// Groups rows by key values and computes aggregates; consumes its whole input.
class AggregateOp : public EagerOp {
 public:
  AggregateOp(ExecContext& ctx, std::unique_ptr<Operator> input, std::vector<AggregateKey> keys,
              std::vector<const ast::AggregateSpec*> aggregates, int weightSlot = -1);
  std::string describe() const override;

 private:
  void fill(Row& scratch) override;
  std::vector<AggregateKey> keys_;
  std::vector<const ast::AggregateSpec*> aggs_;
  int weightSlot_;  // GroupTable's
};

// CALL: per input row, the procedure's rows, each written into the yielded slots.
class ProcedureCallOp : public Operator {
 public:
  ProcedureCallOp(ExecContext& ctx, std::unique_ptr<Operator> input, const ast::CallClause& call);
  bool next(Row& row) override;
  void reset() override;
  std::string describe() const override { return "ProcedureCall " + call_.text; }

 private:
  const ast::CallClause& call_;
  ProcedureRows rows_;
  std::size_t at_ = 0;
};

// UNION: the rows of each child in turn; each child writes the same column slots.
class UnionOp : public Operator {
 public:
  UnionOp(ExecContext& ctx, std::vector<std::unique_ptr<Operator>> parts, std::string text);
  bool next(Row& row) override;
  void reset() override;
  std::string describe() const override { return text_; }
  bool childrenArePeers() const override { return true; }

 private:
  std::size_t current_ = 0;
  std::string text_;
};

class DistinctOp : public Operator {
 public:
  DistinctOp(ExecContext& ctx, std::unique_ptr<Operator> input, std::vector<int> slots);
  bool next(Row& row) override;
  void reset() override;
  std::string describe() const override { return "Distinct"; }

 private:
  std::vector<int> slots_;
  std::unordered_set<std::vector<Value>, ValuesHash> seen_;
};

struct SortKey {
  const bound::Expr* expr;
  bool descending;
};

// SKIP or LIMIT's count: a constant expression (or parameter) that must be a non-negative integer.
std::int64_t evaluateCount(const bound::Expr* e, const char* what, Row& row, ExecContext& ctx);

// With `limit` (ORDER BY ... [SKIP s] LIMIT l, rule top-k) only the first s + l rows in order are
// kept while the input is read: memory and work follow the answer, not the input.
class SortOp : public EagerOp {
 public:
  SortOp(ExecContext& ctx, std::unique_ptr<Operator> input, std::vector<SortKey> keys,
         const bound::Expr* skip = nullptr, const bound::Expr* limit = nullptr);
  std::string describe() const override;

 private:
  void fill(Row& scratch) override;
  void readAll(Row& row);
  void readTop(Row& row, std::int64_t k);
  bool before(const std::vector<Value>& a, std::size_t seqA, const std::vector<Value>& b, std::size_t seqB) const;

  std::vector<SortKey> keys_;
  const bound::Expr* skip_;
  const bound::Expr* limit_;
};

// SKIP and LIMIT: the counts are constant expressions evaluated once.
// `afterUpdates`: a CREATE runs upstream; LIMIT 0 must not stop it from running.
class SkipLimitOp : public Operator {
 public:
  SkipLimitOp(ExecContext& ctx, std::unique_ptr<Operator> input, const bound::Expr* skip, const bound::Expr* limit,
              bool afterUpdates);
  bool next(Row& row) override;
  void reset() override;
  std::string describe() const override;

 private:
  std::int64_t count(const bound::Expr* e, const char* what, Row& row);
  const bound::Expr* skip_;
  const bound::Expr* limit_;
  bool afterUpdates_;
  bool pulled_ = false;
  std::int64_t toSkip_ = -1, left_ = -1;
};

// Assembles a named path from the slots of its nodes and relationships.
class BuildPathOp : public Operator {
 public:
  BuildPathOp(ExecContext& ctx, std::unique_ptr<Operator> input, const ast::PatternPart* part);
  bool next(Row& row) override;
  std::string describe() const override;

 private:
  const ast::PatternPart* part_;
};

// CREATE: creates the pattern once per row (a WriteOp: eager unless the plan streams it).
class CreateOp : public WriteOp {
 public:
  // `existing`: slots of pattern nodes bound before the CREATE, which must hold nodes.
  CreateOp(ExecContext& ctx, std::unique_ptr<Operator> input, const std::vector<ast::PatternPart>* pattern,
           std::vector<int> existing, bool streams);
  std::string describe() const override;

 private:
  void writeOne(Row& row, std::vector<Row>& more) override;
  const char* inputName() const override { return "CREATE input"; }
  const std::vector<ast::PatternPart>* pattern_;
  std::vector<int> existing_;
};

// Creates the pattern's unbound nodes and all its relationships for one row;
// `existing`: slots bound before, which must hold nodes (CREATE, MERGE, FOREACH).
void createPattern(const std::vector<ast::PatternPart>& pattern, const std::vector<int>& existing, Row& row,
                   ExecContext& ctx);
// A value that a property may hold (not a map, node, ...): else a RuntimeError naming `key`.
void checkStorable(const std::string& key, const Value& v);

// SET, REMOVE, [DETACH] DELETE, MERGE and FOREACH. A WriteOp: eager (all input
// rows read before the first write), then writing row by row, so that each row's
// MERGE sees what the rows before it created; a MERGE the plan streams writes each
// row as it arrives.
class MergeSearch;
class UpdateOp : public WriteOp {
 public:
  UpdateOp(ExecContext& ctx, std::unique_ptr<Operator> input, const ast::UpdateClause* clause,
           std::vector<int> existing, bool streams);
  ~UpdateOp() override;
  std::string describe() const override;

 private:
  void writeOne(Row& row, std::vector<Row>& more) override;
  void writeAll(std::vector<Row>& rows) override;
  void guard(const std::function<void()>& write) override;
  const char* inputName() const override { return "update input"; }
  const ast::UpdateClause* clause_;
  std::vector<int> existing_;
  std::unique_ptr<MergeSearch> search_;  // streaming MERGE: kept from row to row
};

}  // namespace kgq
