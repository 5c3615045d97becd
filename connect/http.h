// One HTTP exchange through libcurl (internal to engine/connect/). RAII over the
// easy handle; the handle is reused across requests for keep-alive.
#pragma once

#include <curl/curl.h>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace connql::connect {

enum class Method { Get, Post, Put, Patch, Delete };
const char* method_name(Method method);

struct TlsOptions {
    std::string client_cert;  // PEM files; empty means none
    std::string client_key;
    std::string ca_file;
    bool insecure = false;  // skip certificate verification (tests against self-signed workers)
};

// Takes the body of a success in JSON as it arrives, instead of HttpResult::body: a
// large answer (SHOW CONNECTORS over hundreds of connectors) is read into what the
// caller needs without a copy of it or a JSON tree. Never throws from consume (curl
// calls it); records what went wrong instead.
class BodyConsumer {
public:
    virtual ~BodyConsumer() = default;
    virtual void restart() = 0;  // before each attempt's body: a retried request starts again
    virtual void consume(std::string_view bytes) = 0;
    virtual void end() = 0;      // after the call: the whole body has arrived (connect::Client calls it)
};

struct HttpRequest {
    Method method = Method::Get;
    std::string url;
    const std::string* body = nullptr;  // JSON
    std::vector<std::string> headers;   // "Name: value"
    std::string basic_auth;             // "user:password"
    long connect_timeout_ms = 5000;
    long timeout_ms = 30000;
    TlsOptions tls;
    CURLSH* share = nullptr;            // a pool of connections shared with other handles (connect/shared.h)
    BodyConsumer* consumer = nullptr;   // takes the body of a 2xx answer in JSON
};

struct HttpResult {
    CURLcode transport = CURLE_OK;  // CURLE_OK when an HTTP answer arrived
    std::string transport_error;    // curl's message for a transport failure
    bool request_sent = false;      // some of the request was written: it may have reached the worker
    long status = 0;
    std::string content_type;
    std::string body;       // empty when `consumed`
    bool consumed = false;  // the body went to HttpRequest::consumer (whose end() is the caller's to call)
};

class HttpSession {
public:
    HttpSession();
    HttpResult perform(const HttpRequest& request);

private:
    struct Cleanup {
        void operator()(CURL* handle) const { curl_easy_cleanup(handle); }
    };
    std::unique_ptr<CURL, Cleanup> handle_;
};

// curl_global_init, once per process, before the first handle or share.
void initialize_curl();

// True when curl failed before any byte of the request could have reached the
// server, so sending it again (here or to another worker) cannot apply it twice.
bool nothing_was_sent(CURLcode code);

}  // namespace connql::connect
