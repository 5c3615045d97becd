#include "server/router.h"

#include <cctype>
#include <map>

#include "connect/endpoints.h"
#include "connect/shared.h"
#include "compiler/secrets.h"
#include "engine/connector_listing.h"
#include "kafka/topics.h"
#include "render/text.h"
#include "server/console.h"

namespace connql::server {

namespace {

using Ordered = nlohmann::ordered_json;

ApiAnswer with_route(ApiAnswer answer, const char* route) {
    answer.route = route;
    return answer;
}

ApiAnswer json_answer(int status, const Ordered& json) {
    ApiAnswer answer;
    answer.status = status;
    answer.body = response_body(json, true);
    return answer;
}

ApiAnswer unauthorized(const std::string& message) {
    ApiAnswer answer = generic_error(401, 40100, message);
    answer.headers.emplace_back("www-authenticate", "Basic realm=\"connql\", charset=\"UTF-8\"");
    return with_route(std::move(answer), "unauthenticated");
}

// Sec-Fetch-Site (every current browser sends it) says whether the page that made
// the request is this origin; Origin, when sent, must name this host.
std::optional<std::string> cross_site_refusal(const ApiRequest& request) {
    const std::string hint = ": connql serve answers its own console and programs, not other web sites' pages";
    if (std::optional<std::string_view> site = request.header("sec-fetch-site")) {
        if (*site == "cross-site" || *site == "same-site") return "a request from another site's page (" + std::string(*site) + ")" + hint;
    }
    std::optional<std::string_view> origin = request.header("origin");
    if (!origin) return std::nullopt;
    const size_t scheme_end = origin->find("://");
    std::optional<std::string_view> host = request.header("host");  // HTTP/2's :authority too
    if (scheme_end == std::string_view::npos || !host || origin->substr(scheme_end + 3) != *host) {
        return "a request from " + std::string(origin->substr(0, 200)) + hint;
    }
    return std::nullopt;
}

}  // namespace

std::string connect_endpoint_label(const std::string& method, const std::string& path) {
    // /connectors/<name>/<rest>: the name is user data, never a label value.
    std::string bare = path.substr(0, path.find('?'));
    std::string label;
    if (bare.rfind("/connectors/", 0) == 0) {
        std::string rest = bare.substr(12);
        size_t slash = rest.find('/');
        label = "/connectors/{name}" + (slash == std::string::npos ? "" : rest.substr(slash));
        // /connectors/{name}/tasks/<n>/restart
        size_t tasks = label.find("/tasks/");
        if (tasks != std::string::npos && tasks + 7 < label.size() && std::isdigit(static_cast<unsigned char>(label[tasks + 7]))) {
            size_t end = label.find('/', tasks + 7);
            label = label.substr(0, tasks + 7) + "{task}" + (end == std::string::npos ? "" : label.substr(end));
        }
    } else if (bare.rfind("/connector-plugins/", 0) == 0) {
        std::string rest = bare.substr(19);
        size_t slash = rest.find('/');
        label = "/connector-plugins/{class}" + (slash == std::string::npos ? "" : rest.substr(slash));
    } else {
        label = bare;
    }
    return method + " " + label;
}

Router::Router(Session& base, const auth::Authenticator& authenticator, metrics::ServerMetrics& metrics,
               AccessLog* access_log, RouterOptions options)
    : base_(base),
      authenticator_(authenticator),
      metrics_(metrics),
      access_log_(access_log),
      options_(std::move(options)),
      statements_(base, options_.limits) {
    base_.share_connections();
    if (base_.cluster() && base_.cluster()->endpoint.shared) {
        connect::CallObserver observer;
        observer.call = [this](const char* method, const std::string& path, bool failed, double seconds) {
            metrics_.connect_call(connect_endpoint_label(method, path), failed, seconds);
        };
        observer.shared_read = [this] { metrics_.shared_read(); };
        base_.cluster()->endpoint.shared->observe(std::move(observer));
    }
}

Routed Router::route(const ApiRequest& request) {
    metrics_.request_started();  // ended in finished()
    const std::string& path = request.path;
    const bool get = request.method == "GET" || request.method == "HEAD";
    const bool post = request.method == "POST";
    // Probes need no credentials: they say only whether Connect answers.
    if (path == "/healthcheck" && get) return {Deferred{[this] { return healthcheck(); }}, std::nullopt};

    // The console's files hold no data (every answer with data comes from a route
    // below): served without credentials, so that the console can ask for them.
    if (get) {
        if (const ConsoleFile* file = find_console_file(path)) return {console_answer(request, *file), std::nullopt};
        // Nor does a console file that does not exist: a 404, not a 401 whose
        // WWW-Authenticate would open the browser's password dialog.
        if (path.rfind("/console/", 0) == 0) {
            return {with_route(generic_error(404, 40400, "no console file " + path.substr(0, 200)), "console"),
                    std::nullopt};
        }
    }
    // A page of another site must not make the operator's browser run statements (it
    // could send a POST that needs no preflight, with credentials the browser holds).
    // Browsers say where a request comes from; programs (ksqlDB clients, curl) send
    // neither header and are not concerned.
    if (const std::optional<std::string> refused = cross_site_refusal(request)) {
        return {with_route(generic_error(403, 40301, *refused), "cross-site"), std::nullopt};
    }

    auto checked = authenticator_.check(request.header("authorization"));
    if (const auto* failure = std::get_if<auth::AuthFailure>(&checked)) return {unauthorized(failure->message), std::nullopt};
    const auth::Principal principal = std::get<auth::Principal>(checked);

    if (path == "/v1/session" && get) {
        // Who the caller is: the console shows no write action to the read role (the
        // statements routes refuse them anyway).
        Ordered session = {{"user", authenticator_.enabled() ? Ordered(principal.name) : Ordered(nullptr)},
                           {"role", std::string(auth::role_name(principal.role))},
                           {"authentication", authenticator_.enabled()},
                           {"version", options_.version}};
        return {with_route(json_answer(200, session), "/v1/session"), principal};
    }
    if (path == "/info" && get) return {info(), principal};
    if (path == "/metrics" && get) return {Deferred{[this] { return metrics_text(); }}, principal};
    if (path == "/v1/connectors" && get) {
        return {Deferred{[this] { return with_route(statements_.connectors(), "/v1/connectors"); }}, principal};
    }
    if ((path == "/ksql" || path == "/v1/statements" || path == "/query") && post) {
        // As ksqlDB: the body is read as JSON whatever its Content-Type says (curl -d
        // sends a form type), and a body that is not JSON gets 40000.
        if (path == "/query") return query_route(request, principal);
        return statements_route(request, path == "/ksql" ? StatementEndpoint::Ksql : StatementEndpoint::Native, principal);
    }
    static const char* const known[] = {"/",          "/info",          "/healthcheck",   "/metrics",   "/ksql",
                                        "/query",     "/v1/statements", "/v1/connectors", "/v1/session"};
    for (const char* route : known) {
        if (path == route) {
            return {with_route(generic_error(405, 40500, request.method + " is not allowed on " + path), route), principal};
        }
    }
    return {with_route(generic_error(404, 40400,
                                     "no route " + path.substr(0, 200) +
                                         ": the server answers POST /ksql, POST /query, POST /v1/statements, "
                                         "GET /v1/connectors, GET /v1/session, GET /info, GET /healthcheck, "
                                         "GET /metrics and the web console at GET /"),
                       "other"),
            principal};
}

Routed Router::statements_route(const ApiRequest& request, StatementEndpoint endpoint, const auth::Principal& principal) {
    const char* route = endpoint == StatementEndpoint::Ksql ? "/ksql" : "/v1/statements";
    auto prepare_and_run = [this, endpoint, route, role = principal.role](const std::string& body) {
        std::variant<ApiAnswer, PreparedRequest> prepared = statements_.prepare(endpoint, body, role);
        if (auto* answer = std::get_if<ApiAnswer>(&prepared)) return with_route(std::move(*answer), route);
        return with_route(statements_.run(std::move(std::get<PreparedRequest>(prepared))), route);
    };
    if (request.body.size() > options_.inline_body_bytes) {
        // Preparing a large body takes a while: not on the event loop.
        return {Deferred{[prepare_and_run, body = request.body] { return prepare_and_run(body); }}, principal};
    }
    std::variant<ApiAnswer, PreparedRequest> prepared = statements_.prepare(endpoint, request.body, principal.role);
    if (auto* answer = std::get_if<ApiAnswer>(&prepared)) return {with_route(std::move(*answer), route), principal};
    auto shared = std::make_shared<PreparedRequest>(std::move(std::get<PreparedRequest>(prepared)));
    if (!shared->needs_cluster) return {with_route(statements_.run(std::move(*shared)), route), principal};
    return {Deferred{[this, shared, route] { return with_route(statements_.run(std::move(*shared)), route); }}, principal};
}

Routed Router::query_route(const ApiRequest& request, const auth::Principal& principal) {
    std::variant<ApiAnswer, PreparedRequest> prepared = statements_.prepare(StatementEndpoint::Query, request.body, principal.role);
    if (auto* answer = std::get_if<ApiAnswer>(&prepared)) return {with_route(std::move(*answer), "/query"), principal};
    PreparedRequest& ready = std::get<PreparedRequest>(prepared);
    const auto print = std::get<ast::PrintTopic>(ready.script.statements[0].statement.node);
    // prepare() checked that the cluster has brokers.
    const std::string brokers = ready.session->cluster()->bootstrap_servers;
    const long timeout_ms = static_cast<long>(ready.session->duration_property("connql.timeout", 30000));
    StreamAnswer stream;
    stream.route = "/query";
    stream.statement = ready.text;
    stream.content_type = "application/json";
    stream.check = [brokers, topic = print.topic.text, timeout_ms]() -> std::optional<ApiAnswer> {
        try {
            for (const TopicRow& row : list_topics(brokers, timeout_ms).topics) {
                if (row.name == topic) return std::nullopt;
            }
            return generic_error(404, 40400, "topic '" + topic + "' does not exist (SHOW TOPICS lists the topics)");
        } catch (const Error& error) {
            return generic_error(500, 50000, error.diagnostic().message);
        }
    };
    // As ksqlDB streams PRINT: one line per record, until the LIMIT or until the client goes away.
    stream.produce = [brokers, print, timeout_ms](StreamWriter& writer) {
        long long count = 0;
        try {
            stream_topic(
                brokers, print.topic.text, print.from_beginning, timeout_ms,
                [&](const PrintedRecord& record) {
                    if (!writer.write(mask_embedded_credentials(printed_record_line(record)))) return false;
                    ++count;
                    return !(print.limit && count >= *print.limit);
                },
                [&] { return writer.gone() || (print.limit && count >= *print.limit); });
        } catch (const Error& error) {
            writer.write(response_body({{"@type", "generic_error"}, {"error_code", 50000}, {"message", error.diagnostic().message}},
                                       true) +
                         "\n");
        }
    };
    return {std::move(stream), principal};
}

ApiAnswer Router::info() {
    std::optional<std::string> cluster_id;
    {
        std::lock_guard<std::mutex> lock(info_mutex_);
        cluster_id = kafka_cluster_id_;
    }
    Ordered info = {{"KsqlServerInfo",
                     {{"version", options_.version},
                      {"kafkaClusterId", cluster_id.value_or("")},
                      {"ksqlServiceId", "connql"},
                      {"serverStatus", "RUNNING"}}}};
    return with_route(json_answer(200, info), "/info");
}

std::optional<std::string> Router::learn_cluster() {
    Session session = base_.fork();
    // A probe: a worker that does not answer within seconds is not healthy.
    session.set_property("connql.timeout", "3s");
    connect::Response response;
    try {
        response = connect::endpoints::server_info(session.client());
    } catch (const Error&) {
        return std::nullopt;
    }
    if (!response.ok() || !response.body.is_object()) return std::nullopt;
    std::string id = response.body.value("kafka_cluster_id", "");
    std::lock_guard<std::mutex> lock(info_mutex_);
    kafka_cluster_id_ = id;
    return id;
}

ApiAnswer Router::healthcheck() {
    const bool connect_ok = learn_cluster().has_value();
    Ordered details = {{"connect", {{"isHealthy", connect_ok}}}};
    bool healthy = connect_ok;
    if (base_.cluster() && !base_.cluster()->bootstrap_servers.empty()) {
        bool kafka_ok = false;
        try {
            list_topics(base_.cluster()->bootstrap_servers, 2000);
            kafka_ok = true;
        } catch (const Error&) {
            kafka_ok = false;
        }
        details["kafka"] = {{"isHealthy", kafka_ok}};
        healthy = healthy && kafka_ok;
    }
    // 200 either way, as ksqlDB answers: the body says what is wrong.
    return with_route(json_answer(200, {{"isHealthy", healthy}, {"details", details}}), "/healthcheck");
}

ApiAnswer Router::metrics_text() {
    // The connectors' states, from one status read (shared with any other in flight).
    try {
        Session session = base_.fork();
        std::map<std::string, int> by_state;
        int failed_tasks = 0;
        for (const ConnectorRow& row : *list_connector_rows(session, session.client())) {
            ++by_state[row.connector_state.empty() ? "UNKNOWN" : row.connector_state];
            failed_tasks += row.tasks_failed;
        }
        metrics_.connectors(by_state, failed_tasks);
    } catch (const Error&) {
        // Connect is down: the metrics still answer, without fresh connector gauges.
    }
    ApiAnswer answer;
    answer.content_type = "text/plain; version=0.0.4; charset=utf-8";
    answer.body = metrics_.text();
    answer.route = "/metrics";
    return answer;
}

void Router::finished(const ApiRequest& request, const Routed& routed, int status, const std::string& route,
                      const std::optional<std::string>& statement, std::chrono::steady_clock::time_point started,
                      std::chrono::system_clock::time_point arrived, std::uint64_t bytes_out) {
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    const std::string role = routed.principal ? std::string(auth::role_name(routed.principal->role)) : "none";
    metrics_.request(route, status, role, seconds);
    metrics_.request_ended();
    if (access_log_ == nullptr) return;
    AccessRecord record;
    record.time = arrived;
    record.peer = request.peer;
    if (routed.principal && authenticator_.enabled()) record.user = routed.principal->name;
    record.method = request.method;
    record.path = request.path + (request.query.empty() ? "" : "?" + request.query);
    record.status = status;
    record.duration_ms = seconds * 1000;
    record.protocol = request.protocol;
    record.statement = statement;
    record.bytes_out = bytes_out;
    access_log_->write(record);
}

}  // namespace connql::server
