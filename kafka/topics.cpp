#include "kafka/topics.h"

#include <librdkafka/rdkafka.h>

#include <algorithm>
#include <chrono>
#include <functional>
#include <map>
#include <memory>

#include "common/diagnostic.h"

namespace connql {

namespace {

struct KafkaDeleter {
    void operator()(rd_kafka_t* kafka) const {
        rd_kafka_consumer_close(kafka);
        rd_kafka_destroy(kafka);
    }
};
struct ConfDeleter {
    void operator()(rd_kafka_conf_t* conf) const { rd_kafka_conf_destroy(conf); }
};
struct MetadataDeleter {
    void operator()(const rd_kafka_metadata_t* metadata) const { rd_kafka_metadata_destroy(metadata); }
};
struct MessageDeleter {
    void operator()(rd_kafka_message_t* message) const { rd_kafka_message_destroy(message); }
};
struct PartitionsDeleter {
    void operator()(rd_kafka_topic_partition_list_t* list) const { rd_kafka_topic_partition_list_destroy(list); }
};
using Kafka = std::unique_ptr<rd_kafka_t, KafkaDeleter>;

[[noreturn]] void kafka_error(const std::string& doing, const std::string& detail, const std::string& servers) {
    throw Error(ErrorKind::Runtime, doing + " failed: " + detail, {},
                "check the brokers at " + servers + " (bootstrap_servers of the cluster, or CONNQL_BOOTSTRAP_SERVERS)");
}

// `partition_eof`: report reaching a partition's end (SHOW ERRORS stops there).
Kafka connect_consumer(const std::string& servers, bool partition_eof = false) {
    if (servers.empty()) {
        throw Error(ErrorKind::Usage, "this cluster has no bootstrap servers configured", {},
                    "set bootstrap_servers for the cluster in the config file, or CONNQL_BOOTSTRAP_SERVERS");
    }
    std::unique_ptr<rd_kafka_conf_t, ConfDeleter> conf(rd_kafka_conf_new());
    char error[512];
    auto set = [&](const char* key, const std::string& value) {
        if (rd_kafka_conf_set(conf.get(), key, value.c_str(), error, sizeof error) != RD_KAFKA_CONF_OK) {
            kafka_error("configuring the Kafka client", error, servers);
        }
    };
    set("bootstrap.servers", servers);
    set("group.id", "connql-print");  // never committed: partitions are assigned, not subscribed
    set("enable.auto.commit", "false");
    set("log_level", "0");
    set("enable.partition.eof", partition_eof ? "true" : "false");
    rd_kafka_t* kafka = rd_kafka_new(RD_KAFKA_CONSUMER, conf.get(), error, sizeof error);
    if (kafka == nullptr) kafka_error("creating the Kafka client", error, servers);
    conf.release();  // rd_kafka_new took it
    return Kafka(kafka);
}

std::unique_ptr<const rd_kafka_metadata_t, MetadataDeleter> metadata(rd_kafka_t* kafka, rd_kafka_topic_t* topic,
                                                                     const std::string& servers, long timeout_ms) {
    const rd_kafka_metadata_t* data = nullptr;
    rd_kafka_resp_err_t err = rd_kafka_metadata(kafka, topic == nullptr, topic, &data, static_cast<int>(timeout_ms));
    if (err != RD_KAFKA_RESP_ERR_NO_ERROR) kafka_error("reading the cluster's metadata", rd_kafka_err2str(err), servers);
    return std::unique_ptr<const rd_kafka_metadata_t, MetadataDeleter>(data);
}

std::string text_of(const void* data, size_t size) {
    return data == nullptr ? "null" : std::string(static_cast<const char*>(data), size);
}

}  // namespace

TopicList list_topics(const std::string& bootstrap_servers, long timeout_ms) {
    Kafka kafka = connect_consumer(bootstrap_servers);
    auto data = metadata(kafka.get(), nullptr, bootstrap_servers, timeout_ms);
    TopicList list;
    for (int i = 0; i < data->topic_cnt; ++i) {
        const rd_kafka_metadata_topic_t& topic = data->topics[i];
        int replicas = topic.partition_cnt > 0 ? topic.partitions[0].replica_cnt : 0;
        list.topics.push_back({topic.topic, topic.partition_cnt, replicas});
    }
    std::sort(list.topics.begin(), list.topics.end(), [](const TopicRow& a, const TopicRow& b) { return a.name < b.name; });
    return list;
}

namespace {

// The one consumer of PRINT and SHOW ERRORS: assigns every partition of the topic at
// the offset `start_of` gives it (or skips the partition when it gives nothing) and
// hands each record, headers included, to `on_record` until it returns false or
// `should_stop` says so (asked between polls, so at most 100 ms late).
// `on_partition_end`, when given, hears when a partition's end is reached.
struct Consumption {
    std::function<std::optional<int64_t>(rd_kafka_t*, int partition)> start_of;
    std::function<bool(const PrintedRecord&)> on_record;
    std::function<bool()> should_stop;
    std::function<void(int partition)> on_partition_end;
};

std::vector<RecordHeader> headers_of(rd_kafka_message_t* message) {
    std::vector<RecordHeader> out;
    rd_kafka_headers_t* headers = nullptr;
    if (rd_kafka_message_headers(message, &headers) != RD_KAFKA_RESP_ERR_NO_ERROR) return out;
    const char* name = nullptr;
    const void* value = nullptr;
    size_t size = 0;
    for (size_t i = 0; rd_kafka_header_get_all(headers, i, &name, &value, &size) == RD_KAFKA_RESP_ERR_NO_ERROR; ++i) {
        RecordHeader header{name, std::nullopt};
        if (value != nullptr) header.value = std::string(static_cast<const char*>(value), size);
        out.push_back(std::move(header));
    }
    return out;
}

void consume(const std::string& bootstrap_servers, const std::string& topic_name, long timeout_ms,
             const Consumption& consumption) {
    Kafka kafka = connect_consumer(bootstrap_servers, static_cast<bool>(consumption.on_partition_end));
    rd_kafka_topic_t* handle = rd_kafka_topic_new(kafka.get(), topic_name.c_str(), nullptr);
    auto data = metadata(kafka.get(), handle, bootstrap_servers, timeout_ms);
    rd_kafka_topic_destroy(handle);
    if (data->topic_cnt != 1 || data->topics[0].err != RD_KAFKA_RESP_ERR_NO_ERROR) {
        throw Error(ErrorKind::Runtime, "topic '" + topic_name + "' does not exist", {}, "SHOW TOPICS lists the topics");
    }
    std::unique_ptr<rd_kafka_topic_partition_list_t, PartitionsDeleter> partitions(
        rd_kafka_topic_partition_list_new(data->topics[0].partition_cnt));
    for (int p = 0; p < data->topics[0].partition_cnt; ++p) {
        int id = data->topics[0].partitions[p].id;
        std::optional<int64_t> start = consumption.start_of(kafka.get(), id);
        if (start) rd_kafka_topic_partition_list_add(partitions.get(), topic_name.c_str(), id)->offset = *start;
    }
    if (partitions->cnt == 0) return;  // nothing to read
    rd_kafka_resp_err_t err = rd_kafka_assign(kafka.get(), partitions.get());
    if (err != RD_KAFKA_RESP_ERR_NO_ERROR) kafka_error("reading topic '" + topic_name + "'", rd_kafka_err2str(err), bootstrap_servers);

    while (!consumption.should_stop()) {
        std::unique_ptr<rd_kafka_message_t, MessageDeleter> message(rd_kafka_consumer_poll(kafka.get(), 100));
        if (!message) continue;
        if (message->err == RD_KAFKA_RESP_ERR__PARTITION_EOF) {
            if (consumption.on_partition_end) consumption.on_partition_end(message->partition);
            continue;
        }
        if (message->err != RD_KAFKA_RESP_ERR_NO_ERROR) {
            kafka_error("reading topic '" + topic_name + "'", rd_kafka_message_errstr(message.get()), bootstrap_servers);
        }
        rd_kafka_timestamp_type_t type;
        PrintedRecord record{message->partition,
                             message->offset,
                             rd_kafka_message_timestamp(message.get(), &type),
                             text_of(message->key, message->key_len),
                             text_of(message->payload, message->len),
                             headers_of(message.get())};
        if (!consumption.on_record(record)) return;
    }
}

}  // namespace

void stream_topic(const std::string& bootstrap_servers, const std::string& topic_name, bool from_beginning,
                  long timeout_ms, const std::function<bool(const PrintedRecord&)>& on_record,
                  const std::function<bool()>& should_stop) {
    Consumption consumption;
    consumption.start_of = [&](rd_kafka_t*, int) -> std::optional<int64_t> {
        return from_beginning ? RD_KAFKA_OFFSET_BEGINNING : RD_KAFKA_OFFSET_END;
    };
    consumption.on_record = on_record;
    consumption.should_stop = should_stop;
    consume(bootstrap_servers, topic_name, timeout_ms, consumption);
}

std::vector<PrintedRecord> read_topic_to_end(const std::string& bootstrap_servers, const std::string& topic_name,
                                             std::optional<long long> last, std::optional<long long> limit,
                                             long timeout_ms, const CancelToken& cancel) {
    using Clock = std::chrono::steady_clock;
    const auto deadline = Clock::now() + std::chrono::milliseconds(timeout_ms);
    std::map<int, int64_t> ends;  // partition -> its end when reading started; erased once reached
    std::vector<PrintedRecord> out;
    auto full = [&] { return limit && static_cast<long long>(out.size()) >= *limit; };
    Consumption consumption;
    consumption.start_of = [&](rd_kafka_t* kafka, int partition) -> std::optional<int64_t> {
        int64_t low = 0, high = 0;
        rd_kafka_resp_err_t err = rd_kafka_query_watermark_offsets(kafka, topic_name.c_str(), partition, &low, &high,
                                                                   static_cast<int>(timeout_ms));
        if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
            kafka_error("reading the offsets of topic '" + topic_name + "'", rd_kafka_err2str(err), bootstrap_servers);
        }
        int64_t start = last ? std::max(low, high - static_cast<int64_t>(*last)) : low;
        if (start >= high) return std::nullopt;  // empty, or nothing in the last n
        ends[partition] = high;
        return start;
    };
    consumption.on_record = [&](const PrintedRecord& record) {
        auto end = ends.find(record.partition);
        if (end == ends.end()) return true;  // reached already: a record written since reading started
        out.push_back(record);
        if (record.offset + 1 >= end->second) ends.erase(end);
        return !full();
    };
    // The end as of the start is reached by offsets; partition EOF covers offsets that
    // hold no record (transaction markers), so that reading never waits for new ones.
    consumption.on_partition_end = [&](int partition) { ends.erase(partition); };
    consumption.should_stop = [&] {
        cancel.throw_if_cancelled("SHOW ERRORS of topic '" + topic_name + "'");
        if (ends.empty() || full()) return true;
        if (Clock::now() >= deadline) {
            throw Error(ErrorKind::Runtime, "reading topic '" + topic_name + "' did not reach its end within " +
                                                std::to_string(timeout_ms) + " ms", {},
                        "raise 'connql.timeout', or read fewer records with LIMIT");
        }
        return false;
    };
    consume(bootstrap_servers, topic_name, timeout_ms, consumption);
    std::sort(out.begin(), out.end(), [](const PrintedRecord& a, const PrintedRecord& b) {
        return a.partition != b.partition ? a.partition < b.partition : a.offset < b.offset;
    });
    return out;
}

PrintedRecords print_topic(const std::string& bootstrap_servers, const std::string& topic_name, bool from_beginning,
                           std::optional<long long> limit, long idle_ms, long timeout_ms, const CancelToken& cancel) {
    PrintedRecords out;
    out.topic = topic_name;
    using Clock = std::chrono::steady_clock;
    const auto deadline = Clock::now() + std::chrono::milliseconds(timeout_ms);
    auto last_record = Clock::now();
    auto full = [&] { return limit && static_cast<long long>(out.records.size()) >= *limit; };
    stream_topic(
        bootstrap_servers, topic_name, from_beginning, timeout_ms,
        [&](const PrintedRecord& record) {
            out.records.push_back(record);
            last_record = Clock::now();
            return !full();
        },
        [&] {
            cancel.throw_if_cancelled("PRINT of topic '" + topic_name + "'");
            const auto now = Clock::now();
            return full() || now >= deadline || now - last_record >= std::chrono::milliseconds(idle_ms);
        });
    return out;
}

}  // namespace connql
