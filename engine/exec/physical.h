// The physical plan: the operators that run a logical plan once. Built per run
// (operators hold the run's ExecContext and state), from a logical plan that
// may be cached and shared by many runs.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "exec/operator.h"
#include "planner/logical_plan.h"

namespace kgq {

struct PhysicalPlan {
  std::unique_ptr<Operator> root;
  std::vector<std::unique_ptr<Row>> argumentRows;  // rows handed to per-row sub-plans
};

// Builds the operators of `plan` in `ctx`; pattern predicates' sub-plans go into
// ctx.subPlans. With `profile`, every operator counts the rows it yields and
// the time spent in it (PROFILE).
PhysicalPlan buildPhysicalPlan(const plan::LogicalPlan& plan, ExecContext& ctx, bool profile = false);

// The operator tree as indented text, root first, then the rewrite rules that
// fired. With profile counters, each line carries its rows and milliseconds.
std::string explainPlan(const Operator& root, const plan::LogicalPlan& plan);

}  // namespace kgq
