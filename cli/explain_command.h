// `connql explain`: compile scripts without a cluster and print, for each CREATE,
// the config it would send.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "parser/variables.h"

namespace connql {

struct ExplainOptions {
    Dialect dialect = Dialect::Connql;
    std::vector<std::string> defines;
    std::string output = "table";  // table | json
    std::vector<std::string> paths;
    std::optional<std::string> schema_registry_url;
    bool show_secrets = false;
};

// Returns the exit code: 0, or 2 for a usage, syntax or compile error (printed to stderr).
int run_explain(const ExplainOptions& options);

}  // namespace connql
