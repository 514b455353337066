// The planner is below exec: the operators it plans for are not visible to it.
#include "exec/operator.h"
