#include "server/metrics/server_metrics.h"

#include <charconv>
#include <cmath>

namespace connql::metrics {

namespace {

// The text format's escapes for a label value: backslash, double quote, newline.
std::string escape(std::string_view value) {
    std::string out;
    out.reserve(value.size());
    for (char c : value) {
        if (c == '\\') {
            out += "\\\\";
        } else if (c == '"') {
            out += "\\\"";
        } else if (c == '\n') {
            out += "\\n";
        } else {
            out += c;
        }
    }
    return out;
}

// The shortest text that reads back as the same double ("0.2031", "1.5e-05"); `fixed` for
// bucket bounds, whose le label is matched as text: le="0.0005", as every exporter writes it,
// not the shorter "5e-04".
std::string number(double value, std::chars_format format = std::chars_format::general) {
    if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
    if (std::isnan(value)) return "NaN";
    char buffer[400];  // a fixed double can be 300-odd digits long
    auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value, format);
    return ec == std::errc() ? std::string(buffer, end) : std::string("NaN");
}

void header(std::string& out, std::string_view name, std::string_view type, std::string_view help) {
    out.append("# HELP ").append(name).append(" ").append(help).append("\n");
    out.append("# TYPE ").append(name).append(" ").append(type).append("\n");
}

void sample(std::string& out, std::string_view name, std::string_view labels, std::string_view value) {
    out.append(name);
    if (!labels.empty()) out.append("{").append(labels).append("}");
    out.append(" ").append(value).append("\n");
}

std::string label(std::string_view name, std::string_view value) {
    return std::string(name) + "=\"" + escape(value) + "\"";
}

void add(std::map<std::string, std::uint64_t, std::less<>>& counts, std::string_view key, std::uint64_t by = 1) {
    auto it = counts.find(key);
    if (it == counts.end()) it = counts.emplace(std::string(key), 0).first;
    it->second += by;
}

}  // namespace

void ServerMetrics::observe(Histograms& histograms, std::string_view key, double seconds) {
    if (!(seconds >= 0)) seconds = 0;  // a clock step backwards (or NaN) must not corrupt the sum
    auto it = histograms.find(key);
    if (it == histograms.end()) it = histograms.emplace(std::string(key), Histogram{}).first;
    Histogram& h = it->second;
    for (size_t i = 0; i < kDurationBuckets.size(); ++i) {
        if (seconds <= kDurationBuckets[i]) {  // Prometheus' buckets are "less than or equal"
            ++h.buckets[i];
            break;
        }
    }
    ++h.count;
    h.sum += seconds;
}

void ServerMetrics::request(std::string_view route, int status, std::string_view role, double seconds) {
    std::lock_guard lock(mutex_);
    ++requests_[std::make_tuple(std::string(route), status, std::string(role))];
    observe(durations_, route, seconds);
}

void ServerMetrics::connect_call(std::string_view endpoint, bool error, double seconds) {
    std::lock_guard lock(mutex_);
    add(connect_calls_, endpoint);
    observe(connect_durations_, endpoint, seconds);
    // An endpoint with calls shows its errors too, at 0: a ratio of the two then works
    // from the first call on.
    add(connect_errors_, endpoint, error ? 1 : 0);
}

void ServerMetrics::request_started() {
    std::lock_guard<std::mutex> lock(mutex_);
    ++in_flight_;
}

void ServerMetrics::request_ended() {
    std::lock_guard<std::mutex> lock(mutex_);
    --in_flight_;
}

void ServerMetrics::shared_read() {
    std::lock_guard lock(mutex_);
    ++shared_reads_;
}

void ServerMetrics::limit_rejected(std::string_view limit) {
    std::lock_guard lock(mutex_);
    add(rejections_, limit);
}

void ServerMetrics::connectors(const std::map<std::string, int>& by_state, int failed_tasks) {
    std::lock_guard lock(mutex_);
    for (auto& [state, count] : connectors_) count = 0;
    for (const auto& [state, count] : by_state) connectors_[state] = count;
    failed_tasks_ = failed_tasks;
}

void ServerMetrics::histograms(std::string& out, const char* name, const char* help, const char* key_label,
                               const Histograms& histograms) {
    header(out, name, "histogram", help);
    const std::string buckets = std::string(name) + "_bucket";
    for (const auto& [key, h] : histograms) {
        std::uint64_t cumulative = 0;
        const std::string key_text = label(key_label, key);
        for (size_t i = 0; i < kDurationBuckets.size(); ++i) {
            cumulative += h.buckets[i];
            sample(out, buckets.c_str(), key_text + "," + label("le", number(kDurationBuckets[i], std::chars_format::fixed)),
                   std::to_string(cumulative));
        }
        sample(out, buckets.c_str(), key_text + ",le=\"+Inf\"", std::to_string(h.count));
        sample(out, (std::string(name) + "_sum").c_str(), key_text, number(h.sum));
        sample(out, (std::string(name) + "_count").c_str(), key_text, std::to_string(h.count));
    }
}

std::string ServerMetrics::text() const {
    std::lock_guard lock(mutex_);
    std::string out;

    header(out, "connql_http_requests_total", "counter", "HTTP requests answered, by route, status and role.");
    for (const auto& [key, count] : requests_) {
        const auto& [route, status, role] = key;
        sample(out, "connql_http_requests_total",
               label("route", route) + "," + label("status", std::to_string(status)) + "," + label("role", role),
               std::to_string(count));
    }

    histograms(out, "connql_http_request_duration_seconds", "Time to answer an HTTP request, by route.", "route", durations_);

    header(out, "connql_connect_calls_total", "counter", "Calls to Kafka Connect's REST API, by endpoint.");
    for (const auto& [endpoint, count] : connect_calls_) {
        sample(out, "connql_connect_calls_total", label("endpoint", endpoint), std::to_string(count));
    }
    header(out, "connql_connect_errors_total", "counter", "Calls to Kafka Connect that failed, by endpoint.");
    for (const auto& [endpoint, count] : connect_errors_) {
        sample(out, "connql_connect_errors_total", label("endpoint", endpoint), std::to_string(count));
    }
    // With the request durations: how much of a request's time was Connect's.
    histograms(out, "connql_connect_call_duration_seconds",
               "Time a call to Kafka Connect took, retries included, by endpoint.", "endpoint", connect_durations_);
    header(out, "connql_http_requests_in_flight", "gauge", "Requests routed and not yet answered.");
    sample(out, "connql_http_requests_in_flight", "", std::to_string(in_flight_));

    header(out, "connql_connect_reads_shared_total", "counter",
           "Requests answered by another request's Connect call in flight.");
    sample(out, "connql_connect_reads_shared_total", "", std::to_string(shared_reads_));

    header(out, "connql_http_rejections_total", "counter", "Requests refused by a limit, by limit.");
    for (const auto& [limit, count] : rejections_) {
        sample(out, "connql_http_rejections_total", label("limit", limit), std::to_string(count));
    }

    if (failed_tasks_) {
        header(out, "connql_connectors", "gauge", "Connectors by state, as last seen.");
        for (const auto& [state, count] : connectors_) {
            sample(out, "connql_connectors", label("state", state), std::to_string(count));
        }
        header(out, "connql_failed_tasks", "gauge", "Failed connector tasks, as last seen.");
        sample(out, "connql_failed_tasks", "", std::to_string(*failed_tasks_));
    }
    return out;
}

}  // namespace connql::metrics
