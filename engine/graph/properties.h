// PropertyMap: a node's or relationship's properties, as (interned key, value)
// pairs kept sorted by key id. Not the storage (that is the columns of
// graph/column.h): what whole-element reads and writes hand over. Small and flat: most elements have a handful of
// properties, so a sorted vector beats a hash map in memory and lookup time.
#pragma once

#include <cstdint>
#include <utility>
#include <vector>

#include "common/value.h"

namespace kgq {

using KeyId = std::uint32_t;
using PropertyMap = std::vector<std::pair<KeyId, Value>>;

// The value stored under `key`, or nullptr when absent.
const Value* findProperty(const PropertyMap& props, KeyId key);

// Sets `key` to `value`; a null value removes the key (Cypher semantics).
void setProperty(PropertyMap& props, KeyId key, Value value);

}  // namespace kgq
