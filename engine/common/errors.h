// Error types, one per stage. Each carries what went wrong, where (a source
// name such as a file or "<query>", line and column, 1-based; 0 = unknown) and
// an optional hint saying what to do. The REPL/CLI prints them once via
// `Error::render()`.
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>

namespace kgq {

struct SourcePos {
  std::string source;  // file name, "<query>", "<stdin>"; empty if not applicable
  int line = 0;
  int column = 0;
  std::string lineText;  // the offending line, shown with a caret when set
};

// "Kind: file:3:7: message", the line with a caret under the column, "hint: ...";
// errors and notifications (common/notification.h) read alike.
std::string renderDiagnostic(std::string_view kind, std::string_view message, const SourcePos& pos,
                             std::string_view hint);

class Error : public std::runtime_error {
 public:
  Error(std::string kind, std::string message, SourcePos pos = {}, std::string hint = {});

  const std::string& kind() const { return kind_; }
  const std::string& message() const { return message_; }
  const SourcePos& pos() const { return pos_; }
  const std::string& hint() const { return hint_; }

  // "SyntaxError: file:3:7: message\n  the line\n      ^\nhint: ..."
  std::string render() const;

  // For the handler that knows the statement: fills the source name and the caret line where the
  // stage that threw knew only the line and column. Keeps the error's kind (it is rethrown as is).
  void attachSource(const std::string& source, std::string lineText) {
    if (pos_.line <= 0) return;
    if (pos_.source.empty()) pos_.source = source;
    if (pos_.lineText.empty()) pos_.lineText = std::move(lineText);
  }

 private:
  std::string kind_;
  std::string message_;
  SourcePos pos_;
  std::string hint_;
};

#define KGQ_ERROR_TYPE(Name)                                                       \
  class Name : public Error {                                                      \
   public:                                                                         \
    Name(std::string message, SourcePos pos = {}, std::string hint = {})           \
        : Error(#Name, std::move(message), std::move(pos), std::move(hint)) {}     \
  };

KGQ_ERROR_TYPE(SyntaxError)
KGQ_ERROR_TYPE(SemanticError)
KGQ_ERROR_TYPE(LoadError)
KGQ_ERROR_TYPE(RuntimeError)
KGQ_ERROR_TYPE(ExportError)
KGQ_ERROR_TYPE(TransactionError)
KGQ_ERROR_TYPE(StorageError)  // a database directory: its lock, log, snapshot, or a failed commit
KGQ_ERROR_TYPE(ConstraintError)  // a write (or a new constraint) that a declared constraint forbids

#undef KGQ_ERROR_TYPE

}  // namespace kgq
