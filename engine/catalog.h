// What the REPL completes with from the live cluster: connector names, installed
// plugins, a plugin's config keys, a connector's class, the worker's version.
// Read through the session's quick connection (a short timeout, never retried)
// and kept for a few seconds: a Tab is instant after the first one, and a cluster
// that is down costs one short try per expiry, never a blocked prompt. A failed
// read gives nothing to complete, never an error.
#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/results.h"
#include "engine/session.h"

namespace connql {

// One config key a plugin declares (GET /connector-plugins/{class}/config, or the
// definitions of a validation, which add Connect's own keys: tasks.max, converters...).
struct ConfigKeyInfo {
    std::string name;
    std::string type;                          // STRING, INT, PASSWORD, ...
    std::optional<std::string> default_value;  // none when required or without one
    bool required = false;
    std::string documentation;
};

class LiveCatalog {
public:
    struct Options {
        std::chrono::milliseconds expiry{5000};  // how long names read from the cluster are used
        long timeout_ms = 1000;                  // for each request
    };

    explicit LiveCatalog(Session& session) : LiveCatalog(session, Options{}) {}
    LiveCatalog(Session& session, Options options) : session_(session), options_(options) {}

    // Sorted. Empty when the cluster cannot be asked.
    std::vector<std::string> connector_names();
    // Every installed plugin (connectors, transforms, predicates, converters).
    std::vector<PluginRow> plugins();
    // The keys a connector of `class_name` takes, sorted by name.
    std::vector<ConfigKeyInfo> config_keys(const std::string& class_name);
    // connector.class of a live connector (for ALTER ... SET ( completion).
    std::optional<std::string> connector_class(const std::string& connector);

private:
    template <typename T>
    struct Entry {
        std::optional<T> value;  // nullopt: the read failed
        std::chrono::steady_clock::time_point read_at;
    };
    template <typename T, typename Read>
    std::optional<T> cached(std::map<std::string, Entry<T>>& cache, const std::string& key, Read read);
    connect::Client* client();  // null when no cluster is configured

    Session& session_;
    Options options_;
    std::string cluster_key_;  // the cluster the caches and the client are for
    std::unique_ptr<connect::Client> client_;
    std::map<std::string, Entry<std::vector<std::string>>> names_;
    std::map<std::string, Entry<std::vector<PluginRow>>> plugins_;
    std::map<std::string, Entry<std::vector<ConfigKeyInfo>>> keys_;
    std::map<std::string, Entry<std::string>> classes_;
};

// The worker's version ("3.9.1", from GET /), or nullopt when it does not answer.
// Takes its own connection (Session::new_quick_client) so that it can run on a
// thread of its own while the session serves statements.
std::optional<std::string> connect_version(connect::Client& client);

}  // namespace connql
