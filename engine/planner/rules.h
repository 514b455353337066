// The planner's rewrite rules, by name: EXPLAIN lists the ones that changed a
// plan, `:help explain` lists them all, and the planner records only names
// from this table.
#pragma once

#include <string_view>
#include <vector>

namespace kgq::plan {

struct RewriteRule {
  std::string_view name;
  std::string_view description;
};

const std::vector<RewriteRule>& rewriteRules();

// The registered rule called `name`; a name outside the table is a programming error.
std::string_view ruleName(std::string_view name);

}  // namespace kgq::plan
