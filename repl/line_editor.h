// LineEditor: interactive line input on GNU readline with a persistent history
// file. Ctrl-C while editing abandons the line (readLine reports Interrupted);
// Ctrl-D on an empty line reports Eof. One instance per process: readline's
// state is global.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace kgq {

class LineEditor {
 public:
  enum class Status { Line, Interrupted, Eof };
  struct Input {
    Status status;
    std::string text;
  };

  explicit LineEditor(std::string historyFile);
  ~LineEditor();
  LineEditor(const LineEditor&) = delete;
  LineEditor& operator=(const LineEditor&) = delete;

  Input readLine(const std::string& prompt);
  // Adds a whole (possibly multi-line) statement as one history entry and saves it.
  void remember(const std::string& entry);

  // Candidates for the word being completed, given the whole line so far.
  using Completer = std::function<std::vector<std::string>(const std::string& line, const std::string& word)>;
  void setCompleter(Completer c);

  // The default history file: $KGQ_HISTORY, else ~/.kgq_history.
  static std::string defaultHistoryFile();

 private:
  std::string historyFile_;
};

}  // namespace kgq
