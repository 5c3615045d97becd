// HTTP/2 over one connection (h2c with prior knowledge, or "h2" from ALPN). nghttp2
// does the framing, HPACK, flow control and stream states; this keeps a Request per
// stream and feeds answers to nghttp2's data source.
#pragma once

#include <nghttp2/nghttp2.h>

#include <map>
#include <memory>

#include "server/http/connection.h"

namespace connql::http::detail {

class Http2Stream;

struct NgSessionFree {
    void operator()(nghttp2_session* session) const { nghttp2_session_del(session); }
};

class Http2Session final : public Protocol {
public:
    explicit Http2Session(Connection& connection);
    ~Http2Session() override;

    void on_data(const char* data, size_t size) override;
    void on_tick(Clock::time_point now) override;
    void begin_drain() override;

    // Hands nghttp2's pending frames to the connection (unless inside on_data, which
    // does it once at the end), and closes the connection when the session is over.
    void send();
    nghttp2_session* session() { return session_.get(); }
    Core& core() { return connection_.core(); }

    // nghttp2 callbacks.
    int on_begin_headers(const nghttp2_frame* frame);
    int on_header(const nghttp2_frame* frame, std::string_view name, std::string_view value);
    int on_frame_recv(const nghttp2_frame* frame);
    int on_data_chunk(int32_t stream_id, const uint8_t* data, size_t length);
    int on_stream_close(int32_t stream_id);

private:
    Http2Stream* find(int32_t stream_id);
    void dispatch(Http2Stream& stream);
    void reject(Http2Stream& stream, int status, std::string_view limit, std::string_view message);

    Connection& connection_;
    std::unique_ptr<nghttp2_session, NgSessionFree> session_;
    std::map<int32_t, std::shared_ptr<Http2Stream>> streams_;
    bool receiving_ = false;
    bool draining_ = false;
    Clock::time_point idle_since_ = Clock::now();
};

}  // namespace connql::http::detail
