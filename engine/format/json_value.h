// JSON -> Value, for parameters given as JSON (`--param`, query-test `-PARAM`).
#pragma once

#include <nlohmann/json.hpp>

#include "common/value.h"

namespace kgq {

// Integers stay integers, other numbers become floats, objects become maps.
Value valueFromJson(const nlohmann::json& j);

}  // namespace kgq
