#include "io/graph_meta_file.h"

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "common/errors.h"
#include "io/atomic_file.h"

namespace kgq {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

constexpr const char* kHint = "see docs/graph-metadata.md for the format";

[[noreturn]] void fail(const std::string& file, const std::string& message, int line = 0, int column = 0) {
  throw LoadError(message, SourcePos{file, line, column, {}}, kHint);
}

// A key name: a string, or null / "" for none.
std::string keyName(const json& j, const std::string& what, const std::string& file) {
  if (j.is_null()) return {};
  if (!j.is_string()) fail(file, what + " must be a property name (a string) or null");
  return j.get<std::string>();
}

void checkFields(const json& j, std::initializer_list<const char*> allowed, const std::string& where,
                 const std::string& file) {
  for (const auto& [name, value] : j.items()) {
    bool known = false;
    std::string list;
    for (const char* a : allowed) {
      known = known || name == a;
      list += (list.empty() ? "" : ", ") + std::string(a);
    }
    if (!known) fail(file, "unknown field '" + name + "' in " + where + "; expected " + list);
  }
}

GraphMeta::Verb verbOf(const std::string& type, const json& j, const std::string& file) {
  std::string where = "verbs." + type;
  if (j.is_string()) return {j.get<std::string>(), {}};
  if (!j.is_object()) fail(file, where + " must be a phrase or an object {\"phrase\": ..., \"qualified\": ...}");
  checkFields(j, {"phrase", "qualified"}, where, file);
  GraphMeta::Verb v;
  if (!j.contains("phrase") || !j["phrase"].is_string()) fail(file, where + " needs a \"phrase\" string");
  v.phrase = j["phrase"].get<std::string>();
  if (j.contains("qualified")) {
    if (!j["qualified"].is_string()) fail(file, where + ".qualified must be a string");
    v.qualified = j["qualified"].get<std::string>();
  }
  return v;
}

}  // namespace

fs::path graphMetaPath(const fs::path& graphPath) {
  std::error_code ec;
  if (fs::is_directory(graphPath, ec)) return graphPath / kGraphMetaFile;
  return fs::path(graphPath.string() + "." + kGraphMetaFile);
}

GraphMeta parseGraphMeta(const std::string& text, const std::string& file) {
  json j;
  try {
    j = json::parse(text);
  } catch (const json::parse_error& e) {
    // nlohmann counts bytes; the message is more use with a line and column.
    std::size_t at = std::min<std::size_t>(e.byte == 0 ? 0 : e.byte - 1, text.size());
    int line = 1, column = 1;
    for (std::size_t i = 0; i < at; ++i) {
      if (text[i] == '\n') ++line, column = 1;
      else ++column;
    }
    std::string what = e.what();
    if (auto p = what.find("syntax error"); p != std::string::npos) what = what.substr(p);
    fail(file, "not valid JSON: " + what, line, column);
  }
  if (!j.is_object()) fail(file, "expected a JSON object");
  checkFields(j, {"display", "aliases", "source", "time", "qualifiers", "verbs"}, "the top level", file);
  GraphMeta m;
  if (j.contains("display")) {
    m.displayKey = keyName(j["display"], "display", file);
    if (m.displayKey.empty()) fail(file, "display must name the node property people read, such as \"name\"");
  }
  if (j.contains("aliases")) m.aliasKey = keyName(j["aliases"], "aliases", file);
  if (!m.aliasKey.empty() && m.aliasKey == m.displayKey) fail(file, "aliases must differ from display");
  if (j.contains("source")) m.sourceKey = keyName(j["source"], "source", file);
  if (j.contains("time")) {
    // The object declares the time keys: those it leaves out are none.
    const json& t = j["time"];
    if (!t.is_null() && !t.is_object()) fail(file, "time must be an object such as {\"valid_from\": \"since\"}");
    if (t.is_object()) checkFields(t, {"valid_from", "valid_until", "point_in_time"}, "time", file);
    auto member = [&](const char* name) {
      return t.is_object() && t.contains(name) ? keyName(t[name], std::string("time.") + name, file) : std::string();
    };
    m.validFromKey = member("valid_from");
    m.validUntilKey = member("valid_until");
    m.pointInTimeKey = member("point_in_time");
  }
  if (j.contains("qualifiers")) {
    const json& q = j["qualifiers"];
    if (!q.is_null() && !q.is_array()) fail(file, "qualifiers must be a list of property names");
    m.qualifierKeys.clear();
    if (q.is_array())
      for (const auto& e : q)
        if (auto k = keyName(e, "a qualifier", file); !k.empty()) m.qualifierKeys.push_back(k);
  }
  if (j.contains("verbs")) {
    const json& v = j["verbs"];
    if (!v.is_object()) fail(file, "verbs must be an object from relationship type to phrase");
    for (const auto& [type, entry] : v.items()) m.verbs[type] = verbOf(type, entry, file);
  }
  return m;
}

std::optional<GraphMeta> readGraphMeta(const fs::path& file) {
  std::error_code ec;
  if (!fs::exists(file, ec)) return std::nullopt;
  std::ifstream in(file, std::ios::binary);
  if (!in) fail(file.string(), "cannot read the graph's meta file");
  std::ostringstream text;
  text << in.rdbuf();
  return parseGraphMeta(text.str(), file.string());
}

std::string graphMetaJson(const GraphMeta& m) {
  auto key = [](const std::string& k) { return k.empty() ? json(nullptr) : json(k); };
  json verbs = json::object();
  for (const auto& [type, v] : m.verbs)
    verbs[type] = v.qualified.empty() ? json(v.phrase) : json{{"phrase", v.phrase}, {"qualified", v.qualified}};
  json j = {{"display", m.displayKey},
            {"aliases", key(m.aliasKey)},
            {"source", key(m.sourceKey)},
            {"time",
             {{"valid_from", key(m.validFromKey)},
              {"valid_until", key(m.validUntilKey)},
              {"point_in_time", key(m.pointInTimeKey)}}},
            {"qualifiers", m.qualifierKeys},
            {"verbs", verbs}};
  return j.dump(2) + "\n";
}

void writeGraphMeta(const GraphMeta& meta, const fs::path& file) { writeFileAtomically(file, graphMetaJson(meta)); }

}  // namespace kgq
