#include "render/render.h"

#include <algorithm>
#include <cstdio>
#include <ctime>

#include "render/table.h"
#include "common/text.h"

namespace connql {

namespace {

// A connector or plugin type as ksqlDB's tables print it: SOURCE, SINK, UNKNOWN.
std::string type_column(const std::string& type) { return type.empty() ? "UNKNOWN" : to_upper(type); }

std::string message_table(const std::vector<std::string>& messages) {
    std::vector<Row> rows;
    for (const std::string& message : messages) rows.push_back({message});
    return render_table({"Message"}, rows);
}

std::string config_table(const Config& config) {
    std::vector<Row> rows;
    for (const auto& [key, value] : config.entries()) rows.push_back({key, value});
    return render_table({"Property", "Value"}, rows);
}

std::string key_value(const std::string& key, const std::string& value) {
    char line[64];
    std::snprintf(line, sizeof line, "%-20s : ", key.c_str());
    return line + value + "\n";
}

std::string timestamp(long long ms) {
    if (ms < 0) return "N/A";
    std::time_t seconds = static_cast<std::time_t>(ms / 1000);
    std::tm utc{};
    gmtime_r(&seconds, &utc);
    char text[64];
    std::strftime(text, sizeof text, "%Y/%m/%d %H:%M:%S", &utc);
    char millis[8];
    std::snprintf(millis, sizeof millis, ".%03lld", ms % 1000);
    return std::string(text) + millis + " Z";
}

struct TextRenderer {
    std::string operator()(const NoOutput&) const { return ""; }
    std::string operator()(const MessageResult& r) const { return r.message.empty() ? "" : message_table({r.message}); }
    std::string operator()(const WarningResult& r) const { return message_table({r.message}); }
    std::string operator()(const ConnectorCreated& r) const {
        return message_table({(r.replaced ? "Replaced connector " : "Created connector ") + r.name});
    }
    std::string operator()(const ConnectorsDropped& r) const {
        std::vector<std::string> messages;
        for (const std::string& name : r.names) messages.push_back("Dropped connector \"" + name + "\"");
        return message_table(messages);
    }
    std::string operator()(const ConnectorList& r) const {
        std::vector<Row> rows;
        for (const ConnectorRow& c : r.connectors) rows.push_back({c.name, type_column(c.type), c.class_name, c.state});
        return render_table({"Connector Name", "Type", "Class", "Status"}, rows);
    }
    std::string operator()(const ConnectorDescription& d) const {
        std::string out = key_value("Name", d.name) + key_value("Class", d.class_name) + key_value("Type", d.type) +
                          key_value("State", d.state) + key_value("WorkerId", d.worker);
        if (!d.trace.empty()) out += key_value("Trace", d.trace);
        if (!d.tasks.empty()) {
            std::vector<Row> rows;
            for (const TaskState& t : d.tasks) rows.push_back({std::to_string(t.id), t.state, t.trace});
            out += "\n" + render_table({"Task ID", "State", "Error Trace"}, rows);
        }
        if (!d.topics.empty()) {
            std::vector<Row> rows;
            for (const std::string& topic : d.topics) rows.push_back({topic});
            out += "\n" + render_table({"Related Topics"}, rows);
        }
        if (d.config) out += "\n" + config_table(*d.config);
        return out;
    }
    std::string operator()(const PluginList& r) const {
        std::vector<Row> rows;
        for (const PluginRow& p : r.plugins) rows.push_back({p.class_name, type_column(p.type), p.version});
        return render_table({"Class", "Type", "Version"}, rows);
    }
    std::string operator()(const PluginDescription& r) const {
        std::vector<Row> rows;
        for (const auto& definition : r.definitions) {  // Connect's array of ConfigKeyInfo
            if (!definition.is_object()) continue;
            auto text = [&](const char* field) {
                auto it = definition.find(field);
                if (it == definition.end() || it->is_null()) return std::string();
                return it->is_string() ? it->get<std::string>() : it->dump();
            };
            rows.push_back({text("name"), text("type"), text("required"), text("default_value"), text("importance")});
        }
        return "Plugin " + r.plugin + "\n\n" + render_table({"Name", "Type", "Required", "Default", "Importance"}, rows);
    }
    std::string operator()(const StatementText& r) const { return r.statement + "\n"; }
    std::string operator()(const JsonResult& r) const { return r.value.dump(2) + "\n"; }
    std::string operator()(const ValidationResult& r) const {
        std::string out = r.class_name + ": " + std::to_string(r.error_count) + " error(s)\n";
        if (r.errors.empty()) return out;
        std::vector<Row> rows;
        for (const auto& [key, errors] : r.errors) {
            std::string joined;
            for (const std::string& e : errors) joined += (joined.empty() ? "" : "\n") + e;
            rows.push_back({key, joined});
        }
        return out + "\n" + render_table({"Property", "Errors"}, rows);
    }
    std::string operator()(const ExplainResult& r) const {
        std::string out;
        if (!r.config.empty()) out += config_table(r.config) + "\n";
        out += "Requests (nothing was sent that changes the cluster):\n";
        for (const std::string& request : r.requests) out += "  " + request + "\n";
        return out;
    }
    std::string operator()(const TableResult& r) const {
        std::vector<Row> rows(r.rows.begin(), r.rows.end());
        return render_table(r.headers, rows);
    }
    std::string operator()(const TopicList& r) const {
        std::vector<Row> rows;
        for (const TopicRow& t : r.topics) rows.push_back({t.name, std::to_string(t.partitions), std::to_string(t.replicas)});
        return render_table({"Kafka Topic", "Partitions", "Partition Replicas"}, rows);
    }
    std::string operator()(const PrintedRecords& r) const {
        std::string out;
        for (const PrintedRecord& record : r.records) {
            out += "rowtime: " + timestamp(record.timestamp) + ", key: " + record.key + ", value: " + record.value +
                   ", partition: " + std::to_string(record.partition) + "\n";
        }
        return out + "Printed " + std::to_string(r.records.size()) + " record(s) of " + r.topic + "\n";
    }
};

nlohmann::ordered_json base(const char* type, const StatementResult& result) {
    nlohmann::ordered_json entity;
    entity["@type"] = type;
    entity["statementText"] = result.statement_text;
    return entity;
}

struct EntityRenderer {
    const StatementResult& result;

    std::optional<nlohmann::ordered_json> operator()(const NoOutput&) const { return std::nullopt; }
    std::optional<nlohmann::ordered_json> operator()(const MessageResult& r) const {
        auto e = base("connql_message", result);
        e["message"] = r.message;
        return e;
    }
    std::optional<nlohmann::ordered_json> operator()(const WarningResult& r) const {
        auto e = base("warning_entity", result);
        e["message"] = r.message;
        return e;
    }
    std::optional<nlohmann::ordered_json> operator()(const ConnectorCreated& r) const {
        auto e = base("connector_info", result);
        nlohmann::ordered_json tasks = nlohmann::ordered_json::array();
        for (int task : r.tasks) tasks.push_back({{"connector", r.name}, {"task", task}});
        e["info"] = {{"name", r.name}, {"config", r.config.to_json()}, {"tasks", tasks}, {"type", r.type}};
        return e;
    }
    std::optional<nlohmann::ordered_json> operator()(const ConnectorsDropped& r) const {
        auto e = base("drop_connector", result);
        e["connectorName"] = r.names.front();
        if (r.names.size() > 1) e["connectorNames"] = r.names;
        return e;
    }
    std::optional<nlohmann::ordered_json> operator()(const ConnectorList& r) const {
        auto e = base("connector_list", result);
        e["connectors"] = nlohmann::ordered_json::array();
        for (const ConnectorRow& c : r.connectors) {
            e["connectors"].push_back({{"name", c.name}, {"type", c.type}, {"className", c.class_name}, {"state", c.state}});
        }
        return e;
    }
    std::optional<nlohmann::ordered_json> operator()(const ConnectorDescription& d) const {
        auto e = base("connector_description", result);
        e["connectorClass"] = d.class_name;
        e["status"] = d.status;
        e["sources"] = nlohmann::ordered_json::array();
        e["topics"] = d.topics;
        if (d.config) e["config"] = d.config->to_json();
        return e;
    }
    std::optional<nlohmann::ordered_json> operator()(const PluginList& r) const {
        auto e = base("connector_plugins_list", result);
        e["connectorsPlugins"] = nlohmann::ordered_json::array();  // sic: ksqlDB's spelling
        for (const PluginRow& p : r.plugins) {
            e["connectorsPlugins"].push_back({{"className", p.class_name}, {"type", p.type}, {"version", p.version}});
        }
        return e;
    }
    std::optional<nlohmann::ordered_json> operator()(const PluginDescription& r) const {
        auto e = base("plugin_description", result);
        e["plugin"] = r.plugin;
        e["configs"] = r.definitions;
        return e;
    }
    std::optional<nlohmann::ordered_json> operator()(const StatementText& r) const {
        auto e = base("connector_statement", result);
        e["connectorName"] = r.name;
        e["statement"] = r.statement;
        return e;
    }
    std::optional<nlohmann::ordered_json> operator()(const JsonResult& r) const {
        auto e = base(r.title == "offsets" ? "connector_offsets" : "connector_topics", result);
        e[r.title] = r.value;
        return e;
    }
    std::optional<nlohmann::ordered_json> operator()(const ValidationResult& r) const {
        auto e = base("config_validation", result);
        e["className"] = r.class_name;
        e["errorCount"] = r.error_count;
        nlohmann::ordered_json errors = nlohmann::ordered_json::object();
        for (const auto& [key, messages] : r.errors) errors[key] = messages;
        e["errors"] = errors;
        return e;
    }
    std::optional<nlohmann::ordered_json> operator()(const ExplainResult& r) const {
        auto e = base("connector_explain", result);
        e["name"] = r.name;
        e["config"] = r.config.to_json();
        e["requests"] = r.requests;
        return e;
    }
    std::optional<nlohmann::ordered_json> operator()(const TableResult& r) const {
        auto e = base(r.entity.c_str(), result);
        nlohmann::ordered_json rows = nlohmann::ordered_json::array();
        for (const auto& row : r.rows) {
            nlohmann::ordered_json object;
            for (size_t i = 0; i < r.headers.size() && i < row.size(); ++i) object[r.headers[i]] = row[i];
            rows.push_back(object);
        }
        e[r.entity] = rows;
        return e;
    }
    std::optional<nlohmann::ordered_json> operator()(const TopicList& r) const {
        auto e = base("kafka_topics", result);
        e["topics"] = nlohmann::ordered_json::array();
        for (const TopicRow& t : r.topics) {
            e["topics"].push_back({{"name", t.name}, {"replicaInfo", std::vector<int>(static_cast<size_t>(t.partitions), t.replicas)}});
        }
        return e;
    }
    std::optional<nlohmann::ordered_json> operator()(const PrintedRecords& r) const {
        auto e = base("printed_records", result);
        e["topic"] = r.topic;
        e["records"] = nlohmann::ordered_json::array();
        for (const PrintedRecord& record : r.records) {
            e["records"].push_back({{"partition", record.partition}, {"offset", record.offset},
                                    {"timestamp", record.timestamp}, {"key", record.key}, {"value", record.value}});
        }
        return e;
    }
};

}  // namespace

std::string render_text(const StatementResult& result) {
    std::string out = std::visit(TextRenderer{}, result.value);
    for (const std::string& warning : result.warnings) out += "WARNING: " + warning + "\n";
    return out;
}

std::optional<nlohmann::ordered_json> render_entity(const StatementResult& result) {
    auto entity = std::visit(EntityRenderer{result}, result.value);
    if (entity) (*entity)["warnings"] = [&] {
        nlohmann::ordered_json warnings = nlohmann::ordered_json::array();
        for (const std::string& w : result.warnings) warnings.push_back({{"message", w}});
        return warnings;
    }();
    return entity;
}

nlohmann::ordered_json error_entity(int error_code, const std::string& message, const std::string& statement_text) {
    nlohmann::ordered_json e;
    e["@type"] = "statement_error";
    e["error_code"] = error_code;
    e["message"] = message;
    e["statementText"] = statement_text;
    e["entities"] = nlohmann::ordered_json::array();
    return e;
}

}  // namespace connql
