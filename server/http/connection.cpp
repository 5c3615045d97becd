#include "server/http/connection.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>

#include <cstring>

#include "server/http/http1.h"
#include "server/http/http2.h"
#include "server/http/tls.h"

namespace connql::http::detail {
namespace {

// RFC 9113 §3.4: a client with prior knowledge starts with exactly these bytes; no
// HTTP/1.x request line can ("PRI" is no method we serve, and "PRI * HTTP/2.0" is not 1.x).
constexpr std::string_view kPreface = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n";

// After the last answer of a connection that must close, unread request bytes are
// read and dropped for this long, so that the client sees the answer rather than a
// reset (closing a socket with unread input sends RST).
constexpr auto kLinger = std::chrono::seconds(2);

Connection* of(uv_handle_t* handle) { return static_cast<Connection*>(handle->data); }

std::string format_peer(const sockaddr_storage& address) {
    char host[INET6_ADDRSTRLEN] = "?";
    int port = 0;
    if (address.ss_family == AF_INET) {
        const auto& v4 = reinterpret_cast<const sockaddr_in&>(address);
        uv_ip4_name(&v4, host, sizeof host);
        port = ntohs(v4.sin_port);
        return std::string(host) + ":" + std::to_string(port);
    }
    const auto& v6 = reinterpret_cast<const sockaddr_in6&>(address);
    uv_ip6_name(&v6, host, sizeof host);
    port = ntohs(v6.sin6_port);
    return "[" + std::string(host) + "]:" + std::to_string(port);
}

}  // namespace

Connection::Connection(Core& core) : core_(core) {
    uv_tcp_init(core.loop(), &tcp_);
    tcp_.data = this;
}

Connection::~Connection() = default;

bool Connection::accept(uv_stream_t* listener) {
    if (uv_accept(listener, reinterpret_cast<uv_stream_t*>(&tcp_)) != 0) {
        close();
        return false;
    }
    uv_tcp_nodelay(&tcp_, 1);  // answers are written whole: no reason to wait for more
    sockaddr_storage address{};
    int length = sizeof address;
    if (uv_tcp_getpeername(&tcp_, reinterpret_cast<sockaddr*>(&address), &length) == 0) peer_ = format_peer(address);
    if (core_.tls()) tls_ = std::make_unique<TlsSession>(*core_.tls());
    uv_read_start(
        reinterpret_cast<uv_stream_t*>(&tcp_),
        [](uv_handle_t* handle, size_t, uv_buf_t* buffer) {
            auto* self = of(handle);
            *buffer = uv_buf_init(self->read_buffer_, sizeof self->read_buffer_);
        },
        [](uv_stream_t* stream, ssize_t size, const uv_buf_t* buffer) {
            of(reinterpret_cast<uv_handle_t*>(stream))->on_read(size, buffer);
        });
    return true;
}

void Connection::on_read(ssize_t size, const uv_buf_t* buffer) {
    if (size == 0) return;  // EAGAIN
    if (size < 0) {         // EOF or an error: the client has gone
        close();
        return;
    }
    if (phase_ == Phase::lingering || phase_ == Phase::closed) return;  // dropped
    if (!tls_) {
        deliver(buffer->base, static_cast<size_t>(size));
        return;
    }
    plain_.clear();
    bool was_done = tls_->handshake_done();
    if (!tls_->receive(buffer->base, static_cast<size_t>(size), plain_, out_)) {
        flush();  // the alert, if any
        close();
        return;
    }
    if (!was_done && tls_->handshake_done()) {
        // ALPN decides; a client that offered none is told apart by its first bytes.
        if (tls_->alpn() == "h2")
            choose_protocol(true);
        else if (tls_->alpn() == "http/1.1")
            choose_protocol(false);
    }
    if (!plain_.empty()) deliver(plain_.data(), plain_.size());
    flush();
}

void Connection::deliver(const char* data, size_t size) {
    if (protocol_) {
        protocol_->on_data(data, size);
        return;
    }
    // Cleartext: HTTP/2 with prior knowledge if the bytes so far are a prefix of the preface.
    first_bytes_.append(data, size);
    size_t common = std::min(first_bytes_.size(), kPreface.size());
    bool matches = first_bytes_.compare(0, common, kPreface.substr(0, common)) == 0;
    if (matches && first_bytes_.size() < kPreface.size()) return;  // wait for more
    choose_protocol(matches);
    std::string bytes = std::move(first_bytes_);
    first_bytes_.clear();
    protocol_->on_data(bytes.data(), bytes.size());
}

void Connection::choose_protocol(bool http2) {
    if (http2)
        protocol_ = std::make_unique<Http2Session>(*this);
    else
        protocol_ = std::make_unique<Http1Session>(*this);
    if (drain_requested_) protocol_->begin_drain();
}

void Connection::send(std::string_view plaintext) {
    if (phase_ == Phase::closed || phase_ == Phase::lingering) return;
    if (tls_)
        tls_->send(plaintext, out_);
    else
        out_.append(plaintext);
}

void Connection::flush() {
    if (phase_ == Phase::closed || write_in_progress_) return;
    if (!out_.empty()) {
        uv_buf_t buffer = uv_buf_init(out_.data(), static_cast<unsigned>(out_.size()));
        int written = uv_try_write(reinterpret_cast<uv_stream_t*>(&tcp_), &buffer, 1);
        if (written == UV_EAGAIN) written = 0;
        if (written < 0) {
            close();
            return;
        }
        out_.erase(0, static_cast<size_t>(written));
    }
    if (!out_.empty()) {
        // The socket is full: libuv writes the rest when it can; `writing_` keeps the bytes.
        writing_.swap(out_);
        out_.clear();
        write_in_progress_ = true;
        uv_buf_t buffer = uv_buf_init(writing_.data(), static_cast<unsigned>(writing_.size()));
        write_request_.data = this;
        uv_write(&write_request_, reinterpret_cast<uv_stream_t*>(&tcp_), &buffer, 1,
                 [](uv_write_t* request, int status) { static_cast<Connection*>(request->data)->on_written(status); });
        return;
    }
    if (phase_ == Phase::closing_after_flush) start_linger();
}

void Connection::on_written(int status) {
    write_in_progress_ = false;
    writing_.clear();
    if (status < 0) {
        close();
        return;
    }
    flush();
}

void Connection::close_after_flush() {
    if (phase_ != Phase::open) return;
    phase_ = Phase::closing_after_flush;
    flush();
}

void Connection::start_linger() {
    phase_ = Phase::lingering;
    linger_until_ = Clock::now() + kLinger;
    shutdown_request_.data = this;
    int result = uv_shutdown(&shutdown_request_, reinterpret_cast<uv_stream_t*>(&tcp_), [](uv_shutdown_t*, int) {});
    if (result != 0) close();
}

void Connection::close() {
    if (phase_ == Phase::closed) return;
    phase_ = Phase::closed;
    // The protocol (and the exchanges it holds) goes when the handle has closed: never in
    // the middle of a call that reached here from inside it.
    uv_close(reinterpret_cast<uv_handle_t*>(&tcp_), [](uv_handle_t* handle) {
        auto* self = of(handle);
        self->protocol_.reset();
        self->core_.forget(self);
    });
}

void Connection::tick(Clock::time_point now) {
    if (phase_ == Phase::lingering && now >= linger_until_) {
        close();
        return;
    }
    if (phase_ != Phase::open) return;
    if (protocol_) {
        protocol_->on_tick(now);
        return;
    }
    // No protocol yet: the TLS handshake or the first bytes are late.
    if (now - accepted_at_ >= core_.options().header_timeout) {
        core_.limit("header_timeout");
        close();
    }
}

void Connection::drain() {
    drain_requested_ = true;
    if (protocol_)
        protocol_->begin_drain();
    else
        close();
}

}  // namespace connql::http::detail
