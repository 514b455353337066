#include "line_editor.h"

// readline.h needs FILE from stdio.h first.
#include <cstdio>
// clang-format off
#include <readline/readline.h>
#include <readline/history.h>
// clang-format on
#include <poll.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <ctime>
#include <cstdlib>
#include <cstring>

#include <spdlog/spdlog.h>

#include "common/errors.h"
#include "history_file.h"

namespace kgq {

namespace {

volatile sig_atomic_t gInterrupted = 0;

// What the line handler received for the readLine in progress.
struct PendingLine {
  bool done = false;
  bool eof = false;
  std::string text;
} gPending;

LineEditor::Completer gCompleter;
LineEditor::WordBreaks gWordBreaks;
std::vector<std::string> gMatches;

void onLine(char* line) {
  gPending.done = true;
  if (line) {
    gPending.text = line;
    std::free(line);
  } else {
    gPending.eof = true;
  }
  // Removing the handler here keeps readline from printing the prompt again.
  rl_callback_handler_remove();
}

// Ctrl-C at the prompt: show it like a shell does and drop the line.
void abandonLine() {
  gInterrupted = 0;
  rl_free_line_state();
  rl_callback_sigcleanup();
  rl_point = rl_end;
  rl_redisplay();
  std::fputs("^C\n", rl_outstream ? rl_outstream : stdout);
  std::fflush(rl_outstream ? rl_outstream : stdout);
  rl_replace_line("", 0);
  rl_callback_handler_remove();
}

char* nextMatch(const char*, int state) {
  static std::size_t index;
  if (state == 0) index = 0;
  if (index >= gMatches.size()) return nullptr;
  return strdup(gMatches[index++].c_str());
}

char** attemptCompletion(const char* text, int start, int) {
  rl_attempted_completion_over = 1;  // no file names unless the completer asks for them
  if (!gCompleter) return nullptr;
  std::string before(rl_line_buffer, static_cast<std::size_t>(start));
  std::string word(text);
  // readline starts the word after an opening quote; the completer wants to see it.
  char quote = static_cast<char>(rl_completion_quote_character);
  if (quote && !before.empty() && before.back() == quote) {
    before.pop_back();
    word.insert(0, 1, quote);
  }
  LineEditor::Candidates c = gCompleter(before, word);
  if (c.files) {
    rl_attempted_completion_over = 0;
    return nullptr;
  }
  rl_completion_append_character = c.appendSpace ? ' ' : '\0';
  gMatches = std::move(c.words);
  if (quote) {
    // The quote stays in the line; candidates bring their own closing quote.
    for (auto& m : gMatches)
      if (!m.empty() && m[0] == quote) m.erase(0, 1);
    rl_completion_suppress_quote = 1;
  }
  if (gMatches.empty()) return nullptr;
  return rl_completion_matches(text, nextMatch);
}

char* wordBreaks() {
  static const char* fallback = " \t\n";
  return const_cast<char*>(gWordBreaks ? gWordBreaks(rl_line_buffer) : fallback);
}

}  // namespace

LineEditor::LineEditor(std::string historyFile) : historyFile_(std::move(historyFile)) {
  rl_readline_name = "kgq";
  rl_catch_signals = 0;  // the program's SIGINT handler decides; see Shell::repl
  rl_attempted_completion_function = attemptCompletion;
  rl_completion_word_break_hook = wordBreaks;
  rl_completer_quote_characters = "'\"`";
  // Timestamps mark where an entry starts, so multi-line statements come back
  // from the file as one entry each.
  history_comment_char = '#';  // timestamps are written as "#<seconds>" lines
  history_write_timestamps = 1;
  history_multiline_entries = 1;
  using_history();
  if (!historyFile_.empty()) read_history(historyFile_.c_str());
}

LineEditor::~LineEditor() {
  rl_attempted_completion_function = nullptr;
  rl_completion_word_break_hook = nullptr;
}

void LineEditor::setCompleter(Completer complete, WordBreaks breaks) {
  gCompleter = std::move(complete);
  gWordBreaks = std::move(breaks);
}

void LineEditor::interrupt() { gInterrupted = 1; }

LineEditor::Input LineEditor::readLine(const std::string& prompt) {
  gPending = {};
  gInterrupted = 0;
  // SIGINT stays blocked except inside ppoll, so a Ctrl-C cannot slip in between
  // the check below and the wait (and then wait for the next key).
  sigset_t sigint, unblocked;
  sigemptyset(&sigint);
  sigaddset(&sigint, SIGINT);
  sigprocmask(SIG_BLOCK, &sigint, &unblocked);
  sigdelset(&unblocked, SIGINT);
  rl_callback_handler_install(prompt.c_str(), onLine);
  Input result{Status::Line, {}};
  while (!gPending.done) {
    if (gInterrupted) {
      abandonLine();
      result.status = Status::Interrupted;
      break;
    }
    pollfd in{fileno(rl_instream ? rl_instream : stdin), POLLIN, 0};
    int ready = ppoll(&in, 1, nullptr, &unblocked);
    if (ready < 0 && errno == EINTR) {
      rl_check_signals();  // e.g. a window resize readline caught
      continue;
    }
    if (ready < 0) {
      rl_callback_handler_remove();
      gPending.eof = true;
      break;
    }
    rl_callback_read_char();
  }
  sigprocmask(SIG_UNBLOCK, &sigint, nullptr);
  if (result.status == Status::Interrupted) return result;
  if (gPending.eof) return {Status::Eof, {}};
  return {Status::Line, std::move(gPending.text)};
}

void LineEditor::remember(const std::string& entry) {
  if (entry.empty()) return;
  HIST_ENTRY* last = history_length > 0 ? history_get(history_base + history_length - 1) : nullptr;
  if (last && entry == last->line) return;
  add_history(entry.c_str());
  if (historyFile_.empty()) return;
  HIST_ENTRY* added = history_get(history_base + history_length - 1);
  std::string timestamp = added && added->timestamp && *added->timestamp
                              ? added->timestamp
                              : "#" + std::to_string(static_cast<long long>(std::time(nullptr)));
  // Read, append, rename over (history_file.h): other sessions' entries stay, and readline's
  // append_history/history_truncate_file, which write the file in place, are not used.
  try {
    saveHistoryEntry(historyFile_, timestamp, entry, kHistoryEntries);
  } catch (const Error& e) {
    if (!historyWarned_) spdlog::warn("history not saved: {}", e.message());
    historyWarned_ = true;
  }
}

std::string LineEditor::defaultHistoryFile() {
  if (const char* h = std::getenv("KGQ_HISTORY")) return h;
  if (const char* home = std::getenv("HOME")) return std::string(home) + "/.kgq_history";
  return {};
}

}  // namespace kgq
