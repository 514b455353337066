#include "format/json_value.h"

namespace kgq {

Value valueFromJson(const nlohmann::json& j) {
  if (j.is_null()) return Value();
  if (j.is_boolean()) return Value(j.get<bool>());
  if (j.is_number_integer()) return Value(j.get<std::int64_t>());
  if (j.is_number_unsigned()) return Value(static_cast<std::int64_t>(j.get<std::uint64_t>()));
  if (j.is_number_float()) return Value(j.get<double>());
  if (j.is_string()) return Value(j.get<std::string>());
  if (j.is_array()) {
    ValueList l;
    for (const auto& e : j) l.push_back(valueFromJson(e));
    return Value(std::move(l));
  }
  ValueMap m;
  for (const auto& [k, v] : j.items()) m[k] = valueFromJson(v);
  return Value(std::move(m));
}

}  // namespace kgq
