// Every example in examples/ compiles, to the config a Connect user would write by hand.
#include <filesystem>

#include "engine/prepare.h"
#include "engine/session.h"
#include "helpers.h"

namespace connql::testing {
namespace {

namespace fs = std::filesystem;

std::vector<CompiledConnector> compile_example(const std::string& name, Dialect dialect = Dialect::Connql) {
    std::string path = std::string(CONNQL_SOURCE_DIR) + "/examples/" + name;
    SessionOptions options;
    options.dialect = dialect;
    options.defines = {"pg_host=127.0.0.1", "pg_port=5432"};  // what the Debezium example takes from --define
    Session session = Session::open(options);
    PrepareOptions prepare_options;
    prepare_options.require_cluster = false;
    PreparedScript script = prepare({{path, read_file(path)}}, session, prepare_options);
    std::vector<CompiledConnector> out;
    for (const PreparedStatement& statement : script.statements) {
        if (statement.compiled) out.push_back(*statement.compiled);
    }
    return out;
}

TEST(Examples, EveryExampleCompiles) {
    int count = 0;
    for (const auto& entry : fs::directory_iterator(std::string(CONNQL_SOURCE_DIR) + "/examples")) {
        if (entry.path().extension() != ".sql") continue;
        Dialect dialect = entry.path().filename() == "ksqldb-style.sql" ? Dialect::Ksqldb : Dialect::Connql;
        std::vector<CompiledConnector> compiled;
        EXPECT_NO_THROW(compiled = compile_example(entry.path().filename().string(), dialect)) << entry.path();
        EXPECT_FALSE(compiled.empty()) << entry.path();
        ++count;
    }
    EXPECT_GE(count, 7);
}

TEST(Examples, DebeziumPostgresCdc) {
    auto c = compile_example("debezium-postgres-cdc.sql").at(0);
    EXPECT_EQ(c.name, "source-debezium-orders-01");
    EXPECT_EQ(value_of(c.config, "connector.class"), "io.debezium.connector.postgresql.PostgresConnector");
    EXPECT_EQ(value_of(c.config, "database.hostname"), "127.0.0.1");
    EXPECT_EQ(value_of(c.config, "database.port"), "5432");
    EXPECT_EQ(value_of(c.config, "database.password"), "${env:PG_PASSWORD}");
    EXPECT_EQ(value_of(c.config, "transforms"), "unwrap,route");
    EXPECT_EQ(value_of(c.config, "transforms.unwrap.type"), "io.debezium.transforms.ExtractNewRecordState");
    EXPECT_EQ(value_of(c.config, "transforms.unwrap.drop.tombstones"), "false");
    EXPECT_EQ(value_of(c.config, "transforms.route.type"), "org.apache.kafka.connect.transforms.RegexRouter");
    EXPECT_EQ(value_of(c.config, "transforms.route.regex"), "([^.]+)\\.([^.]+)\\.([^.]+)");
    EXPECT_EQ(value_of(c.config, "transforms.route.replacement"), "cdc.$3");
    EXPECT_EQ(value_of(c.config, "errors.tolerance"), "none");
    EXPECT_EQ(value_of(c.config, "errors.retry.timeout"), "300000");
}

TEST(Examples, JdbcSourceKeyed) {
    auto c = compile_example("jdbc-source-keyed.sql").at(0);
    EXPECT_EQ(value_of(c.config, "connector.class"), "io.confluent.connect.jdbc.JdbcSourceConnector");
    EXPECT_EQ(value_of(c.config, "transforms"), "copyIdToKey,extractId");
    EXPECT_EQ(value_of(c.config, "transforms.copyIdToKey.type"), "org.apache.kafka.connect.transforms.ValueToKey");
    EXPECT_EQ(value_of(c.config, "transforms.copyIdToKey.fields"), "id");
    EXPECT_EQ(value_of(c.config, "transforms.extractId.type"), "org.apache.kafka.connect.transforms.ExtractField$Key");
    EXPECT_EQ(value_of(c.config, "value.converter.schemas.enable"), "true");
}

TEST(Examples, S3SinkWithDeadLetterQueue) {
    auto c = compile_example("s3-sink-dlq.sql").at(0);
    EXPECT_EQ(c.kind, ast::ConnectorKind::Sink);
    EXPECT_EQ(value_of(c.config, "connector.class"), "io.confluent.connect.s3.S3SinkConnector");
    EXPECT_EQ(value_of(c.config, "path.format"), "'year'=YYYY/'month'=MM/'day'=dd");
    EXPECT_EQ(value_of(c.config, "errors.tolerance"), "all");
    EXPECT_EQ(value_of(c.config, "errors.deadletterqueue.topic.name"), "dlq-s3-orders-archive");
    EXPECT_EQ(value_of(c.config, "errors.deadletterqueue.context.headers.enable"), "true");
    EXPECT_EQ(value_of(c.config, "errors.deadletterqueue.topic.replication.factor"), "3");
    EXPECT_EQ(value_of(c.config, "errors.log.include.messages"), "true");
    EXPECT_EQ(value_of(c.config, "errors.retry.delay.max.ms"), "60000");
}

TEST(Examples, ElasticsearchSink) {
    auto c = compile_example("elasticsearch-sink.sql").at(0);
    EXPECT_EQ(value_of(c.config, "connector.class"), "io.confluent.connect.elasticsearch.ElasticsearchSinkConnector");
    EXPECT_EQ(value_of(c.config, "topics.regex"), "cdc\\..*");
    EXPECT_EQ(value_of(c.config, "transforms.stamp.type"), "org.apache.kafka.connect.transforms.InsertField$Value");
    EXPECT_EQ(value_of(c.config, "transforms.stamp.predicate"), "stamp_is_tombstone");
    EXPECT_EQ(value_of(c.config, "transforms.stamp.negate"), "true");
    EXPECT_EQ(value_of(c.config, "errors.log.enable"), "true");
}

TEST(Examples, DatagenOrdersWithTwoCasts) {
    auto c = compile_example("datagen-orders.sql").at(0);
    EXPECT_EQ(value_of(c.config, "connector.class"), "io.confluent.kafka.connect.datagen.DatagenConnector");
    EXPECT_EQ(value_of(c.config, "quickstart"), "orders");
    EXPECT_EQ(value_of(c.config, "transforms"), "castOrderId,castUnits");
    EXPECT_EQ(value_of(c.config, "transforms.castOrderId.type"), "org.apache.kafka.connect.transforms.Cast$Value");
    EXPECT_EQ(value_of(c.config, "transforms.castOrderId.spec"), "orderid:string");
    EXPECT_EQ(value_of(c.config, "transforms.castUnits.type"), "org.apache.kafka.connect.transforms.Cast$Value");
    EXPECT_EQ(value_of(c.config, "transforms.castUnits.spec"), "orderunits:int32");
}

TEST(Examples, FileStreamSourceAndSink) {
    auto c = compile_example("filestream.sql");
    ASSERT_EQ(c.size(), 2u);
    EXPECT_EQ(value_of(c[0].config, "connector.class"), "org.apache.kafka.connect.file.FileStreamSourceConnector");
    EXPECT_EQ(value_of(c[0].config, "file"), "/tmp/lines-in.txt");
    EXPECT_EQ(value_of(c[1].config, "connector.class"), "org.apache.kafka.connect.file.FileStreamSinkConnector");
    EXPECT_EQ(value_of(c[1].config, "topics"), "lines");
}

TEST(Examples, KsqldbStyleMeansWhatItMeantInKsqldb) {
    auto c = compile_example("ksqldb-style.sql", Dialect::Ksqldb);
    ASSERT_EQ(c.size(), 2u);
    EXPECT_EQ(c[0].name, "JDBC_SOURCE");
    EXPECT_EQ(value_of(c[0].config, "name"), "JDBC_SOURCE");
    EXPECT_EQ(value_of(c[0].config, "topic.prefix"), "jdbc-");
    EXPECT_EQ(value_of(c[0].config, "tasks.max"), "1");
    EXPECT_EQ(c[1].name, "file-sink");
}

}  // namespace
}  // namespace connql::testing
