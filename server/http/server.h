// connql's HTTP server transport: HTTP/1.1 (and 1.0) and HTTP/2 on one port.
//   cleartext: HTTP/1.x, or HTTP/2 with prior knowledge (h2c), told apart by the
//              24-byte HTTP/2 connection preface;
//   TLS:       ALPN "h2" -> HTTP/2, "http/1.1" or none -> HTTP/1.x.
// One event-loop thread (libuv) runs all connections; nghttp2 does HTTP/2 framing,
// http-parser HTTP/1.x parsing, OpenSSL TLS. Limits are answered here, in ksqlDB's
// JSON error shape, so that handlers never see an oversized or late request.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "server/http/exchange.h"
#include "server/http/message.h"

namespace connql::http {

// Called on the event-loop thread: must not block (use Server::offload).
using Handler = std::function<void(std::shared_ptr<Exchange>)>;

struct TlsFiles {
    std::string cert_file;  // PEM, the certificate chain
    std::string key_file;   // PEM
};

struct ServerOptions {
    std::string host = "127.0.0.1";
    int port = 8088;  // 0: an ephemeral port, see Server::port()
    std::optional<TlsFiles> tls;  // then HTTPS only: HTTP/2 via ALPN "h2", and HTTP/1.1
    size_t max_body_bytes = 1 << 20;  // larger bodies: 413 (41300)
    // A request (headers and body) must arrive within this of its first byte (of the
    // connection's accept, for its first request): else 408 for HTTP/1.x, and the
    // connection is closed; an HTTP/2 stream gets 408.
    std::chrono::milliseconds header_timeout{10000};
    // A keep-alive connection with no request under way is closed after this.
    std::chrono::milliseconds idle_timeout{60000};
    size_t max_concurrent_requests = 256;  // in flight beyond this: 429 (42900)
    // A handler that has not answered (respond or start_stream) by then: 503 (50300),
    // and its exchange is marked gone. Streams, once started, have no deadline.
    std::chrono::milliseconds request_deadline{60000};
    int worker_threads = 8;  // the pool behind offload()
    // Called once per rejection, on the loop thread, for metrics: "body_size",
    // "header_timeout", "concurrency", "deadline".
    std::function<void(std::string_view limit)> on_limit;
};

class Server {
public:
    Server(ServerOptions options, Handler handler);
    ~Server();  // stop(0) and wait()
    Server(const Server&) = delete;
    Server& operator=(const Server&) = delete;

    // Binds and starts the loop thread; returns once listening. Throws
    // std::runtime_error (a message naming the address or file) when the address cannot
    // be bound or the TLS files cannot be loaded. At most once.
    void start();
    int port() const;  // the bound port (after start)

    // Runs blocking work on the worker pool (FIFO). Work left when the server stops is
    // still run before the pool's threads end.
    void offload(std::function<void()> work);

    // Stops accepting (new connections are refused), tells HTTP/2 clients (GOAWAY) and
    // HTTP/1.x clients (Connection: close) that no new request will be served, lets the
    // exchanges in flight finish for up to `drain`, then closes every connection (their
    // exchanges become gone). Any thread, any number of times; returns at once.
    void stop(std::chrono::milliseconds drain);
    void wait();  // blocks until the loop has stopped (after stop)

private:
    class Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace connql::http
