// GraphML export and import (pugixml). Labels travel in a node attribute
// "labels" (":A:B") and the relationship type in an edge attribute "label", the
// conventions of Neo4j's APOC export; list properties as JSON arrays with
// attr.list, as APOC does.
#include <cstdio>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <pugixml.hpp>
#include <sstream>

#include "common/strings.h"
#include "io/export.h"
#include "io/atomic_file.h"
#include "io/graph_meta_file.h"
#include "io/property_columns.h"
#include "io/render.h"

namespace kgq {

namespace {

const char* graphmlType(ColumnType t) {
  switch (t) {
    case ColumnType::Int: return "long";
    case ColumnType::Float: return "double";
    case ColumnType::Bool: return "boolean";
    default: return "string";  // temporal: ISO 8601 text, typed by kgq.type on the key
  }
}

nlohmann::json scalarJson(const Value& v) {
  switch (v.type()) {
    case ValueType::Int: return v.asInt();
    case ValueType::Float: return v.asFloat();
    case ValueType::Bool: return v.asBool();
    case ValueType::String: return v.asString();
    default: {
      std::string t = temporalText(v);
      return t.empty() ? nlohmann::json(nullptr) : nlohmann::json(t);
    }
  }
}

std::string dataText(const PropertyColumn& c, const Value& v) {
  if (v.isList()) {
    nlohmann::json arr = nlohmann::json::array();
    for (const auto& e : v.asList()) arr.push_back(c.mixed ? nlohmann::json(cellText(e)) : scalarJson(e));
    return arr.dump();
  }
  return cellText(v);
}

// XML 1.0 cannot hold NUL or the other C0 control characters but tab, newline and carriage return,
// nor U+FFFE / U+FFFF, not even as character references; a value holding one cannot travel in GraphML
// (pugixml would write a file no XML parser reads, or cut the text at a NUL). CSV holds every character.
void requireXmlText(std::string_view text, const auto& where) {
  auto refuse = [&](const std::string& what) {
    throw ExportError(where() + " " + what + ", which GraphML (XML) cannot hold", {},
                      "export it as CSV (EXPORT CSV TO 'dir', :export csv DIR), which keeps every character, "
                      "or change the value with SET");
  };
  if (auto at = invalidUtf8At(text)) refuse("is not valid UTF-8 (byte " + std::to_string(*at + 1) + ")");
  for (std::size_t i = 0; i < text.size(); ++i) {
    auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
      char code[8];
      std::snprintf(code, sizeof code, "U+%04X", c);
      refuse(std::string("holds the control character ") + code);
    }
    if (c == 0xEF && i + 2 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0xBF &&
        (static_cast<unsigned char>(text[i + 2]) == 0xBE || static_cast<unsigned char>(text[i + 2]) == 0xBF))
      refuse(static_cast<unsigned char>(text[i + 2]) == 0xBE ? "holds U+FFFE" : "holds U+FFFF");
  }
}

void addKeys(pugi::xml_node root, const std::vector<PropertyColumn>& cols, const char* forWhat, const char* prefix) {
  for (std::size_t i = 0; i < cols.size(); ++i) {
    requireXmlText(cols[i].name, [&] { return "the property key '" + cols[i].name + "'"; });
    auto key = root.append_child("key");
    key.append_attribute("id") = prefixedId(prefix[0], i).c_str();
    key.append_attribute("for") = forWhat;
    key.append_attribute("attr.name") = cols[i].name.c_str();
    key.append_attribute("attr.type") = graphmlType(cols[i].type);
    if (cols[i].isList) key.append_attribute("attr.list") = graphmlType(cols[i].type);
    // GraphML has no temporal types: the text is ISO 8601 and kgq.type says which kind it is.
    if (isTemporalColumn(cols[i].type) && !cols[i].mixed) key.append_attribute("kgq.type") = columnTypeName(cols[i].type);
  }
}

void addData(pugi::xml_node el, const std::vector<PropertyColumn>& cols, const char* prefix, const PropertyMap& props,
             const auto& owner) {
  for (std::size_t i = 0; i < cols.size(); ++i)
    if (const Value* v = findProperty(props, cols[i].key)) {
      std::string text = dataText(cols[i], *v);
      requireXmlText(text, [&] { return "property '" + cols[i].name + "' of " + owner(); });
      auto d = el.append_child("data");
      d.append_attribute("key") = prefixedId(prefix[0], i).c_str();
      d.text() = text.c_str();
    }
}

}  // namespace

void writeGraphml(const Graph& g, const Subgraph& s, std::ostream& out) {
  pugi::xml_document doc;
  auto decl = doc.append_child(pugi::node_declaration);
  decl.append_attribute("version") = "1.0";
  decl.append_attribute("encoding") = "UTF-8";
  auto root = doc.append_child("graphml");
  root.append_attribute("xmlns") = "http://graphml.graphdrawing.org/xmlns";
  auto nodeCols = propertyColumns(g, s.nodes.size(), [&](std::size_t i) { return g.nodeProperties(s.nodes[i]); });
  auto relCols = propertyColumns(g, s.rels.size(), [&](std::size_t i) { return g.relProperties(s.rels[i]); });
  auto labelsKey = root.append_child("key");
  labelsKey.append_attribute("id") = "labels";
  labelsKey.append_attribute("for") = "node";
  labelsKey.append_attribute("attr.name") = "labels";
  labelsKey.append_attribute("attr.type") = "string";
  auto typeKey = root.append_child("key");
  typeKey.append_attribute("id") = "label";
  typeKey.append_attribute("for") = "edge";
  typeKey.append_attribute("attr.name") = "label";
  typeKey.append_attribute("attr.type") = "string";
  auto genKey = root.append_child("key");
  genKey.append_attribute("id") = "kgq";
  genKey.append_attribute("for") = "graph";
  genKey.append_attribute("attr.name") = "kgq.generatedIds";
  genKey.append_attribute("attr.type") = "boolean";
  addKeys(root, nodeCols, "node", "n");
  addKeys(root, relCols, "edge", "e");
  auto graph = root.append_child("graph");
  graph.append_attribute("id") = "G";
  graph.append_attribute("edgedefault") = "directed";
  auto gen = graph.append_child("data");
  gen.append_attribute("key") = "kgq";
  gen.text() = "true";
  for (NodeId n : s.nodes) {
    auto el = graph.append_child("node");
    el.append_attribute("id") = prefixedId('n', n).c_str();
    std::string labels;
    for (auto l : g.node(n).labels) {
      labels += ':';
      labels += g.labels().name(l);
    }
    auto node = [&] { return "node " + displayName(g, n); };
    requireXmlText(labels, [&] { return "a label of " + node(); });
    auto d = el.append_child("data");
    d.append_attribute("key") = "labels";
    d.text() = labels.c_str();
    addData(el, nodeCols, "n", g.nodeProperties(n), node);
  }
  for (RelId r : s.rels) {
    auto el = graph.append_child("edge");
    el.append_attribute("id") = prefixedId('e', r).c_str();
    el.append_attribute("source") = prefixedId('n', g.relStart(r)).c_str();
    el.append_attribute("target") = prefixedId('n', g.relEnd(r)).c_str();
    const std::string& type = g.types().name(g.rel(r).type);
    auto rel = [&] { return "relationship " + displayName(g, g.relStart(r)) + " -[:" + type + "]-> " +
                            displayName(g, g.relEnd(r)); };
    requireXmlText(type, [&] { return "the type of " + rel(); });
    auto d = el.append_child("data");
    d.append_attribute("key") = "label";
    d.text() = type.c_str();
    addData(el, relCols, "e", g.relProperties(r), rel);
  }
  doc.save(out, "  ", pugi::format_default, pugi::encoding_utf8);
}

// ---- reading -------------------------------------------------------------------------

namespace {

struct KeyInfo {
  std::string forWhat, name, type, list;
  std::optional<std::string> def;
};

class GraphmlReader {
 public:
  explicit GraphmlReader(std::filesystem::path file) : file_(std::move(file)) {}

  Graph read() {
    std::ifstream in(file_, std::ios::binary);
    if (!in) throw LoadError("cannot read '" + file_.string() + "'", SourcePos{file_.string(), 0, 0, {}});
    std::ostringstream ss;
    ss << in.rdbuf();
    text_ = ss.str();
    pugi::xml_document doc;
    // Without end-of-line normalisation: a carriage return inside a value (which pugixml writes as
    // it is) reads back as itself, not as a newline.
    auto res = doc.load_buffer(text_.data(), text_.size(), pugi::parse_default & ~pugi::parse_eol);
    if (!res) fail(res.offset, std::string("not well-formed XML: ") + res.description());
    auto root = doc.child("graphml");
    if (!root) fail(0, "no <graphml> element", "is this a GraphML file?");
    for (auto k : root.children("key")) {
      KeyInfo info{k.attribute("for").as_string(), k.attribute("attr.name").as_string(k.attribute("id").as_string()),
                   k.attribute("attr.type").as_string("string"), k.attribute("attr.list").as_string(), {}};
      if (auto t = k.attribute("kgq.type")) {
        info.type = t.as_string();
        if (!info.list.empty()) info.list = info.type;
      }
      if (auto d = k.child("default")) info.def = d.text().as_string();
      keys_[k.attribute("id").as_string()] = info;
    }
    auto graph = root.child("graph");
    if (!graph) fail(0, "no <graph> element");
    bool directed = std::string(graph.attribute("edgedefault").as_string("directed")) != "undirected";
    (void)directed;  // kgq relationships are always directed; undirected GraphML edges keep source->target
    for (auto d : graph.children("data"))
      if (keyName(d) == "kgq.generatedIds") generatedIds_ = std::string(d.text().as_string()) == "true";
    Graph g;
    g.beginBulk();
    for (auto n : graph.children("node")) readNode(g, n);
    for (auto e : graph.children("edge")) readEdge(g, e);
    g.endBulk();
    return g;
  }

 private:
  [[noreturn]] void fail(std::ptrdiff_t offset, const std::string& message, const std::string& hint = {}) const {
    int line = 1, col = 1;
    for (std::ptrdiff_t i = 0; i < offset && i < static_cast<std::ptrdiff_t>(text_.size()); ++i) {
      if (text_[static_cast<std::size_t>(i)] == '\n') ++line, col = 1;
      else if ((static_cast<unsigned char>(text_[static_cast<std::size_t>(i)]) & 0xC0) != 0x80) ++col;
    }
    throw LoadError(message, SourcePos{file_.string(), line, col, {}}, hint);
  }

  std::string keyName(pugi::xml_node data) const {
    auto it = keys_.find(data.attribute("key").as_string());
    return it == keys_.end() ? data.attribute("key").as_string() : it->second.name;
  }

  Value scalar(const std::string& type, const std::string& text, pugi::xml_node where) const {
    try {
      if (type == "int" || type == "long") {
        std::size_t used = 0;
        auto v = std::stoll(text, &used);
        if (used != text.size()) throw std::invalid_argument(text);
        return Value(static_cast<std::int64_t>(v));
      }
      if (type == "float" || type == "double") return Value(std::stod(text));
      if (type == "boolean") {
        if (text == "true" || text == "1") return Value(true);
        if (text == "false" || text == "0") return Value(false);
        throw std::invalid_argument(text);
      }
      if (auto t = parseTemporalValue(type, text)) return *t;
    } catch (const TemporalError& e) {
      fail(where.offset_debug(), "cannot read '" + text + "' as " + type + ": " + e.what(), e.hint());
    } catch (const std::exception&) {
      fail(where.offset_debug(), "cannot read '" + text + "' as " + type);
    }
    return Value(text);
  }

  Value value(const KeyInfo& k, const std::string& text, pugi::xml_node where) const {
    if (k.list.empty()) return scalar(k.type, text, where);
    nlohmann::json arr;
    try {
      arr = nlohmann::json::parse(text);
    } catch (const nlohmann::json::exception&) {
      fail(where.offset_debug(), "list attribute '" + k.name + "' is not a JSON array");
    }
    ValueList out;
    for (const auto& e : arr) {
      if (e.is_string()) out.push_back(scalar(k.list, e.get<std::string>(), where));
      else if (e.is_number_integer()) out.emplace_back(e.get<std::int64_t>());
      else if (e.is_number()) out.emplace_back(e.get<double>());
      else if (e.is_boolean()) out.emplace_back(e.get<bool>());
      else failUnstorableElement(k, e, where);
    }
    return Value(std::move(out));
  }

  // A property list holds strings, numbers, booleans or temporal values, as in Neo4j (checkStorable
  // refuses the same in CREATE and SET); dropping the element would load another list than the file's.
  [[noreturn]] void failUnstorableElement(const KeyInfo& k, const nlohmann::json& e, pugi::xml_node where) const {
    std::string shown = e.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    if (shown.size() > 40) {
      std::size_t cut = 37;
      while (cut > 0 && (static_cast<unsigned char>(shown[cut]) & 0xC0) == 0x80) --cut;  // a whole character
      shown = shown.substr(0, cut) + "...";
    }
    std::string what = e.is_array() ? "a nested list" : e.is_object() ? "an object" : "null";
    std::string hint =
        e.is_array() ? "a property cannot hold a list of lists: flatten the list in the file, or keep each inner "
                       "list as a property of its own"
        : e.is_object() ? "a property cannot hold a map: keep each of its entries as a property of its own"
                        : "a property list cannot hold null: remove it from the list in the file";
    fail(where.offset_debug(), "list attribute '" + k.name + "' holds " + what + " (" + shown + ")", hint);
  }

  PropertyMap properties(Graph& g, pugi::xml_node el, const char* forWhat, std::vector<std::string>* labels,
                         std::string* type) {
    PropertyMap props;
    std::map<std::string, bool> present;
    for (auto d : el.children("data")) {
      auto it = keys_.find(d.attribute("key").as_string());
      if (it == keys_.end()) fail(d.offset_debug(), std::string("unknown key '") + d.attribute("key").as_string() + "'");
      const KeyInfo& k = it->second;
      present[it->first] = true;
      std::string text = d.text().as_string();
      if (labels && k.name == "labels") {
        std::string cur;
        for (char c : text + ":")
          if (c == ':') {
            if (!cur.empty()) labels->push_back(cur);
            cur.clear();
          } else {
            cur += c;
          }
        continue;
      }
      if (type && (k.name == "label" || k.name == "type")) {
        *type = text;
        continue;
      }
      setProperty(props, g.keys().intern(k.name), value(k, text, d));
    }
    for (const auto& [id, k] : keys_)
      if (k.def && !present.count(id) && (k.forWhat == forWhat || k.forWhat == "all"))
        setProperty(props, g.keys().intern(k.name), value(k, *k.def, el));
    return props;
  }

  void readNode(Graph& g, pugi::xml_node n) {
    std::string id = n.attribute("id").as_string();
    if (id.empty()) fail(n.offset_debug(), "node without id");
    if (ids_.count(id)) fail(n.offset_debug(), "duplicate node id '" + id + "'");
    std::vector<std::string> labels;
    PropertyMap props = properties(g, n, "node", &labels, nullptr);
    // Foreign GraphML names its nodes meaningfully: keep that name as `id`.
    if (!generatedIds_ && !findProperty(props, g.keys().intern("id")))
      setProperty(props, g.keys().intern("id"), Value(id));
    std::vector<LabelId> ls;
    for (const auto& l : labels) ls.push_back(g.labels().intern(l));
    ids_[id] = g.addNode(std::move(ls), std::move(props));
  }

  void readEdge(Graph& g, pugi::xml_node e) {
    auto endpoint = [&](const char* attr) {
      std::string id = e.attribute(attr).as_string();
      auto it = ids_.find(id);
      if (it == ids_.end()) fail(e.offset_debug(), std::string("unknown node id '") + id + "' in " + attr);
      return it->second;
    };
    NodeId from = endpoint("source"), to = endpoint("target");
    std::string type;
    PropertyMap props = properties(g, e, "edge", nullptr, &type);
    if (type.empty()) type = "RELATED";
    g.addRel(from, to, g.types().intern(type), std::move(props));
  }

  std::filesystem::path file_;
  std::string text_;
  std::map<std::string, KeyInfo> keys_;
  std::map<std::string, NodeId> ids_;
  bool generatedIds_ = false;
};

}  // namespace

Graph loadGraphml(const std::filesystem::path& file) {
  auto meta = readGraphMeta(graphMetaPath(file));  // first: a bad meta file fails before a long load
  Graph g = GraphmlReader(file).read();
  if (meta) g.setMeta(std::move(*meta));
  return g;
}

namespace {
std::string exportTo(const Graph& g, const Subgraph& s, ExportFormat format, const std::string& path);
}

Graph loadGraph(const std::filesystem::path& path, const LoadOptions& opts) {
  auto ext = path.extension().string();
  std::error_code ec;  // a symbolic link loop or an unreadable component is the loaders' to report
  try {
    if (!std::filesystem::is_directory(path, ec) && (ext == ".graphml" || ext == ".xml")) return loadGraphml(path);
    return loadCsvDirectory(path, opts);
  } catch (const std::filesystem::filesystem_error& e) {
    // Whatever path call a loader makes, the user gets a LoadError, never an abort.
    throw LoadError("cannot read: " + e.code().message(), SourcePos{e.path1().empty() ? path.string()
                                                                                       : e.path1().string(),
                                                                      0, 0, {}});
  }
}

std::string exportSubgraph(const Graph& g, const Subgraph& s, ExportFormat format, const std::string& path) {
  try {
    return exportTo(g, s, format, path);
  } catch (const std::filesystem::filesystem_error& e) {
    throw ExportError("cannot write '" + path + "': " + e.code().message(), SourcePos{path, 0, 0, {}});
  }
}

namespace {
std::string exportTo(const Graph& g, const Subgraph& s, ExportFormat format, const std::string& path) {
  std::ostringstream out;
  const char* what = "DOT";
  auto exported = [&](const std::string& as) {
    return "exported " + std::to_string(s.nodes.size()) + " nodes and " + std::to_string(s.rels.size()) +
           " relationships as " + as;
  };
  switch (format) {
    case ExportFormat::Dot:
      writeDot(g, s, out);
      break;
    case ExportFormat::GraphML:
      writeGraphml(g, s, out);
      // One export: the sidecar is staged with the file and neither is renamed into place before both
      // are written (a kill while writing left a new FILE.kgq-meta.json beside the old FILE).
      writeFilesAtomically({{path, out.str()}, {graphMetaPath(path), graphMetaJson(g.meta())}});
      return exported(std::string("GraphML to ") + path);
    case ExportFormat::Svg:
    case ExportFormat::Png: {
      what = format == ExportFormat::Svg ? "SVG" : "PNG";
      writeDot(g, s, out);
      std::string picture = renderDot(out.str(), format == ExportFormat::Svg ? PictureFormat::Svg : PictureFormat::Png);
      out.str(std::move(picture));
      break;
    }
    case ExportFormat::Csv:
      writeCsvDirectoryAtomically(g, s, path);
      return exported("CSV to " + path + "/nodes.csv and edges.csv");
  }
  writeFileAtomically(path, out.str());
  return exported(std::string(what) + " to " + path);
}

}  // namespace

}  // namespace kgq
