// The state every connection of one server shares: the libuv loop and its thread, the
// queue that other threads post to, the handler, the limits, and the connections.
#pragma once

#include <uv.h>

#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <vector>

#include "server/http/server.h"
#include "server/http/sink.h"

namespace connql::http::detail {

class Connection;
class TlsContext;
using Clock = std::chrono::steady_clock;

class Core : public std::enable_shared_from_this<Core> {
public:
    Core(ServerOptions options, Handler handler);
    ~Core();
    Core(const Core&) = delete;
    Core& operator=(const Core&) = delete;

    // Binds, loads TLS files (throwing std::runtime_error) and starts the loop thread.
    void start();
    int port() const { return port_; }
    // Any thread. Once the loop has stopped, work is dropped.
    void post(std::function<void()> work);
    void join();
    bool on_loop_thread() const { return std::this_thread::get_id() == loop_thread_id_; }

    // Loop thread only, from here on.
    uv_loop_t* loop() { return &loop_; }
    const ServerOptions& options() const { return options_; }
    const TlsContext* tls() const { return tls_.get(); }
    // A complete request: answered 429 when too many are in flight, else handed to the
    // handler through a new Exchange bound to `sink`.
    void dispatch(Request request, const std::shared_ptr<Sink>& sink);
    void release(Exchange& exchange);   // no longer in flight (idempotent)
    void limit(std::string_view which); // counts a rejection (on_limit)
    bool draining() const { return stopping_; }
    void forget(Connection* connection);  // its handle has closed
    const std::string& http_date();       // "Sun, 22 Nov 2026 06:00:00 GMT", cached a second
    void begin_stop(std::chrono::milliseconds drain);

private:
    void bind_listener();
    void on_connection();
    void tick();
    void close_everything();
    void finish_if_done();

    ServerOptions options_;
    Handler handler_;
    std::unique_ptr<TlsContext> tls_;
    uv_loop_t loop_{};
    uv_tcp_t listener_{};
    uv_async_t wakeup_{};
    uv_timer_t ticker_{};
    bool listening_ = false;
    int port_ = 0;
    std::thread thread_;
    std::thread::id loop_thread_id_;

    std::mutex posted_mutex_;
    std::vector<std::function<void()>> posted_;  // guarded by posted_mutex_
    bool loop_closed_ = false;                   // guarded by posted_mutex_

    std::unordered_map<Connection*, std::shared_ptr<Connection>> connections_;
    std::vector<std::shared_ptr<Exchange>> awaiting_;  // not answered yet: the deadline
    size_t in_flight_ = 0;
    bool stopping_ = false;
    bool closed_ = false;      // connections told to close: the loop ends when they have
    bool loop_ended_ = false;
    Clock::time_point stop_by_{};
    Clock::time_point final_by_{};
    std::mutex join_mutex_;
    std::string date_;
    long date_second_ = -1;
};

}  // namespace connql::http::detail
