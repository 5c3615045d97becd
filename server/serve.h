// `connql serve`: the routes (server/router.h) on the HTTP transport
// (server/http/), until SIGTERM or SIGINT, which drain the requests in flight.
#pragma once

#include <chrono>
#include <filesystem>
#include <optional>
#include <ostream>
#include <string>

#include "engine/session.h"
#include "server/statement_api.h"

namespace connql::server {

struct ServeOptions {
    std::string listen = "127.0.0.1:8088";  // HOST:PORT; [v6]:PORT
    std::optional<std::string> tls_cert, tls_key;
    std::optional<std::filesystem::path> users_file, tokens_file;
    bool insecure_no_auth = false;  // required to listen beyond loopback without auth
    bool access_log = true;         // one JSON line per request on stderr
    size_t max_body_bytes = 1 << 20;
    StatementLimits limits;
    std::chrono::milliseconds header_timeout{10000};
    std::chrono::milliseconds request_deadline{60000};
    size_t max_concurrent_requests = 256;
    int worker_threads = 16;
    std::chrono::milliseconds drain{10000};  // after SIGTERM
    std::string version;
};

struct ListenAddress {
    std::string host;
    int port = 0;
    bool loopback = false;
};
// Throws connql::Error (Usage) for a malformed address.
ListenAddress parse_listen(const std::string& text);

// Runs until SIGTERM or SIGINT. Throws connql::Error (Usage) for options that
// cannot work (auth missing beyond loopback, unreadable credential files, an
// address that cannot be bound). Says where it listens on `log`.
int serve(Session& session, const ServeOptions& options, std::ostream& log);

}  // namespace connql::server
