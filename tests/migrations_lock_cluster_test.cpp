// The migration lock (migrations/lock.h) against the real broker: waiting for a
// release, four migrators incrementing one counter, a killed holder, repair's
// force release, a stalled holder and its fenced-off writes, and renewals that
// keep a lock across several leases. Needs BOOTSTRAP_SERVERS (scripts/test.sh).
#include <gtest/gtest.h>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <future>
#include <mutex>
#include <thread>

#include <nlohmann/json.hpp>

#include "common/diagnostic.h"
#include "migrations/lock.h"

namespace connql::migrations {
namespace {

using namespace std::chrono_literals;
using kafka::LogRecord;
using kafka::TopicLog;
using Time = LeaseClock::time_point;

class LockCluster : public ::testing::Test {
protected:
    void SetUp() override {
        const char* servers = std::getenv("BOOTSTRAP_SERVERS");
        if (servers == nullptr || *servers == '\0') {
            FAIL() << "BOOTSTRAP_SERVERS is not set: run these tests through scripts/test.sh, which starts the "
                      "cluster, or export the brokers' address";
        }
        static int counter = 0;
        log_.bootstrap_servers = servers;
        log_.topic = "_connql_lock_test_" + std::to_string(::getpid()) + "_" + std::to_string(counter++);
        log_.timeout_ms = 15000;
    }

    static LockOptions lock_options(Millis lease, Millis wait = 30s) {
        LockOptions options;
        options.lease = lease;
        options.wait = wait;
        options.poll = 20ms;  // waiters notice a release quickly
        return options;
    }

    // A history record fenced with `fence` (the history writer's format: key
    // prefix "history/", "fence" in the JSON value).
    static long long write_history(TopicLog& log, const std::string& name, long long fence, nlohmann::json value = {}) {
        value["fence"] = fence;
        return log.append("history/" + name + "/" + std::to_string(fence), value.dump());
    }

    static const LogRecord& at(const std::vector<LogRecord>& records, long long offset, size_t* index = nullptr) {
        for (size_t i = 0; i < records.size(); ++i) {
            if (records[i].offset == offset) {
                if (index) *index = i;
                return records[i];
            }
        }
        throw std::out_of_range("no record at offset " + std::to_string(offset));
    }

    static bool counts(const std::vector<LogRecord>& records, long long offset) {
        size_t index = 0;
        at(records, offset, &index);
        return counted(records)[index];
    }

    // The message of the connql::Error that `action` throws.
    template <typename F>
    static std::string error_of(F action) {
        try {
            action();
        } catch (const Error& error) {
            return error.diagnostic().message;
        }
        ADD_FAILURE() << "expected an error";
        return "";
    }

    kafka::LogOptions log_;
};

TEST_F(LockCluster, LeasesAndWaitsMustBePositive) {
    EXPECT_THROW(MigrationLock(log_, lock_options(0ms)), Error);
    EXPECT_THROW(MigrationLock(log_, lock_options(1s, -1ms)), Error);
    MigrationLock never_held(log_);
    EXPECT_THROW(never_held.check_live(), Error);
    EXPECT_THROW(never_held.check_lease(), Error);
    EXPECT_THROW(never_held.renew(), Error);
    EXPECT_EQ(never_held.fence(), -1);
    never_held.release();  // nothing to release: nothing written
}

TEST_F(LockCluster, TheSecondWaitsUntilTheFirstReleases) {
    MigrationLock first(log_, lock_options(10s));
    first.acquire();
    ASSERT_TRUE(first.held());
    const long long fence = first.fence();
    ASSERT_TRUE(first.holder());
    EXPECT_EQ(first.holder()->claim, fence);

    MigrationLock second(log_, lock_options(10s));
    std::promise<Holder> waiting;
    std::atomic<bool> reported{false}, acquired{false};
    auto done = std::async(std::launch::async, [&] {
        second.acquire([&](const Holder& holder) {
            if (!reported.exchange(true)) waiting.set_value(holder);
        });
        acquired = true;
        return LeaseClock::now();
    });
    std::future<Holder> reported_holder = waiting.get_future();
    ASSERT_EQ(reported_holder.wait_for(20s), std::future_status::ready) << "the second never said it waits";
    Holder holder = reported_holder.get();
    EXPECT_EQ(holder.owner, first.owner());
    EXPECT_EQ(holder.claim, fence);
    EXPECT_NE(describe(holder).find(first.owner().display() + " (claim at offset " + std::to_string(fence)),
              std::string::npos)
        << describe(holder);
    EXPECT_FALSE(acquired);
    first.check_live();  // a waiter does not disturb the holder

    const Time released = LeaseClock::now();
    first.release();
    EXPECT_FALSE(first.held());
    EXPECT_GE(done.get(), released);
    EXPECT_GT(second.fence(), fence);
    EXPECT_EQ(MigrationLock(log_).holder()->claim, second.fence());
    second.release();
    EXPECT_FALSE(MigrationLock(log_).holder());
}

TEST_F(LockCluster, FourMigratorsNeverLoseAnUpdateAndNeverOverlap) {
    constexpr int migrators = 4, rounds = 10;
    struct Hold {
        Time from, to;
        long long fence;
    };
    std::mutex mutex;
    std::vector<Hold> holds;
    TopicLog(log_).ensure_exists();
    std::vector<std::future<void>> running;
    for (int m = 0; m < migrators; ++m) {
        running.push_back(std::async(std::launch::async, [&] {
            MigrationLock lock(log_, lock_options(10s, 60s));
            TopicLog history(log_);
            for (int round = 0; round < rounds; ++round) {
                lock.acquire();
                const Time from = LeaseClock::now();
                lock.check_live();
                // Read the counter as the history reader would: counted records only.
                std::vector<LogRecord> records = history.read_all();
                std::vector<bool> count = counted(records);
                long long value = 0;
                for (size_t i = 0; i < records.size(); ++i) {
                    if (count[i] && records[i].key.rfind("history/counter/", 0) == 0) {
                        value = nlohmann::json::parse(records[i].value)["counter"].get<long long>();
                    }
                }
                write_history(history, "counter", lock.fence(), {{"counter", value + 1}});
                const Time to = LeaseClock::now();
                const long long fence = lock.fence();
                lock.release();
                std::lock_guard<std::mutex> guard(mutex);
                holds.push_back({from, to, fence});
            }
        }));
    }
    for (auto& migrator : running) migrator.get();

    std::vector<LogRecord> records = TopicLog(log_).read_all();
    std::vector<bool> count = counted(records);
    long long last = 0;
    int writes = 0;
    for (size_t i = 0; i < records.size(); ++i) {
        if (records[i].key.rfind("history/counter/", 0) != 0) continue;
        ++writes;
        EXPECT_TRUE(count[i]) << "a write under the lock was not counted: " << records[i].value;
        last = nlohmann::json::parse(records[i].value)["counter"].get<long long>();
    }
    EXPECT_EQ(writes, migrators * rounds);
    EXPECT_EQ(last, migrators * rounds);  // no lost update

    // The holds, in time order, never overlap, and their fences rise with them.
    ASSERT_EQ(holds.size(), static_cast<size_t>(migrators * rounds));
    std::sort(holds.begin(), holds.end(), [](const Hold& x, const Hold& y) { return x.from < y.from; });
    for (size_t i = 1; i < holds.size(); ++i) {
        EXPECT_LE(holds[i - 1].to, holds[i].from) << "holds " << i - 1 << " and " << i << " overlap";
        EXPECT_LT(holds[i - 1].fence, holds[i].fence);
    }
    EXPECT_FALSE(MigrationLock(log_).holder());
}

TEST_F(LockCluster, AKilledHoldersLockIsTakenOverAfterItsLeaseNotBefore) {
    // A real process holds the lock and is killed (SIGKILL: no release, no renewal).
    // No Kafka client lives in this process while it forks.
    constexpr auto lease = 2s;
    int channel[2];
    ASSERT_EQ(::pipe(channel), 0);
    const pid_t child = ::fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
        ::close(channel[0]);
        try {
            MigrationLock lock(log_, lock_options(lease));
            lock.acquire();
            long long fence = lock.fence();
            if (::write(channel[1], &fence, sizeof fence) != sizeof fence) ::_exit(4);
            for (;;) ::pause();
        } catch (...) {
            ::_exit(3);
        }
    }
    ::close(channel[1]);
    long long dead_fence = -1;
    const ssize_t got = ::read(channel[0], &dead_fence, sizeof dead_fence);  // blocks until the child holds it
    ::close(channel[0]);
    ::kill(child, SIGKILL);
    int status = 0;
    ::waitpid(child, &status, 0);
    ASSERT_EQ(got, static_cast<ssize_t>(sizeof dead_fence)) << "the child did not acquire the lock";
    ASSERT_TRUE(WIFSIGNALED(status));
    const Time died = LeaseClock::now();

    MigrationLock next(log_, lock_options(lease));
    std::optional<Holder> reported;
    next.acquire([&](const Holder& holder) { reported = holder; });
    const auto waited = LeaseClock::now() - died;
    ASSERT_TRUE(reported) << "the next migrator did not say whom it waited for";
    EXPECT_EQ(reported->claim, dead_fence);
    EXPECT_EQ(reported->owner.pid, child);
    EXPECT_GE(waited, lease) << "took over before the dead holder's lease ran out";
    EXPECT_LT(waited, lease + 5s) << "waited much longer than the lease";

    std::vector<LogRecord> records = TopicLog(log_).read_all();
    size_t index = 0;
    at(records, next.fence(), &index);
    EXPECT_EQ(replay(records).effects[index], Effect::TookOver);
    std::optional<LockRecord> claim = decode_lock_record(records[index]);
    ASSERT_TRUE(claim && claim->takes_over);
    EXPECT_EQ(claim->takes_over->claim, dead_fence);
    next.release();
}

TEST_F(LockCluster, ForceReleaseFreesALockAtOnce) {
    MigrationLock holder(log_, lock_options(60s));
    holder.acquire();
    const long long fence = holder.fence();
    TopicLog history(log_);
    const long long before = write_history(history, "1", fence);

    MigrationLock repair(log_);
    std::optional<Holder> released = repair.force_release();
    ASSERT_TRUE(released);
    EXPECT_EQ(released->claim, fence);
    EXPECT_EQ(released->owner, holder.owner());
    EXPECT_FALSE(repair.holder());

    // The next migrator does not wait for the 60 s lease.
    MigrationLock next(log_, lock_options(60s, 10s));
    bool waited = false;
    next.acquire([&](const Holder&) { waited = true; });
    EXPECT_FALSE(waited);

    // The holder, alive after all, finds out before its next statement (a check of
    // its lease alone cannot know: it reads no log).
    EXPECT_NO_THROW(holder.check_lease());
    std::string message = error_of([&] { holder.check_live(); });
    EXPECT_NE(message.find("by force"), std::string::npos) << message;
    EXPECT_NE(message.find(repair.owner().display()), std::string::npos) << message;
    EXPECT_FALSE(holder.held());
    EXPECT_THROW(holder.renew(), Error);
    const long long after = write_history(history, "2", fence);  // what a buggy writer might still do
    std::vector<LogRecord> records = history.read_all();
    EXPECT_TRUE(counts(records, before));
    EXPECT_FALSE(counts(records, after));

    holder.release();  // its release of a claim that lost the lock releases nothing
    EXPECT_EQ(repair.holder()->claim, next.fence());
    next.release();
    EXPECT_FALSE(repair.force_release());  // nothing to release
}

TEST_F(LockCluster, AStalledHolderStopsAndItsLateWritesAreIgnored) {
    constexpr auto lease = 3s;
    MigrationLock stalled(log_, lock_options(lease));
    stalled.acquire();
    const long long fence = stalled.fence();
    TopicLog history(log_);
    const long long in_time = write_history(history, "1", fence);
    stalled.check_live();
    // It stops renewing (no LockKeeper): a stall. Another migrator waits out the lease.
    MigrationLock next(log_, lock_options(lease));
    next.acquire();
    EXPECT_GT(next.fence(), fence);

    // The stalled one wakes: before its next statement it learns it lost the lock.
    std::string message = error_of([&] { stalled.check_live(); });
    EXPECT_NE(message.find("took it over"), std::string::npos) << message;
    EXPECT_NE(message.find(next.owner().display()), std::string::npos) << message;
    EXPECT_THROW(stalled.renew(), Error);
    // A write it had in flight lands anyway; readers ignore it, and count the new holder's.
    const long long late = write_history(history, "2", fence);
    const long long current = write_history(history, "2", next.fence());
    std::vector<LogRecord> records = history.read_all();
    EXPECT_TRUE(counts(records, in_time));
    EXPECT_FALSE(counts(records, late));
    EXPECT_TRUE(counts(records, current));
    stalled.release();
    next.check_live();
    next.release();
}

TEST_F(LockCluster, AHolderPastItsLeaseStopsEvenWhenNobodyTookOver) {
    constexpr auto lease = 2s;
    MigrationLock stalled(log_, lock_options(lease));
    stalled.acquire();
    const Time acquired = LeaseClock::now();
    const long long fence = stalled.fence();
    stalled.check_live();
    // Its lease counts from before its claim was written (before `acquired`): it acts
    // for three quarters of it, and no renewal comes.
    std::this_thread::sleep_until(acquired + lease - lease / 4);
    std::string message = error_of([&] { stalled.check_lease(); });
    EXPECT_NE(message.find("lease ran out"), std::string::npos) << message;
    EXPECT_EQ(error_of([&] { stalled.check_live(); }), message);
    EXPECT_THROW(stalled.renew(), Error);  // lost for good
    // It may start again: its new claim does not wait for its old one.
    bool waited = false;
    stalled.acquire([&](const Holder&) { waited = true; });
    EXPECT_FALSE(waited);
    EXPECT_GT(stalled.fence(), fence);
    stalled.check_live();
    // Its release frees the lock at once for the others.
    stalled.release();
    EXPECT_FALSE(MigrationLock(log_).holder());
}

TEST_F(LockCluster, RenewalsKeepTheLockAcrossLeasesAndAWaiterGivesUpNamingTheHolder) {
    constexpr auto lease = 1500ms;
    MigrationLock holder(log_, lock_options(lease));
    holder.acquire();
    {
        LockKeeper keeper(holder);
        MigrationLock waiter(log_, lock_options(lease, 4s));
        const Time started = LeaseClock::now();
        try {
            waiter.acquire();
            ADD_FAILURE() << "the waiter took a lock that was renewed";
        } catch (const Error& error) {
            EXPECT_GE(LeaseClock::now() - started, 4s);
            const std::string& message = error.diagnostic().message;
            EXPECT_NE(message.find("held by " + holder.owner().display()), std::string::npos) << message;
            EXPECT_NE(message.find("gave up after waiting 4s"), std::string::npos) << message;
            EXPECT_NE(error.diagnostic().hint.find("repair"), std::string::npos);
            EXPECT_TRUE(error.flags().retriable);
        }
        holder.check_live();  // leases later, still live
    }
    std::vector<LogRecord> records = TopicLog(log_).read_all();
    Replay replayed = replay(records);
    int renewals = 0;
    for (Effect effect : replayed.effects) renewals += effect == Effect::Renewed;
    EXPECT_GE(renewals, 6);  // every half second for four seconds, roughly
    holder.release();
}

}  // namespace
}  // namespace connql::migrations
