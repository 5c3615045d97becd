// SHOW TOPICS and PRINT, through librdkafka against the cluster's brokers.
#pragma once

#include <optional>
#include <string>

#include "engine/results.h"

namespace connql {

TopicList list_topics(const std::string& bootstrap_servers, long timeout_ms);

// Reads up to `limit` records (all partitions) from the beginning or from now,
// stopping after `idle_ms` without a new record or at `timeout_ms` in all.
PrintedRecords print_topic(const std::string& bootstrap_servers, const std::string& topic, bool from_beginning,
                           std::optional<long long> limit, long idle_ms, long timeout_ms);

}  // namespace connql
