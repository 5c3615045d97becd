// Runs prepared statements against a Kafka Connect cluster through its REST API
// and returns typed results. The only part of connql that talks to a cluster.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/clusters.h"
#include "connect/client.h"
#include "engine/results.h"
#include "engine/script.h"

namespace connql {

// What lives across statements: SET properties and the chosen cluster. The
// variables and dialect live in the ParseState the statements were parsed with.
struct Session {
    ParseState parse;
    std::map<std::string, std::string> properties;
    std::string cluster_name;  // from the config file, "" otherwise
};

class Executor {
public:
    Executor(std::optional<ClusterConfig> cluster, ClusterDirectory directory);
    ~Executor();

    // Throws connql::Error (Runtime for what the cluster said, Usage for a missing
    // cluster) naming what failed and what to do; the caller adds file:line.
    StatementResult execute(const PreparedStatement& statement, Session& session);

private:
    connect::Client& client();
    connect::Response send(connect::Method method, const std::string& path, const nlohmann::json* body,
                           connect::Safety safety, bool slow = false);
    [[noreturn]] void fail(const connect::Response& response, const std::string& doing,
                           const std::string& connector = "", const Config* config = nullptr);
    std::string not_found_hint(const std::string& name);
    const std::vector<PluginRow>& connector_plugins();
    void check_plugin(const CompiledConnector& compiled, Position pos);
    void wait_until_running(const std::string& name, const Session& session);

    ResultValue create(const ast::CreateConnector& statement, const CompiledConnector& compiled, Session& session,
                       std::vector<std::string>& warnings);
    ResultValue alter(const ast::AlterConnector& statement, Session& session, bool dry_run);
    ResultValue drop(const ast::DropConnector& statement, std::vector<std::string>& warnings);
    ResultValue lifecycle(const ast::LifecycleConnector& statement, const Session& session);
    ResultValue restart(const ast::RestartConnector& statement, const Session& session);
    ResultValue restart_task(const ast::RestartTask& statement);
    ResultValue show_connectors(const ast::ShowConnectors& statement);
    ResultValue describe(const ast::DescribeConnector& statement);
    ResultValue show_create(const ast::ShowCreateConnector& statement);
    ResultValue show_plugins(const ast::ShowPlugins& statement);
    ResultValue describe_plugin(const ast::DescribePlugin& statement);
    ResultValue connector_json(const std::string& name, const std::string& what);
    ResultValue validate(const CompiledConnector& compiled);
    ResultValue explain(const ast::Explain& statement, const std::optional<CompiledConnector>& compiled, Session& session);
    ResultValue session_statement(const ast::Statement& statement, Session& session);

    std::optional<ClusterConfig> cluster_;
    ClusterDirectory directory_;
    std::unique_ptr<connect::Client> client_;
    std::optional<std::vector<PluginRow>> plugins_;  // cached for the run
};

// "RUNNING (1/2 tasks RUNNING)", as ksqlDB summarizes a status object.
std::string summarize_state(const nlohmann::json& status);

// SQL LIKE: % any run, _ any one character, case-sensitive.
bool like(const std::string& text, const std::string& pattern);

}  // namespace connql
