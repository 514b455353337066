// Formatting reads results (result/), not the executor: this must not compile.
#include "format/format.h"
#include "exec/executor.h"
