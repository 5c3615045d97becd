#include "engine/history_topic.h"

namespace connql {

std::string history_topic_name(const HistoryTopicOptions& options) { return options.prefix + options.topic; }

std::unique_ptr<kafka::TopicLog> open_history_topic(const Session& session, const HistoryTopicOptions& options) {
    kafka::LogOptions log;
    log.topic = history_topic_name(options);
    log.bootstrap_servers = options.bootstrap_servers;
    if (log.bootstrap_servers.empty() && session.cluster()) log.bootstrap_servers = session.cluster()->bootstrap_servers;
    if (log.bootstrap_servers.empty()) {
        throw Error(ErrorKind::Usage, "no Kafka brokers are known for the migration history", {},
                    "give --bootstrap-servers HOSTS, set CONNQL_BOOTSTRAP_SERVERS, or add \"bootstrap_servers\" to the "
                    "cluster in the config file");
    }
    log.replication_factor = options.replication_factor;
    log.timeout_ms = options.timeout_ms;
    return std::make_unique<kafka::TopicLog>(log);
}

}  // namespace connql
