// One HTTP request and its answer as the routes see them: routes run and are
// tested without a socket; server/serve.cpp puts them on the transport.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "server/http/message.h"

namespace connql::server {

using Headers = std::vector<std::pair<std::string, std::string>>;

// The transport's request, as the routes see it (server/http/message.h).
using ApiRequest = http::Request;

struct ApiAnswer {
    int status = 200;
    std::string content_type = "application/json";
    std::string body;
    Headers headers;
    // For the access log and the metrics, never sent: the route's fixed label and
    // the statement text as given (the access log masks it).
    std::string route;
    std::optional<std::string> statement;
};

// A long answer written piece by piece (PRINT on /query): chunked in HTTP/1.1,
// DATA frames in HTTP/2.
class StreamWriter {
public:
    virtual ~StreamWriter() = default;
    virtual bool write(std::string chunk) = 0;  // false once the client has gone
    virtual bool gone() const = 0;
};

struct ApiAnswer;
struct StreamAnswer {
    int status = 200;
    std::string content_type = "application/json";
    // Runs first, on a worker thread: an answer ends the request there (a topic
    // that does not exist), before anything was streamed.
    std::function<std::optional<ApiAnswer>()> check;
    std::function<void(StreamWriter&)> produce;  // then this, on the same thread
    std::string route;
    std::optional<std::string> statement;
};

}  // namespace connql::server
