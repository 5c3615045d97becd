// SHOW CREATE CONNECTOR's decompiler: compiling what it writes gives back the
// original config, for a generated corpus covering every transform and predicate
// alias, hostile values and configs that cannot be lifted into clauses.
#include <random>
#include <set>

#include "compiler/decompile.h"
#include "helpers.h"

namespace connql::testing {
namespace {

Config recompile(const std::string& statement) {
    ParseState state;
    return compile_create(std::get<ast::CreateConnector>(parse_statement(statement, state).node), {}).config;
}

void expect_round_trip(const std::string& name, ast::ConnectorKind kind, const Config& config) {
    Decompiled out = decompile(name, kind, config);
    Config expected = config;
    expected.set("name", name);
    EXPECT_EQ(recompile(out.statement), expected) << out.statement;
}

TEST(Decompile, LiftsEveryKindOfClause) {
    Config config = compile(
        "CREATE SINK CONNECTOR `orders-sink` USING 'FileStreamSink'\n"
        "  WITH (topics = 'orders', file = '/tmp/o.txt')\n"
        "  FORMAT KEY STRING VALUE JSON\n"
        "  TRANSFORM castId USING 'Cast$Value' WITH (spec = 'id:int32') WHEN NOT isOrders\n"
        "  TRANSFORM dropTombs USING 'Filter' WHEN TOMBSTONE\n"
        "  PREDICATE isOrders USING 'TopicNameMatches' WITH (pattern = 'orders')\n"
        "  ON ERROR SEND TO DEAD LETTER TOPIC 'dlq' WITH CONTEXT HEADERS REPLICATION FACTOR 1 AND LOG MESSAGES\n"
        "  RETRY ERRORS FOR '10m' MAX DELAY '30s';")
                        .config;
    Decompiled out = decompile("orders-sink", ast::ConnectorKind::Sink, config);
    EXPECT_EQ(out.statement,
              "CREATE SINK CONNECTOR `orders-sink`\n"
              "  USING 'FileStreamSink'\n"
              "  WITH (\n"
              "    'topics' = 'orders',\n"
              "    'file' = '/tmp/o.txt'\n"
              "  )\n"
              "  FORMAT KEY STRING VALUE JSON\n"
              "  TRANSFORM castId USING 'Cast$Value' WITH ('spec' = 'id:int32') WHEN NOT isOrders\n"
              "  TRANSFORM dropTombs USING 'Filter' WHEN TOMBSTONE\n"
              "  PREDICATE isOrders USING 'TopicNameMatches' WITH ('pattern' = 'orders')\n"
              "  ON ERROR SEND TO DEAD LETTER TOPIC 'dlq' WITH CONTEXT HEADERS REPLICATION FACTOR 1 AND LOG MESSAGES\n"
              "  RETRY ERRORS FOR '10m' MAX DELAY '30s';");
    EXPECT_EQ(out.lifted, (std::vector<std::string>{"USING", "FORMAT", "TRANSFORM", "WHEN", "PREDICATE", "ON ERROR",
                                                    "RETRY ERRORS"}));
    expect_round_trip("orders-sink", ast::ConnectorKind::Sink, config);
}

TEST(Decompile, RawConfigFromConnect) {
    // As GET /connectors/{name}/config returns it, written by hand, not by connql.
    Config config = Config::from_json(nlohmann::json::parse(R"json({
        "connector.class": "io.debezium.connector.postgresql.PostgresConnector",
        "database.hostname": "pg", "database.password": "${file:/secrets:pw}",
        "transforms": "unwrap, route",
        "transforms.unwrap.type": "io.debezium.transforms.ExtractNewRecordState",
        "transforms.route.type": "org.apache.kafka.connect.transforms.RegexRouter",
        "transforms.route.regex": "([^.]+)\\.([^.]+)\\.([^.]+)", "transforms.route.replacement": "$3",
        "errors.tolerance": "all", "errors.retry.timeout": "030", "name": "pg-cdc"})json"));
    Decompiled out = decompile("pg-cdc", ast::ConnectorKind::Source, config);
    // "unwrap, route" is not how the compiler writes the list: it stays raw, and so does "030".
    EXPECT_NE(out.statement.find("'transforms' = 'unwrap, route'"), std::string::npos) << out.statement;
    EXPECT_NE(out.statement.find("'errors.retry.timeout' = '030'"), std::string::npos) << out.statement;
    EXPECT_NE(out.statement.find("USING 'PostgresConnector'"), std::string::npos) << out.statement;
    EXPECT_NE(out.statement.find("ON ERROR SKIP"), std::string::npos) << out.statement;
    expect_round_trip("pg-cdc", ast::ConnectorKind::Source, config);
}

TEST(Decompile, KeepsSchemaRegistryUrlsRaw) {
    Config config;
    config.set("connector.class", "X");
    config.set("value.converter", "io.confluent.connect.avro.AvroConverter");
    config.set("value.converter.schema.registry.url", "http://sr:8081");
    Decompiled out = decompile("c", ast::ConnectorKind::Sink, config);
    EXPECT_NE(out.statement.find("FORMAT VALUE AVRO"), std::string::npos) << out.statement;
    expect_round_trip("c", ast::ConnectorKind::Sink, config);
}

TEST(Decompile, ClassDecidesTheKind) {
    Config config;
    config.set("connector.class", "org.apache.kafka.connect.file.FileStreamSinkConnector");
    Decompiled out = decompile("c", ast::ConnectorKind::Source, config);
    EXPECT_EQ(out.statement.rfind("CREATE SINK CONNECTOR c", 0), 0u) << out.statement;
}

TEST(Decompile, QuotesNamesThatNeedIt) {
    for (std::string name : {"select", "with", "my-conn", "a b", "back`tick", "1abc", "\xc3\xa9t\xc3\xa9"}) {
        Config config;
        config.set("connector.class", "X");
        expect_round_trip(name, ast::ConnectorKind::Source, config);
    }
}

// ---------------------------------------------------------------- generated corpus

class CorpusGenerator {
public:
    explicit CorpusGenerator(unsigned seed) : random_(seed) {}

    int pick(int n) { return std::uniform_int_distribution<int>(0, n - 1)(random_); }
    bool chance(int percent) { return pick(100) < percent; }
    template <typename T>
    const T& one_of(const std::vector<T>& items) { return items[static_cast<size_t>(pick(static_cast<int>(items.size())))]; }

    std::string value() {
        static const std::vector<std::string> values = {
            "plain", "", "it's", "''", "${topic}", "$${x}", "${env:PASSWORD}", "${file:/s.properties:pw}", "$", "a$b",
            "x${y", "multi\nline", "tab\there", "\xc3\xa9t\xc3\xa9 \xe2\x9c\x93", "-1", "1.50", "true", "null",
            "back`tick", "\"double\"", "a,b", " padded ", "--not a comment", "/* nor this */", "%s;DROP"};
        return one_of(values);
    }

    std::string alias() {
        static const std::vector<std::string> aliases = {"a", "route", "unwrap", "when", "not", "a.b", "x-y",
                                                         "Key", "cast2", "_u", "sel ect", "tick`"};
        return one_of(aliases) + (chance(50) ? std::to_string(pick(5)) : "");
    }

    // Config i covers transform type i mod N and predicate type i mod M, so the
    // corpus names every alias several times.
    Config config(int i, ast::ConnectorKind& kind) {
        Config config;
        kind = chance(50) ? ast::ConnectorKind::Sink : ast::ConnectorKind::Source;
        const auto& aliases = connector_aliases();
        const ConnectorAlias& known = aliases[static_cast<size_t>(i) % aliases.size()];
        switch (pick(4)) {
            case 0: config.set("connector.class", known.class_name); kind = known.kind; break;
            case 1: config.set("connector.class", "com.acme.Connector" + std::to_string(i)); break;
            case 2: config.set("connector.class", "AcmeConnector"); break;
            default: config.set("connector.class", known.alias); kind = known.kind; break;  // an alias as the class
        }
        if (kind == ast::ConnectorKind::Sink) config.set("topics", chance(80) ? "orders" : "a, b");
        for (int k = pick(4); k > 0; --k) config.set("custom." + std::to_string(pick(20)), value());
        if (chance(20)) config.set(value() + "weird key", value());

        std::vector<std::string> transforms;
        const auto transform_types = transform_short_names();
        int count = pick(4) + (i % 3 == 0 ? 1 : 0);
        for (int t = 0; t < count; ++t) {
            std::string a = alias();
            if (std::find(transforms.begin(), transforms.end(), a) != transforms.end()) continue;
            transforms.push_back(a);
            const std::string& type = transform_types[static_cast<size_t>(i + t) % transform_types.size()];
            config.set("transforms." + a + ".type",
                       chance(90) ? expand_transform_type(type).class_name : "com.acme.Smt" + std::to_string(t));
            for (int k = pick(3); k > 0; --k) config.set("transforms." + a + ".prop" + std::to_string(k), value());
        }
        std::vector<std::string> predicates;
        const auto predicate_types = predicate_short_names();
        for (int p = pick(3); p > 0; --p) {
            std::string a = "p" + std::to_string(p);
            predicates.push_back(a);
            std::string type = predicate_types[static_cast<size_t>(i + p) % predicate_types.size()];
            config.set("predicates." + a + ".type", expand_predicate_type(type).class_name);
            if (type == "TopicNameMatches") config.set("predicates." + a + ".pattern", value() + ".*");
            if (type == "HasHeaderKey") config.set("predicates." + a + ".name", value());
        }
        for (const std::string& t : transforms) {
            int use = pick(6);
            if (use == 0 && !predicates.empty()) {
                config.set("transforms." + t + ".predicate", one_of(predicates));
                if (chance(50)) config.set("transforms." + t + ".negate", chance(80) ? "true" : "false");
            } else if (use == 1) {  // the shape an inline WHEN generates
                std::string generated = inline_predicate_alias(t, ast::When::Kind::TopicMatches);
                config.set("transforms." + t + ".predicate", generated);
                config.set("predicates." + generated + ".type", expand_predicate_type("TopicNameMatches").class_name);
                config.set("predicates." + generated + ".pattern", "orders.*");
                predicates.push_back(generated);
            } else if (use == 2) {
                std::string generated = inline_predicate_alias(t, ast::When::Kind::Tombstone);
                config.set("transforms." + t + ".predicate", generated);
                config.set("predicates." + generated + ".type", expand_predicate_type("RecordIsTombstone").class_name);
                predicates.push_back(generated);
            }
        }
        if (!transforms.empty()) config.set("transforms", chance(90) ? join_list(transforms) : join_list(transforms) + ", ");
        if (!predicates.empty()) config.set("predicates", join_list(predicates));

        for (const char* target : {"key", "value", "header"}) {
            if (!chance(40)) continue;
            std::string prefix = std::string(target) + ".converter";
            switch (pick(5)) {
                case 0: config.set(prefix, "org.apache.kafka.connect.storage.StringConverter"); break;
                case 1:
                    config.set(prefix, kJsonConverter);
                    if (chance(80)) config.set(prefix + ".schemas.enable", chance(50) ? "true" : "false");
                    break;
                case 2:
                    config.set(prefix, "io.confluent.connect.avro.AvroConverter");
                    if (chance(80)) config.set(prefix + ".schema.registry.url", "http://sr:8081");
                    break;
                case 3: config.set(prefix, "org.apache.kafka.connect.storage.SimpleHeaderConverter"); break;
                default: config.set(prefix, "org.apache.kafka.connect.converters.ByteArrayConverter"); break;
            }
        }
        if (chance(60)) config.set("errors.tolerance", one_of(std::vector<std::string>{"none", "all", "all", "ALL"}));
        if (chance(40)) config.set("errors.log.enable", chance(80) ? "true" : "false");
        if (chance(30)) config.set("errors.log.include.messages", "true");
        if (chance(40)) config.set("errors.deadletterqueue.topic.name", chance(90) ? "dlq-" + std::to_string(i) : "");
        if (chance(30)) config.set("errors.deadletterqueue.context.headers.enable", chance(80) ? "true" : "TRUE");
        if (chance(30)) config.set("errors.deadletterqueue.topic.replication.factor", one_of(std::vector<std::string>{"1", "3", "03", "-1"}));
        if (chance(40)) config.set("errors.retry.timeout", one_of(std::vector<std::string>{"-1", "0", "600000", "1500", "030", "x"}));
        if (chance(30)) config.set("errors.retry.delay.max.ms", one_of(std::vector<std::string>{"30000", "60000", "1"}));
        if (chance(10)) config.set("name", "c" + std::to_string(i));
        return config;
    }

private:
    std::mt19937 random_;
};

TEST(DecompileCorpus, CompilingTheDecompiledStatementGivesTheOriginalConfig) {
    constexpr int kConfigs = 600;
    CorpusGenerator generator(20261121);
    std::set<std::string> transform_types_lifted, predicate_types_lifted;
    int with_transforms = 0, transforms_lifted = 0, round_trips = 0;
    for (int i = 0; i < kConfigs; ++i) {
        ast::ConnectorKind kind;
        Config config = generator.config(i, kind);
        std::string name = "c" + std::to_string(i);
        Decompiled out = decompile(name, kind, config);
        Config expected = config;
        expected.set("name", name);
        Config back = recompile(out.statement);
        EXPECT_EQ(back, expected) << "config " << i << ":\n" << out.statement;
        round_trips += back == expected;

        if (config.contains("transforms")) ++with_transforms;
        if (std::find(out.lifted.begin(), out.lifted.end(), "TRANSFORM") != out.lifted.end()) ++transforms_lifted;
        for (const std::string& type : transform_short_names()) {
            if (out.statement.find("USING '" + type + "'") != std::string::npos) transform_types_lifted.insert(type);
        }
        for (const std::string& type : predicate_short_names()) {
            if (out.statement.find("USING '" + type + "'") != std::string::npos) predicate_types_lifted.insert(type);
        }
        if (out.statement.find("WHEN TOMBSTONE") != std::string::npos) predicate_types_lifted.insert("inline tombstone");
        if (out.statement.find("WHEN TOPIC MATCHES") != std::string::npos) predicate_types_lifted.insert("inline topic");
    }
    EXPECT_EQ(round_trips, kConfigs);
    // The property must not hold merely because everything stayed raw.
    EXPECT_GT(transforms_lifted, with_transforms / 2) << transforms_lifted << " of " << with_transforms;
    EXPECT_EQ(transform_types_lifted.size(), transform_short_names().size());
    EXPECT_EQ(predicate_types_lifted.size(), predicate_short_names().size() + 2);
}

}  // namespace
}  // namespace connql::testing
