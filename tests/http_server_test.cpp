// The HTTP transport (server/http) against real clients on an ephemeral port: libcurl
// over HTTP/1.1, h2c with prior knowledge and HTTPS with ALPN, and raw sockets.
// Waits are on conditions with deadlines, never fixed sleeps.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <atomic>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <thread>

#include "server/http/server.h"
#include "tests/http_client.h"

namespace connql::http {
namespace {

using connql::testing::eventually;
using connql::testing::fetch;
using connql::testing::Fetched;
using connql::testing::RawSocket;
using connql::testing::Version;
using namespace std::chrono_literals;
using json = nlohmann::json;

class HttpServerTest : public ::testing::Test {
protected:
    static void SetUpTestSuite() { curl_global_init(CURL_GLOBAL_ALL); }

    void start(Handler handler, ServerOptions options = {}) {
        options.port = 0;
        options.on_limit = [this](std::string_view limit) {
            std::lock_guard lock(mutex);
            limits.emplace_back(limit);
        };
        server = std::make_unique<Server>(options, std::move(handler));
        server->start();
    }
    std::string url(const std::string& path, bool tls = false) const {
        return (tls ? "https://127.0.0.1:" : "http://127.0.0.1:") + std::to_string(server->port()) + path;
    }
    size_t limit_count(const std::string& which) {
        std::lock_guard lock(mutex);
        return static_cast<size_t>(std::count(limits.begin(), limits.end(), which));
    }
    template <class Predicate>
    bool wait_until(Predicate condition, std::chrono::milliseconds limit = 10s) {
        return connql::testing::wait_for(mutex, changed, condition, limit);
    }

public:
    // Declared before the server: work the pool still runs may use them.
    std::mutex mutex;
    std::condition_variable changed;
    std::vector<std::string> limits;
    std::vector<std::shared_ptr<Exchange>> held;
    std::unique_ptr<Server> server;
};

Response json_response(const json& body) {
    Response response;
    response.body = body.dump();
    return response;
}

// What the handler saw, echoed back.
void echo(const std::shared_ptr<Exchange>& exchange) {
    const Request& r = exchange->request();
    json headers = json::object();
    for (const auto& [name, value] : r.headers) headers[name] = value;
    exchange->respond(json_response({{"method", r.method}, {"path", r.path}, {"query", r.query},
                                     {"headers", headers}, {"body", r.body}, {"protocol", r.protocol},
                                     {"peer", r.peer}, {"tls", r.tls}}));
}

TEST_F(HttpServerTest, ServesHttp11AndH2cWithPriorKnowledgeOnOnePort) {
    start(echo);
    std::string body = R"({"ksql":"SHOW CONNECTORS;"})";
    for (auto [version, protocol, curl_version] :
         {std::tuple{Version::http1, "HTTP/1.1", long(CURL_HTTP_VERSION_1_1)},
          std::tuple{Version::h2c, "HTTP/2", long(CURL_HTTP_VERSION_2_0)}}) {
        SCOPED_TRACE(protocol);
        Fetched got = fetch(version, url("/ksql?a=1&b=2"), &body, "", {"X-Custom-Header: Yes", "Accept: application/json"});
        ASSERT_EQ(got.error, "");
        EXPECT_EQ(got.status, 200);
        EXPECT_EQ(got.http_version, curl_version);
        EXPECT_EQ(got.content_type, "application/json");
        json seen = json::parse(got.body);
        EXPECT_EQ(seen["method"], "POST");
        EXPECT_EQ(seen["path"], "/ksql");
        EXPECT_EQ(seen["query"], "a=1&b=2");
        EXPECT_EQ(seen["headers"]["x-custom-header"], "Yes");
        EXPECT_EQ(seen["headers"]["host"], "127.0.0.1:" + std::to_string(server->port()));
        EXPECT_EQ(seen["body"], body);
        EXPECT_EQ(seen["protocol"], protocol);
        EXPECT_EQ(seen["tls"], false);
        EXPECT_EQ(seen["peer"].get<std::string>().rfind("127.0.0.1:", 0), 0u) << seen["peer"];
    }
}

TEST_F(HttpServerTest, A304HasNoContentLengthAndTheConnectionGoesOn) {
    start([](const std::shared_ptr<Exchange>& exchange) {
        if (exchange->request().path != "/same") return echo(exchange);
        Response response;
        response.status = 304;
        response.content_type.clear();
        response.headers.emplace_back("etag", "\"abc\"");
        exchange->respond(std::move(response));
    });
    RawSocket socket(server->port());
    ASSERT_TRUE(socket.send("GET /same HTTP/1.1\r\nHost: x\r\n\r\nGET /next HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"));
    bool closed = false;
    const std::string answers = socket.read_until_closed(10s, closed);
    EXPECT_TRUE(closed);
    const size_t second = answers.find("HTTP/1.1 200 OK");
    ASSERT_NE(second, std::string::npos) << answers;
    const std::string not_modified = answers.substr(0, second);
    EXPECT_EQ(not_modified.rfind("HTTP/1.1 304 Not Modified\r\n", 0), 0u) << answers;
    EXPECT_NE(not_modified.find("etag: \"abc\""), std::string::npos) << answers;
    EXPECT_EQ(not_modified.find("Content-Length"), std::string::npos) << answers;
    EXPECT_NE(answers.find("\"path\":\"/next\""), std::string::npos) << answers;
    EXPECT_EQ(fetch(Version::h2c, url("/same")).status, 304);
}

TEST_F(HttpServerTest, AHeadAnswerCarriesTheLengthOfTheGetBodyOverBothProtocols) {
    start([](const std::shared_ptr<Exchange>& exchange) {
        Response response;
        response.body = std::string(1234, 'x');
        exchange->respond(std::move(response));
    });
    for (Version version : {Version::http1, Version::h2c}) {
        connql::testing::Curl curl(curl_easy_init());
        curl_easy_setopt(curl.get(), CURLOPT_NOBODY, 1L);  // HEAD
        Fetched got = fetch(curl.get(), version, url("/file"));
        EXPECT_EQ(got.status, 200) << got.error;
        EXPECT_TRUE(got.body.empty());
        curl_off_t length = -1;
        curl_easy_getinfo(curl.get(), CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, &length);
        EXPECT_EQ(length, 1234) << (version == Version::h2c ? "h2c" : "HTTP/1.1");
    }
}

TEST_F(HttpServerTest, KeepsAnHttp11ConnectionAliveAcrossRequests) {
    start(echo);
    connql::testing::Curl curl(curl_easy_init());
    std::string first_peer;
    for (int i = 0; i < 3; ++i) {
        Fetched got = fetch(curl.get(), Version::http1, url("/info/" + std::to_string(i)));
        ASSERT_EQ(got.status, 200) << got.error;
        long new_connections = -1;
        curl_easy_getinfo(curl.get(), CURLINFO_NUM_CONNECTS, &new_connections);
        std::string peer = json::parse(got.body)["peer"];
        if (i == 0) {
            EXPECT_EQ(new_connections, 1);
            first_peer = peer;
        } else {
            EXPECT_EQ(new_connections, 0) << "request " << i << " opened a new connection";
            EXPECT_EQ(peer, first_peer);
        }
    }
}

TEST_F(HttpServerTest, AHandlerOffloadsAndAnswersFromAPoolThread) {
    std::atomic<int> answered_elsewhere{0};
    start([&](std::shared_ptr<Exchange> exchange) {
        auto loop_thread = std::this_thread::get_id();
        server->offload([&answered_elsewhere, exchange, loop_thread] {
            if (std::this_thread::get_id() != loop_thread) ++answered_elsewhere;
            exchange->respond(json_response({{"answered", "from the pool"}}));
        });
    });
    for (Version version : {Version::http1, Version::h2c}) {
        Fetched got = fetch(version, url("/ksql"));
        ASSERT_EQ(got.status, 200) << got.error;
        EXPECT_EQ(json::parse(got.body)["answered"], "from the pool");
    }
    EXPECT_EQ(answered_elsewhere.load(), 2);
}

// Pipelined requests are answered one at a time, in order, even when the first is
// answered later (from the pool) than the second could be.
TEST_F(HttpServerTest, PipelinedHttp11RequestsAreAnsweredInOrder) {
    start([&](std::shared_ptr<Exchange> exchange) {
        if (exchange->request().path == "/first")
            server->offload([exchange] {
                std::this_thread::sleep_for(50ms);  // later than /second would be
                exchange->respond(json_response({{"path", "/first"}}));
            });
        else
            echo(exchange);
    });
    RawSocket socket(server->port());
    ASSERT_GE(socket.fd, 0);
    ASSERT_TRUE(socket.send("GET /first HTTP/1.1\r\nHost: x\r\n\r\n"
                            "GET /second HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"));
    bool closed = false;
    std::string answers = socket.read_until_closed(5s, closed);
    EXPECT_TRUE(closed) << "Connection: close was not honoured";
    size_t first = answers.find("{\"path\":\"/first\"}");
    size_t second = answers.find("\"path\":\"/second\"");
    ASSERT_NE(first, std::string::npos) << answers;
    ASSERT_NE(second, std::string::npos) << answers;
    EXPECT_LT(first, second);
    EXPECT_EQ(answers.rfind("HTTP/1.1 200 OK\r\n", 0), 0u);
    EXPECT_NE(answers.find("Connection: close\r\n"), std::string::npos);
}

// HTTP/1.0 has no chunked encoding: a stream's end is the connection's.
TEST_F(HttpServerTest, AnHttp10StreamIsDelimitedByClosingTheConnection) {
    start([&](std::shared_ptr<Exchange> exchange) {
        exchange->start_stream(200, "text/plain");
        exchange->write("one\n");
        exchange->write("two\n");
        exchange->finish();
    });
    RawSocket socket(server->port());
    ASSERT_TRUE(socket.send("GET /query HTTP/1.0\r\n\r\n"));
    bool closed = false;
    std::string answer = socket.read_until_closed(5s, closed);
    EXPECT_TRUE(closed);
    EXPECT_EQ(answer.find("Transfer-Encoding"), std::string::npos) << answer;
    EXPECT_NE(answer.find("Connection: close\r\n"), std::string::npos) << answer;
    EXPECT_EQ(answer.substr(answer.find("\r\n\r\n") + 4), "one\ntwo\n");
}

class HttpServerStreamTest : public HttpServerTest, public ::testing::WithParamInterface<Version> {};

// The producer writes chunk i only once the client has read chunk i-1: a transport that
// held chunks back would stall it. Then the client leaves, and the producer sees it.
TEST_P(HttpServerStreamTest, ChunksArriveAsWrittenAndTheClientsDepartureIsSeen) {
    int chunks_read = 0;
    bool write_failed = false, gone_when_failed = false;
    int written = 0;
    start([&](std::shared_ptr<Exchange> exchange) {
        exchange->start_stream(200, "application/vnd.ksqlapi.delimited.v1");
        server->offload([&, exchange] {
            for (int i = 0; i < 10000; ++i) {
                // client_gone() has no notification: polled, a few milliseconds apart.
                auto until = std::chrono::steady_clock::now() + 10s;
                while (!wait_until([&] { return chunks_read >= i || exchange->client_gone(); }, 5ms) &&
                       std::chrono::steady_clock::now() < until) {
                }
                if (!exchange->write("{\"row\":" + std::to_string(i) + "}\n")) {
                    std::lock_guard lock(mutex);
                    write_failed = true;
                    gone_when_failed = exchange->client_gone();
                    written = i;
                    changed.notify_all();
                    return;
                }
            }
        });
    });

    std::string received;
    struct Progress {
        HttpServerStreamTest* test;
        std::string* received;
        int* chunks_read;
    } progress{this, &received, &chunks_read};
    connql::testing::Curl curl(curl_easy_init());
    connql::testing::prepare(curl.get(), GetParam(), url("/query"), nullptr, "");
    curl_easy_setopt(curl.get(), CURLOPT_WRITEDATA, &progress);
    curl_easy_setopt(curl.get(), CURLOPT_WRITEFUNCTION, +[](char* data, size_t size, size_t count, void* out) -> size_t {
        auto* p = static_cast<Progress*>(out);
        std::lock_guard lock(p->test->mutex);
        p->received->append(data, size * count);
        *p->chunks_read = static_cast<int>(std::count(p->received->begin(), p->received->end(), '\n'));
        p->test->changed.notify_all();
        // After three rows the client hangs up (curl closes the connection or resets the stream).
        return *p->chunks_read >= 3 ? 0 : size * count;
    });
    CURLcode code = curl_easy_perform(curl.get());
    EXPECT_EQ(code, CURLE_WRITE_ERROR);  // our own hang-up, not a timeout
    long status = 0;
    curl_easy_getinfo(curl.get(), CURLINFO_RESPONSE_CODE, &status);
    EXPECT_EQ(status, 200);
    curl.reset();  // closes the connection (an HTTP/2 one too)
    EXPECT_EQ(received, "{\"row\":0}\n{\"row\":1}\n{\"row\":2}\n");

    ASSERT_TRUE(wait_until([&] { return write_failed; }, 5s)) << "write() never returned false after the client left";
    EXPECT_TRUE(gone_when_failed);
    EXPECT_GE(written, 3);
}

INSTANTIATE_TEST_SUITE_P(Protocols, HttpServerStreamTest, ::testing::Values(Version::http1, Version::h2c),
                         [](const auto& info) { return info.param == Version::http1 ? "Http11" : "H2c"; });

TEST_F(HttpServerTest, ALargerBodyIsAnswered413InKsqlDbsErrorShape) {
    std::atomic<int> handled{0};
    ServerOptions options;
    options.max_body_bytes = 1000;
    start([&](std::shared_ptr<Exchange> exchange) {
        ++handled;
        echo(exchange);
    }, options);
    std::string large(2000, 'x');
    std::string fits(1000, 'y');
    struct Case {
        Version version;
        std::vector<std::string> headers;
        const char* name;
    };
    for (const Case& c : {Case{Version::http1, {}, "HTTP/1.1 Content-Length"},
                          Case{Version::http1, {"Transfer-Encoding: chunked"}, "HTTP/1.1 chunked"},
                          Case{Version::h2c, {}, "h2c"}}) {
        SCOPED_TRACE(c.name);
        Fetched got = fetch(c.version, url("/ksql"), &large, "", c.headers);
        EXPECT_EQ(got.status, 413) << got.error;
        EXPECT_EQ(got.content_type, "application/json");
        json error = json::parse(got.body);
        EXPECT_EQ(error["@type"], "generic_error");
        EXPECT_EQ(error["error_code"], 41300);
        EXPECT_EQ(error["message"], "request body is larger than 1000 bytes");
        Fetched ok = fetch(c.version, url("/ksql"), &fits, "", c.headers);
        EXPECT_EQ(ok.status, 200) << ok.error;
    }
    EXPECT_EQ(handled.load(), 3);  // only the bodies that fit reached the handler
    EXPECT_EQ(limit_count("body_size"), 3u);
}

TEST_F(HttpServerTest, RequestsBeyondTheConcurrencyLimitAreAnswered429) {
    ServerOptions options;
    options.max_concurrent_requests = 2;
    start([&](std::shared_ptr<Exchange> exchange) {
        if (exchange->request().path == "/hold") {
            std::lock_guard lock(mutex);
            held.push_back(exchange);
            changed.notify_all();
            return;
        }
        exchange->respond(json_response({{"ok", true}}));
    }, options);
    Fetched first, second;
    std::thread a([&] { first = fetch(Version::http1, url("/hold")); });
    std::thread b([&] { second = fetch(Version::h2c, url("/hold")); });
    ASSERT_TRUE(wait_until([&] { return held.size() == 2; }));

    for (Version version : {Version::http1, Version::h2c}) {
        Fetched rejected = fetch(version, url("/other"));
        EXPECT_EQ(rejected.status, 429) << rejected.error;
        json error = json::parse(rejected.body);
        EXPECT_EQ(error["@type"], "generic_error");
        EXPECT_EQ(error["error_code"], 42900);
    }
    EXPECT_EQ(limit_count("concurrency"), 2u);

    for (auto& exchange : held) exchange->respond(json_response({{"held", true}}));
    a.join();
    b.join();
    EXPECT_EQ(first.status, 200);
    EXPECT_EQ(second.status, 200);
    EXPECT_EQ(fetch(Version::http1, url("/other")).status, 200);  // the slots were given back
}

TEST_F(HttpServerTest, AClientSendingHalfARequestIsAnswered408AndClosed) {
    std::atomic<int> handled{0};
    ServerOptions options;
    options.header_timeout = 300ms;
    start([&](std::shared_ptr<Exchange> exchange) {
        ++handled;
        echo(exchange);
    }, options);
    for (std::string half : {std::string("GET /info HTTP/1.1\r\nHost: x\r\n"),
                             std::string("POST /ksql HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nabc")}) {
        RawSocket socket(server->port());
        ASSERT_GE(socket.fd, 0);
        auto began = std::chrono::steady_clock::now();
        ASSERT_TRUE(socket.send(half));
        bool closed = false;
        std::string answer = socket.read_until_closed(5s, closed);
        auto took = std::chrono::steady_clock::now() - began;
        EXPECT_TRUE(closed) << "the server kept the connection of a slow client open";
        EXPECT_EQ(answer.rfind("HTTP/1.1 408 ", 0), 0u) << answer;
        EXPECT_NE(answer.find("\"error_code\":40800"), std::string::npos) << answer;
        EXPECT_GE(took, 250ms);
        EXPECT_LT(took, 3s);
    }
    // A connection that sends nothing at all is closed too.
    RawSocket silent(server->port());
    bool closed = false;
    silent.read_until_closed(5s, closed);
    EXPECT_TRUE(closed);
    EXPECT_EQ(handled.load(), 0);
    EXPECT_EQ(limit_count("header_timeout"), 3u);
}

// Over HTTP/2 the slow stream is answered 408; the connection (other streams) lives on.
TEST_F(HttpServerTest, AnHttp2StreamWhoseBodyStallsIsAnswered408) {
    std::atomic<int> handled{0};
    ServerOptions options;
    options.header_timeout = 300ms;
    start([&](std::shared_ptr<Exchange> exchange) {
        ++handled;
        echo(exchange);
    }, options);
    connql::testing::Curl curl(curl_easy_init());
    connql::testing::prepare(curl.get(), Version::h2c, url("/ksql"), nullptr, "");
    curl_easy_setopt(curl.get(), CURLOPT_POST, 1L);
    curl_easy_setopt(curl.get(), CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(10));
    int calls = 0;
    curl_easy_setopt(curl.get(), CURLOPT_READDATA, &calls);
    curl_easy_setopt(curl.get(), CURLOPT_READFUNCTION, +[](char* buffer, size_t, size_t, void* data) -> size_t {
        if ((*static_cast<int*>(data))++ > 0) return CURL_READFUNC_PAUSE;  // 3 bytes of 10, then nothing
        std::memcpy(buffer, "abc", 3);
        return 3;
    });
    // curl waits for its upload even after the answer: the client hangs up once it has it.
    std::string received;
    curl_easy_setopt(curl.get(), CURLOPT_WRITEDATA, &received);
    curl_easy_setopt(curl.get(), CURLOPT_WRITEFUNCTION, +[](char* data, size_t size, size_t count, void* out) -> size_t {
        auto* text = static_cast<std::string*>(out);
        text->append(data, size * count);
        return text->back() == '}' ? 0 : size * count;
    });
    auto began = std::chrono::steady_clock::now();
    curl_easy_perform(curl.get());
    long status = 0;
    curl_easy_getinfo(curl.get(), CURLINFO_RESPONSE_CODE, &status);
    EXPECT_EQ(status, 408);
    auto took = std::chrono::steady_clock::now() - began;
    EXPECT_GE(took, 250ms);
    EXPECT_LT(took, 5s);
    EXPECT_NE(received.find("\"error_code\":40800"), std::string::npos) << received;
    EXPECT_EQ(handled.load(), 0);
    EXPECT_EQ(limit_count("header_timeout"), 1u);
}

TEST_F(HttpServerTest, AHandlerThatMissesTheDeadlineGets503AndItsExchangeIsGone) {
    ServerOptions options;
    options.request_deadline = 300ms;
    start([&](std::shared_ptr<Exchange> exchange) {
        std::lock_guard lock(mutex);
        held.push_back(exchange);  // never answered in time
    }, options);
    for (Version version : {Version::http1, Version::h2c}) {
        auto began = std::chrono::steady_clock::now();
        Fetched got = fetch(version, url("/ksql"));
        EXPECT_EQ(got.status, 503) << got.error;
        EXPECT_GE(std::chrono::steady_clock::now() - began, 250ms);
        json error = json::parse(got.body);
        EXPECT_EQ(error["error_code"], 50300);
    }
    std::lock_guard lock(mutex);
    ASSERT_EQ(held.size(), 2u);
    for (auto& exchange : held) {
        EXPECT_TRUE(exchange->client_gone());
        exchange->respond(json_response({{"too", "late"}}));  // ignored, harmlessly
        EXPECT_FALSE(exchange->write("x"));
    }
    EXPECT_EQ(limits, std::vector<std::string>({"deadline", "deadline"}));
}

TEST_F(HttpServerTest, StopLetsInFlightRequestsFinishAndRefusesNewConnections) {
    bool release = false;
    int arrived = 0;
    start([&](std::shared_ptr<Exchange> exchange) {
        {
            std::lock_guard lock(mutex);
            ++arrived;
            changed.notify_all();
        }
        server->offload([&, exchange] {
            wait_until([&] { return release; });
            exchange->respond(json_response({{"finished", exchange->request().protocol}}));
        });
    });
    Fetched over_http1, over_h2c;
    std::thread a([&] { over_http1 = fetch(Version::http1, url("/slow")); });
    std::thread b([&] { over_h2c = fetch(Version::h2c, url("/slow")); });
    ASSERT_TRUE(wait_until([&] { return arrived == 2; }));

    server->stop(20s);
    EXPECT_TRUE(eventually([&] { return RawSocket(server->port()).fd < 0; }, 5s)) << "still accepting";
    {
        std::lock_guard lock(mutex);
        release = true;
        changed.notify_all();
    }
    a.join();
    b.join();
    EXPECT_EQ(over_http1.status, 200) << over_http1.error;
    EXPECT_EQ(over_http1.body, R"({"finished":"HTTP/1.1"})") << over_http1.error;
    EXPECT_EQ(over_h2c.status, 200) << over_h2c.error;
    EXPECT_EQ(over_h2c.body, R"({"finished":"HTTP/2"})") << over_h2c.error;
    // The loop ends once nothing is in flight, long before the 20 s drain.
    auto began = std::chrono::steady_clock::now();
    server->wait();
    EXPECT_LT(std::chrono::steady_clock::now() - began, 5s);
}

TEST_F(HttpServerTest, Serves200ConcurrentRequestsWithoutAnError) {
    start([&](std::shared_ptr<Exchange> exchange) {
        server->offload([exchange] { exchange->respond(json_response({{"path", exchange->request().path}})); });
    });
    constexpr int kRequests = 200;
    std::unique_ptr<CURLM, decltype(&curl_multi_cleanup)> multi(curl_multi_init(), curl_multi_cleanup);
    std::vector<connql::testing::Curl> handles;
    std::vector<std::string> bodies(kRequests);
    for (int i = 0; i < kRequests; ++i) {
        handles.emplace_back(curl_easy_init());
        CURL* curl = handles.back().get();
        connql::testing::prepare(curl, i % 2 ? Version::h2c : Version::http1, url("/r/" + std::to_string(i)), nullptr, "");
        curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, connql::testing::append_to_string);
        curl_easy_setopt(curl, CURLOPT_WRITEDATA, &bodies[i]);
        curl_multi_add_handle(multi.get(), curl);
    }
    int running = 0;
    do {
        curl_multi_perform(multi.get(), &running);
        curl_multi_poll(multi.get(), nullptr, 0, 50, nullptr);
    } while (running > 0);
    int ok = 0;
    while (CURLMsg* message = curl_multi_info_read(multi.get(), &running)) {
        if (message->msg != CURLMSG_DONE) continue;
        EXPECT_EQ(message->data.result, CURLE_OK) << curl_easy_strerror(message->data.result);
        long status = 0;
        curl_easy_getinfo(message->easy_handle, CURLINFO_RESPONSE_CODE, &status);
        if (status == 200) ++ok;
    }
    for (int i = 0; i < kRequests; ++i) {
        EXPECT_EQ(bodies[i], json({{"path", "/r/" + std::to_string(i)}}).dump());
        curl_multi_remove_handle(multi.get(), handles[i].get());
    }
    EXPECT_EQ(ok, kRequests);
    EXPECT_TRUE(limits.empty());
}

// A self-signed certificate for 127.0.0.1, made with the openssl CLI.
struct Certificate {
    std::filesystem::path dir = std::filesystem::temp_directory_path() /
                                ("connql_http_tls_" + std::to_string(::getpid()));
    std::string cert = (dir / "cert.pem").string(), key = (dir / "key.pem").string();
    Certificate() {
        std::filesystem::create_directories(dir);
        std::string command = "openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=localhost "
                              "-addext subjectAltName=IP:127.0.0.1,DNS:localhost -keyout " + key + " -out " + cert +
                              " >/dev/null 2>&1";
        EXPECT_EQ(std::system(command.c_str()), 0) << command;
    }
    ~Certificate() { std::filesystem::remove_all(dir); }
};

TEST_F(HttpServerTest, ServesHttp2ThroughAlpnAndHttp11OverTls) {
    Certificate certificate;
    ServerOptions options;
    options.tls = TlsFiles{certificate.cert, certificate.key};
    start(echo, options);
    std::string body = R"({"ksql":"LIST CONNECTORS;"})";
    for (auto [version, protocol, curl_version] :
         {std::tuple{Version::https2, "HTTP/2", long(CURL_HTTP_VERSION_2_0)},
          std::tuple{Version::https1, "HTTP/1.1", long(CURL_HTTP_VERSION_1_1)}}) {
        SCOPED_TRACE(protocol);
        Fetched got = fetch(version, url("/ksql", true), &body, certificate.cert);
        ASSERT_EQ(got.error, "");
        EXPECT_EQ(got.status, 200);
        EXPECT_EQ(got.http_version, curl_version);
        json seen = json::parse(got.body);
        EXPECT_EQ(seen["protocol"], protocol);
        EXPECT_EQ(seen["tls"], true);
        EXPECT_EQ(seen["body"], body);
    }
    // A client that offers no ALPN at all is told apart by its first bytes.
    connql::testing::Curl no_alpn(curl_easy_init());
    curl_easy_setopt(no_alpn.get(), CURLOPT_SSL_ENABLE_ALPN, 0L);
    Fetched without = fetch(no_alpn.get(), Version::https1, url("/info", true), nullptr, certificate.cert);
    ASSERT_EQ(without.error, "");
    EXPECT_EQ(json::parse(without.body)["protocol"], "HTTP/1.1");
    EXPECT_EQ(json::parse(without.body)["tls"], true);
    // Cleartext to a TLS port is no request.
    Fetched plain = fetch(Version::http1, url("/ksql"));
    EXPECT_NE(plain.error, "");
}

TEST_F(HttpServerTest, StartFailsWithAClearMessage) {
    ServerOptions options;
    options.tls = TlsFiles{"/nonexistent/connql-cert.pem", "/nonexistent/connql-key.pem"};
    Server bad_tls(options, echo);
    try {
        bad_tls.start();
        ADD_FAILURE() << "started with missing TLS files";
    } catch (const std::runtime_error& error) {
        EXPECT_NE(std::string(error.what()).find("/nonexistent/connql-cert.pem"), std::string::npos) << error.what();
    }

    start(echo);
    ServerOptions taken;
    taken.port = server->port();
    Server second(taken, echo);
    try {
        second.start();
        ADD_FAILURE() << "bound a port already in use";
    } catch (const std::runtime_error& error) {
        EXPECT_EQ(std::string(error.what()), "cannot listen on 127.0.0.1:" + std::to_string(server->port()) +
                                                 ": address already in use");
    }
}

}  // namespace
}  // namespace connql::http
