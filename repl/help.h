// The text of `:help` and `:help TOPIC`. Every example line (two blanks, then a
// statement ending with ';' or a `:` command) runs on the default graph; the e2e
// test test_repl_help.py runs them all, so the help cannot drift from the language.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kgq {

struct HelpTopic {
  std::string_view name;
  std::string_view summary;  // one line, for the topic list
  std::string_view text;     // explanation and examples
};

const std::vector<HelpTopic>& helpTopics();

// The topic named `name` (case-insensitive; "neighbors" and a few statement
// keywords are accepted as aliases), or nullopt.
std::optional<HelpTopic> findHelpTopic(std::string_view name);

}  // namespace kgq
