// Single flight for a server's reads (connect/shared.h): readers at the same
// moment share calls, and no reader gets an answer from a call sent before it came.
#include <gtest/gtest.h>

#include <atomic>
#include <condition_variable>
#include <future>
#include <mutex>
#include <thread>
#include <vector>

#include "connect/client.h"
#include "connect/shared.h"

namespace connql::connect {
namespace {

// A fetch that blocks until released, numbering its calls.
class GatedFetch {
public:
    Response operator()() {
        std::unique_lock<std::mutex> lock(mutex_);
        const int call = ++started_;
        changed_.notify_all();
        changed_.wait(lock, [&] { return released_ >= call; });
        Response response;
        response.status = 200;
        response.body = call;  // which call answered
        return response;
    }
    void wait_started(int calls) {
        std::unique_lock<std::mutex> lock(mutex_);
        changed_.wait(lock, [&] { return started_ >= calls; });
    }
    void release(int up_to) {
        std::lock_guard<std::mutex> lock(mutex_);
        released_ = up_to;
        changed_.notify_all();
    }
    int started() {
        std::lock_guard<std::mutex> lock(mutex_);
        return started_;
    }

private:
    std::mutex mutex_;
    std::condition_variable changed_;
    int started_ = 0, released_ = 0;
};

TEST(SharedReads, ReadersDuringACallShareTheNextCallNotTheOneInFlight) {
    ReadCoalescer reads;
    GatedFetch fetch;
    auto read = [&] { return reads.read("/connectors", [&] { return fetch(); }).body.get<int>(); };
    std::future<int> first = std::async(std::launch::async, read);
    fetch.wait_started(1);
    // Twenty readers arrive while call 1 is in flight: its answer may predate them.
    std::vector<std::future<int>> later;
    for (int i = 0; i < 20; ++i) later.push_back(std::async(std::launch::async, read));
    // None of them starts a call of its own while call 1 runs: they queue.
    while (reads.queued() < 20) std::this_thread::yield();
    EXPECT_EQ(fetch.started(), 1);
    fetch.release(1);
    EXPECT_EQ(first.get(), 1);
    fetch.wait_started(2);  // the queued batch goes once call 1 is done
    fetch.release(2);
    for (auto& reader : later) EXPECT_EQ(reader.get(), 2);
    EXPECT_EQ(reads.calls(), 2);
    EXPECT_EQ(reads.shared(), 19);  // one of the twenty sent call 2 for the others
}

TEST(SharedReads, DifferentKeysDoNotWaitForEachOther) {
    ReadCoalescer reads;
    GatedFetch slow;
    std::future<int> blocked = std::async(std::launch::async, [&] {
        return reads.read("/connectors/a/status", [&] { return slow(); }).body.get<int>();
    });
    slow.wait_started(1);
    Response other = reads.read("/connectors/b/status", [] {
        Response r;
        r.status = 200;
        r.body = 42;
        return r;
    });
    EXPECT_EQ(other.body.get<int>(), 42);
    slow.release(1);
    EXPECT_EQ(blocked.get(), 1);
}

TEST(SharedReads, AFailureReachesEveryReaderOfThatCall) {
    ReadCoalescer reads;
    std::mutex mutex;
    std::condition_variable go;
    bool started = false, release = false;
    auto failing = [&]() -> Response {
        std::unique_lock<std::mutex> lock(mutex);
        started = true;
        go.notify_all();
        go.wait(lock, [&] { return release; });
        throw std::runtime_error("worker unreachable");
    };
    std::future<void> leader = std::async(std::launch::async, [&] { reads.read("/k", failing); });
    {
        std::unique_lock<std::mutex> lock(mutex);
        go.wait(lock, [&] { return started; });
    }
    // Two readers queue for the next call, which fails too.
    std::vector<std::future<void>> queued;
    for (int i = 0; i < 2; ++i) queued.push_back(std::async(std::launch::async, [&] { reads.read("/k", failing); }));
    while (reads.queued() < 2) std::this_thread::yield();
    {
        std::lock_guard<std::mutex> lock(mutex);
        release = true;
        go.notify_all();
    }
    EXPECT_THROW(leader.get(), std::runtime_error);
    for (auto& reader : queued) EXPECT_THROW(reader.get(), std::runtime_error);
}

}  // namespace
}  // namespace connql::connect
