// Pull-based physical operators. All operators of one plan write into one shared
// row: each operator owns a set of slots and writes only those, so a row flows
// from the leaves upward without being copied. `next(row)` produces the next row
// (false when exhausted); `reset()` rewinds a subtree so that it can run again
// for a new argument row (optional match, pattern predicates).
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "ast/ast.h"
#include "exec/context.h"

namespace kgq {

class Operator {
 public:
  explicit Operator(ExecContext& ctx) : ctx_(ctx) {}
  virtual ~Operator() = default;
  Operator(const Operator&) = delete;
  Operator& operator=(const Operator&) = delete;

  virtual bool next(Row& row) = 0;
  virtual void reset() {
    for (auto& c : children_) c->reset();
  }
  // Before another run of the same operators (a kept plan, exec/executor.h), after reset():
  // evaluates again what was fixed for the whole run, such as a constant operand, which may
  // read parameters or the statement's time.
  virtual void refresh() {
    for (auto& c : children_) c->refresh();
  }
  // One line for EXPLAIN, e.g. "Expand (a)-[:T]->(b)".
  virtual std::string describe() const = 0;
  // Whether the children are alternatives run in turn (UNION parts, shown in order) rather than
  // an input and what runs per input row.
  virtual bool childrenArePeers() const { return false; }

  // Adds the PROFILE counters of `twin`, a copy of this subtree that ran elsewhere (a parallel
  // worker's), to this one's.
  virtual void absorbProfile(const Operator& twin) {
    for (std::size_t i = 0; i < children_.size() && i < twin.children_.size(); ++i)
      children_[i]->absorbProfile(*twin.children_[i]);
  }

  const std::vector<std::unique_ptr<Operator>>& children() const { return children_; }
  Operator& input() { return *children_[0]; }
  void addChild(std::unique_ptr<Operator> c) { children_.push_back(std::move(c)); }

 protected:
  ExecContext& ctx_;
  std::vector<std::unique_ptr<Operator>> children_;
};

// An operator that reads all its input before its first row (ORDER BY, aggregation, writes):
// `fill` puts the rows it answers with into `rows_`, which are then handed out one by one.
class EagerOp : public Operator {
 public:
  using Operator::Operator;
  bool next(Row& row) final {
    if (!filled_) {
      filled_ = true;
      fill(row);
    }
    if (pos_ >= rows_.size()) return false;
    row = std::move(rows_[pos_++]);
    return true;
  }
  void reset() override {
    Operator::reset();
    rows_.clear();
    pos_ = 0;
    filled_ = false;
  }

 protected:
  // `scratch` is the shared row, free to be used while reading the input.
  virtual void fill(Row& scratch) = 0;
  std::vector<Row> rows_;

 private:
  std::size_t pos_ = 0;
  bool filled_ = false;
};

// CREATE and the update clauses. Eager unless the plan says the write streams
// (planner/eagerness.h): it reads all its input rows before its first write, so
// that no read before it sees its writes and none after it sees only some, then
// writes them in order. Streaming, it writes each row as it arrives.
class WriteOp : public Operator {
 public:
  WriteOp(ExecContext& ctx, bool streams) : Operator(ctx), streams_(streams) {}
  bool next(Row& row) final;
  void reset() override;

 protected:
  // Writes for one row: `row` becomes the first row to pass on, `more` receives any others.
  virtual void writeOne(Row& row, std::vector<Row>& more) = 0;
  // Eager: writes for all rows (in order), which become the rows to pass on.
  virtual void writeAll(std::vector<Row>& rows);
  // Runs `write`, turning its errors into the statement's (a position, where the write has one).
  virtual void guard(const std::function<void()>& write) { write(); }
  virtual const char* inputName() const = 0;  // for the row limit's message
  bool streams() const { return streams_; }
  // The slots the write binds (its pattern's new elements): streaming, the shared row
  // still holds the previous row's, which must not look bound.
  void bindsSlots(const std::vector<ast::PatternPart>& pattern, const std::vector<int>& existing);

 private:
  bool streams_;
  std::vector<std::size_t> binds_;
  bool done_ = false;
  std::vector<Row> rows_;
  std::size_t pos_ = 0;
};

// A label or type of the plan: the binder resolved it (Present / Absent, no
// lookup here); one that a write of the same statement may introduce (Deferred)
// resolves once it exists and matches nothing until then.
struct NameRef {
  NameRef(const ast::SchemaName& n) : name(n) {
    if (n.res.state == ast::NameState::Present) id = n.res.id;
    absent = n.res.state == ast::NameState::Absent;
  }
  std::string name;
  mutable std::optional<std::uint32_t> id;
  bool absent = false;
  std::optional<std::uint32_t> resolve(const StringInterner& names) const {
    if (!id && !absent) id = names.find(name);
    return id;
  }
};

// Whether label expression `e` holds for an element whose labels (or one type) `has(id)` tells,
// `any`: whether it has any. A name the graph lacks is a label no element has.
template <typename Has>
bool labelExprHolds(const ast::LabelExpr& e, const StringInterner& names, const Has& has, bool any) {
  using K = ast::LabelExpr::Kind;
  switch (e.kind) {
    case K::Name: {
      if (e.name.res.state == ast::NameState::Present) return has(e.name.res.id);
      if (e.name.res.state == ast::NameState::Absent) return false;
      auto id = names.find(e.name);
      return id && has(*id);
    }
    case K::Any: return any;
    case K::Not: return !labelExprHolds(e.args[0], names, has, any);
    case K::And:
      for (const auto& a : e.args)
        if (!labelExprHolds(a, names, has, any)) return false;
      return true;
    case K::Or:
      for (const auto& a : e.args)
        if (labelExprHolds(a, names, has, any)) return true;
      return false;
  }
  return false;
}

// The ids of those of `refs` the graph knows, into `out` (cleared first, its room kept).
inline void resolveAll(const std::vector<NameRef>& refs, const StringInterner& names, std::vector<std::uint32_t>& out) {
  out.clear();
  for (const auto& ref : refs)
    if (auto id = ref.resolve(names)) out.push_back(*id);
}

// The same for a relationship pattern with a type expression ([:!T]): the types the graph has
// now that it allows (read per search: a CREATE earlier in the statement may have added one).
inline void resolveTypes(const std::vector<NameRef>& refs, const ast::LabelExpr* typeExpr, const StringInterner& names,
                         std::vector<std::uint32_t>& out) {
  if (!typeExpr) return resolveAll(refs, names, out);
  out.clear();
  for (std::uint32_t t = 0; t < names.size(); ++t)
    if (labelExprHolds(*typeExpr, names, [t](std::uint32_t id) { return id == t; }, true)) out.push_back(t);
}

}  // namespace kgq
