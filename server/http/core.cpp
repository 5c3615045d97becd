#include "server/http/core.h"

#include <netdb.h>
#include <pthread.h>
#include <signal.h>

#include <algorithm>
#include <ctime>
#include <future>
#include <stdexcept>

#include "server/http/connection.h"
#include "server/http/exchange.h"
#include "server/http/tls.h"

namespace connql::http::detail {
namespace {

// After the drain, connections get this long to flush their last answers.
constexpr auto kFinalFlush = std::chrono::seconds(1);

Core& core_of(uv_handle_t* handle) { return *static_cast<Core*>(handle->data); }

template <class Handle>
uv_handle_t* as_handle(Handle* handle) {
    return reinterpret_cast<uv_handle_t*>(handle);
}

std::chrono::milliseconds tick_period(const ServerOptions& options) {
    auto shortest = std::min({options.header_timeout, options.idle_timeout, options.request_deadline});
    return std::clamp(shortest / 8, std::chrono::milliseconds(5), std::chrono::milliseconds(200));
}

}  // namespace

Core::Core(ServerOptions options, Handler handler) : options_(std::move(options)), handler_(std::move(handler)) {
    uv_loop_init(&loop_);
    loop_.data = this;
}

Core::~Core() {
    // Handles opened by a start() that failed: closed before the loop is.
    for (uv_handle_t* handle : {as_handle(&listener_), as_handle(&wakeup_), as_handle(&ticker_)})
        if (handle->loop == &loop_ && !uv_is_closing(handle)) uv_close(handle, nullptr);
    uv_run(&loop_, UV_RUN_DEFAULT);
    uv_loop_close(&loop_);
}

void Core::start() {
    if (options_.tls) tls_ = std::make_unique<TlsContext>(options_.tls->cert_file, options_.tls->key_file);
    bind_listener();
    uv_async_init(&loop_, &wakeup_, [](uv_async_t* async) {
        Core& self = core_of(as_handle(async));
        std::vector<std::function<void()>> work;
        {
            std::lock_guard lock(self.posted_mutex_);
            work.swap(self.posted_);
        }
        for (auto& item : work) item();
    });
    wakeup_.data = this;
    uv_timer_init(&loop_, &ticker_);
    ticker_.data = this;
    auto period = static_cast<uint64_t>(tick_period(options_).count());
    uv_timer_start(&ticker_, [](uv_timer_t* timer) { core_of(as_handle(timer)).tick(); }, period, period);

    std::promise<void> id_known;
    auto go = id_known.get_future();
    thread_ = std::thread([this, go = std::move(go)]() mutable {
        // A write to a connection the client has closed raises SIGPIPE in the writing
        // thread, whose default action ends the process; blocked here, the write fails
        // with EPIPE instead. (libuv leaves this to the application.)
        sigset_t pipe;
        sigemptyset(&pipe);
        sigaddset(&pipe, SIGPIPE);
        pthread_sigmask(SIG_BLOCK, &pipe, nullptr);
        go.wait();  // on_loop_thread() must not be asked before the id is set
        uv_run(&loop_, UV_RUN_DEFAULT);
    });
    loop_thread_id_ = thread_.get_id();
    id_known.set_value();
}

void Core::bind_listener() {
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_PASSIVE;
    addrinfo* found = nullptr;
    std::string where = options_.host + ":" + std::to_string(options_.port);
    if (int error = getaddrinfo(options_.host.c_str(), std::to_string(options_.port).c_str(), &hints, &found); error)
        throw std::runtime_error("cannot listen on " + where + ": " + gai_strerror(error));
    std::unique_ptr<addrinfo, void (*)(addrinfo*)> owned(found, freeaddrinfo);

    uv_tcp_init(&loop_, &listener_);
    listener_.data = this;
    int result = uv_tcp_bind(&listener_, found->ai_addr, 0);
    if (result == 0)
        result = uv_listen(reinterpret_cast<uv_stream_t*>(&listener_), 1024, [](uv_stream_t* listener, int status) {
            if (status == 0) core_of(as_handle(listener)).on_connection();
        });
    if (result != 0) throw std::runtime_error("cannot listen on " + where + ": " + uv_strerror(result));
    listening_ = true;
    sockaddr_storage bound{};
    int length = sizeof bound;
    uv_tcp_getsockname(&listener_, reinterpret_cast<sockaddr*>(&bound), &length);
    port_ = ntohs(bound.ss_family == AF_INET6 ? reinterpret_cast<sockaddr_in6&>(bound).sin6_port
                                               : reinterpret_cast<sockaddr_in&>(bound).sin_port);
}

void Core::on_connection() {
    auto connection = std::make_shared<Connection>(*this);
    Connection* raw = connection.get();
    connections_.emplace(raw, std::move(connection));
    if (raw->accept(reinterpret_cast<uv_stream_t*>(&listener_)) && stopping_) raw->drain();
}

void Core::post(std::function<void()> work) {
    std::lock_guard lock(posted_mutex_);
    if (loop_closed_) return;
    posted_.push_back(std::move(work));
    uv_async_send(&wakeup_);  // under the lock: the handle is not closed meanwhile
}

void Core::join() {
    std::lock_guard lock(join_mutex_);
    if (thread_.joinable()) thread_.join();
}

void Core::dispatch(Request request, const std::shared_ptr<Sink>& sink) {
    if (in_flight_ >= options_.max_concurrent_requests) {
        limit("concurrency");
        sink->send_response(error_response(
            429, "too many requests in flight (" + std::to_string(options_.max_concurrent_requests) +
                     "): retry after a short wait"));
        return;
    }
    auto exchange = std::make_shared<Exchange>(std::move(request), shared_from_this());
    sink->bind(exchange);
    ++in_flight_;
    try {
        handler_(exchange);
    } catch (const std::exception& error) {
        exchange->respond(error_response(500, std::string("the request handler failed: ") + error.what()));
    } catch (...) {
        exchange->respond(error_response(500, "the request handler failed"));
    }
    // Most handlers answer before they return: only the others need watching.
    std::lock_guard lock(exchange->mutex_);
    if (exchange->state_ == Exchange::State::waiting) awaiting_.push_back(exchange);
}

void Core::release(Exchange& exchange) {
    if (!exchange.counted_) return;
    exchange.counted_ = false;
    --in_flight_;
    // At the loop's next turn, not now: the last exchange is released from inside a
    // protocol (nghttp2 closes a stream while serializing its last DATA frame, whose bytes
    // are handed to the connection after that), and closing now would drop them.
    if (stopping_ && in_flight_ == 0) post([this] { close_everything(); });
}

void Core::limit(std::string_view which) {
    if (options_.on_limit) options_.on_limit(which);
}

void Core::forget(Connection* connection) {
    connections_.erase(connection);
    finish_if_done();
}

const std::string& Core::http_date() {
    std::time_t now = std::time(nullptr);
    if (now != date_second_) {
        date_second_ = now;
        std::tm utc{};
        gmtime_r(&now, &utc);
        char text[64];
        size_t length = std::strftime(text, sizeof text, "%a, %d %b %Y %H:%M:%S GMT", &utc);
        date_.assign(text, length);
    }
    return date_;
}

void Core::tick() {
    auto now = Clock::now();
    // The request deadline: a handler that has not answered gets a 503 answered for it.
    std::vector<std::shared_ptr<Exchange>> late;
    awaiting_.erase(std::remove_if(awaiting_.begin(), awaiting_.end(),
                                   [&](const std::shared_ptr<Exchange>& exchange) {
                                       std::lock_guard lock(exchange->mutex_);
                                       if (exchange->state_ != Exchange::State::waiting || exchange->client_gone())
                                           return true;
                                       if (now - exchange->started_ < options_.request_deadline) return false;
                                       exchange->state_ = Exchange::State::answered;  // later answers are dropped
                                       late.push_back(exchange);
                                       return true;
                                   }),
                    awaiting_.end());
    for (auto& exchange : late) {
        limit("deadline");
        if (exchange->sink_)
            exchange->sink_->shared_from_this()->send_response(error_response(
                503, "the request was not answered within " + std::to_string(options_.request_deadline.count()) +
                         " ms: retry later"));
        exchange->gone_.store(true, std::memory_order_release);
        release(*exchange);
    }

    std::vector<std::shared_ptr<Connection>> open;
    open.reserve(connections_.size());
    for (auto& [raw, connection] : connections_) open.push_back(connection);
    for (auto& connection : open) connection->tick(now);

    if (stopping_ && !closed_ && now >= stop_by_) close_everything();
    if (closed_ && now >= final_by_)
        for (auto& connection : open) connection->close();
    finish_if_done();
}

void Core::finish_if_done() {
    if (!closed_ || !connections_.empty() || loop_ended_) return;
    // The last handles: with them closed, uv_run returns and the loop thread ends.
    loop_ended_ = true;
    uv_timer_stop(&ticker_);
    uv_close(as_handle(&ticker_), nullptr);
    std::vector<std::function<void()>> dropped;
    {
        std::lock_guard lock(posted_mutex_);
        loop_closed_ = true;
        uv_close(as_handle(&wakeup_), nullptr);
        dropped.swap(posted_);
    }
    // Exchanges hold the Core: what still holds them here would keep it alive for ever.
    awaiting_.clear();
}

void Core::begin_stop(std::chrono::milliseconds drain) {
    auto by = Clock::now() + drain;
    if (stopping_) {
        stop_by_ = std::min(stop_by_, by);
        return;
    }
    stopping_ = true;
    stop_by_ = by;
    if (listening_) {
        listening_ = false;
        uv_close(as_handle(&listener_), nullptr);  // new connections are refused from now on
    }
    std::vector<std::shared_ptr<Connection>> open;
    for (auto& [raw, connection] : connections_) open.push_back(connection);
    for (auto& connection : open) connection->drain();
    if (in_flight_ == 0) close_everything();
}

void Core::close_everything() {
    if (closed_) return;
    closed_ = true;
    final_by_ = Clock::now() + kFinalFlush;
    std::vector<std::shared_ptr<Connection>> open;
    for (auto& [raw, connection] : connections_) open.push_back(connection);
    for (auto& connection : open) connection->close_after_flush();
    finish_if_done();
}

}  // namespace connql::http::detail
