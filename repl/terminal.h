// What kgq needs to know about the terminal its output goes to: whether there is
// one, how wide it is, and whether colours are wanted (https://no-color.org).
#pragma once

#include <cstddef>
#include <string>

namespace kgq {

bool isTerminal(int fd);
// True when `fd` is a terminal and NO_COLOR is unset or empty.
bool colorWanted(int fd);
// Columns of the terminal on `fd`; 0 when it is not a terminal or does not say.
std::size_t terminalColumns(int fd);

// ANSI styles; `on` false gives the text unchanged.
std::string bold(const std::string& text, bool on);
std::string red(const std::string& text, bool on);
std::string yellow(const std::string& text, bool on);

}  // namespace kgq
