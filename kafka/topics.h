// SHOW TOPICS and PRINT, through librdkafka against the cluster's brokers.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "common/cancel.h"

namespace connql {

struct TopicRow {
    std::string name;
    int partitions = 0;
    int replicas = 0;
};
struct TopicList {
    std::vector<TopicRow> topics;
};

struct RecordHeader {
    std::string name;
    std::optional<std::string> value;  // the bytes as they are; nullopt for a null value
};
struct PrintedRecord {
    int partition = 0;
    long long offset = 0;
    long long timestamp = 0;
    std::string key;    // "null" for a null key
    std::string value;  // "null" for a tombstone
    std::vector<RecordHeader> headers;
};
struct PrintedRecords {
    std::string topic;
    std::vector<PrintedRecord> records;
};

TopicList list_topics(const std::string& bootstrap_servers, long timeout_ms);

// Hands each record (all partitions, from the beginning or from now) to
// `on_record` as it arrives, until it returns false or `should_stop` says so
// (asked between polls, so at most 100 ms late): PRINT streamed by the server.
void stream_topic(const std::string& bootstrap_servers, const std::string& topic, bool from_beginning,
                  long timeout_ms, const std::function<bool(const PrintedRecord&)>& on_record,
                  const std::function<bool()>& should_stop);

// Reads up to `limit` records (all partitions) from the beginning or from now,
// stopping after `idle_ms` without a new record or at `timeout_ms` in all.
// `cancel` stops it between polls (at most 100 ms late) with a `cancelled` error.
// SHOW ERRORS: the records a topic holds now, read until the end of every
// partition as it was when reading started (never waiting for new ones). With
// `last`, the last n of each partition, else every record from the beginning;
// `limit` stops after that many records. Sorted by partition, then offset.
// Fails at `timeout_ms` in all; `cancel` stops it between polls.
std::vector<PrintedRecord> read_topic_to_end(const std::string& bootstrap_servers, const std::string& topic,
                                             std::optional<long long> last, std::optional<long long> limit,
                                             long timeout_ms, const CancelToken& cancel = {});

PrintedRecords print_topic(const std::string& bootstrap_servers, const std::string& topic, bool from_beginning,
                           std::optional<long long> limit, long idle_ms, long timeout_ms,
                           const CancelToken& cancel = {});

}  // namespace connql
