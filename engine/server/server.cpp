#include "server/server.h"

#include <httplib.h>
#include <signal.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <random>
#include <sstream>
#include <thread>

#include "format/format.h"
#include "format/json_value.h"
#include "io/export.h"
#include "io/render.h"
#include "io/subgraph.h"
#include "procedures/registry.h"
#include "server/page.h"
#include "server/tar.h"
#include "session/completer.h"

namespace kgq {

namespace fs = std::filesystem;
using Json = nlohmann::ordered_json;

bool isLoopback(const std::string& address) {
  return address == "localhost" || address == "::1" || address == "[::1]" || address.starts_with("127.");
}

std::string generateToken() {
  std::random_device rd;  // getrandom(2) on Linux
  static const char* hex = "0123456789abcdef";
  std::string t;
  for (int i = 0; i < 32; ++i) t += hex[rd() & 15];
  return t;
}

bool constantTimeEquals(const std::string& a, const std::string& b) {
  // Every byte of the longer string is looked at, so neither the first difference nor a length
  // difference shows in the time taken.
  std::size_t n = std::max(a.size(), b.size());
  unsigned char diff = a.size() == b.size() ? 0 : 1;
  for (std::size_t i = 0; i < n; ++i) {
    unsigned char x = i < a.size() ? static_cast<unsigned char>(a[i]) : 0;
    unsigned char y = i < b.size() ? static_cast<unsigned char>(b[i]) : 0;
    diff |= static_cast<unsigned char>(x ^ y);
  }
  return diff == 0;
}

namespace {

// Every response: nothing may be framed, sniffed or loaded from elsewhere; scripts only from this origin.
const char* kContentSecurityPolicy =
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

constexpr std::size_t kWorkerThreads = 16;

Json errorJson(const Error& e) {
  Json j = {{"kind", e.kind()}, {"message", e.message()}};
  if (e.pos().line > 0) {
    j["line"] = e.pos().line;
    j["column"] = e.pos().column;
  }
  if (!e.hint().empty()) j["hint"] = e.hint();
  j["text"] = e.render();  // what the CLI prints on stderr: position, the line with a caret, the hint
  return j;
}

// A problem with the request itself, not a statement: HTTP `status` and an error object.
struct RequestProblem {
  int status;
  Json error;
};

RequestProblem problem(int status, const std::string& kind, const std::string& message, const std::string& hint = {}) {
  Json j = {{"kind", kind}, {"message", message}};
  if (!hint.empty()) j["hint"] = hint;
  j["text"] = kind + ": " + message + (hint.empty() ? "" : "\nhint: " + hint);
  return {status, std::move(j)};
}

void sendJson(httplib::Response& res, int status, const std::string& body) {
  res.status = status;
  res.set_content(body, "application/json; charset=utf-8");
}

void sendProblem(httplib::Response& res, const RequestProblem& p) {
  sendJson(res, p.status, Json{{"error", p.error}}.dump(-1, ' ', false, Json::error_handler_t::replace));
}

// The request body as a JSON object with only the members `allowed`; a body that is not JSON is a
// SyntaxError at its line:column in the body.
Json parseBody(const httplib::Request& req, std::initializer_list<const char*> allowed) {
  Json body;
  try {
    body = Json::parse(req.body);
  } catch (const Json::parse_error& e) {
    int line = 1, column = 1;
    for (std::size_t i = 0; i + 1 < e.byte && i < req.body.size(); ++i) {
      if (req.body[i] == '\n') {
        ++line;
        column = 1;
      } else {
        ++column;
      }
    }
    std::string what = e.what();
    if (auto colon = what.rfind(": "); colon != std::string::npos) what = what.substr(colon + 2);
    throw SyntaxError("the request body is not valid JSON: " + what, SourcePos{"<request body>", line, column, {}},
                      R"(send an object such as {"statement": "MATCH (n) RETURN n.name LIMIT 5", "parameters": {}})");
  }
  if (!body.is_object())
    throw SyntaxError("the request body must be a JSON object", SourcePos{"<request body>", 1, 1, {}},
                      R"(send an object such as {"statement": "RETURN 1 AS one"})");
  for (const auto& item : body.items()) {
    // Not a structured binding: clang 14 (the libFuzzer build) cannot capture one in a lambda.
    const std::string& key = item.key();
    if (std::find_if(allowed.begin(), allowed.end(), [&](const char* a) { return key == a; }) == allowed.end()) {
      std::string names;
      for (const char* a : allowed) names += std::string(names.empty() ? "" : ", ") + a;
      throw SemanticError("unknown member \"" + key + "\" in the request body", {}, "the members are " + names);
    }
  }
  return body;
}

std::string stringMember(const Json& body, const char* key, bool required) {
  auto it = body.find(key);
  if (it == body.end()) {
    if (required) throw SemanticError(std::string("the request body has no \"") + key + "\"", {}, "it is required");
    return {};
  }
  if (!it->is_string()) throw SemanticError(std::string("\"") + key + "\" must be a string");
  return it->get<std::string>();
}

// A per-request limit: at most the server's (0 there means none), 0 or absent meaning the server's.
std::uint64_t capped(const Json& body, const char* key, std::uint64_t serverCap) {
  auto it = body.find(key);
  if (it == body.end()) return serverCap;
  if (!it->is_number_unsigned())
    throw SemanticError(std::string("\"") + key + "\" must be a non-negative integer");
  auto asked = it->get<std::uint64_t>();
  if (asked == 0) return serverCap;
  return serverCap == 0 ? asked : std::min(asked, serverCap);
}

ValueMap parameters(const Json& body) {
  ValueMap out;
  auto it = body.find("parameters");
  if (it == body.end() || it->is_null()) return out;
  if (!it->is_object()) throw SemanticError("\"parameters\" must be an object: {\"name\": value, ...}");
  for (const auto& [k, v] : it->items()) {
    try {
      out[k] = valueFromJson(v);
    } catch (const nlohmann::json::exception& e) {
      throw SemanticError("parameter \"" + k + "\": " + e.what());
    }
  }
  return out;
}

std::optional<ExportFormat> exportFormat(const std::string& name) {
  static const std::map<std::string, ExportFormat> formats = {
      {"dot", ExportFormat::Dot}, {"svg", ExportFormat::Svg}, {"png", ExportFormat::Png},
      {"graphml", ExportFormat::GraphML}, {"csv", ExportFormat::Csv}};
  auto it = formats.find(name);
  return it == formats.end() ? std::nullopt : std::optional(it->second);
}

std::string readFile(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Every byte but letters, digits and -._~ as %XX: safe in a URL and in an HTML attribute.
std::string percentEncoded(const std::string& s) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') out += static_cast<char>(c);
    else out += {'%', hex[c >> 4], hex[c & 15]};
  }
  return out;
}

// A private directory for one export, removed when it goes out of scope.
struct ScratchDir {
  fs::path path;
  ScratchDir() {
    static std::atomic<unsigned> counter{0};
    path = fs::temp_directory_path() /
           ("kgq-serve-" + std::to_string(::getpid()) + "-" + std::to_string(counter.fetch_add(1)));
    fs::create_directory(path);
    fs::permissions(path, fs::perms::owner_all, fs::perm_options::replace);
  }
  ~ScratchDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
};

// One running or waiting /query or /export with an "id", for /cancel.
struct Ticket {
  bool cancelled = false;
  bool running = false;
};

}  // namespace

struct Server::Impl {
  Session& session;
  ServerOptions opts;
  Limits caps;
  httplib::Server http;
  std::mutex sessionMutex;  // one request at a time runs statements or reads the graph
  std::mutex ticketMutex;   // guards tickets and the session's cancel flag
  std::map<std::string, std::shared_ptr<Ticket>> tickets;
  int port = 0;
  socket_t listenSocket = INVALID_SOCKET;  // set while binding, for the backlog

  Impl(Session& s, ServerOptions o) : session(s), opts(std::move(o)), caps(s.limits()) {}

  bool authorised(const httplib::Request& req) const {
    if (opts.token.empty()) return true;
    std::string given;
    std::string auth = req.get_header_value("Authorization");
    if (auth.starts_with("Bearer ")) given = auth.substr(7);
    else if (req.has_param("token")) given = req.get_param_value("token");
    return constantTimeEquals(given, opts.token);
  }

  // A page of another site must not reach this server through the visitor's browser: a request that
  // says where it comes from (Origin) must come from here, and without a token only names of this
  // machine may be in Host (a DNS name rebound to 127.0.0.1 would otherwise pass).
  std::optional<RequestProblem> foreign(const httplib::Request& req) const {
    std::string host = req.get_header_value("Host");
    if (req.has_header("Origin")) {
      std::string origin = req.get_header_value("Origin");
      if (origin != "http://" + host)
        return problem(403, "RequestError", "requests from another origin (" + origin + ") are refused",
                       "open the page the server prints, not a copy on another site");
    }
    if (opts.token.empty()) {
      std::string name = host.substr(0, host.rfind(':'));
      if (host.starts_with("[")) name = host.substr(0, host.find(']') + 1);
      if (!host.empty() && !isLoopback(name))
        return problem(403, "RequestError", "the Host header names '" + name + "', not this machine",
                       "use http://127.0.0.1:" + std::to_string(port) + "/, or start kgq serve with --token");
    }
    return std::nullopt;
  }

  std::shared_ptr<Ticket> takeTicket(const std::string& id) {
    auto t = std::make_shared<Ticket>();
    if (id.empty()) return t;
    std::lock_guard lock(ticketMutex);
    if (!tickets.emplace(id, t).second)
      throw SemanticError("a request with id \"" + id + "\" is already running", {}, "give each request its own id");
    return t;
  }
  void dropTicket(const std::string& id) {
    if (id.empty()) return;
    std::lock_guard lock(ticketMutex);
    tickets.erase(id);
  }

  // Runs `work` on the session with this request's limits and parameters, under the session lock;
  // /cancel stops it through the session's cancel flag (the executor checks it in its loops).
  template <typename Work>
  void withSession(const Json& body, const std::string& id, Work&& work) {
    ValueMap params = parameters(body);
    Limits limits = caps;
    limits.timeoutMs = capped(body, "timeout", caps.timeoutMs);
    limits.maxRows = capped(body, "maxRows", caps.maxRows);
    auto ticket = takeTicket(id);
    struct Drop {
      Impl& self;
      const std::string& id;
      ~Drop() { self.dropTicket(id); }
    } drop{*this, id};
    std::lock_guard sessionLock(sessionMutex);
    {
      std::lock_guard lock(ticketMutex);
      if (ticket->cancelled)
        throw LimitExceeded("query cancelled", {}, "it was cancelled before it started: nothing ran");
      session.clearCancel();
      ticket->running = true;
    }
    struct Stop {
      Impl& self;
      Ticket& t;
      ~Stop() {
        std::lock_guard lock(self.ticketMutex);
        t.running = false;
      }
    } stop{*this, *ticket};
    session.limits() = limits;
    session.params() = std::move(params);
    work();
  }

  void query(const httplib::Request& req, httplib::Response& res) {
    std::string results, failure;
    std::size_t count = 0;
    try {
      Json body = parseBody(req, {"statement", "parameters", "id", "timeout", "maxRows"});
      std::string statement = stringMember(body, "statement", true);
      std::string id = stringMember(body, "id", false);
      withSession(body, id, [&] {
        session.setNarrate(false);
        session.run(statement, "<query>", 1, [&](const StatementResult& r) {
          if (isTransactionStatement(r.text)) return;
          std::ostringstream out;
          printJson(r.result, session.graph(), out);
          std::string one = out.str();
          if (!one.empty() && one.back() == '\n') one.pop_back();
          if (results.size() + one.size() > opts.maxResultBytes)
            throw LimitExceeded("the answer is larger than the server's --max-result-bytes (" +
                                    std::to_string(opts.maxResultBytes) + " bytes)",
                                {}, "add LIMIT or return fewer columns, or restart kgq serve with a larger limit");
          results += (count++ ? "," : "") + one;
        });
      });
    } catch (const Error& e) {
      failure = errorJson(e).dump(-1, ' ', false, Json::error_handler_t::replace);
    }
    std::string doc = "{\"results\":[" + results + "]";
    if (!failure.empty()) doc += ",\"error\":" + failure;
    sendJson(res, failure.empty() ? 200 : 400, doc + "}");
  }

  void cancel(const httplib::Request& req, httplib::Response& res) {
    Json body = parseBody(req, {"id"});
    std::string id = stringMember(body, "id", true);
    bool found = false, running = false;
    {
      std::lock_guard lock(ticketMutex);
      if (auto it = tickets.find(id); it != tickets.end()) {
        found = true;
        it->second->cancelled = true;
        running = it->second->running;
        if (running) session.cancel();
      }
    }
    sendJson(res, 200, Json{{"id", id}, {"cancelled", found}, {"wasRunning", running}}.dump());
  }

  void schema(httplib::Response& res) {
    Json doc;
    {
      std::lock_guard sessionLock(sessionMutex);
      const Graph& g = session.graph();
      auto named = [](const std::string& name, std::size_t count) { return Json{{"name", name}, {"count", count}}; };
      Json labels = Json::array(), types = Json::array(), nodeKeys = Json::array(), relKeys = Json::array(),
           patterns = Json::array();
      for (std::uint32_t l = 0; l < g.labels().size(); ++l)
        labels.push_back(named(g.labels().name(l), g.nodesWithLabel(l).size()));
      for (std::uint32_t t = 0; t < g.types().size(); ++t)
        types.push_back(named(g.types().name(t), g.relsWithType(t).size()));
      for (KeyId k = 0; k < g.keys().size(); ++k) {
        if (auto n = g.nodeKeyCount(k)) nodeKeys.push_back(named(g.keys().name(k), n));
        if (auto n = g.relKeyCount(k)) relKeys.push_back(named(g.keys().name(k), n));
      }
      for (const auto& p : schemaPatterns(g))
        patterns.push_back({{"start", p.from}, {"type", p.type}, {"end", p.to}, {"count", p.count}});
      doc = {{"nodes", g.liveNodeCount()},       {"relationships", g.liveRelCount()},
             {"labels", labels},                 {"relationshipTypes", types},
             {"nodePropertyKeys", nodeKeys},     {"relationshipPropertyKeys", relKeys},
             {"patterns", patterns},             {"writable", opts.allowWrites},
             // What the page reads a node's name and a relationship's citation from (kgq-meta.json).
             {"meta", {{"display", g.meta().displayKey}, {"source", g.meta().sourceKey}}}};
    }
    sendJson(res, 200, doc.dump(-1, ' ', false, Json::error_handler_t::replace));
  }

  // The answer's nodes and relationships as a download: nothing is written where the client says.
  void exportAnswer(const httplib::Request& req, httplib::Response& res) {
    std::string content, type, filename;
    try {
      Json body = parseBody(req, {"statement", "parameters", "id", "timeout", "maxRows", "format"});
      std::string statement = stringMember(body, "statement", true);
      std::string formatName = stringMember(body, "format", true);
      auto format = exportFormat(formatName);
      if (!format)
        throw SemanticError("unknown export format \"" + formatName + "\"", {},
                            "the formats are dot, svg, png, graphml and csv (a tar of nodes.csv, edges.csv and "
                            "kgq-meta.json)");
      withSession(body, stringMember(body, "id", false), [&] {
        session.setNarrate(false);
        QueryResult r = session.runOne(statement);
        Subgraph s = subgraphOf(r, session.graph());
        if (s.nodes.empty())
          throw SemanticError("the answer holds no nodes or relationships; nothing to export", {},
                              "return nodes, relationships or paths (MATCH (a)-[r]->(b) RETURN a, r, b), or ask a "
                              "PATH, NEIGHBOURS or CONNECT question");
        ScratchDir dir;
        static const std::map<ExportFormat, std::pair<const char*, const char*>> kinds = {
            {ExportFormat::Dot, {"kgq-answer.dot", "text/vnd.graphviz; charset=utf-8"}},
            {ExportFormat::Svg, {"kgq-answer.svg", "image/svg+xml"}},
            {ExportFormat::Png, {"kgq-answer.png", "image/png"}},
            {ExportFormat::GraphML, {"kgq-answer.graphml", "application/graphml+xml"}},
            {ExportFormat::Csv, {"kgq-answer.tar", "application/x-tar"}}};
        auto [name, mime] = kinds.at(*format);
        filename = name;
        type = mime;
        if (*format == ExportFormat::Csv) {
          exportSubgraph(session.graph(), s, *format, (dir.path / "csv").string());
          std::vector<TarEntry> files;
          for (const char* f : {"nodes.csv", "edges.csv", "kgq-meta.json"})
            files.push_back({std::string("kgq-answer/") + f, readFile(dir.path / "csv" / f)});
          content = writeTar(files);
        } else if (*format == ExportFormat::Svg) {
          // With element ids: the page finds the node or relationship a click hit by them.
          std::ostringstream dot;
          writeDot(session.graph(), s, dot, DotOptions{.elementIds = true});
          content = renderDot(dot.str(), PictureFormat::Svg);
        } else {
          exportSubgraph(session.graph(), s, *format, (dir.path / name).string());
          content = readFile(dir.path / name);
        }
      });
    } catch (const Error& e) {
      sendJson(res, 400, "{\"error\":" + errorJson(e).dump(-1, ' ', false, Json::error_handler_t::replace) + "}");
      return;
    }
    res.status = 200;
    res.set_header("Content-Disposition", "attachment; filename=\"" + filename + "\"");
    res.set_content(std::move(content), type.c_str());
  }

  // What may replace the partial word at the end of `text` (the statement up to the cursor): the
  // REPL's Tab completion.
  void complete(const httplib::Request& req, httplib::Response& res) {
    std::string text = req.get_param_value("text");
    auto [before, word] = splitPartialWord(text);
    Completion c;
    {
      std::lock_guard sessionLock(sessionMutex);
      c = completeStatement(before, word, session.graph());
    }
    sendJson(res, 200,
             Json{{"kind", completionKindName(c.kind)}, {"word", word}, {"candidates", c.candidates}}.dump(
                 -1, ' ', false, Json::error_handler_t::replace));
  }

  // The saved question scripts beside the graph (DIR/queries/*.kgq), by name: never a path the client gives.
  void scripts(httplib::Response& res) {
    Json list = Json::array();
    fs::path dir = fs::path(opts.graphDir) / "queries";
    std::error_code ec;
    if (!opts.graphDir.empty() && fs::is_directory(dir, ec)) {
      std::vector<fs::path> files;
      for (const auto& e : fs::directory_iterator(dir, ec))
        if (e.is_regular_file() && e.path().extension() == ".kgq") files.push_back(e.path());
      std::sort(files.begin(), files.end());
      for (const auto& f : files) list.push_back({{"name", f.stem().string()}, {"text", readFile(f)}});
    }
    sendJson(res, 200, Json{{"scripts", list}}.dump(-1, ' ', false, Json::error_handler_t::replace));
  }

  void endpoints(httplib::Response& res) {
    sendJson(res, 200,
             Json{{"kgq", KGQ_VERSION},
                  {"writable", opts.allowWrites},
                  {"endpoints",
                   {"GET / (the page)", "POST /query", "POST /export", "POST /cancel", "GET /schema", "GET /scripts",
                    "GET /complete", "GET /api"}}}
                 .dump());
  }

  // A file of the page. The token, when there is one, goes into the page's own URLs (its script and
  // style sheet are requests too); only a request that carried the token gets here.
  void page(std::string_view path, httplib::Response& res) {
    for (const PageFile& f : pageFiles()) {
      if (f.path != path) continue;
      std::string body(f.body);
      if (path == "/index.html") {
        std::string query = opts.token.empty() ? "" : "?token=" + percentEncoded(opts.token);
        for (std::size_t at; (at = body.find("{{QUERY}}")) != std::string::npos;) body.replace(at, 9, query);
      }
      res.status = 200;
      res.set_content(std::move(body), std::string(f.contentType));
      return;
    }
    res.status = 404;
  }

  void install() {
    http.set_default_headers({{"Content-Security-Policy", kContentSecurityPolicy},
                              {"X-Content-Type-Options", "nosniff"},
                              {"X-Frame-Options", "DENY"},
                              {"Referrer-Policy", "no-referrer"},
                              {"Cache-Control", "no-store"},
                              {"Cross-Origin-Resource-Policy", "same-origin"}});
    http.set_payload_max_length(opts.maxBodyBytes);
    // Headers and body go out in two writes; with Nagle's algorithm the second waits for the client's
    // delayed ACK, 40 ms a request on loopback.
    http.set_tcp_nodelay(true);
    // A worker thread stays with a keep-alive connection between its requests; statements run one
    // at a time anyway, so more workers only let more clients stay connected without queueing.
    http.new_task_queue = [] { return new httplib::ThreadPool(kWorkerThreads); };
    // httplib's default SO_REUSEPORT would let a second kgq serve share the port (and the requests)
    // with a running one; SO_REUSEADDR alone refuses it and still allows a quick restart.
    http.set_socket_options([this](socket_t sock) {
      int yes = 1;
      setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
      listenSocket = sock;
    });
    http.set_pre_routing_handler([this](const httplib::Request& req, httplib::Response& res) {
      if (!authorised(req)) {
        sendProblem(res, problem(401, "RequestError", "a valid token is required",
                                 "send the header 'Authorization: Bearer TOKEN' (the token kgq serve printed), or "
                                 "open the URL it printed"));
        res.set_header("WWW-Authenticate", "Bearer");
        return httplib::Server::HandlerResponse::Handled;
      }
      if (auto p = foreign(req)) {
        sendProblem(res, *p);
        return httplib::Server::HandlerResponse::Handled;
      }
      // JSON only: a form or text/plain POST (which a foreign page may send without asking) is refused.
      if (req.method == "POST" && !req.get_header_value("Content-Type").starts_with("application/json")) {
        sendProblem(res, problem(415, "RequestError", "POST bodies must be JSON",
                                 "send the header 'Content-Type: application/json'"));
        return httplib::Server::HandlerResponse::Handled;
      }
      return httplib::Server::HandlerResponse::Unhandled;
    });
    http.set_error_handler([](const httplib::Request& req, httplib::Response& res) {
      if (!res.body.empty()) return;  // a handler's own answer
      if (res.status == 413)
        sendProblem(res, problem(413, "RequestError", "the request body is too large",
                                 "send a shorter statement, or restart kgq serve with a larger --max-body"));
      else if (res.status == 404)
        sendProblem(res, problem(404, "RequestError", "no such resource: " + req.method + " " + req.path,
                                 "the page is GET /; the API is POST /query, POST /export, POST /cancel, GET /schema, "
                                 "GET /scripts, GET /complete (GET /api lists them)"));
      else
        sendProblem(res, problem(res.status, "RequestError", "the request was refused (HTTP " +
                                                                  std::to_string(res.status) + ")"));
    });
    http.set_exception_handler([](const httplib::Request&, httplib::Response& res, std::exception_ptr ep) {
      try {
        std::rethrow_exception(ep);
      } catch (const Error& e) {
        sendJson(res, 400, "{\"error\":" + errorJson(e).dump(-1, ' ', false, Json::error_handler_t::replace) + "}");
      } catch (const std::exception& e) {
        sendProblem(res, problem(500, "RuntimeError", std::string("internal error: ") + e.what(),
                                 "please report the request"));
      }
    });
    http.Post("/query", [this](const httplib::Request& req, httplib::Response& res) { query(req, res); });
    http.Post("/export", [this](const httplib::Request& req, httplib::Response& res) { exportAnswer(req, res); });
    http.Post("/cancel", [this](const httplib::Request& req, httplib::Response& res) { cancel(req, res); });
    http.Get("/schema", [this](const httplib::Request&, httplib::Response& res) { schema(res); });
    http.Get("/scripts", [this](const httplib::Request&, httplib::Response& res) { scripts(res); });
    http.Get("/complete", [this](const httplib::Request& req, httplib::Response& res) { complete(req, res); });
    // The page for a browser (it asks for text/html), the list of endpoints for a script (curl asks for */*).
    http.Get("/", [this](const httplib::Request& req, httplib::Response& res) {
      if (req.get_header_value("Accept").find("text/html") != std::string::npos) page("/index.html", res);
      else endpoints(res);
    });
    http.Get("/api", [this](const httplib::Request&, httplib::Response& res) { endpoints(res); });
    for (const PageFile& f : pageFiles())
      if (f.path != "/index.html")
        http.Get(std::string(f.path), [this, path = f.path](const httplib::Request&, httplib::Response& res) {
          page(path, res);
        });
  }
};

Server::Server(Session& session, ServerOptions opts) : impl_(std::make_unique<Impl>(session, std::move(opts))) {
  SessionPolicy policy;
  policy.writes = impl_->opts.allowWrites;
  policy.files = false;
  policy.transactions = false;
  policy.refusalHint = impl_->opts.allowWrites ? "" : "start kgq serve with --allow-writes to let requests change the graph";
  session.setPolicy(policy);
  session.setRunClearsCancel(false);
  impl_->install();
}

Server::~Server() = default;

std::string Server::bind() {
  auto& o = impl_->opts;
  if (!isLoopback(o.bind) && o.token.empty())
    throw SemanticError("--bind " + o.bind + " is reachable from other machines, so requests need a token", {},
                        "give one with --token, or leave it out to have one generated");
  std::string host = o.bind == "localhost" ? "127.0.0.1" : o.bind;
  if (host.starts_with("[")) host = host.substr(1, host.size() - 2);
  int port = o.port == 0 ? impl_->http.bind_to_any_port(host) : (impl_->http.bind_to_port(host, o.port) ? o.port : -1);
  if (port <= 0)
    throw RuntimeError("cannot listen on " + o.bind + ":" + std::to_string(o.port), {},
                       "the port may be in use: choose another with --port (0 picks a free one)");
  impl_->port = port;
  // httplib 0.11 listens with a backlog of 5: clients that reconnect together overflow it and wait a
  // second for the SYN to be resent. Linux takes a second listen() as a new backlog.
  if (impl_->listenSocket != INVALID_SOCKET) ::listen(impl_->listenSocket, SOMAXCONN);
  bool v6 = host.find(':') != std::string::npos;
  std::string url = "http://" + (v6 ? "[" + host + "]" : host) + ":" + std::to_string(port) + "/";
  if (!o.token.empty()) url += "?token=" + o.token;
  return url;
}

void Server::run(bool stopOnSignals) {
  std::atomic<bool> returned{false};  // before the waiter: it outlives the thread's join
  std::jthread waiter;
  if (stopOnSignals) {
    // SIGINT and SIGTERM are taken by one thread with sigwait (the worker threads inherit the mask),
    // which cancels the running statement and stops the server: no work in a signal handler.
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGUSR1);  // our own wake-up when stop() came from elsewhere
    pthread_sigmask(SIG_BLOCK, &set, nullptr);
    waiter = std::jthread([this, set, &returned] {
      int sig = 0;
      sigwait(&set, &sig);
      if (sig == SIGUSR1) return;
      spdlog::info("kgq serve: stopping");
      impl_->session.cancel();
      // stop() does nothing until the accept loop runs: a signal that came first is not lost.
      while (!returned.load()) {
        impl_->http.stop();
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
      }
    });
    impl_->http.listen_after_bind();
    returned.store(true);
    pthread_kill(waiter.native_handle(), SIGUSR1);  // wakes the waiter when stop() came from elsewhere
    return;
  }
  impl_->http.listen_after_bind();
}

void Server::stop() { impl_->http.stop(); }

}  // namespace kgq
