// Everything checkable is checked before anything runs (issue 6, item 2): the
// engine's prepare() rejects bad SET values, unknown connql.* properties, bad
// SET OFFSETS JSON, static ALTER errors and a missing cluster, at their position.
#include <cstdlib>
#include <fstream>

#include "engine/prepare.h"
#include "engine/session.h"
#include "helpers.h"

namespace connql::testing {
namespace {

// A session with no cluster and no config file, whatever the environment says.
class Prepare : public ::testing::Test {
protected:
    void SetUp() override {
        for (const char* name : {"CONNQL_CONNECT_URL", "CONNQL_CONFIG", "CONNQL_CLUSTER_DIR", "CONNQL_BOOTSTRAP_SERVERS"}) {
            const char* value = std::getenv(name);
            saved_.emplace_back(name, value ? std::optional<std::string>(value) : std::nullopt);
        }
        ::unsetenv("CONNQL_CONNECT_URL");
        ::unsetenv("CONNQL_BOOTSTRAP_SERVERS");
        ::setenv("CONNQL_CONFIG", "/nonexistent/clusters.json", 1);
        ::setenv("CONNQL_CLUSTER_DIR", "/nonexistent", 1);
    }
    void TearDown() override {
        for (const auto& [name, value] : saved_) {
            if (value) {
                ::setenv(name.c_str(), value->c_str(), 1);
            } else {
                ::unsetenv(name.c_str());
            }
        }
    }

    static PreparedScript prepare_text(const std::string& text, SessionOptions options = {}, bool require_cluster = false) {
        Session session = Session::open(options);
        PrepareOptions prepare_options;
        prepare_options.require_cluster = require_cluster;
        return prepare({{"<test>", text}}, session, prepare_options);
    }

    static Diagnostic prepare_error(const std::string& text, SessionOptions options = {}, bool require_cluster = false) {
        return error_of([&] { prepare_text(text, options, require_cluster); });
    }

private:
    std::vector<std::pair<std::string, std::optional<std::string>>> saved_;
};

TEST_F(Prepare, SetValuesAreChecked) {
    EXPECT_DIAGNOSTIC(prepare_error("SHOW VARIABLES;\nSET 'connql.wait' = 'sometimes';"), ErrorKind::Compile,
                      "'sometimes' is not a valid value for connql.wait (it takes 'running' or 'none')", 2, 21);
    EXPECT_DIAGNOSTIC(prepare_error("SET 'connql.timeout' = 'soon';"), ErrorKind::Compile,
                      "'soon' is not a valid value for connql.timeout (it takes a duration)", 1, 24);
    EXPECT_DIAGNOSTIC(prepare_error("SET 'connql.wait.timeout' = '0s';"), ErrorKind::Compile, "connql.wait.timeout", 1, 29);
    EXPECT_DIAGNOSTIC(prepare_error("SET 'connql.print.idle' = '-1';"), ErrorKind::Compile, "connql.print.idle", 1, 27);
    EXPECT_DIAGNOSTIC(prepare_error("SET 'connql.schema.registry.url' = 'registry';"), ErrorKind::Compile,
                      "not a valid value for connql.schema.registry.url", 1, 36);
    EXPECT_NO_THROW(prepare_text("SET 'connql.wait' = 'running'; SET 'connql.timeout' = '2m'; UNSET 'connql.wait';"));
}

TEST_F(Prepare, UnknownConnqlPropertySuggestsTheClosest) {
    Diagnostic set = prepare_error("SET 'connql.wiat' = 'running';");
    EXPECT_DIAGNOSTIC(set, ErrorKind::Compile, "unknown property 'connql.wiat'", 1, 5);
    EXPECT_EQ(set.hint, "did you mean 'connql.wait'?");
    Diagnostic unset = prepare_error("UNSET 'connql.timout';");
    EXPECT_DIAGNOSTIC(unset, ErrorKind::Compile, "unknown property 'connql.timout'", 1, 7);
    EXPECT_EQ(unset.hint, "did you mean 'connql.timeout'?");
    Diagnostic far = prepare_error("SET 'connql.zzzzzzzzzz' = 'x';");
    EXPECT_NE(far.hint.find("connql's properties are: connql.wait, "), std::string::npos) << far.hint;
}

TEST_F(Prepare, OtherPropertiesAreKeptWithAWarning) {
    PreparedScript script = prepare_text("SET 'auto.offset.reset' = 'earliest';");
    ASSERT_EQ(script.statements.size(), 1u);
    ASSERT_EQ(script.statements[0].warnings.size(), 1u);
    EXPECT_NE(script.statements[0].warnings[0].find("changes nothing in connql"), std::string::npos);
}

TEST_F(Prepare, SetOffsetsJsonIsChecked) {
    EXPECT_DIAGNOSTIC(prepare_error("ALTER CONNECTOR c SET OFFSETS '{\"offsets\": [';"), ErrorKind::Compile,
                      "SET OFFSETS takes JSON, and this is not JSON", 1, 31);
    EXPECT_DIAGNOSTIC(prepare_error("ALTER CONNECTOR c SET OFFSETS '[1, 2]';"), ErrorKind::Compile,
                      "an object with an \"offsets\" array", 1, 31);
    EXPECT_DIAGNOSTIC(prepare_error("ALTER CONNECTOR c SET OFFSETS '{\"offsets\": [{\"partition\": {}}]}';"),
                      ErrorKind::Compile, "needs a \"partition\" and an \"offset\"", 1, 31);
    PreparedScript ok = prepare_text(
        "ALTER CONNECTOR c SET OFFSETS '{\"offsets\": [{\"partition\": {\"f\": 1}, \"offset\": {\"p\": 0}}]}';");
    ASSERT_TRUE(ok.statements[0].offsets.has_value());
    EXPECT_EQ((*ok.statements[0].offsets)["offsets"][0]["offset"]["p"], 0);
}

TEST_F(Prepare, StaticAlterErrors) {
    EXPECT_DIAGNOSTIC(prepare_error("ALTER CONNECTOR c SET (name = 'other');"), ErrorKind::Compile,
                      "a connector cannot be renamed", 1, 24);
    EXPECT_DIAGNOSTIC(prepare_error("ALTER CONNECTOR c SET (a = '1', a = '2');"), ErrorKind::Compile,
                      "key 'a' appears twice in SET", 1, 33);
    EXPECT_DIAGNOSTIC(prepare_error("ALTER CONNECTOR c UNSET ('connector.class');"), ErrorKind::Compile,
                      "'connector.class' cannot be unset", 1, 26);
    Diagnostic type = prepare_error("ALTER CONNECTOR c ADD TRANSFORM t USING 'Fliter';");
    EXPECT_EQ(type.kind, ErrorKind::Compile);
    EXPECT_EQ(type.pos.line, 1);
    EXPECT_NE(type.message.find("Fliter"), std::string::npos) << type.message;
    // EXPLAIN ALTER goes through the same checks.
    EXPECT_DIAGNOSTIC(prepare_error("EXPLAIN ALTER CONNECTOR c SET (name = 'x');"), ErrorKind::Compile,
                      "a connector cannot be renamed", 1, 32);
}

TEST_F(Prepare, ValidateNeedsAClass) {
    // Validation asks Connect about a class: without one, nothing is sent.
    EXPECT_DIAGNOSTIC(prepare_error("VALIDATE CREATE SINK CONNECTOR v WITH (topics = 't');"), ErrorKind::Compile,
                      "connector 'v' has no connector class", 1, 34);
}

TEST_F(Prepare, StatementsThatTalkToTheClusterNeedOne) {
    // Session statements and EXPLAIN CREATE need no cluster; the rest are rejected
    // before anything runs, at the first statement that needs one.
    EXPECT_NO_THROW(prepare_text("DEFINE x = 'y'; SHOW VARIABLES; EXPLAIN CREATE SOURCE CONNECTOR a USING 'X';", {}, true));
    Diagnostic connect = prepare_error("SHOW VARIABLES;\nSHOW CONNECTORS;", {}, true);
    EXPECT_DIAGNOSTIC(connect, ErrorKind::Usage, "no Kafka Connect cluster is configured", 2, 1);
    SessionOptions connect_only;
    connect_only.connect_url = "http://127.0.0.1:1";  // and no CONNQL_BOOTSTRAP_SERVERS
    Diagnostic kafka = prepare_error("PRINT 'orders';", connect_only, true);
    EXPECT_DIAGNOSTIC(kafka, ErrorKind::Usage, "no Kafka brokers are configured", 1, 1);
}

TEST_F(Prepare, UseClusterIsCheckedAgainstTheConfigFile) {
    std::string config = ::testing::TempDir() + "connql-prepare-clusters.json";
    std::ofstream(config) << R"({"clusters": {"prod": {"urls": ["http://127.0.0.1:1"], "bootstrap_servers": "127.0.0.1:2"}}})";
    ::setenv("CONNQL_CONFIG", config.c_str(), 1);
    Diagnostic unknown = prepare_error("USE CLUSTER prd;", {}, true);
    EXPECT_DIAGNOSTIC(unknown, ErrorKind::Usage, "no cluster named 'prd' in the config file", 1, 13);
    EXPECT_EQ(unknown.hint, "the config file defines: prod");
    // After USE CLUSTER, the statements that need a cluster (and brokers) have one.
    EXPECT_NO_THROW(prepare_text("USE CLUSTER prod; SHOW CONNECTORS; PRINT 'x';", {}, true));
    std::remove(config.c_str());
}

TEST_F(Prepare, TraitsSayWhatChangesTheCluster) {
    PreparedScript script = prepare_text(
        "CREATE SOURCE CONNECTOR a USING 'X'; PAUSE CONNECTOR a; SHOW CONNECTORS; EXPLAIN CREATE SOURCE CONNECTOR "
        "b USING 'X'; DROP CONNECTOR a; SET 'connql.wait' = 'none';");
    std::vector<bool> changes;
    for (const PreparedStatement& s : script.statements) changes.push_back(s.traits.changes_cluster);
    EXPECT_EQ(changes, (std::vector<bool>{true, true, false, false, true, false}));
}

TEST_F(Prepare, AFailedScriptLeavesTheSessionAsItWas) {
    Session session = Session::open({});
    PrepareOptions options;
    options.require_cluster = false;
    EXPECT_THROW(prepare({{"<test>", "DEFINE a = '1'; SET 'connql.wait' = 'bad';"}}, session, options), Error);
    EXPECT_EQ(session.parse_state().variables.find("a"), nullptr);
    prepare({{"<test>", "DEFINE a = '1';"}}, session, options);
    ASSERT_NE(session.parse_state().variables.find("a"), nullptr);
}

}  // namespace
}  // namespace connql::testing
