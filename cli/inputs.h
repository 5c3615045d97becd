// The scripts named on the command line: files, directories of .sql files, or "-".
#pragma once

#include <string>
#include <vector>

#include "engine/prepare.h"

namespace connql::cli {

// A directory contributes its *.sql files, recursively, in path order (so that
// numbered migrations run in order). Throws connql::Error (Usage) for a missing path.
std::vector<ScriptInput> read_inputs(const std::vector<std::string>& paths);

}  // namespace connql::cli
