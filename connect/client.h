// Kafka Connect's REST API over HTTP: where to send, how to authenticate, and
// when a request may be sent again.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "connect/http.h"
#include "common/diagnostic.h"

namespace connql::connect {

class SharedTransport;

struct Endpoint {
    std::vector<std::string> urls;  // workers of one cluster, with any path prefix; tried in order
    std::string basic_auth;         // "user:password"
    std::string bearer_token;
    std::vector<std::string> headers;
    TlsOptions tls;
    long connect_timeout_ms = 5000;
    long timeout_ms = 30000;
    long slow_timeout_ms = 120000;  // create, replace, validate: a worker itself waits up to 90 s
    long retry_deadline_ms = 60000;
    // A server's pool of connections and reads in flight (connect/shared.h); none for a CLI run.
    std::shared_ptr<SharedTransport> shared;
};

// Once: the request changes something and must not reach the cluster twice, so
// it is re-sent only when it certainly never left (connection refused).
enum class Safety { Idempotent, Once };

struct Call {
    Method method = Method::Get;
    std::string path;  // "/connectors/..." with names already encoded
    std::optional<std::string> body;
    Safety safety = Safety::Idempotent;
    bool slow = false;
    // Takes a successful answer's body as it arrives (connect/http.h), instead of
    // Response::body: set for one call, shared by the readers of a single-flight read.
    std::shared_ptr<BodyConsumer> consumer;
};

struct Response {
    long status = 0;
    nlohmann::json body;  // null for an empty body, and for a success of a Call with a consumer
    // The call's consumer, when it took the body: every reader of a single-flight read
    // gets the same one, to read and not to change.
    std::shared_ptr<const BodyConsumer> consumed;
    std::string worker;   // the base URL that answered
    bool transient = false;  // Connect said "not now" (a rebalance, say) until the retry deadline passed

    bool ok() const { return status >= 200 && status < 300; }
    // Connect's {"error_code", "message"}, or the raw body when it is not that.
    std::string error_message() const;
};

class Client {
public:
    explicit Client(Endpoint endpoint);

    // Sends `call`, retrying what is safe to retry (see client.cpp) until the
    // deadline. Returns any HTTP answer; throws connql::Error (Runtime) when no
    // worker could be reached or the answer cannot have been meant for us.
    Response send(const Call& call);

    const Endpoint& endpoint() const { return endpoint_; }

private:
    Response send_now(const Call& call);
    // Throws "does not look like a Kafka Connect worker" unless GET / of `base`
    // answers as a worker does; `result` is the odd answer that raised the doubt.
    void check_is_connect(const std::string& base, const HttpResult& result);
    // 401 and 403: who was refused where, never with the password.
    [[noreturn]] void refused_access(const std::string& base, long status) const;

    Endpoint endpoint_;
    HttpSession session_;
    size_t current_ = 0;  // the worker that answered last
};

// Percent-encodes one path segment (a connector or plugin name).
std::string encode_segment(std::string_view segment);

}  // namespace connql::connect
