// What a handler sees of a request and what it answers: plain values, the same for
// HTTP/1.x and HTTP/2 (the transport translates pseudo-headers and framing).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace connql::http {

struct Request {
    std::string method;  // "GET", "POST", ...
    std::string path;    // without the query: "/ksql"
    std::string query;   // raw, after '?' (empty when none)
    // Names lower-case (HTTP/2 requires it; HTTP/1.x names are folded). Order as sent.
    // HTTP/2's :authority is given as "host".
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;        // complete: the handler is called once the body has arrived
    std::string protocol;    // "HTTP/1.1" | "HTTP/1.0" | "HTTP/2"
    std::string peer;        // "127.0.0.1:54321"
    bool tls = false;

    // The first header of that name (give it lower-case), if any.
    std::optional<std::string_view> header(std::string_view lower_name) const;
};

struct Response {
    int status = 200;
    std::string content_type = "application/json";  // empty: no Content-Type header
    // Extra headers. The transport sets Content-Type, Content-Length, Transfer-Encoding,
    // Connection and Date itself: those given here are dropped.
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;
};

// The reason phrase of a status ("Not Found"), for HTTP/1.x status lines.
std::string_view reason_phrase(int status);

// A limit's answer in ksqlDB's error shape:
// {"@type":"generic_error","error_code":<status*100>,"message":"..."}.
Response error_response(int status, std::string_view message);

}  // namespace connql::http
