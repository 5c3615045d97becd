// `connql migrate`: versioned migration files applied to a Kafka Connect cluster,
// with their history in a Kafka topic beside it (docs/migrations.md).
#pragma once

#include <functional>
#include <future>
#include <map>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "engine/history_topic.h"
#include "engine/session.h"
#include "migrations/files.h"
#include "migrations/history.h"
#include "render/printer.h"

namespace connql::migrations {

enum class ReportFormat { Table, Json, Markdown };

struct MigrateOptions {
    std::string dir = "migrations";
    HistoryTopicOptions history;
    long long lock_timeout_ms = 60000;  // a claim not renewed for this long stops counting
    long long lock_wait_ms = 300000;    // how long to wait for another migrator's lock
    std::optional<std::string> target;  // apply/plan up to, undo down to, this version
    bool dry_run = false;
    bool out_of_order = false;
    bool strict = false;                // validate: connectors no migration created are an error
    std::optional<std::string> baseline_version;
    ReportFormat format = ReportFormat::Table;
    int parallel = 8;                   // consecutive CREATEs of a version sent together
};

// The lock that lets one migrator act at a time on a history topic.
class HistoryLock {
public:
    virtual ~HistoryLock() = default;
    // Blocks until held; `waiting` is told who holds it while waiting.
    virtual void acquire(const std::function<void(const std::string& holder)>& waiting) = 0;
    // Throws connql::Error when the lock is no longer this migrator's (it stalled past its expiry).
    virtual void check_live() = 0;
    virtual void release() = 0;
    // Releases a lock left by a dead migrator at once (repair).
    virtual bool force_release() = 0;
    // The claim's offset: written in every history record as its fencing token.
    virtual long long fence() const = 0;
    // Which history records count: those written under the live lock of their time.
    virtual std::vector<HistoryRecord> counted(const std::vector<kafka::LogRecord>& records) const = 0;
};
using LockFactory = std::function<std::unique_ptr<HistoryLock>(kafka::TopicLog& log, const MigrateOptions& options)>;

// One state per version for `info`: applied, pending, failed, changed, missing,
// ignored, baseline, undone (and running, for a migrator at work or one that died).
struct InfoRow {
    Version version;
    std::string description;
    std::string state;
    std::optional<HistoryRow> row;
};

class Migrator {
public:
    Migrator(Session& session, MigrateOptions options, LockFactory lock, std::ostream& out, std::ostream& err);

    int create(const std::string& description);
    int info();
    int validate();
    int apply();
    int plan();
    int repair();
    int baseline();
    int undo();

private:
    struct Loaded;  // files and history, read once per command
    Loaded load(bool read_history = true);
    std::vector<InfoRow> states(const Loaded& loaded) const;
    PreparedScript prepare_file(const std::string& path, const std::string& text);
    std::vector<std::string> problems(const Loaded& loaded, const std::vector<InfoRow>& rows) const;
    std::vector<std::string> drift(const Loaded& loaded, std::map<std::string, Config> live);
    // The live configs, fetched on another thread while the history is read: plan and
    // validate then take about as long as the slower of the two, not their sum.
    std::future<std::map<std::string, Config>> fetch_live_configs();
    std::optional<Version> target() const;
    void write_row(HistoryRow row);
    int run_version(const MigrationFile& file, std::optional<HistoryRow> previous);
    void print_table(const std::vector<std::string>& headers, const std::vector<std::vector<std::string>>& rows);

    Session& session_;
    MigrateOptions options_;
    LockFactory lock_factory_;
    std::ostream& out_;
    std::ostream& err_;
    ParseState base_state_;  // --define variables: every file starts from these
    std::unique_ptr<kafka::TopicLog> log_;
    std::unique_ptr<HistoryLock> lock_;
};

}  // namespace connql::migrations
