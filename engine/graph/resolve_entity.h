// Entity resolution: a name as a person writes it -> one node. Tries, in order
// and ignoring ASCII case: an exact name or alias, a unique prefix of one, a
// unique whole word (or run of words) of one. An ambiguous name is a
// SemanticError listing the candidates; an unknown one suggests the closest
// names (common/strings.h ranks them). Used by the questions (PATH, NEIGHBOURS,
// CONNECT) and by the entity() function of queries.
#pragma once

#include <string_view>

#include "common/errors.h"
#include "graph/graph.h"

namespace kgq {

NodeId resolveEntity(const Graph& g, std::string_view text, const SourcePos& at);

}  // namespace kgq
