#include "io/csv_loader.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <exception>
#include <future>
#include <initializer_list>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <thread>
#include <unordered_map>
#include <vector>

#include "common/errors.h"
#include "io/csv_reader.h"
#include "io/graph_meta_file.h"
#include "io/id_index.h"
#include "io/property_columns.h"

namespace kgq {

namespace fs = std::filesystem;

namespace {

// ---------------------------------------------------------------------------
// Header
// ---------------------------------------------------------------------------

enum class FileKind { Nodes, Edges };
enum class Role { Id, Label, StartId, EndId, Type, Ignore, Property };
enum class Scalar { Int, Float, Bool, String, Temporal };

struct Column {
  int index = 0;       // 1-based
  std::string header;  // as written, for messages
  Role role = Role::Property;
  std::string name;   // property name; empty for an unnamed :ID
  std::string group;  // ID group of :ID/:START_ID/:END_ID; empty = global
  Scalar scalar = Scalar::String;
  bool array = false;
  std::string typeWord;  // "int", "long", ... for messages
  KeyId key = 0;
};

struct HeaderParts {
  std::string_view name;
  std::string_view type;
  std::string_view group;
  bool hasType = false;
  bool hasGroup = false;
};

constexpr std::string_view kNodesExample = "id:ID,name,:LABEL";
constexpr std::string_view kEdgesExample = ":START_ID,:END_ID,:TYPE";

std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

// Cell text for messages: long cells would drown the message.
std::string excerpt(std::string_view s) {
  constexpr std::size_t kMax = 60;
  return s.size() <= kMax ? std::string(s) : std::string(s.substr(0, kMax)) + "...";
}

std::string columnLabel(const Column& c) { return "column " + std::to_string(c.index) + " '" + c.header + "'"; }

// "name:type(group)"; the group may itself contain ':', so the separating ':'
// is searched left of a trailing "(...)".
HeaderParts splitHeader(std::string_view text) {
  HeaderParts parts;
  std::size_t searchEnd = text.size();
  if (!text.empty() && text.back() == ')')
    if (auto open = text.rfind('('); open != std::string_view::npos) searchEnd = open;
  auto colon = searchEnd == 0 ? std::string_view::npos : text.rfind(':', searchEnd - 1);
  if (colon == std::string_view::npos) {
    parts.name = text;
    return parts;
  }
  parts.name = text.substr(0, colon);
  parts.type = text.substr(colon + 1);
  parts.hasType = true;
  if (!parts.type.empty() && parts.type.back() == ')')
    if (auto open = parts.type.find('('); open != std::string_view::npos) {
      parts.group = parts.type.substr(open + 1, parts.type.size() - open - 2);
      parts.type = parts.type.substr(0, open);
      parts.hasGroup = true;
    }
  return parts;
}

std::optional<Role> specialRole(const std::string& type) {
  if (type == "id") return Role::Id;
  if (type == "label") return Role::Label;
  if (type == "start_id") return Role::StartId;
  if (type == "end_id") return Role::EndId;
  if (type == "type") return Role::Type;
  if (type == "ignore") return Role::Ignore;
  return std::nullopt;
}

std::optional<Scalar> scalarType(const std::string& type) {
  if (type == "int" || type == "long" || type == "short" || type == "byte") return Scalar::Int;
  if (type == "float" || type == "double") return Scalar::Float;
  if (type == "boolean") return Scalar::Bool;
  if (type == "string" || type == "char") return Scalar::String;
  for (std::string_view t : {"date", "localtime", "time", "localdatetime", "datetime", "duration"})
    if (type == t) return Scalar::Temporal;
  return std::nullopt;
}

bool isNeo4jOnlyType(const std::string& type) { return type == "point" || type == "point[]"; }

[[noreturn]] void failUnknownType(const CsvReader& r, const Column& c, std::string_view type, FileKind kind) {
  std::string expected = kind == FileKind::Nodes ? "ID, LABEL, IGNORE" : "START_ID, END_ID, TYPE, IGNORE";
  std::string hint;
  if (isNeo4jOnlyType(lower(type)))
    hint = "kgq does not support neo4j's spatial type point; declare the column as string";
  r.fail(c.index,
         "unknown type '" + std::string(type) + "' in " + columnLabel(c) +
             "; expected int, long, short, byte, float, double, boolean, string, char, date, localtime, time, "
             "localdatetime, datetime, duration, an array type[] such as int[], or " +
             expected,
         std::move(hint));
}

void resolveColumnType(const CsvReader& r, Column& c, const HeaderParts& parts, FileKind kind) {
  std::string type = lower(parts.type);
  if (!parts.hasType) {
    c.typeWord = "string";
  } else if (auto role = specialRole(type)) {
    c.role = *role;
  } else {
    c.array = type.size() > 2 && type.ends_with("[]");
    if (c.array) type.resize(type.size() - 2);
    auto scalar = scalarType(type);
    if (!scalar) failUnknownType(r, c, parts.type, kind);
    c.scalar = *scalar;
    c.typeWord = c.array ? type + "[]" : type;
  }
}

bool isIdRole(Role role) { return role == Role::Id || role == Role::StartId || role == Role::EndId; }

std::string_view roleName(Role role) {
  switch (role) {
    case Role::Id: return ":ID";
    case Role::Label: return ":LABEL";
    case Role::StartId: return ":START_ID";
    case Role::EndId: return ":END_ID";
    case Role::Type: return ":TYPE";
    case Role::Ignore: return ":IGNORE";
    case Role::Property: break;
  }
  return "property";
}

bool allowedIn(Role role, FileKind kind) {
  switch (role) {
    case Role::Id:
    case Role::Label: return kind == FileKind::Nodes;
    case Role::StartId:
    case Role::EndId:
    case Role::Type: return kind == FileKind::Edges;
    case Role::Ignore:
    case Role::Property: return true;
  }
  return false;
}

Column parseColumn(const CsvReader& r, const CsvField& field, int index, FileKind kind) {
  Column c;
  c.index = index;
  c.header = std::string(field.text);
  auto parts = splitHeader(field.text);
  resolveColumnType(r, c, parts, kind);
  if (!allowedIn(c.role, kind))
    r.fail(index, std::string(roleName(c.role)) + " " + columnLabel(c) + " is not allowed in a " +
                      (kind == FileKind::Nodes ? "nodes file" : "relationships file"));
  if (parts.hasGroup && !isIdRole(c.role))
    r.fail(index, "an ID group is only allowed on :ID, :START_ID and :END_ID, not in " + columnLabel(c));
  if (parts.hasGroup && parts.group.empty()) r.fail(index, "empty ID group name in " + columnLabel(c));
  c.group = std::string(parts.group);
  if (c.role == Role::Property || c.role == Role::Id) c.name = std::string(parts.name);
  if (c.role == Role::Property && c.name.empty())
    r.fail(index, "property " + columnLabel(c) + " has no name; expected a header like 'name:" +
                      (c.typeWord.empty() ? "string" : c.typeWord) + "'");
  return c;
}

void checkUniqueColumns(const CsvReader& r, const std::vector<Column>& cols) {
  // Maps, not a pairwise scan: a header may have a million columns.
  std::map<Role, std::size_t> firstWithRole;
  std::unordered_map<std::string_view, std::size_t> firstWithName;
  for (std::size_t i = 0; i < cols.size(); ++i) {
    const Column& c = cols[i];
    bool single = c.role == Role::Id || c.role == Role::StartId || c.role == Role::EndId || c.role == Role::Type;
    if (single) {
      auto [it, fresh] = firstWithRole.emplace(c.role, i);
      if (!fresh)
        r.fail(c.index, "second " + std::string(roleName(c.role)) + " " + columnLabel(c) + " (the first is " +
                            columnLabel(cols[it->second]) + ")");
    }
    if (!c.name.empty()) {
      auto [it, fresh] = firstWithName.emplace(c.name, i);
      if (!fresh)
        r.fail(c.index, "duplicate property '" + c.name + "' in " + columnLabel(c) + " (also in " +
                            columnLabel(cols[it->second]) + ")");
    }
  }
}

bool hasRole(const std::vector<Column>& cols, Role role) {
  return std::any_of(cols.begin(), cols.end(), [&](const Column& c) { return c.role == role; });
}

void checkMandatoryColumns(const CsvReader& r, const std::vector<Column>& cols, FileKind kind) {
  if (kind == FileKind::Nodes) {
    if (!hasRole(cols, Role::Id))
      r.fail(1, "the nodes file has no :ID column; expected a header like '" + std::string(kNodesExample) + "'");
    return;
  }
  std::string missing;
  for (Role role : {Role::StartId, Role::EndId, Role::Type})
    if (!hasRole(cols, role)) missing += (missing.empty() ? "" : ", ") + std::string(roleName(role));
  if (!missing.empty())
    r.fail(1, "the relationships file has no " + missing + " column; expected a header like '" +
                  std::string(kEdgesExample) + "' plus property columns");
}

[[noreturn]] void failEmptyFile(const CsvReader& r, std::string_view example) {
  throw LoadError("empty file: expected a header line like '" + std::string(example) + "'",
                  SourcePos{r.source(), 1, 1, {}});
}

std::vector<Column> readHeader(CsvReader& r, FileKind kind, Graph& g) {
  if (!r.next()) failEmptyFile(r, kind == FileKind::Nodes ? kNodesExample : kEdgesExample);
  std::vector<Column> cols;
  auto fields = r.fields();
  cols.reserve(fields.size());
  for (std::size_t i = 0; i < fields.size(); ++i)
    cols.push_back(parseColumn(r, fields[i], static_cast<int>(i) + 1, kind));
  checkUniqueColumns(r, cols);
  checkMandatoryColumns(r, cols, kind);
  for (auto& c : cols)
    if (!c.name.empty()) c.key = g.keys().intern(c.name);
  return cols;
}

// ---------------------------------------------------------------------------
// Cells
// ---------------------------------------------------------------------------

enum class Parse { Ok, Invalid, OutOfRange };

std::string_view trimBlanks(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// from_chars rejects the '+' that Java's parsers (and so neo4j exports) accept.
std::string_view dropPlus(std::string_view s) {
  if (s.size() > 1 && s[0] == '+' && s[1] != '-' && s[1] != '+') s.remove_prefix(1);
  return s;
}

template <typename T>
Parse parseNumber(std::string_view text, T& out) {
  auto s = dropPlus(trimBlanks(text));
  if (s.empty()) return Parse::Invalid;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  if (ec == std::errc::result_out_of_range) return Parse::OutOfRange;
  return ec == std::errc() && end == s.data() + s.size() ? Parse::Ok : Parse::Invalid;
}

Parse parseBool(std::string_view text, bool& out) {
  auto s = lower(trimBlanks(text));
  if (s == "true") out = true;
  else if (s == "false") out = false;
  else return Parse::Invalid;
  return Parse::Ok;
}

// One scalar of column `c`; `element` is the 1-based array element (0 for a plain cell).
Value readScalar(const CsvReader& r, const Column& c, std::string_view text, std::string_view cell, int element) {
  Parse result = Parse::Ok;
  Value v;
  switch (c.scalar) {
    case Scalar::String: {
      // neo4j-admin's char is one character: more is an error, not a silent string.
      bool isChar = c.typeWord == "char" || c.typeWord == "char[]";
      if (isChar && decodeUtf8(text).size() != 1) {
        result = Parse::Invalid;
        break;
      }
      return Value(text);
    }
    case Scalar::Int: {
      std::int64_t i = 0;
      result = parseNumber(text, i);
      // short and byte are Java's 16- and 8-bit integers, as neo4j-admin reads them.
      std::string_view base = c.array ? std::string_view(c.typeWord).substr(0, c.typeWord.size() - 2)
                                      : std::string_view(c.typeWord);
      if (result == Parse::Ok && ((base == "short" && (i < -32768 || i > 32767)) ||
                                  (base == "byte" && (i < -128 || i > 127))))
        result = Parse::OutOfRange;
      v = Value(i);
      break;
    }
    case Scalar::Float: {
      double d = 0;
      result = parseNumber(text, d);
      v = Value(d);
      break;
    }
    case Scalar::Bool: {
      bool b = false;
      result = parseBool(text, b);
      v = Value(b);
      break;
    }
    case Scalar::Temporal: {
      std::string_view base = c.array ? std::string_view(c.typeWord).substr(0, c.typeWord.size() - 2)
                                      : std::string_view(c.typeWord);
      try {
        return *parseTemporalValue(base, trimBlanks(text));
      } catch (const TemporalError& e) {
        std::string what = "'" + excerpt(text) + "'";
        if (element > 0) what += " (element " + std::to_string(element) + " of '" + excerpt(cell) + "')";
        r.fail(c.index, "cannot read " + what + " as " + std::string(base) + " for column '" + c.header + "': " +
                            e.what(),
               e.hint());
      }
    }
  }
  if (result == Parse::Ok) return v;
  std::string what = "'" + excerpt(text) + "'";
  if (element > 0) what += " (element " + std::to_string(element) + " of '" + excerpt(cell) + "')";
  std::string elementType = c.array ? c.typeWord.substr(0, c.typeWord.size() - 2) : c.typeWord;
  std::string message = "cannot read " + what + " as " + elementType + " for column '" + c.header + "'";
  if (result == Parse::OutOfRange)
    message += c.scalar == Scalar::Float      ? ": out of the double range"
               : elementType == "short"       ? ": out of the 16-bit integer range (-32768..32767)"
               : elementType == "byte"        ? ": out of the 8-bit integer range (-128..127)"
                                              : ": out of the 64-bit integer range";
  else if (elementType == "char")
    message += ": a char is exactly one character (use string)";
  else if (c.scalar == Scalar::Bool)
    message += "; expected true or false";
  r.fail(c.index, std::move(message));
}

template <typename F>
void forEachPiece(std::string_view text, char delimiter, F&& f) {
  for (;;) {
    auto cut = text.find(delimiter);
    f(text.substr(0, cut));
    if (cut == std::string_view::npos) return;
    text.remove_prefix(cut + 1);
  }
}

// A property cell; null means "no property".
Value readCell(const CsvReader& r, const Column& c, const CsvField& f, char delimiter) {
  if (f.text.empty())
    return f.quoted && !c.array && c.scalar == Scalar::String ? Value(std::string()) : Value();
  if (!c.array) return readScalar(r, c, f.text, f.text, 0);
  ValueList list;
  int element = 0;
  auto add = [&](std::string_view piece) { list.push_back(readScalar(r, c, piece, f.text, ++element)); };
  if (std::vector<std::string> pieces; jsonListCell(f.text, pieces))
    for (const auto& piece : pieces) add(piece);
  else
    forEachPiece(f.text, delimiter, add);
  return Value(std::move(list));
}

// Node label and relationship type cells repeat a lot (files are often sorted
// by them), so the last cell's interned ids are kept.
struct LabelCache {
  std::string text;
  std::vector<LabelId> ids;
  bool valid = false;
};

void readLabels(Graph& g, const CsvField& f, char delimiter, LabelCache& cache, std::vector<LabelId>& out) {
  if (!cache.valid || cache.text != f.text) {
    cache.text.assign(f.text);
    cache.ids.clear();
    auto add = [&](std::string_view piece) {
      if (!piece.empty()) cache.ids.push_back(g.labels().intern(piece));
    };
    if (std::vector<std::string> pieces; jsonListCell(f.text, pieces))
      for (const auto& piece : pieces) add(piece);
    else
      forEachPiece(f.text, delimiter, add);
    cache.valid = true;
  }
  out.insert(out.end(), cache.ids.begin(), cache.ids.end());
}

void checkFieldCount(const CsvReader& r, const std::vector<Column>& cols) {
  auto got = r.fields().size();
  if (got == cols.size()) return;
  std::string message =
      "expected " + std::to_string(cols.size()) + " fields as in the header, got " + std::to_string(got);
  if (got < cols.size()) {
    message += ": " + columnLabel(cols[got]) + " is missing";
    r.fail(static_cast<int>(got) + 1, std::move(message));
  }
  r.fail(static_cast<int>(cols.size()) + 1, message + ": there is no header for column " +
                                                 std::to_string(cols.size() + 1),
         "quote fields that contain commas");
}

// ---------------------------------------------------------------------------
// Loading
// ---------------------------------------------------------------------------

// The rows the file holds, judged from the first `rows` (of `bytes` in all), a little
// over: on big loads a low guess costs a regrowth of every array, a high one only
// address space that is never touched.
std::size_t estimateRows(const CsvReader& r, std::size_t rows, std::size_t bytes) {
  return r.fileSize() / std::max<std::size_t>(bytes / std::max<std::size_t>(rows, 1), 1) * 11 / 10 + rows;
}


class CsvGraphLoader {
 public:
  CsvGraphLoader(Graph& graph, const LoadOptions& opts) : opts_(opts), graph_(graph) {}

  void loadNodes(CsvReader& r);
  void loadEdges(CsvReader& r);

 private:
  // Relationship rows wait in batches before their ends are looked up: on a big
  // graph each lookup misses the cache, and a batch's lookups, prefetched
  // together, wait for memory together instead of one after another.
  struct RelBatch {
    struct Row {
      int line = 0;
      TypeId type = 0;
      std::uint32_t firstEnd = 0;  // into `ends`: the row's :START_ID and :END_ID in column order
      bool complete = false;       // false for a row whose reading failed part way
    };
    struct End {
      const Column* column;
      std::uint32_t key, keySize, text, textSize;  // into `bytes`
      std::uint64_t hash;
    };
    std::vector<Row> rows;
    std::vector<End> ends;
    std::string bytes;
    std::vector<Value> values;  // the property columns' cells, row by row
    std::size_t recordBytes = 0;  // of the rows read: a batch of long rows ends early, so that it
                                  // holds about one megabyte besides its last row, whatever the file
    void clear() { rows.clear(), ends.clear(), bytes.clear(), values.clear(), recordBytes = 0; }
  };
  static constexpr std::size_t kRelBatch = 64;
  static constexpr std::size_t kRelBatchBytes = std::size_t{1} << 20;

  bool integerIds() const { return opts_.idType == LoadOptions::IdType::Integer; }
  std::int64_t readIntegerId(const CsvReader& r, const Column& c, std::string_view text) const;
  void checkIdNotEmpty(const CsvReader& r, const Column& c, const CsvField& f) const;
  // The bytes `ids_` keys a node id by: the text itself, or an integer id's 8 bytes (kept in `scratch`).
  std::string_view idKey(const CsvReader& r, const Column& c, const CsvField& f, std::int64_t& scratch) const;
  void registerId(const CsvReader& r, const Column& c, const CsvField& f, NodeId n);
  [[noreturn]] void failDuplicateId(const CsvReader& r, const Column& c, std::string_view text, NodeId first) const;
  void checkGroup(const CsvReader& r, const Column& c) const;
  TypeId readType(const CsvReader& r, const Column& c, const CsvField& f);
  void readRel(const CsvReader& r, const std::vector<Column>& cols, RelBatch& batch);
  void addRels(const CsvReader& r, const std::vector<Column>& cols, RelBatch& batch);

  LoadOptions opts_;
  Graph& graph_;
  fs::path nodesFile_;
  std::string idGroup_;
  IdIndex ids_;
  std::string lastType_;
  std::optional<TypeId> lastTypeId_;
};

std::int64_t CsvGraphLoader::readIntegerId(const CsvReader& r, const Column& c, std::string_view text) const {
  std::int64_t id = 0;
  Parse result = parseNumber(text, id);
  if (result != Parse::Ok)
    r.fail(c.index, "cannot read '" + excerpt(text) + "' as an integer node id for column '" + c.header + "'" +
                        (result == Parse::OutOfRange ? ": out of the 64-bit integer range" : ""),
           "the id type is integer; use string ids for other values");
  return id;
}

void CsvGraphLoader::checkIdNotEmpty(const CsvReader& r, const Column& c, const CsvField& f) const {
  if (f.text.empty()) r.fail(c.index, "empty node id in " + columnLabel(c));
}

std::string_view CsvGraphLoader::idKey(const CsvReader& r, const Column& c, const CsvField& f,
                                       std::int64_t& scratch) const {
  checkIdNotEmpty(r, c, f);
  if (!integerIds()) return f.text;
  scratch = readIntegerId(r, c, f.text);
  return {reinterpret_cast<const char*>(&scratch), sizeof scratch};
}

void CsvGraphLoader::registerId(const CsvReader& r, const Column& c, const CsvField& f, NodeId n) {
  std::int64_t id = 0;
  if (auto first = ids_.insert(idKey(r, c, f, id), n)) failDuplicateId(r, c, f.text, *first);
  if (!c.name.empty()) graph_.setNodeProperty(n, c.key, integerIds() ? Value(id) : Value(f.text));
}

// Keeping every node's line for a message that is rarely needed would cost
// memory on big loads, so the first occurrence is found by reading again: node
// n came from the n-th record after the header.
void CsvGraphLoader::failDuplicateId(const CsvReader& r, const Column& c, std::string_view text, NodeId first) const {
  CsvReader again(nodesFile_);
  again.next();
  for (NodeId i = 0; i <= first; ++i) again.next();
  r.fail(c.index, "duplicate node id '" + excerpt(text) + "' in " + columnLabel(c) + ": already defined on line " +
                      std::to_string(again.line()));
}

void CsvGraphLoader::checkGroup(const CsvReader& r, const Column& c) const {
  if (c.group == idGroup_) return;
  std::string defined = idGroup_.empty() ? "only the global ID group" : "ID group '" + idGroup_ + "'";
  std::string wanted = c.group.empty() ? "the global ID group" : "unknown ID group '" + c.group + "'";
  r.fail(c.index, wanted + " in " + columnLabel(c) + "; " + nodesFile_.string() + " defines " + defined);
}

TypeId CsvGraphLoader::readType(const CsvReader& r, const Column& c, const CsvField& f) {
  if (f.text.empty()) r.fail(c.index, "empty relationship type in " + columnLabel(c));
  if (!lastTypeId_ || lastType_ != f.text) {
    lastType_.assign(f.text);
    lastTypeId_ = graph_.types().intern(f.text);
  }
  return *lastTypeId_;
}

void CsvGraphLoader::loadNodes(CsvReader& r) {
  nodesFile_ = r.source();
  auto cols = readHeader(r, FileKind::Nodes, graph_);
  const auto& idColumn = *std::find_if(cols.begin(), cols.end(), [](const Column& c) { return c.role == Role::Id; });
  idGroup_ = idColumn.group;
  // The header is about as long as a row, which makes a fair first guess.
  auto guess = r.fileSize() / std::max<std::size_t>(r.recordBytes(), 16);
  ids_.reserve(guess);
  graph_.reserve(guess, 0);
  std::vector<LabelCache> labelCaches(cols.size());
  // Rows mostly repeat the previous row's labels: intern the set only when they change.
  std::vector<LabelId> labels, lastLabels;
  LabelSetId lastSet = graph_.internLabels({});

  // The header's length was a first guess; the first rows make a better one.
  constexpr std::size_t kSizingRows = 256;
  std::size_t sizingRows = 0, sizingBytes = 0;
  auto resize = [&] {
    auto nodes = estimateRows(r, sizingRows, sizingBytes);
    ids_.reserve(nodes);
    graph_.reserve(nodes, 0);
    for (const Column& c : cols)
      if (c.role == Role::Property || (c.role == Role::Id && !c.name.empty())) graph_.reserveNodeProperty(c.key, nodes);
  };
  while (r.next()) {
    checkFieldCount(r, cols);
    if (sizingRows < kSizingRows) {
      sizingBytes += r.recordBytes();
      if (++sizingRows == kSizingRows) resize();
    }
    labels.clear();
    for (const Column& c : cols)
      if (c.role == Role::Label)
        readLabels(graph_, r.fields()[static_cast<std::size_t>(c.index - 1)], opts_.arrayDelimiter,
                   labelCaches[static_cast<std::size_t>(c.index - 1)], labels);
    if (labels != lastLabels) {
      lastSet = graph_.internLabels(labels);
      lastLabels = labels;
    }
    NodeId n = graph_.addNode(lastSet);
    for (const Column& c : cols) {
      const CsvField& f = r.fields()[static_cast<std::size_t>(c.index - 1)];
      if (c.role == Role::Id) registerId(r, c, f, n);
      else if (c.role == Role::Property)
        if (auto v = readCell(r, c, f, opts_.arrayDelimiter); !v.isNull()) graph_.setNodeProperty(n, c.key, std::move(v));
    }
  }
  // `MATCH (n {id: ...})` is the common lookup: its index is part of the load.
  if (!idColumn.name.empty()) graph_.indexNodeProperty(idColumn.key);
}

void CsvGraphLoader::loadEdges(CsvReader& r) {
  auto cols = readHeader(r, FileKind::Edges, graph_);
  for (const Column& c : cols)
    if (c.role == Role::StartId || c.role == Role::EndId) checkGroup(r, c);

  RelBatch batch;
  for (bool more = true, sized = false; more;) {
    batch.clear();
    // An error while reading a row is thrown after the rows before it are
    // added, so that an unknown id on an earlier line is the one reported.
    std::exception_ptr failed;
    try {
      while (batch.rows.size() < kRelBatch && batch.recordBytes < kRelBatchBytes && (more = r.next()))
        readRel(r, cols, batch);
    } catch (const LoadError&) {
      failed = std::current_exception();
    }
    if (!sized && !batch.rows.empty()) {
      auto rels = estimateRows(r, batch.rows.size(), batch.recordBytes);
      graph_.reserve(0, rels);
      for (const Column& c : cols)
        if (c.role == Role::Property) graph_.reserveRelProperty(c.key, rels);
      sized = true;
    }
    addRels(r, cols, batch);
    if (failed) std::rethrow_exception(failed);
  }
}

void CsvGraphLoader::readRel(const CsvReader& r, const std::vector<Column>& cols, RelBatch& batch) {
  checkFieldCount(r, cols);
  batch.recordBytes += r.recordBytes();
  auto& row = batch.rows.emplace_back();
  row.line = r.line();
  row.firstEnd = static_cast<std::uint32_t>(batch.ends.size());
  auto put = [&](std::string_view bytes) {
    auto at = static_cast<std::uint32_t>(batch.bytes.size());
    batch.bytes.append(bytes);
    return at;
  };
  for (const Column& c : cols) {
    const CsvField& f = r.fields()[static_cast<std::size_t>(c.index - 1)];
    switch (c.role) {
      case Role::StartId:
      case Role::EndId: {
        std::int64_t scratch = 0;
        auto key = idKey(r, c, f, scratch);
        auto hash = IdIndex::hashOf(key);
        batch.ends.push_back(RelBatch::End{&c, put(key), static_cast<std::uint32_t>(key.size()), put(f.text),
                                           static_cast<std::uint32_t>(f.text.size()), hash});
        break;
      }
      case Role::Type: row.type = readType(r, c, f); break;
      case Role::Property: batch.values.push_back(readCell(r, c, f, opts_.arrayDelimiter)); break;
      default: break;
    }
  }
  row.complete = true;
}

// Adds the batch's complete rows in order; for a row whose reading failed, only
// looks up the ends read before the failing column, as reading it whole would have.
void CsvGraphLoader::addRels(const CsvReader& r, const std::vector<Column>& cols, RelBatch& batch) {
  auto ends = [&](std::size_t i) {
    return i + 1 < batch.rows.size() ? batch.rows[i + 1].firstEnd : static_cast<std::uint32_t>(batch.ends.size());
  };
  // Prefetched in one run right before the lookups, not each as its row is read:
  // a prefetch that misses can stall like a load, and issued together they overlap.
  for (const auto& e : batch.ends) ids_.prefetch(e.hash);
  Value* values = batch.values.data();
  for (std::size_t i = 0; i < batch.rows.size(); ++i) {
    const auto& row = batch.rows[i];
    NodeId from = 0, to = 0;
    for (auto e = row.firstEnd; e < ends(i); ++e) {
      const auto& end = batch.ends[e];
      auto n = ids_.find(std::string_view(batch.bytes).substr(end.key, end.keySize), end.hash);
      if (!n)
        r.failAt(row.line, end.column->index,
                 "unknown node id '" + excerpt(std::string_view(batch.bytes).substr(end.text, end.textSize)) +
                     "' in " + end.column->header);
      (end.column->role == Role::StartId ? from : to) = *n;
    }
    if (!row.complete) return;
    auto id = static_cast<RelId>(graph_.relCount());
    for (const Column& c : cols)
      if (c.role == Role::Property)
        if (Value& v = *values++; !v.isNull()) graph_.setRelProperty(id, c.key, std::move(v));
    graph_.addRel(from, to, row.type, {});
  }
}

[[noreturn]] void failPath(const fs::path& path, std::string message, std::string hint = {}) {
  throw LoadError(std::move(message), SourcePos{path.string(), 0, 0, {}}, std::move(hint));
}

// The meta is set before the nodes load, so that the name index is built once, by its keys.
Graph loadFiles(const fs::path& nodesFile, const fs::path& edgesFile, const LoadOptions& opts, GraphMeta meta) {
  auto started = std::chrono::steady_clock::now();
  // Opening both first reports a missing edges file before a long nodes load.
  CsvReader nodes(nodesFile);
  std::optional<CsvReader> edges;
  if (!edgesFile.empty()) edges.emplace(edgesFile);

  Graph g;
  g.setMeta(std::move(meta));
  g.beginBulk();  // relationships go straight to the table; the snapshot is built once
  CsvGraphLoader loader(g, opts);
  loader.loadNodes(nodes);
  auto nodesDone = std::chrono::steady_clock::now();
  // The first PATH, NEIGHBOURS or CONNECT would build the name index (13 ms for WordNet's
  // 118k synsets, 70 ms with their 207k word aliases); on a second core it is built while
  // the relationships load, which read and write no node column. Destroyed before g: an
  // error in the relationships waits for it.
  std::future<NameIndex> names;
  if (edges && std::thread::hardware_concurrency() > 1) {
    try {
      names = std::async(std::launch::async, [&g] { return g.buildNameIndex(); });
    } catch (const std::system_error&) {
      // No thread to be had (a process or cgroup limit): the first question builds it.
    }
  }
  if (edges) loader.loadEdges(*edges);
  auto edgesDone = std::chrono::steady_clock::now();
  if (names.valid()) g.adoptNameIndex(names.get());
  auto namesDone = std::chrono::steady_clock::now();
  g.endBulk();

  auto ms = [](auto from, auto to) { return std::chrono::duration_cast<std::chrono::milliseconds>(to - from).count(); };
  auto done = std::chrono::steady_clock::now();
  spdlog::debug("loaded {} nodes, {} relationships from {}{}{} in {} ms (nodes {}, relationships {}, waiting for "
                "the name index {}, adjacency {})",
                g.nodeCount(), g.relCount(), nodesFile.string(), edges ? " and " : "", edgesFile.string(),
                ms(started, done), ms(started, nodesDone), ms(nodesDone, edgesDone), ms(edgesDone, namesDone),
                ms(namesDone, done));
  return g;
}

}  // namespace

Graph loadCsvDirectory(const fs::path& dir, const LoadOptions& opts) {
  std::error_code ec;
  auto status = fs::status(dir, ec);
  if (ec && ec != std::errc::no_such_file_or_directory) failPath(dir, "cannot access directory: " + ec.message());
  if (!fs::exists(status)) failPath(dir, "no such directory");
  if (!fs::is_directory(status)) failPath(dir, "not a directory; expected a directory holding nodes.csv and edges.csv");
  auto nodes = dir / "nodes.csv";
  if (!fs::exists(nodes, ec)) {
    if (ec) failPath(nodes, "cannot access: " + ec.message(), "replace the link or fix the permissions");
    failPath(dir, "no nodes.csv in this directory",
             "a graph directory holds nodes.csv and optionally edges.csv in the neo4j-admin import format");
  }
  auto edges = dir / "edges.csv";
  if (!fs::exists(edges, ec)) {
    if (ec) failPath(edges, "cannot access: " + ec.message(), "replace the link or fix the permissions");
    edges.clear();
  }
  return loadFiles(nodes, edges, opts, readGraphMeta(dir / kGraphMetaFile).value_or(GraphMeta{}));
}

Graph loadCsvFiles(const fs::path& nodesFile, const fs::path& edgesFile, const LoadOptions& opts) {
  return loadFiles(nodesFile, edgesFile, opts, GraphMeta{});
}

}  // namespace kgq
