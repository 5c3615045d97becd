// CREATE clauses -> the exact Connect config, and every compile error.
#include "helpers.h"

namespace connql::testing {
namespace {

Config config_of(std::initializer_list<Config::Entry> entries) {
    Config config;
    for (const auto& [key, value] : entries) config.set(key, value);
    return config;
}

TEST(CompileCreate, UsingAliasAndWith) {
    auto c = compile("CREATE SOURCE CONNECTOR src USING 'FileStreamSource' WITH (file = '/tmp/in', topic = 't', "
                     "'tasks.max' = 1);");
    EXPECT_EQ(c.name, "src");
    EXPECT_EQ(c.kind, ast::ConnectorKind::Source);
    EXPECT_EQ(c.config, config_of({{"name", "src"},
                                   {"connector.class", "org.apache.kafka.connect.file.FileStreamSourceConnector"},
                                   {"file", "/tmp/in"},
                                   {"topic", "t"},
                                   {"tasks.max", "1"}}));
    EXPECT_TRUE(c.warnings.empty());
    EXPECT_EQ(c.config.entries().front().first, "name");
}

TEST(CompileCreate, EveryConnectorAliasExpands) {
    for (const ConnectorAlias& alias : connector_aliases()) {
        std::string kind = alias.kind == ast::ConnectorKind::Sink ? "SINK" : "SOURCE";
        auto c = compile("CREATE " + kind + " CONNECTOR c USING '" + alias.alias + "';");
        EXPECT_EQ(value_of(c.config, "connector.class"), alias.class_name) << alias.alias;
    }
}

TEST(CompileCreate, UnknownClassesPassUnchanged) {
    EXPECT_EQ(value_of(compile("CREATE SINK CONNECTOR c USING 'com.acme.MySink';").config, "connector.class"),
              "com.acme.MySink");
    EXPECT_EQ(value_of(compile("CREATE SINK CONNECTOR c USING 'MySinkConnector';").config, "connector.class"),
              "MySinkConnector");
}

TEST(CompileCreate, ConnectorClassInWithMayAgreeWithUsing) {
    auto c = compile("CREATE SOURCE CONNECTOR c USING 'FileStreamSource' WITH ('connector.class' = "
                     "'org.apache.kafka.connect.file.FileStreamSourceConnector');");
    EXPECT_EQ(value_of(c.config, "connector.class"), "org.apache.kafka.connect.file.FileStreamSourceConnector");
    auto d = compile_error("CREATE SOURCE CONNECTOR c USING 'FileStreamSource' WITH ('connector.class' = 'Other');");
    EXPECT_DIAGNOSTIC(d, ErrorKind::Compile, "disagrees with USING", 1, 78);
    ASSERT_EQ(d.notes.size(), 1u);
    EXPECT_EQ(d.notes[0].pos.column, 33);
}

TEST(CompileCreate, Formats) {
    auto c = compile("CREATE SINK CONNECTOR c USING 'X' FORMAT KEY STRING VALUE JSON WITH SCHEMAS HEADER BYTES;");
    EXPECT_EQ(value_of(c.config, "key.converter"), "org.apache.kafka.connect.storage.StringConverter");
    EXPECT_EQ(value_of(c.config, "value.converter"), "org.apache.kafka.connect.json.JsonConverter");
    EXPECT_EQ(value_of(c.config, "value.converter.schemas.enable"), "true");
    EXPECT_EQ(value_of(c.config, "header.converter"), "org.apache.kafka.connect.converters.ByteArrayConverter");
    auto plain = compile("CREATE SINK CONNECTOR c USING 'X' FORMAT VALUE json;");
    EXPECT_EQ(value_of(plain.config, "value.converter.schemas.enable"), "false");
    auto simple = compile("CREATE SINK CONNECTOR c USING 'X' FORMAT HEADER SIMPLE;");
    EXPECT_EQ(value_of(simple.config, "header.converter"), "org.apache.kafka.connect.storage.SimpleHeaderConverter");
}

TEST(CompileCreate, SchemaRegistryFormats) {
    CompileContext context;
    context.schema_registry_url = "http://sr:8081";
    auto c = compile("CREATE SINK CONNECTOR c USING 'X' FORMAT KEY AVRO VALUE PROTOBUF;", Dialect::Connql, context);
    EXPECT_EQ(value_of(c.config, "key.converter"), "io.confluent.connect.avro.AvroConverter");
    EXPECT_EQ(value_of(c.config, "key.converter.schema.registry.url"), "http://sr:8081");
    EXPECT_EQ(value_of(c.config, "value.converter"), "io.confluent.connect.protobuf.ProtobufConverter");
    EXPECT_EQ(value_of(c.config, "value.converter.schema.registry.url"), "http://sr:8081");

    // A registry named in WITH wins and needs no context.
    auto own = compile("CREATE SINK CONNECTOR c USING 'X' WITH ('value.converter.schema.registry.url' = 'http://mine') "
                       "FORMAT VALUE JSON_SR;");
    EXPECT_EQ(value_of(own.config, "value.converter"), "io.confluent.connect.json.JsonSchemaConverter");
    EXPECT_EQ(value_of(own.config, "value.converter.schema.registry.url"), "http://mine");

    auto d = compile_error("CREATE SINK CONNECTOR c USING 'X' FORMAT VALUE AVRO;");
    EXPECT_DIAGNOSTIC(d, ErrorKind::Compile, "FORMAT AVRO needs a schema registry URL", 1, 42);
}

TEST(CompileCreate, FormatErrors) {
    EXPECT_DIAGNOSTIC(compile_error("CREATE SINK CONNECTOR c USING 'X' FORMAT VALUE XML;"), ErrorKind::Compile,
                      "unknown value format 'XML'", 1, 42);
    EXPECT_DIAGNOSTIC(compile_error("CREATE SINK CONNECTOR c USING 'X' FORMAT HEADER AVRO;"), ErrorKind::Compile,
                      "unknown header format 'AVRO'", 1, 42);
    EXPECT_DIAGNOSTIC(compile_error("CREATE SINK CONNECTOR c USING 'X' FORMAT KEY SIMPLE;"), ErrorKind::Compile,
                      "unknown key format 'SIMPLE'", 1, 42);
    EXPECT_DIAGNOSTIC(compile_error("CREATE SINK CONNECTOR c USING 'X' FORMAT VALUE STRING WITH SCHEMAS;"),
                      ErrorKind::Compile, "WITH SCHEMAS applies to JSON only", 1, 42);
}

TEST(CompileCreate, TransformsAndNamedPredicates) {
    auto c = compile(
        "CREATE SINK CONNECTOR c USING 'X'\n"
        "  TRANSFORM castIt USING 'Cast$Value' WITH (spec = 'id:int32') WHEN NOT isFoo\n"
        "  TRANSFORM route USING 'com.acme.Route' WITH ('a.b' = 'c')\n"
        "  PREDICATE isFoo USING 'TopicNameMatches' WITH (pattern = 'foo.*');");
    EXPECT_EQ(c.config, config_of({
                            {"name", "c"},
                            {"connector.class", "X"},
                            {"transforms", "castIt,route"},
                            {"transforms.castIt.type", "org.apache.kafka.connect.transforms.Cast$Value"},
                            {"transforms.castIt.spec", "id:int32"},
                            {"transforms.castIt.predicate", "isFoo"},
                            {"transforms.castIt.negate", "true"},
                            {"transforms.route.type", "com.acme.Route"},
                            {"transforms.route.a.b", "c"},
                            {"predicates", "isFoo"},
                            {"predicates.isFoo.type", "org.apache.kafka.connect.transforms.predicates.TopicNameMatches"},
                            {"predicates.isFoo.pattern", "foo.*"},
                        }));
}

TEST(CompileCreate, EveryTransformShortTypeExpands) {
    for (const std::string& type : transform_short_names()) {
        auto c = compile("CREATE SINK CONNECTOR c USING 'X' TRANSFORM t USING '" + type + "';");
        std::string expanded = value_of(c.config, "transforms.t.type");
        EXPECT_NE(expanded.find("." + type), std::string::npos) << type << " -> " << expanded;
        EXPECT_NE(expanded.find('.'), std::string::npos);
    }
    auto d = compile("CREATE SINK CONNECTOR c USING 'X' TRANSFORM t USING 'ExtractNewRecordState';");
    EXPECT_EQ(value_of(d.config, "transforms.t.type"), "io.debezium.transforms.ExtractNewRecordState");
}

TEST(CompileCreate, InlinePredicatesAreGenerated) {
    auto c = compile(
        "CREATE SINK CONNECTOR c USING 'X'\n"
        "  TRANSFORM dropTombs USING 'Filter' WHEN TOMBSTONE\n"
        "  TRANSFORM onlyOrders USING 'Filter' WHEN NOT TOPIC MATCHES 'orders.*'\n"
        "  TRANSFORM traced USING 'DropHeaders' WITH (headers = 'trace') WHEN HEADER 'trace' EXISTS\n"
        "  PREDICATE explicit USING 'RecordIsTombstone';");
    EXPECT_EQ(value_of(c.config, "predicates"),
              "explicit,dropTombs_is_tombstone,onlyOrders_topic_matches,traced_has_header");
    EXPECT_EQ(value_of(c.config, "transforms.dropTombs.predicate"), "dropTombs_is_tombstone");
    EXPECT_EQ(value_of(c.config, "transforms.dropTombs.negate"), "<unset>");
    EXPECT_EQ(value_of(c.config, "predicates.dropTombs_is_tombstone.type"),
              "org.apache.kafka.connect.transforms.predicates.RecordIsTombstone");
    EXPECT_EQ(value_of(c.config, "transforms.onlyOrders.negate"), "true");
    EXPECT_EQ(value_of(c.config, "predicates.onlyOrders_topic_matches.pattern"), "orders.*");
    EXPECT_EQ(value_of(c.config, "predicates.traced_has_header.type"),
              "org.apache.kafka.connect.transforms.predicates.HasHeaderKey");
    EXPECT_EQ(value_of(c.config, "predicates.traced_has_header.name"), "trace");
}

TEST(CompileCreate, WhenMayReferToARawPredicate) {
    auto c = compile("CREATE SINK CONNECTOR c USING 'X' WITH ('predicates' = 'p', 'predicates.p.type' = "
                     "'org.apache.kafka.connect.transforms.predicates.RecordIsTombstone') "
                     "TRANSFORM t USING 'Filter' WHEN p;");
    EXPECT_EQ(value_of(c.config, "transforms.t.predicate"), "p");
}

TEST(CompileCreate, TransformErrors) {
    auto variant = compile_error("CREATE SINK CONNECTOR c USING 'X' TRANSFORM t USING 'RegexRouter$Value';");
    EXPECT_DIAGNOSTIC(variant, ErrorKind::Compile, "RegexRouter has no $Value variant", 1, 53);
    EXPECT_EQ(variant.hint, "write 'RegexRouter'");
    auto key = compile_error("CREATE SINK CONNECTOR c USING 'X' TRANSFORM t USING 'ValueToKey$Key';");
    EXPECT_DIAGNOSTIC(key, ErrorKind::Compile, "ValueToKey has no $Key variant", 1, 53);
    auto needs = compile_error("CREATE SINK CONNECTOR c USING 'X' TRANSFORM t USING 'Cast';");
    EXPECT_DIAGNOSTIC(needs, ErrorKind::Compile, "'Cast' needs a variant", 1, 53);
    EXPECT_EQ(needs.hint, "write 'Cast$Key' or 'Cast$Value'");
    auto typo = compile_error("CREATE SINK CONNECTOR c USING 'X' TRANSFORM t USING 'RegexRoutr';");
    EXPECT_DIAGNOSTIC(typo, ErrorKind::Compile, "unknown transform type 'RegexRoutr'", 1, 53);
    EXPECT_NE(typo.hint.find("did you mean 'RegexRouter'?"), std::string::npos) << typo.hint;
    auto pred = compile_error("CREATE SINK CONNECTOR c USING 'X' PREDICATE p USING 'RecordIsTombstne';");
    EXPECT_DIAGNOSTIC(pred, ErrorKind::Compile, "unknown predicate type 'RecordIsTombstne'", 1, 53);
    EXPECT_NE(pred.hint.find("RecordIsTombstone"), std::string::npos);

    auto twice = compile_error("CREATE SINK CONNECTOR c USING 'X' TRANSFORM t USING 'Filter'\n TRANSFORM t USING 'Filter';");
    EXPECT_DIAGNOSTIC(twice, ErrorKind::Compile, "transform 't' is declared twice", 2, 12);
    EXPECT_EQ(twice.notes.at(0).pos.column, 45);
    auto ptwice = compile_error("CREATE SINK CONNECTOR c USING 'X' PREDICATE p USING 'RecordIsTombstone' PREDICATE p "
                                "USING 'RecordIsTombstone';");
    EXPECT_DIAGNOSTIC(ptwice, ErrorKind::Compile, "predicate 'p' is declared twice", 1, 83);

    auto unknown = compile_error("CREATE SINK CONNECTOR c USING 'X' TRANSFORM t USING 'Filter' WHEN nope;");
    EXPECT_DIAGNOSTIC(unknown, ErrorKind::Compile, "uses predicate 'nope', which is not declared", 1, 67);

    auto type = compile_error("CREATE SINK CONNECTOR c USING 'X' TRANSFORM t USING 'Filter' WITH (type = 'x');");
    EXPECT_DIAGNOSTIC(type, ErrorKind::Compile, "given by USING", 1, 68);

    auto clash = compile_error("CREATE SINK CONNECTOR c USING 'X' TRANSFORM t USING 'Filter' WHEN TOMBSTONE "
                               "PREDICATE t_is_tombstone USING 'RecordIsTombstone';");
    EXPECT_DIAGNOSTIC(clash, ErrorKind::Compile, "generates predicate 't_is_tombstone'", 1, 62);
    EXPECT_EQ(clash.notes.at(0).pos.column, 87);
}

TEST(CompileCreate, OnError) {
    auto fail = compile("CREATE SINK CONNECTOR c USING 'X' ON ERROR FAIL;");
    EXPECT_EQ(value_of(fail.config, "errors.tolerance"), "none");
    auto skip = compile("CREATE SINK CONNECTOR c USING 'X' ON ERROR SKIP AND LOG;");
    EXPECT_EQ(value_of(skip.config, "errors.tolerance"), "all");
    EXPECT_EQ(value_of(skip.config, "errors.log.enable"), "true");
    EXPECT_EQ(value_of(skip.config, "errors.log.include.messages"), "<unset>");
    auto dlq = compile("CREATE SINK CONNECTOR c USING 'X' WITH (topics = 'in') ON ERROR SEND TO DEAD LETTER TOPIC "
                       "'dlq-c' WITH CONTEXT HEADERS REPLICATION FACTOR 1 AND LOG MESSAGES;");
    EXPECT_EQ(dlq.config, config_of({{"name", "c"},
                                     {"connector.class", "X"},
                                     {"topics", "in"},
                                     {"errors.tolerance", "all"},
                                     {"errors.deadletterqueue.topic.name", "dlq-c"},
                                     {"errors.deadletterqueue.context.headers.enable", "true"},
                                     {"errors.deadletterqueue.topic.replication.factor", "1"},
                                     {"errors.log.enable", "true"},
                                     {"errors.log.include.messages", "true"}}));
}

TEST(CompileCreate, OnErrorRules) {
    auto source = compile_error("CREATE SOURCE CONNECTOR c USING 'X' ON ERROR SEND TO DEAD LETTER TOPIC 'dlq';");
    EXPECT_DIAGNOSTIC(source, ErrorKind::Compile, "a dead letter topic applies to sink connectors only", 1, 37);
    auto input = compile_error("CREATE SINK CONNECTOR c USING 'X' WITH (topics = 'a, dlq') ON ERROR SEND TO DEAD LETTER "
                               "TOPIC 'dlq';");
    EXPECT_DIAGNOSTIC(input, ErrorKind::Compile, "dead letter topic 'dlq' is also an input topic", 1, 95);
    auto empty = compile_error("CREATE SINK CONNECTOR c USING 'X' ON ERROR SEND TO DEAD LETTER TOPIC '';");
    EXPECT_DIAGNOSTIC(empty, ErrorKind::Compile, "cannot be empty", 1, 70);
    // A raw dead letter key on a source is allowed (Connect ignores it) but warned about.
    auto raw = compile("CREATE SOURCE CONNECTOR c USING 'X' WITH ('errors.deadletterqueue.topic.name' = 'd');");
    ASSERT_EQ(raw.warnings.size(), 1u);
    EXPECT_NE(raw.warnings[0].message.find("has no effect on a source connector"), std::string::npos);
}

TEST(CompileCreate, RetryErrors) {
    auto c = compile("CREATE SINK CONNECTOR c USING 'X' RETRY ERRORS FOR '10m' MAX DELAY '30s';");
    EXPECT_EQ(value_of(c.config, "errors.retry.timeout"), "600000");
    EXPECT_EQ(value_of(c.config, "errors.retry.delay.max.ms"), "30000");
    EXPECT_EQ(value_of(compile("CREATE SINK CONNECTOR c USING 'X' RETRY ERRORS FOR 1500;").config, "errors.retry.timeout"),
              "1500");
    EXPECT_EQ(value_of(compile("CREATE SINK CONNECTOR c USING 'X' RETRY ERRORS FOR '2h';").config, "errors.retry.timeout"),
              "7200000");
    EXPECT_EQ(value_of(compile("CREATE SINK CONNECTOR c USING 'X' RETRY ERRORS FOREVER;").config, "errors.retry.timeout"),
              "-1");
    auto bad = compile_error("CREATE SINK CONNECTOR c USING 'X' RETRY ERRORS FOR '10 minutes';");
    EXPECT_DIAGNOSTIC(bad, ErrorKind::Compile, "'10 minutes' is not a duration", 1, 52);
    auto negative = compile_error("CREATE SINK CONNECTOR c USING 'X' RETRY ERRORS FOR 1 MAX DELAY -5;");
    EXPECT_DIAGNOSTIC(negative, ErrorKind::Compile, "'-5' is not a duration for MAX DELAY", 1, 64);
}

TEST(CompileCreate, RawKeysRemainValidAndConflictsNameBoth) {
    auto raw = compile("CREATE SINK CONNECTOR c USING 'X' WITH ('transforms' = 't', 'transforms.t.type' = 'a.B', "
                       "'errors.tolerance' = 'all', 'value.converter' = 'a.C');");
    EXPECT_EQ(value_of(raw.config, "transforms"), "t");
    EXPECT_EQ(value_of(raw.config, "errors.tolerance"), "all");

    auto conflict = compile_error("CREATE SINK CONNECTOR c USING 'X'\n  WITH ('errors.tolerance' = 'all')\n  ON ERROR FAIL;");
    EXPECT_DIAGNOSTIC(conflict, ErrorKind::Compile, "'errors.tolerance' is set twice: by ON ERROR and by", 3, 3);
    ASSERT_EQ(conflict.notes.size(), 1u);
    EXPECT_EQ(conflict.notes[0].pos.line, 2);
    EXPECT_EQ(conflict.notes[0].pos.column, 9);

    auto transforms = compile_error("CREATE SINK CONNECTOR c USING 'X' WITH ('transforms' = 'x') TRANSFORM t USING 'Filter';");
    EXPECT_DIAGNOSTIC(transforms, ErrorKind::Compile, "'transforms' is set twice", 1, 61);
    auto converter = compile_error("CREATE SINK CONNECTOR c USING 'X' WITH ('value.converter' = 'a.B') FORMAT VALUE STRING;");
    EXPECT_DIAGNOSTIC(converter, ErrorKind::Compile, "'value.converter' is set twice", 1, 75);
    auto key = compile_error("CREATE SINK CONNECTOR c USING 'X' WITH ('transforms.t.spec' = 'a') TRANSFORM t USING "
                             "'Cast$Value' WITH (spec = 'b');");
    EXPECT_DIAGNOSTIC(key, ErrorKind::Compile, "'transforms.t.spec' is set twice", 1, 105);
}

TEST(CompileCreate, DuplicateWithKeysNameBothPositions) {
    auto d = compile_error("CREATE SINK CONNECTOR c USING 'X'\n  WITH ('topics' = 'a',\n        'topics' = 'b');");
    EXPECT_DIAGNOSTIC(d, ErrorKind::Compile, "key 'topics' appears twice in WITH", 3, 9);
    EXPECT_EQ(d.notes.at(0).pos.line, 2);
    EXPECT_EQ(d.notes.at(0).pos.column, 9);
    // Keys differing in case are different keys, as in Connect.
    EXPECT_NO_THROW(compile("CREATE SINK CONNECTOR c USING 'X' WITH ('a' = '1', 'A' = '2');"));
}

TEST(CompileCreate, NameInWith) {
    EXPECT_NO_THROW(compile("CREATE SINK CONNECTOR c USING 'X' WITH (name = 'c');"));
    auto d = compile_error("CREATE SINK CONNECTOR c USING 'X' WITH (name = 'other');");
    EXPECT_DIAGNOSTIC(d, ErrorKind::Compile, "'name' in WITH is 'other'", 1, 48);
    // ksqlDB overwrites it; the ksqldb dialect does the same, with a warning.
    auto k = compile("CREATE SINK CONNECTOR c USING 'X' WITH (\"name\" = 'other');", Dialect::Ksqldb);
    EXPECT_EQ(value_of(k.config, "name"), "C");
    EXPECT_EQ(k.warnings.size(), 1u);
}

TEST(CompileCreate, KindIsCheckedForKnownClasses) {
    auto d = compile_error("CREATE SOURCE CONNECTOR c USING 'FileStreamSink';");
    EXPECT_DIAGNOSTIC(d, ErrorKind::Compile, "is a sink connector, but the statement creates a SOURCE connector", 1, 33);
    auto raw = compile_error("CREATE SINK CONNECTOR c WITH ('connector.class' = 'io.debezium.connector.postgresql.PostgresConnector');");
    EXPECT_DIAGNOSTIC(raw, ErrorKind::Compile, "is a source connector", 1, 1);
}

TEST(CompileCreate, MissingClass) {
    auto d = compile_error("CREATE SINK CONNECTOR c WITH (topics = 'a');");
    EXPECT_DIAGNOSTIC(d, ErrorKind::Compile, "connector 'c' has no connector class", 1, 25);
}

TEST(CompileCreate, EmptyNames) {
    EXPECT_DIAGNOSTIC(compile_error("CREATE SINK CONNECTOR `` USING 'X';"), ErrorKind::Compile,
                      "a connector name cannot be empty", 1, 23);
    EXPECT_DIAGNOSTIC(compile_error("CREATE SINK CONNECTOR c USING '';"), ErrorKind::Compile,
                      "USING needs a connector class", 1, 31);
    EXPECT_DIAGNOSTIC(compile_error("CREATE SINK CONNECTOR c USING 'X' TRANSFORM `` USING 'Filter';"), ErrorKind::Compile,
                      "a transform alias cannot be empty", 1, 45);
    // Kafka Connect reads names as URI templates: refused before anything is sent.
    EXPECT_DIAGNOSTIC(compile_error("CREATE SINK CONNECTOR `pg-$${env}` USING 'X';"), ErrorKind::Compile,
                      "cannot hold '{' or '}'", 1, 23);
    EXPECT_DIAGNOSTIC(compile_error("CREATE SINK CONNECTOR `a}` USING 'X';"), ErrorKind::Compile,
                      "cannot hold '{' or '}'", 1, 23);
}

TEST(CompileCreate, IsPure) {
    // The same input gives the same config, key for key and in the same order
    // (Config's == ignores order, as Connect does: compare the entries themselves).
    const char* text = "CREATE SINK CONNECTOR c USING 'X' TRANSFORM t USING 'Filter' WHEN TOMBSTONE ON ERROR SKIP;";
    CompiledConnector first = compile(text), second = compile(text);
    EXPECT_EQ(first.config.entries(), second.config.entries());
    EXPECT_GE(first.config.size(), 8u);  // class, name-free keys, transform, predicate, error handling
}

}  // namespace
}  // namespace connql::testing
