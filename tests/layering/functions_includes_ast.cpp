// Functions know values and the graph, not the syntax tree: this must not compile.
#include "functions/registry.h"
#include "ast/ast.h"
