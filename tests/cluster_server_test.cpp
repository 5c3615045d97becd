// `connql serve` over real HTTP (libcurl: HTTP/1.1 and h2c) against the real
// cluster (issue 9): every statement kind through /ksql and /v1/statements,
// ksqlDB's error shapes, authentication and roles with nothing applied, the
// limits, 200 concurrent requests, reads shared in flight, PRINT streamed and
// stopped when the client leaves, SIGTERM during a request, and no secret in
// responses, the access log or the metrics.
#include <openssl/evp.h>
#include <sys/wait.h>

#include <atomic>
#include <filesystem>
#include <regex>

#include "cluster_fixture.h"
#include "http_client.h"
#include "kafka/log.h"

namespace connql::testing {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::json;

// A `connql serve` process on an ephemeral port; its stderr (the access log) in a file.
class Server {
public:
    explicit Server(const std::string& options) {
        log_ = fs::temp_directory_path() / (unique("connql-serve") + ".log");
        const std::string command = std::string("exec ") + CONNQL_BINARY + " serve --listen 127.0.0.1:0 --connect-url '" +
                                    env_or_fail("CONNECT_URLS") + "' --bootstrap-servers " +
                                    env_or_fail("BOOTSTRAP_SERVERS") + " " + options + " 2> " + log_.string();
        pid_ = ::fork();
        if (pid_ == 0) {
            ::execl("/bin/sh", "sh", "-c", command.c_str(), static_cast<char*>(nullptr));
            ::_exit(127);
        }
        const std::regex listening("listening on https?://127\\.0\\.0\\.1:([0-9]+)");
        eventually([&] {
            std::smatch match;
            const std::string text = log();
            if (std::regex_search(text, match, listening)) port_ = std::stoi(match[1]);
            return port_ != 0 || exited();
        }, std::chrono::seconds(20));
        EXPECT_NE(port_, 0) << "connql serve did not start: " << log();
    }
    ~Server() {
        if (!exited()) {
            ::kill(pid_, SIGKILL);
            ::waitpid(pid_, nullptr, 0);
        }
        fs::remove(log_);
    }
    Server(const Server&) = delete;
    Server& operator=(const Server&) = delete;

    std::string url(const std::string& path) const { return "http://127.0.0.1:" + std::to_string(port_) + path; }
    std::string log() const {
        std::ifstream in(log_);
        return std::string(std::istreambuf_iterator<char>(in), {});
    }
    Fetched post(const std::string& path, const Json& body, Version version = Version::http1,
                 const std::vector<std::string>& headers = {"Content-Type: application/vnd.ksql.v1+json"}) const {
        const std::string text = body.dump();
        return fetch(version, url(path), &text, "", headers);
    }
    Fetched ksql(const std::string& statements, Version version = Version::http1,
                 const std::vector<std::string>& headers = {"Content-Type: application/vnd.ksql.v1+json"}) const {
        return post("/ksql", Json{{"ksql", statements}}, version, headers);
    }
    // Waits for the process to end; its exit status, or -1 if it did not end in time.
    int wait_exit(std::chrono::milliseconds limit) {
        int status = 0;
        bool ended = eventually([&] { return ::waitpid(pid_, &status, WNOHANG) == pid_; }, limit);
        if (!ended) return -1;
        exited_ = true;
        return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    }
    void signal(int number) const { ::kill(pid_, number); }

private:
    bool exited() {
        if (exited_) return true;
        int status = 0;
        exited_ = ::waitpid(pid_, &status, WNOHANG) == pid_;
        return exited_;
    }

    fs::path log_;
    pid_t pid_ = -1;
    int port_ = 0;
    bool exited_ = false;
};

// An empty topic (compacted, one partition: what kafka/log.h makes) for PRINTs that wait.
void kafka_create_topic(const std::string& topic) {
    kafka::LogOptions options;
    options.topic = topic;
    options.bootstrap_servers = env_or_fail("BOOTSTRAP_SERVERS");
    kafka::TopicLog(options).ensure_exists();
}

// connql_http_requests_in_flight from /metrics (which counts itself).
int in_flight(const Server& server) {
    std::smatch match;
    const std::string text = fetch(Version::http1, server.url("/metrics")).body;
    if (!std::regex_search(text, match, std::regex("connql_http_requests_in_flight ([0-9-]+)"))) return -1;
    return std::stoi(match[1]);
}

Json body_of(const Fetched& fetched) {
    Json json = Json::parse(fetched.body, nullptr, false);
    EXPECT_FALSE(json.is_discarded()) << "not JSON: " << fetched.body;
    return json;
}

class Serve : public Cluster {
protected:
    // A CREATE in ksqlDB's syntax (the /ksql endpoint's dialect: unquoted names are upper-cased).
    static std::string ksql_source(const std::string& name, const std::string& topic) {
        return "CREATE SOURCE CONNECTOR `" + name + "` WITH ('connector.class' = 'FileStreamSource', 'topic' = '" + topic +
               "', 'file' = '/tmp/" + name + ".txt');";
    }
};

TEST_F(Serve, EveryStatementKindThroughKsqlOverHttp11AndH2c) {
    Server server("");
    const std::string name = unique("srv");
    for (Version version : {Version::http1, Version::h2c}) {
        const std::string c = name + (version == Version::h2c ? "-h2" : "-h1");
        // ksqlDB's syntax (the ksqldb dialect is always on at /ksql), then connql's statements.
        Fetched created = server.ksql("CREATE SOURCE CONNECTOR `" + c +
                                          "` WITH ('connector.class' = 'FileStreamSource', 'topic' = 'srv', "
                                          "'file' = '/tmp/" + c + ".txt', 'tasks.max' = '1');",
                                      version);
        ASSERT_EQ(created.status, 200) << created.body;
        EXPECT_EQ(created.http_version, version == Version::h2c ? CURL_HTTP_VERSION_2_0 : CURL_HTTP_VERSION_1_1);
        EXPECT_EQ(created.content_type, "application/json");
        Json entity = body_of(created)[0];
        EXPECT_EQ(entity["@type"], "connector_info");
        EXPECT_EQ(entity["info"]["name"], c);
        EXPECT_TRUE(entity.contains("commandId"));
        EXPECT_EQ(entity["commandStatus"]["status"], "SUCCESS");
        // statementText masked as ksqlDB's QueryMask: values read '[string]'.
        EXPECT_EQ(entity["statementText"].get<std::string>().find("/tmp/"), std::string::npos) << entity;
        EXPECT_EQ(count_eventually(c, 1), 1u);

        const std::string script = "SHOW CONNECTORS; DESCRIBE CONNECTOR `" + c + "`; SHOW CREATE CONNECTOR `" + c +
                                   "`; PAUSE CONNECTOR `" + c + "`; RESUME CONNECTOR `" + c + "`; ALTER CONNECTOR `" + c +
                                   "` SET ('tasks.max' = '2'); SHOW CONNECTOR TOPICS `" + c +
                                   "`; SHOW CONNECTOR PLUGINS; SHOW TOPICS; SHOW VARIABLES; SHOW PROPERTIES; "
                                   "EXPLAIN CREATE SOURCE CONNECTOR e WITH ('connector.class' = 'FileStreamSource', "
                                   "'topic' = 't'); VALIDATE CREATE SOURCE CONNECTOR v WITH ('connector.class' = "
                                   "'FileStreamSource', 'topic' = 't');";
        Fetched all = server.ksql(script, version);
        ASSERT_EQ(all.status, 200) << all.body;
        std::vector<std::string> types;
        for (const Json& e : body_of(all)) types.push_back(e["@type"]);
        const std::vector<std::string> expected = {"connector_list",       "connector_description",
                                                   "connector_statement",  "connql_message",
                                                   "connql_message",       "connql_message",
                                                   "connector_topics",     "connector_plugins_list",
                                                   "kafka_topics",         "variables",
                                                   "properties",           "connector_explain",
                                                   "config_validation"};
        EXPECT_EQ(types.size(), expected.size()) << all.body;
        for (size_t i = 0; i < std::min(types.size(), expected.size()); ++i) {
            EXPECT_EQ(types[i], expected[i]) << i;
        }
        EXPECT_EQ(config_of(c)["tasks.max"], "2");
        Fetched dropped = server.ksql("DROP CONNECTOR `" + c + "`;", version);
        ASSERT_EQ(dropped.status, 200) << dropped.body;
        EXPECT_EQ(body_of(dropped)[0]["@type"], "drop_connector");
        EXPECT_EQ(body_of(dropped)[0]["connectorName"], c);
        EXPECT_EQ(count_eventually(c, 0), 0u);
    }
}

// The same statement kinds through the native endpoint (connql's dialect, `run -o
// json`'s shape), plus the ones that are connql's own: STOP, RESTART, offsets, plugins.
TEST_F(Serve, EveryStatementKindThroughTheNativeEndpointOverHttp11AndH2c) {
    Server server("");
    const std::string name = unique("nat");
    for (Version version : {Version::http1, Version::h2c}) {
        const std::string c = name + (version == Version::h2c ? "-h2" : "-h1");
        auto run = [&](const std::string& sql) { return server.post("/v1/statements", Json{{"sql", sql}}, version); };
        Fetched created = run(source(c, "nat"));
        ASSERT_EQ(created.status, 200) << created.body;
        EXPECT_EQ(created.http_version, version == Version::h2c ? CURL_HTTP_VERSION_2_0 : CURL_HTTP_VERSION_1_1);
        EXPECT_EQ(body_of(created)[0]["@type"], "connector_info");
        EXPECT_EQ(count_eventually(c, 1), 1u);

        const std::string q = "`" + c + "`";
        const std::vector<std::pair<std::string, std::string>> statements = {
            {"SHOW CONNECTORS", "connector_list"},
            {"DESCRIBE CONNECTOR " + q + " EXTENDED", "connector_description"},
            {"SHOW CREATE CONNECTOR " + q, "connector_statement"},
            {"PAUSE CONNECTOR " + q, "connql_message"},
            {"RESUME CONNECTOR " + q, "connql_message"},
            {"RESTART CONNECTOR " + q + " WITH TASKS", "connql_message"},
            {"ALTER CONNECTOR " + q + " SET ('tasks.max' = '2')", "connql_message"},
            {"SHOW CONNECTOR TOPICS " + q, "connector_topics"},
            {"STOP CONNECTOR " + q, "connql_message"},
            {"SHOW CONNECTOR OFFSETS " + q, "connector_offsets"},
            {"SHOW CONNECTOR PLUGINS", "connector_plugins_list"},
            {"DESCRIBE PLUGIN 'FileStreamSource'", "plugin_description"},
            {"SHOW TOPICS", "kafka_topics"},
            {"SHOW VARIABLES", "variables"},
            {"SET 'connql.wait' = 'none'", "connql_message"},
            {"SHOW PROPERTIES", "properties"},
            {"EXPLAIN CREATE SOURCE CONNECTOR e USING 'FileStreamSource' WITH (topic = 't')", "connector_explain"},
            {"VALIDATE CREATE SOURCE CONNECTOR v USING 'FileStreamSource' WITH (topic = 't')", "config_validation"},
        };
        std::string script = "DEFINE tag = 'x';\n";  // answers nothing: SHOW VARIABLES shows it
        for (const auto& statement : statements) script += statement.first + ";\n";
        Fetched all = run(script);
        ASSERT_EQ(all.status, 200) << all.body;
        const Json entities = body_of(all);
        ASSERT_EQ(entities.size(), statements.size()) << all.body;
        for (size_t i = 0; i < statements.size(); ++i) {
            EXPECT_EQ(entities[i]["@type"], statements[i].second) << statements[i].first << ": " << entities[i].dump();
        }
        EXPECT_EQ(entities[13].value("/variables/0/name"_json_pointer, ""), "tag") << entities[13];
        EXPECT_EQ(config_of(c)["tasks.max"], "2");
        Fetched dropped = run("DROP CONNECTOR " + q + ";");
        ASSERT_EQ(dropped.status, 200) << dropped.body;
        EXPECT_EQ(body_of(dropped)[0]["@type"], "drop_connector");
        EXPECT_EQ(count_eventually(c, 0), 0u);
    }
}

// SHOW ERRORS FOR CONNECTOR through both endpoints: the dead letter records of a sink
// that expects JSON with schemas and is given plain text.
TEST_F(Serve, ShowErrorsThroughBothEndpoints) {
    Server server("");
    const std::string topic = unique("srv-dlq-in"), dlq = unique("srv-dlq"), src = unique("srv-dlq-src"),
                      snk = unique("srv-dlq-snk");
    std::ofstream("/tmp/" + src + ".txt") << "plain text\n";
    ASSERT_EQ(connql(source(src, topic) + "CREATE SINK CONNECTOR `" + snk + "` USING 'FileStreamSink' WITH (topics = '" +
                     topic + "', file = '/tmp/" + snk + ".out') FORMAT VALUE JSON WITH SCHEMAS ON ERROR SEND TO DEAD "
                     "LETTER TOPIC '" + dlq + "' WITH CONTEXT HEADERS REPLICATION FACTOR 1;")
                  .exit_code,
              0);
    Fetched ksql;
    EXPECT_TRUE(eventually(
        [&] {
            ksql = server.ksql("SHOW ERRORS FOR CONNECTOR `" + snk + "` FROM BEGINNING;", Version::h2c);
            return ksql.status == 200 && body_of(ksql)[0]["records"].size() == 1;
        },
        std::chrono::seconds(90)))
        << ksql.body;
    Json entity = body_of(ksql)[0];
    EXPECT_EQ(entity["@type"], "connector_errors");
    EXPECT_EQ(entity["topic"], dlq);
    EXPECT_EQ(entity["records"][0]["context"]["topic"], topic);
    EXPECT_EQ(entity["records"][0]["context"]["stage"], "VALUE_CONVERTER");
    EXPECT_EQ(entity["records"][0]["value"], "plain text");
    Fetched native = server.post("/v1/statements", Json{{"sql", "SHOW ERRORS FOR CONNECTOR `" + snk + "` LIMIT 1;"}});
    ASSERT_EQ(native.status, 200) << native.body;
    EXPECT_EQ(body_of(native)[0]["records"][0]["context"]["exceptionClassName"],
              "org.apache.kafka.connect.errors.DataException");
    // A connector without a dead letter topic: the error names it.
    Fetched none = server.post("/v1/statements", Json{{"sql", "SHOW ERRORS FOR CONNECTOR `" + src + "`;"}});
    EXPECT_NE(none.status, 200);
    EXPECT_NE(body_of(none).dump().find("has no dead letter topic"), std::string::npos) << none.body;
    drop("`" + src + "`, `" + snk + "`");
}

TEST_F(Serve, TheNativeEndpointAndTheConnectorsList) {
    Server server("");
    const std::string name = unique("native");
    Fetched created = server.post("/v1/statements", Json{{"sql", source(name, "native")}, {"variables", {{"x", "1"}}}});
    ASSERT_EQ(created.status, 200) << created.body;
    EXPECT_EQ(body_of(created)[0]["@type"], "connector_info");
    EXPECT_FALSE(body_of(created)[0].contains("commandId"));  // connql's shape: run --output json
    // Another worker may learn of the new connector a moment later.
    Fetched listed;
    EXPECT_TRUE(eventually([&] {
        listed = fetch(Version::h2c, server.url("/v1/connectors"));
        bool found = false;
        if (listed.status == 200) {
            const Json list = body_of(listed);  // held: a loop over body_of(...)[...] would walk a dead temporary
            for (const Json& c : list["connectors"]) found = found || c["name"] == name;
        }
        return found;
    })) << listed.body;
    // The structured state beside ksqlDB's text (the web console's table).
    EXPECT_TRUE(eventually([&] {
        listed = fetch(Version::h2c, server.url("/v1/connectors"));
        if (listed.status != 200) return false;
        const Json list = body_of(listed);
        for (const Json& c : list["connectors"]) {
            if (c["name"] != name) continue;
            return c["connectorState"] == "RUNNING" && c["tasksTotal"] == 1 && c["tasksRunning"] == 1 &&
                   c["tasksFailed"] == 0 && c["type"] == "source" && c["state"] == "RUNNING (1/1 tasks RUNNING)";
        }
        return false;
    })) << listed.body;
    // A failure after a success: both in the array, the error with its line, Connect's status.
    Fetched failed = server.post("/v1/statements", Json{{"sql", "SHOW CONNECTORS;\n" + source(name, "native")}});
    EXPECT_EQ(failed.status, 409) << failed.body;
    Json array = body_of(failed);
    ASSERT_EQ(array.size(), 2u) << failed.body;
    EXPECT_EQ(array[1]["@type"], "statement_error");
    EXPECT_EQ(array[1]["error_code"], 40900);
    EXPECT_EQ(array[1]["line"], 2);
    drop("`" + name + "`");
}

TEST_F(Serve, ErrorsAreJsonWithKsqlDbCodesAndConnectStatus) {
    Server server("");
    Fetched missing = server.ksql("DESCRIBE CONNECTOR `" + unique("nothing") + "`;", Version::h2c);
    EXPECT_EQ(missing.status, 404);
    Json body = body_of(missing);
    EXPECT_EQ(body["error_code"], 40400);
    EXPECT_TRUE(body["message"].is_string());
    // The first error stops the request: what ran before it travels with the error.
    const std::string name = unique("stop");
    Fetched stopped = server.ksql("SHOW STREAMS;\nDROP CONNECTOR `" + name + "`;\n" + ksql_source(name, "x"));
    EXPECT_EQ(stopped.status, 404) << stopped.body;
    body = body_of(stopped);
    EXPECT_EQ(body["@type"], "statement_error");
    ASSERT_EQ(body["entities"].size(), 1u) << stopped.body;  // SHOW STREAMS only, not the failed DROP
    EXPECT_EQ(body["entities"][0]["@type"], "streams");
    EXPECT_EQ(count_eventually(name, 0), 0u);  // the CREATE after it never ran
    for (Version version : {Version::http1, Version::h2c}) {
        Fetched unknown = fetch(version, server.url("/nope"));
        EXPECT_EQ(unknown.status, 404);
        EXPECT_EQ(body_of(unknown)["@type"], "generic_error");
    }
    Fetched health = fetch(Version::http1, server.url("/healthcheck"));
    EXPECT_EQ(health.status, 200);
    EXPECT_EQ(body_of(health)["isHealthy"], true);
}

TEST_F(Serve, AuthenticationAndTheReadRoleWithNothingApplied) {
    const fs::path dir = fs::temp_directory_path() / unique("serve-auth");
    fs::create_directories(dir);
    const std::string users = (dir / "users").string();
    // The password comes on standard input, as an operator would pipe it.
    ASSERT_EQ(run_command(std::string(CONNQL_BINARY) + " serve passwd " + users + " ops", "sesame\n").exit_code, 0);
    ASSERT_EQ(run_command(std::string(CONNQL_BINARY) + " serve passwd " + users + " viewer --role read", "look-only\n").exit_code, 0);
    Result token = run_command(std::string(CONNQL_BINARY) + " serve token " + (dir / "tokens").string() + " --role write 2>/dev/null");
    ASSERT_EQ(token.exit_code, 0);
    const std::string bearer = token.out.substr(0, token.out.find('\n'));
    Server server("--users " + users + " --tokens " + (dir / "tokens").string());
    const std::string name = unique("auth");
    const std::string create = ksql_source(name, "auth");
    auto as = [&](const std::string& authorization) {
        std::vector<std::string> headers = {"Content-Type: application/json"};
        if (!authorization.empty()) headers.push_back("Authorization: " + authorization);
        return server.ksql(create, Version::h2c, headers);
    };
    auto basic = [](const std::string& credentials) {
        std::string out(4 * ((credentials.size() + 2) / 3) + 1, '\0');
        out.resize(static_cast<size_t>(EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                                       reinterpret_cast<const unsigned char*>(credentials.data()),
                                                       static_cast<int>(credentials.size()))));
        return "Basic " + out;
    };
    Fetched anonymous = as("");
    EXPECT_EQ(anonymous.status, 401);
    EXPECT_EQ(body_of(anonymous)["error_code"], 40100);
    EXPECT_EQ(as(basic("ops:wrong")).status, 401);
    Fetched reader = as(basic("viewer:look-only"));
    EXPECT_EQ(reader.status, 403) << reader.body;
    EXPECT_EQ(body_of(reader)["error_code"], 40300);
    EXPECT_EQ(existing_after_barrier(name), std::set<std::string>{});  // nothing applied
    EXPECT_EQ(server.ksql("SHOW CONNECTORS;", Version::http1,
                          {"Content-Type: application/json", "Authorization: " + basic("viewer:look-only")}).status, 200);
    Fetched writer = as("Bearer " + bearer);
    EXPECT_EQ(writer.status, 200) << writer.body;
    EXPECT_EQ(count_eventually(name, 1), 1u);
    EXPECT_EQ(server.log().find("sesame"), std::string::npos);
    EXPECT_EQ(server.log().find(bearer), std::string::npos);
    EXPECT_TRUE(eventually([&] { return server.log().find("\"user\":\"viewer\"") != std::string::npos; }, std::chrono::seconds(10)))
        << server.log();  // the line is written after the answer
    drop("`" + name + "`");
    fs::remove_all(dir);
}

TEST_F(Serve, EveryLimitIsAJsonErrorAndACounter) {
    Server server("--max-body 2000 --max-statements 2 --max-concurrent 1 --header-timeout 1s --request-deadline 2s");
    // Body size.
    Fetched large = server.ksql("SHOW STREAMS; -- " + std::string(3000, 'x'));
    EXPECT_EQ(large.status, 413);
    EXPECT_EQ(body_of(large)["error_code"], 41300);
    // Statements per request.
    Fetched many = server.ksql("SHOW STREAMS; SHOW STREAMS; SHOW STREAMS;");
    EXPECT_EQ(many.status, 400);
    EXPECT_NE(body_of(many)["message"].get<std::string>().find("at most 2"), std::string::npos);
    // A slow client: half a request, closed within the header timeout.
    {
        const std::string url = server.url("");
        const int port = std::stoi(url.substr(url.rfind(':') + 1));
        RawSocket socket(port);
        ASSERT_TRUE(socket.send("POST /ksql HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{\"ks"));
        bool closed = false;
        std::string answer = socket.read_until_closed(std::chrono::seconds(10), closed);
        EXPECT_TRUE(closed);
        EXPECT_NE(answer.find("408"), std::string::npos) << answer;
    }
    // The request deadline (a PRINT that waits for records on an empty topic), and, while
    // it runs, the concurrency limit.
    const std::string topic = unique("empty-topic");
    kafka_create_topic(topic);
    std::atomic<long> slow_status{0};
    std::thread slow([&] {
        Fetched f = server.post("/v1/statements",
                                Json{{"sql", "SET 'connql.print.idle' = '5s';\nPRINT '" + topic + "';"}});
        slow_status = f.status;
    });
    EXPECT_TRUE(eventually([&] { return fetch(Version::http1, server.url("/info")).status == 429; }, std::chrono::seconds(10)));
    slow.join();
    EXPECT_EQ(slow_status.load(), 503);
    Fetched metrics;
    EXPECT_TRUE(eventually([&] {
        metrics = fetch(Version::http1, server.url("/metrics"));
        return metrics.status == 200;
    }, std::chrono::seconds(15)));
    EXPECT_NE(metrics.body.find("connql_http_rejections_total{limit=\"body_size\"} 1"), std::string::npos) << metrics.body;
    EXPECT_NE(metrics.body.find("connql_http_rejections_total{limit=\"concurrency\"}"), std::string::npos);
    EXPECT_NE(metrics.body.find("connql_http_rejections_total{limit=\"deadline\"} 1"), std::string::npos);
    EXPECT_NE(metrics.body.find("connql_http_rejections_total{limit=\"header_timeout\"} 1"), std::string::npos);
}

TEST_F(Serve, TwoHundredConcurrentRequestsAndReadsSharedInFlight) {
    Server server("");
    std::vector<std::thread> clients;
    std::atomic<int> ok{0}, failed{0};
    for (int i = 0; i < 200; ++i) {
        clients.emplace_back([&, i] {
            Fetched f = server.ksql("SHOW CONNECTORS;", i % 2 ? Version::h2c : Version::http1);
            (f.status == 200 && body_of(f)[0]["@type"] == "connector_list" ? ok : failed)++;
        });
    }
    for (std::thread& t : clients) t.join();
    EXPECT_EQ(ok.load(), 200);
    EXPECT_EQ(failed.load(), 0);
    // 200 SHOW CONNECTORS at once: readers joined calls in flight, so far fewer reached Connect.
    const std::string metrics = fetch(Version::http1, server.url("/metrics")).body;
    std::smatch calls, shared;
    ASSERT_TRUE(std::regex_search(metrics, calls,
                                  std::regex("connql_connect_calls_total\\{endpoint=\"GET /connectors\"\\} ([0-9]+)")))
        << metrics;
    ASSERT_TRUE(std::regex_search(metrics, shared, std::regex("connql_connect_reads_shared_total ([0-9]+)"))) << metrics;
    EXPECT_LT(std::stoi(calls[1]), 200);
    EXPECT_EQ(std::stoi(calls[1]) + std::stoi(shared[1]), 200 + 1) << metrics;  // +1: the /metrics read itself
}

TEST_F(Serve, PrintStreamsAndStopsWhenTheClientLeaves) {
    Server server("");
    const std::string topic = unique("print-topic");
    // A connector writes three records (the broker makes the topic).
    const std::string name = unique("printer");
    std::ofstream(std::string("/tmp/") + name + ".txt") << "one\ntwo\nthree\n";
    ASSERT_EQ(connql(source(name, topic)).exit_code, 0);
    // LIMIT: the stream ends by itself after the records.
    Fetched printed;
    EXPECT_TRUE(eventually([&] {
        printed = server.post("/query", Json{{"ksql", "PRINT '" + topic + "' FROM BEGINNING LIMIT 2;"}}, Version::h2c);
        return printed.status == 200;  // 404 until the connector made the topic
    }, std::chrono::seconds(30)));
    EXPECT_NE(printed.body.find("value: one"), std::string::npos) << printed.body;
    EXPECT_NE(printed.body.find("value: two"), std::string::npos) << printed.body;
    EXPECT_EQ(printed.body.find("value: three"), std::string::npos) << printed.body;
    // No LIMIT: it streams until the client goes away, then the server lets go of it.
    {
        Curl curl(curl_easy_init());
        const std::string body = Json{{"ksql", "PRINT '" + topic + "' FROM BEGINNING;"}}.dump();
        std::string received;
        prepare(curl.get(), Version::http1, server.url("/query"), &body, "");
        curl_easy_setopt(curl.get(), CURLOPT_WRITEFUNCTION, append_to_string);
        curl_easy_setopt(curl.get(), CURLOPT_WRITEDATA, &received);
        curl_easy_setopt(curl.get(), CURLOPT_TIMEOUT_MS, 4000L);  // the client gives up while records still may come
        curl_easy_perform(curl.get());
        EXPECT_NE(received.find("value: three"), std::string::npos) << received;
    }
    EXPECT_TRUE(eventually([&] { return server.log().find("PRINT '" + topic + "' FROM BEGINNING;\"") != std::string::npos; },
                           std::chrono::seconds(10)))
        << "the endless PRINT was not finished after its client left: " << server.log();
    drop("`" + name + "`");
}

TEST_F(Serve, SigtermLetsTheRequestInFlightFinish) {
    Server server("--drain 20s");
    const std::string topic = unique("drain-topic");
    kafka_create_topic(topic);
    std::atomic<long> status{0};
    std::thread request([&] {
        // Takes ~2 s: PRINT waits that long for a record on an empty topic.
        status = server.post("/v1/statements", Json{{"sql", "SET 'connql.print.idle' = '2s';\nPRINT '" + topic + "';"}}).status;
    });
    // In flight: the PRINT and the /metrics request that asks.
    ASSERT_TRUE(eventually([&] { return in_flight(server) >= 2; }));
    ASSERT_EQ(status.load(), 0);
    server.signal(SIGTERM);
    request.join();
    EXPECT_EQ(status.load(), 200);
    EXPECT_EQ(server.wait_exit(std::chrono::seconds(30)), 0);
    EXPECT_NE(server.log().find("connql serve: stopped"), std::string::npos) << server.log();
}

TEST_F(Serve, TlsWithHttp2ThroughAlpn) {
    const fs::path dir = fs::temp_directory_path() / unique("serve-tls");
    fs::create_directories(dir);
    const std::string cert = (dir / "cert.pem").string(), key = (dir / "key.pem").string();
    ASSERT_EQ(run_command("openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=127.0.0.1 -addext "
                          "subjectAltName=IP:127.0.0.1 -keyout " + key + " -out " + cert).exit_code, 0);
    Server server("--tls-cert " + cert + " --tls-key " + key);
    std::string https = server.url("/ksql");
    https.replace(0, 4, "https");
    const std::string body = Json{{"ksql", "SHOW CONNECTORS;"}}.dump();
    for (Version version : {Version::https1, Version::https2}) {
        Fetched f = fetch(version, https, &body, cert);
        EXPECT_EQ(f.status, 200) << f.error << f.body;
        EXPECT_EQ(f.http_version, version == Version::https2 ? CURL_HTTP_VERSION_2_0 : CURL_HTTP_VERSION_1_1);
        EXPECT_EQ(body_of(f)[0]["@type"], "connector_list");
    }
    EXPECT_NE(fetch(Version::http1, server.url("/info")).status, 200);  // no cleartext beside TLS
    fs::remove_all(dir);
}

TEST_F(Serve, NoSecretInAnswersTheAccessLogOrTheMetrics) {
    Server server("");
    const std::string name = unique("secret");
    const std::string secret = "hunter2-" + name;
    Fetched created = server.ksql("CREATE SOURCE CONNECTOR `" + name +
                                  "` WITH ('connector.class' = 'FileStreamSource', 'topic' = 's', 'file' = '/tmp/x', "
                                  "'connection.password' = '" + secret + "');");
    ASSERT_EQ(created.status, 200) << created.body;
    Fetched described = server.ksql("DESCRIBE CONNECTOR `" + name + "` EXTENDED; SHOW CREATE CONNECTOR `" + name + "`;");
    EXPECT_EQ(described.status, 200) << described.body;
    Fetched failed = server.ksql("CREATE SOURCE CONNECTOR `" + name + "` WITH ('connector.class' = 'FileStreamSource', "
                                 "'topic' = 's', 'connection.password' = '" + secret + "');");
    EXPECT_EQ(failed.status, 409);
    const std::string metrics = fetch(Version::http1, server.url("/metrics")).body;
    // The access log's lines are written after the answers: wait for the last one's.
    EXPECT_TRUE(eventually([&] { return server.log().find("\"path\":\"/metrics\"") != std::string::npos; },
                           std::chrono::seconds(10)))
        << server.log();
    for (const std::string& text : {created.body, described.body, failed.body, metrics, server.log()}) {
        EXPECT_EQ(text.find(secret), std::string::npos) << text;
    }
    EXPECT_NE(server.log().find("CREATE SOURCE CONNECTOR"), std::string::npos);  // the statement is logged, masked
    drop("`" + name + "`");
}

}  // namespace
}  // namespace connql::testing
