// The connql binary as users run it: exit codes, table and JSON output, options.
#include <array>
#include <cstdio>
#include <fstream>
#include <filesystem>

#include <nlohmann/json.hpp>

#include "helpers.h"
#include "subprocess.h"

namespace connql::testing {
namespace {

namespace fs = std::filesystem;

class TempDir {
public:
    TempDir() : path_(fs::temp_directory_path() / ("connql_test_" + std::to_string(::getpid()) + "_" +
                                                   std::to_string(counter_++))) {
        fs::create_directories(path_);
    }
    ~TempDir() { fs::remove_all(path_); }
    std::string write(const std::string& name, const std::string& text) const {
        fs::path file = path_ / name;
        fs::create_directories(file.parent_path());
        std::ofstream(file) << text;
        return file.string();
    }
    std::string path() const { return path_.string(); }

private:
    static inline int counter_ = 0;
    fs::path path_;
};

const char* kSource =
    "CREATE SOURCE CONNECTOR src USING 'FileStreamSource' WITH (file = '/tmp/in', topic = '${topic}');\n";

TEST(Cli, ExplainJsonHasOneObjectPerCreate) {
    TempDir dir;
    std::string file = dir.write("a.sql",
                                 std::string("DEFINE topic = 'orders';\n") + kSource +
                                     "SHOW CONNECTORS;\nCREATE SINK CONNECTOR snk USING 'FileStreamSink' WITH (topics = "
                                     "'orders', file = '/tmp/out', 'connection.password' = 'hunter2');\n");
    Result r = run("explain --output json " + file);
    ASSERT_EQ(r.exit_code, 0) << r.out;
    auto json = nlohmann::json::parse(r.out);
    ASSERT_EQ(json.size(), 2u);
    EXPECT_EQ(json[0]["name"], "src");
    EXPECT_EQ(json[0]["config"]["topic"], "orders");
    EXPECT_EQ(json[0]["config"]["connector.class"], "org.apache.kafka.connect.file.FileStreamSourceConnector");
    EXPECT_EQ(json[1]["config"]["connection.password"], "[hidden]");
    EXPECT_EQ(r.out.find("hunter2"), std::string::npos);

    Result shown = run("explain --show-secrets -o json " + file);
    EXPECT_EQ(nlohmann::json::parse(shown.out)[1]["config"]["connection.password"], "hunter2");
}

TEST(Cli, ExplainTable) {
    Result r = run("explain --define topic=t1 -", kSource);
    ASSERT_EQ(r.exit_code, 0) << r.out;
    EXPECT_NE(r.out.find("CREATE SOURCE CONNECTOR src  (<stdin>:1)"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find(" Property        | Value"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find(" topic           | t1"), std::string::npos) << r.out;
}

TEST(Cli, SyntaxErrorExitsTwoWithPosition) {
    TempDir dir;
    std::string file = dir.write("bad.sql", "SHOW CONNECTORS;\nCREATE SOURCE CONNECTOR x WTH ('a' = 'b');\n");
    Result r = run("explain " + file);
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(r.out.find(file + ":2:27: error: unexpected 'WTH'"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find(" 2 | CREATE SOURCE CONNECTOR x WTH ('a' = 'b');\n   |                           ^"),
              std::string::npos)
        << r.out;
    EXPECT_NE(r.out.find("hint: did you mean WITH?"), std::string::npos) << r.out;
}

TEST(Cli, CompileErrorExitsTwoAndPrintsNothingElse) {
    Result r = run("explain -", "CREATE SOURCE CONNECTOR a USING 'FileStreamSource';\nCREATE SOURCE CONNECTOR x USING "
                             "'FileStreamSource' ON ERROR SEND TO DEAD LETTER TOPIC 'd';\n");
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(r.out.find("<stdin>:2:"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("dead letter topic applies to sink connectors only"), std::string::npos) << r.out;
    EXPECT_EQ(r.out.find("CREATE SOURCE CONNECTOR a"), std::string::npos) << "the first statement was printed: " << r.out;
}

TEST(Cli, UndefinedVariableWithoutDefine) {
    Result r = run("explain -", kSource);
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(r.out.find("undefined variable 'topic'"), std::string::npos) << r.out;
}

TEST(Cli, KsqldbDialect) {
    Result r = run("explain --dialect ksqldb -o json -",
                "CREATE SOURCE CONNECTOR jdbc WITH ('connector.class' = 'X', 'tasks.max' = 1, '${undefined}' = 'v');");
    ASSERT_EQ(r.exit_code, 0) << r.out;
    auto json = nlohmann::json::parse(r.out);
    EXPECT_EQ(json[0]["name"], "JDBC");
    EXPECT_EQ(json[0]["config"]["${undefined}"], "v");
}

TEST(Cli, DirectoriesRunInPathOrderAndRunScriptIncludes) {
    TempDir dir;
    dir.write("migrations/002_second.sql", "CREATE SOURCE CONNECTOR second USING 'FileStreamSource';");
    dir.write("migrations/001_first.sql", "DEFINE topic = 'from-first'; RUN SCRIPT 'shared/common.sql';");
    dir.write("migrations/shared/common.sql", kSource);
    dir.write("migrations/notes.txt", "not sql");
    Result r = run("explain -o json " + dir.path() + "/migrations");
    ASSERT_EQ(r.exit_code, 0) << r.out;
    auto json = nlohmann::json::parse(r.out);
    ASSERT_EQ(json.size(), 3u) << r.out;  // common.sql is read by RUN SCRIPT and also found in the directory
    EXPECT_EQ(json[0]["name"], "src");
    EXPECT_EQ(json[0]["config"]["topic"], "from-first");
    EXPECT_EQ(json[1]["name"], "second");
}

TEST(Cli, RunScriptOfAMissingFile) {
    Result r = run("explain -", "RUN SCRIPT '/nonexistent/x.sql';");
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(r.out.find("<stdin>:1:12: error: cannot read '/nonexistent/x.sql'"), std::string::npos) << r.out;
}

TEST(Cli, RunScriptThatRunsItself) {
    TempDir dir;
    std::string file = dir.write("loop.sql", "RUN SCRIPT 'loop.sql';");
    Result r = run("explain " + file);
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(r.out.find("RUN SCRIPT nests more than"), std::string::npos) << r.out;
}

TEST(Cli, UsageErrors) {
    EXPECT_EQ(run("explain").exit_code, 2);
    EXPECT_EQ(run("explain --output xml x.sql").exit_code, 2);
    EXPECT_EQ(run("--bogus").exit_code, 2);
    Result missing = run("explain /nonexistent.sql");
    EXPECT_EQ(missing.exit_code, 2);
    EXPECT_NE(missing.out.find("cannot read '/nonexistent.sql'"), std::string::npos) << missing.out;
    Result define = run("explain --define novalue -", "SHOW CONNECTORS;");
    EXPECT_EQ(define.exit_code, 2);
    EXPECT_NE(define.out.find("--define takes name=value"), std::string::npos) << define.out;
}

TEST(Cli, DefineNeverSwallowsTheFiles) {
    TempDir dir;
    std::string a = dir.write("a.sql", kSource);
    std::string b = dir.write("b.sql", "CREATE SINK CONNECTOR snk USING 'FileStreamSink' WITH (topics = '${topic}');");
    for (const std::string& define : {std::string("-d topic=t1"), std::string("--define topic=t1"),
                                      std::string("--define=topic=t1")}) {
        Result r = run("explain -o json " + define + " " + a + " " + b);
        ASSERT_EQ(r.exit_code, 0) << define << ": " << r.out;
        auto json = nlohmann::json::parse(r.out);
        ASSERT_EQ(json.size(), 2u) << define << ": " << r.out;
        EXPECT_EQ(json[1]["config"]["topics"], "t1");
    }
    Result two = run("explain -o json -d topic=t1 -d other=x " + a);
    EXPECT_EQ(two.exit_code, 0) << two.out;
}

TEST(Cli, ClusterOptionNamesAConfigFileCluster) {
    TempDir dir;
    std::string config = dir.write("clusters.json", R"({"clusters": {"prod": {"urls": ["http://127.0.0.1:1"]}}})");
    Result unknown = run_command("CONNQL_CONFIG=" + config + " " + CONNQL_BINARY + " run --cluster prd -", "SHOW CONNECTORS;");
    EXPECT_EQ(unknown.exit_code, 2);
    EXPECT_NE(unknown.out.find("no cluster named 'prd' in the config file"), std::string::npos) << unknown.out;
    EXPECT_NE(unknown.out.find("the config file defines: prod"), std::string::npos) << unknown.out;
    // A known one is used: its worker refuses the connection, and the error names it.
    Result known = run_command("CONNQL_CONFIG=" + config + " " + CONNQL_BINARY + " run --cluster prod -", "SHOW CONNECTORS;");
    EXPECT_EQ(known.exit_code, 1);
    EXPECT_NE(known.out.find("cannot connect to Kafka Connect at http://127.0.0.1:1"), std::string::npos) << known.out;
    Result both = run("run --cluster prod --connect-url http://x -", "SHOW CONNECTORS;");
    EXPECT_EQ(both.exit_code, 2) << both.out;
    EXPECT_NE(run("repl --help").out.find("--cluster"), std::string::npos);
}

TEST(Cli, ExplainRejectsWhatRunWouldReject) {
    Result r = run("explain -", "SET 'connql.wait' = 'yes';\nCREATE SOURCE CONNECTOR a USING 'FileStreamSource';");
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(r.out.find("<stdin>:1:21: error: 'yes' is not a valid value for connql.wait"), std::string::npos) << r.out;
    Result offsets = run("explain -", "ALTER CONNECTOR c SET OFFSETS 'nope';");
    EXPECT_EQ(offsets.exit_code, 2);
    EXPECT_NE(offsets.out.find("SET OFFSETS takes JSON"), std::string::npos) << offsets.out;
}

TEST(Cli, CompileErrorInJsonModeIsAJsonEntityOnStdout) {
    // stdout alone (stderr has the rendered error): sh applies the inner redirection.
    std::string command = "sh -c '" + std::string(CONNQL_BINARY) + " run -o json --connect-url http://127.0.0.1:1 - 2>/dev/null'";
    Result r = run_command(command, "SHOW CONNECTORS;\nCREATE SOURCE CONNECTOR x WTH (a = 'b');");
    EXPECT_EQ(r.exit_code, 2);
    auto json = nlohmann::json::parse(r.out);  // stdout alone: one JSON array, nothing else
    ASSERT_EQ(json.size(), 1u);
    EXPECT_EQ(json[0]["@type"], "statement_error");
    EXPECT_EQ(json[0]["error_code"], 40001);
    EXPECT_EQ(json[0]["line"], 2);
    EXPECT_EQ(json[0]["column"], 27);
    EXPECT_EQ(json[0]["entities"], nlohmann::json::array());
    Result usage = run_command("sh -c '" + std::string(CONNQL_BINARY) + " run -o json /nonexistent.sql 2>/dev/null'");
    EXPECT_EQ(usage.exit_code, 2);
    EXPECT_EQ(nlohmann::json::parse(usage.out)[0]["error_code"], 40000);
}

TEST(Cli, PipedReplExitsNonZeroAfterARejectedStatement) {
    Result r = run_command(std::string(CONNQL_BINARY) + " repl --connect-url http://127.0.0.1:1",
                           "SET 'connql.wait' = 'bad';\nDEFINE x = 'y';\nSHOW VARIABLES;\n");
    EXPECT_EQ(r.exit_code, 2) << r.out;
    EXPECT_NE(r.out.find("Variable Name"), std::string::npos) << "the session went on: " << r.out;
}

TEST(Cli, ShowVariablesShowsThemAsTheyAreAtThatStatement) {
    Result r = run("run -o json --connect-url http://127.0.0.1:1 -",
                   "DEFINE a = '1'; SHOW VARIABLES; UNDEFINE a; DEFINE b = '2'; SHOW VARIABLES;");
    ASSERT_EQ(r.exit_code, 0) << r.out;
    auto json = nlohmann::json::parse(r.out);
    ASSERT_EQ(json.size(), 2u) << r.out;
    EXPECT_EQ(json[0]["variables"], nlohmann::json::parse(R"([{"name": "a", "value": "1"}])"));
    EXPECT_EQ(json[1]["variables"], nlohmann::json::parse(R"([{"name": "b", "value": "2"}])"));
}

TEST(Cli, KsqlClientsConnectionChecksGetEmptyStreamsTablesAndTheProperties) {
    // cube.js and ksql-python test a connection with SHOW STREAMS/TABLES/PROPERTIES.
    Result r = run("run -o json --connect-url http://127.0.0.1:1 -",
                   "SHOW STREAMS; LIST TABLES; SHOW QUERIES; SET 'connql.wait' = 'running'; SHOW PROPERTIES;");
    ASSERT_EQ(r.exit_code, 0) << r.out;
    auto json = nlohmann::json::parse(r.out);
    ASSERT_EQ(json.size(), 5u) << r.out;
    EXPECT_EQ(json[0]["@type"], "streams");
    EXPECT_EQ(json[0]["streams"], nlohmann::json::array());
    EXPECT_EQ(json[1]["tables"], nlohmann::json::array());
    EXPECT_EQ(json[2]["queries"], nlohmann::json::array());
    EXPECT_EQ(json[4]["@type"], "properties");
    EXPECT_EQ(json[4]["properties"][0], nlohmann::json::parse(R"({"name": "connql.wait", "scope": "SESSION", "value": "running"})"));
    // The new words stay usable as names.
    Result names = run("explain -", "CREATE SOURCE CONNECTOR tables USING 'FileStreamSource' WITH (topic = 'streams');");
    EXPECT_EQ(names.exit_code, 0) << names.out;
}

TEST(Cli, ServeRefusesToListenBeyondLoopbackWithoutAuthentication) {
    Result r = run("serve --listen 0.0.0.0:0 --connect-url http://127.0.0.1:1");
    EXPECT_EQ(r.exit_code, 2) << r.out;
    EXPECT_NE(r.out.find("with no authentication"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("--users FILE"), std::string::npos) << r.out;
    Result bad = run("serve --listen nowhere --connect-url http://127.0.0.1:1");
    EXPECT_EQ(bad.exit_code, 2);
    EXPECT_NE(bad.out.find("--listen takes HOST:PORT"), std::string::npos) << bad.out;
}

TEST(Cli, OptionsWithoutACommandAreTheRepls) {
    Result r = run("--connect-url http://127.0.0.1:1", "DEFINE x = 'y';\nSHOW VARIABLES;\n");
    EXPECT_EQ(r.exit_code, 0) << r.out;
    EXPECT_NE(r.out.find(" x             | y "), std::string::npos) << r.out;
}

TEST(Cli, AnErrorInARunScriptFileIsQuotedFromThatFile) {
    TempDir dir;
    dir.write("child.sql", "SHOW CONNECTORS;\nCREATE SOURCE CONNECTOR x WTH (a = 'b');\n");
    std::string parent = dir.write("parent.sql", "RUN SCRIPT 'child.sql';\n");
    for (const char* command : {"explain ", "run --connect-url http://127.0.0.1:1 "}) {
        Result r = run(command + parent);
        EXPECT_EQ(r.exit_code, 2) << r.out;
        EXPECT_NE(r.out.find("child.sql:2:27: error: unexpected 'WTH'"), std::string::npos) << r.out;
        EXPECT_NE(r.out.find(" 2 | CREATE SOURCE CONNECTOR x WTH (a = 'b');"), std::string::npos) << r.out;
    }
    // In JSON mode the error is rendered once on stderr, and once as JSON on stdout.
    Result json = run("explain -o json " + parent);
    size_t first = json.out.find("error: unexpected 'WTH'");
    EXPECT_NE(first, std::string::npos) << json.out;
    EXPECT_EQ(json.out.find("error: unexpected 'WTH'", first + 1), std::string::npos) << json.out;
}

TEST(Cli, VersionAndHelp) {
    Result version = run("--version");
    EXPECT_EQ(version.exit_code, 0);
    EXPECT_EQ(version.out.rfind("connql ", 0), 0u) << version.out;
    Result help = run("--help");
    EXPECT_EQ(help.exit_code, 0);
    EXPECT_NE(help.out.find("explain"), std::string::npos);
    Result explain_help = run("explain --help");
    EXPECT_NE(explain_help.out.find("--dialect"), std::string::npos);
}

}  // namespace
}  // namespace connql::testing
