// Real clients for the HTTP transport's tests: libcurl (HTTP/1.1, h2c with prior
// knowledge, HTTPS with ALPN) and a raw socket for what no well-behaved client does.
#pragma once

#include <arpa/inet.h>
#include <curl/curl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace connql::testing {

enum class Version { http1, h2c, https1, https2 };

struct Fetched {
    long status = 0;
    std::string body;
    std::string content_type;
    long http_version = 0;  // CURL_HTTP_VERSION_1_1, CURL_HTTP_VERSION_2_0
    std::string error;      // curl's, when the transfer failed
};

struct CurlFree {
    void operator()(CURL* curl) const { curl_easy_cleanup(curl); }
};
using Curl = std::unique_ptr<CURL, CurlFree>;

struct Slist {
    curl_slist* list = nullptr;
    ~Slist() { curl_slist_free_all(list); }
    void add(const std::string& line) { list = curl_slist_append(list, line.c_str()); }
};

inline size_t append_to_string(char* data, size_t size, size_t count, void* out) {
    static_cast<std::string*>(out)->append(data, size * count);
    return size * count;
}

// Sets up `curl` for one request; `ca_file` for the HTTPS versions.
inline void prepare(CURL* curl, Version version, const std::string& url, const std::string* body,
                    const std::string& ca_file) {
    curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
    curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, 20000L);
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    long v = version == Version::h2c      ? CURL_HTTP_VERSION_2_PRIOR_KNOWLEDGE
             : version == Version::https2 ? CURL_HTTP_VERSION_2TLS
                                          : CURL_HTTP_VERSION_1_1;
    curl_easy_setopt(curl, CURLOPT_HTTP_VERSION, v);
    if (version == Version::https1 || version == Version::https2) curl_easy_setopt(curl, CURLOPT_CAINFO, ca_file.c_str());
    if (body) {
        curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body->data());
        curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body->size()));
    }
}

inline Fetched finish_fetch(CURL* curl, CURLcode code, std::string body) {
    Fetched out;
    out.body = std::move(body);
    if (code != CURLE_OK) out.error = curl_easy_strerror(code);
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &out.status);
    curl_easy_getinfo(curl, CURLINFO_HTTP_VERSION, &out.http_version);
    char* type = nullptr;
    curl_easy_getinfo(curl, CURLINFO_CONTENT_TYPE, &type);
    if (type) out.content_type = type;
    return out;
}

// One request on `curl` (reused handles keep their connection: keep-alive).
inline Fetched fetch(CURL* curl, Version version, const std::string& url, const std::string* body = nullptr,
                     const std::string& ca_file = "", const std::vector<std::string>& headers = {}) {
    std::string received;
    prepare(curl, version, url, body, ca_file);
    Slist list;
    for (const auto& h : headers) list.add(h);
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, list.list);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, append_to_string);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &received);
    CURLcode code = curl_easy_perform(curl);
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, nullptr);
    return finish_fetch(curl, code, std::move(received));
}

inline Fetched fetch(Version version, const std::string& url, const std::string* body = nullptr,
                     const std::string& ca_file = "", const std::vector<std::string>& headers = {}) {
    Curl curl(curl_easy_init());
    return fetch(curl.get(), version, url, body, ca_file, headers);
}

// Waits for `condition` (checked under `mutex`, woken by `changed`) up to `limit`.
template <class Predicate>
bool wait_for(std::mutex& mutex, std::condition_variable& changed, Predicate condition,
              std::chrono::milliseconds limit = std::chrono::seconds(10)) {
    std::unique_lock lock(mutex);
    return changed.wait_for(lock, limit, condition);
}

// Polls `condition` until true or `limit` (for what has no condition variable).
inline bool eventually(const std::function<bool()>& condition, std::chrono::milliseconds limit = std::chrono::seconds(10)) {
    auto until = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < until) {
        if (condition()) return true;
        ::usleep(2000);
    }
    return condition();
}

// A plain TCP connection to 127.0.0.1:port; fd < 0 when refused.
struct RawSocket {
    int fd = -1;
    explicit RawSocket(int port) {
        fd = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_port = htons(static_cast<uint16_t>(port));
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        if (::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
            ::close(fd);
            fd = -1;
        }
    }
    ~RawSocket() {
        if (fd >= 0) ::close(fd);
    }
    RawSocket(const RawSocket&) = delete;
    RawSocket& operator=(const RawSocket&) = delete;
    bool send(const std::string& bytes) { return ::send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL) == ssize_t(bytes.size()); }
    // Reads until the peer closes or `limit` passes; `closed` says which.
    std::string read_until_closed(std::chrono::milliseconds limit, bool& closed) {
        std::string out;
        closed = false;
        auto until = std::chrono::steady_clock::now() + limit;
        while (std::chrono::steady_clock::now() < until) {
            pollfd p{fd, POLLIN, 0};
            auto left = std::chrono::duration_cast<std::chrono::milliseconds>(until - std::chrono::steady_clock::now());
            if (::poll(&p, 1, static_cast<int>(std::max<long>(left.count(), 1))) <= 0) continue;
            char buffer[4096];
            ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
            if (n <= 0) {
                closed = true;
                break;
            }
            out.append(buffer, static_cast<size_t>(n));
        }
        return out;
    }
};

}  // namespace connql::testing
