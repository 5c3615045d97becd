// TLS for the server over memory BIOs: the connection moves ciphertext between the
// socket and OpenSSL itself, so TLS fits the libuv read/write callbacks unchanged.
#pragma once

#include <openssl/ssl.h>

#include <memory>
#include <string>
#include <string_view>

namespace connql::http::detail {

struct SslCtxFree {
    void operator()(SSL_CTX* ctx) const { SSL_CTX_free(ctx); }
};
struct SslFree {
    void operator()(SSL* ssl) const { SSL_free(ssl); }
};

class TlsContext {
public:
    // Loads the PEM certificate chain and key; throws std::runtime_error naming the file.
    TlsContext(const std::string& cert_file, const std::string& key_file);
    SSL_CTX* get() const { return ctx_.get(); }

private:
    std::unique_ptr<SSL_CTX, SslCtxFree> ctx_;
};

class TlsSession {
public:
    explicit TlsSession(const TlsContext& context);

    // Ciphertext from the socket in; decrypted bytes appended to `plain`, bytes for the
    // socket (handshake, alerts) appended to `cipher`. False on a TLS error: close.
    bool receive(const char* data, size_t size, std::string& plain, std::string& cipher);
    // Plaintext out: its ciphertext is appended to `cipher`. After the handshake only.
    void send(std::string_view plain, std::string& cipher);
    bool handshake_done() const { return handshake_done_; }
    // The protocol ALPN chose ("h2", "http/1.1"), empty when the client offered none.
    std::string_view alpn() const;

private:
    void drain(std::string& cipher);

    std::unique_ptr<SSL, SslFree> ssl_;
    BIO* in_ = nullptr;   // owned by ssl_
    BIO* out_ = nullptr;  // owned by ssl_
    bool handshake_done_ = false;
};

}  // namespace connql::http::detail
