// Completion of statement text, as a pure function of the text typed so far and
// the graph: which words may replace the partial word under the cursor. The REPL
// (repl/completer.h adds its `:` commands) and `kgq serve` (GET /complete) both
// ask it, so Tab and the page offer the same words.
//
//   `(n:Per`, `WHERE n:`       -> labels           `[:HOL`, `[r:A|`  -> relationship types
//   `p.na`, `(n {na`           -> property keys
//   `PATH FROM Ryz`, `TO`, `NEIGHBOURS OF`, `CONNECT a,`, `AVOID` -> entity names,
//                                 quoted when they are not plain words
//   anything else              -> keywords and function names
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "graph/graph.h"

namespace kgq {

enum class CompletionKind { None, MetaCommand, Argument, FilePath, Keyword, Label, RelType, PropertyKey, Entity };

struct Completion {
  CompletionKind kind = CompletionKind::None;
  // Whole replacements for the partial word, sorted and unique. Empty for
  // FilePath: readline's own file-name completion does that.
  std::vector<std::string> candidates;
};

// `before`: the statement text before the partial word, earlier lines of a
// multi-line statement included; `word`: the partial word, which may begin with
// the quote (' " or `) the person opened.
Completion completeStatement(std::string_view before, std::string_view word, const Graph& g);

// The characters that end a word of statement text for completion.
extern const char* kStatementWordBreaks;

// Splits the text before the cursor into (before, word) for completeStatement: the word is what follows
// the last break character, with the quote that opens it when a string or name is open.
std::pair<std::string_view, std::string_view> splitPartialWord(std::string_view text);

// "label", "relationshipType", "entity", ... for programs (GET /complete).
const char* completionKindName(CompletionKind kind);

// Function names as written in queries (toLower, count, ...): the registry's and the grammar's
// call-like forms (shortestPath, any, ...).
const std::vector<std::string>& functionNames();

// Shared with the REPL's command completion.
bool startsWithFolded(std::string_view s, std::string_view prefix);
std::vector<std::string> matching(const std::vector<std::string>& names, std::string_view word);

}  // namespace kgq
