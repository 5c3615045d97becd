// The two clocks of the lock: the holder's own count of its lease, and a waiter's
// count of how long it has watched a holder's latest record unchanged. Both count
// elapsed time on one host (never wall-clock time, never across hosts), so the lock
// tolerates any skew between the hosts' clocks (docs/migrations-lock.md). Pure:
// the time is passed in, so the tests choose it.
#pragma once

#include <chrono>
#include <optional>

#include "migrations/lock_state.h"

namespace connql::migrations {

// Elapsed time on this host, counting time the host spent suspended
// (CLOCK_BOOTTIME): a holder suspended past its lease must know it on waking.
struct LeaseClock {
    using duration = std::chrono::nanoseconds;
    using rep = duration::rep;
    using period = duration::period;
    using time_point = std::chrono::time_point<LeaseClock>;
    static constexpr bool is_steady = true;
    static time_point now() noexcept;
};

using Millis = std::chrono::milliseconds;

// The holder's lease. It counts from *before* the append of its claim or latest
// counted renewal: no reader can have seen the record earlier than that.
class HolderLease {
public:
    HolderLease(LeaseClock::time_point started, Millis lease) : started_(started), lease_(lease) {}

    // A renewal whose append began at `started` counted.
    void renewed(LeaseClock::time_point started) {
        if (started > started_) started_ = started;
    }
    // The holder acts only before this: a quarter of the lease before a waiter
    // may take over, so a statement begun just before still ends alone, and
    // clocks that run at different rates (up to 25% over a lease) stay safe.
    LeaseClock::time_point deadline() const { return started_ + lease_ - lease_ / 4; }
    bool live(LeaseClock::time_point now) const { return now < deadline(); }
    // Renew once a third of the lease has passed: two tries before half of it.
    LeaseClock::time_point renewal_due() const { return started_ + lease_ / 3; }
    LeaseClock::time_point started() const { return started_; }
    Millis lease() const { return lease_; }

private:
    LeaseClock::time_point started_;
    Millis lease_;
};

// A waiter's watch over the holder: the holder's lease has run out, from this
// waiter's point of view, once it has seen the same claim and the same latest
// renewal for a whole lease (the holder's lease, from its claim).
class ExpiryWatch {
public:
    // After each read of the log, with the holder it found and the time the read
    // returned (the record was in the log by then, so its writer began appending
    // it before). Returns true when the holder is another claim than before.
    bool observe(const std::optional<Holder>& holder, LeaseClock::time_point seen);

    // The holder watched, if any.
    const std::optional<Holder>& holder() const { return holder_; }
    bool expired(LeaseClock::time_point now) const { return holder_ && now >= expires(); }
    // When the holder's lease runs out for this waiter.
    LeaseClock::time_point expires() const { return since_ + Millis(holder_ ? holder_->lease_ms : 0); }
    // What a claim taking over names.
    std::optional<Takeover> takeover() const {
        if (!holder_) return std::nullopt;
        return Takeover{holder_->claim, holder_->last};
    }

private:
    std::optional<Holder> holder_;
    LeaseClock::time_point since_{};
};

}  // namespace connql::migrations
