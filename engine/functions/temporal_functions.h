// The temporal part of the function registry (date(), duration.between(), ...)
// and what the evaluator asks of temporal values: their properties (d.year) and
// their arithmetic (d + duration).
#pragma once

#include <optional>
#include <span>
#include <string_view>

#include "common/value.h"
#include "functions/registry.h"

namespace kgq {

std::span<const FunctionEntry> temporalFunctions();

// `v.key` for a temporal value or duration; nullopt when it has no such property. Throws
// TemporalError when a duration is too long to count in the unit asked (.nanoseconds).
std::optional<Value> temporalProperty(const Value& v, std::string_view key);

// a + b, a - b, a * b, a / b when a duration is involved; nullopt when these
// operand types do not combine. Throws TemporalError on overflow.
enum class TemporalOp { Add, Sub, Mul, Div };
std::optional<Value> temporalArithmetic(TemporalOp op, const Value& a, const Value& b);

}  // namespace kgq
