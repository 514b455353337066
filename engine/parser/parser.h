// The only door to ANTLR: text in, kgq AST out. Nothing outside engine/parser/
// includes generated headers or sees parse-tree types.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "ast/ast.h"

namespace kgq {

// Bounds that keep a hostile statement from overflowing the stack: the parser
// and every walk over the AST recurse once per nesting level. A statement over
// either bound is a SyntaxError at the place it is crossed.
inline constexpr int kMaxBracketNesting = 500;  // ( [ { open at once
inline constexpr int kMaxExpressionDepth = 1000;  // operators inside operators, chains included

// Parses a script of `;`-separated statements. Throws SyntaxError naming
// source:line:column with the offending line, a caret and what was expected.
// `firstLine` shifts reported line numbers (for statements cut out of a file).
ast::Script parseScript(std::string_view text, const std::string& sourceName = "<query>", int firstLine = 1);

// One `;`-separated statement of a script, located by where it starts.
struct StatementSpan {
  std::string text;
  int line = 1;    // 1-based, relative to the text given to splitStatements
  int column = 1;  // 1-based, in characters
  bool terminated = false;  // followed by ';'
};

// Splits a script at the `;` tokens (not those inside strings or comments).
// Never throws; empty statements are dropped.
std::vector<StatementSpan> splitStatements(std::string_view text);

// Parses one statement so that reported positions are those of the whole input:
// `firstLine` is the line of the input on which `span` text's line 1 lies.
ast::Script parseSpan(const StatementSpan& span, const std::string& sourceName, int firstLine = 1);

// Whether `name` alone is one IDENTIFIER token (not a keyword, not two tokens): where the
// grammar takes a label or type name, any two such names parse alike.
bool isPlainIdentifier(std::string_view name);

// Parses a fixed set of typical statements and discards them. ANTLR builds its
// prediction cache (DFA) lazily, which costs the first statement of each kind
// about a millisecond; the CLI runs this on a second thread while the graph
// loads and joins it before the first statement runs.
// Returns how many of them failed to parse (0 unless the grammar changed).
int warmUpParser();

// Reads the calling thread's stack size, which every parse on that thread
// uses for its nesting guard. For the main thread glibc reads /proc/self/maps,
// so the CLI calls this before the graph loads, while the map is short.
void prepareParserThread();

// What an unfinished statement leaves open at its end, for the REPL's prompt and hint:
// a quote or block comment (the text cannot end there), else the brackets not yet closed.
struct OpenInput {
  char quote = 0;             // ', " or ` when the text ends inside one
  bool blockComment = false;  // ends inside /* ... */
  std::string brackets;       // unclosed ( [ { in order of opening
  int openedOnLine = 0;       // 1-based line of the innermost open construct
  bool any = false;           // holds something besides blanks and comments
};
OpenInput scanOpenInput(std::string_view text);

// True when the text ends inside a string literal or block comment, or has no
// statement yet: the REPL then keeps reading lines.
bool needsMoreInput(std::string_view text);

}  // namespace kgq
