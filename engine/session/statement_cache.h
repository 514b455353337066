// StatementCache: parsed and bound statements, keyed by their text with the
// literals lifted out (see parser/literal_scan.h). Parsing with ANTLR and binding
// cost tens of microseconds per statement, far more than a point lookup or a short
// path search; a script that asks the same question for many ids pays that once.
//
// An entry is bound from the first statement of its key, with its real literals,
// so every static check sees them. Then each literal the AST holds as a plain
// expression literal becomes a parameter that no statement can name; the others
// (the value of a SKIP, a column named after its text, a hop bound, TOP k) stay
// part of the entry's identity. A later statement runs the same tree with its own
// literals passed as the values of those parameters; nothing in the tree is
// written, so the plan the planner derives from it can be kept too.
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "ast/ast.h"
#include "common/errors.h"
#include "parser/literal_scan.h"

namespace kgq {

// What the planner keeps for an entry between runs; defined by the planner.
struct PreparedPlan;

// Where a cached statement's literals and names were: a position in it maps to the
// same place in another statement of its key, which may write them wider or narrower.
struct TokenLayout {
  ast::Pos start;  // where the statement begins
  std::vector<ast::Pos> literalPos;
  std::vector<int> literalWidth;
  std::vector<ast::Pos> namePos;
  std::vector<int> nameWidth;

  static TokenLayout of(const StrippedStatement& s);
  ast::Pos remap(ast::Pos pos, const StrippedStatement& now) const;

  // How far `now`'s tokens move what follows them on their line: per token, by position, the
  // columns gained up to and including it. Many positions are remapped with one of these.
  struct Shift {
    ast::Pos pos;
    int columns = 0;
  };
  std::vector<Shift> shifts(const StrippedStatement& now) const;
  ast::Pos remap(ast::Pos pos, const StrippedStatement& now, const std::vector<Shift>& shifts) const;
};

class StatementCache {
 public:
  // One lifted value: literal `literal` of a statement's scan, negated where the
  // parser folded a minus sign into the literal (`-1` is one literal, at the sign).
  struct Lifted {
    std::size_t literal = 0;
    bool negate = false;
  };

  struct Entry {
    // A query's lifted literals are Parameter nodes of its bound trees whose slot indexes
    // the lifted values (its syntax tree keeps the literals as parsed); its expression texts (error messages quote them) hold a lifted
    // literal i as \x01 i \x02. A question is a template: `entityLiteral[k]` names
    // the literal that gives entity k (entities, then avoid) its text, npos for a bare word.
    ast::Statement statement;
    std::optional<ast::ExportSpec> exportSpec;
    std::vector<Lifted> lifted;
    std::vector<std::size_t> entityLiteral;
    std::vector<const ast::Expr*> userParameters;  // those the query reads, in the order they are checked
    // The first statement's layout: positions in the tree are its positions.
    TokenLayout layout;
    // Filled by the planner on the first run of the entry and reused by later runs.
    std::shared_ptr<PreparedPlan> plan;
    // The graph's Graph::schemaStamp() when the statement was bound: a query that
    // found a name Absent must be bound again once the graph has gained names.
    std::size_t schemaStamp = 0;

    // The values of the lifted parameters for statement `now`.
    std::vector<Value> liftedValues(const StrippedStatement& now) const;
    // The question with `now`'s entities and positions.
    ast::Question question(const StrippedStatement& now) const;
    // Where `pos` of the first statement lies in `now`: literals of other widths
    // before it on its line move its column.
    ast::Pos remap(ast::Pos pos, const StrippedStatement& now) const { return layout.remap(pos, now); }
    // `templ` (an expression text, or a message quoting one) with `now`'s literals written in.
    static std::string fill(std::string_view templ, const StrippedStatement& now, std::string_view text);
  };

  explicit StatementCache(std::size_t capacity = 1024) : capacity_(capacity) {}

  // The entry for statement `text` scanned as `stripped`, if any.
  Entry* find(const StrippedStatement& stripped, std::string_view text);

  // Statement `text` (scanned as `stripped`, and not in the cache) made from the parsed query
  // of a statement of its key that differs from it only in lifted literals and in label and
  // type names: the query the parser would give for `text`, unbound. Empty when there is none.
  std::optional<ast::Query> derive(const StrippedStatement& stripped, std::string_view text);
  // Whether insert() would keep the parsed query of `text` for derive().
  bool wantsParsed(const StrippedStatement& stripped, std::string_view text) const;

  // Caches the bound statement of `text`. `fixed` are the positions of the literals
  // whose value the binder decided on (ast::staticLiteralPositions of the parsed query).
  // `parsed`, a copy of the query made before it was bound, is kept for derive().
  void insert(const StrippedStatement& stripped, std::string_view text, const std::vector<ast::Pos>& fixed,
              ast::Statement bound, std::optional<ast::ExportSpec> exportSpec, std::size_t schemaStamp = 0,
              const ast::Query* parsed = nullptr);

  std::size_t size() const { return size_; }
  std::size_t hits() const { return hits_; }
  std::size_t derived() const { return derived_; }
  void clear() {
    shapes_.clear();
    size_ = 0;
  }

 private:
  // A parsed, unbound query that statements of its shape are made from: its expression texts
  // hold each lifted literal as Entry's do, its positions are those of `layout`.
  struct Source {
    ast::Query query;
    TokenLayout layout;
    std::vector<std::pair<ast::Pos, Lifted>> literalSites;  // the expression literals the statement gives
  };

  // The statements of one key: which literals are kept as written, and an entry
  // per combination of their texts and of the names (usually one: most statements keep none).
  struct Shape {
    std::vector<std::size_t> kept;
    // Per scanned name: whether the statement has a label or type name there (known once a
    // parsed query was kept), which derive() may replace.
    std::vector<bool> schemaName;
    std::unordered_map<std::string, std::unique_ptr<Entry>> entries;
    // By the texts of the kept literals and of the names that are not schema names.
    std::unordered_map<std::string, std::unique_ptr<Source>> sources;
  };
  // The texts of the kept literals and of the names: all (an entry's key) or those that are not
  // schema names (a source's key).
  static std::string keyOf(const Shape& shape, const StrippedStatement& stripped, std::string_view text,
                           bool schemaNames);
  bool plainIdentifier(std::string_view name);
  void keepSource(Shape& shape, const StrippedStatement& stripped, std::string_view text, const ast::Query& parsed,
                  const std::vector<Lifted>& lifted, const std::vector<std::pair<ast::Pos, Lifted>>& sites);

  std::size_t capacity_;
  std::size_t hits_ = 0;
  std::size_t derived_ = 0;
  std::size_t size_ = 0;
  std::unordered_map<std::string, Shape> shapes_;
  std::unordered_map<std::string, bool> plainIdentifiers_;  // a name alone lexes as one IDENTIFIER
};

}  // namespace kgq
