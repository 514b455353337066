#include "line_editor.h"

#include <readline/history.h>
#include <readline/readline.h>
#include <signal.h>

#include <cstdlib>
#include <cstring>

namespace kgq {

namespace {

volatile sig_atomic_t gInterrupted = 0;
bool gLineAbandoned = false;
LineEditor::Completer gCompleter;
std::vector<std::string> gMatches;

// Runs inside readline when a signal interrupted its read: drop the line and return.
int onSignalEvent() {
  if (gInterrupted) {
    gInterrupted = 0;
    gLineAbandoned = true;
    rl_replace_line("", 0);
    rl_done = 1;
  }
  return 0;
}

char* nextMatch(const char*, int state) {
  static std::size_t index;
  if (state == 0) index = 0;
  if (index >= gMatches.size()) return nullptr;
  return strdup(gMatches[index++].c_str());
}

char** complete(const char* text, int start, int end) {
  rl_attempted_completion_over = 1;  // never fall back to file names on our own
  if (!gCompleter) return nullptr;
  std::string line(rl_line_buffer, static_cast<std::size_t>(end));
  (void)start;
  gMatches = gCompleter(line, text);
  if (gMatches.empty()) return nullptr;
  return rl_completion_matches(text, nextMatch);
}

}  // namespace

LineEditor::LineEditor(std::string historyFile) : historyFile_(std::move(historyFile)) {
  rl_readline_name = "kgq";
  rl_catch_signals = 0;  // our SIGINT handler decides; see Shell
  rl_signal_event_hook = onSignalEvent;
  rl_attempted_completion_function = complete;
  rl_completer_word_break_characters = const_cast<char*>(" \t\n(),[]{}:;=<>-|.");
  rl_completer_quote_characters = const_cast<char*>("'\"`");
  using_history();
  if (!historyFile_.empty()) read_history(historyFile_.c_str());
}

LineEditor::~LineEditor() {
  rl_signal_event_hook = nullptr;
  rl_attempted_completion_function = nullptr;
}

void LineEditor::setCompleter(Completer c) { gCompleter = std::move(c); }

LineEditor::Input LineEditor::readLine(const std::string& prompt) {
  gLineAbandoned = false;
  gInterrupted = 0;
  char* raw = readline(prompt.c_str());
  if (gLineAbandoned) {
    std::free(raw);
    return {Status::Interrupted, {}};
  }
  if (!raw) return {Status::Eof, {}};
  std::string line(raw);
  std::free(raw);
  return {Status::Line, line};
}

void LineEditor::remember(const std::string& entry) {
  if (entry.empty()) return;
  HIST_ENTRY* last = history_length > 0 ? history_get(history_base + history_length - 1) : nullptr;
  if (last && entry == last->line) return;
  add_history(entry.c_str());
  if (historyFile_.empty()) return;
  // Append so that concurrent sessions do not overwrite each other's history.
  if (append_history(1, historyFile_.c_str()) != 0) write_history(historyFile_.c_str());
  history_truncate_file(historyFile_.c_str(), 5000);
}

std::string LineEditor::defaultHistoryFile() {
  if (const char* h = std::getenv("KGQ_HISTORY")) return h;
  if (const char* home = std::getenv("HOME")) return std::string(home) + "/.kgq_history";
  return {};
}

// Signal plumbing used by the shell: SIGINT sets the flag readline's hook reads.
void markInterrupted() { gInterrupted = 1; }

}  // namespace kgq
