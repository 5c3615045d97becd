// The migration lock as a pure function of the history topic's records in log
// order: who holds the lock after each record, which lock records counted, and
// which history records count (fencing). No clock is read here: whether a
// holder's lease ran out is decided by the claimant that takes over, which names
// the exact claim and renewal it watched run out (docs/migrations-lock.md), so
// every reader of the same records reaches the same answer.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kafka/log.h"

namespace connql::migrations {

// Keys: lock records are `lock/<owner id>/<n>`, unique forever, so compaction
// never removes one (fencing decisions about old history records depend on them).
inline constexpr std::string_view lock_key_prefix = "lock/";
inline constexpr std::string_view history_key_prefix = "history/";

// Who wrote a lock record: the host, the process, and a random id that tells
// apart two migrators of one process and a pid reused after a restart.
struct Owner {
    std::string host;
    long long pid = 0;
    std::string id;

    std::string display() const { return host + ":" + std::to_string(pid); }
    bool operator==(const Owner& other) const { return id == other.id && host == other.host && pid == other.pid; }
};

// A claim that takes over from a holder whose lease ran out names the claim and
// the offset of its latest renewal (or the claim itself) that the claimant
// watched for a whole lease. If the holder renewed since, the claim loses.
struct Takeover {
    long long claim = -1;
    long long last = -1;
};

enum class LockRecordType { Claim, Renew, Release, ForceRelease };

struct LockRecord {
    LockRecordType type = LockRecordType::Claim;
    Owner owner;                          // who wrote it
    long long lease_ms = 0;               // Claim: how long the lease lasts after each claim or renewal
    std::optional<Takeover> takes_over;   // Claim
    long long claim = -1;                 // Renew, Release, ForceRelease: the claim it acts on
};

// `lock/<owner id>/<sequence>`.
std::string lock_record_key(const Owner& owner, long long sequence);
// The record's JSON value.
std::string encode(const LockRecord& record);
// The lock record in `record`, or nullopt when its key is not a lock key or its
// value is not a lock record this version understands (such a record is ignored).
std::optional<LockRecord> decode_lock_record(const kafka::LogRecord& record);

// The fencing token of a history record: its value's "fence", or nullopt.
std::optional<long long> history_fence(const kafka::LogRecord& record);

struct Holder {
    long long claim = -1;         // the claim's offset: the fencing token
    long long last = -1;          // the offset of its latest counted claim or renewal
    Owner owner;
    long long lease_ms = 0;
    // The writer's clock (the records' CreateTime): for display only.
    long long claimed_at_ms = 0;
    long long renewed_at_ms = 0;
};

// What each record did, in log order.
enum class Effect {
    None,            // neither a lock nor a history record
    Acquired,        // a claim made while the lock was free
    TookOver,        // a claim that took over from a holder whose lease ran out
    Lost,            // a claim made while the lock was held (void for good)
    Renewed,         // a renewal of the current holder's claim
    Released,        // the holder's release
    ForceReleased,   // a release of the current holder by someone else (repair)
    Ignored,         // a lock record about a claim that does not hold the lock, or malformed
    HistoryCounted,  // a history record fenced with the current holder's claim
    HistoryIgnored,  // a history record of no holder, a former one, or without a fence
};

struct Replay {
    std::optional<Holder> holder;  // after the last record
    std::vector<Effect> effects;   // one per record
    long long last_offset = -1;    // the last record's offset (what replay_more continues from)
};

// The state machine:
//   free --claim--> held(c)                          Acquired
//   held(c) --claim, no takeover or a stale one--> held(c)   Lost
//   held(c, last r) --claim taking over (c, r)--> held(new) TookOver
//   held(c) --renew(c)--> held(c, last = the renewal)        Renewed
//   held(c) --release(c) | force-release(c)--> free
//   anything else is Ignored and changes nothing.
Replay replay(const std::vector<kafka::LogRecord>& records);
// The same answer as replay(records) when `state` is a replay of a prefix of
// `records` (a log read again, which only grows), at the cost of the new records
// only; otherwise it replays them all. A migrator checks its lock before every
// statement: replaying the whole history each time made a long apply quadratic.
void replay_more(Replay& state, const std::vector<kafka::LogRecord>& records);

// For each record: true when it is a history record that counts (its fence is
// the claim holding the lock at its position in the log).
std::vector<bool> counted(const std::vector<kafka::LogRecord>& records);

// Why the hold of `claim` ended, from a replay of the records: the effect and the
// index of the record that ended it, or nullopt if it never held or still holds.
struct HoldEnd {
    Effect effect = Effect::None;
    size_t index = 0;
};
std::optional<HoldEnd> end_of_hold(const std::vector<kafka::LogRecord>& records, const Replay& replayed,
                                   long long claim);

}  // namespace connql::migrations
