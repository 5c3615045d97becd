// Named Kafka Connect clusters from the config file (USE CLUSTER, SHOW CLUSTERS),
// and the order in which connql picks the cluster to talk to.
#pragma once

#include <map>
#include <optional>
#include <string>

#include "connect/client.h"

namespace connql {

struct ClusterConfig {
    connect::Endpoint endpoint;
    std::string bootstrap_servers;    // for SHOW TOPICS and PRINT
    std::string schema_registry_url;  // for FORMAT AVRO | PROTOBUF | JSON_SR
};

// The config file: $CONNQL_CONFIG, else ~/.config/connql/clusters.json:
//   {"current": "prod",
//    "clusters": {"prod": {"urls": ["https://connect-1:8083", "https://connect-2:8083"],
//                          "username": "...", "password_env": "CONNECT_PASSWORD",
//                          "bearer_token_env": "...", "headers": {"X-Team": "data"},
//                          "client_cert": "...", "client_key": "...", "ca_file": "...",
//                          "bootstrap_servers": "...", "schema_registry_url": "..."}}}
// Secrets are best given as *_env names of environment variables, or *_file names of
// files that hold them ("password_file", "bearer_token_file").
class ClusterDirectory {
public:
    static ClusterDirectory load();                        // a missing file is an empty directory
    static ClusterDirectory parse(const std::string& json, const std::string& origin);

    const std::map<std::string, ClusterConfig>& clusters() const { return clusters_; }
    const std::optional<std::string>& current() const { return current_; }
    const ClusterConfig* find(const std::string& name) const;
    // A hint that lists the defined names, or says where to define some.
    std::string describe_names() const;

private:
    std::map<std::string, ClusterConfig> clusters_;
    std::optional<std::string> current_;
};

// The local cluster of scripts/cluster, if it is running ($CONNQL_CLUSTER_DIR/ports); when it
// is secured, the cluster of the clusters file `up` wrote beside it.
std::optional<ClusterConfig> local_cluster();

// --connect-url, then CONNQL_CONNECT_URL, then the config file's current cluster,
// then the local cluster. `name` receives the config-file name when one was used.
std::optional<ClusterConfig> choose_cluster(const std::optional<std::string>& connect_url,
                                            const ClusterDirectory& directory, std::string& name);

}  // namespace connql
