#include "terminal.h"

#include <sys/ioctl.h>
#include <unistd.h>

#include <cstdlib>

namespace kgq {

bool isTerminal(int fd) { return isatty(fd) == 1; }

bool colorWanted(int fd) {
  const char* noColor = std::getenv("NO_COLOR");
  return isTerminal(fd) && (noColor == nullptr || *noColor == '\0');
}

std::size_t terminalColumns(int fd) {
  winsize ws{};
  if (!isTerminal(fd) || ioctl(fd, TIOCGWINSZ, &ws) != 0) return 0;
  return ws.ws_col;
}

std::string bold(const std::string& text, bool on) { return on ? "\x1b[1m" + text + "\x1b[0m" : text; }

std::string red(const std::string& text, bool on) { return on ? "\x1b[1;31m" + text + "\x1b[0m" : text; }

std::string yellow(const std::string& text, bool on) { return on ? "\x1b[1;33m" + text + "\x1b[0m" : text; }

}  // namespace kgq
