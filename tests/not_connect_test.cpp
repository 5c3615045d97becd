// URLs that are not Kafka Connect (issue 7, item 7). A real worker cannot be made
// to answer HTML, stay silent on an open connection, or refuse credentials without
// the secured cluster: these stand-ins on loopback do, and only for that.
#include <atomic>
#include <chrono>

#include <nlohmann/json.hpp>

#include "loopback_server.h"
#include "subprocess.h"
#include "helpers.h"

namespace connql::testing {
namespace {

Result show_connectors(const std::string& url, const std::string& before = "") {
    return run("run --connect-url " + url + " -", before + "SHOW CONNECTORS;");
}

TEST(NotConnect, AnHtmlPageIsNamedForWhatItIs) {
    LoopbackServer web([](const std::string&) {
        return LoopbackServer::answer(200, "text/html", "<!DOCTYPE html>\n<html><head><title>Grafana</title></head></html>");
    });
    Result r = show_connectors(web.url());
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.out.find(web.url() + " does not look like a Kafka Connect worker (it answered 200 text/html: "
                                     "\"<!DOCTYPE html> <html><head><title>Grafana</title></head></html>\")"),
              std::string::npos)
        << r.out;
    EXPECT_NE(r.out.find("hint: check the URL"), std::string::npos) << r.out;
}

TEST(NotConnect, AnAnswerThatIsNotUtf8StillGivesValidJson) {
    LoopbackServer web([](const std::string&) {
        return LoopbackServer::answer(200, "text/html; charset=iso-8859-1", "<html>Caf\xe9 \xfc\xe4</html>");
    });
    Result r = run_command("sh -c '" + std::string(CONNQL_BINARY) + " run -o json --connect-url " + web.url() +
                           " - 2>/dev/null'", "SHOW CONNECTORS;");
    EXPECT_EQ(r.exit_code, 1) << r.out;
    nlohmann::json entities = nlohmann::json::parse(r.out);  // stdout: valid JSON
    ASSERT_EQ(entities.size(), 1u);
    EXPECT_EQ(entities[0]["@type"], "statement_error");
}

TEST(NotConnect, AnotherJsonServiceIsAskedWhatItIs) {
    // A JSON error without Connect's {"error_code", "message"}: connql asks GET /, which
    // a worker answers with its version, and this service does not.
    LoopbackServer api([](const std::string&) {
        return LoopbackServer::answer(404, "application/json", "{\"error\": \"no route\", \"path\": \"/connectors\"}");
    });
    Result r = show_connectors(api.url());
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.out.find("does not look like a Kafka Connect worker (it answered 404 application/json: "
                         "\"{\"error\": \"no route\", \"path\": \"/connectors\"}\")"),
              std::string::npos)
        << r.out;
    EXPECT_EQ(api.requests(), 2);  // the request and the one look at GET /
}

TEST(NotConnect, AReadThatHitAnExceptionInTheWorkerIsAskedAgain) {
    // Connect 3.9 can throw a ConcurrentModificationException while it lists connectors
    // and task configs change (seen in this project's benchmark); it answers 500 with a
    // null message. A real worker cannot be made to do that on demand: a stand-in does.
    std::atomic<int> calls{0};
    LoopbackServer worker([&](const std::string&) {
        if (calls++ == 0) return LoopbackServer::answer(500, "application/json", R"({"error_code":500,"message":null})");
        return LoopbackServer::answer(200, "application/json", "{}");
    });
    Result r = show_connectors(worker.url());
    EXPECT_EQ(r.exit_code, 0) << r.out;
    EXPECT_EQ(worker.requests(), 2);
    // A change is never sent again on such an answer: it may have been applied.
    calls = 0;
    Result create = run("run --connect-url " + worker.url() + " -",
                        "CREATE SOURCE CONNECTOR x USING 'FileStreamSource' WITH (topic = 't');");
    EXPECT_EQ(create.exit_code, 1) << create.out;
}

TEST(NotConnect, ALongAnswerIsCutShort) {
    LoopbackServer web([](const std::string&) { return LoopbackServer::answer(200, "text/plain", std::string(5000, 'x')); });
    Result r = show_connectors(web.url());
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.out.find(std::string(80, 'x') + "...\")"), std::string::npos) << r.out.substr(0, 400);
    EXPECT_EQ(r.out.find(std::string(81, 'x')), std::string::npos);
}

TEST(NotConnect, APortThatNeverAnswersFailsWithinTheTimeout) {
    LoopbackServer silent([](const std::string&) { return std::string(); });
    auto started = std::chrono::steady_clock::now();
    Result r = show_connectors(silent.url(), "SET 'connql.timeout' = '2s';\n");
    auto seconds = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now() - started).count();
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.out.find("GET " + silent.url() + "/connectors?expand=status&expand=info timed out: no answer within 2s "
                                                 "(the request timeout; SET 'connql.timeout' = '2m' allows more)"),
              std::string::npos)
        << r.out;
    EXPECT_LT(seconds, 6) << "a silent worker is not asked again until the retry deadline";
    EXPECT_EQ(silent.requests(), 1);
}

TEST(NotConnect, RefusedCredentialsNameTheUserNeverThePassword) {
    LoopbackServer secured([](const std::string&) {
        return LoopbackServer::answer(401, "text/html", "<html><body>User cannot access the resource.</body></html>");
    });
    std::string config = ::testing::TempDir() + "connql-auth-clusters.json";
    std::ofstream(config) << R"({"clusters": {"prod": {"urls": [")" + secured.url() +
                                 R"("], "username": "ops", "password_env": "TEST_CONNECT_PASSWORD"}}})";
    Result r = run_command("CONNQL_CONFIG=" + config + " TEST_CONNECT_PASSWORD=s3cr3t-pw " + CONNQL_BINARY +
                               " run --cluster prod -",
                           "SHOW CONNECTORS;");
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.out.find("authentication failed for user 'ops' at " + secured.url() + " (401)"), std::string::npos)
        << r.out;
    EXPECT_EQ(r.out.find("s3cr3t-pw"), std::string::npos) << r.out;
    std::remove(config.c_str());
}

}  // namespace
}  // namespace connql::testing
