// A single-partition, compacted Kafka topic used as an ordered log: the total
// order of its records is what the migration history and its lock rest on
// (docs/migrations.md). Appends wait until the broker has the record (acks=all,
// idempotent producer) and return its offset; a read returns every record up to
// the end of the log as it was when the read began.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace connql::kafka {

struct LogRecord {
    long long offset = 0;
    std::string key;
    std::string value;
    long long timestamp_ms = 0;
};

struct LogOptions {
    std::string bootstrap_servers;
    std::string topic;
    long timeout_ms = 30000;
    int replication_factor = 1;  // used when the topic is created
};

class TopicLog {
public:
    // Connects lazily: nothing is sent before the first call.
    explicit TopicLog(LogOptions options);
    ~TopicLog();
    TopicLog(const TopicLog&) = delete;
    TopicLog& operator=(const TopicLog&) = delete;

    // Creates the topic (one partition, cleanup.policy=compact) unless it exists;
    // an existing topic with more than one partition is an error (its order would
    // not be total). Returns true when it created it.
    bool ensure_exists();

    // Appends one record and returns its offset once the broker has it.
    long long append(const std::string& key, const std::string& value);

    // Every record from the start of the log up to its end when the call began.
    std::vector<LogRecord> read_all();

    const LogOptions& options() const { return options_; }

private:
    struct Clients;
    LogOptions options_;
    std::unique_ptr<Clients> clients_;
};

}  // namespace connql::kafka
