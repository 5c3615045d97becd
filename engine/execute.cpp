#include "engine/execute.h"

#include "engine/statement_context.h"

namespace connql {

StatementOutcome execute(const PreparedStatement& prepared, Session& session, connect::Client* connection) {
    StatementOutcome outcome;
    outcome.ran = true;
    detail::StatementContext context(session, prepared, connection);
    try {
        // Overload resolution picks the statement's own function: a kind without
        // one is a compile error here, not a runtime surprise.
        ResultValue value =
            std::visit([&](const auto& node) -> ResultValue { return detail::run(node, context); }, prepared.statement.node);
        StatementResult result{prepared.masked_text(), std::move(value), prepared.warnings};
        result.warnings.insert(result.warnings.end(), context.warnings.begin(), context.warnings.end());
        outcome.result = std::move(result);
    } catch (const Error& error) {
        outcome.error = error;
    } catch (const std::exception& caught) {
        // An answer of a shape Connect should not send ends the statement, never the process.
        outcome.error = Error(ErrorKind::Runtime, std::string("unexpected answer from the cluster: ") + caught.what());
    }
    if (outcome.error && context.partial) {
        StatementResult partial{prepared.masked_text(), std::move(*context.partial), prepared.warnings};
        partial.warnings.insert(partial.warnings.end(), context.warnings.begin(), context.warnings.end());
        outcome.result = std::move(partial);
        outcome.partly_applied = context.partly_applied;
    }
    return outcome;
}

}  // namespace connql
