#include "engine/connect_reading.h"

#include <algorithm>

#include "common/suggest.h"

namespace connql {

std::string json_string(const nlohmann::json& object, const char* key) {
    if (!object.is_object()) return "";
    auto it = object.find(key);
    return it != object.end() && it->is_string() ? it->get<std::string>() : "";
}

namespace {

// A field of an object, by reference (json::value() returns a copy); null when absent.
const nlohmann::json& json_member(const nlohmann::json& object, const char* key) {
    static const nlohmann::json absent;
    if (!object.is_object()) return absent;
    auto it = object.find(key);
    return it != object.end() ? *it : absent;
}

}  // namespace

std::string kind_name(ast::ConnectorKind kind) { return kind == ast::ConnectorKind::Sink ? "sink" : "source"; }

StatusSummary summarize(const nlohmann::json& status) {
    StatusSummary out;
    out.connector_state = json_string(json_member(status, "connector"), "state");
    const nlohmann::json& tasks = json_member(status, "tasks");
    if (!tasks.is_array()) return out;
    for (const auto& task : tasks) {
        const std::string state = json_string(task, "state");
        ++out.tasks_total;
        out.tasks_running += state == "RUNNING";
        out.tasks_failed += state == "FAILED";
    }
    return out;
}

std::string StatusSummary::text() const {
    if (connector_state != "RUNNING") return connector_state;
    std::string counts = "/" + std::to_string(tasks_total) + " tasks RUNNING)";
    if (tasks_total > 0 && tasks_running == 0) return "WARNING (0" + counts;
    return "RUNNING (" + std::to_string(tasks_running) + counts;
}

std::vector<PluginRow> plugin_rows(const nlohmann::json& plugins) {
    std::vector<PluginRow> rows;
    if (!plugins.is_array()) return rows;
    for (const auto& plugin : plugins) {
        rows.push_back({json_string(plugin, "class"), json_string(plugin, "type"), json_string(plugin, "version")});
    }
    return rows;
}

namespace {

std::string simple_name(const std::string& class_name) { return class_name.substr(class_name.rfind('.') + 1); }

std::string without_connector_suffix(const std::string& name) {
    constexpr std::string_view suffix = "Connector";
    bool has = name.size() > suffix.size() && name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0;
    return has ? name.substr(0, name.size() - suffix.size()) : name;
}

}  // namespace

std::optional<std::string> closest_plugin_class(const std::vector<PluginRow>& plugins, const std::string& wanted) {
    std::vector<std::string> candidates;  // two per plugin, in plugin order
    for (const PluginRow& plugin : plugins) {
        candidates.push_back(simple_name(plugin.class_name));
        candidates.push_back(without_connector_suffix(simple_name(plugin.class_name)));
    }
    std::optional<std::string> guess = closest(without_connector_suffix(simple_name(wanted)), candidates);
    if (!guess) return std::nullopt;
    size_t at = static_cast<size_t>(std::find(candidates.begin(), candidates.end(), *guess) - candidates.begin());
    return plugins[at / 2].class_name;
}

bool like(const std::string& text, const std::string& pattern) {
    // Iterative matcher with backtracking to the last %.
    size_t t = 0, p = 0, star = std::string::npos, mark = 0;
    while (t < text.size()) {
        if (p < pattern.size() && (pattern[p] == '_' || pattern[p] == text[t])) {
            ++t;
            ++p;
        } else if (p < pattern.size() && pattern[p] == '%') {
            star = p++;
            mark = t;
        } else if (star != std::string::npos) {
            p = star + 1;
            t = ++mark;
        } else {
            return false;
        }
    }
    while (p < pattern.size() && pattern[p] == '%') ++p;
    return p == pattern.size();
}

}  // namespace connql
