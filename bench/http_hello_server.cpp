// The HTTP transport under load (docs/benchmarks.md, "HTTP transport"): a server whose
// handler answers a small JSON at once, on the loop thread. Drive it with h2load or wrk.
//   connql_http_hello PORT [CERT KEY]     (stops on SIGINT or SIGTERM)
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "server/http/server.h"

int main(int argc, char** argv) {
    if (argc != 2 && argc != 4) {
        std::fprintf(stderr, "usage: %s PORT [CERT KEY]\n", argv[0]);
        return 2;
    }
    // Blocked before any thread starts, so that every thread inherits the mask and
    // sigwait below is the one to see them.
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGINT);
    sigaddset(&signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);

    connql::http::ServerOptions options;
    options.port = std::atoi(argv[1]);
    options.max_concurrent_requests = 100000;
    if (argc == 4) options.tls = connql::http::TlsFiles{argv[2], argv[3]};
    connql::http::Server server(options, [](std::shared_ptr<connql::http::Exchange> exchange) {
        connql::http::Response response;
        response.body = R"({"KsqlServerInfo":{"version":"0.1.0","serverStatus":"RUNNING"}})";
        exchange->respond(std::move(response));
    });
    server.start();
    std::printf("listening on %d\n", server.port());
    std::fflush(stdout);
    int received = 0;
    sigwait(&signals, &received);
    server.stop(std::chrono::seconds(1));
    server.wait();
}
