// One request and its reply channel.
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <string>

#include "server/http/message.h"

namespace connql::http {

namespace detail {
class Sink;
class Core;
}  // namespace detail

// Thread-safe: may be used from any thread at any time, also after the handler returned
// (from a worker thread, a callback...). Exactly one respond(), or one stream
// (start_stream, write..., finish); later calls are ignored. Calls from another thread
// are handed to the event loop, which they wake; on the loop thread they act at once.
class Exchange : public std::enable_shared_from_this<Exchange> {
public:
    // Made by the server for each complete request; handlers only receive them.
    Exchange(Request request, std::shared_ptr<detail::Core> core);
    Exchange(const Exchange&) = delete;
    Exchange& operator=(const Exchange&) = delete;
    ~Exchange();

    void respond(Response response);

    // Streaming, for a long-lived /query: chunked transfer encoding in HTTP/1.1 (a
    // body ended by closing the connection in HTTP/1.0), DATA frames in HTTP/2.
    void start_stream(int status, std::string content_type);
    // Queues a chunk (empty chunks are skipped). False once the client has gone, the
    // stream was finished, or no stream was started. Chunks are buffered without bound:
    // a producer that outpaces a slow client should watch its own rate.
    bool write(std::string chunk);
    void finish();

    // The connection closed, the HTTP/2 stream was reset, the server stopped, or the
    // request deadline passed (the transport answered 503 itself); also once the answer
    // has been handed over whole. Calls after that are ignored.
    bool client_gone() const { return gone_.load(std::memory_order_acquire); }
    const Request& request() const { return request_; }

private:
    friend class detail::Sink;
    friend class detail::Core;
    enum class State { waiting, answered, streaming, finished };

    // Runs `action` on the loop thread (now, when called from it).
    void on_loop(std::function<void()> action);

    const Request request_;
    const std::shared_ptr<detail::Core> core_;
    std::atomic<bool> gone_{false};
    mutable std::mutex mutex_;
    State state_ = State::waiting;  // guarded by mutex_: which calls are still allowed

    // Loop thread only.
    detail::Sink* sink_ = nullptr;  // the stream it answers on; null once that closed
    std::chrono::steady_clock::time_point started_ = std::chrono::steady_clock::now();
    bool counted_ = true;  // still counts as in flight (concurrency, drain)
};

}  // namespace connql::http
