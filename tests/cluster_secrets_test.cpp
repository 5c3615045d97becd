// The secret corpus (tests/secret_corpus.h) through every output channel that
// needs the real cluster: CREATE's result, DESCRIBE EXTENDED, SHOW CREATE (and
// running it again with its variables), EXPLAIN ALTER, VALIDATE, CONNQL_TRACE; in
// tables and in JSON.
#include "cluster_fixture.h"
#include "secret_corpus.h"

namespace connql::testing {
namespace {


#define EXPECT_NO_LEAK(result) EXPECT_EQ(leaks((result).out), std::vector<std::string>{}) << (result).out

std::string quoted(const std::string& text) {
    std::string out = "'";
    for (char c : text) {
        out += c;
        if (c == '\'') out += '\'';
    }
    return out + "'";
}

std::string with_corpus() {
    std::string text;
    for (const SecretShape& shape : secret_corpus()) text += ",\n  " + quoted(shape.key) + " = " + quoted(shape.value);
    return text;
}

TEST_F(Cluster, SecretsOfTheCorpusAppearInNoOutput) {
    std::string name = unique("corpus");
    std::string create = "CREATE SINK CONNECTOR `" + name + "` USING 'FileStreamSink' WITH (topics = 'corpus', file = '/tmp/" +
                         name + ".txt'" + with_corpus() + ");";
    Result created = connql(create, "--output json");
    ASSERT_EQ(created.exit_code, 0) << created.out;
    EXPECT_NO_LEAK(created);
    EXPECT_NE(created.out.find("\"connection.password\": \"[hidden]\""), std::string::npos) << created.out;

    for (const char* output : {"", "--output json"}) {
        Result described = connql("DESCRIBE CONNECTOR `" + name + "` EXTENDED;", output);
        EXPECT_EQ(described.exit_code, 0) << described.out;
        EXPECT_NO_LEAK(described);
        EXPECT_NE(described.out.find("jdbc:postgresql://app:***@db.internal:5432/shop"), std::string::npos) << described.out;

        Result explained = connql("EXPLAIN ALTER CONNECTOR `" + name + "` SET ('tasks.max' = 1);", output);
        EXPECT_EQ(explained.exit_code, 0) << explained.out;
        EXPECT_NO_LEAK(explained);

        Result validated = connql("VALIDATE CREATE SINK CONNECTOR v USING 'FileStreamSink' WITH (file = '/tmp/v.txt'" +
                                      with_corpus() + ");",
                                  output);
        EXPECT_EQ(validated.exit_code, 1) << validated.out;  // no topics: Connect reports an error
        EXPECT_NO_LEAK(validated);
    }

    // SHOW CREATE names variables instead of the secrets...
    nlohmann::json shown = json("SHOW CREATE CONNECTOR `" + name + "`;");
    std::string statement = shown[0]["statement"];
    EXPECT_EQ(leaks(statement), std::vector<std::string>{}) << statement;
    EXPECT_EQ(leaks(shown.dump()), std::vector<std::string>{});
    EXPECT_NE(statement.find("-- Secrets are not shown."), std::string::npos) << statement;
    // ...run as it is, it changes nothing (an undefined variable, exit 2)...
    auto live_config = [&] {  // unmasked, from the worker itself
        Result r = run_command("curl -sf '" + urls().substr(0, urls().find(',')) + "/connectors/" + name + "/config'");
        return nlohmann::json::parse(r.out);
    };
    nlohmann::json before = live_config();
    ASSERT_EQ(before["connection.password"], "hunter2-s01");
    std::string replace = statement;
    replace.replace(replace.find("CREATE SINK"), std::string("CREATE").size(), "CREATE OR REPLACE");
    Result bare = connql(replace);
    EXPECT_EQ(bare.exit_code, 2) << bare.out;
    EXPECT_NE(bare.out.find("undefined variable"), std::string::npos) << bare.out;
    EXPECT_NO_LEAK(bare);
    // ...and with its variables defined, it gives back the same live config.
    std::string defines;
    std::string prefix;
    for (char c : name) prefix += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
    for (const SecretShape& shape : secret_corpus()) {
        std::string variable = prefix + "_";
        for (char c : shape.key) variable += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
        defines += "DEFINE " + variable + " = " + quoted(shape.value) + ";\n";
    }
    Result again = connql(defines + replace, "--output json");
    EXPECT_EQ(again.exit_code, 0) << again.out.substr(0, 2000);
    EXPECT_NO_LEAK(again);
    EXPECT_EQ(live_config(), before);

    // The request trace never shows bodies, so no secret either.
    Result traced = run_command("CONNQL_TRACE=1 " + std::string(CONNQL_BINARY) + " run --connect-url '" + urls() + "' -",
                                "SHOW CREATE CONNECTOR `" + name + "`;\nDESCRIBE CONNECTOR `" + name + "` EXTENDED;");
    EXPECT_EQ(traced.exit_code, 0) << traced.out;
    EXPECT_NE(traced.out.find("connql: GET "), std::string::npos) << traced.out;
    EXPECT_NO_LEAK(traced);
    drop("`" + name + "`");
}

TEST_F(Cluster, TaskTracesAreScrubbed) {
    // The sink's file path quotes a URL with a password; the task's exception quotes the path.
    std::string name = unique("trace");
    Result r = connql("SET 'connql.wait' = 'running';\nCREATE SINK CONNECTOR `" + name +
                          "` USING 'FileStreamSink' WITH (topics = 't', file = '/nonexistent/jdbc:mysql://app:tracepw-s51@db/x.txt');",
                      "--output json");
    EXPECT_EQ(r.exit_code, 1) << r.out;
    EXPECT_EQ(r.out.find("tracepw-s51"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("app:***@db"), std::string::npos) << r.out;
    for (const char* output : {"", "--output json"}) {
        Result described = connql("DESCRIBE CONNECTOR `" + name + "`;", output);
        EXPECT_EQ(described.out.find("tracepw-s51"), std::string::npos) << described.out;
    }
    drop("`" + name + "`");
}

}  // namespace
}  // namespace connql::testing
