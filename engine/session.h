// The one owner of what lasts across statements: the cluster and the connection
// to it, the variables and dialect, the SET properties, and what was learnt from
// the cluster (its plugins). Every front end (run, the REPL, migrations, the
// server) keeps one Session per user session and hands it to the Runner.
#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "common/cancel.h"
#include "compiler/compiler.h"
#include "compiler/secrets.h"
#include "connect/client.h"
#include "engine/clusters.h"
#include "engine/results.h"
#include "parser/parser.h"

namespace connql {

struct ConnectorListing;

struct SessionOptions {
    Dialect dialect = Dialect::Connql;
    std::vector<std::string> defines;           // "name=value"
    std::optional<std::string> connect_url;     // --connect-url
    std::optional<std::string> cluster;         // --cluster NAME, from the config file
    std::optional<std::string> schema_registry_url;
    bool show_secrets = false;                  // --show-secrets: nothing is masked
    std::optional<std::string> bootstrap_servers;  // --bootstrap-servers: the cluster's Kafka
};

class Session {
public:
    // Loads the config file and chooses the cluster; connects to nothing yet.
    // Throws connql::Error (Usage) for a bad --define, an unknown --cluster or a bad config file.
    static Session open(const SessionOptions& options);

    // A new session on the same cluster, for one request of `connql serve`: the
    // options' variables and no SET properties, sharing the connection pool (if
    // share_connections was called) and what was learnt of the cluster's plugins.
    // Safe to call from several threads at once.
    Session fork() const;
    // From now on, this session and its forks keep connections to the workers alive
    // in one pool and share identical reads in flight (connect/shared.h).
    void share_connections();

    Session(const Session&) = delete;
    Session& operator=(const Session&) = delete;
    Session(Session&&) = default;
    Session& operator=(Session&&) = default;

    // Variables and dialect: read and changed by the parser as statements are prepared.
    ParseState& parse_state() { return parse_; }
    const ParseState& parse_state() const { return parse_; }

    const std::map<std::string, std::string>& properties() const { return properties_; }
    void set_property(const std::string& name, const std::string& value);
    void unset_property(const std::string& name);
    std::optional<std::string> property(const std::string& name) const;
    long long duration_property(const std::string& name, long long fallback_ms) const;

    // The cluster statements run against; nullopt when none is configured.
    const std::optional<ClusterConfig>& cluster() const { return cluster_; }
    const std::string& cluster_name() const { return cluster_name_; }  // "" unless from the config file
    const ClusterDirectory& directory() const { return directory_; }
    void use_cluster(const std::string& name);  // one the directory defines (checked by prepare)

    // What CREATE compiles with: the dialect is per statement; the registry comes
    // from SET, then --schema-registry-url, then the cluster's entry.
    CompileContext compile_context() const;

    // The session's connection to the current cluster, made on first use and
    // remade after USE CLUSTER or SET 'connql.timeout'. Throws (Usage) when no
    // cluster is configured.
    connect::Client& client();
    // A connection of its own for a statement run beside others (--parallel):
    // same cluster, credentials and timeouts.
    std::unique_ptr<connect::Client> new_client() const;
    // A connection for what must never keep a prompt waiting (Tab completion, the
    // REPL's banner): every request gets `timeout_ms` in all, and is not retried.
    std::unique_ptr<connect::Client> new_quick_client(long timeout_ms) const;

    // The installed connector plugins, asked once per cluster; safe to call from
    // parallel statements.
    std::vector<PluginRow> connector_plugins(connect::Client& client);

    // The last list of connectors read from the cluster (engine/connector_list_reader.h),
    // shared with forks: an identical answer is not read again.
    std::shared_ptr<const ConnectorListing> last_connector_listing() const;
    void remember_connector_listing(std::shared_ptr<const ConnectorListing> listing);

    // How the configs of connectors of `class_name` are shown: the keys its plugin
    // declares PASSWORD (asked once per class and cluster), and --show-secrets.
    // Without a class, or when the plugin cannot be asked, the key and value rules alone.
    SecretPolicy secret_policy(connect::Client& client, const std::string& class_name);
    // The policy that needs no cluster (EXPLAIN CREATE, explain, error quotes).
    SecretPolicy local_secret_policy() const;
    bool show_secrets() const { return show_secrets_; }

    // Set from outside (the REPL's Ctrl-C) to stop the statement that runs: waits
    // and PRINT check it between polls and fail with an error flagged `cancelled`.
    // Whoever sets it resets it before the next statement.
    const CancelToken& cancel_token() const { return cancel_; }

private:
    Session() = default;
    connect::Endpoint endpoint() const;  // the cluster's, with the session's timeouts
    void cluster_changed();

    ParseState parse_;
    std::map<std::string, std::string> properties_;
    std::optional<std::string> schema_registry_option_;
    ClusterDirectory directory_;
    std::optional<ClusterConfig> cluster_;
    std::string cluster_name_;
    std::unique_ptr<connect::Client> client_;
    // What was learnt of the cluster's plugins, shared with forks; asked again after
    // a while, as a long-running server may outlive a plugin installation.
    struct Knowledge {
        std::mutex mutex;
        std::optional<std::vector<PluginRow>> plugins;
        std::map<std::string, std::set<std::string>> password_keys;  // by connector class
        std::chrono::steady_clock::time_point learnt = std::chrono::steady_clock::now();
        std::shared_ptr<const ConnectorListing> last_listing;  // not knowledge: a memo of one answer
    };
    std::shared_ptr<Knowledge> knowledge_ = std::make_shared<Knowledge>();
    static void forget_if_stale(Knowledge& knowledge);  // with its mutex held
    ParseState initial_parse_;  // the dialect and --define variables, for forks
    bool show_secrets_ = false;
    CancelToken cancel_;
};

}  // namespace connql
