// server/metrics (the Prometheus exposition) and server/access_log (one JSON line a request).
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <regex>
#include <sstream>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "server/access_log.h"
#include "server/metrics/server_metrics.h"

using connql::metrics::ServerMetrics;
using connql::server::AccessLog;
using connql::server::AccessRecord;

namespace {

// Every sample of an exposition: "name{labels}" -> value. Fails the test on a line that
// is neither a comment nor "series value".
std::map<std::string, double> samples(const std::string& text) {
    std::map<std::string, double> out;
    std::istringstream lines(text);
    std::string line;
    while (std::getline(lines, line)) {
        if (line.rfind("# HELP ", 0) == 0 || line.rfind("# TYPE ", 0) == 0) continue;
        size_t space = line.rfind(' ');
        EXPECT_NE(space, std::string::npos) << line;
        if (space == std::string::npos) continue;
        std::string series = line.substr(0, space);
        EXPECT_EQ(out.count(series), 0u) << "duplicate series " << series;
        out[series] = std::stod(line.substr(space + 1));
    }
    return out;
}

double at(const std::map<std::string, double>& s, const std::string& series) {
    auto it = s.find(series);
    EXPECT_NE(it, s.end()) << "missing " << series;
    return it == s.end() ? -1 : it->second;
}

}  // namespace

TEST(Metrics, TheExpositionHasEachSeriesWithItsCount) {
    ServerMetrics m;
    m.request("/ksql", 200, "write", 0.003);
    m.request("/ksql", 200, "write", 0.2);
    m.request("/ksql", 401, "none", 0.0001);
    m.request("/info", 200, "read", 20);  // beyond the last bucket
    m.connect_call("GET /connectors", false, 0.05);
    m.connect_call("GET /connectors", true, 0.0002);
    m.connect_call("POST /connectors", false, 1.5);
    m.shared_read();
    m.shared_read();
    m.limit_rejected("body_size");
    std::string text = m.text();
    auto s = samples(text);

    EXPECT_EQ(at(s, R"(connql_http_requests_total{route="/ksql",status="200",role="write"})"), 2);
    EXPECT_EQ(at(s, R"(connql_http_requests_total{route="/ksql",status="401",role="none"})"), 1);
    EXPECT_EQ(at(s, R"(connql_http_requests_total{route="/info",status="200",role="read"})"), 1);
    EXPECT_EQ(at(s, R"(connql_connect_calls_total{endpoint="GET /connectors"})"), 2);
    EXPECT_EQ(at(s, R"(connql_connect_errors_total{endpoint="GET /connectors"})"), 1);
    EXPECT_EQ(at(s, R"(connql_connect_errors_total{endpoint="POST /connectors"})"), 0) << "shown at 0";
    EXPECT_EQ(at(s, "connql_connect_reads_shared_total"), 2);
    EXPECT_EQ(at(s, R"(connql_http_rejections_total{limit="body_size"})"), 1);

    // The histogram: cumulative buckets, the le="+Inf" bucket equal to the count.
    EXPECT_EQ(at(s, R"(connql_http_request_duration_seconds_bucket{route="/ksql",le="0.0005"})"), 1);
    EXPECT_EQ(at(s, R"(connql_http_request_duration_seconds_bucket{route="/ksql",le="0.0025"})"), 1);
    EXPECT_EQ(at(s, R"(connql_http_request_duration_seconds_bucket{route="/ksql",le="0.005"})"), 2);
    EXPECT_EQ(at(s, R"(connql_http_request_duration_seconds_bucket{route="/ksql",le="0.25"})"), 3);
    EXPECT_EQ(at(s, R"(connql_http_request_duration_seconds_bucket{route="/ksql",le="10"})"), 3);
    EXPECT_EQ(at(s, R"(connql_http_request_duration_seconds_bucket{route="/ksql",le="+Inf"})"), 3);
    EXPECT_EQ(at(s, R"(connql_http_request_duration_seconds_count{route="/ksql"})"), 3);
    EXPECT_NEAR(at(s, R"(connql_http_request_duration_seconds_sum{route="/ksql"})"), 0.2031, 1e-9);
    EXPECT_EQ(at(s, R"(connql_http_request_duration_seconds_bucket{route="/info",le="10"})"), 0);
    EXPECT_EQ(at(s, R"(connql_http_request_duration_seconds_bucket{route="/info",le="+Inf"})"), 1);

    // Connect's share of the time, by endpoint, in the same buckets.
    EXPECT_EQ(at(s, R"(connql_connect_call_duration_seconds_bucket{endpoint="GET /connectors",le="0.0005"})"), 1);
    EXPECT_EQ(at(s, R"(connql_connect_call_duration_seconds_bucket{endpoint="GET /connectors",le="0.025"})"), 1);
    EXPECT_EQ(at(s, R"(connql_connect_call_duration_seconds_bucket{endpoint="GET /connectors",le="0.05"})"), 2);
    EXPECT_EQ(at(s, R"(connql_connect_call_duration_seconds_count{endpoint="GET /connectors"})"), 2);
    EXPECT_NEAR(at(s, R"(connql_connect_call_duration_seconds_sum{endpoint="GET /connectors"})"), 0.0502, 1e-9);
    EXPECT_EQ(at(s, R"(connql_connect_call_duration_seconds_bucket{endpoint="POST /connectors",le="1"})"), 0);
    EXPECT_EQ(at(s, R"(connql_connect_call_duration_seconds_bucket{endpoint="POST /connectors",le="2.5"})"), 1);
    EXPECT_NE(text.find("# TYPE connql_connect_call_duration_seconds histogram\n"), std::string::npos);

    EXPECT_NE(text.find("# TYPE connql_http_request_duration_seconds histogram\n"), std::string::npos);
    EXPECT_NE(text.find("# TYPE connql_http_requests_total counter\n"), std::string::npos);
    EXPECT_EQ(text.find("connql_failed_tasks"), std::string::npos) << "unknown before the first look";
}

TEST(Metrics, ConnectorGaugesKeepAStateSeenBeforeAtZero) {
    ServerMetrics m;
    m.connectors({{"RUNNING", 5}, {"FAILED", 1}}, 3);
    auto s = samples(m.text());
    EXPECT_EQ(at(s, R"(connql_connectors{state="RUNNING"})"), 5);
    EXPECT_EQ(at(s, R"(connql_connectors{state="FAILED"})"), 1);
    EXPECT_EQ(at(s, "connql_failed_tasks"), 3);
    m.connectors({{"RUNNING", 6}}, 0);
    s = samples(m.text());
    EXPECT_EQ(at(s, R"(connql_connectors{state="RUNNING"})"), 6);
    EXPECT_EQ(at(s, R"(connql_connectors{state="FAILED"})"), 0);
    EXPECT_EQ(at(s, "connql_failed_tasks"), 0);
}

TEST(Metrics, LabelValuesAreEscaped) {
    ServerMetrics m;
    m.limit_rejected("a\"b\\c\nd");
    EXPECT_NE(m.text().find(R"(connql_http_rejections_total{limit="a\"b\\c\nd"} 1)"), std::string::npos) << m.text();
}

TEST(Metrics, IncrementsFromManyThreadsAllCount) {
    ServerMetrics m;
    constexpr int kThreads = 8, kEach = 5000;
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
        threads.emplace_back([&m, t] {
            for (int i = 0; i < kEach; ++i) {
                m.request("/ksql", 200, t % 2 ? "read" : "write", 0.001);
                m.connect_call("GET /connectors", i % 10 == 0, 0.01);
                m.shared_read();
                if (i % 100 == 0) (void)m.text();  // reading while others write
            }
        });
    }
    for (std::thread& t : threads) t.join();
    auto s = samples(m.text());
    EXPECT_EQ(at(s, R"(connql_http_requests_total{route="/ksql",status="200",role="read"})"), kThreads / 2 * kEach);
    EXPECT_EQ(at(s, R"(connql_http_requests_total{route="/ksql",status="200",role="write"})"), kThreads / 2 * kEach);
    EXPECT_EQ(at(s, R"(connql_http_request_duration_seconds_count{route="/ksql"})"), kThreads * kEach);
    EXPECT_EQ(at(s, R"(connql_http_request_duration_seconds_bucket{route="/ksql",le="0.001"})"), kThreads * kEach);
    EXPECT_EQ(at(s, R"(connql_connect_calls_total{endpoint="GET /connectors"})"), kThreads * kEach);
    EXPECT_EQ(at(s, R"(connql_connect_errors_total{endpoint="GET /connectors"})"), kThreads * kEach / 10);
    EXPECT_EQ(at(s, "connql_connect_reads_shared_total"), kThreads * kEach);
}

namespace {

AccessRecord sample_record() {
    AccessRecord r;
    r.time = std::chrono::system_clock::time_point(std::chrono::milliseconds(1795327800123LL));
    r.peer = "10.0.0.7:51234";
    r.user = "alice";
    r.method = "POST";
    r.path = "/ksql";
    r.status = 200;
    r.duration_ms = 12.3456789;
    r.protocol = "HTTP/1.1";
    r.statement =
        "CREATE SOURCE CONNECTOR pg WITH ('connector.class'='PostgresConnector', 'connection.password'='hunter2');";
    r.bytes_out = 512;
    return r;
}

}  // namespace

TEST(AccessLog, ALineIsJsonWithEveryFieldAndNoSecret) {
    std::ostringstream out;
    AccessLog log(out);
    log.write(sample_record());
    log.flush();
    std::string text = out.str();
    ASSERT_FALSE(text.empty());
    EXPECT_EQ(text.back(), '\n');
    EXPECT_EQ(text.find('\n'), text.size() - 1) << "one line";
    EXPECT_EQ(text.find("hunter2"), std::string::npos) << text;

    nlohmann::json line = nlohmann::json::parse(text);
    EXPECT_EQ(line["time"], "2026-11-22T06:10:00.123Z");
    EXPECT_EQ(line["peer"], "10.0.0.7:51234");
    EXPECT_EQ(line["user"], "alice");
    EXPECT_EQ(line["method"], "POST");
    EXPECT_EQ(line["path"], "/ksql");
    EXPECT_EQ(line["status"], 200);
    EXPECT_DOUBLE_EQ(line["duration_ms"].get<double>(), 12.346);
    EXPECT_EQ(line["protocol"], "HTTP/1.1");
    EXPECT_EQ(line["bytes_out"], 512);
    EXPECT_EQ(line["statement"],
              "CREATE SOURCE CONNECTOR pg WITH ('connector.class'='PostgresConnector', 'connection.password'='[string]');");
    EXPECT_EQ(line.size(), 10u);
}

TEST(AccessLog, NullsForNoUserAndNoStatementAndCredentialsInThePathMasked) {
    AccessRecord r = sample_record();
    r.user.reset();
    r.statement.reset();
    r.path = "/ksql?password=hunter2&x=1";
    nlohmann::json line = nlohmann::json::parse(AccessLog::format(r));
    EXPECT_TRUE(line["user"].is_null());
    EXPECT_TRUE(line["statement"].is_null());
    EXPECT_EQ(line["path"].get<std::string>().find("hunter2"), std::string::npos) << line["path"];
}

TEST(AccessLog, StatementsAreMaskedEvenInFreeTextAndCutWhenLong) {
    AccessRecord r = sample_record();
    // Not a statement the masking of property values understands: the embedded
    // credential is still caught.
    r.statement = "not even sql jdbc:postgresql://app:hunter2@db:5432/shop";
    std::string text = AccessLog::format(r);
    EXPECT_EQ(text.find("hunter2"), std::string::npos) << text;

    r.statement = "\xff" + std::string(10000, 'x');  // long, and not UTF-8
    nlohmann::json line = nlohmann::json::parse(AccessLog::format(r));
    std::string statement = line["statement"];
    EXPECT_EQ(statement.substr(0, 3), "\xEF\xBF\xBD") << "U+FFFD for the invalid byte";
    EXPECT_EQ(statement.substr(statement.size() - 3), "...");
    EXPECT_EQ(statement.size(), 3 + (AccessLog::kMaxStatementChars - 1) + 3);
}

TEST(AccessLog, EveryCharacterAStringMayHoldIsWrittenAsJsonWritesIt) {
    // The line is written without a JSON library's tree (it is on every request's
    // path): its strings must still be what nlohmann writes, byte for byte.
    AccessRecord r = sample_record();
    std::string all_ascii;
    for (int c = 1; c < 0x80; ++c) all_ascii += static_cast<char>(c);
    r.peer = all_ascii;
    r.user = "\"quoted\" \\ back\tslash\nnew line";
    r.method = "caf\xC3\xA9 \xE2\x82\xAC";  // UTF-8, not ASCII
    r.protocol = "bad \xC3 byte";        // a truncated sequence
    r.duration_ms = 3;
    const std::string line = AccessLog::format(r);
    nlohmann::json parsed = nlohmann::json::parse(line);
    EXPECT_EQ(parsed["peer"], all_ascii);
    EXPECT_EQ(parsed["user"], *r.user);
    EXPECT_EQ(parsed["method"], r.method);
    for (const char* field : {"peer", "user", "method", "protocol", "duration_ms"}) {
        const std::string written = nlohmann::json(parsed[field]).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
        EXPECT_NE(line.find("\"" + std::string(field) + "\":" + written), std::string::npos) << field << ": " << line;
    }
}

TEST(AccessLog, EveryLineIsOutWhenTheLogEnds) {
    std::ostringstream out;
    {
        AccessLog log(out);
        for (int i = 0; i < 100; ++i) log.write(sample_record());
    }
    const std::string text = out.str();
    EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 100);
}

TEST(AccessLog, LinesWrittenFromManyThreadsNeverInterleave) {
    std::ostringstream out;
    AccessLog log(out);
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([&log] {
            for (int i = 0; i < 500; ++i) log.write(sample_record());
        });
    }
    for (std::thread& t : threads) t.join();
    log.flush();  // the writer thread has written every line once this returns
    std::istringstream lines(out.str());
    std::string line;
    int count = 0;
    while (std::getline(lines, line)) {
        ASSERT_TRUE(nlohmann::json::accept(line)) << line;
        ++count;
    }
    EXPECT_EQ(count, 2000);
}
