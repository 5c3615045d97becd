// What `connql serve` spends on a request beyond the transport, without a socket:
// the routes, the statement's preparation, the answer, the metrics and the access
// log, for requests that need no Connect call (issue 9's "at least 20,000
// requests/s on one core"). bench/serve_bench.sh measures the same over HTTP.
#include <benchmark/benchmark.h>

#include <fstream>
#include <string>

#include "server/access_log.h"
#include "server/router.h"

namespace connql::server {

struct Fixture {
    Fixture()
        : null_out("/dev/null"),
          access_log(null_out),
          session(Session::open(unreachable())),
          router(session, authenticator, metrics, &access_log, RouterOptions{}) {}

    static SessionOptions unreachable() {
        SessionOptions options;
        options.connect_url = "http://127.0.0.1:1";  // nothing listens: these requests never call it
        options.bootstrap_servers = "127.0.0.1:1";
        return options;
    }

    // One request as serve.cpp runs it: route, then finished() after the answer.
    int run(const ApiRequest& request) {
        const auto started = std::chrono::steady_clock::now();
        Routed routed = router.route(request);
        const auto* answer = std::get_if<ApiAnswer>(&routed.how);
        if (answer == nullptr) return -1;
        router.finished(request, routed, answer->status, answer->route, answer->statement, started,
                        std::chrono::system_clock::now(), answer->body.size());
        return answer->status;
    }

    // The first request builds what is built once (the grammar's tables, the walker's
    // first closure): outside Fixture::run, so that an instruction count leaves it out.
    void warm_up(const ApiRequest& request) { router.route(request); }

    std::ofstream null_out;
    AccessLog access_log;
    auth::Authenticator authenticator;
    metrics::ServerMetrics metrics;
    Session session;
    Router router;
};

ApiRequest request(const char* method, const char* path, std::string body) {
    ApiRequest request;
    request.method = method;
    request.path = path;
    request.body = std::move(body);
    request.peer = "127.0.0.1:50000";
    if (!request.body.empty()) request.headers.emplace_back("content-type", "application/json");
    return request;
}

ApiRequest compile_error_request() {
    return request("POST", "/ksql", R"({"ksql":"CREATE SOURCE CONNECTOR x WTH (a = 'b');"})");
}

void BM_CompileErrorRequest(benchmark::State& state) {
    Fixture fixture;
    const ApiRequest bad = compile_error_request();
    for (auto _ : state) {
        if (fixture.run(bad) != 400) state.SkipWithError("expected 400");
    }
}
BENCHMARK(BM_CompileErrorRequest);

void BM_InfoRequest(benchmark::State& state) {
    Fixture fixture;
    const ApiRequest info = request("GET", "/info", "");
    for (auto _ : state) {
        if (fixture.run(info) != 200) state.SkipWithError("expected 200");
    }
}
BENCHMARK(BM_InfoRequest);

}  // namespace connql::server

// `connql_serve_bench --calls N`: N compile-error requests after one to warm up, no
// timing, for an instruction count that the machine's load does not change:
//   valgrind --tool=callgrind --toggle-collect='*Fixture::run*' connql_serve_bench --calls 1000
int main(int argc, char** argv) {
    if (argc == 3 && std::string(argv[1]) == "--calls") {
        connql::server::Fixture fixture;
        const connql::server::ApiRequest bad = connql::server::compile_error_request();
        fixture.warm_up(bad);
        const long calls = std::stol(argv[2]);
        for (long i = 0; i < calls; ++i) {
            if (fixture.run(bad) != 400) return 1;
        }
        return 0;
    }
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
