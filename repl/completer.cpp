#include "completer.h"

#include <algorithm>
#include <cctype>

#include "help.h"
#include "shell.h"

namespace kgq {

namespace {

Completion metaCompletion(std::string_view line, std::string_view word) {
  std::string_view rest = line.substr(line.find(':') + 1);
  std::string name(rest.substr(0, rest.find_first_of(" \t")));
  std::size_t args = 0;  // how many arguments are complete before the word
  for (std::size_t i = name.size(); i < rest.size(); ++i)
    if (!std::isspace(static_cast<unsigned char>(rest[i])) &&
        (i + 1 == rest.size() || std::isspace(static_cast<unsigned char>(rest[i + 1]))))
      ++args;
  auto argument = [&](std::vector<std::string> choices) {
    return Completion{CompletionKind::Argument, matching(choices, word)};
  };
  if (name == "read" || name == "load" || name == "save" || (name == "export" && args == 1)) return {CompletionKind::FilePath, {}};
  if (args > 0) return {};
  if (name == "export") return argument({"csv", "dot", "graphml", "png", "svg"});
  if (name == "format") return argument({"csv", "json", "table"});
  if (name == "timing") return argument({"off", "on"});
  if (name == "help") {
    std::vector<std::string> topics;
    for (const auto& t : helpTopics()) topics.emplace_back(t.name);
    return argument(topics);
  }
  return {};
}

Completion commandNames(std::string_view word) {
  Completion c{CompletionKind::MetaCommand, {}};
  for (const auto& cmd : Shell::metaCommands())
    if (startsWithFolded(":" + cmd.name, word)) c.candidates.push_back(":" + cmd.name);
  return c;
}

bool blank(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return std::isspace(static_cast<unsigned char>(c)); });
}

}  // namespace

const char* completionWordBreaks(std::string_view line) {
  auto start = line.find_first_not_of(" \t");
  if (start != std::string_view::npos && line[start] == ':') return " \t";
  return kStatementWordBreaks;
}

Completion complete(std::string_view before, std::string_view word, const Graph& g) {
  if (blank(before) && !word.empty() && word[0] == ':') {
    Completion c = commandNames(word);
    std::sort(c.candidates.begin(), c.candidates.end());
    return c;
  }
  if (auto first = before.find_first_not_of(" \t\r\n"); first != std::string_view::npos && before[first] == ':') {
    Completion c = metaCompletion(before.substr(first), word);
    std::sort(c.candidates.begin(), c.candidates.end());
    c.candidates.erase(std::unique(c.candidates.begin(), c.candidates.end()), c.candidates.end());
    return c;
  }
  return completeStatement(before, word, g);
}

}  // namespace kgq
