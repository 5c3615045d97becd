// The routes of `connql serve` without a socket or a cluster: request shapes,
// ksqlDB's error codes, authentication and roles, what is answered on the event
// loop. (Against the real cluster over real HTTP: cluster_server_test.cpp.)
#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>

#include "server/auth/users_file.h"
#include "server/console.h"
#include "server/router.h"

namespace connql::server {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::json;

class Routes : public ::testing::Test {
protected:
    Routes() : session_(Session::open(unreachable())), router_(session_, authenticator_, metrics_, nullptr, options()) {}

    static SessionOptions unreachable() {
        SessionOptions options;
        options.connect_url = "http://127.0.0.1:1";  // nothing listens: these routes must not need it
        options.bootstrap_servers = "127.0.0.1:1";
        return options;
    }
    static RouterOptions options() {
        RouterOptions options;
        options.version = "9.9.9";
        options.limits.max_statements = 3;
        return options;
    }
    static ApiRequest post(const std::string& path, const std::string& body, const std::string& type = "application/json") {
        ApiRequest request;
        request.method = "POST";
        request.path = path;
        request.body = body;
        if (!type.empty()) request.headers.emplace_back("content-type", type);
        return request;
    }
    static ApiRequest get(const std::string& path) {
        ApiRequest request;
        request.method = "GET";
        request.path = path;
        return request;
    }
    // The answer given at once, on the event loop; fails the test for deferred work.
    ApiAnswer at_once(const ApiRequest& request) {
        Routed routed = router_.route(request);
        auto* answer = std::get_if<ApiAnswer>(&routed.how);
        if (answer == nullptr) {
            ADD_FAILURE() << request.path << " was not answered at once";
            return {};
        }
        return *answer;
    }

    Session session_;
    auth::Authenticator authenticator_;
    metrics::ServerMetrics metrics_;
    Router router_;
};

TEST_F(Routes, InfoHasKsqlServerInfoAndAnswersAtOnce) {
    ApiAnswer answer = at_once(get("/info"));
    EXPECT_EQ(answer.status, 200);
    Json body = Json::parse(answer.body);
    EXPECT_EQ(body["KsqlServerInfo"]["version"], "9.9.9");
    EXPECT_EQ(body["KsqlServerInfo"]["serverStatus"], "RUNNING");
    EXPECT_TRUE(body["KsqlServerInfo"].contains("kafkaClusterId"));
}

TEST_F(Routes, EveryMediaTypeKsqlClientsSendIsAccepted) {
    for (const char* type : {"application/vnd.ksql.v1+json", "application/vnd.ksql.v1+json; charset=utf-8",
                             "application/json", "Application/JSON;charset=UTF-8", ""}) {
        ApiAnswer answer = at_once(post("/ksql", R"({"ksql": "SHOW STREAMS;"})", type));
        EXPECT_EQ(answer.status, 200) << type << ": " << answer.body;
    }
    // As ksqlDB, whatever the type says (curl -d sends a form type), the body is read as JSON.
    EXPECT_EQ(at_once(post("/ksql", R"({"ksql": "SHOW STREAMS;"})", "application/x-www-form-urlencoded")).status, 200);
    EXPECT_EQ(at_once(post("/ksql", "ksql=SHOW+STREAMS", "application/x-www-form-urlencoded")).status, 400);
}

TEST_F(Routes, KsqlEntitiesCarryTheFieldsClientsRequire) {
    ApiAnswer answer = at_once(post("/ksql", R"({"ksql": "SHOW STREAMS; SHOW TABLES; SHOW VARIABLES;",
                                                "sessionVariables": {"env": "prod"}})"));
    ASSERT_EQ(answer.status, 200) << answer.body;
    EXPECT_EQ(answer.content_type, "application/json");
    Json entities = Json::parse(answer.body);
    ASSERT_EQ(entities.size(), 3u);
    for (const Json& entity : entities) {
        EXPECT_TRUE(entity.contains("@type"));
        EXPECT_TRUE(entity.contains("statementText"));
        EXPECT_TRUE(entity["warnings"].is_array());
        EXPECT_TRUE(entity.contains("commandId"));  // npm ksqldb-client rejects an answer without it
        EXPECT_TRUE(entity["commandSequenceNumber"].is_number());
        EXPECT_EQ(entity["commandStatus"]["status"], "SUCCESS");
    }
    EXPECT_EQ(entities[0]["streams"], Json::array());
    // sessionVariables seed the request's session.
    EXPECT_EQ(entities[2]["variables"], Json::parse(R"([{"name": "env", "value": "prod"}])"));
}

TEST_F(Routes, ErrorsAreJsonObjectsWithKsqlDbCodes) {
    ApiAnswer bad_json = at_once(post("/ksql", "{\"ksql\": "));
    EXPECT_EQ(bad_json.status, 400);
    Json body = Json::parse(bad_json.body);
    EXPECT_EQ(body["@type"], "generic_error");
    EXPECT_EQ(body["error_code"], 40000);
    EXPECT_NE(body["message"].get<std::string>().find("Invalid JSON in request"), std::string::npos);

    ApiAnswer syntax = at_once(post("/ksql", R"({"ksql": "SHOW STREAMS;\nCREATE SOURCE CONNECTOR x WTH (a = 'b');"})"));
    EXPECT_EQ(syntax.status, 400);
    body = Json::parse(syntax.body);
    EXPECT_EQ(body["@type"], "statement_error");
    EXPECT_EQ(body["error_code"], 40001);
    EXPECT_EQ(body["line"], 2);
    EXPECT_EQ(body["column"], 27);
    EXPECT_EQ(body["entities"], Json::array());
    // The access log gets the text as asked (it masks it itself).
    EXPECT_EQ(syntax.statement, std::optional<std::string>("SHOW STREAMS;\nCREATE SOURCE CONNECTOR x WTH (a = 'b');"));

    ApiAnswer not_found = at_once(get("/nowhere"));
    EXPECT_EQ(not_found.status, 404);
    EXPECT_EQ(Json::parse(not_found.body)["error_code"], 40400);
    ApiAnswer wrong_method = at_once(get("/ksql"));
    EXPECT_EQ(wrong_method.status, 405);
    EXPECT_EQ(Json::parse(wrong_method.body)["@type"], "generic_error");

    ApiAnswer print = at_once(post("/ksql", R"({"ksql": "PRINT 'orders';"})"));
    EXPECT_EQ(print.status, 400);
    EXPECT_EQ(Json::parse(print.body)["error_code"], 40002);  // ksqlDB's QUERY_ENDPOINT

    ApiAnswer too_many = at_once(post("/ksql", R"({"ksql": "SHOW STREAMS; SHOW STREAMS; SHOW STREAMS; SHOW STREAMS;"})"));
    EXPECT_EQ(too_many.status, 400);
    EXPECT_NE(too_many.body.find("at most 3"), std::string::npos) << too_many.body;

    ApiAnswer run_script = at_once(post("/ksql", R"({"ksql": "RUN SCRIPT '/etc/passwd';"})"));
    EXPECT_EQ(run_script.status, 400);
    EXPECT_NE(run_script.body.find("not allowed on the server"), std::string::npos) << run_script.body;
    EXPECT_EQ(run_script.body.find("root:"), std::string::npos);

    ApiAnswer bad_property = at_once(post("/ksql", R"({"ksql": "SHOW STREAMS;", "streamsProperties": {"connql.wiat": "x"}})"));
    EXPECT_EQ(bad_property.status, 400) << bad_property.body;
}

TEST_F(Routes, TheNativeEndpointAnswersAsRunPrintsJson) {
    ApiAnswer ok = at_once(post("/v1/statements", R"({"sql": "DEFINE a = '1'; SHOW VARIABLES;"})"));
    ASSERT_EQ(ok.status, 200) << ok.body;
    Json entities = Json::parse(ok.body);
    ASSERT_EQ(entities.size(), 1u);
    EXPECT_FALSE(entities[0].contains("commandId"));
    // connql's dialect by default: a name with '-' is a connector name here.
    ApiAnswer failed = at_once(post("/v1/statements", R"({"sql": "SHOW STREAMS;\nSET 'connql.wait' = 'soon';"})"));
    EXPECT_EQ(failed.status, 400);
    Json array = Json::parse(failed.body);
    ASSERT_TRUE(array.is_array()) << failed.body;
    EXPECT_EQ(array.back()["@type"], "statement_error");
    EXPECT_EQ(array.back()["line"], 2);
}

TEST_F(Routes, AStatementThatFailsCarriesWhatSucceededBeforeItOnBothEndpoints) {
    // SHOW CONNECTORS fails when it runs (nothing listens at the session's Connect URL),
    // after SHOW STREAMS succeeded: the error entity carries SHOW STREAMS' entity.
    for (const char* path : {"/v1/statements", "/ksql"}) {
        Routed routed = router_.route(post(path, R"({"sql": "SHOW STREAMS; SHOW CONNECTORS;", "ksql": "SHOW STREAMS; SHOW CONNECTORS;"})"));
        auto* deferred = std::get_if<Deferred>(&routed.how);
        ASSERT_NE(deferred, nullptr) << path;
        ApiAnswer answer = deferred->work();
        EXPECT_GE(answer.status, 500) << answer.body;
        Json body = Json::parse(answer.body);
        const Json error = body.is_array() ? body.back() : body;
        EXPECT_EQ(error["@type"], "statement_error") << answer.body;
        ASSERT_EQ(error["entities"].size(), 1u) << path << ": " << answer.body;
        EXPECT_EQ(error["entities"][0]["@type"], "streams") << answer.body;
        if (body.is_array()) {
            EXPECT_EQ(body[0], error["entities"][0]) << "as `connql run --output json` prints it";
        }
    }
}

TEST_F(Routes, StatementsThatTalkToTheClusterAreDeferredToAWorker) {
    Routed routed = router_.route(post("/ksql", R"({"ksql": "SHOW CONNECTORS;"})"));
    EXPECT_TRUE(std::holds_alternative<Deferred>(routed.how));
    // A large body is prepared on a worker too.
    std::string many(20000, ' ');
    routed = router_.route(post("/ksql", R"({"ksql": "SHOW STREAMS;)" + many + R"("})"));
    EXPECT_TRUE(std::holds_alternative<Deferred>(routed.how));
    routed = router_.route(post("/query", R"({"ksql": "PRINT 'orders' LIMIT 1;"})"));
    EXPECT_TRUE(std::holds_alternative<StreamAnswer>(routed.how));
    ApiAnswer not_print = at_once(post("/query", R"({"ksql": "SHOW STREAMS;"})"));
    EXPECT_EQ(not_print.status, 400);
}

TEST_F(Routes, MetricsCountRequestsByRouteStatusAndRole) {
    at_once(get("/info"));
    at_once(get("/nowhere"));
    router_.finished(get("/info"), Routed{ApiAnswer{}, auth::Principal{"anonymous", auth::Role::Write}}, 200, "/info",
                     std::nullopt, std::chrono::steady_clock::now(), std::chrono::system_clock::now(), 10);
    const std::string text = metrics_.text();
    EXPECT_NE(text.find("connql_http_requests_total{route=\"/info\",status=\"200\",role=\"write\"} 1"), std::string::npos)
        << text;
}

std::string header_of(const ApiAnswer& answer, const std::string& name) {
    for (const auto& [key, value] : answer.headers) {
        if (key == name) return value;
    }
    return "";
}

TEST_F(Routes, EveryConsoleFileIsServedWithItsTypeAnETagAndThePolicy) {
    const std::map<std::string, std::string> types = {{".html", "text/html; charset=utf-8"},
                                                      {".js", "text/javascript; charset=utf-8"},
                                                      {".css", "text/css; charset=utf-8"},
                                                      {".svg", "image/svg+xml"}};
    int count = 0;
    for (const ConsoleFile* file = console_files_begin(); file != console_files_end(); ++file, ++count) {
        const std::string path(file->path);
        ApiAnswer answer = at_once(get(path));
        EXPECT_EQ(answer.status, 200) << path;
        const std::string extension = path.substr(path.rfind('.'));
        ASSERT_TRUE(types.count(extension)) << path;
        EXPECT_EQ(answer.content_type, types.at(extension)) << path;
        EXPECT_EQ(answer.body, std::string(file->body)) << path;
        EXPECT_FALSE(answer.body.empty()) << path;
        EXPECT_EQ(header_of(answer, "etag"), std::string(file->etag)) << path;
        EXPECT_EQ(header_of(answer, "cache-control"), "no-cache") << path;
        EXPECT_EQ(header_of(answer, "content-security-policy"), kConsolePolicy) << path;
        EXPECT_EQ(header_of(answer, "x-content-type-options"), "nosniff") << path;
        EXPECT_EQ(header_of(answer, "content-encoding"), "") << path;
    }
    EXPECT_GE(count, 3);
    // The policy allows nothing from another origin.
    EXPECT_EQ(std::string(kConsolePolicy).find("http"), std::string::npos);
    EXPECT_NE(std::string(kConsolePolicy).find("default-src 'none'"), std::string::npos);

    // The root is the console's page, no longer a redirect to /info.
    ApiAnswer root = at_once(get("/"));
    EXPECT_EQ(root.status, 200);
    EXPECT_EQ(root.content_type, "text/html; charset=utf-8");
    EXPECT_NE(root.body.find("<script src=\"/console/app.js\""), std::string::npos) << root.body;
    EXPECT_EQ(root.body, std::string(find_console_file("/console/index.html")->body));
    EXPECT_EQ(at_once(get("/console/nothing.js")).status, 404);
}

TEST_F(Routes, ConsoleFilesAnswer304ToTheirETagAndGzipToThoseWhoTakeIt) {
    const ConsoleFile& script = *find_console_file("/console/app.js");
    ApiRequest again = get("/console/app.js");
    again.headers.emplace_back("if-none-match", std::string(script.etag));
    ApiAnswer not_modified = at_once(again);
    EXPECT_EQ(not_modified.status, 304);
    EXPECT_TRUE(not_modified.body.empty());
    EXPECT_EQ(header_of(not_modified, "etag"), std::string(script.etag));

    ApiRequest compressed = get("/console/app.js");
    compressed.headers.emplace_back("accept-encoding", "gzip, deflate, br");
    ApiAnswer gzip = at_once(compressed);
    EXPECT_EQ(gzip.status, 200);
    EXPECT_EQ(header_of(gzip, "content-encoding"), "gzip");
    EXPECT_EQ(header_of(gzip, "vary"), "Accept-Encoding");
    EXPECT_EQ(header_of(gzip, "etag"), std::string(script.gzip_etag));
    EXPECT_NE(script.etag, script.gzip_etag);
    ASSERT_GE(gzip.body.size(), 2u);
    EXPECT_EQ(static_cast<unsigned char>(gzip.body[0]), 0x1f);  // gzip's magic bytes
    EXPECT_EQ(static_cast<unsigned char>(gzip.body[1]), 0x8b);
    EXPECT_LT(gzip.body.size(), script.body.size());

    ApiRequest refused = get("/console/app.js");
    refused.headers.emplace_back("accept-encoding", "gzip;q=0, identity");
    EXPECT_EQ(header_of(at_once(refused), "content-encoding"), "");
    // "*" stands for the codings not listed: gzip refused by name stays refused.
    ApiRequest refused_by_name = get("/console/app.js");
    refused_by_name.headers.emplace_back("accept-encoding", "gzip;q=0, *");
    EXPECT_EQ(header_of(at_once(refused_by_name), "content-encoding"), "");
    ApiRequest anything = get("/console/app.js");
    anything.headers.emplace_back("accept-encoding", "*;q=0.5");
    EXPECT_EQ(header_of(at_once(anything), "content-encoding"), "gzip");
}

TEST_F(Routes, ABrowserPageOfAnotherSiteIsRefusedAndNothingRuns) {
    // A page elsewhere can make the operator's browser POST a statement with no
    // preflight; browsers say so in Sec-Fetch-Site and Origin, programs send neither.
    auto from = [](std::vector<std::pair<std::string, std::string>> headers) {
        ApiRequest request = post("/v1/statements", R"({"sql": "DROP CONNECTOR x;"})", "text/plain");
        request.headers.emplace_back("host", "127.0.0.1:8088");
        for (auto& header : headers) request.headers.push_back(std::move(header));
        return request;
    };
    for (const auto& headers : std::vector<std::vector<std::pair<std::string, std::string>>>{
             {{"sec-fetch-site", "cross-site"}},
             {{"sec-fetch-site", "same-site"}},
             {{"origin", "https://evil.example"}},
             {{"origin", "null"}},
             {{"origin", "http://127.0.0.1:9999"}}}) {
        ApiAnswer answer = at_once(from(headers));
        EXPECT_EQ(answer.status, 403) << headers[0].first << ": " << headers[0].second;
        EXPECT_EQ(Json::parse(answer.body)["error_code"], 40301);
    }
    // The console's own requests, and programs that send no such header, go on (the
    // DROP to the cluster: deferred to a worker thread, not refused).
    Routed same = router_.route(from({{"sec-fetch-site", "same-origin"}, {"origin", "http://127.0.0.1:8088"}}));
    EXPECT_EQ(std::get_if<ApiAnswer>(&same.how), nullptr) << "the console's own DROP was answered at once";
    ApiAnswer program = at_once(post("/v1/statements", R"({"sql": "SHOW STREAMS;"})"));
    EXPECT_EQ(program.status, 200) << program.body;
}

TEST_F(Routes, SessionSaysWhoTheCallerIsWithoutAuthentication) {
    ApiAnswer answer = at_once(get("/v1/session"));
    EXPECT_EQ(answer.status, 200);
    Json body = Json::parse(answer.body);
    EXPECT_EQ(body["role"], "write");
    EXPECT_EQ(body["authentication"], false);
    EXPECT_TRUE(body["user"].is_null());
    EXPECT_EQ(body["version"], "9.9.9");
    EXPECT_EQ(at_once(post("/v1/session", "{}")).status, 405);
}

TEST(ConnectLabels, NamesNeverBecomeLabelValues) {
    EXPECT_EQ(connect_endpoint_label("GET", "/connectors?expand=status&expand=info"), "GET /connectors");
    EXPECT_EQ(connect_endpoint_label("GET", "/connectors/pg-orders/status"), "GET /connectors/{name}/status");
    EXPECT_EQ(connect_endpoint_label("POST", "/connectors/pg-orders/tasks/3/restart"),
              "POST /connectors/{name}/tasks/{task}/restart");
    EXPECT_EQ(connect_endpoint_label("PUT", "/connector-plugins/io.x.Sink/config/validate"),
              "PUT /connector-plugins/{class}/config/validate");
}

class AuthenticatedRoutes : public ::testing::Test {
protected:
    AuthenticatedRoutes()
        : dir_(fs::temp_directory_path() / ("connql-routes-" + std::to_string(::getpid()))),
          session_(Session::open(unreachable())) {
        fs::create_directories(dir_);
        auth::set_password(dir_ / "users", "alice", "wonderland", auth::Role::Write);
        auth::set_password(dir_ / "users", "rita", "readonly-pass", auth::Role::Read);
        authenticator_ = auth::Authenticator::load(dir_ / "users", std::nullopt);
        router_ = std::make_unique<Router>(session_, authenticator_, metrics_, nullptr, RouterOptions{});
    }
    ~AuthenticatedRoutes() override { fs::remove_all(dir_); }

    static SessionOptions unreachable() {
        SessionOptions options;
        options.connect_url = "http://127.0.0.1:1";
        return options;
    }
    ApiAnswer as(const std::optional<std::string>& authorization, const std::string& ksql) {
        ApiRequest request;
        request.method = "POST";
        request.path = "/ksql";
        request.body = Json{{"ksql", ksql}}.dump();
        if (authorization) request.headers.emplace_back("authorization", *authorization);
        Routed routed = router_->route(request);
        if (auto* answer = std::get_if<ApiAnswer>(&routed.how)) return *answer;
        ApiAnswer deferred;
        deferred.status = -1;  // would run on a worker: got past authentication and roles
        return deferred;
    }
    static std::string basic(const std::string& credentials) {
        std::string out(4 * ((credentials.size() + 2) / 3) + 1, '\0');
        int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                reinterpret_cast<const unsigned char*>(credentials.data()), static_cast<int>(credentials.size()));
        out.resize(static_cast<size_t>(n));
        return "Basic " + out;
    }

    fs::path dir_;
    Session session_;
    auth::Authenticator authenticator_;
    metrics::ServerMetrics metrics_;
    std::unique_ptr<Router> router_;
};

TEST_F(AuthenticatedRoutes, NoOrWrongCredentialsAre401WithAJsonBody) {
    for (const std::optional<std::string>& header :
         {std::optional<std::string>{}, std::optional<std::string>{basic("alice:wrong")},
          std::optional<std::string>{basic(":")}, std::optional<std::string>{"Bearer nope"}}) {
        ApiAnswer answer = as(header, "SHOW STREAMS;");
        EXPECT_EQ(answer.status, 401);
        Json body = Json::parse(answer.body);
        EXPECT_EQ(body["error_code"], 40100);
        EXPECT_EQ(answer.body.find("wonderland"), std::string::npos);
        bool challenge = false;
        for (const auto& [name, value] : answer.headers) challenge = challenge || name == "www-authenticate";
        EXPECT_TRUE(challenge);
    }
    EXPECT_EQ(as(basic("alice:wonderland"), "SHOW STREAMS;").status, 200);
}

TEST_F(AuthenticatedRoutes, TheReadRoleIsRefusedAnyChangeBeforeAnythingRuns) {
    const std::string rita = basic("rita:readonly-pass");
    EXPECT_EQ(as(rita, "SHOW STREAMS;").status, 200);
    EXPECT_EQ(as(rita, "SHOW CONNECTORS;").status, -1);  // a read: goes on to a worker
    // A read first, then a CREATE: refused whole, so not even the read runs.
    ApiAnswer refused = as(rita, "SHOW CONNECTORS;\nCREATE SOURCE CONNECTOR x USING 'FileStreamSource' WITH (topic = 't');");
    EXPECT_EQ(refused.status, 403);
    Json body = Json::parse(refused.body);
    EXPECT_EQ(body["error_code"], 40300);
    EXPECT_NE(body["message"].get<std::string>().find("line 2"), std::string::npos) << refused.body;
    EXPECT_EQ(as(basic("alice:wonderland"), "DROP CONNECTOR IF EXISTS x;").status, -1);
}

TEST_F(AuthenticatedRoutes, SessionSaysTheCallersRoleAndTheConsoleNeedsNoCredentials) {
    auto session_as = [this](const std::optional<std::string>& authorization) {
        ApiRequest request;
        request.method = "GET";
        request.path = "/v1/session";
        if (authorization) request.headers.emplace_back("authorization", *authorization);
        Routed routed = router_->route(request);
        auto* answer = std::get_if<ApiAnswer>(&routed.how);
        return answer ? *answer : ApiAnswer{};
    };
    ApiAnswer rita = session_as(basic("rita:readonly-pass"));
    EXPECT_EQ(rita.status, 200);
    Json body = Json::parse(rita.body);
    EXPECT_EQ(body["user"], "rita");
    EXPECT_EQ(body["role"], "read");
    EXPECT_EQ(body["authentication"], true);
    EXPECT_EQ(Json::parse(session_as(basic("alice:wonderland")).body)["role"], "write");
    ApiAnswer nobody = session_as(std::nullopt);
    EXPECT_EQ(nobody.status, 401);
    EXPECT_EQ(Json::parse(nobody.body)["error_code"], 40100);

    // A console file that does not exist is a 404 before any login (a 401's
    // WWW-Authenticate would open the browser's password dialog).
    ApiRequest missing;
    missing.method = "GET";
    missing.path = "/console/typo.js";
    Routed missing_file = router_->route(missing);
    ASSERT_NE(std::get_if<ApiAnswer>(&missing_file.how), nullptr);
    EXPECT_EQ(std::get<ApiAnswer>(missing_file.how).status, 404);

    // The console's files carry no data: they load before the login.
    for (const char* path : {"/", "/console/app.js", "/console/app.css"}) {
        ApiRequest request;
        request.method = "GET";
        request.path = path;
        Routed routed = router_->route(request);
        auto* answer = std::get_if<ApiAnswer>(&routed.how);
        ASSERT_NE(answer, nullptr) << path;
        EXPECT_EQ(answer->status, 200) << path;
    }
}

}  // namespace
}  // namespace connql::server
