// StatementCache: parsed and bound statements, keyed by their text with the
// string literals stripped (see parser/literal_scan.h). Parsing with ANTLR and
// binding cost tens of microseconds per statement, far more than a point lookup
// or a short path search; a script that asks the same question for many names
// pays that once. An entry records where each literal sits in the bound AST so
// the next statement's literals can be written in before it runs.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "ast/ast.h"
#include "ast/literal_sites.h"
#include "parser/literal_scan.h"

namespace kgq {

class StatementCache {
 public:
  struct Entry {
    ast::Statement statement;
    std::vector<std::vector<ast::LiteralSite>> sites;  // per literal of the key, every place it was bound to
    // Writes `values` (one per literal, in key order) into the statement.
    void assign(const std::vector<std::string>& values);
  };

  explicit StatementCache(std::size_t capacity = 1024) : capacity_(capacity) {}

  Entry* find(const std::string& key);

  // Caches a bound statement whose literals were found at `stripped.positions`.
  // `unbound` lists the sites as parsed (for the names derived from text). Does
  // nothing when the AST does not account for every literal exactly: such a
  // statement is simply parsed each time.
  void insert(const StrippedStatement& stripped, const ast::LiteralSites& unbound, ast::Statement bound);

  std::size_t size() const { return entries_.size(); }
  std::size_t hits() const { return hits_; }
  void clear() { entries_.clear(); }

 private:
  std::size_t capacity_;
  std::size_t hits_ = 0;
  std::unordered_map<std::string, std::unique_ptr<Entry>> entries_;
};

}  // namespace kgq
