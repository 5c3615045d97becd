#include "kafka/topics.h"

#include <librdkafka/rdkafka.h>

#include <algorithm>
#include <chrono>
#include <functional>
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

Kafka connect_consumer(const std::string& servers) {
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

void stream_topic(const std::string& bootstrap_servers, const std::string& topic_name, bool from_beginning,
                  long timeout_ms, const std::function<bool(const PrintedRecord&)>& on_record,
                  const std::function<bool()>& should_stop) {
    Kafka kafka = connect_consumer(bootstrap_servers);
    rd_kafka_topic_t* handle = rd_kafka_topic_new(kafka.get(), topic_name.c_str(), nullptr);
    auto data = metadata(kafka.get(), handle, bootstrap_servers, timeout_ms);
    rd_kafka_topic_destroy(handle);
    if (data->topic_cnt != 1 || data->topics[0].err != RD_KAFKA_RESP_ERR_NO_ERROR) {
        throw Error(ErrorKind::Runtime, "topic '" + topic_name + "' does not exist", {}, "SHOW TOPICS lists the topics");
    }
    std::unique_ptr<rd_kafka_topic_partition_list_t, PartitionsDeleter> partitions(
        rd_kafka_topic_partition_list_new(data->topics[0].partition_cnt));
    for (int p = 0; p < data->topics[0].partition_cnt; ++p) {
        rd_kafka_topic_partition_list_add(partitions.get(), topic_name.c_str(), data->topics[0].partitions[p].id)->offset =
            from_beginning ? RD_KAFKA_OFFSET_BEGINNING : RD_KAFKA_OFFSET_END;
    }
    rd_kafka_resp_err_t err = rd_kafka_assign(kafka.get(), partitions.get());
    if (err != RD_KAFKA_RESP_ERR_NO_ERROR) kafka_error("reading topic '" + topic_name + "'", rd_kafka_err2str(err), bootstrap_servers);

    while (!should_stop()) {
        std::unique_ptr<rd_kafka_message_t, MessageDeleter> message(rd_kafka_consumer_poll(kafka.get(), 100));
        if (!message) continue;
        if (message->err == RD_KAFKA_RESP_ERR__PARTITION_EOF) continue;
        if (message->err != RD_KAFKA_RESP_ERR_NO_ERROR) {
            kafka_error("reading topic '" + topic_name + "'", rd_kafka_message_errstr(message.get()), bootstrap_servers);
        }
        rd_kafka_timestamp_type_t type;
        PrintedRecord record{message->partition, message->offset, rd_kafka_message_timestamp(message.get(), &type),
                             text_of(message->key, message->key_len), text_of(message->payload, message->len)};
        if (!on_record(record)) return;
    }
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
