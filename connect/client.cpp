#include "connect/client.h"

#include <chrono>
#include <cstdlib>
#include <iostream>
#include <optional>
#include <thread>

#include "common/text.h"
#include "connect/shared.h"

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
bool is_transient_500(const Response& response, const std::string& message, Safety safety, Method method) {
    if (message.find("can be safely retried") != std::string::npos) return true;
    if (safety != Safety::Idempotent) return false;
    // A read that hit an uncaught exception in the worker (Connect 3.9 lists
    // connectors with expand=info while task configs change and can throw a
    // ConcurrentModificationException: 500 with a null message): asking again is safe.
    const bool no_message = response.body.is_object() && (!response.body.contains("message") || response.body["message"].is_null());
    if (method == Method::Get && no_message) return true;
    return message.find("rebalance is expected") != std::string::npos ||
           message.find("Worker is shutting down") != std::string::npos ||
           message.find("IO Error trying to forward REST request") != std::string::npos;
}

// Every URL in a message goes through here: a password in its user info prints as ***.
std::string shown(const std::string& url) { return mask_url_credentials(url); }

std::string worker_list(const std::vector<std::string>& urls) {
    std::string out;
    for (size_t i = 0; i < urls.size(); ++i) out += (i ? ", " : "") + shown(urls[i]);
    return out;
}

// The user of http://user:pw@host, if the URL has one.
std::string url_user(const std::string& url) {
    size_t scheme = url.find("://");
    if (scheme == std::string::npos) return "";
    size_t authority = scheme + 3;
    size_t end = url.find_first_of("/?#", authority);
    std::string host_part = url.substr(authority, end == std::string::npos ? std::string::npos : end - authority);
    size_t at = host_part.rfind('@');
    if (at == std::string::npos) return "";
    return host_part.substr(0, std::min(at, host_part.find(':')));
}

bool contains(const std::string& text, const char* part) { return text.find(part) != std::string::npos; }

// CONNQL_TRACE=1 prints each exchange to stderr: method, URL (its password masked), status,
// time and, for retries, why. Never bodies or headers, which may carry secrets.
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

namespace {

std::string seconds(long ms) {
    return ms % 1000 == 0 ? std::to_string(ms / 1000) + "s" : std::to_string(ms) + "ms";
}

// A short, printable piece of an answer for an error message: no control
// characters, whitespace folded, at most `limit` characters.
std::string excerpt(const std::string& text, size_t limit = 80) {
    std::string out;
    bool space = false;
    for (char c : text) {
        unsigned char u = static_cast<unsigned char>(c);
        if (u == ' ' || u == '\n' || u == '\r' || u == '\t') {
            space = !out.empty();
            continue;
        }
        if (space) out += ' ';
        space = false;
        out += (u < 0x20 || u == 0x7F) ? '?' : c;
        if (out.size() >= limit) return out + "...";
    }
    return out;
}

[[noreturn]] void not_connect(const std::string& base, long status, const std::string& content_type,
                              const std::string& body) {
    std::string answered = std::to_string(status) + (content_type.empty() ? "" : " " + content_type);
    throw Error(ErrorKind::Runtime,
                shown(base) + " does not look like a Kafka Connect worker (it answered " + answered + ": \"" +
                    excerpt(body) + "\")",
                {},
                "check the URL: a Connect worker's REST listener (listeners= in its config, port 8083 by default) "
                "answers GET / with its version");
}

// Kafka Connect answers every error with {"error_code", "message"}; GET / with its version.
bool is_connect_error(const nlohmann::json& body) {
    return body.is_object() && body.contains("error_code") && body.contains("message");
}

}  // namespace

void Client::refused_access(const std::string& base, long status) const {
    const std::string& credentials = endpoint_.basic_auth;
    std::string user = credentials.substr(0, credentials.find(':'));  // never the password
    const bool in_url = user.empty() && !url_user(base).empty();      // https://user:pw@host
    if (in_url) user = url_user(base);
    std::string who = !user.empty()                       ? "user '" + user + "'"
                      : !endpoint_.bearer_token.empty() ? "the bearer token"
                                                          : "no credentials";
    if (status == 401) {
        std::string hint =
            in_url ? "check the user and password in the URL"
            : !user.empty()
                ? "check the credentials: \"username\" and \"password_env\" (or \"password_file\") of the cluster "
                  "in the config file"
            : !endpoint_.bearer_token.empty()
                ? "check the token: \"bearer_token_env\" of the cluster in the config file"
                : "the worker requires credentials: give the cluster \"username\" and \"password_env\" in the "
                  "config file (docs/cli.md)";
        throw Error(ErrorKind::Runtime, "authentication failed for " + who + " at " + shown(base) + " (401)", {}, hint);
    }
    throw Error(ErrorKind::Runtime, "access refused for " + who + " at " + shown(base) + " (403)", {},
                "the worker knows these credentials but does not let them do this: ask its administrator");
}

namespace {

// A TLS failure (or a scheme that does not match the worker's listener) says what to fix
// in the config file, naming the setting; curl's own words follow in parentheses.
// Handshake failures are never retried on another worker: the same settings fail there
// too, and nothing was applied (the worker rejects the connection before any request).
std::optional<Error> tls_problem(const std::string& base, const HttpResult& result, const TlsOptions& tls) {
    const std::string& detail = result.transport_error;
    const std::string url = shown(base);
    const bool https = base.rfind("https://", 0) == 0;
    auto error = [&](std::string message, std::string hint) {
        return Error(ErrorKind::Runtime, std::move(message) + " (" + detail + ")", {}, std::move(hint));
    };
    switch (result.transport) {
        case CURLE_PEER_FAILED_VERIFICATION:
            if (contains(detail, "subject name") || contains(detail, "host name") || contains(detail, "hostname")) {
                return error("the TLS certificate of " + url + " is not made out to this host name",
                             "connect with a host name or address that the worker's certificate names");
            }
            if (tls.ca_file.empty()) {
                return error("the TLS certificate of " + url + " is not trusted",
                             "give the CA certificate that signed the worker's certificate as \"ca_file\" (a PEM file) "
                             "of the cluster in the config file (docs/cli.md)");
            }
            return error("the TLS certificate of " + url + " is not signed by the CA of \"ca_file\" " + tls.ca_file,
                         "check \"ca_file\" of the cluster in the config file: it must hold the CA certificate that "
                         "signed the worker's certificate");
        case CURLE_SSL_CACERT_BADFILE:
            return error("cannot read the CA certificate file \"ca_file\" " + tls.ca_file + " to check " + url,
                         "check \"ca_file\" of the cluster in the config file: a readable PEM file");
        case CURLE_SSL_CERTPROBLEM:
            return error("cannot use the client certificate \"client_cert\" " + tls.client_cert +
                             (tls.client_key.empty() ? "" : " with \"client_key\" " + tls.client_key) + " for " + url,
                         "check \"client_cert\" and \"client_key\" of the cluster in the config file: readable PEM "
                         "files, the key matching the certificate");
        case CURLE_SSL_CONNECT_ERROR:
        case CURLE_RECV_ERROR:
        case CURLE_SEND_ERROR:
            // The worker's alert about the client's certificate: Java answers a missing one with
            // "bad certificate" (TLS 1.3 clients see it at the first read), others with
            // "certificate required" or "handshake failure".
            if (contains(detail, "certificate required") || contains(detail, "bad certificate") ||
                contains(detail, "unknown ca") || contains(detail, "certificate unknown") ||
                contains(detail, "alert handshake failure")) {
                if (tls.client_cert.empty()) {
                    return error(url + " requires a TLS client certificate, and none was given",
                                 "give \"client_cert\" and \"client_key\" (PEM files) of the cluster in the config "
                                 "file (docs/cli.md)");
                }
                return error(url + " refused the client certificate \"client_cert\" " + tls.client_cert,
                             "the worker does not trust the CA that signed \"client_cert\" (its "
                             "listeners.https.ssl.truststore.*): check \"client_cert\" and \"client_key\" of the "
                             "cluster in the config file");
            }
            if (https && (contains(detail, "wrong version number") || contains(detail, "packet length too long"))) {
                return error(url + " does not answer with TLS", "the worker listens with plain HTTP: use http://");
            }
            return std::nullopt;
        case CURLE_UNSUPPORTED_PROTOCOL:
        case CURLE_WEIRD_SERVER_REPLY:
            if (!https && contains(detail, "HTTP/0.9")) {
                return error(url + " did not answer in HTTP", "the worker may listen with HTTPS: use https://");
            }
            return std::nullopt;
        default:
            return std::nullopt;
    }
}

}  // namespace

void Client::check_is_connect(const std::string& base, const HttpResult& result) {
    HttpRequest probe;
    probe.url = base + "/";
    probe.headers = endpoint_.headers;
    probe.basic_auth = endpoint_.basic_auth;
    probe.connect_timeout_ms = endpoint_.connect_timeout_ms;
    probe.timeout_ms = endpoint_.timeout_ms;
    probe.tls = endpoint_.tls;
    HttpResult root = session_.perform(probe);
    nlohmann::json info = nlohmann::json::parse(root.body, nullptr, false);
    if (root.transport == CURLE_OK && info.is_object() && info.contains("version") && info.contains("commit")) return;
    not_connect(base, result.status, result.content_type, result.body);
}

Response Client::send(const Call& call) {
    // A consumer reads the body it took once the call is over (and timed, below): its
    // reading is connql's time, not Connect's.
    auto read_body = [&](Response& response) {
        if (response.consumed) call.consumer->end();
    };
    if (!endpoint_.shared) {
        Response response = send_now(call);
        read_body(response);
        return response;
    }
    const CallObserver& observer = endpoint_.shared->observer();
    auto observed = [&] {
        const auto started = Clock::now();
        auto seconds = [&] { return std::chrono::duration<double>(Clock::now() - started).count(); };
        try {
            Response response = send_now(call);
            if (observer.call) observer.call(method_name(call.method), call.path, !response.ok(), seconds());
            read_body(response);
            return response;
        } catch (...) {
            if (observer.call) observer.call(method_name(call.method), call.path, true, seconds());
            throw;
        }
    };
    // A server's identical reads at the same moment share one call (connect/shared.h).
    if (call.method != Method::Get) return observed();
    bool sent_here = false;
    // A consumer's reading and the parsed answer of one path are different answers.
    const std::string key = call.consumer ? call.path + " (consumed)" : call.path;
    Response response = endpoint_.shared->reads().read(key, [&] {
        sent_here = true;
        return observed();
    });
    if (!sent_here && observer.shared_read) observer.shared_read();
    return response;
}

Response Client::send_now(const Call& call) {
    const auto deadline = Clock::now() + std::chrono::milliseconds(endpoint_.retry_deadline_ms);
    auto backoff = std::chrono::milliseconds(100);
    auto wait = [&] {
        std::this_thread::sleep_for(backoff);
        backoff = std::min(backoff * 2, std::chrono::milliseconds(2000));
    };
    const size_t workers = endpoint_.urls.size();
    size_t unreachable = 0;                      // workers in a row that could not be connected to
    std::vector<bool> silent(workers, false);    // workers that took the request and never answered
    auto next_worker = [&] { current_ = (current_ + 1) % workers; };

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
        if (endpoint_.shared) request.share = endpoint_.shared->share();
        request.consumer = call.consumer.get();
        const auto started = Clock::now();
        HttpResult result = session_.perform(request);
        if (tracing()) {
            long ms = static_cast<long>(std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - started).count());
            std::cerr << "connql: " << method_name(call.method) << " " << shown(base) << call.path << " -> "
                      << (result.transport == CURLE_OK ? std::to_string(result.status) : result.transport_error) << " in "
                      << ms << " ms\n";
        }

        if (result.transport != CURLE_OK) {
            if (std::optional<Error> tls = tls_problem(base, result, endpoint_.tls)) throw *tls;
            const bool timed_out = result.transport == CURLE_OPERATION_TIMEDOUT;
            if (nothing_was_sent(result.transport) || (timed_out && !result.request_sent)) {
                // Another worker of the same cluster can take it: nothing arrived here.
                next_worker();
                if (++unreachable < workers) continue;
                std::string why = timed_out ? "no connection within the connect timeout of " +
                                                  seconds(endpoint_.connect_timeout_ms)
                                            : result.transport_error;
                Error error(ErrorKind::Runtime, "cannot connect to Kafka Connect at " + worker_list(endpoint_.urls) + " (" + why + ")",
                            {},
                            "give the URL with --connect-url or CONNQL_CONNECT_URL, name a cluster in the config "
                            "file, or start a local cluster with scripts/cluster up");
                error.diagnostic().flags.retriable = true;  // nothing left: a later try may find a worker
                throw error;
            }
            unreachable = 0;
            if (timed_out) silent[current_] = true;
            // A read or an idempotent write goes to another worker; one that took a
            // request and never answered is not asked again.
            bool another = false;
            for (size_t i = 1; i <= workers && !another; ++i) another = !silent[(current_ + i) % workers];
            if (call.safety == Safety::Idempotent && another && Clock::now() < deadline) {
                do next_worker(); while (silent[current_]);
                wait();
                continue;
            }
            const long timeout_ms = call.slow ? endpoint_.slow_timeout_ms : endpoint_.timeout_ms;
            std::string what = timed_out ? "timed out: no answer within " + seconds(timeout_ms) +
                                               " (the request timeout; SET 'connql.timeout' = '2m' allows more)"
                                         : "failed (" + result.transport_error + ")";
            Error error(ErrorKind::Runtime, std::string(method_name(call.method)) + " " + shown(base) + call.path + " " + what,
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
        unreachable = 0;

        if (result.status == 401 || result.status == 403) refused_access(base, result.status);

        Response response;
        response.status = result.status;
        response.worker = base;
        if (result.consumed) {
            response.consumed = call.consumer;
            return response;
        }
        if (!result.body.empty()) {
            response.body = nlohmann::json::parse(result.body, nullptr, /*allow_exceptions=*/false);
            // Connect answers everything in JSON: an HTML page or plain text is another service.
            if (response.body.is_discarded()) not_connect(base, result.status, result.content_type, result.body);
        }
        if (!response.ok() && !is_connect_error(response.body) && result.status != 502 && result.status != 503 &&
            result.status != 504) {
            check_is_connect(base, result);  // JSON, but not Connect's error shape: ask the worker what it is
        }
        const std::string message = response.ok() ? "" : response.error_message();
        bool retry = (response.status == 409 && is_rebalance_conflict(message)) ||
                     (response.status == 500 && is_transient_500(response, message, call.safety, call.method)) ||
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
