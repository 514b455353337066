// The bound expression tree: what the binder hands to the planner and the
// executor. A node holds only what running it needs — kind, operator, literal,
// row slots, the resolved property key / labels (name and interned id), the
// function's registry entry, the pattern or subquery a pattern-valued kind runs,
// its position for runtime errors — and a static type the binder inferred.
// Nothing is looked up by its spelling at run time except a name a write of the
// same statement may introduce (NameState::Deferred) and a user parameter.
//
// Where the tree lives: the binder sets `ast::Expr::bound` on every expression
// root a clause, pattern, projection item, sort key or aggregate holds. Every
// reader (planner, logical plan, operators, the statement cache) already holds
// those roots, so each reaches its bound tree without a lookup, the tree lives
// exactly as long as the statement (cache entry) that owns the syntax tree, and
// an operator built from a clause pointer finds the bound values beside it.
//
// `syntax` points back at the node it was bound from, for the text error
// messages and EXPLAIN quote; identity and evaluation never read it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "ast/ast.h"

namespace kgq {
struct FunctionEntry;
}

namespace kgq::bound {

// The same kinds as the syntax tree's, plus Slot: a value already computed into a row slot
// (a lifted aggregate, a grouping key, a projection item repeated by ORDER BY).
enum class ExprKind {
  Literal, Parameter, Variable, Property, HasLabels, Index, Slice, Unary, Binary, Function, CountStar, Case,
  List, Map, Comprehension, Quantifier, PatternPredicate, Slot, Reduce, MapProjection, PatternComprehension,
  Subquery,
};

// What the binder knows an expression yields. Any: unknown (or null); Number: Int or Float.
enum class Type : std::uint8_t {
  Any, Bool, Int, Float, Number, String, List, Map, Node, Relationship, Path, Date, LocalTime, Time,
  LocalDateTime, DateTime, Duration,
};
std::string_view typeName(Type t);

using ast::Op;
using ast::Pos;
using ast::Quantifier;
using ast::SubqueryKind;

struct Expr {
  ExprKind kind = ExprKind::Literal;
  Type type = Type::Any;
  Pos pos;
  Op op = Op::None;
  Value literal;                 // Literal
  std::vector<std::unique_ptr<Expr>> args;
  int slot = -1;                 // Variable, Slot; Comprehension / Quantifier / Reduce: the local variable;
                                 // Parameter: index of a literal lifted by the statement cache (-1: a user's)
  int slot2 = -1;                // Reduce: the element variable
  std::string parameter;         // Parameter: the user's name for it
  ast::SchemaName key;           // Property: the key and its resolution
  std::vector<ast::SchemaName> keys;  // Map / MapProjection keys; HasLabels: the labels, resolved
  // HasLabels: the rest of a label expression (`n:A|B`, `n:!A`), its names resolved; null when none.
  std::shared_ptr<const ast::LabelExpr> labelExpr;
  const FunctionEntry* function = nullptr;  // Function: the registry entry
  bool distinct = false;         // Function
  bool caseHasSubject = false;
  bool caseHasElse = false;
  Quantifier quantifier = Quantifier::All;
  SubqueryKind subqueryKind = SubqueryKind::Exists;
  std::shared_ptr<ast::PatternPart> pattern;  // PatternPredicate, PatternComprehension (bound patterns)
  std::shared_ptr<ast::Query> subquery;       // Subquery (bound)
  std::vector<int> outerSlots;   // PatternComprehension, Subquery: the slots in scope there
  const ast::Expr* syntax = nullptr;  // where it was bound from: the text messages quote
  std::string note;              // the text of an expression the planner made (no syntax)

  // The expression as written, for messages and EXPLAIN.
  const std::string& text() const { return syntax ? syntax->text : note; }
  std::unique_ptr<Expr> clone() const;
};
using ExprPtr = std::unique_ptr<Expr>;

// Structural identity: same shape, operators, slots, resolved names, functions and literal
// values (type included); spelling, spacing, case of keywords and position do not matter.
bool sameExpr(const Expr& a, const Expr& b);
std::size_t exprHash(const Expr& e);

struct ExprHash {
  std::size_t operator()(const Expr* e) const { return exprHash(*e); }
};
struct ExprEqual {
  bool operator()(const Expr* a, const Expr* b) const { return sameExpr(*a, *b); }
};

// Whether `e` calls rand() (or LOAD CSV's linenumber() or file()): such an expression gives another
// value each time it is evaluated, without reading a variable.
bool callsRand(const Expr& e);

// Calls `f` on every node of `e`, each before its operands (not into patterns or subqueries).
void forEachNode(const Expr& e, const std::function<void(const Expr&)>& f);
void forEachMutableNode(Expr& e, const std::function<void(Expr&)>& f);

// The bound tree of a root expression of a bound query.
inline const Expr& of(const ast::Expr& root) { return *root.bound; }
inline const Expr* of(const ast::Expr* root) { return root ? root->bound.get() : nullptr; }
inline const Expr* of(const ast::ExprPtr& root) { return root ? root->bound.get() : nullptr; }

}  // namespace kgq::bound
