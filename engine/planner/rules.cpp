#include "planner/rules.h"

#include <cstdlib>

namespace kgq::plan {

const std::vector<RewriteRule>& rewriteRules() {
  static const std::vector<RewriteRule> rules = {
      {"pushdown-across-clauses",
       "a WHERE conjunct moves back over WITH (renaming its variables), OPTIONAL MATCH, UNWIND and MATCH to the "
       "earliest MATCH that binds what it reads"},
      {"predicate-pushdown",
       "a WHERE conjunct is checked by the first operator after which everything it reads is bound, not after "
       "the whole pattern"},
      {"true-conjunct",
       "a conjunct that is the literal true (`... AND true`, `WHERE true`) is dropped: it costs no filter and "
       "leaves the pattern to the rules that want it bare"},
      {"index-seek", "an equality or IN on a node property, inline or in WHERE, finds the nodes by index"},
      {"seek-join",
       "an equality between properties of two pattern nodes is a seek per row of the other side, not a cross "
       "product"},
      {"label-scan", "a label test in WHERE becomes the label the scan reads"},
      {"label-union-scan",
       "a label expression of alternatives (n:A|B), inline or in WHERE, becomes a scan of each label's nodes, each "
       "node once"},
      {"type-into-expand", "a test of type(r) in WHERE restricts the relationships an expansion follows"},
      {"start-at-cheapest",
       "a pattern starts from its bound or most selective node (seek, then rarest label) and expands from there"},
      {"distinct-ends-search",
       "a variable-length pattern whose paths are never observed, feeding DISTINCT aggregates over its end, is a "
       "breadth-first search of distinct ends"},
      {"end-filter-into-search", "filters on the end node of such a pattern are checked by the search"},
      {"count-distinct-ends", "count(DISTINCT end) over that search is counted by the search itself"},
      {"count-expand",
       "count(*) over a single-hop expansion whose relationship and far node nothing else reads (count(a), "
       "count(r) and count(b) alike, never null in a match): the expansion counts each input row's matches and "
       "hands on one row with that number, which the aggregation adds"},
      {"top-k",
       "ORDER BY followed by LIMIT keeps only the first SKIP + LIMIT rows while it reads its input, not all of "
       "them"},
      {"column-test",
       "a condition on the node or relationship being matched (its property compared with a value, IS NULL, a "
       "label test, or NOT of one) is decided on the stored column or label set, not by the expression evaluator"},
      {"predicate-into-shortest-path",
       "all()/none() over a shortest path's nodes or relationships is checked during its search, so the shortest "
       "path that meets it is found"},
      {"stream-writes",
       "a CREATE or MERGE writes each row as it arrives instead of reading its whole input first, when nothing "
       "between the operators that read all their input reads the graph but writes that commute (MERGEs of one "
       "node of the same labels and keys find or create the same node in either order)"},
  };
  return rules;
}

std::string_view ruleName(std::string_view name) {
  for (const auto& r : rewriteRules())
    if (r.name == name) return r.name;
  std::abort();
}

}  // namespace kgq::plan
