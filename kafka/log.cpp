#include "kafka/log.h"

#include <librdkafka/rdkafka.h>

#include <algorithm>
#include <chrono>
#include <cstring>

#include "common/diagnostic.h"

namespace connql::kafka {

namespace {

using Clock = std::chrono::steady_clock;

[[noreturn]] void fail(const LogOptions& options, const std::string& doing, const std::string& detail) {
    throw Error(ErrorKind::Runtime, doing + " on topic '" + options.topic + "' failed: " + detail, {},
                "check the brokers at " + options.bootstrap_servers +
                    " (bootstrap_servers of the cluster, --bootstrap-servers, or CONNQL_BOOTSTRAP_SERVERS)");
}

struct KafkaDeleter {
    void operator()(rd_kafka_t* kafka) const { rd_kafka_destroy(kafka); }
};
using Kafka = std::unique_ptr<rd_kafka_t, KafkaDeleter>;

Kafka make_client(const LogOptions& options, rd_kafka_type_t type,
                  const std::vector<std::pair<const char*, std::string>>& settings,
                  void (*delivered)(rd_kafka_t*, const rd_kafka_message_t*, void*) = nullptr) {
    if (options.bootstrap_servers.empty()) {
        throw Error(ErrorKind::Usage, "no Kafka brokers are configured for the topic '" + options.topic + "'", {},
                    "give --bootstrap-servers, set CONNQL_BOOTSTRAP_SERVERS, or the cluster's bootstrap_servers");
    }
    rd_kafka_conf_t* conf = rd_kafka_conf_new();
    char error[512];
    auto set = [&](const char* key, const std::string& value) {
        if (rd_kafka_conf_set(conf, key, value.c_str(), error, sizeof error) != RD_KAFKA_CONF_OK) {
            rd_kafka_conf_destroy(conf);
            fail(options, "configuring the Kafka client", error);
        }
    };
    set("bootstrap.servers", options.bootstrap_servers);
    set("log_level", "0");
    for (const auto& [key, value] : settings) set(key, value);
    if (delivered != nullptr) rd_kafka_conf_set_dr_msg_cb(conf, delivered);
    rd_kafka_t* kafka = rd_kafka_new(type, conf, error, sizeof error);
    if (kafka == nullptr) {
        rd_kafka_conf_destroy(conf);
        fail(options, "creating the Kafka client", error);
    }
    return Kafka(kafka);
}

// The delivery report of the one record in flight: its offset, or its error.
struct Delivery {
    bool done = false;
    rd_kafka_resp_err_t error = RD_KAFKA_RESP_ERR_NO_ERROR;
    long long offset = -1;
};

void on_delivery(rd_kafka_t*, const rd_kafka_message_t* message, void*) {
    auto* delivery = static_cast<Delivery*>(message->_private);
    delivery->done = true;
    delivery->error = message->err;
    delivery->offset = message->offset;
}

}  // namespace

struct TopicLog::Clients {
    Kafka producer;
    Kafka consumer;
    // What was read so far: a log's records never change, so the next read fetches
    // only what came after them (a migrator checks its lock before every statement;
    // reading the whole history each time made applying 1,000 versions quadratic).
    // Records that compaction removed since stay here: the state folded from a log
    // must not depend on compaction, so a reader may see them or not.
    std::vector<LogRecord> cached;
    int64_t cached_end = 0;  // the offset after the last cached record's
};

TopicLog::TopicLog(LogOptions options) : options_(std::move(options)), clients_(std::make_unique<Clients>()) {}

TopicLog::~TopicLog() = default;

bool TopicLog::ensure_exists() {
    if (!clients_->producer) {
        clients_->producer = make_client(options_, RD_KAFKA_PRODUCER,
                                         {{"enable.idempotence", "true"}, {"acks", "all"}, {"linger.ms", "0"}},
                                         on_delivery);
    }
    rd_kafka_t* kafka = clients_->producer.get();
    const int timeout = static_cast<int>(options_.timeout_ms);
    // Does it exist, and with how many partitions?
    rd_kafka_topic_t* handle = rd_kafka_topic_new(kafka, options_.topic.c_str(), nullptr);
    const rd_kafka_metadata_t* metadata = nullptr;
    rd_kafka_resp_err_t err = rd_kafka_metadata(kafka, 0, handle, &metadata, timeout);
    rd_kafka_topic_destroy(handle);
    if (err != RD_KAFKA_RESP_ERR_NO_ERROR) fail(options_, "reading the metadata", rd_kafka_err2str(err));
    bool exists = metadata->topic_cnt == 1 && metadata->topics[0].err == RD_KAFKA_RESP_ERR_NO_ERROR;
    int partitions = exists ? metadata->topics[0].partition_cnt : 0;
    rd_kafka_metadata_destroy(metadata);
    if (exists) {
        if (partitions != 1) {
            fail(options_, "checking the topic",
                 "it has " + std::to_string(partitions) + " partitions; a history needs exactly one, for one order");
        }
        return false;
    }

    char error[512];
    rd_kafka_NewTopic_t* topic =
        rd_kafka_NewTopic_new(options_.topic.c_str(), 1, options_.replication_factor, error, sizeof error);
    if (topic == nullptr) fail(options_, "creating the topic", error);
    rd_kafka_NewTopic_set_config(topic, "cleanup.policy", "compact");
    rd_kafka_NewTopic_set_config(topic, "min.insync.replicas", "1");
    rd_kafka_queue_t* queue = rd_kafka_queue_new(kafka);
    rd_kafka_AdminOptions_t* admin = rd_kafka_AdminOptions_new(kafka, RD_KAFKA_ADMIN_OP_CREATETOPICS);
    rd_kafka_AdminOptions_set_operation_timeout(admin, timeout, error, sizeof error);
    rd_kafka_CreateTopics(kafka, &topic, 1, admin, queue);
    rd_kafka_event_t* event = rd_kafka_queue_poll(queue, timeout + 1000);
    std::string problem;
    if (event == nullptr) {
        problem = "no answer within " + std::to_string(options_.timeout_ms) + " ms";
    } else if (rd_kafka_event_error(event) != RD_KAFKA_RESP_ERR_NO_ERROR) {
        problem = rd_kafka_event_error_string(event);
    } else {
        size_t count = 0;
        const rd_kafka_topic_result_t** results =
            rd_kafka_CreateTopics_result_topics(rd_kafka_event_CreateTopics_result(event), &count);
        // Another migrator may have created it a moment before: that is as good.
        if (count == 1 && rd_kafka_topic_result_error(results[0]) != RD_KAFKA_RESP_ERR_NO_ERROR &&
            rd_kafka_topic_result_error(results[0]) != RD_KAFKA_RESP_ERR_TOPIC_ALREADY_EXISTS) {
            problem = rd_kafka_topic_result_error_string(results[0]);
        }
    }
    if (event != nullptr) rd_kafka_event_destroy(event);
    rd_kafka_AdminOptions_destroy(admin);
    rd_kafka_queue_destroy(queue);
    rd_kafka_NewTopic_destroy(topic);
    if (!problem.empty()) fail(options_, "creating the topic", problem);
    return true;
}

long long TopicLog::append(const std::string& key, const std::string& value) {
    if (!clients_->producer) ensure_exists();
    rd_kafka_t* kafka = clients_->producer.get();
    Delivery delivery;
    rd_kafka_resp_err_t err = rd_kafka_producev(
        kafka, RD_KAFKA_V_TOPIC(options_.topic.c_str()), RD_KAFKA_V_PARTITION(0),
        RD_KAFKA_V_KEY(const_cast<char*>(key.data()), key.size()),
        RD_KAFKA_V_VALUE(const_cast<char*>(value.data()), value.size()), RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY),
        RD_KAFKA_V_OPAQUE(&delivery), RD_KAFKA_V_END);
    if (err != RD_KAFKA_RESP_ERR_NO_ERROR) fail(options_, "writing a record", rd_kafka_err2str(err));
    const auto deadline = Clock::now() + std::chrono::milliseconds(options_.timeout_ms);
    while (!delivery.done && Clock::now() < deadline) rd_kafka_poll(kafka, 50);
    if (!delivery.done) {
        // It may still be written: the caller must treat the outcome as unknown.
        rd_kafka_purge(kafka, RD_KAFKA_PURGE_F_QUEUE | RD_KAFKA_PURGE_F_INFLIGHT);
        while (!delivery.done) rd_kafka_poll(kafka, 50);  // the purge reports it at once
        Error error(ErrorKind::Runtime, "writing a record on topic '" + options_.topic + "' timed out", {},
                    "check the brokers at " + options_.bootstrap_servers);
        error.diagnostic().flags.may_have_been_applied = true;
        throw error;
    }
    if (delivery.error != RD_KAFKA_RESP_ERR_NO_ERROR) fail(options_, "writing a record", rd_kafka_err2str(delivery.error));
    return delivery.offset;
}

std::vector<LogRecord> TopicLog::read_all() {
    if (!clients_->consumer) {
        clients_->consumer = make_client(options_, RD_KAFKA_CONSUMER,
                                         {{"group.id", "connql-log-reader"},  // assigned, never committed
                                          {"enable.auto.commit", "false"},
                                          {"enable.partition.eof", "true"},
                                          {"isolation.level", "read_committed"},
                                          // A read at the end of the log leaves a fetch waiting for
                                          // new records; the next read waited for it (500 ms by
                                          // default) before it could fetch from the start again.
                                          {"fetch.wait.max.ms", "1"},
                                          // Below: if the start moved since it was asked, start again
                                          // from the new start rather than from the end.
                                          {"auto.offset.reset", "earliest"}});
    }
    rd_kafka_t* kafka = clients_->consumer.get();
    const int timeout = static_cast<int>(options_.timeout_ms);
    int64_t low = 0, high = 0;
    rd_kafka_resp_err_t err = rd_kafka_query_watermark_offsets(kafka, options_.topic.c_str(), 0, &low, &high, timeout);
    if (err != RD_KAFKA_RESP_ERR_NO_ERROR) fail(options_, "reading the end of the log", rd_kafka_err2str(err));
    std::vector<LogRecord>& records = clients_->cached;
    if (high < clients_->cached_end || low > clients_->cached_end) {
        // The topic was made anew (its end went back), or it lost records never read:
        // read it from its start.
        records.clear();
        clients_->cached_end = 0;
    }
    const int64_t from = std::max(low, clients_->cached_end);
    if (high <= from) return records;
    rd_kafka_topic_partition_list_t* partitions = rd_kafka_topic_partition_list_new(1);
    // From an offset, not OFFSET_BEGINNING: a logical offset first asks the broker where the
    // log begins, and a fresh consumer that does not know the partition's leader yet
    // retried that after 500 ms.
    rd_kafka_topic_partition_list_add(partitions, options_.topic.c_str(), 0)->offset = from;
    err = rd_kafka_assign(kafka, partitions);
    rd_kafka_topic_partition_list_destroy(partitions);
    if (err != RD_KAFKA_RESP_ERR_NO_ERROR) fail(options_, "reading the log", rd_kafka_err2str(err));
    const auto deadline = Clock::now() + std::chrono::milliseconds(options_.timeout_ms);
    // Compaction may have removed records below `high`: the end is reached at the
    // partition's EOF, or at the last offset before `high`.
    const size_t cached_before = records.size();
    bool complete = false;
    while (!complete && Clock::now() < deadline) {
        rd_kafka_message_t* message = rd_kafka_consumer_poll(kafka, 100);
        if (message == nullptr) continue;
        if (message->err == RD_KAFKA_RESP_ERR__PARTITION_EOF) {
            complete = message->offset >= high;
            rd_kafka_message_destroy(message);
            continue;
        }
        if (message->err != RD_KAFKA_RESP_ERR_NO_ERROR) {
            std::string detail = rd_kafka_message_errstr(message);
            rd_kafka_message_destroy(message);
            records.resize(cached_before);
            fail(options_, "reading the log", detail);
        }
        rd_kafka_timestamp_type_t type;
        LogRecord record{message->offset,
                         message->key ? std::string(static_cast<const char*>(message->key), message->key_len) : "",
                         message->payload ? std::string(static_cast<const char*>(message->payload), message->len) : "",
                         rd_kafka_message_timestamp(message, &type)};
        complete = message->offset + 1 >= high;
        rd_kafka_message_destroy(message);
        if (record.offset >= from && record.offset < high) records.push_back(std::move(record));
    }
    rd_kafka_assign(kafka, nullptr);
    if (!complete) {
        records.resize(cached_before);
        fail(options_, "reading the log", "it did not end within the timeout");
    }
    clients_->cached_end = high;
    return records;
}

}  // namespace connql::kafka
