#include "functions/registry.h"

#include <algorithm>
#include <cctype>

#include "common/errors.h"
#include "common/strings.h"

namespace kgq {

void throwTypeMismatch(const std::string& what, const Value& got, std::string_view text, int line, int column) {
  throw RuntimeError("type mismatch: " + what + ", got " + std::string(typeName(got.type())) + " in `" +
                         std::string(text) + "`",
                     SourcePos{{}, line, column, {}});
}

void FunctionCall::typeError(const std::string& what, const Value& got) const {
  throwTypeMismatch(what, got, text, line, column);
}

void FunctionCall::fail(const std::string& message) const {
  throw RuntimeError(message + " in `" + std::string(text) + "`");
}

std::string FunctionEntry::arityText() const {
  std::string want = minArgs == maxArgs ? std::to_string(minArgs)
                     : maxArgs < 0      ? "at least " + std::to_string(minArgs)
                                        : std::to_string(minArgs) + " to " + std::to_string(maxArgs);
  bool one = minArgs == 1 && (maxArgs == 1 || maxArgs < 0);
  return "takes " + want + " argument" + (one ? "" : "s");
}

std::string FunctionEntry::signatureText() const {
  std::string text(signature);
  if (result) text += " :: " + std::string(typeName(*result));
  return text;
}

namespace {

bool sameIgnoringCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

}  // namespace

const FunctionEntry* findFunction(std::string_view name) {
  for (const auto& f : functionRegistry())
    if (sameIgnoringCase(f.name, name)) return &f;
  return nullptr;
}

const FunctionEntry* suggestFunction(std::string_view name) {
  auto all = functionRegistry();
  std::vector<std::string_view> names;
  for (const auto& f : all) names.push_back(f.name);
  auto best = rankSuggestions(name, names, 1);
  return best.empty() ? nullptr : &all[best[0]];
}

std::string_view categoryTitle(FunctionCategory c) {
  switch (c) {
    case FunctionCategory::Graph: return "Graph";
    case FunctionCategory::List: return "Lists";
    case FunctionCategory::String: return "Strings";
    case FunctionCategory::Number: return "Numbers";
    case FunctionCategory::Conversion: return "Conversion";
    case FunctionCategory::Temporal: return "Dates and times";
    case FunctionCategory::Aggregate: return "Aggregates";
  }
  return "Other";
}

}  // namespace kgq
