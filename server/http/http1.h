// HTTP/1.0 and 1.1 over one connection, parsed by http-parser. One request at a time:
// pipelined requests wait in the input buffer until the one before has been answered.
#pragma once

#include <http_parser.h>

#include <memory>
#include <string>

#include "server/http/connection.h"

namespace connql::http::detail {

class Http1Stream;

class Http1Session final : public Protocol {
public:
    explicit Http1Session(Connection& connection);
    ~Http1Session() override;

    void on_data(const char* data, size_t size) override;
    void on_tick(Clock::time_point now) override;
    void begin_drain() override;

    // From the stream answering the current request.
    void write(std::string_view bytes) { connection_.send(bytes); }
    void flush() { connection_.flush(); }
    void answered(bool keep_alive);  // the current request's answer is complete
    Core& core() { return connection_.core(); }
    bool draining() const { return draining_; }

    // http-parser callbacks.
    int on_message_begin();
    int on_url(const char* at, size_t length);
    int on_header_field(const char* at, size_t length);
    int on_header_value(const char* at, size_t length);
    int on_headers_complete();
    int on_body(const char* at, size_t length);
    int on_message_complete();

private:
    void process();
    void reject(int status, std::string_view limit, std::string_view message);
    void store_header();

    Connection& connection_;
    http_parser parser_{};
    std::string input_;  // received, not parsed yet (a pipelined request waits here)
    bool processing_ = false;  // inside process(): answered() must not re-enter it

    // The request being parsed.
    Request request_;
    std::string url_, field_, value_;
    bool in_value_ = false;
    bool receiving_ = false;  // bytes of a request have arrived, it is not complete
    bool complete_ = false;   // parsed whole, to be dispatched
    bool keep_alive_ = true;
    Clock::time_point request_started_{};

    std::shared_ptr<Http1Stream> current_;  // the request being answered
    bool served_one_ = false;
    Clock::time_point idle_since_{};
    bool draining_ = false;
    bool done_ = false;  // no further request on this connection
};

}  // namespace connql::http::detail
