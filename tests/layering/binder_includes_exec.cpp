// The executor is above the binder: this must not compile.
#include "binder/binder.h"
#include "exec/context.h"
