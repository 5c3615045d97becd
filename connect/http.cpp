#include "connect/http.h"

#include <stdexcept>

#include "common/text.h"

namespace connql::connect {

namespace {

// curl_global_init is not thread-safe; do it once, before the first handle.
struct GlobalInit {
    GlobalInit() {
        if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) throw std::runtime_error("curl_global_init failed");
    }
};

// A consumer takes a success in JSON, as Connect answers: anything else (a proxy's HTML
// page, say) stays in HttpResult::body for the client to name for what it is.
bool goes_to_consumer(CURL* curl, const BodyConsumer* consumer) {
    if (consumer == nullptr) return false;
    long status = 0;
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
    const char* type = nullptr;
    curl_easy_getinfo(curl, CURLINFO_CONTENT_TYPE, &type);
    return status >= 200 && status < 300 && to_lower(type != nullptr ? type : "").find("json") != std::string::npos;
}

// Where the body's bytes go: the result, or the request's consumer once the status and
// type (known at the first byte) say the answer is for it.
struct BodyTarget {
    CURL* curl;
    std::string& body;
    BodyConsumer* consumer;
    bool decided = false;
    bool streaming = false;
};

// curl's C callback: nothing may be thrown through it. Returning less than it was given
// makes curl abort the transfer (CURLE_WRITE_ERROR), which the client reports.
size_t take_body(char* data, size_t size, size_t count, void* user) {
    auto& target = *static_cast<BodyTarget*>(user);
    const std::string_view bytes(data, size * count);
    try {
        if (!target.decided) {
            target.decided = true;
            target.streaming = goes_to_consumer(target.curl, target.consumer);
            if (target.streaming) target.consumer->restart();
        }
        if (target.streaming) {
            target.consumer->consume(bytes);
        } else {
            target.body.append(bytes);
        }
    } catch (const std::exception&) {  // out of memory
        return 0;
    }
    return bytes.size();
}

struct HeaderList {
    curl_slist* list = nullptr;
    ~HeaderList() { curl_slist_free_all(list); }
    void add(const std::string& header) {
        curl_slist* next = curl_slist_append(list, header.c_str());
        if (next == nullptr) throw std::bad_alloc();
        list = next;
    }
};

}  // namespace

const char* method_name(Method method) {
    switch (method) {
        case Method::Get: return "GET";
        case Method::Post: return "POST";
        case Method::Put: return "PUT";
        case Method::Patch: return "PATCH";
        case Method::Delete: return "DELETE";
    }
    return "GET";
}

void initialize_curl() { static GlobalInit init; }

HttpSession::HttpSession() {
    initialize_curl();
    handle_.reset(curl_easy_init());
    if (!handle_) throw std::runtime_error("curl_easy_init failed");
}

HttpResult HttpSession::perform(const HttpRequest& request) {
    CURL* curl = handle_.get();
    curl_easy_reset(curl);
    HttpResult result;
    HeaderList headers;
    headers.add("Accept: application/json");
    if (request.body != nullptr) headers.add("Content-Type: application/json");
    for (const std::string& header : request.headers) headers.add(header);

    if (request.share != nullptr) curl_easy_setopt(curl, CURLOPT_SHARE, request.share);
    curl_easy_setopt(curl, CURLOPT_URL, request.url.c_str());
    curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, method_name(request.method));
    if (request.method == Method::Get) curl_easy_setopt(curl, CURLOPT_HTTPGET, 1L);
    if (request.body != nullptr) {
        curl_easy_setopt(curl, CURLOPT_POSTFIELDS, request.body->c_str());
        curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body->size()));
    }
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers.list);
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, request.connect_timeout_ms);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, request.timeout_ms);
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    BodyTarget target{curl, result.body, request.consumer};
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, take_body);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &target);
    curl_easy_setopt(curl, CURLOPT_USERAGENT, "connql");
    if (!request.basic_auth.empty()) {
        curl_easy_setopt(curl, CURLOPT_HTTPAUTH, CURLAUTH_BASIC);
        curl_easy_setopt(curl, CURLOPT_USERPWD, request.basic_auth.c_str());
    }
    const TlsOptions& tls = request.tls;
    if (!tls.client_cert.empty()) curl_easy_setopt(curl, CURLOPT_SSLCERT, tls.client_cert.c_str());
    if (!tls.client_key.empty()) curl_easy_setopt(curl, CURLOPT_SSLKEY, tls.client_key.c_str());
    if (!tls.ca_file.empty()) curl_easy_setopt(curl, CURLOPT_CAINFO, tls.ca_file.c_str());
    if (tls.insecure) {
        curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, 0L);
        curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, 0L);
    }
    char error[CURL_ERROR_SIZE] = {0};
    curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error);

    result.transport = curl_easy_perform(curl);
    // Whether any byte of the request was written: a connection reused from the
    // last request has no connect time, so that cannot tell.
    long request_size = 0;
    curl_easy_getinfo(curl, CURLINFO_REQUEST_SIZE, &request_size);
    result.request_sent = request_size > 0;
    if (result.transport != CURLE_OK) {
        result.transport_error = error[0] != '\0' ? error : curl_easy_strerror(result.transport);
        return result;
    }
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &result.status);
    if (!target.decided && goes_to_consumer(curl, request.consumer)) {  // an empty body
        request.consumer->restart();
        target.streaming = true;
    }
    result.consumed = target.streaming;
    const char* content_type = nullptr;
    curl_easy_getinfo(curl, CURLINFO_CONTENT_TYPE, &content_type);
    if (content_type != nullptr) result.content_type = content_type;
    return result;
}

bool nothing_was_sent(CURLcode code) {
    return code == CURLE_COULDNT_CONNECT || code == CURLE_COULDNT_RESOLVE_HOST ||
           code == CURLE_COULDNT_RESOLVE_PROXY || code == CURLE_URL_MALFORMAT || code == CURLE_SSL_CONNECT_ERROR;
}

}  // namespace connql::connect
