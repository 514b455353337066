#include "binder/function_catalog.h"

#include "common/strings.h"

#include <algorithm>
#include <array>
#include <string>
#include <vector>

namespace kgq {

namespace {
constexpr std::array kFunctions = {
    FunctionInfo{"id", 1, 1, false},          FunctionInfo{"labels", 1, 1, false},
    FunctionInfo{"type", 1, 1, false},        FunctionInfo{"properties", 1, 1, false},
    FunctionInfo{"keys", 1, 1, false},        FunctionInfo{"exists", 1, 1, false},
    FunctionInfo{"coalesce", 1, -1, false},   FunctionInfo{"size", 1, 1, false},
    FunctionInfo{"length", 1, 1, false},      FunctionInfo{"nodes", 1, 1, false},
    FunctionInfo{"relationships", 1, 1, false}, FunctionInfo{"startnode", 1, 1, false},
    FunctionInfo{"endnode", 1, 1, false},     FunctionInfo{"head", 1, 1, false},
    FunctionInfo{"last", 1, 1, false},        FunctionInfo{"tail", 1, 1, false},
    FunctionInfo{"range", 2, 3, false},       FunctionInfo{"tolower", 1, 1, false},
    FunctionInfo{"toupper", 1, 1, false},     FunctionInfo{"trim", 1, 1, false},
    FunctionInfo{"ltrim", 1, 1, false},       FunctionInfo{"rtrim", 1, 1, false},
    FunctionInfo{"split", 2, 2, false},       FunctionInfo{"substring", 2, 3, false},
    FunctionInfo{"replace", 3, 3, false},     FunctionInfo{"tostring", 1, 1, false},
    FunctionInfo{"tointeger", 1, 1, false},   FunctionInfo{"tofloat", 1, 1, false},
    FunctionInfo{"toboolean", 1, 1, false},   FunctionInfo{"abs", 1, 1, false},
    FunctionInfo{"sign", 1, 1, false},        FunctionInfo{"ceil", 1, 1, false},
    FunctionInfo{"floor", 1, 1, false},       FunctionInfo{"round", 1, 1, false},
    FunctionInfo{"sqrt", 1, 1, false},        FunctionInfo{"rand", 0, 0, false},
    FunctionInfo{"pi", 0, 0, false},          FunctionInfo{"e", 0, 0, false},
           FunctionInfo{"reverse", 1, 1, false},
    FunctionInfo{"left", 2, 2, false},        FunctionInfo{"right", 2, 2, false},
    FunctionInfo{"count", 1, 1, true},        FunctionInfo{"collect", 1, 1, true},
    FunctionInfo{"sum", 1, 1, true},          FunctionInfo{"avg", 1, 1, true},
    FunctionInfo{"min", 1, 1, true},          FunctionInfo{"max", 1, 1, true},
};

}  // namespace

const FunctionInfo* findFunction(std::string_view name) {
  for (const auto& f : kFunctions)
    if (f.name == name) return &f;
  return nullptr;
}

std::string_view suggestFunction(std::string_view name) {
  std::string_view best;
  std::size_t bestDist = 3;
  for (const auto& f : kFunctions) {
    auto d = editDistance(name, f.name);
    if (d < bestDist) bestDist = d, best = f.name;
  }
  return best;
}

}  // namespace kgq
