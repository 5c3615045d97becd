#include "connect/client.h"

#include <chrono>
#include <cstdlib>
#include <iostream>
#include <thread>

namespace connql::connect {

namespace {

using Clock = std::chrono::steady_clock;

// Connect rejected the request without applying it because the group was
// rebalancing or its view of the config was stale (connect-rest-api.md §1.4):
// sending it again later is safe for every kind of request.
bool is_rebalance_conflict(const std::string& message) {
    return message.find("Cannot complete request momentarily") != std::string::npos ||
           message.find("conflicting operation (e.g. worker rebalance)") != std::string::npos;
}

// 500s that mean "not now" rather than "no": retried for idempotent requests,
// and for any request when Connect itself says it is safe.
bool is_transient_500(const std::string& message, Safety safety) {
    if (message.find("can be safely retried") != std::string::npos) return true;
    if (safety != Safety::Idempotent) return false;
    return message.find("rebalance is expected") != std::string::npos ||
           message.find("Worker is shutting down") != std::string::npos ||
           message.find("IO Error trying to forward REST request") != std::string::npos;
}

std::string worker_list(const std::vector<std::string>& urls) {
    std::string out;
    for (size_t i = 0; i < urls.size(); ++i) out += (i ? ", " : "") + urls[i];
    return out;
}

// CONNQL_TRACE=1 prints each exchange to stderr: method, path, status, time and,
// for retries, why. Never bodies or headers, which may carry secrets.
bool tracing() {
    static const bool on = [] {
        const char* value = std::getenv("CONNQL_TRACE");
        return value != nullptr && *value != '\0' && std::string(value) != "0";
    }();
    return on;
}

}  // namespace

std::string Response::error_message() const {
    if (body.is_object() && body.contains("message") && body["message"].is_string()) {
        return body["message"].get<std::string>();
    }
    if (body.is_null()) return "HTTP " + std::to_string(status) + " with no body";
    return body.dump();
}

Client::Client(Endpoint endpoint) : endpoint_(std::move(endpoint)) {
    if (endpoint_.urls.empty()) throw Error(ErrorKind::Usage, "no Kafka Connect URL is configured");
    for (std::string& url : endpoint_.urls) {
        while (!url.empty() && url.back() == '/') url.pop_back();
    }
    if (!endpoint_.bearer_token.empty()) endpoint_.headers.push_back("Authorization: Bearer " + endpoint_.bearer_token);
}

Response Client::send(const Call& call) {
    const auto deadline = Clock::now() + std::chrono::milliseconds(endpoint_.retry_deadline_ms);
    auto backoff = std::chrono::milliseconds(100);
    auto wait = [&] {
        std::this_thread::sleep_for(backoff);
        backoff = std::min(backoff * 2, std::chrono::milliseconds(2000));
    };
    size_t refused = 0;  // workers that refused the connection in a row

    while (true) {
        const std::string& base = endpoint_.urls[current_];
        HttpRequest request;
        request.method = call.method;
        request.url = base + call.path;
        request.body = call.body ? &*call.body : nullptr;
        request.headers = endpoint_.headers;
        request.basic_auth = endpoint_.basic_auth;
        request.connect_timeout_ms = endpoint_.connect_timeout_ms;
        request.timeout_ms = call.slow ? endpoint_.slow_timeout_ms : endpoint_.timeout_ms;
        request.tls = endpoint_.tls;
        const auto started = Clock::now();
        HttpResult result = session_.perform(request);
        if (tracing()) {
            long ms = static_cast<long>(std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - started).count());
            std::cerr << "connql: " << method_name(call.method) << " " << base << call.path << " -> "
                      << (result.transport == CURLE_OK ? std::to_string(result.status) : result.transport_error) << " in "
                      << ms << " ms\n";
        }

        if (result.transport != CURLE_OK) {
            if (nothing_was_sent(result.transport)) {
                // Another worker of the same cluster can take it: nothing arrived here.
                current_ = (current_ + 1) % endpoint_.urls.size();
                if (++refused < endpoint_.urls.size()) continue;
                Error error(ErrorKind::Runtime,
                            "cannot connect to Kafka Connect at " + worker_list(endpoint_.urls) + " (" +
                                result.transport_error + ")",
                            {},
                            "give the URL with --connect-url or CONNQL_CONNECT_URL, name a cluster in the config "
                            "file, or start a local cluster with scripts/cluster up");
                error.diagnostic().flags.retriable = true;  // nothing left: a later try may find a worker
                throw error;
            }
            refused = 0;
            if (call.safety == Safety::Idempotent && Clock::now() < deadline) {
                current_ = (current_ + 1) % endpoint_.urls.size();
                wait();
                continue;
            }
            std::string what = result.transport == CURLE_OPERATION_TIMEDOUT ? "timed out" : "failed";
            Error error(ErrorKind::Runtime,
                        std::string(method_name(call.method)) + " " + base + call.path + " " + what + " (" +
                            result.transport_error + ")",
                        {},
                        call.safety == Safety::Once
                            ? "the cluster may still have applied it: check with SHOW CONNECTORS or DESCRIBE "
                              "before running it again"
                            : "check that the worker is healthy (scripts/cluster logs for the local cluster)");
            // The request may have reached the worker: for a create or a restart the
            // cluster may have applied it, and only a look at the cluster can tell.
            error.diagnostic().flags.may_have_been_applied = call.safety == Safety::Once;
            error.diagnostic().flags.retriable = call.safety == Safety::Idempotent;
            throw error;
        }
        refused = 0;

        Response response;
        response.status = result.status;
        response.worker = base;
        if (!result.body.empty()) {
            response.body = nlohmann::json::parse(result.body, nullptr, /*allow_exceptions=*/false);
            if (response.body.is_discarded()) response.body = result.body;  // keep non-JSON text
        }
        const std::string message = response.ok() ? "" : response.error_message();
        bool retry = (response.status == 409 && is_rebalance_conflict(message)) ||
                     (response.status == 500 && is_transient_500(message, call.safety)) ||
                     ((response.status == 502 || response.status == 503 || response.status == 504) &&
                      call.safety == Safety::Idempotent);
        if (retry && Clock::now() < deadline) {
            if (tracing()) std::cerr << "connql: retrying after " << backoff.count() << " ms: " << message << "\n";
            wait();
            continue;
        }
        response.transient = retry;
        return response;
    }
}

std::string encode_segment(std::string_view segment) {
    static const char* hex = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : segment) {
        if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
            out += static_cast<char>(c);
        } else {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 0xF];
        }
    }
    return out;
}

}  // namespace connql::connect
