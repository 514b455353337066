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
  // `open`, then each(x) for every x of `items` with commas between, then `close`.
  template <typename Items, typename Each>
  void sequence(char open, const Items& items, char close, Each each) {
    out_ += open;
    bool first = true;
    for (const auto& x : items) {
      if (!first) out_ += ',';
      first = false;
      each(x);
    }
    out_ += close;
  }
  // An object of (key, value) pairs in their order.
  void object(const std::vector<std::pair<std::string_view, const Value*>>& entries) {
    sequence('{', entries, '}', [&](const auto& e) {
      key(e.first);
      value(*e.second);
    });
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
      case ValueType::List: sequence('[', v.asList(), ']', [&](const Value& e) { value(e); }); return;
      case ValueType::Map: {
        std::vector<std::pair<std::string_view, const Value*>> entries;  // a std::map: its keys are distinct
        entries.reserve(v.asMap().size());
        for (const auto& entry : v.asMap()) entries.emplace_back(entry.first, &entry.second);
        object(entries);
        return;
      }
      case ValueType::Node: node(v.asNode()); return;
      case ValueType::Rel: rel(v.asRel()); return;
      case ValueType::Path: {
        const auto& p = v.asPath();
        out_ += "{\"_kind\":\"path\",\"nodes\":";
        sequence('[', p.nodes, ']', [&](NodeId n) { node(n); });
        out_ += ",\"relationships\":";
        sequence('[', p.rels, ']', [&](RelId r) { rel(r); });
        out_ += '}';
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
    out_ += "\"properties\":";
    object(named);
  }
  void node(NodeId n) {
    out_ += "{\"_kind\":\"node\",\"id\":";
    integer(n);
    out_ += ",\"labels\":";
    sequence('[', g_.node(n).labels, ']', [&](auto l) { string(g_.labels().name(l)); });
    out_ += ',';
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
    w.sequence('[', r.columns, ']', [&](const std::string& c) { w.string(c); });
    field("rows");
    w.sequence('[', r.rows, ']', [&](const auto& row) {
      w.sequence('[', row, ']', [&](const Value& v) { w.value(v); });
    });
  }
  if (!r.notifications.empty()) {
    field("notifications");
    w.sequence('[', r.notifications, ']', [&](const Notification& n) {
      o += '{';
      w.key("code");
      w.string(n.code());
      o += ',';
      w.key("message");
      w.string(n.message);
      o += ",\"line\":";
      w.integer(n.pos.line);
      o += ",\"column\":";
      w.integer(n.pos.column);
      if (!n.hint.empty()) {
        o += ',';
        w.key("hint");
        w.string(n.hint);
      }
      o += '}';
    });
  }
  o += "}\n";
  out << o;
}

}  // namespace kgq
