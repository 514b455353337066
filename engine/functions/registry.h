// The one list of functions kgq knows. The binder checks calls against it and
// stores the entry in the call's expression; the evaluator calls a scalar
// entry's implementation through that pointer; the aggregate operator computes
// the aggregate ones; the REPL completes and documents names from it.
#pragma once

#include <cstdint>
#include <optional>
#include <random>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/value.h"
#include "graph/graph.h"

namespace kgq {

// What a scalar function may use of the running statement. The executor's
// context implements it, so functions need nothing from exec/.
class FunctionContext {
 public:
  virtual const Graph& readGraph() const = 0;  // labels(), properties(), type(), ...
  virtual std::mt19937_64& random() = 0;       // rand()
  virtual void tick() = 0;                     // long loops call it so a cancel or timeout can stop them
  // Throws when a value would hold more than the statement's row limit (range()).
  virtual void checkRows(std::uint64_t rows, const char* what) const = 0;
  // The statement's clock, UTC nanoseconds since the epoch: read once, so date()
  // and datetime() give the same instant all through a statement.
  virtual std::int64_t statementTimeNanos() = 0;
  // The cheapest path from `from` to `to` by the relationship property `weightKey` (non-negative
  // numbers; a relationship without it is not followed), over relationships of `types` (any when
  // empty) in direction `dir`, with its cost; nothing when `to` cannot be reached. For procedures:
  // the executor's traversal layer answers, under the statement's limits.
  struct WeightedAnswer {
    PathValue path;
    double cost = 0;
  };
  // Where the row LOAD CSV gave last comes from, for file() and linenumber(); null outside LOAD CSV.
  struct CsvRowSource {
    std::string file;  // absolute
    std::int64_t line = 0;
  };
  virtual const CsvRowSource* loadCsvRow() const = 0;
  virtual std::optional<WeightedAnswer> cheapestPath(NodeId from, NodeId to, AdjDirection dir,
                                                     const std::vector<std::string>& types,
                                                     const std::string& weightKey) = 0;

 protected:
  ~FunctionContext() = default;
};

// The same message for any expression, so that operators and functions read alike.
[[noreturn]] void throwTypeMismatch(const std::string& what, const Value& got, std::string_view text, int line,
                                    int column);

struct FunctionCall;

enum class FunctionCategory { Graph, List, String, Number, Conversion, Temporal, Aggregate };

// Evaluated arguments in, value out; `args` may be moved from.
using ScalarFunction = Value (*)(const FunctionCall& call, std::vector<Value>& args, FunctionContext& ctx);

struct FunctionEntry {
  std::string_view name;  // as users write it: toLower
  int minArgs;
  int maxArgs;  // -1 = any
  bool aggregate;
  std::string_view signature;    // toLower(s), for :help functions
  std::string_view description;  // one line
  FunctionCategory category;
  ScalarFunction scalar;  // null for aggregates, which the aggregate operator computes
  bool nullInNullOut;     // a null first argument gives null without calling `scalar`
  // The one type every non-null result has, for the binder's static types and :help; empty when the
  // arguments decide (abs, head, sum, ...).
  std::optional<ValueType> result{};
  // Finds nodes by looking through the graph (entity(name)), not by reading the elements it is given: its
  // answer changes when a write adds a node, which the planner must know before it lets a write stream.
  bool searchesGraph = false;

  Value call(const FunctionCall& c, std::vector<Value>& args, FunctionContext& ctx) const {
    if (nullInNullOut && args[0].isNull()) return Value();
    return scalar(c, args, ctx);
  }

  bool acceptsArgs(int n) const { return n >= minArgs && (maxArgs < 0 || n <= maxArgs); }
  // "takes 1 argument", "takes 2 to 3 arguments", "takes at least 1 argument".
  std::string arityText() const;
  // The signature with its result type when the entry states one, as Neo4j's dbms.functions() shows it:
  // "toLower(s) :: STRING".
  std::string signatureText() const;
};

// The call being evaluated, for error messages.
struct FunctionCall {
  const FunctionEntry& entry;
  std::string_view text;  // the call's source text
  int line = 0;
  int column = 0;

  // "toUpper()": the canonical name, whatever case the query used.
  std::string written() const { return std::string(entry.name) + "()"; }
  // "type mismatch: <what>, got <type> in `<text>`", a RuntimeError at the call.
  [[noreturn]] void typeError(const std::string& what, const Value& got) const;
  // "<message> in `<text>`", a RuntimeError at the call.
  [[noreturn]] void fail(const std::string& message) const;
};

// Every function, in the order :help lists them (by category).
std::span<const FunctionEntry> functionRegistry();

// Case-insensitive; nullptr when unknown.
const FunctionEntry* findFunction(std::string_view name);

// The closest entry to an unknown name, for "did you mean" hints; nullptr when nothing is close.
const FunctionEntry* suggestFunction(std::string_view name);

// The heading :help functions shows for a category ("Strings").
std::string_view categoryTitle(FunctionCategory c);

}  // namespace kgq
