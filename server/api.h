// One HTTP request and its answer as the routes see them, apart from the
// transport (server/http/), so that routes run and are tested without a socket.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace connql::server {

using Headers = std::vector<std::pair<std::string, std::string>>;

struct ApiRequest {
    std::string method;  // "GET", "POST", ...
    std::string path;    // without the query
    std::string query;
    Headers headers;     // names in lower case
    std::string body;
    std::string peer;
    std::string protocol;

    std::optional<std::string_view> header(std::string_view lower_name) const {
        for (const auto& [name, value] : headers) {
            if (name == lower_name) return std::string_view(value);
        }
        return std::nullopt;
    }
};

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
