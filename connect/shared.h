// What every request of a long-running front end (`connql serve`) shares on one
// cluster: the connections to the workers, kept alive and pooled (libcurl's share
// interface), and the reads in flight (single flight). One object per cluster,
// held by the Endpoint; a CLI run has none and behaves as before.
#pragma once

#include <curl/curl.h>

#include <atomic>
#include <condition_variable>
#include <exception>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

namespace connql::connect {

struct Response;

// Identical reads asked for at the same moment make one call. A read never gets
// an answer older than itself: it joins only a call that has not been sent yet
// (the one that starts when the call in flight ends), never the one in flight,
// whose answer may predate it. So under load one call per key is in flight and
// one is queued, however many readers wait.
class ReadCoalescer {
public:
    Response read(const std::string& key, const std::function<Response()>& fetch);

    long long calls() const { return calls_.load(); }    // calls that went to Connect
    long long shared() const { return shared_.load(); }  // reads answered by another reader's call
    int queued() const { return queued_.load(); }         // readers waiting for a call not yet sent

private:
    struct Flight;
    struct Slot {
        std::shared_ptr<Flight> running;  // sent; its leader publishes the answer
        std::shared_ptr<Flight> next;     // to be sent when `running` ends; joiners wait on it
    };
    std::mutex mutex_;
    std::condition_variable changed_;
    std::map<std::string, Slot> slots_;  // nodes are stable: waiters keep references
    std::atomic<long long> calls_{0}, shared_{0};
    std::atomic<int> queued_{0};
};

// Told of every call that went to Connect and of every read answered by another
// reader's call (a server's metrics). Set before the transport is used.
struct CallObserver {
    std::function<void(const char* method, const std::string& path, bool failed, double seconds)> call;
    std::function<void()> shared_read;
};

class SharedTransport {
public:
    SharedTransport();
    ~SharedTransport();
    SharedTransport(const SharedTransport&) = delete;
    SharedTransport& operator=(const SharedTransport&) = delete;

    CURLSH* share() const { return share_; }
    ReadCoalescer& reads() { return reads_; }
    void observe(CallObserver observer) { observer_ = std::move(observer); }
    const CallObserver& observer() const { return observer_; }

private:
    static void lock(CURL*, curl_lock_data data, curl_lock_access, void* self);
    static void unlock(CURL*, curl_lock_data data, void* self);

    CURLSH* share_ = nullptr;
    std::mutex locks_[CURL_LOCK_DATA_LAST];
    ReadCoalescer reads_;
    CallObserver observer_;
};

}  // namespace connql::connect
