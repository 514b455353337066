#include "exec/parallel.h"

#include <condition_variable>
#include <exception>
#include <mutex>
#include <new>
#include <stdexcept>
#include <thread>

#include "common/memory_budget.h"

namespace kgq {

MorselDispenser::MorselDispenser(const std::vector<std::size_t>& partSizes, std::size_t size) {
  if (size == 0) size = 1;
  for (std::size_t part = 0; part < partSizes.size(); ++part)
    for (std::size_t begin = 0; begin < partSizes[part]; begin += size)
      morsels_.push_back({morsels_.size(), {part, begin, std::min(begin + size, partSizes[part])}});
  end_.store(morsels_.size());
}

std::optional<Morsel> MorselDispenser::next() {
  std::size_t i = next_.fetch_add(1, std::memory_order_relaxed);
  if (i >= end_.load(std::memory_order_relaxed) || i >= morsels_.size()) return std::nullopt;
  return morsels_[i];
}

void MorselDispenser::stopAfter(std::size_t index) {
  std::size_t end = end_.load();
  while (index + 1 < end && !end_.compare_exchange_weak(end, index + 1)) {
  }
}

ParallelAggregateOp::ParallelAggregateOp(ExecContext& ctx, std::unique_ptr<Operator> input, NodeScanOp* scan,
                                         std::vector<AggregateKey> keys,
                                         std::vector<const ast::AggregateSpec*> aggregates, BuildInput build,
                                         int weightSlot)
    : EagerOp(ctx),
      scan_(scan),
      keys_(std::move(keys)),
      aggs_(std::move(aggregates)),
      build_(std::move(build)),
      weightSlot_(weightSlot) {
  addChild(std::move(input));
}

std::string ParallelAggregateOp::describe() const {
  std::string s = "ParallelAggregate";
  if (!keys_.empty()) {
    s += " by ";
    for (std::size_t i = 0; i < keys_.size(); ++i) s += (i ? ", " : "") + keys_[i].expr->text();
  }
  s += ":";
  for (std::size_t i = 0; i < aggs_.size(); ++i) s += (i ? ", " : " ") + aggs_[i]->call->text;
  if (weightSlot_ >= 0) s += " (adding the counts of its input rows)";
  s += " [" + std::to_string(ctx_.limits.threads) + " workers, morsels of " + std::to_string(ctx_.limits.morselSize) +
       "]";
  return s;
}

namespace {

// What the workers and the calling thread share while one fill() runs.
struct Shared {
  explicit Shared(MorselDispenser& d) : dispenser(d) {}
  MorselDispenser& dispenser;
  std::atomic<std::uint64_t> expansions{0};
  std::atomic<bool> stop{false};  // every worker ends at its next tick
  std::mutex mutex;
  std::condition_variable changed;
  std::vector<std::optional<GroupTable>> parts;  // by morsel, until merged
  std::size_t running = 0;
  // The error of the earliest morsel that failed; a limit's ends the statement at once.
  std::exception_ptr error;
  std::size_t errorAt = SIZE_MAX;
  bool limit = false;
  bool memory = false;  // the limit was a worker's memory budget
};

// A limit (stops every worker) rather than an error of the statement's data (raised in order).
bool isLimit(const std::exception_ptr& e) {
  try {
    std::rethrow_exception(e);
  } catch (const LimitExceeded&) {
    return true;
  } catch (const std::bad_alloc&) {
    return true;
  } catch (const std::length_error&) {
    return true;
  } catch (...) {
    return false;
  }
}

}  // namespace

void ParallelAggregateOp::fill(Row& row) {
  const Graph& g = ctx_.graph;
  // Reading a label or type list purges it of dead elements on first use: done here, so that
  // the workers only read the graph.
  for (std::uint32_t l = 0; l < g.labels().size(); ++l) g.nodesWithLabel(l);
  for (std::uint32_t t = 0; t < g.types().size(); ++t) g.relsWithType(t);
  MorselDispenser dispenser(scan_->partSizes(), ctx_.limits.morselSize);
  std::size_t workers = std::min<std::size_t>(ctx_.limits.threads, dispenser.count());
  if (workers <= 1) {
    // One morsel (or thread): the serial pipeline, as AggregateOp runs it.
    GroupTable table(keys_, aggs_, false, weightSlot_);
    while (input().next(row)) {
      ctx_.tick();
      table.add(row, ctx_);
    }
    table.finish(row.size(), rows_);
    return;
  }

  Shared sh(dispenser);
  sh.expansions = ctx_.expansions;
  sh.parts.resize(dispenser.count());
  sh.running = workers;
  ctx_.statementTimeNanos();  // fixed before the workers copy it
  std::uint64_t budget = memory::remainingOnThisThread();
  std::size_t width = row.size();
  auto work = [&] {
    memory::StatementBudget ownBudget(budget);
    std::size_t current = 0;
    try {
      ExecContext wctx(ctx_, &sh.expansions, &sh.stop);
      NodeScanOp* scan = nullptr;
      std::unique_ptr<Operator> root = build_(wctx, scan);
      Row wrow(width);
      while (auto m = sh.dispenser.next()) {
        current = m->index;
        scan->restrictTo(m->range);
        root->reset();
        GroupTable part(keys_, aggs_, true, weightSlot_);
        while (root->next(wrow)) {
          wctx.tick();
          part.add(wrow, wctx);
        }
        std::lock_guard lock(sh.mutex);
        sh.parts[m->index].emplace(std::move(part));
        sh.changed.notify_all();
      }
      std::lock_guard lock(sh.mutex);
      input().absorbProfile(*root);  // PROFILE: the shown operators count every worker's rows
    } catch (const WorkerStopped&) {
    } catch (...) {
      auto e = std::current_exception();
      bool limit = isLimit(e);
      std::lock_guard lock(sh.mutex);
      if (limit) {
        sh.stop = true;
        if (!sh.limit) sh.error = e, sh.errorAt = current, sh.limit = true, sh.memory = ownBudget.exceeded();
      } else if (!sh.limit && current < sh.errorAt) {
        sh.error = e, sh.errorAt = current;
        sh.dispenser.stopAfter(current);
      }
    }
    std::lock_guard lock(sh.mutex);
    --sh.running;
    sh.changed.notify_all();
  };

  std::vector<std::thread> threads;
  auto joinAll = [&] {
    sh.stop = true;
    for (auto& t : threads)
      if (t.joinable()) t.join();
  };
  GroupTable whole(keys_, aggs_, false, weightSlot_);
  try {
    for (std::size_t w = 0; w < workers; ++w) threads.emplace_back(work);
    std::size_t next = 0, count = dispenser.count();
    std::unique_lock lock(sh.mutex);
    while (true) {
      sh.changed.wait(lock, [&] {
        return sh.limit || sh.errorAt <= next || next == count || sh.parts[next].has_value() || sh.running == 0;
      });
      if (sh.limit || sh.errorAt <= next) break;
      if (next == count) break;
      if (sh.parts[next]) {
        lock.unlock();
        {
          // The workers only add parts after `next`: this one is the caller's now.
          GroupTable part = std::move(*sh.parts[next]);
          whole.merge(std::move(part), ctx_);
        }
        lock.lock();
        sh.parts[next].reset();
        ++next;
        continue;
      }
      // Every worker ended and the next morsel never came: only an error can do that.
      if (sh.running == 0 && !sh.error)
        throw RuntimeError("internal error: a parallel worker ended without its morsel", {}, "please report the statement");
    }
  } catch (...) {
    joinAll();
    throw;
  }
  joinAll();
  ctx_.expansions = sh.expansions.load();
  if (sh.error) {
    if (sh.memory) memory::noteExceeded();
    std::rethrow_exception(sh.error);
  }
  whole.finish(width, rows_);
}

namespace {

bool exprSafe(const bound::Expr* e) {
  if (!e) return true;
  static const FunctionEntry* const rand = findFunction("rand");
  static const FunctionEntry* const uuid = findFunction("randomUUID");
  bool safe = true;
  bound::forEachNode(*e, [&](const bound::Expr& n) {
    using K = bound::ExprKind;
    if (n.kind == K::PatternPredicate || n.kind == K::PatternComprehension || n.kind == K::Subquery) safe = false;
    if (n.kind == K::Function && (n.function == rand || n.function == uuid)) safe = false;
    // A search of the graph (entity()) reads indexes built on first use: not from two workers at once.
    if (n.kind == K::Function && n.function && n.function->searchesGraph) safe = false;
  });
  return safe;
}

bool specSafe(const plan::ElementSpec& s) {
  for (const auto& [k, v] : s.props)
    if (!exprSafe(v)) return false;
  for (const auto* p : s.predicates)
    if (!exprSafe(p)) return false;
  return true;
}

}  // namespace

bool parallelSafe(const plan::LogicalOp& aggregate, const plan::LogicalPlan& plan) {
  using plan::OpKind;
  if (aggregate.kind != OpKind::Aggregate || !plan.subPlans.empty()) return false;
  for (const auto& [e, slot] : aggregate.items)
    if (!exprSafe(e)) return false;
  for (const auto* a : aggregate.aggregates)
    if (!mergeableAggregate(*a) || !exprSafe(bound::of(a->call))) return false;
  for (const plan::LogicalOp* op = aggregate.input(); op; op = op->input()) {
    switch (op->kind) {
      case OpKind::NodeScan: {
        const plan::LogicalOp* in = op->input();
        return in && in->kind == OpKind::Start && specSafe(op->check);
      }
      case OpKind::VarExpand:
        if (op->expand.countSlot >= 0) return false;
        [[fallthrough]];
      case OpKind::Expand:
        if (!specSafe(op->expand.toCheck) || !specSafe(op->expand.relCheck)) return false;
        for (const auto& [e, list] : op->expand.typeValues)
          if (!exprSafe(e)) return false;
        break;
      case OpKind::NodeCheck:
        if (!specSafe(op->check)) return false;
        break;
      case OpKind::Filter:
        for (const auto* p : op->predicates)
          if (!exprSafe(p)) return false;
        break;
      case OpKind::Project:
      case OpKind::Unwind:
        for (const auto& [e, slot] : op->items)
          if (!exprSafe(e)) return false;
        break;
      case OpKind::BuildPath: break;
      default: return false;
    }
  }
  return false;
}

}  // namespace kgq
