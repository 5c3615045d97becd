// What a statement returns: typed values the renderers turn into ksqlDB-style
// tables or /ksql JSON entities. Secrets are already masked here.
#pragma once

#include <optional>
#include <string>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

#include "compiler/config.h"
#include "kafka/topics.h"

namespace connql {

struct MessageResult {  // "Created connector x", "Paused connector x", ...
    std::string message;
};

struct WarningResult {  // an IF [NOT] EXISTS no-op and the like
    std::string message;
};

struct ConnectorCreated {
    std::string name;
    std::string type;  // source | sink | unknown
    Config config;     // masked
    std::vector<int> tasks;
    bool replaced = false;
};

// DROP CONNECTOR a, b, c: what happened to each name, in the order given.
struct DropOutcome {
    enum class Status { Dropped, Missing, Failed };
    std::string name;
    Status status = Status::Dropped;
    std::string message;  // Connect's answer, for Missing and Failed
};
struct ConnectorsDropped {
    std::vector<DropOutcome> outcomes;
    std::vector<std::string> dropped_names() const;
};

struct ConnectorRow {
    std::string name;
    std::string type;  // source | sink | unknown
    std::string class_name;
    std::string state;  // "RUNNING (1/1 tasks RUNNING)"
    // The same, structured (for the web console's table): Connect's connector state
    // and the task counts.
    std::string connector_state;
    int tasks_total = 0;
    int tasks_running = 0;
    int tasks_failed = 0;
};
struct ConnectorList {
    // By name. Shared, not copied: SHOW CONNECTORS without a filter hands out the rows
    // read from the cluster's answer (hundreds of them) as they are.
    std::shared_ptr<const std::vector<ConnectorRow>> connectors = std::make_shared<const std::vector<ConnectorRow>>();
};

struct TaskState {
    int id = 0;
    std::string state;
    std::string worker;
    std::string trace;
};
struct ConnectorDescription {
    std::string name;
    std::string class_name;
    std::string type;
    std::string state;
    std::string worker;
    std::string trace;
    std::vector<TaskState> tasks;
    std::vector<std::string> topics;
    std::optional<Config> config;  // EXTENDED only, masked
    nlohmann::json status;         // Connect's status object, for the JSON entity
};

struct PluginRow {
    std::string class_name;
    std::string type;
    std::string version;
};
struct PluginList {
    std::vector<PluginRow> plugins;
};

struct PluginDescription {
    std::string plugin;
    nlohmann::json definitions;  // Connect's array of ConfigKeyInfo
};

struct StatementText {  // SHOW CREATE CONNECTOR
    std::string name;
    std::string statement;
};

struct JsonResult {  // offsets, topics: Connect's own JSON
    std::string title;
    nlohmann::json value;
};

struct ValidationResult {
    std::string class_name;
    int error_count = 0;
    std::vector<std::pair<std::string, std::vector<std::string>>> errors;  // key -> messages
};

struct ExplainResult {
    std::string name;
    Config config;  // masked
    std::vector<std::string> requests;  // "POST /connectors", ...
};

struct TableResult {  // variables, clusters, properties
    std::string entity;  // the /ksql @type
    std::vector<std::string> headers;
    std::vector<std::vector<std::string>> rows;
    nlohmann::json items = nlohmann::json::array();  // the same rows as the /ksql entity has them
};

// SHOW ERRORS FOR CONNECTOR: one record of the connector's dead letter topic. Every
// text is valid UTF-8 (invalid bytes replaced) and masked. The context fields come
// from the __connect.errors.* headers and are empty when the record has none.
struct DeadLetterRecord {
    int partition = 0;       // in the dead letter topic
    long long offset = 0;    // in the dead letter topic
    long long timestamp = -1;  // the original record's
    bool has_context = false;
    std::string original_topic;
    std::string original_partition;
    std::string original_offset;
    std::string task_id;
    std::string stage;  // KEY_CONVERTER, VALUE_CONVERTER, HEADER_CONVERTER, TRANSFORMATION, TASK_PUT
    std::string class_name;
    std::string exception_class;
    std::string exception_message;
    std::string stacktrace;
    std::string key;    // "null" for a null key
    std::string value;  // "null" for a tombstone
    std::vector<std::pair<std::string, std::string>> headers;  // the record's own headers
};
struct ConnectorErrors {
    std::string connector;
    std::string topic;  // its errors.deadletterqueue.topic.name
    bool from_beginning = false;
    long long limit = 0;  // 0: none (FROM BEGINNING without LIMIT)
    std::vector<DeadLetterRecord> records;
};

struct NoOutput {};  // DEFINE and the like: ksqlDB returns no entity for them

using ResultValue = std::variant<NoOutput, TopicList, PrintedRecords, MessageResult, WarningResult, ConnectorCreated, ConnectorsDropped, ConnectorList,
                                 ConnectorDescription, PluginList, PluginDescription, StatementText, JsonResult,
                                 ValidationResult, ExplainResult, TableResult, ConnectorErrors>;

inline std::vector<std::string> ConnectorsDropped::dropped_names() const {
    std::vector<std::string> names;
    for (const DropOutcome& outcome : outcomes) {
        if (outcome.status == DropOutcome::Status::Dropped) names.push_back(outcome.name);
    }
    return names;
}

struct StatementResult {
    std::string statement_text;  // masked
    ResultValue value;
    std::vector<std::string> warnings;
};

}  // namespace connql
