// One accepted TCP connection: its socket (libuv), TLS if on, the choice of protocol
// from the first bytes (or ALPN), buffered writes, and a lingering close.
#pragma once

#include <uv.h>

#include <memory>
#include <string>
#include <string_view>

#include "server/http/core.h"

namespace connql::http::detail {

class TlsSession;

// HTTP/1.x or HTTP/2 over a connection. Loop thread only.
class Protocol {
public:
    virtual ~Protocol() = default;
    virtual void on_data(const char* data, size_t size) = 0;  // plaintext in
    virtual void on_tick(Clock::time_point now) = 0;          // timeouts
    virtual void begin_drain() = 0;  // serve what is under way, take nothing new
};

class Connection {
public:
    explicit Connection(Core& core);
    ~Connection();
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;

    // Accepts from the listener and starts reading. False (and closed) on failure.
    bool accept(uv_stream_t* listener);

    void send(std::string_view plaintext);  // buffered until flush()
    void flush();
    void close();              // now (the handle closes at the loop's next turn)
    void close_after_flush();  // writes what is buffered, then a lingering close
    void tick(Clock::time_point now);
    void drain();

    Core& core() { return core_; }
    const std::string& peer() const { return peer_; }
    bool tls() const { return tls_ != nullptr; }
    bool closing() const { return phase_ != Phase::open; }
    Clock::time_point accepted_at() const { return accepted_at_; }

private:
    enum class Phase { open, closing_after_flush, lingering, closed };

    void on_read(ssize_t size, const uv_buf_t* buffer);
    void on_written(int status);
    void deliver(const char* data, size_t size);
    void choose_protocol(bool http2);
    void start_linger();

    Core& core_;
    uv_tcp_t tcp_{};
    std::unique_ptr<TlsSession> tls_;
    std::unique_ptr<Protocol> protocol_;
    std::string peer_;
    Clock::time_point accepted_at_ = Clock::now();
    std::string first_bytes_;  // before the protocol is known: up to the preface's length
    std::string plain_;        // decrypted input (reused)
    std::string out_;          // bytes for the socket, not yet handed to libuv
    std::string writing_;      // the bytes of the uv_write in progress
    bool write_in_progress_ = false;
    uv_write_t write_request_{};
    uv_shutdown_t shutdown_request_{};
    Phase phase_ = Phase::open;
    Clock::time_point linger_until_{};
    bool drain_requested_ = false;
    char read_buffer_[65536];
};

}  // namespace connql::http::detail
