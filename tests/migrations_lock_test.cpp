// The migration lock without a broker: the state machine over records in log
// order (migrations/lock_state.h), fencing, and the two lease clocks
// (migrations/lock_lease.h) under clock skew and rate differences.
#include <gtest/gtest.h>

#include <random>
#include <set>

#include "migrations/lock_lease.h"
#include "migrations/lock_state.h"

namespace connql::migrations {
namespace {

using kafka::LogRecord;

const Owner a{"ci-1", 101, "aaaa"};
const Owner b{"ci-2", 202, "bbbb"};
const Owner c{"ci-3", 303, "cccc"};

// A log built record by record; each record gets the next offset.
class Log {
public:
    long long claim(const Owner& owner, long long lease_ms = 60000, std::optional<Takeover> takes_over = {}) {
        return lock({LockRecordType::Claim, owner, lease_ms, takes_over});
    }
    long long renew(const Owner& owner, long long claim) { return lock({LockRecordType::Renew, owner, 0, {}, claim}); }
    long long release(const Owner& owner, long long claim) {
        return lock({LockRecordType::Release, owner, 0, {}, claim});
    }
    long long force_release(const Owner& owner, long long claim) {
        return lock({LockRecordType::ForceRelease, owner, 0, {}, claim});
    }
    long long history(std::optional<long long> fence, const std::string& version = "1") {
        std::string value = fence ? "{\"version\":\"" + version + "\",\"fence\":" + std::to_string(*fence) + "}"
                                     : "{\"version\":\"" + version + "\"}";
        return raw("history/" + version + "/" + std::to_string(next_), value);
    }
    long long raw(const std::string& key, const std::string& value, long long timestamp_ms = -1) {
        records.push_back(LogRecord{next_, key, value, timestamp_ms >= 0 ? timestamp_ms : 1700000000000 + next_});
        return next_++;
    }
    Effect effect(long long offset) const { return replay(records).effects.at(index(offset)); }
    size_t index(long long offset) const {
        for (size_t i = 0; i < records.size(); ++i) {
            if (records[i].offset == offset) return i;
        }
        throw std::out_of_range("no record at " + std::to_string(offset));
    }
    std::optional<long long> holder() const {
        std::optional<Holder> h = replay(records).holder;
        return h ? std::optional<long long>(h->claim) : std::nullopt;
    }

    std::vector<LogRecord> records;

private:
    long long lock(const LockRecord& record) {
        return raw(lock_record_key(record.owner, sequence_++), encode(record));
    }
    long long next_ = 0;
    long long sequence_ = 0;
};

// ---------------------------------------------------------------- record formats

TEST(LockRecords, EncodeDecodeRoundTrip) {
    LockRecord claim{LockRecordType::Claim, a, 60000, Takeover{4, 7}};
    LogRecord record{9, lock_record_key(a, 3), encode(claim), 0};
    EXPECT_EQ(record.key, "lock/aaaa/3");
    std::optional<LockRecord> decoded = decode_lock_record(record);
    ASSERT_TRUE(decoded);
    EXPECT_EQ(decoded->type, LockRecordType::Claim);
    EXPECT_EQ(decoded->owner, a);
    EXPECT_EQ(decoded->lease_ms, 60000);
    ASSERT_TRUE(decoded->takes_over);
    EXPECT_EQ(decoded->takes_over->claim, 4);
    EXPECT_EQ(decoded->takes_over->last, 7);

    for (LockRecordType type : {LockRecordType::Renew, LockRecordType::Release, LockRecordType::ForceRelease}) {
        LogRecord other{10, lock_record_key(b, 0), encode(LockRecord{type, b, 0, {}, 4}), 0};
        std::optional<LockRecord> back = decode_lock_record(other);
        ASSERT_TRUE(back);
        EXPECT_EQ(back->type, type);
        EXPECT_EQ(back->claim, 4);
        EXPECT_EQ(back->owner, b);
    }
}

TEST(LockRecords, TheValuesAreReadableJson) {
    EXPECT_EQ(encode(LockRecord{LockRecordType::Claim, a, 60000}),
              R"({"lease_ms":60000,"owner":{"host":"ci-1","id":"aaaa","pid":101},"type":"claim"})");
    EXPECT_EQ(encode(LockRecord{LockRecordType::Renew, a, 0, {}, 12}),
              R"({"claim":12,"owner":{"host":"ci-1","id":"aaaa","pid":101},"type":"renew"})");
    EXPECT_EQ(a.display(), "ci-1:101");
}

TEST(LockRecords, MalformedOrForeignRecordsAreNotLockRecords) {
    auto decode = [](const std::string& key, const std::string& value) {
        return decode_lock_record(LogRecord{0, key, value, 0});
    };
    const std::string owner = R"("owner":{"host":"h","pid":1,"id":"x"})";
    EXPECT_FALSE(decode("history/1", R"({"type":"claim","lease_ms":1,)" + owner + "}"));  // not a lock key
    EXPECT_FALSE(decode("lock/x/0", "not json"));
    EXPECT_FALSE(decode("lock/x/0", "[1]"));
    EXPECT_FALSE(decode("lock/x/0", R"({"type":"claim","lease_ms":1})"));                   // no owner
    EXPECT_FALSE(decode("lock/x/0", R"({"type":"claim","lease_ms":0,)" + owner + "}"));     // no lease
    EXPECT_FALSE(decode("lock/x/0", R"({"type":"claim","lease_ms":"60s",)" + owner + "}"));
    EXPECT_FALSE(decode("lock/x/0", R"({"type":"claim","lease_ms":1,"takes_over":{"claim":1},)" + owner + "}"));
    EXPECT_FALSE(decode("lock/x/0", R"({"type":"renew",)" + owner + "}"));                  // no claim
    EXPECT_FALSE(decode("lock/x/0", R"({"type":"steal","claim":1,)" + owner + "}"));        // unknown type
    EXPECT_TRUE(decode("lock/x/0", R"({"type":"claim","lease_ms":1,"takes_over":null,)" + owner + "}"));
}

TEST(LockRecords, KeysAreUniqueSoCompactionKeepsEveryLockRecord) {
    Log log;
    long long first = log.claim(a);
    log.renew(a, first);
    log.renew(a, first);
    log.release(a, first);
    log.claim(b);
    std::set<std::string> keys;
    for (const LogRecord& r : log.records) keys.insert(r.key);
    EXPECT_EQ(keys.size(), log.records.size());
    for (const std::string& key : keys) EXPECT_EQ(key.rfind("lock/", 0), 0u) << key;
}

// ---------------------------------------------------------------- claims and releases

TEST(LockState, AnEmptyLogIsFree) {
    Log log;
    EXPECT_FALSE(log.holder());
    EXPECT_TRUE(replay({}).effects.empty());
}

TEST(LockState, TheEarliestClaimAfterTheLastReleaseHolds) {
    Log log;
    long long first = log.claim(a);
    long long second = log.claim(b);
    long long third = log.claim(c);
    EXPECT_EQ(log.effect(first), Effect::Acquired);
    EXPECT_EQ(log.effect(second), Effect::Lost);
    EXPECT_EQ(log.effect(third), Effect::Lost);
    EXPECT_EQ(log.holder(), first);
    long long released = log.release(a, first);
    EXPECT_EQ(log.effect(released), Effect::Released);
    EXPECT_FALSE(log.holder());
    // A claim lost before the release stays void: the waiter claims again.
    long long again_c = log.claim(c);
    long long again_b = log.claim(b);
    EXPECT_EQ(log.effect(again_c), Effect::Acquired);
    EXPECT_EQ(log.effect(again_b), Effect::Lost);
    EXPECT_EQ(log.holder(), again_c);
}

TEST(LockState, ALostClaimNeverHoldsLater) {
    Log log;
    long long first = log.claim(a);
    long long lost = log.claim(b);
    log.release(a, first);
    // Its renewal and release name a claim that does not hold the lock: nothing happens.
    EXPECT_EQ(log.effect(log.renew(b, lost)), Effect::Ignored);
    EXPECT_FALSE(log.holder());
    long long next = log.claim(c);
    EXPECT_EQ(log.effect(log.release(b, lost)), Effect::Ignored);
    EXPECT_EQ(log.holder(), next);
}

TEST(LockState, OnlyTheHolderRenewsOrReleasesItsClaim) {
    Log log;
    long long first = log.claim(a);
    EXPECT_EQ(log.effect(log.renew(b, first)), Effect::Ignored);    // another owner naming a's claim
    EXPECT_EQ(log.effect(log.release(b, first)), Effect::Ignored);
    EXPECT_EQ(log.holder(), first);
    long long renewal = log.renew(a, first);
    EXPECT_EQ(log.effect(renewal), Effect::Renewed);
    std::optional<Holder> holder = replay(log.records).holder;
    ASSERT_TRUE(holder);
    EXPECT_EQ(holder->claim, first);
    EXPECT_EQ(holder->last, renewal);
    EXPECT_EQ(holder->owner, a);
    EXPECT_EQ(holder->lease_ms, 60000);
    EXPECT_EQ(holder->claimed_at_ms, log.records[log.index(first)].timestamp_ms);
    EXPECT_EQ(holder->renewed_at_ms, log.records[log.index(renewal)].timestamp_ms);
    // A release of a claim already released does nothing more.
    log.release(a, first);
    long long next = log.claim(b);
    EXPECT_EQ(log.effect(log.release(a, first)), Effect::Ignored);
    EXPECT_EQ(log.holder(), next);
}

TEST(LockState, AReplayContinuedRecordByRecordAgreesWithAWholeReplay) {
    // A migrator replays only what it read since its last check (replay_more);
    // it must reach the state and effects a replay of the whole log reaches.
    Log log;
    Replay continued;
    auto check = [&] {
        replay_more(continued, log.records);
        Replay whole = replay(log.records);
        ASSERT_EQ(continued.effects, whole.effects);
        ASSERT_EQ(continued.holder.has_value(), whole.holder.has_value());
        if (whole.holder) {
            EXPECT_EQ(continued.holder->claim, whole.holder->claim);
            EXPECT_EQ(continued.holder->last, whole.holder->last);
        }
    };
    long long first = log.claim(a);
    check();
    log.history(first);
    log.claim(b);
    check();
    log.renew(a, first);
    log.history(first, "2");
    check();
    log.release(a, first);
    long long second = log.claim(b);
    log.history(second, "3");
    log.history(first, "4");  // a stale holder's late write
    check();
    EXPECT_EQ(continued.effects.back(), Effect::HistoryIgnored);
    // A log that is not the one replayed before (read anew from another start) is replayed whole.
    std::vector<LogRecord> other(log.records.begin() + 3, log.records.end());
    replay_more(continued, other);
    EXPECT_EQ(continued.effects, replay(other).effects);
}

// ---------------------------------------------------------------- expiry: takeovers

TEST(LockState, ATakeoverNamingTheHoldersLatestRecordWins) {
    Log log;
    long long first = log.claim(a, 2000);
    long long renewal = log.renew(a, first);
    long long taker = log.claim(b, 60000, Takeover{first, renewal});
    EXPECT_EQ(log.effect(taker), Effect::TookOver);
    EXPECT_EQ(log.holder(), taker);
    // The former holder's late records change nothing.
    EXPECT_EQ(log.effect(log.renew(a, first)), Effect::Ignored);
    EXPECT_EQ(log.effect(log.release(a, first)), Effect::Ignored);
    EXPECT_EQ(log.holder(), taker);
}

TEST(LockState, ATakeoverOfAHolderThatRenewedSinceLoses) {
    Log log;
    long long first = log.claim(a);
    long long seen = log.renew(a, first);
    log.renew(a, first);  // the holder was alive after all
    long long taker = log.claim(b, 60000, Takeover{first, seen});
    EXPECT_EQ(log.effect(taker), Effect::Lost);
    EXPECT_EQ(log.holder(), first);
    // Naming the claim itself when it has renewals is as stale.
    EXPECT_EQ(log.effect(log.claim(c, 60000, Takeover{first, first})), Effect::Lost);
}

TEST(LockState, ATakeoverOfAFormerHolderLoses) {
    Log log;
    long long first = log.claim(a);
    log.release(a, first);
    long long second = log.claim(c);
    long long taker = log.claim(b, 60000, Takeover{first, first});
    EXPECT_EQ(log.effect(taker), Effect::Lost);
    EXPECT_EQ(log.holder(), second);
}

TEST(LockState, ATakeoverOfAFreeLockAcquiresIt) {
    Log log;
    long long first = log.claim(a);
    log.release(a, first);
    long long taker = log.claim(b, 60000, Takeover{first, first});
    EXPECT_EQ(log.effect(taker), Effect::Acquired);
}

TEST(LockState, TwoWaitersTakingOverTheSameDeadHolderOneWins) {
    Log log;
    long long dead = log.claim(a, 2000);
    long long first = log.claim(b, 60000, Takeover{dead, dead});
    long long second = log.claim(c, 60000, Takeover{dead, dead});
    EXPECT_EQ(log.effect(first), Effect::TookOver);
    EXPECT_EQ(log.effect(second), Effect::Lost);
    EXPECT_EQ(log.holder(), first);
}

TEST(LockState, ATakeoverMustNameAClaimWithoutRenewalsByItsOffset) {
    Log log;
    long long dead = log.claim(a, 2000);
    EXPECT_EQ(log.effect(log.claim(b, 60000, Takeover{dead, dead + 100})), Effect::Lost);
    EXPECT_EQ(log.effect(log.claim(b, 60000, Takeover{dead + 100, dead})), Effect::Lost);
    EXPECT_EQ(log.effect(log.claim(b, 60000, Takeover{dead, dead})), Effect::TookOver);
}

// ---------------------------------------------------------------- force release

TEST(LockState, ForceReleaseFreesTheLockAtOnce) {
    Log log;
    long long first = log.claim(a);
    long long waiting = log.claim(b);
    long long forced = log.force_release(c, first);
    EXPECT_EQ(log.effect(forced), Effect::ForceReleased);
    EXPECT_FALSE(log.holder());
    // The waiting claim was lost before: it does not inherit the lock.
    EXPECT_EQ(log.effect(waiting), Effect::Lost);
    // The forced holder's renewal, if it was alive after all, counts for nothing.
    EXPECT_EQ(log.effect(log.renew(a, first)), Effect::Ignored);
    long long next = log.claim(b);
    EXPECT_EQ(log.effect(next), Effect::Acquired);
}

TEST(LockState, AForceReleaseNamingAFormerClaimReleasesNothing) {
    Log log;
    long long first = log.claim(a);
    log.release(a, first);
    long long second = log.claim(b);
    // repair read the log before a released and b claimed.
    EXPECT_EQ(log.effect(log.force_release(c, first)), Effect::Ignored);
    EXPECT_EQ(log.holder(), second);
}

TEST(LockState, EndOfHoldSaysWhatEndedIt) {
    Log log;
    long long first = log.claim(a);
    long long lost = log.claim(c);
    long long taker = log.claim(b, 60000, Takeover{first, first});
    long long forced = log.force_release(c, taker);
    long long third = log.claim(a);
    long long released = log.release(a, third);
    Replay replayed = replay(log.records);
    auto end = [&](long long claim) { return end_of_hold(log.records, replayed, claim); };
    ASSERT_TRUE(end(first));
    EXPECT_EQ(end(first)->effect, Effect::TookOver);
    EXPECT_EQ(log.records[end(first)->index].offset, taker);
    ASSERT_TRUE(end(taker));
    EXPECT_EQ(end(taker)->effect, Effect::ForceReleased);
    EXPECT_EQ(log.records[end(taker)->index].offset, forced);
    ASSERT_TRUE(end(third));
    EXPECT_EQ(end(third)->effect, Effect::Released);
    EXPECT_EQ(log.records[end(third)->index].offset, released);
    EXPECT_FALSE(end(lost));   // never held
    EXPECT_FALSE(end(12345));  // no such claim
    long long holding = log.claim(b);
    EXPECT_FALSE(end_of_hold(log.records, replay(log.records), holding));  // still holds
}

TEST(LockState, MalformedLockRecordsAndOtherKeysChangeNothing) {
    Log log;
    long long first = log.claim(a);
    EXPECT_EQ(log.effect(log.raw("lock/zzzz/0", "{oops")), Effect::Ignored);
    EXPECT_EQ(log.effect(log.raw("lock/zzzz/1", R"({"type":"release","claim":0})")), Effect::Ignored);  // no owner
    EXPECT_EQ(log.effect(log.raw("config/x", R"({"type":"release","claim":0})")), Effect::None);
    EXPECT_EQ(log.effect(log.raw("", "")), Effect::None);
    EXPECT_EQ(log.holder(), first);
}

// ---------------------------------------------------------------- fencing

TEST(LockFencing, HistoryCountsOnlyUnderTheClaimItNames) {
    Log log;
    long long before = log.history(0, "0");            // no holder yet
    long long first = log.claim(a);
    long long ok = log.history(first, "1");
    long long unfenced = log.history(std::nullopt, "1b");
    long long wrong = log.history(first + 1000, "1c");  // a fence of no claim
    long long taker = log.claim(b, 60000, Takeover{first, first});
    long long late = log.history(first, "2");          // a's write after b took over
    long long mine = log.history(taker, "2");
    log.release(b, taker);
    long long after = log.history(taker, "3");         // after its own release
    std::vector<bool> result = counted(log.records);
    ASSERT_EQ(result.size(), log.records.size());
    EXPECT_FALSE(result[log.index(before)]);
    EXPECT_TRUE(result[log.index(ok)]);
    EXPECT_FALSE(result[log.index(unfenced)]);
    EXPECT_FALSE(result[log.index(wrong)]);
    EXPECT_FALSE(result[log.index(late)]);
    EXPECT_TRUE(result[log.index(mine)]);
    EXPECT_FALSE(result[log.index(after)]);
    EXPECT_FALSE(result[log.index(first)]);  // lock records are not history
    EXPECT_EQ(log.effect(late), Effect::HistoryIgnored);
    EXPECT_EQ(log.effect(mine), Effect::HistoryCounted);
}

TEST(LockFencing, AStalledHoldersWriteCountsUntilSomeoneTakesOver) {
    // Nobody acted between the holder's last renewal and its late write, and every
    // later claimant reads the write: it counts. After a takeover it does not.
    Log log;
    long long first = log.claim(a, 2000);
    long long renewal = log.renew(a, first);
    long long in_time = log.history(first, "1");
    long long taker = log.claim(b, 2000, Takeover{first, renewal});
    long long too_late = log.history(first, "2");
    std::vector<bool> result = counted(log.records);
    EXPECT_TRUE(result[log.index(in_time)]);
    EXPECT_FALSE(result[log.index(too_late)]);
    EXPECT_EQ(log.holder(), taker);
}

TEST(LockFencing, AForceReleasedHoldersLaterHistoryIsIgnored) {
    Log log;
    long long first = log.claim(a);
    long long kept = log.history(first, "1");
    log.force_release(c, first);
    long long dropped = log.history(first, "2");
    std::vector<bool> result = counted(log.records);
    EXPECT_TRUE(result[log.index(kept)]);
    EXPECT_FALSE(result[log.index(dropped)]);
}

TEST(LockFencing, MalformedHistoryIsNotCounted) {
    Log log;
    long long first = log.claim(a);
    long long text = log.raw("history/1", "not json");
    long long string_fence = log.raw("history/2", "{\"fence\":\"" + std::to_string(first) + "\"}");
    long long good = log.raw("history/3", "{\"fence\":" + std::to_string(first) + "}");
    EXPECT_EQ(history_fence(log.records[log.index(good)]), first);
    EXPECT_FALSE(history_fence(log.records[log.index(text)]));
    std::vector<bool> result = counted(log.records);
    EXPECT_FALSE(result[log.index(text)]);
    EXPECT_FALSE(result[log.index(string_fence)]);
    EXPECT_TRUE(result[log.index(good)]);
}

// ---------------------------------------------------------------- clock skew

TEST(LockSkew, RecordTimestampsDecideNothing) {
    // The writers' clocks (the records' CreateTime) may be hours apart and out of
    // order: the effects are the same as with ordered timestamps.
    Log log;
    long long first = log.claim(a);
    long long renewal = log.renew(a, first);
    log.history(first);
    log.claim(c);  // lost
    long long taker = log.claim(b, 60000, Takeover{first, renewal});
    log.history(first);
    log.history(taker);
    log.release(b, taker);
    log.claim(c);
    Replay ordered = replay(log.records);
    std::mt19937_64 random(42);
    for (int round = 0; round < 50; ++round) {
        std::vector<LogRecord> skewed = log.records;
        for (LogRecord& r : skewed) {
            // From ten years back to ten years ahead, and sometimes zero or negative.
            r.timestamp_ms = static_cast<long long>(random() % 630720000000ULL) - 315360000000LL + 1700000000000LL;
            if (random() % 7 == 0) r.timestamp_ms = random() % 2 ? 0 : -1;
        }
        EXPECT_EQ(replay(skewed).effects, ordered.effects);
    }
}

TEST(LockSkew, AClaimStampedFarInTheFutureDoesNotExpireTheHolder) {
    // With absolute expiries, a runner whose clock is an hour ahead would find every
    // lease run out. Here a claim without a takeover loses whatever its timestamp.
    Log log;
    long long first = log.claim(a);
    long long ahead = log.raw(lock_record_key(b, 0), encode(LockRecord{LockRecordType::Claim, b, 60000}),
                              1700000000000 + 3600 * 1000);
    EXPECT_EQ(log.effect(ahead), Effect::Lost);
    EXPECT_EQ(log.holder(), first);
}

// ---------------------------------------------------------------- the lease clocks

using namespace std::chrono_literals;
using Time = LeaseClock::time_point;

Holder holder_at(long long claim, long long last, long long lease_ms) {
    Holder h;
    h.claim = claim;
    h.last = last;
    h.owner = a;
    h.lease_ms = lease_ms;
    return h;
}

TEST(LockLease, TheHolderActsForThreeQuartersOfItsLeaseAndRenewsAfterAThird) {
    const Time start = Time(1000s);
    HolderLease lease(start, 60s);
    EXPECT_EQ(lease.renewal_due(), start + 20s);
    EXPECT_EQ(lease.deadline(), start + 45s);
    EXPECT_TRUE(lease.live(start + 44999ms));
    EXPECT_FALSE(lease.live(start + 45s));
    lease.renewed(start + 20s);
    EXPECT_EQ(lease.deadline(), start + 65s);
    lease.renewed(start + 10s);  // an older renewal confirmed late moves nothing back
    EXPECT_EQ(lease.started(), start + 20s);
    EXPECT_LT(lease.renewal_due(), lease.started() + lease.lease() / 2);  // before half the lease
}

TEST(LockLease, AWaiterWaitsAWholeLeaseFromWhenItFirstSawTheHoldersLatestRecord) {
    ExpiryWatch watch;
    const Time t0 = Time(5000s);
    EXPECT_FALSE(watch.expired(t0));
    EXPECT_TRUE(watch.observe(holder_at(3, 3, 2000), t0));  // a new holder
    EXPECT_FALSE(watch.observe(holder_at(3, 3, 2000), t0 + 1s));  // unchanged: the count goes on
    EXPECT_FALSE(watch.expired(t0 + 1999ms));
    EXPECT_TRUE(watch.expired(t0 + 2s));
    ASSERT_TRUE(watch.takeover());
    EXPECT_EQ(watch.takeover()->claim, 3);
    EXPECT_EQ(watch.takeover()->last, 3);
    // A renewal restarts the count, without being a new holder.
    EXPECT_FALSE(watch.observe(holder_at(3, 8, 2000), t0 + 2500ms));
    EXPECT_FALSE(watch.expired(t0 + 4s));
    EXPECT_TRUE(watch.expired(t0 + 4500ms));
    EXPECT_EQ(watch.takeover()->last, 8);
    // Another holder: a new count, with that holder's lease (not the waiter's own).
    EXPECT_TRUE(watch.observe(holder_at(9, 9, 60000), t0 + 5s));
    EXPECT_FALSE(watch.expired(t0 + 64s));
    EXPECT_TRUE(watch.expired(t0 + 65s));
    // Free: nothing to take over.
    EXPECT_FALSE(watch.observe(std::nullopt, t0 + 66s));
    EXPECT_FALSE(watch.expired(t0 + 1000s));
    EXPECT_FALSE(watch.takeover());
    // The same holder seen again after a gap is counted from then.
    EXPECT_TRUE(watch.observe(holder_at(9, 9, 60000), t0 + 70s));
    EXPECT_FALSE(watch.expired(t0 + 129s));
}

// The safety inequality behind the lock, on simulated hosts whose clocks have
// any offset and run at their own rates: the holder starts its append at real
// time s (its lease counts from then), the record is readable from s + d, the
// waiter first sees it at o >= s + d, and takes over when its own clock has
// counted a lease from o. The holder must have stopped (its deadline) before the
// waiter's takeover claim can even be written.
struct Host {
    double offset_s;  // its clock minus real time at real time 0
    double rate;      // its clock's seconds per real second
    double local(double real) const { return offset_s + rate * real; }
    double real(double local_time) const { return (local_time - offset_s) / rate; }
};

bool exclusive(const Host& holder_host, const Host& waiter_host, double lease_s, double s, double d, double o) {
    HolderLease lease(Time(std::chrono::duration_cast<LeaseClock::duration>(
                          std::chrono::duration<double>(holder_host.local(s)))),
                      std::chrono::milliseconds(static_cast<long long>(lease_s * 1000)));
    const double holder_stops = holder_host.real(std::chrono::duration<double>(lease.deadline().time_since_epoch()).count());
    ExpiryWatch watch;
    auto at = [](double local) {
        return Time(std::chrono::duration_cast<LeaseClock::duration>(std::chrono::duration<double>(local)));
    };
    watch.observe(holder_at(1, 1, static_cast<long long>(lease_s * 1000)), at(waiter_host.local(s + d + o)));
    const double waiter_takes_over =
        waiter_host.real(std::chrono::duration<double>(watch.expires().time_since_epoch()).count());
    return holder_stops < waiter_takes_over;
}

TEST(LockSkew, AnyOffsetBetweenHostClocksIsSafe) {
    std::mt19937_64 random(7);
    std::uniform_real_distribution<double> offset(-86400.0 * 365, 86400.0 * 365);  // a year either way
    std::uniform_real_distribution<double> delay(0.0, 30.0);
    for (int i = 0; i < 10000; ++i) {
        Host holder{offset(random), 1.0}, waiter{offset(random), 1.0};
        EXPECT_TRUE(exclusive(holder, waiter, 60, 1000 + delay(random), delay(random), delay(random))) << i;
    }
}

TEST(LockSkew, RateDifferencesWithinTheGuardAreSafe) {
    std::mt19937_64 random(11);
    std::uniform_real_distribution<double> rate(0.88, 1.12);  // 12% either way: 0.75 * 1.12 / 0.88 < 1
    std::uniform_real_distribution<double> delay(0.0, 30.0);
    for (int i = 0; i < 10000; ++i) {
        Host holder{0, rate(random)}, waiter{123456, rate(random)};
        EXPECT_TRUE(exclusive(holder, waiter, 2, 10 + delay(random), delay(random) / 10, 0)) << i;
    }
    // Beyond the guard it is not: a holder whose clock runs at half speed acts for
    // 1.5 leases of real time. The guard is a bound, not a wish.
    EXPECT_FALSE(exclusive(Host{0, 0.5}, Host{0, 1.0}, 60, 10, 0, 0));
}

}  // namespace
}  // namespace connql::migrations
