// What a failed run leaves behind, for the user who has to decide what to do next:
// which statements changed the cluster, which failed (and whether it may have
// been applied anyway), and which never ran.
#pragma once

#include <string>

#include "engine/runner.h"

namespace connql {

// "" when the run succeeded or was rejected before anything ran.
std::string render_run_summary(const RunReport& report);

}  // namespace connql
