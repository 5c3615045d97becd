// Prints a run's outcomes to a terminal or a pipe, for `connql run`, the REPL and
// `connql migrate`: results on `out` as they arrive (tables) or as one JSON array
// at the end; errors on `err`, with the line quoted; and after a failure, what
// was applied and what was not.
#pragma once

#include <ostream>

#include <nlohmann/json.hpp>

#include "engine/runner.h"

namespace connql {

enum class OutputFormat { Table, Json };

class Printer : public ResultSink {
public:
    Printer(OutputFormat format, std::ostream& out, std::ostream& err) : format_(format), out_(out), err_(err) {}

    void on_outcome(const PreparedScript& script, const PreparedStatement& statement,
                    const StatementOutcome& outcome) override;

    // Ends the run's output (the JSON array; the summary of a failed run) and
    // returns its exit code.
    int finish(const RunReport& report);

private:
    OutputFormat format_;
    std::ostream& out_;
    std::ostream& err_;
    nlohmann::ordered_json entities_ = nlohmann::ordered_json::array();
};

// An error found before a run could start (a bad option, an unreadable file), in
// the same form: rendered on `err`, and as a one-entity array on `out` for JSON.
int print_error(const Error& error, OutputFormat format, std::ostream& out, std::ostream& err);

}  // namespace connql
