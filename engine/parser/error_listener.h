// Turns ANTLR's first syntax error into a kgq SyntaxError: position, the
// offending line with a caret, and what was expected in words.
#pragma once

#include <antlr4-runtime.h>

#include <string>
#include <vector>

#include "common/errors.h"

namespace kgq {

class ThrowingErrorListener : public antlr4::BaseErrorListener {
 public:
  ThrowingErrorListener(std::string source, std::vector<std::string> lines, int firstLine)
      : source_(std::move(source)), lines_(std::move(lines)), firstLine_(firstLine) {}

  void syntaxError(antlr4::Recognizer* recognizer, antlr4::Token* offending, size_t line, size_t column,
                   const std::string& msg, std::exception_ptr e) override;
  // Where `token` is, as a SyntaxError reports it.
  kgq::SourcePos positionOf(antlr4::Token* token) const;

 private:
  kgq::SourcePos positionAt(size_t line, size_t column) const;
  std::string source_;
  std::vector<std::string> lines_;
  int firstLine_;
};

}  // namespace kgq
