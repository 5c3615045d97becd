#include "render/text.h"

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
    const std::string text = format_utc(ms, "%Y/%m/%d %H:%M:%S");
    char millis[8];
    std::snprintf(millis, sizeof millis, ".%03lld", ms % 1000);
    return text + millis + " Z";
}

// A cell's worth of free text: on one line, at most `max` characters (cut at a
// character boundary, the text is valid UTF-8), "..." where it was cut.
std::string preview(const std::string& text, size_t max) {
    std::string line;
    for (char c : text) line += (c == '\n' || c == '\r' || c == '\t') ? ' ' : c;
    size_t characters = 0, cut = 0;
    for (size_t i = 0; i < line.size(); ++i) {
        if ((static_cast<unsigned char>(line[i]) & 0xC0) == 0x80) continue;  // inside a character
        if (characters++ == max) {
            cut = i;
            break;
        }
    }
    return cut == 0 ? line : line.substr(0, cut) + "...";
}

// org.apache.kafka.connect.json.JsonConverter -> JsonConverter: the table stays
// narrow; the JSON entity has the full name.
std::string simple_class(const std::string& name) {
    size_t dot = name.rfind('.');
    return dot == std::string::npos ? name : name.substr(dot + 1);
}

std::string connector_errors(const ConnectorErrors& r) {
    std::string scope = r.from_beginning ? (r.limit > 0 ? "the first " + std::to_string(r.limit) : "from the beginning")
                                         : "the last " + std::to_string(r.limit);
    std::string summary = std::to_string(r.records.size()) + " record(s) of dead letter topic '" + r.topic +
                          "' of connector " + r.connector + " (" + scope + ")\n";
    if (r.records.empty()) return summary;
    std::vector<Row> rows;
    size_t without_context = 0;
    for (const DeadLetterRecord& e : r.records) {
        if (!e.has_context) ++without_context;
        std::string source = e.original_topic.empty() ? ""
                                                       : e.original_topic + "/" + e.original_partition + "@" + e.original_offset;
        rows.push_back({timestamp(e.timestamp), source, e.stage, simple_class(e.class_name),
                        simple_class(e.exception_class), preview(e.exception_message, 60), preview(e.key, 20),
                        preview(e.value, 30)});
    }
    std::string out = render_table({"Time", "Topic/Partition@Offset", "Stage", "Class", "Exception", "Message", "Key", "Value"},
                                   rows) +
                      summary;
    if (without_context > 0) {
        out += std::to_string(without_context) +
               " record(s) have no __connect.errors.* headers: with WITH CONTEXT HEADERS "
               "('errors.deadletterqueue.context.headers.enable' = 'true') Connect adds where and why each failed\n";
    }
    return out;
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
        for (const DropOutcome& outcome : r.outcomes) {
            switch (outcome.status) {
                case DropOutcome::Status::Dropped: messages.push_back("Dropped connector \"" + outcome.name + "\""); break;
                case DropOutcome::Status::Missing: messages.push_back("Connector \"" + outcome.name + "\" does not exist"); break;
                case DropOutcome::Status::Failed:
                    messages.push_back("Could not drop connector \"" + outcome.name + "\": " + outcome.message);
                    break;
            }
        }
        return message_table(messages);
    }
    std::string operator()(const ConnectorList& r) const {
        std::vector<Row> rows;
        for (const ConnectorRow& c : *r.connectors) rows.push_back({c.name, type_column(c.type), c.class_name, c.state});
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
    std::string operator()(const ConnectorErrors& r) const { return connector_errors(r); }
    std::string operator()(const TopicList& r) const {
        std::vector<Row> rows;
        for (const TopicRow& t : r.topics) rows.push_back({t.name, std::to_string(t.partitions), std::to_string(t.replicas)});
        return render_table({"Kafka Topic", "Partitions", "Partition Replicas"}, rows);
    }
    std::string operator()(const PrintedRecords& r) const {
        std::string out;
        for (const PrintedRecord& record : r.records) out += printed_record_line(record);
        return out + "Printed " + std::to_string(r.records.size()) + " record(s) of " + r.topic + "\n";
    }
};

}  // namespace

std::string printed_record_line(const PrintedRecord& record) {
    return "rowtime: " + timestamp(record.timestamp) + ", key: " + record.key + ", value: " + record.value +
           ", partition: " + std::to_string(record.partition) + "\n";
}

std::string render_text(const StatementResult& result) {
    std::string out = std::visit(TextRenderer{}, result.value);
    for (const std::string& warning : result.warnings) out += "WARNING: " + warning + "\n";
    return out;
}

}  // namespace connql
