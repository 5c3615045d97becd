// The migration history: one row per version, as the Flyway history table has
// them, stored as JSON records in the history topic, one record per change of a
// row (key "history/<version>/<fence>/<n>"); the latest counted record of a
// version is its row.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "migrations/files.h"

namespace connql::migrations {

enum class RowState { Running, Applied, Failed, Baseline, Undone };
const char* state_name(RowState state);

struct HistoryRow {
    Version version;
    std::string description;
    std::string type = "SQL";  // SQL | BASELINE
    std::string script;
    std::string checksum;      // "sha256:<hex>"
    RowState state = RowState::Running;
    std::string installed_by;
    long long installed_on_ms = 0;
    long long execution_time_ms = 0;
    // Statements of the file that completed, so that a failed file resumes after them.
    int completed_statements = 0;
    int total_statements = 0;
    // A statement whose outcome is unknown (a create that timed out): re-checked
    // against the cluster before the file resumes.
    std::optional<int> unknown_statement;
    std::string error;
    std::string connql_version;
    long long fence = -1;  // the lock claim this row was written under
    std::vector<std::string> connectors;  // BASELINE: the connectors it adopted

    bool success() const { return state == RowState::Applied || state == RowState::Baseline; }
    nlohmann::json to_json() const;
    static std::optional<HistoryRow> from_json(const nlohmann::json& value);
    // Unique per write: compaction must never replace a counted record with a
    // later, uncounted one (a stale migrator's) under the same key.
    std::string key() const;
};

// The rows of a history, by version: the latest record of each version key.
// Records whose key does not start with "history/", or that do not parse, are not rows.
struct HistoryRecord {
    std::string key;
    std::string value;
};
std::map<Version, HistoryRow> fold_history(const std::vector<HistoryRecord>& records);

// Who runs this: "user@host".
std::string installed_by();

}  // namespace connql::migrations
