#include "migrations/history.h"

#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdlib>

namespace connql::migrations {

const char* state_name(RowState state) {
    switch (state) {
        case RowState::Running: return "running";
        case RowState::Applied: return "applied";
        case RowState::Failed: return "failed";
        case RowState::Baseline: return "baseline";
        case RowState::Undone: return "undone";
    }
    return "running";
}

namespace {

std::optional<RowState> parse_state(const std::string& text) {
    for (RowState state : {RowState::Running, RowState::Applied, RowState::Failed, RowState::Baseline, RowState::Undone}) {
        if (text == state_name(state)) return state;
    }
    return std::nullopt;
}

}  // namespace

nlohmann::json HistoryRow::to_json() const {
    nlohmann::json j = {{"version", version.text()},
                        {"description", description},
                        {"type", type},
                        {"script", script},
                        {"checksum", checksum},
                        {"checksum_algorithm", "sha256, BOM removed, CRLF as LF"},
                        {"state", state_name(state)},
                        {"success", success()},
                        {"installed_by", installed_by},
                        {"installed_on", installed_on_ms},
                        {"execution_time", execution_time_ms},
                        {"completed_statements", completed_statements},
                        {"total_statements", total_statements},
                        {"error", error},
                        {"connql_version", connql_version},
                        {"fence", fence}};
    if (unknown_statement) j["unknown_statement"] = *unknown_statement;
    if (!connectors.empty()) j["connectors"] = connectors;
    return j;
}

std::optional<HistoryRow> HistoryRow::from_json(const nlohmann::json& j) {
    if (!j.is_object()) return std::nullopt;
    std::optional<Version> version = Version::parse(j.value("version", ""));
    std::optional<RowState> state = parse_state(j.value("state", ""));
    if (!version || !state) return std::nullopt;
    HistoryRow row;
    row.version = *version;
    row.state = *state;
    row.description = j.value("description", "");
    row.type = j.value("type", "SQL");
    row.script = j.value("script", "");
    row.checksum = j.value("checksum", "");
    row.installed_by = j.value("installed_by", "");
    row.installed_on_ms = j.value("installed_on", 0LL);
    row.execution_time_ms = j.value("execution_time", 0LL);
    row.completed_statements = j.value("completed_statements", 0);
    row.total_statements = j.value("total_statements", 0);
    if (j.contains("unknown_statement") && j["unknown_statement"].is_number_integer()) {
        row.unknown_statement = j["unknown_statement"].get<int>();
    }
    row.error = j.value("error", "");
    row.connql_version = j.value("connql_version", "");
    row.fence = j.value("fence", -1LL);
    if (j.contains("connectors") && j["connectors"].is_array()) {
        for (const auto& name : j["connectors"]) {
            if (name.is_string()) row.connectors.push_back(name.get<std::string>());
        }
    }
    return row;
}

std::string HistoryRow::key() const {
    static std::atomic<long long> sequence{0};
    auto now = std::chrono::system_clock::now().time_since_epoch().count();
    return "history/" + version.text() + "/" + std::to_string(fence) + "/" + std::to_string(now) + "-" +
           std::to_string(sequence++);
}

std::map<Version, HistoryRow> fold_history(const std::vector<HistoryRecord>& records) {
    std::map<Version, HistoryRow> rows;
    for (const HistoryRecord& record : records) {
        if (record.key.rfind("history/", 0) != 0) continue;
        nlohmann::json value = nlohmann::json::parse(record.value, nullptr, false);
        if (std::optional<HistoryRow> row = HistoryRow::from_json(value)) rows[row->version] = std::move(*row);
    }
    return rows;
}

std::string installed_by() {
    const char* user = std::getenv("USER");
    char host[256] = {0};
    gethostname(host, sizeof host - 1);
    return std::string(user && *user ? user : "unknown") + "@" + host;
}

}  // namespace connql::migrations
