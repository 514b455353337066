// Fuzz targets: each takes one input and must return normally for any bytes.
// Every kgq Error is an expected outcome; a crash, a sanitizer report, an
// uncaught exception or an "internal error" is a finding (the target aborts).
// The same functions serve libFuzzer (LLVMFuzzerTestOneInput in
// libfuzzer_main.cpp, clang) and the deterministic driver (driver.cpp, any compiler).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace kgq::fuzz {

struct Target {
  const char* name;
  void (*run)(const std::uint8_t* data, std::size_t size);
  const char* what;
};

// query: statement text through parse, bind, plan and execution on tests/data/tiny, with small limits;
// csv: the bytes as nodes.csv (the first half) and edges.csv (the rest) of a graph directory;
// graphml: the bytes as a .graphml file; param: the bytes as a --param JSON value;
// lines: the REPL's statement splitting and continuation detection.
const std::vector<Target>& targets();
const Target* findTarget(const std::string& name);

// Where the test data is (KGQ_SOURCE_DIR/tests/data), for the query target's graph.
void setSourceDir(const std::string& dir);

}  // namespace kgq::fuzz
