// The migration history's topic on the cluster's Kafka (kafka/log.h), for
// `connql migrate`: the brokers come from --bootstrap-servers, the session's cluster
// (CONNQL_BOOTSTRAP_SERVERS, the config file's bootstrap_servers, the local cluster).
#pragma once

#include <memory>
#include <string>

#include "engine/session.h"
#include "kafka/log.h"

namespace connql {

struct HistoryTopicOptions {
    std::string topic = "_connql_migrations";
    // Put before the name: clusters whose ACLs grant topics by prefix ("team-a.") need it.
    std::string prefix;
    std::string bootstrap_servers;  // "" = the session's cluster's
    int replication_factor = 1;
    long timeout_ms = 30000;
};

// The topic's full name: prefix + topic.
std::string history_topic_name(const HistoryTopicOptions& options);

// Throws connql::Error (Usage) when no brokers are known.
std::unique_ptr<kafka::TopicLog> open_history_topic(const Session& session, const HistoryTopicOptions& options);

}  // namespace connql
