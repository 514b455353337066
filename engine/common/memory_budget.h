// The memory a statement may use for what it builds while it runs (rows held by
// ORDER BY, DISTINCT, aggregation and collect(), lists, strings, paths, and the
// parse of its own text): counted at every allocation of the thread that runs
// it, so no operator or function can forget to account for itself.
//
// While a StatementBudget is alive, an allocation that would take the thread
// past it throws std::bad_alloc (once: the budget then steps aside so that
// unwinding and rollback can allocate); the session turns that into a
// LimitExceeded naming --max-memory. Any other bad_alloc (the machine itself
// is out of memory) is reported the same way, never as an abort.
#pragma once

#include <cstdint>
#include <string>

namespace kgq::memory {

// Bytes currently allocated by this thread (frees of another thread's blocks included).
std::int64_t allocatedOnThisThread();

// False in a build whose runtime owns operator new (ThreadSanitizer): then the
// budget never trips and big blocks get no huge-page advice.
bool countsAllocations();

// What this thread may still allocate under its budget; 0 when it has none.
std::uint64_t remainingOnThisThread();
// Marks this thread's budget as exceeded: a parallel worker's was, and the statement's error
// (on the thread that runs it) must say so.
void noteExceeded();

// A quarter of the physical memory, less where a cgroup limit or an address-space
// limit (ulimit -v, prlimit --as) leaves less: three quarters of that.
std::uint64_t defaultBudget();

// "512 MiB", "1.5 GiB".
std::string formatBytes(std::uint64_t bytes);
// "512M", "2G", "1.5g", "1048576", "0"; nullopt-like: returns false on bad text.
bool parseBytes(const std::string& text, std::uint64_t& out);

class StatementBudget {
 public:
  explicit StatementBudget(std::uint64_t bytes);  // 0 = no budget
  ~StatementBudget();
  StatementBudget(const StatementBudget&) = delete;
  StatementBudget& operator=(const StatementBudget&) = delete;
  // Whether an allocation was refused for this budget.
  bool exceeded() const;

 private:
  std::int64_t previousLimit_;
  bool previousTripped_;
};

}  // namespace kgq::memory
