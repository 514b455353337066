// Answers in words: each hop of a path as a line with relationship type, year and
// source paragraph, and a whole path as one plain-language sentence.
#pragma once

#include <string>

#include "graph/graph.h"

namespace kgq {

// "Maxim Ryzhenkov -[HOLDS_ROLE ¶5]-> Foreign Minister of Belarus" (or <-[...]- when
// the hop runs against the relationship's direction).
std::string hopLine(const Graph& g, NodeId from, RelId r);

// "Maxim Ryzhenkov holds role Foreign Minister of Belarus (¶5), which is role of Belarus (¶5)."
std::string pathInWords(const Graph& g, const PathValue& p);

// "(2015, ¶9)"-style details of a relationship; empty when it has neither.
std::string relDetails(const Graph& g, RelId r);

}  // namespace kgq
