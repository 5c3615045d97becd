// Every statement and output form against the real two-worker cluster.
#include "cluster_fixture.h"

namespace connql::testing {
namespace {

TEST_F(Cluster, CreateShowDescribeDropInJson) {
    std::string src = unique("src"), snk = unique("snk"), topic = unique("topic");
    std::ofstream("/tmp/" + src + ".txt") << "a\nb\n";
    nlohmann::json e = json("SET 'connql.wait' = 'running';\n" + source(src, topic) +
                            "CREATE SINK CONNECTOR `" + snk + "` USING 'FileStreamSink' WITH (file = '/tmp/" + snk +
                            ".txt', topics = '" + topic + "');\n"
                            "SHOW CONNECTORS LIKE '%" + src.substr(4) + "';\n"
                            "DESCRIBE CONNECTOR `" + src + "`;\n"
                            "DROP CONNECTOR `" + src + "`, `" + snk + "`;");
    ASSERT_EQ(e.size(), 6u) << e.dump(2);
    EXPECT_EQ(e[0]["@type"], "connql_message");
    EXPECT_EQ(e[1]["@type"], "connector_info");
    EXPECT_EQ(e[1]["info"]["name"], src);
    EXPECT_EQ(e[1]["info"]["type"], "source");
    EXPECT_EQ(e[1]["info"]["config"]["connector.class"], "org.apache.kafka.connect.file.FileStreamSourceConnector");
    EXPECT_EQ(e[2]["info"]["type"], "sink");
    EXPECT_EQ(e[3]["@type"], "connector_list");
    ASSERT_EQ(e[3]["connectors"].size(), 1u) << e[3].dump(2);
    EXPECT_EQ(e[3]["connectors"][0]["name"], src);
    EXPECT_EQ(e[3]["connectors"][0]["type"], "source");
    EXPECT_EQ(e[3]["connectors"][0]["state"], "RUNNING (1/1 tasks RUNNING)");
    EXPECT_EQ(e[4]["@type"], "connector_description");
    EXPECT_EQ(e[4]["connectorClass"], "org.apache.kafka.connect.file.FileStreamSourceConnector");
    EXPECT_EQ(e[4]["status"]["connector"]["state"], "RUNNING");
    EXPECT_EQ(e[4]["status"]["tasks"][0]["state"], "RUNNING");
    EXPECT_EQ(e[5]["@type"], "drop_connector");
    EXPECT_EQ(e[5]["connectorNames"], nlohmann::json::array({src, snk}));
    EXPECT_TRUE(existing_after_barrier(src).empty());
}

TEST_F(Cluster, TablesAsKsqldbPrintsThem) {
    std::string name = unique("tbl");
    Result r = connql("SET 'connql.wait' = 'running';\n" + source(name, name) + "SHOW SOURCE CONNECTORS LIKE '" + name +
                      "';\nDESCRIBE CONNECTOR `" + name + "`;\nDROP CONNECTOR `" + name + "`;");
    ASSERT_EQ(r.exit_code, 0) << r.out;
    EXPECT_NE(r.out.find(" Created connector " + name), std::string::npos) << r.out;
    EXPECT_NE(r.out.find(" Connector Name "), std::string::npos) << r.out;
    EXPECT_NE(r.out.find(" | SOURCE | org.apache.kafka.connect.file.FileStreamSourceConnector | RUNNING (1/1 tasks RUNNING) "),
              std::string::npos)
        << r.out;
    EXPECT_NE(r.out.find("Name                 : " + name + "\n"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find(" Task ID | State   | Error Trace "), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("Dropped connector \"" + name + "\""), std::string::npos) << r.out;
}

TEST_F(Cluster, IfNotExistsOrReplaceAndAlreadyExists) {
    std::string name = unique("dup");
    ASSERT_EQ(connql(source(name, name)).exit_code, 0);
    Result again = connql(source(name, name));
    EXPECT_EQ(again.exit_code, 1);
    EXPECT_NE(again.out.find("<stdin>:1:25: error: connector '" + name + "' already exists"), std::string::npos) << again.out;
    EXPECT_NE(again.out.find("hint: CREATE OR REPLACE"), std::string::npos) << again.out;

    nlohmann::json ifne = json("CREATE SOURCE CONNECTOR IF NOT EXISTS `" + name + "` USING 'FileStreamSource' WITH (topic = 'x');");
    EXPECT_EQ(ifne[0]["@type"], "warning_entity");
    EXPECT_EQ(ifne[0]["message"], "Connector " + name + " already exists");

    nlohmann::json replaced = json("CREATE OR REPLACE SOURCE CONNECTOR `" + name +
                                   "` USING 'FileStreamSource' WITH (file = '/tmp/other.txt', topic = 'replaced');");
    EXPECT_EQ(replaced[0]["@type"], "connector_info");
    EXPECT_EQ(config_of(name)["topic"], "replaced");
    drop("`" + name + "`");
}

TEST_F(Cluster, AlterReadsChangesAndWritesBack) {
    std::string name = unique("alt");
    ASSERT_EQ(connql(source(name, name, ", 'tasks.max' = 1")).exit_code, 0);
    ASSERT_EQ(connql("ALTER CONNECTOR `" + name + "` SET ('tasks.max' = 2, 'batch.size' = 100);").exit_code, 0);
    EXPECT_EQ(config_of(name)["tasks.max"], "2");
    ASSERT_EQ(connql("ALTER CONNECTOR `" + name + "` UNSET ('batch.size');").exit_code, 0);
    EXPECT_FALSE(config_of(name).contains("batch.size"));
    ASSERT_EQ(connql("ALTER CONNECTOR `" + name + "` ADD TRANSFORM route USING 'RegexRouter' WITH (regex = '(.*)', replacement = '$1-x');\n"
                     "ALTER CONNECTOR `" + name + "` ADD TRANSFORM drop USING 'Filter' WHEN TOMBSTONE FIRST;")
                  .exit_code,
              0);
    nlohmann::json config = config_of(name);
    EXPECT_EQ(config["transforms"], "drop,route");
    EXPECT_EQ(config["predicates"], "drop_is_tombstone");
    ASSERT_EQ(connql("ALTER CONNECTOR `" + name + "` DROP TRANSFORM drop;").exit_code, 0);
    config = config_of(name);
    EXPECT_EQ(config["transforms"], "route");
    EXPECT_FALSE(config.contains("predicates"));
    Result missing = connql("ALTER CONNECTOR `" + name + "` DROP TRANSFORM nope;");
    EXPECT_EQ(missing.exit_code, 1);
    EXPECT_NE(missing.out.find("has no transform 'nope'"), std::string::npos) << missing.out;
    drop("`" + name + "`");
}

TEST_F(Cluster, ShowCreateGivesBackTheSameConfig) {
    std::string name = unique("roundtrip");
    ASSERT_EQ(connql("CREATE SINK CONNECTOR `" + name + "` USING 'FileStreamSink' WITH (topics = 'rt', file = '/tmp/rt.txt')\n"
                     " FORMAT KEY STRING VALUE JSON TRANSFORM t USING 'Filter' WHEN NOT TOPIC MATCHES 'rt.*'\n"
                     " ON ERROR SEND TO DEAD LETTER TOPIC 'rt-dlq' WITH CONTEXT HEADERS REPLICATION FACTOR 1 RETRY ERRORS FOR '1m';")
                  .exit_code,
              0);
    nlohmann::json before = config_of(name);
    nlohmann::json shown = json("SHOW CREATE CONNECTOR `" + name + "`;");
    std::string statement = shown[0]["statement"];
    EXPECT_NE(statement.find("WHEN NOT TOPIC MATCHES 'rt.*'"), std::string::npos) << statement;
    EXPECT_NE(statement.find("ON ERROR SEND TO DEAD LETTER TOPIC 'rt-dlq'"), std::string::npos) << statement;
    // Running it again as OR REPLACE changes nothing.
    std::string replace = "CREATE OR REPLACE" + statement.substr(std::string("CREATE").size());
    ASSERT_EQ(connql(replace).exit_code, 0);
    EXPECT_EQ(config_of(name), before);
    drop("`" + name + "`");
}

TEST_F(Cluster, LifecycleStatements) {
    std::string name = unique("life");
    auto state_becomes = [&](const char* wanted) {
        return json_eventually("DESCRIBE CONNECTOR `" + name + "`;", [&](const nlohmann::json& e) {
                   return e[0]["status"]["connector"]["state"] == wanted;
               })[0]["status"]["connector"]["state"];
    };
    ASSERT_EQ(connql("SET 'connql.wait' = 'running';" + source(name, name)).exit_code, 0);
    ASSERT_EQ(connql("PAUSE CONNECTOR `" + name + "`;").exit_code, 0);
    EXPECT_EQ(state_becomes("PAUSED"), "PAUSED");
    Result resumed = connql("SET 'connql.wait' = 'running'; RESUME CONNECTOR `" + name + "`;");
    EXPECT_EQ(resumed.exit_code, 0) << resumed.out;
    EXPECT_EQ(state_becomes("RUNNING"), "RUNNING");
    nlohmann::json restarted = json("RESTART CONNECTOR `" + name + "` WITH TASKS ONLY FAILED;\nRESTART CONNECTOR `" + name +
                                    "`;\nRESTART CONNECTOR `" + name + "` TASK 0;");
    ASSERT_EQ(restarted.size(), 3u);
    EXPECT_EQ(restarted[2]["message"], "Restarted task 0 of connector " + name);
    ASSERT_EQ(connql("STOP CONNECTOR `" + name + "`;").exit_code, 0);
    EXPECT_EQ(state_becomes("STOPPED"), "STOPPED");
    drop("`" + name + "`");
}

TEST_F(Cluster, OffsetsNeedAStoppedConnector) {
    std::string name = unique("offsets");
    std::ofstream("/tmp/" + name + ".txt") << "x\ny\n";
    ASSERT_EQ(connql("SET 'connql.wait' = 'running';" + source(name, name)).exit_code, 0);
    Result running = connql("ALTER CONNECTOR `" + name + "` RESET OFFSETS;");
    EXPECT_EQ(running.exit_code, 1);
    EXPECT_NE(running.out.find("STOPPED"), std::string::npos) << running.out;
    EXPECT_NE(running.out.find("hint: offsets can only change while the connector is stopped: STOP CONNECTOR"),
              std::string::npos)
        << running.out;
    ASSERT_EQ(connql("STOP CONNECTOR `" + name + "`;").exit_code, 0);
    // The offsets of the two lines are committed within offset.flush.interval.ms.
    nlohmann::json offsets = json_eventually("SHOW CONNECTOR OFFSETS `" + name + "`;", [](const nlohmann::json& e) {
        return !e[0]["offsets"]["offsets"].empty();
    });
    EXPECT_EQ(offsets[0]["@type"], "connector_offsets");
    EXPECT_FALSE(offsets[0]["offsets"]["offsets"].empty()) << offsets.dump(2);
    std::string set = "ALTER CONNECTOR `" + name + "` SET OFFSETS '{\"offsets\": [{\"partition\": {\"filename\": \"/tmp/" +
                      name + ".txt\"}, \"offset\": {\"position\": 0}}]}';";
    Result altered = connql(set);
    EXPECT_EQ(altered.exit_code, 0) << altered.out;
    Result reset = connql("ALTER CONNECTOR `" + name + "` RESET OFFSETS;");
    EXPECT_EQ(reset.exit_code, 0) << reset.out;
    drop("`" + name + "`");
}

TEST_F(Cluster, ConnectorTopics) {
    std::string name = unique("topics"), topic = unique("active");
    std::ofstream("/tmp/" + name + ".txt") << "x\n";
    ASSERT_EQ(connql("SET 'connql.wait' = 'running';" + source(name, topic)).exit_code, 0);
    nlohmann::json topics = json_eventually("SHOW CONNECTOR TOPICS `" + name + "`;", [&](const nlohmann::json& e) {
        return !e[0]["topics"][name]["topics"].empty();
    });
    EXPECT_EQ(topics[0]["topics"][name]["topics"], nlohmann::json::array({topic}));
    EXPECT_EQ(connql("ALTER CONNECTOR `" + name + "` RESET TOPICS;").exit_code, 0);
    drop("`" + name + "`");
}

TEST_F(Cluster, PluginsAndValidate) {
    nlohmann::json plugins = json("SHOW CONNECTOR PLUGINS;");
    bool found = false;
    for (const auto& p : plugins[0]["connectorsPlugins"]) {
        if (p["className"] == "org.apache.kafka.connect.file.FileStreamSourceConnector") found = p["type"] == "source";
    }
    EXPECT_TRUE(found) << plugins.dump(2);
    nlohmann::json all = json("LIST ALL PLUGINS LIKE '%Cast$Value';");
    ASSERT_EQ(all[0]["connectorsPlugins"].size(), 1u) << all.dump(2);
    EXPECT_EQ(all[0]["connectorsPlugins"][0]["type"], "transformation");
    nlohmann::json described = json("DESCRIBE PLUGIN 'FileStreamSource';");
    EXPECT_NE(described[0]["configs"].dump().find("\"file\""), std::string::npos);

    // VALIDATE gates CI: exit 1 when Connect reports an error, with the per-key table or entity.
    nlohmann::json invalid = json("VALIDATE CREATE SINK CONNECTOR v USING 'FileStreamSink' WITH (file = '/tmp/v.txt');", 1);
    ASSERT_EQ(invalid.size(), 2u) << invalid.dump(2);
    EXPECT_EQ(invalid[0]["@type"], "config_validation");
    EXPECT_GE(invalid[0]["errorCount"].get<int>(), 1);
    EXPECT_TRUE(invalid[0]["errors"].contains("topics")) << invalid.dump(2);
    EXPECT_EQ(invalid[1]["@type"], "statement_error");
    EXPECT_NE(invalid[1]["message"].get<std::string>().find("connector 'v' is not valid"), std::string::npos);
    Result table = connql("VALIDATE CREATE SINK CONNECTOR v USING 'FileStreamSink' WITH (file = '/tmp/v.txt');");
    EXPECT_EQ(table.exit_code, 1);
    EXPECT_NE(table.out.find(" topics "), std::string::npos) << table.out;
    nlohmann::json valid = json("VALIDATE CREATE SINK CONNECTOR v USING 'FileStreamSink' WITH (file = '/tmp/v.txt', topics = 'v');");
    EXPECT_EQ(valid[0]["errorCount"], 0);

    // DESCRIBE PLUGIN takes every name USING, TRANSFORM and PREDICATE take.
    for (const char* alias : {"'Cast$Value'", "'RegexRouter'", "'TopicNameMatches'", "'FileStreamSink'"}) {
        nlohmann::json d = json(std::string("DESCRIBE PLUGIN ") + alias + ";");
        ASSERT_EQ(d.size(), 1u) << alias;
        EXPECT_FALSE(d[0]["configs"].empty()) << alias << d.dump(2);
    }
    EXPECT_NE(json("DESCRIBE PLUGIN 'Cast$Value';")[0]["configs"].dump().find("\"spec\""), std::string::npos);
    Result miss = connql("DESCRIBE PLUGIN 'FileStreamSorce';");
    EXPECT_EQ(miss.exit_code, 1);
    EXPECT_NE(miss.out.find("plugin 'FileStreamSorce' is not installed on this cluster"), std::string::npos) << miss.out;
    EXPECT_NE(miss.out.find("did you mean 'org.apache.kafka.connect.file.FileStreamSourceConnector'?"), std::string::npos)
        << miss.out;
}

TEST_F(Cluster, ExplainAppliesNothing) {
    std::string name = unique("explain");
    nlohmann::json e = json("EXPLAIN " + source(name, name));
    EXPECT_EQ(e[0]["@type"], "connector_explain");
    EXPECT_EQ(e[0]["requests"][0], "POST /connectors");
    EXPECT_EQ(e[0]["config"]["topic"], name);
    EXPECT_TRUE(existing_after_barrier(name).empty());
}

TEST_F(Cluster, SecretsNeverAppear) {
    std::string name = unique("secret");
    Result r = connql("CREATE SINK CONNECTOR `" + name + "` USING 'FileStreamSink' WITH (topics = 's', file = '/tmp/s.txt', "
                      "'connection.password' = 'hunter2');\nDESCRIBE CONNECTOR `" + name + "` EXTENDED;\nSHOW CREATE CONNECTOR `" +
                      name + "`;", "--output json");
    EXPECT_EQ(r.exit_code, 0) << r.out;
    EXPECT_EQ(r.out.find("hunter2"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("[hidden]"), std::string::npos) << r.out;
    Result table = connql("DESCRIBE CONNECTOR `" + name + "` EXTENDED;");
    EXPECT_EQ(table.out.find("hunter2"), std::string::npos) << table.out;
    drop("`" + name + "`");
}

TEST_F(Cluster, UnknownClassSourceWithSinkClassAndMissingConnector) {
    Result unknown = connql("CREATE SOURCE CONNECTOR u USING 'FileStreamSourceConector';");
    EXPECT_EQ(unknown.exit_code, 1);
    EXPECT_NE(unknown.out.find("connector class 'FileStreamSourceConector' is not installed"), std::string::npos) << unknown.out;
    EXPECT_NE(unknown.out.find("did you mean 'org.apache.kafka.connect.file.FileStreamSourceConnector'?"), std::string::npos)
        << unknown.out;

    Result kind = connql("SHOW CONNECTORS;\nCREATE SOURCE CONNECTOR k USING 'FileStreamSinkConnector' WITH (topics = 'a');");
    EXPECT_EQ(kind.exit_code, 1);
    EXPECT_NE(kind.out.find("<stdin>:2:33: error: 'FileStreamSinkConnector' is a sink connector"), std::string::npos) << kind.out;

    Result missing = connql("DESCRIBE CONNECTOR `no-such-connector`;");
    EXPECT_EQ(missing.exit_code, 1);
    EXPECT_NE(missing.out.find("Kafka Connect answered 404: Connector no-such-connector not found"), std::string::npos)
        << missing.out;
    Result drop_missing = connql("DROP CONNECTOR `no-such-connector`;");
    EXPECT_EQ(drop_missing.exit_code, 1);
    nlohmann::json if_exists = json("DROP CONNECTOR IF EXISTS `no-such-connector`;");
    EXPECT_EQ(if_exists[0]["@type"], "warning_entity");
}

TEST_F(Cluster, CaseDiffersHint) {
    std::string name = unique("CaseName");
    ASSERT_EQ(connql(source(name, name)).exit_code, 0);
    std::string lower = name;
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    Result r = connql("DESCRIBE CONNECTOR `" + lower + "`;");
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.out.find("names are case-sensitive: did you mean `" + name + "`?"), std::string::npos) << r.out;
    drop("`" + name + "`");
}

TEST_F(Cluster, ScriptWithAWrongFifthStatementChangesNothing) {
    std::string name = unique("nothing");
    Result r = connql(source(name + "-1", "t") + source(name + "-2", "t") + "SHOW CONNECTORS;\n" + source(name + "-3", "t") +
                      "CREATE SOURCE CONNECTOR x USING 'FileStreamSource' WITH (topic = );\n");
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(r.out.find("<stdin>:5:"), std::string::npos) << r.out;
    EXPECT_TRUE(existing_after_barrier(name + "%").empty());
}

TEST_F(Cluster, FailingStatementStopsTheScript) {
    std::string name = unique("stops");
    Result r = connql(source(name, "t") + "DESCRIBE CONNECTOR `missing-" + name + "`;\n" + source(name + "-after", "t"));
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.out.find("<stdin>:2:1: error: describing connector"), std::string::npos) << r.out;
    EXPECT_EQ(count_eventually(name + "%", 1), 1u);
    drop("`" + name + "`");
}

TEST_F(Cluster, ShowTopicsAndPrint) {
    std::string name = unique("print"), topic = unique("printed");
    std::ofstream("/tmp/" + name + ".txt") << "first\nsecond\nthird\n";
    ASSERT_EQ(connql("SET 'connql.wait' = 'running';" + source(name, topic)).exit_code, 0);
    // The task makes the topic with its first record, a moment after RUNNING: until
    // then PRINT answers that the topic does not exist (exit 1), and is asked again.
    nlohmann::json printed;
    for (int i = 0; i < 50; ++i) {
        Result r = connql("PRINT '" + topic + "' FROM BEGINNING LIMIT 3;", "--output json");
        if (r.exit_code == 0) {
            printed = entities_of(r);
            if (printed[0]["records"].size() == 3) break;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
    ASSERT_EQ(printed[0]["records"].size(), 3u) << printed.dump(2);
    EXPECT_EQ(printed[0]["records"][0]["value"], "first");
    EXPECT_EQ(printed[0]["records"][2]["value"], "third");
    Result topics = connql("SHOW TOPICS;");
    EXPECT_NE(topics.out.find(" " + topic + " "), std::string::npos) << topics.out;
    drop("`" + name + "`");
}

TEST_F(Cluster, SessionStatementsAndNamedClusters) {
    std::string config = "/tmp/connql-clusters-" + std::to_string(::getpid()) + ".json";
    nlohmann::json urls_json = nlohmann::json::array();
    std::string all = urls();
    urls_json.push_back(all.substr(0, all.find(',')));
    std::ofstream(config) << nlohmann::json{{"clusters", {{"local", {{"urls", urls_json}}}, {"other", {{"urls", {"http://127.0.0.1:1"}}}}}}}.dump();
    Result r = run_command("CONNQL_CONFIG=" + config + " " + CONNQL_BINARY + " run --output json -",
                           "DEFINE who = 'connql'; SHOW VARIABLES; USE CLUSTER local; SHOW CLUSTERS; SHOW CONNECTORS;\n"
                           "USE CLUSTER other; SHOW CONNECTORS;");
    EXPECT_EQ(r.exit_code, 1) << r.out;  // "other" refuses connections
    EXPECT_NE(r.out.find("\"name\": \"who\""), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("\"@type\": \"connector_list\""), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("cannot connect to Kafka Connect at http://127.0.0.1:1"), std::string::npos) << r.out;
    // An unknown cluster is found before anything runs (exit 2), like any other static error.
    Result bad = run_command("CONNQL_CONFIG=" + config + " " + CONNQL_BINARY + " run -", "SHOW CONNECTORS; USE CLUSTER nope;");
    EXPECT_EQ(bad.exit_code, 2);
    EXPECT_NE(bad.out.find("<stdin>:1:30: error: no cluster named 'nope'"), std::string::npos) << bad.out;
    EXPECT_NE(bad.out.find("the config file defines: local, other"), std::string::npos) << bad.out;
    EXPECT_NE(bad.out.find("no cluster named 'nope'"), std::string::npos) << bad.out;
    std::remove(config.c_str());
}

TEST_F(Cluster, VariablesBuildConnectorNames) {
    // ${env} inside an unquoted hyphenated name, and inside a quoted one.
    std::string env = unique("env");
    Result created = connql("CREATE SOURCE CONNECTOR src-${env} USING 'FileStreamSource' WITH (topic = 'v-${env}');\n"
                            "CREATE SOURCE CONNECTOR `quoted-${env}` USING 'FileStreamSource' WITH (topic = 'v');",
                            "--define env=" + env);
    ASSERT_EQ(created.exit_code, 0) << created.out;
    EXPECT_EQ(count_eventually("%-" + env, 2), 2u);
    EXPECT_EQ(config_of("src-" + env)["topic"], "v-" + env);
    Result dropped = connql("DROP CONNECTOR `src-${env}`, quoted-${env};", "-d env=" + env);
    EXPECT_EQ(dropped.exit_code, 0) << dropped.out;
    EXPECT_NE(dropped.out.find("Dropped connector \"quoted-" + env + "\""), std::string::npos) << dropped.out;
}

TEST_F(Cluster, NoClusterConfigured) {
    Result r = run_command("env -u CONNQL_CONNECT_URL CONNQL_CONFIG=/nonexistent CONNQL_CLUSTER_DIR=/nonexistent " +
                               std::string(CONNQL_BINARY) + " run -",
                           "SHOW CONNECTORS;");
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(r.out.find("no Kafka Connect cluster is configured"), std::string::npos) << r.out;
}

TEST_F(Cluster, ParallelCreatesKeepStatementOrder) {
    std::string prefix = unique("par");
    std::string script;
    for (int i = 0; i < 8; ++i) script += source(prefix + "-" + std::to_string(i), "par");
    ASSERT_EQ(connql(script).exit_code, 0);
    ASSERT_EQ(count_eventually(prefix + "-%", 8), 8u);
    std::string names;
    for (int i = 0; i < 8; ++i) names += std::string(i ? ", " : "") + "`" + prefix + "-" + std::to_string(i) + "`";
    ASSERT_EQ(connql("DROP CONNECTOR " + names + ";").exit_code, 0);

    // In parallel too, results come in statement order and a failure names its own line.
    Result parallel = connql(script, "--parallel 4 --output json");
    ASSERT_EQ(parallel.exit_code, 0) << parallel.out;
    nlohmann::json entities = nlohmann::json::parse(parallel.out.substr(parallel.out.find('[')));
    ASSERT_EQ(entities.size(), 8u);
    for (int i = 0; i < 8; ++i) EXPECT_EQ(entities[i]["info"]["name"], prefix + "-" + std::to_string(i));
    Result again = connql(source(prefix + "-new", "par") + source(prefix + "-3", "par"), "--parallel 4");
    EXPECT_EQ(again.exit_code, 1);
    EXPECT_NE(again.out.find("<stdin>:2:25: error: connector '" + prefix + "-3' already exists"), std::string::npos)
        << again.out;
    ASSERT_EQ(connql("DROP CONNECTOR " + names + ", `" + prefix + "-new`;").exit_code, 0);
}

TEST_F(Cluster, DebeziumPostgresCdcExample) {
    // scripts/test.sh starts the cluster with --with-debezium: PostgreSQL with
    // logical replication and Debezium's connector on the workers' plugin.path.
    std::string pg_port = env_or_fail("PG_PORT");
    std::string example = std::string(CONNQL_SOURCE_DIR) + "/examples/debezium-postgres-cdc.sql";
    Result created = connql("SET 'connql.wait' = 'running';\nRUN SCRIPT '" + example + "';", "--define pg_host=127.0.0.1 --define pg_port=" + pg_port);
    ASSERT_EQ(created.exit_code, 0) << created.out;
    Result insert = run_command("PGPASSWORD=connql psql -h 127.0.0.1 -p " + pg_port +
                                " -U connql shop -c \"INSERT INTO inventory.orders (item, quantity) VALUES ('cable', 7)\"");
    ASSERT_EQ(insert.exit_code, 0) << insert.out;
    nlohmann::json printed;
    bool found = false;
    for (int i = 0; i < 60 && !found; ++i) {  // the snapshot and the stream take a few seconds
        Result r = connql("PRINT 'cdc.orders' FROM BEGINNING LIMIT 3;", "--output json");
        if (r.exit_code != 0) {
            std::this_thread::sleep_for(std::chrono::milliseconds(500));
            continue;
        }
        printed = nlohmann::json::parse(r.out.substr(r.out.find('[')));
        for (const auto& record : printed[0]["records"]) {
            found = found || record["value"].get<std::string>().find("\"cable\"") != std::string::npos;
        }
    }
    ASSERT_TRUE(found) << printed.dump(2);
    // ExtractNewRecordState flattened the change event to the row (plus the added fields).
    for (const auto& record : printed[0]["records"]) {
        nlohmann::json row = nlohmann::json::parse(record["value"].get<std::string>());
        EXPECT_TRUE(row.contains("item")) << row.dump();
        EXPECT_TRUE(row.contains("__op")) << row.dump();
        EXPECT_FALSE(row.contains("before")) << row.dump();
    }
    drop("`source-debezium-orders-01`");
}

}  // namespace
}  // namespace connql::testing
