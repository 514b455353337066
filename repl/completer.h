// Tab completion for the REPL, as a pure function of the text typed so far and
// the graph: which words may replace the partial word under the cursor. Kept
// apart from readline (line_editor.cpp) so that it can be unit-tested.
//
//   `:he`                      -> meta commands (:help)
//   `:format c`, `:help pa`    -> that command's arguments
//   `:read te`, `:load`, `:export dot x` -> file names (left to readline)
//   `(n:Per`, `WHERE n:`       -> labels           `[:HOL`, `[r:A|`  -> relationship types
//   `p.na`, `(n {na`           -> property keys
//   `PATH FROM Ryz`, `TO`, `NEIGHBOURS OF`, `CONNECT a,`, `AVOID` -> entity names,
//                                 quoted when they are not plain words
//   anything else              -> keywords and function names
#pragma once

#include <string>
#include <string_view>
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
Completion complete(std::string_view before, std::string_view word, const Graph& g);

// The characters that separate words on `line` for completion: `:` command lines
// split at blanks only, so that `:read ../a-b.kgq` is one word.
const char* completionWordBreaks(std::string_view line);

}  // namespace kgq
