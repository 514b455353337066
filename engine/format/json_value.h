// JSON -> Value, for parameters given as JSON (`--param`, query-test `-PARAM`).
#pragma once

#include <nlohmann/json.hpp>

#include "common/value.h"

namespace kgq {

// Integers stay integers, other numbers become floats, objects become maps. Lists and maps nested
// more than 1000 deep are refused (a nlohmann::json::other_error), as any reader of the value recurses.
Value valueFromJson(const nlohmann::json& j);
// The same, read straight from JSON text (no json tree between: a million-row parameter
// reads in a third of the time and memory); a nlohmann::json::exception on bad text.
Value valueFromJsonText(const std::string& text);

}  // namespace kgq
