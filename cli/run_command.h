// `connql run` and the REPL: statements executed against a Kafka Connect cluster.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "parser/variables.h"

namespace connql {

struct RunOptions {
    Dialect dialect = Dialect::Connql;
    std::vector<std::string> defines;
    std::string output = "table";  // table | json
    std::vector<std::string> paths;
    std::optional<std::string> connect_url;
    std::optional<std::string> schema_registry_url;
    int parallel = 1;  // consecutive CREATEs of distinct connectors sent this many at a time
};

// Parses and compiles every input first (exit 2 on an error, nothing sent), then
// runs the statements in order, stopping at the first that fails (exit 1).
int run_scripts(const RunOptions& options);

// A plain REPL on standard input: statements end with ';' and may span lines.
int run_repl(const RunOptions& options);

}  // namespace connql
