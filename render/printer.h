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
    // `mask`: every line written passes the masking of embedded credentials
    // (compiler/secrets.h) once more, the last stop before a terminal or a file;
    // off with --show-secrets.
    Printer(OutputFormat format, std::ostream& out, std::ostream& err, bool mask = true)
        : format_(format), out_(out), err_(err), mask_(mask) {}

    void on_outcome(const PreparedScript& script, const PreparedStatement& statement,
                    const StatementOutcome& outcome) override;

    // Ends the run's output (the JSON array; the summary of a failed run) and
    // returns its exit code.
    int finish(const RunReport& report);

private:
    OutputFormat format_;
    std::ostream& out_;
    std::ostream& err_;
    std::string shown(const std::string& text) const;
    std::string dump(const nlohmann::ordered_json& json) const;

    bool mask_;
    nlohmann::ordered_json entities_ = nlohmann::ordered_json::array();
};

// An error found before a run could start (a bad option, an unreadable file), in
// the same form: rendered on `err`, and as a one-entity array on `out` for JSON.
int print_error(const Error& error, OutputFormat format, std::ostream& out, std::ostream& err);
// The same, in JSON form on `out` only (the caller rendered it on its error stream).
void print_error_entity(const Error& error, std::ostream& out);

}  // namespace connql
