// What a statement's execution sees (internal to engine/): the session, the
// connection to use, the prepared statement, and where to put warnings or the
// partial result of a statement that fails half way.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "connect/client.h"
#include "engine/prepare.h"
#include "engine/results.h"
#include "engine/session.h"

namespace connql::detail {

class StatementContext {
public:
    StatementContext(Session& session, const PreparedStatement& prepared, connect::Client* connection)
        : session(session), prepared(prepared), connection_(connection) {}

    // The connection statements send on: the override, or the session's own.
    connect::Client& client() { return connection_ != nullptr ? *connection_ : session.client(); }

    Session& session;
    const PreparedStatement& prepared;
    std::vector<std::string> warnings;
    // Set before throwing when the statement got part of the way: what it did, and
    // whether that changed the cluster.
    std::optional<ResultValue> partial;
    bool partly_applied = false;

private:
    connect::Client* connection_;
};

// One function per statement kind, each in the file of its family; execute.cpp
// dispatches to them with std::visit, so a kind without one does not compile.
// connectors.cpp: CREATE, ALTER, DROP
ResultValue run(const ast::CreateConnector& statement, StatementContext& context);
ResultValue run(const ast::AlterConnector& statement, StatementContext& context);
ResultValue run(const ast::DropConnector& statement, StatementContext& context);
// lifecycle.cpp: PAUSE, RESUME, STOP, RESTART
ResultValue run(const ast::LifecycleConnector& statement, StatementContext& context);
ResultValue run(const ast::RestartConnector& statement, StatementContext& context);
ResultValue run(const ast::RestartTask& statement, StatementContext& context);
// describe.cpp: what the cluster says about connectors
ResultValue run(const ast::ShowConnectors& statement, StatementContext& context);
ResultValue run(const ast::DescribeConnector& statement, StatementContext& context);
ResultValue run(const ast::ShowCreateConnector& statement, StatementContext& context);
ResultValue run(const ast::ShowConnectorOffsets& statement, StatementContext& context);
ResultValue run(const ast::ShowConnectorTopics& statement, StatementContext& context);
// plugins.cpp: plugins and validation
ResultValue run(const ast::ShowPlugins& statement, StatementContext& context);
ResultValue run(const ast::DescribePlugin& statement, StatementContext& context);
ResultValue run(const ast::Validate& statement, StatementContext& context);
// explain.cpp
ResultValue run(const ast::Explain& statement, StatementContext& context);
// session_statements.cpp: variables, properties, clusters
ResultValue run(const ast::DefineVariable& statement, StatementContext& context);
ResultValue run(const ast::UndefineVariable& statement, StatementContext& context);
ResultValue run(const ast::ShowVariables& statement, StatementContext& context);
ResultValue run(const ast::SetProperty& statement, StatementContext& context);
ResultValue run(const ast::UnsetProperty& statement, StatementContext& context);
ResultValue run(const ast::UseCluster& statement, StatementContext& context);
ResultValue run(const ast::ShowClusters& statement, StatementContext& context);
ResultValue run(const ast::ShowProperties& statement, StatementContext& context);
ResultValue run(const ast::ShowKsqlEntities& statement, StatementContext& context);
ResultValue run(const ast::RunScript& statement, StatementContext& context);
// topics.cpp: the brokers
ResultValue run(const ast::ShowTopics& statement, StatementContext& context);
ResultValue run(const ast::PrintTopic& statement, StatementContext& context);
// dead_letters.cpp: SHOW ERRORS FOR CONNECTOR (Connect for the topic, the brokers for the records)
ResultValue run(const ast::ShowConnectorErrors& statement, StatementContext& context);

// A connector's status just before a change, so that a wait after it can tell a
// status left over from before (not the answer) from one that follows the change.
struct StatusBefore {
    bool known = false;                            // the connector had a status
    std::map<std::string, std::string> entities;  // "connector", "task 0", ... -> state, worker and trace
};
// Empty when waiting is off or the connector does not exist yet (one GET otherwise).
StatusBefore status_before_change(const std::string& name, StatementContext& context);

// After CREATE, ALTER, RESUME and RESTART, when SET 'connql.wait' = 'running': waits
// until the connector and its tasks run (docs/language.md, "Waiting"). The change is
// applied already: if the wait fails, the statement fails with `applied` as its
// partial result ("FAILED, partly applied").
void wait_after_change(const std::string& name, const ResultValue& applied, StatementContext& context,
                       const StatusBefore& before = {});
// After PAUSE and STOP, when waiting is on: until the connector reports PAUSED or STOPPED.
void wait_for_state(const std::string& name, const std::string& state, const ResultValue& applied,
                    StatementContext& context, const StatusBefore& before = {});
// ALTER and EXPLAIN ALTER: the requests, sent or only described.
ResultValue alter(const ast::AlterConnector& statement, StatementContext& context, bool dry_run);

}  // namespace connql::detail
