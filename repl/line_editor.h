// LineEditor: interactive line input on GNU readline with a persistent history
// file. Ctrl-C while editing abandons the line (readLine reports Interrupted);
// Ctrl-D on an empty line reports Eof. One instance per process: readline's
// state is global.
//
// It uses readline's callback interface with our own wait for input, because
// readline() itself keeps waiting for a key after a signal arrived: with it, a
// Ctrl-C at the prompt would only take effect at the next key press.
#pragma once

#include <cstddef>
#include <functional>
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
  // Adds a whole (possibly multi-line) statement as one history entry and saves it (history_file.h);
  // the file keeps the last kHistoryEntries. A failure to save is one warning per session.
  void remember(const std::string& entry);

  struct Candidates {
    std::vector<std::string> words;  // replacements for the partial word
    bool files = false;              // complete a file name instead (readline's own)
    bool appendSpace = true;         // after a single, complete match
  };
  // `before`: the line up to the partial word (without a quote that opens it);
  // `word`: the partial word, with its opening quote if it has one.
  using Completer = std::function<Candidates(const std::string& before, const std::string& word)>;
  // The characters that end words on this line.
  using WordBreaks = std::function<const char*(const std::string& line)>;
  void setCompleter(Completer complete, WordBreaks breaks);

  // Async-signal-safe: makes a readLine in progress return Interrupted. The
  // program's SIGINT handler calls it (readline's own handlers are off).
  static void interrupt();

  // The default history file: $KGQ_HISTORY, else ~/.kgq_history.
  static std::string defaultHistoryFile();

  static constexpr std::size_t kHistoryEntries = 5000;

 private:
  std::string historyFile_;
  bool historyWarned_ = false;
};

}  // namespace kgq
