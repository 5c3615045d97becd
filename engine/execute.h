// Runs one prepared statement against the session's cluster and returns its
// outcome: a typed result, an error, or both (a DROP of several names of which
// some failed). Never throws for what a statement does; the Runner decides what
// follows.
#pragma once

#include <optional>

#include "engine/prepare.h"
#include "engine/results.h"
#include "engine/session.h"

namespace connql {

struct StatementOutcome {
    std::optional<StatementResult> result;  // on success, and on a partial success
    std::optional<Error> error;
    bool ran = false;            // false: not started (an earlier statement failed)
    bool partly_applied = false; // failed after changing the cluster (a created connector whose wait failed)

    bool failed() const { return error.has_value(); }
};

// `connection` overrides the session's own client (a statement run in parallel
// with others has a connection of its own).
StatementOutcome execute(const PreparedStatement& statement, Session& session,
                         connect::Client* connection = nullptr);

}  // namespace connql
