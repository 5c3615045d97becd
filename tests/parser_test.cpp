// Every statement form parses to the AST it should, in both dialects.
#include "helpers.h"

namespace connql::testing {
namespace {

using ast::ConnectorKind;

TEST(Parser, CreateWithEveryClause) {
    auto c = parse_as<ast::CreateConnector>(R"(
        create or replace SINK connector `my-sink`
          USING 'FileStreamSink'
          WITH ('topics' = 'a', tasks.max = 2, "file" = '/tmp/out', `x` = TRUE, y = NULL, z = -1.50)
          FORMAT KEY STRING VALUE JSON WITH SCHEMAS HEADER SIMPLE
          TRANSFORM cast USING 'Cast$Value' WITH (spec = 'id:int32') WHEN NOT isFoo
          TRANSFORM drop USING 'Filter' WHEN TOMBSTONE
          PREDICATE isFoo USING 'TopicNameMatches' WITH (pattern = 'foo.*')
          ON ERROR SEND TO DEAD LETTER TOPIC 'dlq' WITH CONTEXT HEADERS REPLICATION FACTOR 3 AND LOG MESSAGES
          RETRY ERRORS FOR '10m' MAX DELAY '30s';)");
    EXPECT_TRUE(c.or_replace);
    EXPECT_FALSE(c.if_not_exists);
    EXPECT_EQ(c.kind, ConnectorKind::Sink);
    EXPECT_EQ(c.name.text, "my-sink");
    EXPECT_EQ(c.name.pos.line, 2);
    EXPECT_EQ(c.name.pos.column, 42);
    ASSERT_TRUE(c.using_class);
    EXPECT_EQ(c.using_class->text, "FileStreamSink");
    ASSERT_EQ(c.with.size(), 6u);
    EXPECT_EQ(c.with[1].key, "tasks.max");
    EXPECT_EQ(c.with[1].value.text, "2");
    EXPECT_EQ(c.with[1].value.kind, ast::Value::Kind::Number);
    EXPECT_EQ(c.with[2].key, "file");
    EXPECT_EQ(c.with[3].value.text, "true");
    EXPECT_EQ(c.with[4].value.text, "null");
    EXPECT_EQ(c.with[5].value.text, "-1.50");
    ASSERT_EQ(c.formats.size(), 3u);
    EXPECT_EQ(c.formats[1].format, "JSON");
    EXPECT_TRUE(c.formats[1].with_schemas);
    EXPECT_EQ(c.formats[2].target, ast::FormatTarget::Header);
    ASSERT_EQ(c.transforms.size(), 2u);
    EXPECT_EQ(c.transforms[0].alias.text, "cast");
    ASSERT_TRUE(c.transforms[0].when);
    EXPECT_TRUE(c.transforms[0].when->negate);
    EXPECT_EQ(c.transforms[0].when->argument, "isFoo");
    EXPECT_EQ(c.transforms[1].when->kind, ast::When::Kind::Tombstone);
    ASSERT_EQ(c.predicates.size(), 1u);
    EXPECT_EQ(c.predicates[0].properties[0].value.text, "foo.*");
    ASSERT_TRUE(c.on_error);
    EXPECT_EQ(c.on_error->action, ast::OnErrorClause::Action::DeadLetter);
    EXPECT_TRUE(c.on_error->context_headers);
    EXPECT_EQ(c.on_error->replication_factor->text, "3");
    EXPECT_TRUE(c.on_error->log_messages);
    ASSERT_TRUE(c.retry);
    EXPECT_EQ(c.retry->timeout->text, "10m");
    EXPECT_EQ(c.retry->max_delay->text, "30s");
}

TEST(Parser, ClausesInAnyOrder) {
    auto c = parse_as<ast::CreateConnector>(
        "CREATE SOURCE CONNECTOR s RETRY ERRORS FOREVER ON ERROR SKIP WITH (a = 'b') USING 'X';");
    EXPECT_EQ(c.using_class->text, "X");
    EXPECT_FALSE(c.retry->timeout);  // FOREVER
    EXPECT_EQ(c.on_error->action, ast::OnErrorClause::Action::Skip);
    EXPECT_FALSE(c.on_error->log);
}

TEST(Parser, InlineWhenForms) {
    auto c = parse_as<ast::CreateConnector>(
        "CREATE SINK CONNECTOR s TRANSFORM a USING 'Filter' WHEN TOPIC MATCHES 'x.*' "
        "TRANSFORM b USING 'Filter' WHEN NOT HEADER 'trace' EXISTS;");
    EXPECT_EQ(c.transforms[0].when->kind, ast::When::Kind::TopicMatches);
    EXPECT_EQ(c.transforms[0].when->argument, "x.*");
    EXPECT_EQ(c.transforms[1].when->kind, ast::When::Kind::HeaderExists);
    EXPECT_TRUE(c.transforms[1].when->negate);
    EXPECT_EQ(c.transforms[1].when->argument, "trace");
}

TEST(Parser, KeywordsAreCaseInsensitiveAndUsableAsNames) {
    auto c = parse_as<ast::CreateConnector>("cReAtE sOuRcE CoNnEcToR source WITH (key = 'k', topics = 't', value = 1);");
    EXPECT_EQ(c.name.text, "source");
    EXPECT_EQ(c.with[0].key, "key");
    EXPECT_EQ(c.with[1].key, "topics");
    auto d = parse_as<ast::DropConnector>("DROP CONNECTOR connector;");
    EXPECT_EQ(d.names[0].text, "connector");
}

TEST(Parser, UnquotedNamesWithDashesAndDots) {
    auto c = parse_as<ast::CreateConnector>(
        "CREATE SOURCE CONNECTOR source-debezium-orders-01 WITH (connector.class = 'X', database.server.name = 'pg');");
    EXPECT_EQ(c.name.text, "source-debezium-orders-01");
    EXPECT_EQ(c.with[0].key, "connector.class");
    EXPECT_EQ(c.with[1].key, "database.server.name");
}

TEST(Parser, QuotedStringsAndIdentifiers) {
    auto c = parse_as<ast::CreateConnector>(
        "CREATE SOURCE CONNECTOR \"we\"\"ird\" WITH ('it''s' = 'a ''quoted''\nmulti-line value', `b``q` = 'x');");
    EXPECT_EQ(c.name.text, "we\"ird");
    EXPECT_EQ(c.with[0].key, "it's");
    EXPECT_EQ(c.with[0].value.text, "a 'quoted'\nmulti-line value");
    EXPECT_EQ(c.with[1].key, "b`q");
}

TEST(Parser, NumbersKeepTheirText) {
    auto c = parse_as<ast::CreateConnector>("CREATE SOURCE CONNECTOR s WITH (a = 1.50, b = 007, c = 1e3, d = - 5, e = .5);");
    EXPECT_EQ(c.with[0].value.text, "1.50");
    EXPECT_EQ(c.with[1].value.text, "007");
    EXPECT_EQ(c.with[2].value.text, "1e3");
    EXPECT_EQ(c.with[3].value.text, "-5");
    EXPECT_EQ(c.with[4].value.text, ".5");
}

TEST(Parser, CommentsAreIgnored) {
    ParseState state;
    auto statements = parse_script(
        "-- leading comment\n/* block\n comment */ SHOW CONNECTORS; -- trailing\n/* x */ LIST TOPICS", state);
    ASSERT_EQ(statements.size(), 2u);
    EXPECT_EQ(statements[0].pos.line, 3);
    EXPECT_EQ(statements[0].text, "SHOW CONNECTORS");
    EXPECT_TRUE(std::holds_alternative<ast::ShowTopics>(statements[1].node));
}

TEST(Parser, EmptyStatementsAndMissingFinalSemicolon) {
    ParseState state;
    EXPECT_EQ(parse_script(";;SHOW CONNECTORS;;;SHOW CLUSTERS", state).size(), 2u);
    EXPECT_EQ(parse_script("", state).size(), 0u);
    EXPECT_EQ(parse_script("  -- only a comment\n", state).size(), 0u);
}

TEST(Parser, AlterForms) {
    auto set = parse_as<ast::AlterConnector>("ALTER CONNECTOR c SET ('tasks.max' = 4, b = 'x');");
    EXPECT_EQ(std::get<ast::AlterSet>(set.action).properties.size(), 2u);
    auto unset = parse_as<ast::AlterConnector>("ALTER CONNECTOR c UNSET ('a', b.c);");
    EXPECT_EQ(std::get<ast::AlterUnset>(unset.action).keys[1].text, "b.c");
    auto add = parse_as<ast::AlterConnector>(
        "ALTER CONNECTOR c ADD TRANSFORM t USING 'Filter' WHEN TOMBSTONE BEFORE other;");
    const auto& a = std::get<ast::AlterAddTransform>(add.action);
    EXPECT_EQ(a.transform.alias.text, "t");
    EXPECT_EQ(a.placement.kind, ast::TransformPlacement::Kind::Before);
    EXPECT_EQ(a.placement.anchor->text, "other");
    auto first = parse_as<ast::AlterConnector>("ALTER CONNECTOR c ADD TRANSFORM t USING 'Filter' FIRST;");
    EXPECT_EQ(std::get<ast::AlterAddTransform>(first.action).placement.kind, ast::TransformPlacement::Kind::First);
    auto after = parse_as<ast::AlterConnector>("ALTER CONNECTOR c ADD TRANSFORM t USING 'Filter' AFTER x;");
    EXPECT_EQ(std::get<ast::AlterAddTransform>(after.action).placement.kind, ast::TransformPlacement::Kind::After);
    auto last = parse_as<ast::AlterConnector>("ALTER CONNECTOR c ADD TRANSFORM t USING 'Filter';");
    EXPECT_EQ(std::get<ast::AlterAddTransform>(last.action).placement.kind, ast::TransformPlacement::Kind::Last);
    auto drop = parse_as<ast::AlterConnector>("ALTER CONNECTOR c DROP TRANSFORM t;");
    EXPECT_EQ(std::get<ast::AlterDropTransform>(drop.action).alias.text, "t");
    EXPECT_TRUE(std::holds_alternative<ast::AlterResetOffsets>(
        parse_as<ast::AlterConnector>("ALTER CONNECTOR c RESET OFFSETS;").action));
    auto offsets = parse_as<ast::AlterConnector>(R"(ALTER CONNECTOR c SET OFFSETS '{"offsets":[]}';)");
    EXPECT_EQ(std::get<ast::AlterSetOffsets>(offsets.action).offsets_json.text, R"({"offsets":[]})");
    EXPECT_TRUE(std::holds_alternative<ast::AlterResetTopics>(
        parse_as<ast::AlterConnector>("ALTER CONNECTOR c RESET TOPICS;").action));
}

TEST(Parser, LifecycleStatements) {
    auto drop = parse_as<ast::DropConnector>("DROP CONNECTOR IF EXISTS a, `b-c`, d;");
    EXPECT_TRUE(drop.if_exists);
    ASSERT_EQ(drop.names.size(), 3u);
    EXPECT_EQ(drop.names[1].text, "b-c");
    EXPECT_EQ(parse_as<ast::LifecycleConnector>("PAUSE CONNECTOR a;").action, ast::LifecycleConnector::Action::Pause);
    EXPECT_EQ(parse_as<ast::LifecycleConnector>("RESUME CONNECTOR a;").action, ast::LifecycleConnector::Action::Resume);
    EXPECT_EQ(parse_as<ast::LifecycleConnector>("STOP CONNECTOR a;").action, ast::LifecycleConnector::Action::Stop);
    auto restart = parse_as<ast::RestartConnector>("RESTART CONNECTOR a WITH TASKS ONLY FAILED;");
    EXPECT_TRUE(restart.include_tasks);
    EXPECT_TRUE(restart.only_failed);
    auto plain = parse_as<ast::RestartConnector>("RESTART CONNECTOR a;");
    EXPECT_FALSE(plain.include_tasks);
    EXPECT_FALSE(plain.only_failed);
    EXPECT_TRUE(parse_as<ast::RestartConnector>("RESTART CONNECTOR a ONLY FAILED;").only_failed);
    EXPECT_EQ(parse_as<ast::RestartTask>("RESTART CONNECTOR a TASK 3;").task, 3);
}

TEST(Parser, Queries) {
    auto show = parse_as<ast::ShowConnectors>("SHOW SINK CONNECTORS LIKE 'jdbc-%';");
    EXPECT_EQ(show.kind, ConnectorKind::Sink);
    EXPECT_EQ(*show.like, "jdbc-%");
    EXPECT_FALSE(parse_as<ast::ShowConnectors>("LIST CONNECTORS;").kind);
    EXPECT_EQ(parse_as<ast::ShowConnectors>("LIST SOURCE CONNECTORS;").kind, ConnectorKind::Source);
    EXPECT_TRUE(parse_as<ast::DescribeConnector>("DESCRIBE CONNECTOR a EXTENDED;").extended);
    EXPECT_FALSE(parse_as<ast::DescribeConnector>("DESCRIBE CONNECTOR a;").extended);
    EXPECT_EQ(parse_as<ast::ShowCreateConnector>("SHOW CREATE CONNECTOR a;").name.text, "a");
    EXPECT_FALSE(parse_as<ast::ShowPlugins>("SHOW CONNECTOR PLUGINS;").all);
    auto all = parse_as<ast::ShowPlugins>("LIST ALL PLUGINS LIKE '%Cast%';");
    EXPECT_TRUE(all.all);
    EXPECT_EQ(*all.like, "%Cast%");
    EXPECT_EQ(parse_as<ast::DescribePlugin>("DESCRIBE PLUGIN 'FileStreamSource';").plugin.text, "FileStreamSource");
    EXPECT_EQ(parse_as<ast::ShowConnectorOffsets>("SHOW CONNECTOR OFFSETS a;").name.text, "a");
    EXPECT_EQ(parse_as<ast::ShowConnectorTopics>("SHOW CONNECTOR TOPICS a;").name.text, "a");
    EXPECT_FALSE(parse_as<ast::ShowTopics>("SHOW TOPICS;").extended);
    auto print = parse_as<ast::PrintTopic>("PRINT 'orders' FROM BEGINNING LIMIT 10;");
    EXPECT_EQ(print.topic.text, "orders");
    EXPECT_TRUE(print.from_beginning);
    EXPECT_EQ(*print.limit, 10);
    EXPECT_FALSE(parse_as<ast::PrintTopic>("PRINT orders;").limit);
}

TEST(Parser, ShowErrorsForConnector) {
    auto plain = parse_as<ast::ShowConnectorErrors>("SHOW ERRORS FOR CONNECTOR `pg-sink`;");
    EXPECT_EQ(plain.name.text, "pg-sink");
    EXPECT_FALSE(plain.limit);
    EXPECT_FALSE(plain.from_beginning);
    auto both = parse_as<ast::ShowConnectorErrors>("show errors for connector s LIMIT 5 FROM BEGINNING;");
    EXPECT_EQ(both.name.text, "s");
    EXPECT_EQ(*both.limit, 5);
    EXPECT_TRUE(both.from_beginning);
    // PRINT's order too.
    auto print_order = parse_as<ast::ShowConnectorErrors>("SHOW ERRORS FOR CONNECTOR s FROM BEGINNING LIMIT 7;");
    EXPECT_EQ(*print_order.limit, 7);
    EXPECT_TRUE(print_order.from_beginning);
    EXPECT_TRUE(parse_as<ast::ShowConnectorErrors>("SHOW ERRORS FOR CONNECTOR s FROM BEGINNING;").from_beginning);
    EXPECT_EQ(*parse_as<ast::ShowConnectorErrors>("SHOW ERRORS FOR CONNECTOR errors LIMIT 1;").limit, 1);
    EXPECT_EQ(parse_as<ast::ShowConnectorErrors>("SHOW ERRORS FOR CONNECTOR errors;").name.text, "errors");
}

TEST(Parser, ShowErrorsForConnectorRejects) {
    EXPECT_EQ(parse_error("SHOW ERRORS FOR CONNECTOR;").kind, ErrorKind::Syntax);
    EXPECT_EQ(parse_error("SHOW ERRORS CONNECTOR s;").kind, ErrorKind::Syntax);
    EXPECT_EQ(parse_error("SHOW ERRORS FOR CONNECTOR s LIMIT;").kind, ErrorKind::Syntax);
    EXPECT_EQ(parse_error("SHOW ERRORS FOR CONNECTOR s LIMIT 'x';").kind, ErrorKind::Syntax);
    EXPECT_EQ(parse_error("SHOW ERRORS FOR CONNECTOR s LIMIT 1 LIMIT 2;").kind, ErrorKind::Syntax);
    EXPECT_EQ(parse_error("SHOW ERRORS FOR CONNECTOR s FROM BEGINNING FROM BEGINNING;").kind, ErrorKind::Syntax);
    Diagnostic zero = parse_error("SHOW ERRORS FOR CONNECTOR s LIMIT 0;");
    EXPECT_EQ(zero.kind, ErrorKind::Compile);
    EXPECT_EQ(zero.message, "LIMIT must be at least 1");
    EXPECT_EQ(zero.pos.column, 35);
    Diagnostic big = parse_error("SHOW ERRORS FOR CONNECTOR s LIMIT 99999999999999999999;");
    EXPECT_EQ(big.kind, ErrorKind::Compile);
    EXPECT_NE(big.message.find("too large"), std::string::npos) << big.message;
}

TEST(Parser, ExplainAndValidate) {
    auto e = parse_as<ast::Explain>("EXPLAIN CREATE SOURCE CONNECTOR a USING 'X';");
    EXPECT_TRUE(std::holds_alternative<ast::CreateConnector>(e.target));
    auto ea = parse_as<ast::Explain>("EXPLAIN ALTER CONNECTOR a SET (x = 'y');");
    EXPECT_TRUE(std::holds_alternative<ast::AlterConnector>(ea.target));
    EXPECT_EQ(parse_as<ast::Validate>("VALIDATE CREATE SINK CONNECTOR a USING 'X';").target.name.text, "a");
}

TEST(Parser, SessionStatements) {
    EXPECT_EQ(parse_as<ast::SetProperty>("SET 'connql.wait' = 'running';").value.text, "running");
    EXPECT_EQ(parse_as<ast::UnsetProperty>("UNSET 'connql.wait';").property.text, "connql.wait");
    EXPECT_EQ(parse_as<ast::UseCluster>("USE CLUSTER prod;").cluster.text, "prod");
    parse_as<ast::ShowClusters>("SHOW CLUSTERS;");
    parse_as<ast::ShowVariables>("LIST VARIABLES;");
    parse_as<ast::ShowProperties>("SHOW PROPERTIES;");
    EXPECT_EQ(parse_as<ast::ShowKsqlEntities>("SHOW STREAMS EXTENDED;").kind, ast::ShowKsqlEntities::Kind::Streams);
    EXPECT_EQ(parse_as<ast::ShowKsqlEntities>("list tables;").kind, ast::ShowKsqlEntities::Kind::Tables);
    EXPECT_EQ(parse_as<ast::ShowKsqlEntities>("SHOW QUERIES;").kind, ast::ShowKsqlEntities::Kind::Queries);
    auto define = parse_as<ast::DefineVariable>("DEFINE topic = 'orders';");
    EXPECT_EQ(define.name.text, "topic");
    EXPECT_EQ(define.value.text, "orders");
    EXPECT_EQ(parse_as<ast::UndefineVariable>("UNDEFINE topic;").name.text, "topic");
}

TEST(Parser, StatementTextAndPosition) {
    ParseState state;
    auto statements = parse_script("SHOW CONNECTORS;\n\n  DESCRIBE CONNECTOR\n  x ;", state);
    ASSERT_EQ(statements.size(), 2u);
    EXPECT_EQ(statements[1].text, "DESCRIBE CONNECTOR\n  x");
    EXPECT_EQ(statements[1].pos.line, 3);
    EXPECT_EQ(statements[1].pos.column, 3);
}

// ---------------------------------------------------------------- dialects

TEST(Dialects, KsqldbUpperCasesUnquotedIdentifiers) {
    auto c = parse_as<ast::CreateConnector>(
        "CREATE SOURCE CONNECTOR jdbc_src WITH (tasks_max = 1, 'connector.class' = 'X', \"Mixed\" = 'y');",
        Dialect::Ksqldb);
    EXPECT_EQ(c.name.text, "JDBC_SRC");
    EXPECT_EQ(c.with[0].key, "TASKS_MAX");
    EXPECT_EQ(c.with[1].key, "connector.class");
    EXPECT_EQ(c.with[2].key, "Mixed");
    EXPECT_EQ(parse_as<ast::DescribeConnector>("DESCRIBE CONNECTOR my_conn;", Dialect::Ksqldb).name.text, "MY_CONN");
    EXPECT_EQ(parse_as<ast::DescribeConnector>("DESCRIBE CONNECTOR `my-conn`;", Dialect::Ksqldb).name.text, "my-conn");
}

TEST(Dialects, ConnqlKeepsCase) {
    EXPECT_EQ(parse_as<ast::DescribeConnector>("DESCRIBE CONNECTOR my_Conn;").name.text, "my_Conn");
}

TEST(Dialects, SetDialectSwitchesForLaterStatements) {
    ParseState state;
    auto statements = parse_script(
        "DROP CONNECTOR a; SET 'connql.dialect' = 'ksqldb'; DROP CONNECTOR b; UNSET 'connql.dialect'; DROP CONNECTOR c;",
        state);
    ASSERT_EQ(statements.size(), 5u);
    EXPECT_EQ(std::get<ast::DropConnector>(statements[0].node).names[0].text, "a");
    EXPECT_EQ(std::get<ast::DropConnector>(statements[2].node).names[0].text, "B");
    EXPECT_EQ(statements[2].dialect, Dialect::Ksqldb);
    EXPECT_EQ(std::get<ast::DropConnector>(statements[4].node).names[0].text, "c");
}

TEST(Dialects, KsqldbScriptParses) {
    // The documented ksqlDB style: quoted keys, numeric literal, IF NOT EXISTS, back-quoted names.
    ParseState state;
    state.dialect = Dialect::Ksqldb;
    auto statements = parse_script(R"(
        CREATE SOURCE CONNECTOR IF NOT EXISTS `jdbc-src` WITH (
          'connector.class' = 'io.confluent.connect.jdbc.JdbcSourceConnector',
          'connection.url'  = 'jdbc:postgresql://db:5432/app',
          'mode' = 'bulk', 'topic.prefix' = 'jdbc-', 'key' = 'username',
          'tasks.max' = 1);
        SHOW SOURCE CONNECTORS;  LIST CONNECTORS;  SHOW CONNECTOR PLUGINS;
        DESCRIBE CONNECTOR `jdbc-src`;
        DROP CONNECTOR IF EXISTS `jdbc-src`;)",
                                   state);
    ASSERT_EQ(statements.size(), 6u);
    const auto& create = std::get<ast::CreateConnector>(statements[0].node);
    EXPECT_TRUE(create.if_not_exists);
    EXPECT_EQ(create.name.text, "jdbc-src");
    EXPECT_EQ(create.with.back().value.text, "1");
}

}  // namespace
}  // namespace connql::testing
