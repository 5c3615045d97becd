// Reading Kafka Connect's JSON answers into connql's results, tolerant of fields
// a Connect version leaves out.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/results.h"
#include "parser/ast.h"

namespace connql {

// A string field of an object, "" when absent or not a string.
std::string json_string(const nlohmann::json& object, const char* key);

// "source" | "sink"
std::string kind_name(ast::ConnectorKind kind);

// A status object (GET /connectors/{name}/status) counted once.
struct StatusSummary {
    std::string connector_state;  // Connect's, "" when absent
    int tasks_total = 0;
    int tasks_running = 0;
    int tasks_failed = 0;

    // "RUNNING (1/2 tasks RUNNING)", as ksqlDB summarizes a status.
    std::string text() const;
};
StatusSummary summarize(const nlohmann::json& status);

// GET /connector-plugins as rows.
std::vector<PluginRow> plugin_rows(const nlohmann::json& plugins);

// The class of the installed plugin whose name is closest to `wanted` (compared by
// simple class name, and without a "Connector" suffix), for "did you mean".
std::optional<std::string> closest_plugin_class(const std::vector<PluginRow>& plugins, const std::string& wanted);

// SQL LIKE: % any run, _ any one character, case-sensitive.
bool like(const std::string& text, const std::string& pattern);

}  // namespace connql
