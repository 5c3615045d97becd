// The migration lock over the history topic: one migrator at a time per topic,
// across hosts, decided by the topic's total order (lock_state.h) and leases
// counted on each host's own clock (lock_lease.h). docs/migrations-lock.md has the
// protocol and the argument for why two migrators never both act.
//
//   MigrationLock lock(log_options, {lease, wait});
//   lock.acquire([](const Holder& h) { print("waiting for the lock held by ...", h); });
//   LockKeeper keeper(lock);          // renews in the background
//   for (statement : statements) {
//       lock.check_live();            // throws once the lock is lost
//       run(statement);
//       write_history({..., "fence": lock.fence()});
//   }
//   lock.release();
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "kafka/log.h"
#include "migrations/lock_lease.h"
#include "migrations/lock_state.h"

namespace connql::migrations {

struct LockOptions {
    Millis lease{60000};                     // --lock-timeout
    Millis wait{std::chrono::minutes(5)};    // --lock-wait
    Millis poll{1000};                       // the longest a waiter goes without reading the log
};

// Called while acquire waits: when it starts waiting and whenever the holder
// changes. It runs inside acquire, and must not call the lock.
using WaitCallback = std::function<void(const Holder&)>;

// "host:pid (claim at offset 12, since 2024-05-01 12:03:04 UTC)".
std::string describe(const Holder& holder);

// This process's owner id: host name, pid, and a fresh random id.
Owner make_owner();

class MigrationLock {
public:
    // Its own TopicLog (its own producer), so a LockKeeper may renew while the
    // migrator writes history through another one. Nothing is sent yet.
    // A lease or a wait that is not positive is an Error (Usage).
    explicit MigrationLock(kafka::LogOptions log, LockOptions options = {});
    // Releases the lock if it still holds it (errors ignored: the lease ends it anyway).
    ~MigrationLock();
    MigrationLock(const MigrationLock&) = delete;
    MigrationLock& operator=(const MigrationLock&) = delete;

    // Claims the lock and returns once it holds it (at once if it does). While
    // another migrator holds it, waits (calling `on_wait`) until it is released or
    // its lease runs out, then claims again; after LockOptions::wait, throws an
    // Error (retriable) naming the holder. The caller then reads the history anew.
    void acquire(const WaitCallback& on_wait = {});

    // Appends a renewal and reads it back; the lease then counts from it. Throws
    // when the lock is lost (the renewal came after a takeover or a force release).
    void renew();
    // When a renewal is due (a third of the lease after the last one).
    LeaseClock::time_point renewal_due() const;

    // Reads the log: throws unless this migrator still holds the lock with time
    // left on its lease. Call it before each statement.
    void check_live();

    // Without reading the log: throws unless the lease has time left here. No
    // takeover can come before that (docs/migrations-lock.md); a force release is
    // seen only by check_live or the next renewal. For statements run in a batch,
    // where a read of the log before each one would cost more than the statement.
    void check_lease();

    // Appends a release (when it holds the lock). The next claim then wins.
    void release();

    // For `repair`: releases the lock of whoever holds it, at once. Returns the
    // holder released, or nullopt if the lock was free. Meant for a holder that
    // is dead: a live one finds out at its next check_live.
    std::optional<Holder> force_release();

    // The holder as the log says now (nullopt: free).
    std::optional<Holder> holder();

    // Holds the lock as far as this migrator knows without reading the log.
    bool held() const;
    // The claim's offset: the fencing token history records carry as "fence".
    // Set from acquire until release (kept once the lock is lost, so it can be
    // named); -1 otherwise.
    long long fence() const;
    const Owner& owner() const { return owner_; }
    const LockOptions& options() const { return options_; }

private:
    long long append(const LockRecord& record);
    // Throws (and marks the hold lost) unless it holds the lock with time left here.
    void require_lease(LeaseClock::time_point now);
    [[noreturn]] void lost(const std::vector<kafka::LogRecord>& records, const Replay& replayed);
    // The lock's state after `records`, continuing the last replay (the log only grows).
    const Replay& replay_log(const std::vector<kafka::LogRecord>& records);

    kafka::TopicLog log_;
    LockOptions options_;
    Owner owner_;
    long long sequence_ = 0;                    // of this owner's lock record keys
    mutable std::mutex mutex_;                  // one call at a time (the keeper's thread and the caller's)
    long long claim_ = -1;                      // the claim acquired, until release, or -1
    Replay replayed_;                           // of the log as last read, guarded by mutex_
    std::optional<HolderLease> lease_;          // set with claim_
    bool lost_ = false;                         // once lost, lost for good (until acquired again)
    std::string lost_reason_;
};

// Renews a held lock in the background until destroyed (or the lock is lost,
// which the next check_live reports). A failed renewal is tried again soon: the
// lease still runs from the last one that counted. Destroy it before its lock.
class LockKeeper {
public:
    explicit LockKeeper(MigrationLock& lock);
    ~LockKeeper();
    LockKeeper(const LockKeeper&) = delete;
    LockKeeper& operator=(const LockKeeper&) = delete;

private:
    void run();

    MigrationLock& lock_;
    std::mutex mutex_;
    std::condition_variable wake_;
    bool stop_ = false;
    std::thread thread_;
};

}  // namespace connql::migrations
