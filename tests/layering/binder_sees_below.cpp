// The binder may include its own headers and those of the stages below it.
#include "binder/binder.h"
#include "common/strings.h"
#include "functions/registry.h"
#include "graph/graph.h"
