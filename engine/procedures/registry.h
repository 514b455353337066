// The one list of procedures kgq knows: `CALL name(args) [YIELD ...]`. The binder
// resolves a call to an entry and checks its arguments and yielded fields; the
// executor runs it once per input row; dbms.procedures() and :help read it.
// Procedures only read the graph.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/value.h"
#include "functions/registry.h"
#include "graph/graph.h"

namespace kgq {

using ProcedureRows = std::vector<std::vector<Value>>;

// Evaluated arguments in, one row per result (a value per output field) out.
using ProcedureFunction = ProcedureRows (*)(std::vector<Value>& args, FunctionContext& ctx);

struct ProcedureEntry {
  std::string_view name;  // db.labels
  int minArgs;
  int maxArgs;
  std::string_view signature;                // db.labels() :: (label :: STRING)
  std::string_view description;              // one line
  std::span<const std::string_view> fields;  // what YIELD may name, in output order
  ProcedureFunction run;

  int fieldIndex(std::string_view field) const;  // -1 when the procedure has no such field
};

// Every procedure, in the order dbms.procedures() lists them.
std::span<const ProcedureEntry> procedureRegistry();

// Case-insensitive; nullptr when unknown.
const ProcedureEntry* findProcedure(std::string_view name);

// The closest entry to an unknown name, for "did you mean" hints; nullptr when nothing is close.
const ProcedureEntry* suggestProcedure(std::string_view name);

// One `(:From)-[:TYPE]->(:To)` shape of the graph and how many relationships have it; a node without
// labels counts as the empty label. :schema and db.schema.visualization() both read this.
struct SchemaPattern {
  std::string from, type, to;
  std::size_t count = 0;
};
std::vector<SchemaPattern> schemaPatterns(const Graph& g);

}  // namespace kgq
