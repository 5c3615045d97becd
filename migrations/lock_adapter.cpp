#include "migrations/lock_adapter.h"

#include <optional>

#include "migrations/lock.h"

namespace connql::migrations {

namespace {

class KafkaHistoryLock : public HistoryLock {
public:
    KafkaHistoryLock(const kafka::TopicLog& log, const MigrateOptions& options)
        : lock_(log.options(), LockOptions{Millis(options.lock_timeout_ms), Millis(options.lock_wait_ms), Millis(1000)}) {}

    ~KafkaHistoryLock() override { keeper_.reset(); }

    void acquire(const std::function<void(const std::string& holder)>& waiting) override {
        lock_.acquire([&](const Holder& holder) {
            if (waiting) waiting(describe(holder));
        });
        keeper_.emplace(lock_);
    }

    void check_live() override { lock_.check_live(); }

    void release() override {
        keeper_.reset();
        if (lock_.held()) lock_.release();
    }

    bool force_release() override { return lock_.force_release().has_value(); }

    long long fence() const override { return lock_.fence(); }

    std::vector<HistoryRecord> counted(const std::vector<kafka::LogRecord>& records) const override {
        std::vector<bool> counts = migrations::counted(records);
        std::vector<HistoryRecord> out;
        for (size_t i = 0; i < records.size(); ++i) {
            if (counts[i]) out.push_back({records[i].key, records[i].value});
        }
        return out;
    }

private:
    MigrationLock lock_;
    std::optional<LockKeeper> keeper_;
};

}  // namespace

LockFactory history_lock_factory() {
    return [](kafka::TopicLog& log, const MigrateOptions& options) -> std::unique_ptr<HistoryLock> {
        return std::make_unique<KafkaHistoryLock>(log, options);
    };
}

}  // namespace connql::migrations
