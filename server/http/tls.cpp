#include "server/http/tls.h"

#include <openssl/err.h>

#include <stdexcept>

namespace connql::http::detail {
namespace {

std::string openssl_error() {
    char text[256] = "unknown error";
    if (unsigned long code = ERR_get_error(); code != 0) ERR_error_string_n(code, text, sizeof text);
    ERR_clear_error();
    return text;
}

// HTTP/2 when the client offers it, else HTTP/1.1; a client offering neither is refused.
int select_alpn(SSL*, const unsigned char** out, unsigned char* out_length, const unsigned char* in,
                unsigned int in_length, void*) {
    static const unsigned char ours[] = "\x02h2\x08http/1.1";
    unsigned char* chosen = nullptr;
    if (SSL_select_next_proto(&chosen, out_length, ours, sizeof ours - 1, in, in_length) != OPENSSL_NPN_NEGOTIATED)
        return SSL_TLSEXT_ERR_ALERT_FATAL;
    *out = chosen;
    return SSL_TLSEXT_ERR_OK;
}

}  // namespace

TlsContext::TlsContext(const std::string& cert_file, const std::string& key_file)
    : ctx_(SSL_CTX_new(TLS_server_method())) {
    if (!ctx_) throw std::runtime_error("TLS: cannot create a context: " + openssl_error());
    // HTTP/2 forbids anything older than TLS 1.2 (RFC 9113 §9.2).
    SSL_CTX_set_min_proto_version(ctx_.get(), TLS1_2_VERSION);
    SSL_CTX_set_options(ctx_.get(), SSL_OP_NO_COMPRESSION | SSL_OP_NO_RENEGOTIATION);
    if (SSL_CTX_use_certificate_chain_file(ctx_.get(), cert_file.c_str()) != 1)
        throw std::runtime_error("TLS: cannot load the certificate file '" + cert_file + "': " + openssl_error());
    if (SSL_CTX_use_PrivateKey_file(ctx_.get(), key_file.c_str(), SSL_FILETYPE_PEM) != 1)
        throw std::runtime_error("TLS: cannot load the key file '" + key_file + "': " + openssl_error());
    if (SSL_CTX_check_private_key(ctx_.get()) != 1)
        throw std::runtime_error("TLS: the key in '" + key_file + "' does not match the certificate in '" + cert_file +
                                 "'");
    SSL_CTX_set_alpn_select_cb(ctx_.get(), select_alpn, nullptr);
}

TlsSession::TlsSession(const TlsContext& context) : ssl_(SSL_new(context.get())) {
    if (!ssl_) throw std::runtime_error("TLS: SSL_new failed: " + openssl_error());
    in_ = BIO_new(BIO_s_mem());
    out_ = BIO_new(BIO_s_mem());
    SSL_set_bio(ssl_.get(), in_, out_);
    SSL_set_accept_state(ssl_.get());
}

bool TlsSession::receive(const char* data, size_t size, std::string& plain, std::string& cipher) {
    if (size > 0 && BIO_write(in_, data, static_cast<int>(size)) != static_cast<int>(size)) return false;
    if (!handshake_done_) {
        int result = SSL_do_handshake(ssl_.get());
        drain(cipher);
        if (result != 1) {
            int error = SSL_get_error(ssl_.get(), result);
            ERR_clear_error();
            return error == SSL_ERROR_WANT_READ || error == SSL_ERROR_WANT_WRITE;
        }
        handshake_done_ = true;
    }
    char buffer[16384];
    for (;;) {
        int n = SSL_read(ssl_.get(), buffer, sizeof buffer);
        if (n > 0) {
            plain.append(buffer, static_cast<size_t>(n));
            continue;
        }
        int error = SSL_get_error(ssl_.get(), n);
        drain(cipher);
        ERR_clear_error();
        // ZERO_RETURN: the peer's close_notify; the socket's EOF follows.
        return error == SSL_ERROR_WANT_READ || error == SSL_ERROR_ZERO_RETURN;
    }
}

void TlsSession::send(std::string_view plain, std::string& cipher) {
    // A memory BIO never fills up: SSL_write takes everything at once.
    while (!plain.empty()) {
        int n = SSL_write(ssl_.get(), plain.data(), static_cast<int>(plain.size()));
        if (n <= 0) {
            ERR_clear_error();
            break;
        }
        plain.remove_prefix(static_cast<size_t>(n));
    }
    drain(cipher);
}

std::string_view TlsSession::alpn() const {
    const unsigned char* name = nullptr;
    unsigned int length = 0;
    SSL_get0_alpn_selected(ssl_.get(), &name, &length);
    return name ? std::string_view(reinterpret_cast<const char*>(name), length) : std::string_view();
}

void TlsSession::drain(std::string& cipher) {
    char buffer[16384];
    int n;
    while ((n = BIO_read(out_, buffer, sizeof buffer)) > 0) cipher.append(buffer, static_cast<size_t>(n));
}

}  // namespace connql::http::detail
