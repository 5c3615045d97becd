// The counters of `connql serve`, exposed at /metrics in Prometheus' text format 0.0.4.
//
// A small registry of our own rather than prometheus-cpp: Debian ships prometheus-cpp
// as shared libraries only, built against the shared libstdc++, and `connql serve` is a
// subcommand of the one connql binary, which links libstdc++ statically for its cold
// start (docs/benchmarks.md). Linking prometheus-cpp-core would load libstdc++.so.6 at
// every `connql run` and put two copies of the C++ runtime in one process. What we need
// (counters, gauges, one histogram, the text format) is this file.
//
// Every label value comes from a fixed set chosen by the server (routes such as "/ksql",
// Connect endpoint names, limit names, role names, Connect's connector states), never
// from request input: a label taken from a request would let any client create series
// without bound and write into the exposition. Values are escaped all the same.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>

namespace connql::metrics {

// Upper bounds of the duration histograms' buckets: half a millisecond (an answer from
// the server alone) to 10 s (a CREATE that waits for its tasks).
inline constexpr std::array<double, 14> kDurationBuckets = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                                            0.1,    0.25,  0.5,    1,     2.5,  5,    10};

// All methods are thread-safe (one mutex: an increment is a map lookup, far below the
// cost of the request it counts).
class ServerMetrics {
public:
    // connql_http_requests_total{route,status,role} and
    // connql_http_request_duration_seconds{route}. `role`: "read", "write", or "none"
    // for a request refused before it had one.
    void request(std::string_view route, int status, std::string_view role, double seconds);
    // connql_connect_calls_total{endpoint}, connql_connect_call_duration_seconds{endpoint},
    // and connql_connect_errors_total{endpoint} when `error` (a call that failed is
    // counted in both).
    void connect_call(std::string_view endpoint, bool error, double seconds);
    // connql_connect_reads_shared_total: a request answered by another request's Connect
    // call in flight (single flight), which therefore made no call of its own.
    void shared_read();
    // connql_http_requests_in_flight: requests routed and not yet answered (streams
    // until they end).
    void request_started();
    void request_ended();
    // connql_http_rejections_total{limit}: a request refused by a limit (body size,
    // concurrency, rate...).
    void limit_rejected(std::string_view limit);
    // connql_connectors{state} and connql_failed_tasks, as last seen. A state seen before
    // and absent now reads 0 rather than vanishing. Neither gauge is exposed before the
    // first call: "unknown" is not "0 failed tasks".
    void connectors(const std::map<std::string, int>& by_state, int failed_tasks);

    // The exposition (Content-Type: text/plain; version=0.0.4; charset=utf-8).
    std::string text() const;

private:
    struct Histogram {
        std::array<std::uint64_t, kDurationBuckets.size()> buckets{};  // not cumulative
        std::uint64_t count = 0;
        double sum = 0;
    };
    using Counts = std::map<std::string, std::uint64_t, std::less<>>;
    using Histograms = std::map<std::string, Histogram, std::less<>>;
    static void observe(Histograms& histograms, std::string_view key, double seconds);
    static void histograms(std::string& out, const char* name, const char* help, const char* key_label,
                           const Histograms& histograms);

    mutable std::mutex mutex_;
    std::map<std::tuple<std::string, int, std::string>, std::uint64_t> requests_;
    Histograms durations_;          // by route
    Histograms connect_durations_;  // by Connect endpoint
    Counts connect_calls_, connect_errors_, rejections_;
    std::uint64_t shared_reads_ = 0;
    std::int64_t in_flight_ = 0;
    std::map<std::string, int> connectors_;
    std::optional<int> failed_tasks_;
};

}  // namespace connql::metrics
