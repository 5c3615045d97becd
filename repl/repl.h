// The interactive front end: statements typed at a terminal (or piped in), run
// one by one on one session through the engine's Runner. At a terminal: line
// editing, history, Tab completion, HELP and a pager (docs/cli.md, "The REPL");
// piped: plain reading, no prompt, and an exit code as `connql run` gives.
#pragma once

#include <filesystem>
#include <istream>
#include <optional>
#include <ostream>
#include <string>

#include "engine/session.h"
#include "render/printer.h"

namespace connql {

struct ReplOptions {
    OutputFormat format = OutputFormat::Table;  // until SET 'connql.output'
    bool interactive = true;  // a terminal: prompts, and an error never ends the session
    bool show_secrets = false;
    // The history file; default_history_path() when not given, none when that has none.
    std::optional<std::filesystem::path> history_path;
};

// Returns the exit code: 0, or, when not interactive, 1 if any statement failed
// after anything was sent, 2 if statements were rejected and nothing was ever sent.
// Interactive sessions read the terminal (standard input and output) with the line
// editor; `in`, `out` and `err` serve the piped mode.
int run_repl(Session& session, const ReplOptions& options, std::istream& in, std::ostream& out, std::ostream& err);

// The terminal session itself (run_repl calls it when `interactive`).
int run_interactive(Session& session, const ReplOptions& options);

}  // namespace connql
