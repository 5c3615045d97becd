#include "server/serve.h"

#include <arpa/inet.h>
#include <malloc.h>
#include <signal.h>

#include <memory>

#include "common/diagnostic.h"
#include "server/access_log.h"
#include "server/auth/authenticator.h"
#include "server/http/server.h"
#include "server/metrics/server_metrics.h"
#include "server/router.h"

namespace connql::server {

namespace {

using Clock = std::chrono::steady_clock;

http::Response to_http(ApiAnswer&& answer) {
    http::Response response;
    response.status = answer.status;
    response.content_type = std::move(answer.content_type);
    response.headers = std::move(answer.headers);
    response.body = std::move(answer.body);
    return response;
}

// PRINT's lines go out as they come, until the client goes away.
class ExchangeWriter : public StreamWriter {
public:
    explicit ExchangeWriter(std::shared_ptr<http::Exchange> exchange) : exchange_(std::move(exchange)) {}
    bool write(std::string chunk) override {
        bytes_ += chunk.size();
        return exchange_->write(std::move(chunk));
    }
    bool gone() const override { return exchange_->client_gone(); }
    std::uint64_t bytes() const { return bytes_; }

private:
    std::shared_ptr<http::Exchange> exchange_;
    std::uint64_t bytes_ = 0;
};

bool is_loopback(const std::string& host) {
    if (host == "localhost") return true;
    in_addr v4{};
    if (inet_pton(AF_INET, host.c_str(), &v4) == 1) return (ntohl(v4.s_addr) >> 24) == 127;
    in6_addr v6{};
    if (inet_pton(AF_INET6, host.c_str(), &v6) == 1) return IN6_IS_ADDR_LOOPBACK(&v6);
    return false;
}

// Everything one running server holds, for the handler's lambdas.
struct Running {
    Running(Session& session, const ServeOptions& options, auth::Authenticator auth)
        : authenticator(std::move(auth)),
          router(session, authenticator, metrics, options.access_log ? &access_log : nullptr,
                 RouterOptions{options.limits, options.version}) {}

    auth::Authenticator authenticator;
    metrics::ServerMetrics metrics;
    AccessLog access_log;  // stderr
    Router router;
    std::unique_ptr<http::Server> http;

    void handle(const std::shared_ptr<http::Exchange>& exchange) {
        const auto started = Clock::now();
        const auto arrived = std::chrono::system_clock::now();
        const http::Request& request = exchange->request();
        auto routed = std::make_shared<Routed>();
        try {
            *routed = router.route(request);
        } catch (const std::exception& error) {
            routed->how = generic_error(500, 50000, std::string("internal error: ") + error.what());
        }
        auto answer_with = [this, exchange, routed, started, arrived](ApiAnswer answer) {
            const std::uint64_t bytes = answer.body.size();
            const int status = answer.status;
            const std::string route = answer.route.empty() ? "other" : answer.route;
            const std::optional<std::string> statement = answer.statement;
            exchange->respond(to_http(std::move(answer)));
            router.finished(exchange->request(), *routed, status, route, statement, started, arrived, bytes);
        };
        if (auto* answer = std::get_if<ApiAnswer>(&routed->how)) {
            answer_with(std::move(*answer));
        } else if (auto* deferred = std::get_if<Deferred>(&routed->how)) {
            http->offload([work = std::move(deferred->work), answer_with] {
                ApiAnswer answer;
                try {
                    answer = work();
                } catch (const std::exception& error) {
                    answer = generic_error(500, 50000, std::string("internal error: ") + error.what());
                }
                answer_with(std::move(answer));
            });
        } else {
            auto stream = std::make_shared<StreamAnswer>(std::move(std::get<StreamAnswer>(routed->how)));
            http->offload([this, exchange, stream, routed, started, arrived, answer_with] {
                if (stream->check) {
                    if (std::optional<ApiAnswer> refused = stream->check()) {
                        refused->route = stream->route;
                        refused->statement = stream->statement;
                        return answer_with(std::move(*refused));
                    }
                }
                exchange->start_stream(stream->status, stream->content_type);
                ExchangeWriter writer(exchange);
                try {
                    stream->produce(writer);
                } catch (const std::exception& error) {
                    // The status line is gone already: the error ends the stream as its last line.
                    writer.write(generic_error(500, 50000, std::string("internal error: ") + error.what()).body + "\n");
                }
                exchange->finish();
                router.finished(exchange->request(), *routed, stream->status, stream->route, stream->statement, started,
                                arrived, writer.bytes());
            });
        }
    }
};

}  // namespace

ListenAddress parse_listen(const std::string& text) {
    ListenAddress address;
    size_t colon = text.rfind(':');
    if (colon == std::string::npos || colon == 0 || colon + 1 == text.size()) {
        throw Error(ErrorKind::Usage, "--listen takes HOST:PORT, not '" + text + "'", {},
                    "for example 127.0.0.1:8088, 0.0.0.0:8088 or [::1]:8088");
    }
    address.host = text.substr(0, colon);
    if (address.host.size() > 2 && address.host.front() == '[' && address.host.back() == ']') {
        address.host = address.host.substr(1, address.host.size() - 2);
    }
    const std::string port = text.substr(colon + 1);
    if (port.find_first_not_of("0123456789") != std::string::npos || port.size() > 5 || std::stoi(port) > 65535) {
        throw Error(ErrorKind::Usage, "--listen: '" + port + "' is not a port number", {}, "a port is 0 to 65535");
    }
    address.port = std::stoi(port);
    address.loopback = is_loopback(address.host);
    return address;
}

int serve(Session& session, const ServeOptions& options, std::ostream& log) {
    const ListenAddress address = parse_listen(options.listen);
    if (options.tls_cert.has_value() != options.tls_key.has_value()) {
        throw Error(ErrorKind::Usage, "TLS needs both --tls-cert and --tls-key");
    }
    auth::Authenticator authenticator = auth::Authenticator::load(options.users_file, options.tokens_file);
    if (!authenticator.enabled() && !address.loopback && !options.insecure_no_auth) {
        throw Error(ErrorKind::Usage,
                    "connql serve would listen on " + options.listen + " with no authentication: anyone who reaches it could "
                    "change the cluster's connectors",
                    {}, "give --users FILE (connql serve passwd FILE USER) or --tokens FILE, or --insecure-no-auth if a proxy in front authenticates");
    }
    // SIGTERM and SIGINT are waited for here: blocked before the server's threads
    // (the access log's writer among them) exist, so that none of them takes the signal.
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGTERM);
    sigaddset(&signals, SIGINT);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);
    // A large cluster's answers (230 KB from Connect for a SHOW CONNECTORS over 500
    // connectors) are above glibc's mmap threshold: each buffer was mapped, faulted in
    // page by page and unmapped again, request after request (a fifth of the server's
    // CPU). In the heap, and the heap kept, they reuse the same pages.
    mallopt(M_MMAP_THRESHOLD, 32 * 1024 * 1024);
    mallopt(M_TRIM_THRESHOLD, 128 * 1024 * 1024);
    auto running = std::make_shared<Running>(session, options, std::move(authenticator));

    http::ServerOptions http_options;
    http_options.host = address.host;
    http_options.port = address.port;
    if (options.tls_cert) http_options.tls = http::TlsFiles{*options.tls_cert, *options.tls_key};
    http_options.max_body_bytes = options.max_body_bytes;
    http_options.header_timeout = options.header_timeout;
    http_options.request_deadline = options.request_deadline;
    http_options.max_concurrent_requests = options.max_concurrent_requests;
    http_options.worker_threads = options.worker_threads;
    http_options.on_limit = [weak = std::weak_ptr<Running>(running)](std::string_view limit) {
        if (auto alive = weak.lock()) alive->metrics.limit_rejected(limit);
    };
    running->http = std::make_unique<http::Server>(
        http_options, [raw = running.get()](std::shared_ptr<http::Exchange> exchange) { raw->handle(exchange); });

    try {
        running->http->start();
    } catch (const std::runtime_error& error) {
        throw Error(ErrorKind::Usage, error.what());
    }
    running->http->offload([raw = running.get()] { raw->router.learn_cluster(); });
    const std::string scheme = options.tls_cert ? "https" : "http";
    log << "connql serve: listening on " << scheme << "://" << (address.host.find(':') != std::string::npos ? "[" + address.host + "]" : address.host)
        << ":" << running->http->port() << " (HTTP/1.1 and HTTP/2" << (options.tls_cert ? ", TLS" : ", h2c") << "), "
        << (running->authenticator.enabled() ? "authentication on" : "no authentication") << std::endl;

    int received = 0;
    sigwait(&signals, &received);
    log << "connql serve: " << (received == SIGTERM ? "SIGTERM" : "SIGINT") << ": finishing the requests in flight (up to "
        << options.drain.count() << " ms)" << std::endl;
    running->http->stop(options.drain);
    running->http->wait();
    running->access_log.flush();  // the last requests' lines before the last line
    log << "connql serve: stopped" << std::endl;
    return 0;
}

}  // namespace connql::server
