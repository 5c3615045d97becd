#include "connect/shared.h"

#include "connect/client.h"
#include "connect/http.h"

namespace connql::connect {

struct ReadCoalescer::Flight {
    bool leader_taken = false;
    bool done = false;
    int waiting = 0;  // readers waiting for the answer: the leader copies it for them only
    std::optional<Response> answer;
    std::exception_ptr failure;
};

Response ReadCoalescer::read(const std::string& key, const std::function<Response()>& fetch) {
    std::unique_lock<std::mutex> lock(mutex_);
    Slot& slot = slots_[key];
    std::shared_ptr<Flight> flight;
    if (!slot.running) {
        flight = slot.running = std::make_shared<Flight>();
    } else {
        if (!slot.next) slot.next = std::make_shared<Flight>();
        flight = slot.next;
        // Wait until this batch's call is answered, or until it is this batch's turn
        // and nobody has sent it yet (then this reader sends it for everyone).
        ++queued_;
        ++flight->waiting;
        changed_.wait(lock, [&] { return flight->done || (slot.running == flight && !flight->leader_taken); });
        --flight->waiting;
        --queued_;
        if (flight->done) {
            ++shared_;
            if (flight->failure) std::rethrow_exception(flight->failure);
            // The last reader takes the flight's copy; the others copy it (a 500-connector
            // answer is a large JSON tree).
            if (flight->waiting == 0) return std::move(*flight->answer);
            return *flight->answer;
        }
    }
    flight->leader_taken = true;
    lock.unlock();

    std::optional<Response> answer;
    std::exception_ptr failure;
    ++calls_;
    try {
        answer = fetch();
    } catch (...) {
        failure = std::current_exception();
    }

    lock.lock();
    flight->done = true;
    if (flight->waiting > 0) flight->answer = answer;  // nobody else waits: no copy
    flight->failure = failure;
    slot.running = std::move(slot.next);  // the queued batch goes now, if any
    slot.next.reset();
    changed_.notify_all();
    lock.unlock();
    if (failure) std::rethrow_exception(failure);
    return std::move(*answer);  // the flight keeps its own copy for the readers that joined it
}

SharedTransport::SharedTransport() {
    initialize_curl();
    share_ = curl_share_init();
    if (share_ == nullptr) throw std::bad_alloc();
    curl_share_setopt(share_, CURLSHOPT_LOCKFUNC, &SharedTransport::lock);
    curl_share_setopt(share_, CURLSHOPT_UNLOCKFUNC, &SharedTransport::unlock);
    curl_share_setopt(share_, CURLSHOPT_USERDATA, this);
    curl_share_setopt(share_, CURLSHOPT_SHARE, CURL_LOCK_DATA_CONNECT);
    curl_share_setopt(share_, CURLSHOPT_SHARE, CURL_LOCK_DATA_DNS);
    curl_share_setopt(share_, CURLSHOPT_SHARE, CURL_LOCK_DATA_SSL_SESSION);
}

SharedTransport::~SharedTransport() { curl_share_cleanup(share_); }

void SharedTransport::lock(CURL*, curl_lock_data data, curl_lock_access, void* self) {
    static_cast<SharedTransport*>(self)->locks_[data].lock();
}

void SharedTransport::unlock(CURL*, curl_lock_data data, void* self) {
    static_cast<SharedTransport*>(self)->locks_[data].unlock();
}

}  // namespace connql::connect
