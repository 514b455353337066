#include "graph/properties.h"

#include <algorithm>

namespace kgq {

namespace {
auto lowerBound(const PropertyMap& props, KeyId key) {
  return std::lower_bound(props.begin(), props.end(), key,
                          [](const auto& entry, KeyId k) { return entry.first < k; });
}
}  // namespace

const Value* findProperty(const PropertyMap& props, KeyId key) {
  auto it = lowerBound(props, key);
  return it != props.end() && it->first == key ? &it->second : nullptr;
}

void setProperty(PropertyMap& props, KeyId key, Value value) {
  auto pos = props.begin() + (lowerBound(props, key) - props.cbegin());
  bool present = pos != props.end() && pos->first == key;
  if (value.isNull()) {
    if (present) props.erase(pos);
  } else if (present) {
    pos->second = std::move(value);
  } else {
    props.emplace(pos, key, std::move(value));
  }
}

}  // namespace kgq
