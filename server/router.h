// Which route answers a request, and how: at once on the event loop (nothing to
// ask the cluster: /info, /metrics' text, a bad request, a syntax error), as work
// for a worker thread (anything that talks to Connect or Kafka), or as a stream
// (PRINT on /query). Authentication and roles are checked here, before any route
// runs; every answer is counted in the metrics and written to the access log.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <variant>

#include "engine/session.h"
#include "server/access_log.h"
#include "server/api.h"
#include "server/auth/authenticator.h"
#include "server/metrics/server_metrics.h"
#include "server/statement_api.h"

namespace connql::server {

struct Deferred {
    std::function<ApiAnswer()> work;  // runs on a worker thread
};

struct Routed {
    std::variant<ApiAnswer, Deferred, StreamAnswer> how;
    std::optional<auth::Principal> principal;  // none when refused before authentication
};

struct RouterOptions {
    StatementLimits limits;
    std::string version;  // connql's, for /info
    // Bodies larger than this are prepared on a worker thread, not on the event loop.
    size_t inline_body_bytes = 16 * 1024;
};

class Router {
public:
    Router(Session& base, const auth::Authenticator& authenticator, metrics::ServerMetrics& metrics, AccessLog* access_log,
           RouterOptions options);

    Routed route(const ApiRequest& request);

    // After the answer was sent (or the client went away): the metrics and the access log.
    void finished(const ApiRequest& request, const Routed& routed, int status, const std::string& route,
                  const std::optional<std::string>& statement, std::chrono::steady_clock::time_point started,
                  std::chrono::system_clock::time_point arrived, std::uint64_t bytes_out);

    StatementApi& statements() { return statements_; }

    // Asks a worker for the Kafka cluster's id, for /info (which never waits for
    // Connect); nullopt when Connect does not answer.
    std::optional<std::string> learn_cluster();

private:
    Routed statements_route(const ApiRequest& request, StatementEndpoint endpoint, const auth::Principal& principal);
    Routed query_route(const ApiRequest& request, const auth::Principal& principal);
    ApiAnswer info();
    ApiAnswer healthcheck();
    ApiAnswer metrics_text();

    Session& base_;
    const auth::Authenticator& authenticator_;
    metrics::ServerMetrics& metrics_;
    AccessLog* access_log_;
    RouterOptions options_;
    StatementApi statements_;
    std::mutex info_mutex_;
    std::optional<std::string> kafka_cluster_id_;  // learnt once from a worker, for /info
};

// The fixed label of a Connect call for the metrics: "GET /connectors/{name}/status".
std::string connect_endpoint_label(const std::string& method, const std::string& path);

}  // namespace connql::server
