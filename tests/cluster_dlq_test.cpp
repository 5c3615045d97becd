// SHOW ERRORS FOR CONNECTOR against the real cluster: a sink that expects JSON with
// schemas is given plain text, Connect sends every record to the dead letter topic,
// and connql reads them back with librdkafka.
#include "cluster_fixture.h"

namespace connql::testing {
namespace {

class DeadLetters : public Cluster {
protected:
    // A source writing `lines` as plain text to `topic`.
    static void produce_text(const std::string& topic, const std::string& lines) {
        std::string name = unique("dlq-src");
        std::ofstream("/tmp/" + name + ".txt") << lines;
        ASSERT_EQ(connql(source(name, topic)).exit_code, 0);
        sources_.push_back(name);
    }

    // A FileStreamSink of `topic` whose value converter expects JSON with schemas,
    // so that plain text fails in VALUE_CONVERTER; `on_error` is its ON ERROR action.
    static std::string failing_sink(const std::string& topic, const std::string& on_error) {
        std::string name = unique("dlq-snk");
        Result r = connql("CREATE SINK CONNECTOR `" + name + "` USING 'FileStreamSink' WITH (topics = '" + topic +
                          "', file = '/tmp/" + name + ".out') FORMAT KEY STRING VALUE JSON WITH SCHEMAS ON ERROR " +
                          on_error + ";");
        EXPECT_EQ(r.exit_code, 0) << r.out;
        return name;
    }

    // SHOW ERRORS ... FROM BEGINNING until it has `count` records (the sink's consumer
    // group takes a few seconds to start), at most 90 s.
    static nlohmann::json errors_eventually(const std::string& connector, size_t count) {
        nlohmann::json e;
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(90);
        while (std::chrono::steady_clock::now() < deadline) {
            Result r = connql("SHOW ERRORS FOR CONNECTOR `" + connector + "` FROM BEGINNING;", "--output json");
            // The topic appears when the sink's task starts: until then the statement fails.
            if (r.exit_code == 0) {
                e = entities_of(r);
                if (!e.empty() && e[0]["records"].size() >= count) return e;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(500));
        }
        ADD_FAILURE() << "never " << count << " records in the dead letter topic of " << connector << ": " << e.dump(2);
        return e;
    }

    void TearDown() override {
        for (const std::string& name : sources_) drop("`" + name + "`");
        sources_.clear();
    }

    static inline std::vector<std::string> sources_;
};

TEST_F(DeadLetters, ContextHeadersSayWhereAndWhyEachRecordFailed) {
    std::string topic = unique("dlq-in");
    produce_text(topic, "hello\nnot json at all\npostgres://app:s3cret@db:5432/orders\n");
    std::string dlq = unique("dlq-out");
    std::string sink = failing_sink(topic, "SEND TO DEAD LETTER TOPIC '" + dlq + "' WITH CONTEXT HEADERS REPLICATION FACTOR 1");

    nlohmann::json e = errors_eventually(sink, 3);
    ASSERT_EQ(e.size(), 1u);
    EXPECT_EQ(e[0]["@type"], "connector_errors");
    EXPECT_EQ(e[0]["connector"], sink);
    EXPECT_EQ(e[0]["topic"], dlq);
    EXPECT_EQ(e[0]["fromBeginning"], true);
    const nlohmann::json& records = e[0]["records"];
    ASSERT_EQ(records.size(), 3u) << e.dump(2);
    for (size_t i = 0; i < 3; ++i) {
        const nlohmann::json& context = records[i]["context"];
        EXPECT_EQ(records[i]["hasContext"], true) << records[i].dump(2);
        EXPECT_EQ(context["topic"], topic);
        EXPECT_EQ(context["partition"], "0");
        EXPECT_EQ(context["offset"], std::to_string(i));
        EXPECT_EQ(context["stage"], "VALUE_CONVERTER");
        EXPECT_EQ(context["className"], "org.apache.kafka.connect.json.JsonConverter");
        EXPECT_EQ(context["exceptionClassName"], "org.apache.kafka.connect.errors.DataException");
        EXPECT_FALSE(context["exceptionMessage"].get<std::string>().empty());
        EXPECT_NE(context["stacktrace"].get<std::string>().find("DataException"), std::string::npos);
        EXPECT_GT(records[i]["timestamp"].get<long long>(), 0);
    }
    EXPECT_EQ(records[0]["value"], "hello");
    EXPECT_EQ(records[1]["value"], "not json at all");
    // A credential in a record is masked like everywhere else.
    EXPECT_EQ(records[2]["value"], "postgres://app:***@db:5432/orders");

    // Without FROM BEGINNING: the last n records, and the table.
    Result tail = connql("SHOW ERRORS FOR CONNECTOR `" + sink + "` LIMIT 2;");
    ASSERT_EQ(tail.exit_code, 0) << tail.out;
    EXPECT_EQ(tail.out.find(" " + topic + "/0@0 "), std::string::npos) << tail.out;
    EXPECT_NE(tail.out.find(" " + topic + "/0@1 "), std::string::npos) << tail.out;
    EXPECT_NE(tail.out.find(" " + topic + "/0@2 "), std::string::npos) << tail.out;
    EXPECT_NE(tail.out.find(" VALUE_CONVERTER "), std::string::npos) << tail.out;
    EXPECT_NE(tail.out.find(" JsonConverter "), std::string::npos) << tail.out;
    EXPECT_NE(tail.out.find(" DataException "), std::string::npos) << tail.out;
    EXPECT_NE(tail.out.find(" not json at all "), std::string::npos) << tail.out;
    EXPECT_EQ(tail.out.find("s3cret"), std::string::npos) << tail.out;
    EXPECT_NE(tail.out.find("2 record(s) of dead letter topic '" + dlq + "' of connector " + sink + " (the last 2)"),
              std::string::npos)
        << tail.out;
    drop("`" + sink + "`");
}

TEST_F(DeadLetters, WithoutContextHeadersTheRecordsAreShownAsTheyAre) {
    std::string topic = unique("dlq-in");
    produce_text(topic, "first\nsecond\n");
    std::string dlq = unique("dlq-bare");
    std::string sink = failing_sink(topic, "SEND TO DEAD LETTER TOPIC '" + dlq + "' REPLICATION FACTOR 1");

    nlohmann::json e = errors_eventually(sink, 2);
    ASSERT_EQ(e.size(), 1u);
    const nlohmann::json& records = e[0]["records"];
    ASSERT_EQ(records.size(), 2u) << e.dump(2);
    EXPECT_EQ(records[0]["hasContext"], false);
    EXPECT_FALSE(records[0].contains("context"));
    EXPECT_EQ(records[0]["value"], "first");
    EXPECT_EQ(records[1]["value"], "second");
    EXPECT_EQ(records[1]["offset"], 1);  // in the dead letter topic

    Result text = connql("SHOW ERRORS FOR CONNECTOR `" + sink + "`;");
    ASSERT_EQ(text.exit_code, 0) << text.out;
    EXPECT_NE(text.out.find(" second "), std::string::npos) << text.out;
    EXPECT_NE(text.out.find("2 record(s) have no __connect.errors.* headers"), std::string::npos) << text.out;
    drop("`" + sink + "`");
}

TEST_F(DeadLetters, ConnectorWithoutDeadLetterTopicOrUnknown) {
    std::string topic = unique("dlq-in");
    std::string sink = failing_sink(topic, "SKIP");
    Result none = connql("SHOW ERRORS FOR CONNECTOR `" + sink + "`;");
    EXPECT_EQ(none.exit_code, 1) << none.out;
    EXPECT_NE(none.out.find("connector '" + sink + "' has no dead letter topic"), std::string::npos) << none.out;
    EXPECT_NE(none.out.find("errors.deadletterqueue.topic.name"), std::string::npos) << none.out;
    drop("`" + sink + "`");

    std::string missing = unique("missing");
    Result unknown = connql("SHOW ERRORS FOR CONNECTOR `" + missing + "`;", "--output json");
    EXPECT_EQ(unknown.exit_code, 1) << unknown.out;
    EXPECT_NE(unknown.out.find("reading the config of connector '" + missing + "'"), std::string::npos) << unknown.out;
    EXPECT_NE(unknown.out.find("40400"), std::string::npos) << unknown.out;  // Connect's 404, as ksqlDB codes it
}

}  // namespace
}  // namespace connql::testing
