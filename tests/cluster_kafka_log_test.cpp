// kafka/log.h against the real broker of the local cluster: the ordered log that
// the migration history is built on.
#include <future>
#include <set>

#include "cluster_fixture.h"
#include "common/diagnostic.h"
#include "kafka/log.h"

namespace connql::testing {
namespace {

kafka::LogOptions log_options(const std::string& topic) {
    kafka::LogOptions options;
    options.bootstrap_servers = env_or_fail("BOOTSTRAP_SERVERS");
    options.topic = topic;
    options.timeout_ms = 15000;
    return options;
}

TEST_F(Cluster, KafkaLogCreatesACompactedSinglePartitionTopicOnce) {
    std::string topic = unique("_connql_log");
    kafka::TopicLog log(log_options(topic));
    EXPECT_TRUE(log.ensure_exists());
    EXPECT_FALSE(log.ensure_exists());
    kafka::TopicLog other(log_options(topic));
    EXPECT_FALSE(other.ensure_exists());  // another migrator finds it there
    Result topics = run_command("CONNQL_BOOTSTRAP_SERVERS=" + env_or_fail("BOOTSTRAP_SERVERS") + " " + CONNQL_BINARY +
                                    " run --output json --connect-url http://127.0.0.1:1 -",
                                "SHOW TOPICS;");
    nlohmann::json listed = entities_of(topics);
    bool found = false;
    for (const auto& t : listed[0]["topics"]) {
        if (t["name"] == topic) found = t["replicaInfo"].size() == 1;  // one partition
    }
    EXPECT_TRUE(found) << topics.out;
}

TEST_F(Cluster, KafkaLogAppendsInOrderAndReadsToTheEnd) {
    std::string topic = unique("_connql_log");
    kafka::TopicLog log(log_options(topic));
    log.ensure_exists();
    EXPECT_TRUE(log.read_all().empty());  // an empty log reads as nothing
    long long a = log.append("v1", "{\"n\":1}");
    long long b = log.append("v2", "{\"n\":2}");
    long long c = log.append("v1", "{\"n\":3}");
    EXPECT_LT(a, b);
    EXPECT_LT(b, c);
    std::vector<kafka::LogRecord> records = log.read_all();
    ASSERT_EQ(records.size(), 3u);
    EXPECT_EQ(records[0].offset, a);
    EXPECT_EQ(records[0].key, "v1");
    EXPECT_EQ(records[2].value, "{\"n\":3}");
    // Another reader (another CI job) sees the same records, in the same order.
    kafka::TopicLog reader(log_options(topic));
    std::vector<kafka::LogRecord> again = reader.read_all();
    ASSERT_EQ(again.size(), 3u);
    for (size_t i = 0; i < 3; ++i) EXPECT_EQ(again[i].offset, records[i].offset);
    // A read sees what was appended before it began.
    long long d = reader.append("v3", "{}");
    // ... and a reader that read before gets the earlier records once, then the new one
    // (it fetches only what came after its last read).
    std::vector<kafka::LogRecord> grown = log.read_all();
    ASSERT_EQ(grown.size(), 4u);
    EXPECT_EQ(grown[0].offset, a);
    EXPECT_EQ(grown[2].offset, c);
    EXPECT_EQ(grown.back().offset, d);
}

TEST_F(Cluster, KafkaLogConcurrentWritersGetOneTotalOrder) {
    std::string topic = unique("_connql_log");
    kafka::TopicLog(log_options(topic)).ensure_exists();
    std::vector<std::future<std::vector<long long>>> writers;
    for (int w = 0; w < 4; ++w) {
        writers.push_back(std::async(std::launch::async, [&, w] {
            kafka::TopicLog log(log_options(topic));
            std::vector<long long> offsets;
            for (int i = 0; i < 10; ++i) offsets.push_back(log.append("w" + std::to_string(w), std::to_string(i)));
            return offsets;
        }));
    }
    std::set<long long> all;
    for (auto& writer : writers) {
        std::vector<long long> offsets = writer.get();
        EXPECT_TRUE(std::is_sorted(offsets.begin(), offsets.end()));
        all.insert(offsets.begin(), offsets.end());
    }
    EXPECT_EQ(all.size(), 40u);  // no two records share an offset
    std::vector<kafka::LogRecord> records = kafka::TopicLog(log_options(topic)).read_all();
    ASSERT_EQ(records.size(), 40u);
    for (size_t i = 0; i < records.size(); ++i) EXPECT_EQ(all.count(records[i].offset), 1u);
}

TEST_F(Cluster, KafkaLogNoBrokersIsAClearError) {
    kafka::LogOptions options = log_options("_connql_x");
    options.bootstrap_servers = "";
    kafka::TopicLog log(options);
    try {
        log.ensure_exists();
        ADD_FAILURE() << "expected an error";
    } catch (const Error& error) {
        EXPECT_NE(error.diagnostic().message.find("no Kafka brokers are configured"), std::string::npos);
    }
}

}  // namespace
}  // namespace connql::testing
