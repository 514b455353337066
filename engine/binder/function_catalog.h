// The functions kgq knows, with their arity. The binder checks calls against it;
// the evaluator implements the scalar ones and the aggregate operator the rest.
#pragma once

#include <string_view>

namespace kgq {

struct FunctionInfo {
  std::string_view name;  // lower case
  int minArgs;
  int maxArgs;  // -1 = any
  bool aggregate;
};

// nullptr when unknown. `name` is matched case-insensitively (callers lower-case it).
const FunctionInfo* findFunction(std::string_view name);

// The closest known name, for "did you mean" hints; empty when nothing is close.
std::string_view suggestFunction(std::string_view name);

}  // namespace kgq
