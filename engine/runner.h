// The one statement loop every front end uses (run, the REPL, migrations, the
// server): prepare the whole input, then execute statement after statement,
// stopping at the first failure, and hand each outcome to a sink as soon as it
// is known. The report says what was applied and what was not.
#pragma once

#include <functional>
#include <optional>
#include <vector>

#include "engine/execute.h"
#include "engine/prepare.h"
#include "engine/session.h"

namespace connql {

struct RunnerOptions {
    // Consecutive CREATEs of distinct connectors sent this many at a time, each on
    // a connection of its own. Results still come in statement order.
    int parallel = 1;
    PrepareOptions prepare;
    // Called before each statement runs; throwing connql::Error stops the run there
    // with that error (a migrator whose lock is no longer live).
    std::function<void(const PreparedStatement&)> before_each;
};

// Receives outcomes in statement order. Errors arrive with their origin and
// position set, ready to render against the script's inputs.
class ResultSink {
public:
    virtual ~ResultSink() = default;
    virtual void on_outcome(const PreparedScript& script, const PreparedStatement& statement,
                            const StatementOutcome& outcome) = 0;
};

struct RunReport {
    std::vector<ScriptInput> inputs;     // what errors are rendered against
    std::optional<Error> prepare_error;  // the input was rejected: nothing ran
    PreparedScript script;
    std::vector<StatementOutcome> outcomes;  // one per prepared statement, in order

    bool failed() const;
    // 0 success; 2 the input was rejected before anything was sent; 1 a statement
    // failed (after which the statements before it may have changed the cluster).
    int exit_code() const;
    // The first failed statement's index, if any.
    std::optional<size_t> first_failure() const;
};

class Runner {
public:
    explicit Runner(Session& session, RunnerOptions options = {}) : session_(session), options_(std::move(options)) {}

    RunReport run(const std::vector<ScriptInput>& inputs, ResultSink& sink);
    // A script already prepared, from statement `first` on (the statements before it
    // are reported as not run): a migration that resumes after its completed statements.
    RunReport run_prepared(PreparedScript script, ResultSink& sink, size_t first = 0);

private:
    size_t batch_end(const std::vector<PreparedStatement>& statements, size_t begin) const;
    std::vector<StatementOutcome> execute_parallel(const std::vector<PreparedStatement>& statements, size_t begin,
                                                   size_t end);

    Session& session_;
    RunnerOptions options_;
};

}  // namespace connql
