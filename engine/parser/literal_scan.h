// Literal lifting for the statement cache: a statement's text with every string
// and number literal replaced by a placeholder naming its token type, so that
// statements that differ only in their literals (the same lookup for another id,
// the same PATH question between other names) share one parsed and bound statement.
//
// The scanner knows only what the lexer needs to find literals: quotes, escapes,
// comments, back-ticked names, names and the number tokens. It never decides what
// a statement means: the cache checks each literal against the bound AST, and
// keeps those the AST does not hold as plain expression literals in its key verbatim.
#pragma once

#include <string>
#include <vector>

#include "ast/ast.h"
#include "common/value.h"
#include "parser/parser.h"

namespace kgq {

enum class LiteralToken : char { String = 's', Integer = 'i', Float = 'f' };

struct ScannedLiteral {
  LiteralToken token = LiteralToken::String;
  Value value;          // decoded; never negative (a sign is a token of its own)
  ast::Pos pos;         // of its first character, as the parser reports it
  std::size_t offset = 0;  // in the text
  std::size_t size = 0;    // as written, quotes included
  int width = 0;           // as written, in code points (columns)
  std::size_t firstSame = 0;  // the first literal written the same way
};

// A plain ASCII name written right after a `:` (`n:Person`, `[:KNOWS]`, but also the value
// in `{key: value}`). Where the parsed statement has a label or type name there, the cache
// can make a statement that differs only in such names from one it parsed (statement_cache.h).
struct ScannedName {
  ast::Pos pos;
  std::size_t offset = 0;
  std::size_t size = 0;  // ASCII: also its width in columns
};

struct StrippedStatement {
  // False when the text holds something the cache does not handle (a literal
  // spanning lines, a bad escape, an unterminated quote, a placeholder byte).
  bool cacheable = false;
  // The text with literal i written as \x01 t j \x02, where t is its token type
  // and j its firstSame (followed by `,k` when the first literal of the same value
  // is another): statements share a key only when their literals repeat in the
  // same pattern (the binder matches repeated expressions by value, error messages
  // quote them as written). A number too large to decode is left in the key as written.
  // Each scanned name is written as \x01 n \x02.
  std::string key;
  ast::Pos start;  // where the statement begins, as the parser reports positions
  std::vector<ScannedLiteral> literals;
  std::vector<ScannedName> names;
};

// `firstLine` is the line of the input on which the span's text begins (as for parseSpan).
StrippedStatement stripLiterals(const StatementSpan& span, int firstLine = 1);

}  // namespace kgq
