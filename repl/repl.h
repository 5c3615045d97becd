// The interactive front end: statements typed at a terminal (or piped in), run
// one by one on one session through the engine's Runner. (Line editing, history
// and completion come with the REPL issue.)
#pragma once

#include <istream>
#include <ostream>

#include "engine/session.h"
#include "render/printer.h"

namespace connql {

struct ReplOptions {
    OutputFormat format = OutputFormat::Table;
    bool interactive = true;  // a terminal: prompts, and an error never ends the session
    bool show_secrets = false;
};

// Returns the exit code: 0, or, when not interactive, 1 if any statement failed
// after anything was sent, 2 if statements were rejected and nothing was ever sent.
int run_repl(Session& session, const ReplOptions& options, std::istream& in, std::ostream& out, std::ostream& err);

}  // namespace connql
