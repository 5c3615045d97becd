#include "migrations/lock.h"

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <random>

#include "common/diagnostic.h"
#include "common/text.h"

namespace connql::migrations {

namespace {

std::string format_millis(long long ms) {
    if (ms % 60000 == 0) return std::to_string(ms / 60000) + "m";
    if (ms % 1000 == 0) return std::to_string(ms / 1000) + "s";
    return std::to_string(ms) + "ms";
}

std::string format_time(long long epoch_ms) { return format_utc(epoch_ms, "%Y-%m-%d %H:%M:%S UTC"); }

const char* const lost_hint = "stop here: another migrator may be applying; run the command again";

Error lock_error(const std::string& message, const std::string& hint, bool retriable) {
    Error error(ErrorKind::Runtime, message, {}, hint);
    error.diagnostic().flags.retriable = retriable;
    return error;
}

}  // namespace

std::string describe(const Holder& holder) {
    return holder.owner.display() + " (claim at offset " + std::to_string(holder.claim) + ", since " +
           format_time(holder.claimed_at_ms) + ")";
}

Owner make_owner() {
    char host[256] = {};
    if (::gethostname(host, sizeof host - 1) != 0) std::snprintf(host, sizeof host, "unknown-host");
    std::random_device random;
    char id[17];
    std::snprintf(id, sizeof id, "%08x%08x", static_cast<unsigned>(random()), static_cast<unsigned>(random()));
    return Owner{host, static_cast<long long>(::getpid()), id};
}

MigrationLock::MigrationLock(kafka::LogOptions log, LockOptions options)
    : log_(std::move(log)), options_(options), owner_(make_owner()) {
    if (options_.lease.count() <= 0) throw Error(ErrorKind::Usage, "the lock timeout must be longer than 0 ms");
    if (options_.wait.count() < 0 || options_.poll.count() <= 0) {
        throw Error(ErrorKind::Usage, "the lock wait must not be negative");
    }
}

MigrationLock::~MigrationLock() {
    try {
        release();
    } catch (...) {
        // The lease ends the hold anyway.
    }
}

long long MigrationLock::append(const LockRecord& record) {
    return log_.append(lock_record_key(owner_, sequence_++), encode(record));
}

void MigrationLock::acquire(const WaitCallback& on_wait) {
    std::lock_guard<std::mutex> guard(mutex_);
    if (claim_ >= 0 && !lost_ && lease_->live(LeaseClock::now())) return;
    log_.ensure_exists();
    if (claim_ >= 0) {
        // A hold that ran out here: released first, or the new claim would wait
        // for the old one's lease (the log ignores the release if someone took over).
        append(LockRecord{LockRecordType::Release, owner_, 0, std::nullopt, claim_});
        claim_ = -1;
        lease_.reset();
        lost_ = false;
    }
    const auto deadline = LeaseClock::now() + options_.wait;
    ExpiryWatch watch;
    std::optional<Takeover> takes_over;
    for (;;) {
        LockRecord claim{LockRecordType::Claim, owner_, options_.lease.count(), takes_over};
        const auto started = LeaseClock::now();
        const long long offset = append(claim);
        // Read up to (at least) the claim: the log decides whether it won.
        std::vector<kafka::LogRecord> records = log_.read_all();
        const Replay& replayed = replay_log(records);
        if (replayed.holder && replayed.holder->claim == offset) {
            claim_ = offset;
            lost_ = false;
            lease_.emplace(started, options_.lease);
            return;
        }
        // It lost (and is void for good). Wait until the lock is free, or until
        // the holder's lease has run out as this migrator counts it.
        bool changed = watch.observe(replayed.holder, LeaseClock::now());
        for (;;) {
            if (!watch.holder()) {
                takes_over.reset();
                break;
            }
            const auto now = LeaseClock::now();
            if (watch.expired(now)) {
                takes_over = watch.takeover();
                break;
            }
            if (changed && on_wait) on_wait(*watch.holder());
            if (now >= deadline) {
                const Holder& holder = *watch.holder();
                throw lock_error("the migration lock on topic '" + log_.options().topic + "' is held by " +
                                     describe(holder) + "; gave up after waiting " +
                                     format_millis(options_.wait.count()),
                                 "if that migrator is dead, its lock runs out " + format_millis(holder.lease_ms) +
                                     " after its last renewal; `connql migrate repair` releases it at once",
                                 true);
            }
            std::this_thread::sleep_until(std::min({now + options_.poll, watch.expires(), deadline}));
            records = log_.read_all();
            changed = watch.observe(replay_log(records).holder, LeaseClock::now());
        }
    }
}

void MigrationLock::renew() {
    std::lock_guard<std::mutex> guard(mutex_);
    const auto started = LeaseClock::now();
    // Once the lease has run out here, a waiter may be taking over: a renewal
    // cannot make that gap safe, so the hold is over for good.
    require_lease(started);
    const long long offset = append(LockRecord{LockRecordType::Renew, owner_, 0, std::nullopt, claim_});
    std::vector<kafka::LogRecord> records = log_.read_all();
    const Replay& replayed = replay_log(records);
    auto at = std::find_if(records.begin(), records.end(), [&](const auto& r) { return r.offset == offset; });
    const bool renewed = at != records.end() && replayed.effects[at - records.begin()] == Effect::Renewed;
    if (!renewed || !replayed.holder || replayed.holder->claim != claim_) lost(records, replayed);
    lease_->renewed(started);
}

LeaseClock::time_point MigrationLock::renewal_due() const {
    std::lock_guard<std::mutex> guard(mutex_);
    return lease_ ? lease_->renewal_due() : LeaseClock::time_point::max();
}

void MigrationLock::check_live() {
    std::lock_guard<std::mutex> guard(mutex_);
    if (claim_ < 0 || lost_) require_lease(LeaseClock::now());  // says why it does not hold it
    // The log first: "X took it over" says more than "the lease ran out".
    std::vector<kafka::LogRecord> records = log_.read_all();
    const Replay& replayed = replay_log(records);
    if (!replayed.holder || replayed.holder->claim != claim_) lost(records, replayed);
    require_lease(LeaseClock::now());
}

const Replay& MigrationLock::replay_log(const std::vector<kafka::LogRecord>& records) {
    replay_more(replayed_, records);
    return replayed_;
}

void MigrationLock::check_lease() {
    std::lock_guard<std::mutex> guard(mutex_);
    require_lease(LeaseClock::now());
}

void MigrationLock::require_lease(LeaseClock::time_point now) {
    if (claim_ < 0) throw lock_error("the migration lock is not held", {}, false);
    if (!lost_ && !lease_->live(now)) {
        lost_ = true;
        lost_reason_ = "the migration lock was lost: its lease ran out, no renewal having counted for " +
                       format_millis(options_.lease.count() - options_.lease.count() / 4) +
                       " (this migrator was stalled, or could not reach the brokers)";
    }
    if (lost_) throw lock_error(lost_reason_, lost_hint, false);
}

void MigrationLock::lost(const std::vector<kafka::LogRecord>& records, const Replay& replayed) {
    std::string why = "its claim at offset " + std::to_string(claim_) + " does not hold it";
    if (std::optional<HoldEnd> end = end_of_hold(records, replayed, claim_)) {
        const kafka::LogRecord& record = records[end->index];
        std::optional<LockRecord> by = decode_lock_record(record);
        const std::string who = by ? by->owner.display() : "another migrator";
        const std::string where = " at offset " + std::to_string(record.offset);
        if (end->effect == Effect::TookOver) {
            why = who + " took it over" + where + " after this migrator's lease ran out";
        } else if (end->effect == Effect::ForceReleased) {
            why = who + " released it by force" + where + " (as `connql migrate repair` does)";
        } else {
            why = "it was released" + where;
        }
    }
    lost_ = true;
    lost_reason_ = "the migration lock was lost: " + why;
    throw lock_error(lost_reason_, lost_hint, false);
}

void MigrationLock::release() {
    std::lock_guard<std::mutex> guard(mutex_);
    if (claim_ < 0) return;
    // Even a hold lost here is released: if no one took over, waiters go on at once
    // (if someone did, the log ignores it).
    const long long claim = claim_;
    claim_ = -1;
    lease_.reset();
    lost_ = false;
    append(LockRecord{LockRecordType::Release, owner_, 0, std::nullopt, claim});
}

std::optional<Holder> MigrationLock::force_release() {
    std::lock_guard<std::mutex> guard(mutex_);
    log_.ensure_exists();
    std::optional<Holder> holder = replay_log(log_.read_all()).holder;
    // Names the claim: if it was released meanwhile and another took the lock,
    // the record releases nothing.
    if (holder) append(LockRecord{LockRecordType::ForceRelease, owner_, 0, std::nullopt, holder->claim});
    return holder;
}

std::optional<Holder> MigrationLock::holder() {
    std::lock_guard<std::mutex> guard(mutex_);
    log_.ensure_exists();
    return replay_log(log_.read_all()).holder;
}

bool MigrationLock::held() const {
    std::lock_guard<std::mutex> guard(mutex_);
    return claim_ >= 0 && !lost_ && lease_->live(LeaseClock::now());
}

long long MigrationLock::fence() const {
    std::lock_guard<std::mutex> guard(mutex_);
    return claim_;
}

LockKeeper::LockKeeper(MigrationLock& lock) : lock_(lock), thread_([this] { run(); }) {}

LockKeeper::~LockKeeper() {
    {
        std::lock_guard<std::mutex> guard(mutex_);
        stop_ = true;
    }
    wake_.notify_all();
    thread_.join();
}

void LockKeeper::run() {
    std::unique_lock<std::mutex> guard(mutex_);
    auto next = lock_.renewal_due();
    while (!stop_) {
        if (next == LeaseClock::time_point::max()) {  // not held: nothing to renew
            wake_.wait(guard, [this] { return stop_; });
            break;
        }
        if (wake_.wait_until(guard, next, [this] { return stop_; })) break;
        guard.unlock();
        bool retry = false;
        try {
            lock_.renew();
        } catch (const std::exception&) {
            // A lost lock stays lost (check_live says so); brokers that did not
            // answer may answer the next try, while the lease lasts.
            retry = lock_.held();
        }
        guard.lock();
        if (!retry && !lock_.held()) break;
        next = retry ? LeaseClock::now() + lock_.options().lease / 10 : lock_.renewal_due();
    }
}

}  // namespace connql::migrations
