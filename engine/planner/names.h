// A label, type or key of the bound tree -> its interned id. The binder resolved
// it once (Present / Absent); only a name that a write of the same statement may
// introduce (Deferred), or one bound without a graph, is looked up here.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "ast/ast.h"
#include "graph/interner.h"

namespace kgq::plan {

inline std::optional<std::uint32_t> idOf(const ast::NameRes& res, std::string_view name, const StringInterner& names) {
  switch (res.state) {
    case ast::NameState::Present: return res.id;
    case ast::NameState::Absent: return std::nullopt;
    default: return names.find(name);
  }
}

inline std::optional<std::uint32_t> idOf(const ast::SchemaName& n, const StringInterner& names) {
  return idOf(n.res, n, names);
}

}  // namespace kgq::plan
