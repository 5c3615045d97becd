// The scripts named on the command line: files, directories of .sql files, or "-".
#pragma once

#include <string>
#include <vector>

#include "engine/script.h"

namespace connql {

// A directory contributes its *.sql files, recursively, in path order (so that
// numbered migrations run in order). Throws connql::Error (Usage) for a missing path.
std::vector<ScriptInput> read_inputs(const std::vector<std::string>& paths);

// "--define name=value" items into the parse state.
void apply_defines(const std::vector<std::string>& defines, ParseState& state);

}  // namespace connql
