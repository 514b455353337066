#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "common/strings.h"
#include "format/format.h"

namespace kgq {

namespace {

std::string csvCell(const std::string& s) {
  if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

using Json = nlohmann::ordered_json;

// Results are written as they are walked, not built as a JSON document first: a document
// allocates every key, string and container (most of a shortest-path question's time went there).
// The output is what nlohmann's dump(-1, ' ', false, replace) writes for that document.
class JsonWriter {
 public:
  explicit JsonWriter(const Graph& g) : g_(g) {}

  std::string& out() { return out_; }

  void string(std::string_view s) {
    if (invalidUtf8At(s)) {  // nlohmann's replacement characters, exactly
      out_ += Json(std::string(s)).dump(-1, ' ', false, Json::error_handler_t::replace);
      return;
    }
    out_ += '"';
    std::size_t plain = 0;
    for (std::size_t i = 0; i < s.size(); ++i) {
      auto c = static_cast<unsigned char>(s[i]);
      if (c >= 0x20 && c != '"' && c != '\\') continue;
      out_.append(s, plain, i - plain);
      plain = i + 1;
      switch (c) {
        case '"': out_ += "\\\""; break;
        case '\\': out_ += "\\\\"; break;
        case '\b': out_ += "\\b"; break;
        case '\f': out_ += "\\f"; break;
        case '\n': out_ += "\\n"; break;
        case '\r': out_ += "\\r"; break;
        case '\t': out_ += "\\t"; break;
        default: {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out_ += buf;
        }
      }
    }
    out_.append(s, plain, std::string_view::npos);
    out_ += '"';
  }
  template <typename Int>
  void integer(Int v) {
    char buf[24];
    out_.append(buf, static_cast<std::size_t>(std::to_chars(buf, buf + sizeof buf, v).ptr - buf));
  }
  void key(std::string_view k) {
    string(k);
    out_ += ':';
  }

  void value(const Value& v) {
    switch (v.type()) {
      case ValueType::Null: out_ += "null"; return;
      case ValueType::Bool: out_ += v.asBool() ? "true" : "false"; return;
      case ValueType::Int: integer(v.asInt()); return;
      case ValueType::Float: {
        double d = v.asFloat();
        if (!std::isfinite(d)) string(formatFloat(d));  // JSON has no NaN or Infinity
        else out_ += Json(d).dump();
        return;
      }
      case ValueType::String: string(v.asString()); return;
      case ValueType::List: {
        out_ += '[';
        bool first = true;
        for (const auto& e : v.asList()) {
          if (!first) out_ += ',';
          first = false;
          value(e);
        }
        out_ += ']';
        return;
      }
      case ValueType::Map: {
        // A map with a key twice keeps its last value at the first key's place, as a document does.
        std::vector<std::pair<std::string_view, const Value*>> entries;
        for (const auto& entry : v.asMap()) {
          std::string_view k = entry.first;
          auto same = std::find_if(entries.begin(), entries.end(), [&](const auto& x) { return x.first == k; });
          if (same != entries.end()) same->second = &entry.second;
          else entries.emplace_back(k, &entry.second);
        }
        out_ += '{';
        for (std::size_t i = 0; i < entries.size(); ++i) {
          if (i) out_ += ',';
          key(entries[i].first);
          value(*entries[i].second);
        }
        out_ += '}';
        return;
      }
      case ValueType::Node: node(v.asNode()); return;
      case ValueType::Rel: rel(v.asRel()); return;
      case ValueType::Path: {
        out_ += "{\"_kind\":\"path\",\"nodes\":[";
        const auto& p = v.asPath();
        for (std::size_t i = 0; i < p.nodes.size(); ++i) {
          if (i) out_ += ',';
          node(p.nodes[i]);
        }
        out_ += "],\"relationships\":[";
        for (std::size_t i = 0; i < p.rels.size(); ++i) {
          if (i) out_ += ',';
          rel(p.rels[i]);
        }
        out_ += "]}";
        return;
      }
      case ValueType::Date:
      case ValueType::LocalTime:
      case ValueType::Time:
      case ValueType::LocalDateTime:
      case ValueType::DateTime:
      case ValueType::Duration: string(temporalText(v)); return;  // JSON has no dates: ISO 8601 text
    }
    out_ += "null";
  }

 private:
  void properties(const PropertyMap& props) {
    std::vector<std::pair<std::string_view, const Value*>> named;
    named.reserve(props.size());
    for (const auto& [k, val] : props) named.emplace_back(g_.keys().name(k), &val);
    std::sort(named.begin(), named.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    out_ += "\"properties\":{";
    for (std::size_t i = 0; i < named.size(); ++i) {
      if (i) out_ += ',';
      key(named[i].first);
      value(*named[i].second);
    }
    out_ += '}';
  }
  void node(NodeId n) {
    out_ += "{\"_kind\":\"node\",\"id\":";
    integer(n);
    out_ += ",\"labels\":[";
    bool first = true;
    for (auto l : g_.node(n).labels) {
      if (!first) out_ += ',';
      first = false;
      string(g_.labels().name(l));
    }
    out_ += "],";
    properties(g_.nodeProperties(n));
    out_ += '}';
  }
  void rel(RelId r) {
    out_ += "{\"_kind\":\"relationship\",\"id\":";
    integer(r);
    out_ += ",\"type\":";
    string(g_.types().name(g_.rel(r).type));
    out_ += ",\"start\":";
    integer(g_.relStart(r));
    out_ += ",\"end\":";
    integer(g_.relEnd(r));
    out_ += ',';
    properties(g_.relProperties(r));
    out_ += '}';
  }

  const Graph& g_;
  std::string out_;
};

}  // namespace

void printCsv(const QueryResult& r, const Graph& g, std::ostream& out) {
  if (!r.plan.empty() && !r.profiled) {
    out << r.plan;
    return;
  }
  if (!r.hasReturn) return;
  for (std::size_t j = 0; j < r.columns.size(); ++j) out << (j ? "," : "") << csvCell(r.columns[j]);
  out << "\n";
  for (const auto& row : r.rows) {
    for (std::size_t j = 0; j < row.size(); ++j)
      out << (j ? "," : "") << (row[j].isNull() ? std::string() : csvCell(renderCell(row[j], g)));
    out << "\n";
  }
}

void printJson(const QueryResult& r, const Graph& g, std::ostream& out) {
  JsonWriter w(g);
  std::string& o = w.out();
  o += '{';
  auto field = [&](std::string_view name) {
    if (o.size() > 1) o += ',';
    w.key(name);
  };
  if (r.profiled) {
    field("profile");
    w.string(r.plan);
  }
  if (!r.plan.empty() && !r.profiled) {
    field("plan");
    w.string(r.plan);
  } else {
    field("columns");
    o += '[';
    for (std::size_t j = 0; j < r.columns.size(); ++j) {
      if (j) o += ',';
      w.string(r.columns[j]);
    }
    o += ']';
    field("rows");
    o += '[';
    for (std::size_t i = 0; i < r.rows.size(); ++i) {
      if (i) o += ',';
      o += '[';
      for (std::size_t j = 0; j < r.rows[i].size(); ++j) {
        if (j) o += ',';
        w.value(r.rows[i][j]);
      }
      o += ']';
    }
    o += ']';
  }
  if (!r.notifications.empty()) {
    field("notifications");
    o += '[';
    for (std::size_t i = 0; i < r.notifications.size(); ++i) {
      const auto& n = r.notifications[i];
      if (i) o += ',';
      o += '{';
      w.key("code");
      w.string(n.code());
      o += ',';
      w.key("message");
      w.string(n.message);
      o += ',';
      w.key("line");
      w.integer(n.pos.line);
      o += ',';
      w.key("column");
      w.integer(n.pos.column);
      if (!n.hint.empty()) {
        o += ',';
        w.key("hint");
        w.string(n.hint);
      }
      o += '}';
    }
    o += ']';
  }
  o += "}\n";
  out << o;
}

}  // namespace kgq
