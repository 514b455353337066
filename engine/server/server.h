// `kgq serve`: an HTTP API over one session (cpp-httplib). The handlers are
// here; the command line (repl/main.cpp) only fills ServerOptions.
//
// Concurrency: a Session is not thread-safe (statement cache, traversal marks,
// the graph itself), so requests share the one session under a mutex: they run
// one at a time, in arrival order, on httplib's worker threads. Reads do not
// wait for each other's JSON to be written (that happens after the lock is
// released), and writes (with --allow-writes) are serialized with everything.
#pragma once

#include <cstddef>
#include <memory>
#include <string>

#include "session/session.h"

namespace kgq {

struct ServerOptions {
  std::string bind = "127.0.0.1";
  int port = 7475;            // 0: any free port (the printed URL says which)
  std::string token;          // required on every request when set; set whenever `bind` is not loopback
  bool allowWrites = false;
  std::size_t maxBodyBytes = 1 << 20;     // a larger request is refused (413)
  std::size_t maxResultBytes = 64 << 20;  // a larger answer is an error that names the limit
  std::string graphDir;       // the loaded CSV graph's directory (its saved question scripts), or empty
};

// Whether `address` is a loopback address (127.0.0.0/8, ::1, localhost).
bool isLoopback(const std::string& address);

// A random token: 32 hex digits from the system's random source.
std::string generateToken();

// True when `a` equals `b`, taking the same time whatever the first difference.
bool constantTimeEquals(const std::string& a, const std::string& b);

class Server {
 public:
  // The session's limits are the caps every request runs under (a request may ask for less).
  Server(Session& session, ServerOptions opts);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds the port; returns the URL to open (with ?token= when there is one). Throws Error when it cannot.
  std::string bind();
  // Answers requests until stop() (from any thread) or SIGINT / SIGTERM when `stopOnSignals`.
  void run(bool stopOnSignals);
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace kgq
