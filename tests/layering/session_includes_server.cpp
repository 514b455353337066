// The session runs statements for the REPL and the server alike; it must not see the server: this must not compile.
#include "session/session.h"
#include "server/server.h"
