#include "exec/physical.h"

#include <chrono>
#include <fmt/format.h>

#include "exec/operators.h"
#include "exec/parallel.h"

namespace kgq {

using plan::LogicalOp;
using plan::OpKind;

namespace {

// Counts what the operator below yields and the time its next() takes
// (including its inputs'); the printer subtracts the inputs' share.
class ProfileOp : public Operator {
 public:
  ProfileOp(ExecContext& ctx, std::unique_ptr<Operator> inner) : Operator(ctx) { addChild(std::move(inner)); }
  bool next(Row& row) override {
    auto t0 = std::chrono::steady_clock::now();
    bool more = input().next(row);
    nanos_ += std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now() - t0).count();
    if (more) ++rows_;
    return more;
  }
  std::string describe() const override { return children_[0]->describe(); }
  void absorbProfile(const Operator& twin) override {
    const auto* p = dynamic_cast<const ProfileOp*>(&twin);
    // A worker starts its pipeline's one row again for each morsel: shown once, as serially.
    if (p && dynamic_cast<const OnceOp*>(children_[0].get())) rows_ = std::max<std::uint64_t>(rows_, p->rows_ ? 1 : 0);
    else if (p) rows_ += p->rows_;
    if (p) nanos_ += p->nanos_;
    Operator::absorbProfile(twin);
  }
  std::uint64_t rows() const { return rows_; }
  double inclusiveMs() const { return static_cast<double>(nanos_) / 1e6; }

 private:
  std::uint64_t rows_ = 0;
  std::int64_t nanos_ = 0;
};

// `node`: the check is of a node (else of a relationship).
ElementCheck checkFor(const plan::ElementSpec& spec, int slot, bool node, ExecContext& ctx) {
  ElementCheck c;
  for (const auto& l : spec.labels) c.labels.emplace_back(l);
  c.props = spec.props;
  c.predicates = spec.predicates;
  c.slot = slot;
  c.compile(node, ctx);
  return c;
}

std::vector<NameRef> refs(const std::vector<ast::SchemaName>& names) { return {names.begin(), names.end()}; }

std::optional<NameRef> labelRef(const ast::SchemaName& label) {
  if (label.empty()) return std::nullopt;
  return NameRef(label);
}

void fillExpand(ExpandSpec& spec, const LogicalOp& op, ExecContext& ctx) {
  const auto& x = op.expand;
  spec.fromSlot = x.fromSlot;
  spec.relSlot = x.relSlot;
  spec.toSlot = x.toSlot;
  spec.types = refs(x.types);
  spec.typeExpr = x.typeExpr;
  spec.typeValues = x.typeValues;
  spec.dir = x.dir;
  spec.toBound = x.toBound;
  spec.relBound = x.relBound;
  spec.toCheck = checkFor(x.toCheck, x.toSlot, true, ctx);
  spec.relCheck = checkFor(x.relCheck, x.relSlot, false, ctx);
  spec.used.relSlots = x.usedRelSlots;
  spec.used.listSlots = x.usedListSlots;
  spec.text = op.text;
}

class Builder {
 public:
  Builder(ExecContext& ctx, PhysicalPlan& out, bool profile, const plan::LogicalPlan& plan)
      : ctx_(ctx), out_(out), profile_(profile), plan_(plan) {}

  std::unique_ptr<Operator> build(const LogicalOp& op) {
    auto built = make(op);
    if (profile_) built = std::make_unique<ProfileOp>(ctx_, std::move(built));
    return built;
  }

  Row* newArgument() {
    out_.argumentRows.push_back(std::make_unique<Row>());
    return out_.argumentRows.back().get();
  }

  Row* argument_ = nullptr;  // the row an Argument leaf reads

  // A plan run once per row of an outer input: its Argument leaves read the row it returns,
  // which the operator running it fills before each run.
  std::pair<std::unique_ptr<Operator>, std::unique_ptr<Row>> buildPerRow(const LogicalOp& plan) {
    auto arg = std::make_unique<Row>();
    Row* saved = argument_;
    argument_ = arg.get();
    auto inner = build(plan);
    argument_ = saved;
    return {std::move(inner), std::move(arg)};
  }

 private:
  std::unique_ptr<Operator> input(const LogicalOp& op) { return build(*op.children[0]); }

  std::unique_ptr<Operator> make(const LogicalOp& op) {
    switch (op.kind) {
      case OpKind::Start: return std::make_unique<OnceOp>(ctx_);
      case OpKind::Argument: return std::make_unique<ArgumentOp>(ctx_, argument_);
      case OpKind::NodeScan: {
        auto scan = std::make_unique<NodeScanOp>(ctx_, input(op), op.slot, labelRef(op.scanLabel),
                                                 checkFor(op.check, op.slot, true, ctx_), op.text);
        if (!op.scanLabels.empty()) scan->scanUnion(refs(op.scanLabels));
        return scan;
      }
      case OpKind::IndexSeek:
        return std::make_unique<IndexSeekOp>(ctx_, input(op), op.slot, labelRef(op.scanLabel), op.seekKey,
                                             op.seekValue, op.seekIn, checkFor(op.check, op.slot, true, ctx_), op.text);
      case OpKind::NodeCheck: {
        ElementCheck check = checkFor(op.check, op.slot, true, ctx_);
        std::string text = op.text + check.describe();
        return std::make_unique<NodeFilterOp>(ctx_, input(op), op.slot, std::move(check), std::move(text));
      }
      case OpKind::Expand: {
        ExpandSpec spec;
        fillExpand(spec, op, ctx_);
        spec.countSlot = op.expand.countSlot;
        return std::make_unique<ExpandOp>(ctx_, input(op), std::move(spec));
      }
      case OpKind::VarExpand: {
        VarExpandSpec spec;
        fillExpand(spec, op, ctx_);
        spec.minHops = op.expand.minHops;
        spec.maxHops = op.expand.maxHops;
        spec.reversed = op.expand.reversed;
        spec.distinctEnds = op.expand.distinctEnds;
        auto vx = std::make_unique<VarExpandOp>(ctx_, input(op), std::move(spec));
        if (op.expand.countSlot >= 0) vx->countEndsInto(op.expand.countSlot);
        return vx;
      }
      case OpKind::ShortestPath: {
        const auto& x = op.expand;
        ShortestSpec spec;
        spec.fromSlot = x.fromSlot;
        spec.toSlot = x.toSlot;
        spec.relSlot = x.relSlot;
        spec.pathSlot = x.pathSlot;
        spec.types = refs(x.types);
        spec.typeExpr = x.typeExpr;
        spec.dir = x.dir;
        spec.minHops = x.minHops;
        spec.maxHops = x.maxHops;
        spec.all = x.all;
        spec.kind = x.shortest;
        spec.k = x.k;
        spec.selector = x.selector;
        spec.relCheck = checkFor(x.relCheck, -1, false, ctx_);
        spec.pathNodePredicates = x.pathNodePredicates;
        spec.pathRelPredicates = x.pathRelPredicates;
        spec.text = op.text;
        return std::make_unique<ShortestPathOp>(ctx_, input(op), std::move(spec));
      }
      case OpKind::Filter: return std::make_unique<FilterOp>(ctx_, input(op), op.predicates);
      case OpKind::Project: return std::make_unique<ProjectOp>(ctx_, input(op), op.items);
      case OpKind::Unwind: return std::make_unique<UnwindOp>(ctx_, input(op), op.items[0].first, op.slot);
      case OpKind::LoadCsv: return makeLoadCsvOp(ctx_, input(op), op.items[0].first, op.slot, *op.loadCsv);
      case OpKind::Optional: {
        auto outer = input(op);
        auto [inner, arg] = buildPerRow(*op.children[1]);
        return std::make_unique<OptionalOp>(ctx_, std::move(outer), std::move(inner), std::move(arg), op.slots);
      }
      case OpKind::Apply: {
        auto outer = input(op);
        auto [inner, arg] = buildPerRow(*op.children[1]);
        return std::make_unique<ApplyOp>(ctx_, std::move(outer), std::move(inner), std::move(arg), op.slots,
                                         op.optionalApply, op.eager);
      }
      case OpKind::Aggregate: {
        std::vector<AggregateKey> keys;
        for (const auto& [e, s] : op.items) keys.push_back({e, s});
        if (ctx_.limits.threads > 1 && !argument_ && parallelSafe(op, plan_)) {
          const LogicalOp* below = op.children[0].get();
          const plan::LogicalPlan* plan = &plan_;
          bool profile = profile_;
          auto buildBelow = [below, plan, profile](ExecContext& ctx, NodeScanOp*& scan) {
            PhysicalPlan none;  // a parallel pipeline has no per-row sub-plans to hand rows to
            Builder b(ctx, none, profile, *plan);
            auto root = b.build(*below);
            scan = scanOf(*root);
            return root;
          };
          NodeScanOp* scan = nullptr;
          auto shown = buildBelow(ctx_, scan);
          return std::make_unique<ParallelAggregateOp>(ctx_, std::move(shown), scan, std::move(keys), op.aggregates,
                                                       std::move(buildBelow), op.weightSlot);
        }
        return std::make_unique<AggregateOp>(ctx_, input(op), std::move(keys), op.aggregates, op.weightSlot);
      }
      case OpKind::Distinct: return std::make_unique<DistinctOp>(ctx_, input(op), op.slots);
      case OpKind::Sort: {
        std::vector<SortKey> keys;
        for (const auto& [e, desc] : op.sortKeys) keys.push_back({e, desc});
        return std::make_unique<SortOp>(ctx_, input(op), std::move(keys), op.skip, op.limit);
      }
      case OpKind::SkipLimit:
        return std::make_unique<SkipLimitOp>(ctx_, input(op), op.skip, op.limit, op.afterUpdates);
      case OpKind::BuildPath: return std::make_unique<BuildPathOp>(ctx_, input(op), op.part);
      case OpKind::Create: return std::make_unique<CreateOp>(ctx_, input(op), op.pattern, op.slots, op.streams);
      case OpKind::ProcedureCall: return std::make_unique<ProcedureCallOp>(ctx_, input(op), *op.call);
      case OpKind::Union: {
        std::vector<std::unique_ptr<Operator>> parts;
        for (const auto& c : op.children) parts.push_back(build(*c));
        return std::make_unique<UnionOp>(ctx_, std::move(parts), op.text);
      }
      case OpKind::Update: return std::make_unique<UpdateOp>(ctx_, input(op), op.update, op.slots, op.streams);
    }
    return nullptr;
  }

  // The scan at the bottom of a pipeline's input chain (parallelSafe has checked there is one).
  static NodeScanOp* scanOf(Operator& root) {
    for (Operator* o = &root; o; o = o->children().empty() ? nullptr : o->children()[0].get())
      if (auto* scan = dynamic_cast<NodeScanOp*>(o)) return scan;
    return nullptr;
  }

  ExecContext& ctx_;
  PhysicalPlan& out_;
  bool profile_;
  const plan::LogicalPlan& plan_;
};

void explainInto(const Operator& op, int depth, std::string& out) {
  const auto* prof = dynamic_cast<const ProfileOp*>(&op);
  const Operator& shown = prof ? *op.children()[0] : op;
  std::string line = std::string(static_cast<std::size_t>(depth) * 2, ' ') + shown.describe();
  if (prof) {
    double own = prof->inclusiveMs();
    for (const auto& kid : shown.children())
      if (const auto* p = dynamic_cast<const ProfileOp*>(kid.get())) own -= p->inclusiveMs();
    line += fmt::format("  [rows {}, {:.3f} ms]", prof->rows(), std::max(own, 0.0));
  }
  out += line + "\n";
  // The input (first child) is printed last so that the text reads top-down like the data flow upward.
  const auto& kids = shown.children();
  if (shown.childrenArePeers())
    for (const auto& kid : kids) explainInto(*kid, depth + 1, out);
  else
    for (std::size_t i = kids.size(); i-- > 0;) explainInto(*kids[i], depth + 1, out);
}

}  // namespace

PhysicalPlan buildPhysicalPlan(const plan::LogicalPlan& plan, ExecContext& ctx, bool profile) {
  PhysicalPlan out;
  Builder b(ctx, out, profile, plan);
  for (const auto& sub : plan.subPlans) {
    Row* arg = b.newArgument();
    b.argument_ = arg;
    ctx.subPlans[sub.expr] = ExecContext::SubPlan{b.build(*sub.root), arg, sub.columnSlot};
  }
  b.argument_ = nullptr;
  out.root = b.build(*plan.root);
  return out;
}

std::string explainPlan(const Operator& root, const plan::LogicalPlan& plan) {
  std::string out;
  explainInto(root, 0, out);
  out += "Rules: ";
  if (plan.rules.empty()) out += "none";
  for (std::size_t i = 0; i < plan.rules.size(); ++i) out += (i ? ", " : "") + plan.rules[i];
  out += "\n";
  return out;
}

}  // namespace kgq
