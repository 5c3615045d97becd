#include "render/entities.h"

#include <charconv>
#include <mutex>
#include <string_view>

#include "render/json_text.h"

namespace connql {

namespace {

nlohmann::ordered_json base(const char* type, const StatementResult& result) {
    nlohmann::ordered_json entity;
    entity["@type"] = type;
    entity["statementText"] = result.statement_text;
    return entity;
}

// ksqlDB's four fields, then connql's structured state (the web console's table).
std::string connector_rows_text(const std::vector<ConnectorRow>& rows) {
    std::string out = "[";
    out.reserve(rows.size() * 200);
    auto field = [&out](std::string_view name, const std::string& value) {
        out += name;
        append_json_string(out, value);
    };
    auto number = [&out](std::string_view name, int value) {
        out += name;
        char digits[16];
        out.append(digits, std::to_chars(digits, digits + sizeof digits, value).ptr);
    };
    for (const ConnectorRow& c : rows) {
        if (out.size() > 1) out += ',';
        field("{\"name\":", c.name);
        field(",\"type\":", c.type);
        field(",\"className\":", c.class_name);
        field(",\"state\":", c.state);
        field(",\"connectorState\":", c.connector_state);
        number(",\"tasksRunning\":", c.tasks_running);
        number(",\"tasksTotal\":", c.tasks_total);
        number(",\"tasksFailed\":", c.tasks_failed);
        out += '}';
    }
    out += ']';
    return out;
}

// The text of the last rows written, by the identity of the rows: SHOW CONNECTORS polled
// on an unchanged cluster gets the very rows of the last answer (shared, never changed:
// engine/connector_list_reader.h), and they are written once, not once a request.
std::shared_ptr<const std::string> rows_text(const std::shared_ptr<const std::vector<ConnectorRow>>& rows) {
    static std::mutex mutex;
    static std::weak_ptr<const std::vector<ConnectorRow>> last_rows;  // weak: no address reused while held
    static std::shared_ptr<const std::string> last_text;
    {
        std::lock_guard<std::mutex> lock(mutex);
        if (last_rows.lock() == rows) return last_text;
    }
    auto text = std::make_shared<const std::string>(connector_rows_text(*rows));
    std::lock_guard<std::mutex> lock(mutex);
    last_rows = rows;
    last_text = text;
    return text;
}

struct EntityRenderer {
    const StatementResult& result;
    // A member written as text (connector_rows_text), set by the result that has one.
    std::string& text_member;
    std::shared_ptr<const std::string>& member_text;

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
        std::vector<std::string> names = r.dropped_names();
        e["connectorName"] = names.empty() ? "" : names.front();  // ksqlDB's field: one name
        if (r.outcomes.size() > 1) {
            e["connectorNames"] = names;
            nlohmann::ordered_json outcomes = nlohmann::ordered_json::array();
            for (const DropOutcome& outcome : r.outcomes) {
                const char* status = outcome.status == DropOutcome::Status::Dropped   ? "dropped"
                                     : outcome.status == DropOutcome::Status::Missing ? "missing"
                                                                                      : "failed";
                nlohmann::ordered_json item = {{"name", outcome.name}, {"status", status}};
                if (!outcome.message.empty()) item["message"] = outcome.message;
                outcomes.push_back(item);
            }
            e["results"] = outcomes;
        }
        return e;
    }
    std::optional<nlohmann::ordered_json> operator()(const ConnectorList& r) const {
        auto e = base("connector_list", result);
        e["connectors"] = nullptr;
        text_member = "connectors";
        member_text = rows_text(r.connectors);
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
        e[r.entity] = r.items;
        return e;
    }
    std::optional<nlohmann::ordered_json> operator()(const ConnectorErrors& r) const {
        auto e = base("connector_errors", result);
        e["connector"] = r.connector;
        e["topic"] = r.topic;
        e["fromBeginning"] = r.from_beginning;
        if (r.limit > 0) e["limit"] = r.limit;
        e["records"] = nlohmann::ordered_json::array();
        for (const DeadLetterRecord& d : r.records) {
            nlohmann::ordered_json record = {{"partition", d.partition}, {"offset", d.offset},
                                             {"timestamp", d.timestamp}, {"hasContext", d.has_context}};
            if (d.has_context) {  // the __connect.errors.* headers, absent without WITH CONTEXT HEADERS
                record["context"] = {{"topic", d.original_topic},
                                     {"partition", d.original_partition},
                                     {"offset", d.original_offset},
                                     {"taskId", d.task_id},
                                     {"stage", d.stage},
                                     {"className", d.class_name},
                                     {"exceptionClassName", d.exception_class},
                                     {"exceptionMessage", d.exception_message},
                                     {"stacktrace", d.stacktrace}};
            }
            record["key"] = d.key;
            record["value"] = d.value;
            nlohmann::ordered_json headers = nlohmann::ordered_json::array();
            for (const auto& [name, value] : d.headers) headers.push_back({{"name", name}, {"value", value}});
            record["headers"] = headers;
            e["records"].push_back(record);
        }
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

std::string EntityParts::text() const {
    if (text_member.empty()) return fields.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
    return dump_with_member_text(fields, text_member, *member_text);
}

nlohmann::ordered_json EntityParts::tree() && {
    if (!text_member.empty()) fields[text_member] = nlohmann::ordered_json::parse(*member_text);
    return std::move(fields);
}

std::optional<EntityParts> render_entity_parts(const StatementResult& result) {
    EntityParts parts;
    auto entity = std::visit(EntityRenderer{result, parts.text_member, parts.member_text}, result.value);
    if (!entity) return std::nullopt;
    nlohmann::ordered_json warnings = nlohmann::ordered_json::array();
    for (const std::string& w : result.warnings) warnings.push_back({{"message", w}});
    (*entity)["warnings"] = warnings;
    parts.fields = std::move(*entity);
    return parts;
}

std::optional<nlohmann::ordered_json> render_entity(const StatementResult& result) {
    std::optional<EntityParts> parts = render_entity_parts(result);
    if (!parts) return std::nullopt;
    return std::move(*parts).tree();
}

}  // namespace connql
