// Literal stripping for the statement cache: a statement's text with every
// string literal replaced by a placeholder, so that statements that differ only
// in their string literals (the same lookup for another id, the same PATH
// question between other names) share one parsed and bound statement.
//
// The scanner knows only what the lexer needs to find string literals: quotes,
// escapes, comments and back-ticked names. It never decides what a statement
// means; the cache checks its findings against the parsed AST before trusting them.
#pragma once

#include <string>
#include <vector>

#include "ast/ast.h"
#include "parser/parser.h"

namespace kgq {

struct StrippedStatement {
  // False when the text holds something the cache does not handle (a literal
  // spanning lines, a bad escape, an unterminated quote, a placeholder byte).
  bool cacheable = false;
  // The text with literal i written as \x01 j \x02, where j is the index of the
  // first literal with the same source text: statements share a key only when
  // their literals repeat in the same pattern (the binder matches expressions by text).
  std::string key;
  std::vector<ast::Pos> positions;  // of each literal's opening quote, as the parser reports them
  std::vector<std::string> values;  // decoded
  std::vector<std::size_t> offsets;  // of each literal's opening quote in the text
  std::vector<std::size_t> sizes;    // of each literal as written, quotes included
  std::vector<std::size_t> firstSame;  // per literal, the first literal written the same way
};

// `firstLine` is the line of the input on which the span's text begins (as for parseSpan).
StrippedStatement stripStringLiterals(const StatementSpan& span, int firstLine = 1);

}  // namespace kgq
