// CREATE and named-path assembly.
#include <algorithm>

#include "exec/evaluator.h"
#include "exec/operators.h"

namespace kgq {

void checkStorable(const std::string& key, const Value& v) {
  if (v.isMap() || v.isNode() || v.isRel() || v.isPath())
    throw RuntimeError("property values can only be of primitive types or lists of them: `" + key + "` is " +
                       std::string(typeName(v.type())));
  if (v.isList())
    for (const auto& e : v.asList())
      if (e.isList() || e.isMap() || e.isNode() || e.isRel() || e.isPath() || e.isNull())
        throw RuntimeError("collections containing " + std::string(typeName(e.type())) +
                           " values can not be stored in properties: `" + key + "`");
}

namespace {
PropertyMap evaluateProps(const ast::PropertyList& props, Row& row, ExecContext& ctx) {
  PropertyMap out;
  for (const auto& [key, expr] : props) {
    Value v = evaluate(bound::of(*expr), row, ctx);
    if (v.isNull()) continue;  // a null property is no property
    checkStorable(key, v);
    setProperty(out, ctx.graph.keys().intern(key), std::move(v));
    ++ctx.stats.propertiesSet;
  }
  return out;
}
}  // namespace

bool WriteOp::next(Row& row) {
  if (pos_ < rows_.size()) {
    row = std::move(rows_[pos_++]);
    return true;
  }
  if (done_) return false;
  rows_.clear();
  pos_ = 0;
  if (streams_) {
    if (!input().next(row)) {
      done_ = true;
      return false;
    }
    for (std::size_t s : binds_) row[s] = Value();
    guard([&] { writeOne(row, rows_); });
    return true;
  }
  while (input().next(row)) {
    rows_.push_back(row);
    ctx_.checkRows(rows_.size(), inputName());
  }
  done_ = true;
  guard([&] { writeAll(rows_); });
  if (rows_.empty()) return false;
  row = std::move(rows_[pos_++]);
  return true;
}

void WriteOp::writeAll(std::vector<Row>& rows) {
  // Each input row moves into the output as it is written, so that the rows are held once.
  std::vector<Row> in = std::move(rows), more;
  rows.clear();
  rows.reserve(in.size());
  for (Row& r : in) {
    more.clear();
    writeOne(r, more);
    rows.push_back(std::move(r));
    for (Row& m : more) rows.push_back(std::move(m));
  }
}

void WriteOp::bindsSlots(const std::vector<ast::PatternPart>& pattern, const std::vector<int>& existing) {
  auto add = [&](int slot) {
    if (slot >= 0 && std::find(existing.begin(), existing.end(), slot) == existing.end())
      binds_.push_back(static_cast<std::size_t>(slot));
  };
  for (const auto& part : pattern) {
    for (const auto& n : part.nodes) add(n.slot);
    for (const auto& r : part.rels) add(r.slot);
    add(part.pathSlot);
  }
}

void WriteOp::reset() {
  Operator::reset();
  rows_.clear();
  pos_ = 0;
  done_ = false;
}

CreateOp::CreateOp(ExecContext& ctx, std::unique_ptr<Operator> input, const std::vector<ast::PatternPart>* pattern,
                   std::vector<int> existing, bool streams)
    : WriteOp(ctx, streams), pattern_(pattern), existing_(std::move(existing)) {
  addChild(std::move(input));
  bindsSlots(*pattern_, existing_);
}

void CreateOp::writeOne(Row& row, std::vector<Row>&) { createPattern(*pattern_, existing_, row, ctx_); }

void createPattern(const std::vector<ast::PatternPart>& pattern, const std::vector<int>& existing, Row& row,
                   ExecContext& ctx) {
  Graph& g = ctx.graph;
  for (const auto& part : pattern) {
    std::vector<NodeId> nodes;
    for (const auto& n : part.nodes) {
      auto& slot = row[static_cast<std::size_t>(n.slot)];
      if (slot.isNode()) {
        if (!g.nodeAlive(slot.asNode()))
          throw RuntimeError("cannot create a relationship to `" + n.var + "`: the node was deleted");
        nodes.push_back(slot.asNode());
        continue;
      }
      if (!n.var.empty() && !slot.isNull())
        throw RuntimeError("cannot create `" + n.var + "`: it holds " + std::string(typeName(slot.type())) +
                           ", not a node");
      if (std::find(existing.begin(), existing.end(), n.slot) != existing.end())
        throw RuntimeError("cannot create a relationship to `" + n.var + "`: it is null",
                           {}, "an OPTIONAL MATCH found nothing for it; filter such rows with WHERE " + n.var +
                                   " IS NOT NULL");
      std::vector<LabelId> labels;
      for (const auto& l : n.labels) labels.push_back(g.labels().intern(l));
      NodeId id = g.addNode(std::move(labels), evaluateProps(n.props, row, ctx));
      ++ctx.stats.nodesCreated;
      ctx.stats.labelsAdded += n.labels.size();
      slot = Value(NodeRef{id});
      nodes.push_back(id);
    }
    for (std::size_t i = 0; i < part.rels.size(); ++i) {
      const auto& r = part.rels[i];
      NodeId a = nodes[i], b = nodes[i + 1];
      if (r.dir == ast::Direction::In) std::swap(a, b);
      RelId id = g.addRel(a, b, g.types().intern(r.types[0]), evaluateProps(r.props, row, ctx));
      ++ctx.stats.relsCreated;
      row[static_cast<std::size_t>(r.slot)] = Value(RelRef{id});
    }
    if (part.pathSlot >= 0) {
      PathValue p;
      p.nodes = nodes;
      for (const auto& r : part.rels) p.rels.push_back(row[static_cast<std::size_t>(r.slot)].asRel());
      row[static_cast<std::size_t>(part.pathSlot)] = Value(std::move(p));
    }
  }
}

std::string CreateOp::describe() const { return streams() ? "Create (streams)" : "Create"; }

BuildPathOp::BuildPathOp(ExecContext& ctx, std::unique_ptr<Operator> input, const ast::PatternPart* part)
    : Operator(ctx), part_(part) {
  addChild(std::move(input));
}

bool BuildPathOp::next(Row& row) {
  if (!input().next(row)) return false;
  const Graph& g = ctx_.graph;
  Value& out = row[static_cast<std::size_t>(part_->pathSlot)];
  const Value& first = row[static_cast<std::size_t>(part_->nodes[0].slot)];
  // Runs once per matched row (millions for a variable-length pattern): size the
  // path first so that it is allocated once.
  std::size_t hops = 0;
  bool complete = first.isNode();
  for (std::size_t i = 0; complete && i < part_->rels.size(); ++i) {
    const Value& rv = row[static_cast<std::size_t>(part_->rels[i].slot)];
    if (rv.isRel()) ++hops;
    else if (rv.isList()) hops += rv.asList().size();
    else complete = false;
  }
  if (!complete) {
    out = Value();  // part of an unmatched optional pattern
    return true;
  }
  PathValue p;
  p.nodes.reserve(hops + 1);
  p.rels.reserve(hops);
  NodeId cur = first.asNode();
  p.nodes.push_back(cur);
  auto walk = [&](RelId r) {
    cur = g.relStart(r) == cur ? g.relEnd(r) : g.relStart(r);
    p.rels.push_back(r);
    p.nodes.push_back(cur);
  };
  for (const auto& rel : part_->rels) {
    const Value& rv = row[static_cast<std::size_t>(rel.slot)];
    if (rv.isRel()) walk(rv.asRel());
    else
      for (const auto& e : rv.asList()) walk(e.asRel());
  }
  out = Value(std::move(p));
  return true;
}

std::string BuildPathOp::describe() const { return "BuildPath " + part_->pathVar; }

}  // namespace kgq
