// Tab completion for the REPL: statement text as the engine completes it
// (session/completer.h, shared with kgq serve), plus the `:` commands. Kept apart
// from readline (line_editor.cpp) so that it can be unit-tested.
//
//   `:he`                      -> meta commands (:help)
//   `:format c`, `:help pa`    -> that command's arguments
//   `:read te`, `:load`, `:export dot x` -> file names (left to readline)
//   anything else              -> completeStatement()
#pragma once

#include <string_view>

#include "session/completer.h"

namespace kgq {

// `before`: the text before the partial word, earlier lines of a multi-line
// statement included; `word`: the partial word.
Completion complete(std::string_view before, std::string_view word, const Graph& g);

// The characters that separate words on `line` for completion: `:` command lines
// split at blanks only, so that `:read ../a-b.kgq` is one word.
const char* completionWordBreaks(std::string_view line);

}  // namespace kgq
