#include "migrations/lock_state.h"

#include <nlohmann/json.hpp>

namespace connql::migrations {

namespace {

using nlohmann::json;

const char* type_name(LockRecordType type) {
    switch (type) {
        case LockRecordType::Claim: return "claim";
        case LockRecordType::Renew: return "renew";
        case LockRecordType::Release: return "release";
        case LockRecordType::ForceRelease: return "force-release";
    }
    return "";
}

bool starts_with(std::string_view text, std::string_view prefix) {
    return text.substr(0, prefix.size()) == prefix;
}

// An integer field, or nullopt when it is missing or not an integer.
std::optional<long long> integer(const json& object, const char* name) {
    auto it = object.find(name);
    if (it == object.end() || !it->is_number_integer()) return std::nullopt;
    return it->get<long long>();
}

std::optional<Owner> owner_of(const json& value) {
    auto it = value.find("owner");
    if (it == value.end() || !it->is_object()) return std::nullopt;
    auto host = it->find("host");
    auto id = it->find("id");
    std::optional<long long> pid = integer(*it, "pid");
    if (host == it->end() || !host->is_string() || id == it->end() || !id->is_string() || !pid) return std::nullopt;
    return Owner{host->get<std::string>(), *pid, id->get<std::string>()};
}

}  // namespace

std::string lock_record_key(const Owner& owner, long long sequence) {
    return std::string(lock_key_prefix) + owner.id + "/" + std::to_string(sequence);
}

std::string encode(const LockRecord& record) {
    json value = {{"type", type_name(record.type)},
                  {"owner", {{"host", record.owner.host}, {"pid", record.owner.pid}, {"id", record.owner.id}}}};
    if (record.type == LockRecordType::Claim) {
        value["lease_ms"] = record.lease_ms;
        if (record.takes_over) value["takes_over"] = {{"claim", record.takes_over->claim}, {"last", record.takes_over->last}};
    } else {
        value["claim"] = record.claim;
    }
    return value.dump();
}

std::optional<LockRecord> decode_lock_record(const kafka::LogRecord& record) {
    if (!starts_with(record.key, lock_key_prefix)) return std::nullopt;
    json value = json::parse(record.value, nullptr, false);
    if (!value.is_object()) return std::nullopt;
    auto type = value.find("type");
    std::optional<Owner> owner = owner_of(value);
    if (type == value.end() || !type->is_string() || !owner) return std::nullopt;
    LockRecord decoded;
    decoded.owner = std::move(*owner);
    const std::string name = type->get<std::string>();
    if (name == "claim") {
        std::optional<long long> lease = integer(value, "lease_ms");
        if (!lease || *lease <= 0) return std::nullopt;
        decoded.type = LockRecordType::Claim;
        decoded.lease_ms = *lease;
        auto takes_over = value.find("takes_over");
        if (takes_over != value.end() && !takes_over->is_null()) {
            if (!takes_over->is_object()) return std::nullopt;
            std::optional<long long> claim = integer(*takes_over, "claim");
            std::optional<long long> last = integer(*takes_over, "last");
            if (!claim || !last) return std::nullopt;
            decoded.takes_over = Takeover{*claim, *last};
        }
        return decoded;
    }
    if (name == "renew") {
        decoded.type = LockRecordType::Renew;
    } else if (name == "release") {
        decoded.type = LockRecordType::Release;
    } else if (name == "force-release") {
        decoded.type = LockRecordType::ForceRelease;
    } else {
        return std::nullopt;
    }
    std::optional<long long> claim = integer(value, "claim");
    if (!claim) return std::nullopt;
    decoded.claim = *claim;
    return decoded;
}

std::optional<long long> history_fence(const kafka::LogRecord& record) {
    if (!starts_with(record.key, history_key_prefix)) return std::nullopt;
    json value = json::parse(record.value, nullptr, false);
    if (!value.is_object()) return std::nullopt;
    return integer(value, "fence");
}

Replay replay(const std::vector<kafka::LogRecord>& records) {
    Replay result;
    replay_more(result, records);
    return result;
}

void replay_more(Replay& result, const std::vector<kafka::LogRecord>& records) {
    const bool continues = result.effects.size() <= records.size() &&
                           (result.effects.empty() || records[result.effects.size() - 1].offset == result.last_offset);
    if (!continues) result = Replay{};
    result.effects.reserve(records.size());
    std::optional<Holder>& holder = result.holder;
    for (size_t index = result.effects.size(); index < records.size(); ++index) {
        const kafka::LogRecord& record = records[index];
        Effect effect = Effect::None;
        if (starts_with(record.key, history_key_prefix)) {
            std::optional<long long> fence = history_fence(record);
            effect = holder && fence && *fence == holder->claim ? Effect::HistoryCounted : Effect::HistoryIgnored;
        } else if (starts_with(record.key, lock_key_prefix)) {
            effect = Effect::Ignored;
            std::optional<LockRecord> lock = decode_lock_record(record);
            if (lock && lock->type == LockRecordType::Claim) {
                Holder claimant{record.offset, record.offset, lock->owner, lock->lease_ms, record.timestamp_ms,
                                record.timestamp_ms};
                if (!holder) {
                    effect = Effect::Acquired;
                    holder = std::move(claimant);
                } else if (lock->takes_over && lock->takes_over->claim == holder->claim &&
                           lock->takes_over->last == holder->last) {
                    effect = Effect::TookOver;
                    holder = std::move(claimant);
                } else {
                    effect = Effect::Lost;
                }
            } else if (lock && holder && lock->claim == holder->claim) {
                // A renewal or a release counts only from the holder itself; releasing
                // someone else's claim is what a force release says it does.
                if (lock->type == LockRecordType::Renew && lock->owner == holder->owner) {
                    effect = Effect::Renewed;
                    holder->last = record.offset;
                    holder->renewed_at_ms = record.timestamp_ms;
                } else if (lock->type == LockRecordType::Release && lock->owner == holder->owner) {
                    effect = Effect::Released;
                    holder.reset();
                } else if (lock->type == LockRecordType::ForceRelease) {
                    effect = Effect::ForceReleased;
                    holder.reset();
                }
            }
        }
        result.effects.push_back(effect);
        result.last_offset = record.offset;
    }
}

std::vector<bool> counted(const std::vector<kafka::LogRecord>& records) {
    Replay replayed = replay(records);
    std::vector<bool> result(records.size());
    for (size_t i = 0; i < records.size(); ++i) result[i] = replayed.effects[i] == Effect::HistoryCounted;
    return result;
}

std::optional<HoldEnd> end_of_hold(const std::vector<kafka::LogRecord>& records, const Replay& replayed,
                                   long long claim) {
    size_t i = 0;
    while (i < records.size() && records[i].offset != claim) ++i;
    if (i == records.size() || (replayed.effects[i] != Effect::Acquired && replayed.effects[i] != Effect::TookOver)) {
        return std::nullopt;
    }
    // From its claim on, the claim holds until the first record that ends a hold.
    for (size_t j = i + 1; j < records.size(); ++j) {
        Effect effect = replayed.effects[j];
        if (effect == Effect::TookOver || effect == Effect::Released || effect == Effect::ForceReleased) {
            return HoldEnd{effect, j};
        }
    }
    return std::nullopt;
}

}  // namespace connql::migrations
